"""Field-level accuracy of the parser on the real-postmortem corpus (``tests/corpus``).

Expected values were written by people reading each document (``corpus/README.md``); this
module only compares. It is shared by ``tests/test_corpus.py`` (the development part, as a
regression guard) and ``bench/postmortems.py`` (both parts, printed, the sealed one only
when asked).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tap_postmortems.document import read_document
from tap_postmortems.parser import TIME_FIELDS, Parsed, ParseOptions, parse_document
from tap_postmortems.sources import sniff

CORPUS = Path(__file__).parent / "corpus"
#: A time within this many seconds of the expected one is right (documents state minutes).
TOLERANCE_S = 60


@dataclass(slots=True)
class Score:
    """Right / scored counts per field, and what went wrong where."""

    right: dict[str, int] = field(default_factory=dict)
    scored: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def add(self, name: str, key: str, ok: bool, expected: Any = None, got: Any = None) -> None:
        """Count one comparison."""
        self.scored[key] = self.scored.get(key, 0) + 1
        self.right[key] = self.right.get(key, 0) + int(ok)
        if not ok:
            self.misses.append((name, key, expected, got))

    def rate(self, key: str) -> float | None:
        """Share right, or ``None`` when nothing was scored."""
        n = self.scored.get(key, 0)
        return self.right.get(key, 0) / n if n else None

    def merge(self, other: Score) -> None:
        """Add another score's counts to this one."""
        for key, n in other.scored.items():
            self.scored[key] = self.scored.get(key, 0) + n
            self.right[key] = self.right.get(key, 0) + other.right.get(key, 0)
        self.misses.extend(other.misses)


def documents(part: str) -> list[Path]:
    """The documents of ``dev`` or ``sealed``, each with an expected-values file."""
    folder = CORPUS / part
    if not folder.is_dir():  # between rounds the sealed part is empty (and git keeps no folder)
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if not p.name.endswith(".expected.json") and not p.name.startswith(".")
    )


def expected_of(path: Path) -> dict[str, Any]:
    """The expected values written for a document."""
    return json.loads(path.with_name(path.name + ".expected.json").read_text("utf-8"))


def parse_file(path: Path) -> Parsed:
    """The parser's reading of one corpus document (recognised by content, as the tap does)."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    doc = read_document(text, html=sniff(data[:8192]) == "text/html")
    # The name the document has where it was published (its URL's path), not the corpus file
    # name its collectors chose, which would flatter the parser with the incident's date. A
    # blog's path ("/2013/01/31/data-verification.html") states the day it was posted, as a
    # saved page or a Jekyll post's file name does: what a reader of the post knows too.
    return parse_document(doc, ParseOptions(), published_name(path))


def published_name(path: Path) -> str:
    """The document's name at its source: the path of its URL, decoded."""
    url = urlparse(expected_of(path)["source"]["url"])
    if url.path.endswith("/index.php") and (title := parse_qs(url.query).get("title")):
        # A wiki's revision link ("/w/index.php?title=Incidents/20140503-Thumbnails&oldid=…")
        # names its page in the query: the page's name is what a reader saving it sees.
        return title[0]
    return unquote(url.path.rstrip("/"))


