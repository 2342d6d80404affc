"""The parser's vocabulary (labels, headings, timeline wording, placeholders, zones), as data.

The words live in ``vocabulary.toml`` beside this module so that they can be read, reviewed
and extended without reading code; this module only loads and compiles them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything ``vocabulary.toml`` holds, ready to match."""

    labels: dict[str, list[str]]
    sections: dict[str, list[str]]
    #: Words that make a heading a section's when none of its names matches it exactly.
    heading_words: dict[str, re.Pattern[str]]
    #: Words of a sentence that introduces a list of follow-ups under another heading.
    action_lead_in: re.Pattern[str]
    events: dict[str, list[re.Pattern[str]]]
    placeholder_times: re.Pattern[str]
    placeholder_texts: frozenset[str]
    #: A note that declares a stand-in time ("times that were hard to determine are marked
    #: as 09:00"): the clock it names is no time in that document.
    stand_in: re.Pattern[str]
    zones: dict[str, str]
    cause_sentences: re.Pattern[str]
    cause_unknown: re.Pattern[str]
    #: Sentences that state a cause, the loose wordings too (the last-resort sentence).
    cause_loose: re.Pattern[str]
    #: Front-matter field names (lower case): ``markers`` and one list per moment.
    front_matter: dict[str, list[str]]
    #: ``byline``: a line that dates the post, not the incident; ``since``: a sentence that
    #: says the impact ran from its date; ``cause``: one that dates the change behind it.
    dates: dict[str, re.Pattern[str]]
    #: Words before a length that make it a forecast ("Expect a 5 minutes outage").
    forecast: re.Pattern[str]
    #: What a length can be "of" to be the impact's: "79 minutes of partial availability".
    impaired: list[str]
    #: Words that make the length after them a latent period ("潜伏期間", "latent period").
    latent: re.Pattern[str]
    #: A date field's words for a latent start ("潜伏開始は") and for the impact's
    #: ("実害発火は"): ``start`` and ``impact``.
    latent_start: re.Pattern[str]
    impact_began: re.Pattern[str]
    #: Month names of other languages (lower case) -> the English month's name.
    months: dict[str, str]
    #: Header cells of an action-item table, per column (text, owner, due, ticket, status).
    action_columns: dict[str, tuple[str, ...]]
    #: Whom a count of the affected counts (an alternation's source, English and Norwegian
    #: nouns; ``people_ja`` the Japanese counters), and label values that give no count.
    people: str
    people_ja: str
    no_count: re.Pattern[str]


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


def _tiers(entries: list[str] | list[list[str]]) -> list[re.Pattern[str]]:
    """One pattern per tier: a list of lists is tried tier by tier, a flat list is one tier."""
    if entries and isinstance(entries[0], list):
        return [_alternation(t) for t in entries if isinstance(t, list)]
    return [_alternation([e for e in entries if isinstance(e, str)])]


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary (loaded once)."""
    raw = tomllib.loads(
        resources.files("tap_postmortems").joinpath("vocabulary.toml").read_text("utf-8")
    )
    placeholders = raw["placeholders"]
    return Vocabulary(
        labels={k: list(v) for k, v in raw["labels"].items()},
        sections={k: list(v) for k, v in raw["sections"].items()},
        heading_words={k: _alternation(v) for k, v in raw["heading_words"].items()},
        action_lead_in=_alternation(raw["action_lead_in"]["words"]),
        events={k: _tiers(v) for k, v in raw["events"].items()},
        placeholder_times=re.compile(
            "|".join(re.escape(p) for p in sorted(placeholders["times"], key=len, reverse=True)),
            re.IGNORECASE,
        ),
        placeholder_texts=frozenset(t.lower() for t in placeholders["texts"]),
        stand_in=_alternation(placeholders["stand_in"]),
        zones={k.lower(): v for k, v in raw["zones"].items()},
        cause_sentences=_alternation(raw["causes"]["sentences"]),
        cause_unknown=_alternation(raw["causes"]["unknown"]),
        cause_loose=_alternation(raw["causes"]["sentences"] + raw["causes"]["loose"]),
        dates={k: _alternation(v) for k, v in raw["dates"].items()},
        forecast=re.compile(
            r"\b(?:" + "|".join(raw["durations"]["forecast"]) + r")\b(?:\s+\S+){0,3}\s*$",
            re.IGNORECASE,
        ),
        front_matter={k: [n.lower() for n in v] for k, v in raw["front_matter"].items()},
        impaired=list(raw["durations"]["impaired"]),
        latent=re.compile("|".join(raw["durations"]["latent"]), re.IGNORECASE),
        latent_start=re.compile("|".join(raw["latent"]["start"]), re.IGNORECASE),
        impact_began=re.compile("|".join(raw["latent"]["impact"]), re.IGNORECASE),
        months={name.lower(): english for english, v in raw["months"].items() for name in v},
        action_columns={k: tuple(v) for k, v in raw["action_columns"].items()},
        people="(?:" + "|".join(raw["counts"]["people"]) + ")",
        people_ja="(?:" + "|".join(raw["counts"]["people_ja"]) + ")",
        no_count=re.compile(
            r"^\W*(?:" + "|".join(re.escape(w) for w in raw["counts"]["no_count"]) + ")",
            re.IGNORECASE,
        ),
    )
