"""The real postmortems with their clocks, days and timelines written another way.

Usage (from the project root):

    .venv/bin/python bench/postmortems_rewordings.py                  # every rewording, all dev
    .venv/bin/python bench/postmortems_rewordings.py --only clock12 --limit 300 --keep /tmp/rw

The development part of the real corpus (``taps/tap-postmortems/tests/corpus/dev``) is what
the parser was tuned on; its sealed parts score far lower, mostly because a new organisation
writes the same facts another way. This script measures that brittleness without new
documents: it rewrites each development document in a way that keeps every fact — the same
moments, the same days, the same rows — and scores the rewritten form against the same
expected values, written by people. A field right in the original and wrong in a rewording is
the parser depending on how the document happened to be written.

Rewordings (each scored on its own):

- ``clock12``: 24-hour clocks as 12-hour ones ("14:05" → "2:05 pm", "00:10" → "12:10 am");
  only two-digit hours ("9:30" may already be a 12-hour clock), and not inside ISO stamps
  ("T14:05"), before a zone letter ("14:05Z"), or on lines about lengths ("Time to recover:
  01:30") or lines that already write "am"/"pm".
- ``longdate``: ISO days in the text as words ("2023-06-06" → "June 6, 2023"); days inside
  URLs, paths, file names and ISO stamps with a clock joined by "T" stay.
- ``daymonth``: the same, day first ("6 June 2023"), as British and European writers do.
- ``shortdate``: the month shortened, as status pages write it ("Jun 6, 2023").
- ``weekday``: the weekday and an ordinal, as British writers do ("Tuesday 6th June 2023"; a
  weekday the text already writes before the day is not said twice).
- ``clock12ap``: ``clock12`` with the half of the day as US style guides and government notices
  write it ("2:05 p.m.").
- ``gmt``: "UTC" as a word written "GMT", the same zone ("14:05 GMT", "Times in GMT").
- ``tablelist``: a Markdown timeline table (first header cell a time, date or "when") as a
  bullet list, one row per item ("- 14:05 — text"); a zone the header names ("| Time (PT) |")
  is said in a line before the list ("Times are PT."); two-column tables of values ("| Date |
  February 27th, 2019 |") stay.

Only the text is rewritten: YAML front matter, an MDX page's quoted metadata, HTML tags and
their attributes, and Markdown link targets stay as published. Titles are not scored for the
day rewordings (a title names the day as written, and the corpus compares titles without their
ISO days). The script prints, per rewording, the share of each headline field right in both
forms and every field the rewording lost; it asserts nothing (``docs/architecture.md``,
Testing strategy). JSON goes to output/bench/postmortems-rewordings-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taps" / "tap-postmortems" / "tests"))

from _harness import write_result
from corpus_score import Score, documents, score_document
from tap_postmortems.sources import sniff

if TYPE_CHECKING:
    from collections.abc import Callable

#: The fields whose loss the report lists (the issue's headline and the rows under them).
FIELDS = (
    "incident_date",
    "minutes_to_detect",
    "minutes_to_recover",
    "time_of_first_trigger",
    "time_of_internal_detect",
    "time_of_recovery",
    "timeline row times",
    "timeline rows (count)",
)
_MONTHS = [date(2001, month, 1).strftime("%B") for month in range(1, 13)]

_FRONT = re.compile(r"\A(---\n.*?\n---\n)", re.DOTALL)
#: A Markdown link's target or a bare URL: kept as published.
#: An MDX page's quoted metadata ("  date: '2024-11-19',") is kept too, as front matter is.
_KEEP = re.compile(
    r"\]\([^)]*\)|<[^>]+>|https?://\S+|`[^`\n]*/[^`\n]*`|^[ \t]+\w+:\s*['\"].*$", re.MULTILINE
)
_CLOCK = re.compile(
    r"(?<![\d:.T/])([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?"
    r"(?!\d|:\d|\s*(?:[ap]\.?m?\b|[AP]\.?M?\b|h\b|Z\b|ish\b))"
)
_LENGTH_LINE = re.compile(
    r"time to|duration|downtime|lasted|length|elapsed|total|took|spent|\bTT[A-Z]\b", re.IGNORECASE
)
#: A line that already writes a half of the day: its bare clocks may be 12-hour ones.
_HALF = re.compile(r"\d\s*[ap]\.?m\b", re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*$", re.IGNORECASE)
_ISO_DAY = re.compile(r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?![\w/-]|T\d)")


def _outside(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the text between the parts kept as published."""
    out, last = [], 0
    for kept in _KEEP.finditer(text):
        out.append(change(text[last : kept.start()]))
        out.append(kept.group())
        last = kept.end()
    out.append(change(text[last:]))
    return "".join(out)