def _ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _close(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and abs((a - b).total_seconds()) <= TOLERANCE_S


def _minutes(a: datetime | None, b: datetime | None) -> float | None:
    return (b - a).total_seconds() / 60 if a is not None and b is not None else None


def _words(text: str) -> str:
    text = re.sub(r"\d{4}-\d{2}-\d{2}", " ", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def parsed_minutes(parsed: Parsed, which: str, *, as_mart: bool = False) -> float | None:
    """Time to detect / recover as the parser's record states it (stated durations win).

    ``as_mart``: as the incidents mart measures it from the record, where a detection only
    assumed (the first row taken for want of one) measures nothing (``docs/metrics.md``).
    """
    f = parsed.fields
    stated = f.get(f"stated_minutes_to_{which}")
    if stated is not None:
        return float(stated)
    if which == "detect" and as_mart and f.get("time_of_internal_detect_assumed"):
        return None
    end = "time_of_internal_detect" if which == "detect" else "time_of_recovery"
    return _minutes(f.get("time_of_first_trigger"), f.get(end))


def score_document(path: Path) -> Score:  # noqa: C901, PLR0912, PLR0915 - one comparison per field
    """Compare the parser's reading of one document with what its reader wrote."""
    exp = expected_of(path)
    name = path.name
    score = Score()
    try:
        parsed = parse_file(path)
    except Exception as exc:  # noqa: BLE001 - an unreadable document is a score, not a crash
        score.add(name, "read", ok=False, expected="parsed", got=repr(exc))
        return score
    f = parsed.fields
    score.add(name, "read", ok=True)
    if exp.get("title"):
        ok = _words(exp["title"]) == _words(f.get("incident_name") or "")
        score.add(name, "title", ok, exp["title"], f.get("incident_name"))
    if exp.get("incident_date"):
        got = f.get("incident_date")
        ok = isinstance(got, date) and got.isoformat() == exp["incident_date"]
        score.add(name, "incident_date", ok, exp["incident_date"], got)
    for key in TIME_FIELDS:
        want = _ts(exp["times"].get(key))
        got = f.get(key)
        if want is not None:
            score.add(name, key, _close(want, got), want, got)
        elif got is not None:
            # Not stated, yet read: counted apart so that guessing is visible.
            score.add(name, f"{key} (not stated)", ok=False, expected=None, got=got)
    for which in ("detect", "recover"):
        want = exp.get(f"minutes_to_{which}")
        if want is not None:
            got_m = parsed_minutes(parsed, which)
            ok = got_m is not None and abs(got_m - float(want)) <= 1
            score.add(name, f"minutes_to_{which}", ok, want, got_m)
            if which == "detect":  # the mart's time to recover is the record's (stated first)
                got_m = parsed_minutes(parsed, which, as_mart=True)
                ok = got_m is not None and abs(got_m - float(want)) <= 1
                score.add(name, "minutes_to_detect (mart)", ok, want, got_m)
    for which, want in (exp.get("stated_minutes") or {}).items():
        got_s = f.get(f"stated_minutes_{which}")
        if want is not None:
            ok = got_s is not None and abs(float(got_s) - float(want)) <= 1
            score.add(name, f"stated_{which}", ok, want, got_s)
        elif got_s is not None:
            score.add(name, f"stated_{which} (not stated)", ok=False, expected=None, got=got_s)
    if exp.get("severity"):
        score.add(
            name,
            "severity",
            f.get("severity_level") == exp["severity"],
            exp["severity"],
            f.get("severity_level"),
        )
    want_n = exp.get("number_of_impacted_customers")
    got_n = f.get("number_of_impacted_customers")
    if want_n is not None:
        score.add(name, "impacted_customers", got_n == want_n, want_n, got_n)
    elif got_n is not None:
        # Not stated, yet read: counted apart, as for the times, so that guessing is visible.
        score.add(name, "impacted_customers (not stated)", ok=False, expected=None, got=got_n)
    for key, rows in (("root_causes", parsed.root_causes), ("action_items", parsed.action_items)):
        want_n = len(exp.get(key) or [])
        score.add(name, f"{key} (count)", len(rows) == want_n, want_n, len(rows))
    want_rows = exp.get("timeline") or []
    score.add(
        name,
        "timeline rows (count)",
        len(parsed.timeline) == len(want_rows),
        len(want_rows),
        len(parsed.timeline),
    )
    got_times = [e["occurred_at"] for e in parsed.timeline if e["occurred_at"] is not None]
    for row in want_rows:
        want = _ts(row.get("time"))
        if want is not None:
            ok = any(_close(want, g) for g in got_times)
            score.add(name, "timeline row times", ok, want, row.get("text", "")[:40])
    for placeholder in exp.get("placeholders") or []:
        bad = [
            e
            for e in parsed.timeline
            if e["occurred_at"] is not None
            and placeholder.lower() in (e["time_text"] or "").lower()
        ]
        score.add(
            name, "placeholders never a time", not bad, placeholder, [e["time_text"] for e in bad]
        )
    return score


def score_part(part: str) -> tuple[Score, dict[str, Score]]:
    """The score of a corpus part, overall and per style."""
    total = Score()
    by_style: dict[str, Score] = {}
    for path in documents(part):
        one = score_document(path)
        total.merge(one)
        by_style.setdefault(expected_of(path).get("style", "?"), Score()).merge(one)
    return total, by_style


def now() -> datetime:
    """When a score was taken (for the printed report)."""
    return datetime.now(UTC)
