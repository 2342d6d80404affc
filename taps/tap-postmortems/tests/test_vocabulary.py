"""The vocabulary's entries can match what they say.

Each list of entries is compiled into one alternation that must start and end at a word's edge
(``vocabulary._alternation``). An entry whose words end in a space ("identified (?!the
incident)") can then only match before a symbol: round 86 found one that had read
"identified <anything>" for weeks while it only ever matched "identified ~50K jobs".
"""

from __future__ import annotations

import tomllib
from importlib import resources

#: Sections whose entries are joined by ``_alternation`` (vocabulary.py).
_ALTERNATIONS = ("events", "heading_words", "action_lead_in", "causes", "dates")
#: Entries matched against the text just before an event, anchored at its end ("not yet$").
_ANCHORED = {"events.negation", "events.hedge"}
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


def _entries() -> list[tuple[str, str]]:
    raw = tomllib.loads(
        resources.files("tap_postmortems").joinpath("vocabulary.toml").read_text("utf-8")
    )
    out: list[tuple[str, str]] = []
    for section in _ALTERNATIONS:
        for key, value in raw[section].items():
            flat = [e for tier in value for e in (tier if isinstance(tier, list) else [tier])]
            out += [(f"{section}.{key}", e) for e in flat if isinstance(e, str)]
    out += [("placeholders.stand_in", e) for e in raw["placeholders"]["stand_in"]]
    return out


def _without_lookarounds(entry: str, *, at_end: bool) -> str:
    """The entry without the lookarounds at its end (or start): they consume nothing."""
    while True:
        if at_end and entry.endswith(")"):
            depth, i = 0, len(entry) - 1
            while i >= 0:
                depth += {")": 1, "(": -1}.get(entry[i], 0) if entry[i - 1 : i] != "\\" else 0
                if depth == 0:
                    break
                i -= 1
            if entry[i:].startswith(_LOOKAROUND):
                entry = entry[:i]
                continue
        if not at_end and entry.startswith(_LOOKAROUND):
            depth = 0
            for i, ch in enumerate(entry):
                depth += {"(": 1, ")": -1}.get(ch, 0) if entry[i - 1 : i] != "\\" else 0
                if depth == 0:
                    entry = entry[i + 1 :]
                    break
            continue
        return entry


_SPACE_END = (" ", "\\s", "\\s*", "\\s+", "\\s?", " ?", " *", " +")


def test_no_entry_ends_or_starts_in_a_space():
    bad = [
        f"{where}: {entry!r}"
        for where, entry in _entries()
        if where not in _ANCHORED
        and (
            _without_lookarounds(entry, at_end=True).endswith(_SPACE_END)
            or _without_lookarounds(entry, at_end=False).startswith((" ", "\\s"))
        )
    ]
    assert len(_entries()) > 500  # the sections are read, not skipped
    assert not bad, "entries that must start and end on a word:\n" + "\n".join(bad)