def _per_line(change: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: "".join(change(line) for line in text.splitlines(keepends=True))


def _clock12(halves: tuple[str, str]) -> Callable[[str], str]:
    def line_of(line: str) -> str:
        if _LENGTH_LINE.search(line) or _HALF.search(line):
            return line

        def twelve(m: re.Match[str]) -> str:
            hour = int(m.group(1))
            half = halves[hour >= 12]
            glued = m.end() < len(line) and line[m.end()].isalnum()  # "20:13UTC"
            return f"{hour % 12 or 12}:{m.group(2)}{m.group(3) or ''} {half}" + " " * glued

        return _CLOCK.sub(twelve, line)

    return line_of


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


#: How each day rewording writes a day (US and British habits, as status pages and blogs do).
_DAY_FORMS: dict[str, Callable[[date], str]] = {
    "longdate": lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "daymonth": lambda d: f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
    "shortdate": lambda d: f"{_MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
    "weekday": lambda d: f"{d:%A} {_ordinal(d.day)} {_MONTHS[d.month - 1]} {d.year}",
}


def _day_words(form: Callable[[date], str]) -> Callable[[str], str]:
    def words(m: re.Match[str]) -> str:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group()
        written, weekday = form(day), f"{day:%A} "
        said = _WEEKDAY_BEFORE.search(m.string, max(0, m.start() - 12), m.start())
        # ("Monday 2020-02-10": the weekday is said once)
        return written.removeprefix(weekday) if said else written

    return lambda text: _ISO_DAY.sub(words, text)


#: "UTC" as a word ("14:05 UTC", "(UTC)", "Times in UTC"), not inside a name or "UTC+1".
_UTC_WORD = re.compile(r"(?<![\w+-])UTC(?![\w+-])")
_HEAD_ZONE = re.compile(r"\((UTC|GMT|[A-Z]{1,3}T|P[DS]?T|E[DS]?T|C[DS]?T|M[DS]?T)\)")
_TIME_HEAD = re.compile(r"^\|?\s*\**\s*(time|date|when|timestamp|utc|hour)", re.IGNORECASE)


def _table_as_list(text: str) -> str:
    """Markdown timeline tables as bullet lists, every other line as it is."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = lines[i]
        is_table = (
            head.lstrip().startswith("|")
            and i + 1 < len(lines)
            and re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", lines[i + 1]) is not None
            and "-" in lines[i + 1]
            and _TIME_HEAD.match(head.strip())
        )
        cells = [c.strip(" *") for c in head.strip().strip("|").split("|")]
        if not is_table or (len(cells) > 1 and re.search(r"\d", cells[1])):
            # (a two-column table of values, "| Date | February 27th, 2019 |", is no timeline)
            out.append(head)
            i += 1
            continue
        if zone := _HEAD_ZONE.search(head):
            # the zone the header names stays said: "| Time (PT) |" is "Times are PT."
            out.extend((f"Times are {zone.group(1)}.", ""))
        i += 2
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
            cells = [c for c in cells if c]
            if cells:
                out.append("- " + " — ".join(cells))
            i += 1
    return "\n".join(out)


def _in_text(change: Callable[[str], str]) -> Callable[[str, str], str]:
    """A rewording of a document's text only (front matter, tags and link targets kept)."""

    def apply(text: str, mime: str) -> str:
        if mime == "text/html":
            return re.sub(r">([^<]+)<", lambda m: ">" + change(m.group(1)) + "<", text)
        front = _FRONT.match(text)
        head = front.group(1) if front else ""
        return head + _outside(text[len(head) :], change)

    return apply


def _markdown_only(change: Callable[[str], str]) -> Callable[[str, str], str]:
    def apply(text: str, mime: str) -> str:
        if mime == "text/html":
            return text
        front = _FRONT.match(text)
        head = front.group(1) if front else ""
        return head + change(text[len(head) :])

    return apply


REWORDINGS: dict[str, Callable[[str, str], str]] = {
    "clock12": _in_text(_per_line(_clock12(("am", "pm")))),
    "clock12ap": _in_text(_per_line(_clock12(("a.m.", "p.m.")))),
    **{name: _in_text(_day_words(form)) for name, form in _DAY_FORMS.items()},
    "gmt": _in_text(lambda text: _UTC_WORD.sub("GMT", text)),
    "tablelist": _markdown_only(_table_as_list),
}
#: Rewordings that change how a title writes its day (titles are compared without ISO days).
_TITLE_FREE = set(_DAY_FORMS)


def _wrongs(score: Score) -> set[str]:
    return {key for _, key, _, _ in score.misses}


def _run(
    name: str, paths: list[Path], folder: Path
) -> tuple[Score, Score, Counter[str], Counter[str], list[tuple[str, str, object, object]], int]:
    reword = REWORDINGS[name]
    original, changed = Score(), Score()
    lost: Counter[str] = Counter()
    gained: Counter[str] = Counter()
    losses: list[tuple[str, str, object, object]] = []
    touched = 0
    for path in paths:
        data = path.read_bytes()
        text = data.decode("utf-8")
        new = reword(text, sniff(data[:8192]) or "")
        if new == text:
            continue
        touched += 1
        copy = folder / path.name
        copy.write_text(new, "utf-8")
        expected = path.name + ".expected.json"
        shutil.copy(path.with_name(expected), folder / expected)
        a, b = score_document(path), score_document(copy)
        original.merge(a)
        changed.merge(b)
        skip = {"title"} if name in _TITLE_FREE else set()
        wrong_a, wrong_b = _wrongs(a) - skip, _wrongs(b) - skip
        for key in wrong_b - wrong_a:
            lost[key] += 1
            losses.extend(m for m in b.misses if m[1] == key)
        for key in wrong_a - wrong_b:
            gained[key] += 1
    return original, changed, lost, gained, losses, touched


def _cell(score: Score, key: str) -> str:
    n, right = score.scored.get(key, 0), score.right.get(key, 0)
    return f"{100 * right / n:5.1f} % ({right}/{n})" if n else "—"


def main() -> None:
    """Score every development document in each rewording and print what was lost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(REWORDINGS), action="append")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--keep", type=Path, help="write the rewritten documents here")
    args = parser.parse_args()
    paths = documents("dev")
    if args.limit:
        paths = paths[: args.limit]
    result: dict[str, object] = {"documents": len(paths), "rewordings": {}}
    for name in args.only or list(REWORDINGS):
        folder = Path(tempfile.mkdtemp(prefix=f"reword-{name}-"))
        original, changed, lost, gained, losses, touched = _run(name, paths, folder)
        print(f"\n## {name}: {touched} of {len(paths)} development documents rewritten\n")
        print("| field | original | reworded | lost | gained |")
        print("|---|---|---|---|---|")
        for key in FIELDS:
            print(
                f"| {key} | {_cell(original, key)} | {_cell(changed, key)} "
                f"| {lost[key]} | {gained[key]} |"
            )
        print("\nlost in the rewording (right in the original):")
        for doc, key, want, got in losses:
            if key in FIELDS:
                print(f"  {doc}: {key}: expected {want!s} got {got!s}"[:300])
        result["rewordings"][name] = {  # type: ignore[index]
            "documents": touched,
            "fields": {
                key: {
                    "original": [original.right.get(key, 0), original.scored.get(key, 0)],
                    "reworded": [changed.right.get(key, 0), changed.scored.get(key, 0)],
                    "lost": lost[key],
                    "gained": gained[key],
                }
                for key in FIELDS
            },
            "losses": [[d, k, str(w), str(g)] for d, k, w, g in losses if k in FIELDS],
        }
        if args.keep:
            target = args.keep / name
            target.mkdir(parents=True, exist_ok=True)
            for item in folder.iterdir():
                shutil.copy(item, target / item.name)
        shutil.rmtree(folder)
    write_result("postmortems-rewordings", result)


if __name__ == "__main__":
    main()
