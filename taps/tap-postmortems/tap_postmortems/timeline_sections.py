"""Where the timeline is when no heading names it: a section, or lines, that begin with times."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tap_postmortems import values
from tap_postmortems.clocks import DAY_LINE, HAS_DAY, HHMM, heading_moment
from tap_postmortems.fields import normalise
from tap_postmortems.reader import column_index
from tap_postmortems.timeline_rows import is_stamped, spoken_clock, typed_bullets
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from tap_postmortems.document import Block, Document, Section


#: A paragraph that introduces a list as the timeline: "This is the timeline of events …:".
_TIMELINE_LEAD_IN = re.compile(r"\b(?:timeline|chronology|sequence of events)\b", re.IGNORECASE)


def _without_update_word(line: str) -> str:
    """A live post's dated update ("UPDATE 7 May 19:27 UTC - …") without its first word."""
    word = vocabulary().dates["update"].match(line)
    if word is None:
        return line
    rest = line[word.end() :].lstrip(" :-\u2013\u2014")
    return rest if values.TIMESTAMP_PREFIX.match(rest) else line


def update_stamp(line: str, *, heading: bool = False) -> tuple[str, str] | None:
    """The stamp of a live post's update line that holds nothing else, and its stage's word.

    "UPDATE: 18:30 UTC, 3 December 2014" (a bold line or a heading of its own, its news in
    the paragraphs under it), "UPDATE: 03:01 UTC, 5 December 2014 [FINAL UPDATE]"; a status
    page's "Resolved 2025-01-04 4:00p" as a heading, whose word ("Resolved: ") leads the
    row's text (as a line it is a field: "- Resolved 2024-04-18 16:13" in a list of stats).
    """
    dates = vocabulary().dates
    update = dates["update"].match(line)
    word = update or (dates["status"].match(line) if heading else None)
    if word is None:
        return None
    rest = _UPDATE_REMARK.sub("", heading_moment(line[word.end() :])).strip(" :-\u2013\u2014")
    m = values.TIMESTAMP_PREFIX.match(f"{rest} - x")
    if m is None or m.group("ts").strip() != rest or not HAS_DAY.search(rest):
        return None
    return rest, "" if update else f"{word.group(0)}: "


#: A remark in brackets after an update's stamp: "[FINAL UPDATE]", "(resolved)".
_UPDATE_REMARK = re.compile(r"\s*[\[(][^\])]{0,30}[\])]\s*$")


def _introduced_timeline(lead_in: Block, block: Block) -> bool:
    """Whether a paragraph ending in a colon offers the list under it, of times, as the timeline.

    Such as "This is the timeline of events that occurred on Thursday February 11 2016," and
    then "- 10.42: …", under a heading of its own ("What happened").
    """
    return (
        block.kind == "list"
        and lead_in.kind == "para"
        and bool(_TIMELINE_LEAD_IN.search(lead_in.text))
        and lead_in.text.rstrip().endswith(":")
        and sum(is_stamped(t) for _, t in block.items) >= 2  # noqa: PLR2004
    )


#: A heading over a section's rows that only dates them ("### Thur 3 Nov 2016", "28 Feb 2017").
_DAY_HEADING_CHARS = 40


def _years_not_clocks(lines: list[str]) -> bool:
    """Whether lines stamped "2016: …" without a colon's clock are years, not times of day.

    Every one of them four digits a year could be (19xx, 20xx) and none a plainer clock
    ("1727", "0916"): a list of years ("2019: moved to Kubernetes"), not a timeline.
    """
    stamps = [h.group("ts") for ln in lines if (h := HHMM.match(ln)) is not None]
    return bool(stamps) and len(stamps) == len(lines) and all(t[:2] in ("19", "20") for t in stamps)


def section_of_rows(doc: Document) -> list[Section]:
    """A section under another name whose body, with its day sub-headings, is timed rows.

    "## How was it fixed" / "### Thur 3 Nov 2016" / "1727: Origami team contacted via Slack":
    a timeline by its shape — at least three lines, and most of them, open with a time, and
    every sub-heading only dates what follows it. Its day headings date the rows, as a
    timeline's do.
    """
    sections = doc.sections
    for i, head in enumerate(sections):
        if not head.title:
            continue
        group = [head]
        for section in sections[i + 1 :]:
            if not section.title or section.level <= head.level:
                break
            group.append(section)
        if any(
            len(s.title) > _DAY_HEADING_CHARS or not HAS_DAY.search(s.title) for s in group[1:]
        ) or any(b.kind == "table" for s in group for b in s.blocks):
            continue  # (a table of times is found as such, a header table is no rows)
        lines = [
            " ".join(text.split())
            for s in group
            for b in s.blocks
            for text in ([t for _, t in b.items] if b.kind == "list" else b.lines())
            if text.strip()
        ]
        timed = [ln for ln in lines if is_stamped(ln)]
        if len(timed) >= 3 and 2 * len(timed) > len(lines) and not _years_not_clocks(timed):  # noqa: PLR2004
            return group
    return []


def _every_item_stamped(kind: str, listed: list[tuple[int, str]]) -> bool:
    """Whether a list has two or more top-level items and each opens with a time.

    Its first item may lead in with the run-up told in words ("Starting from ~2024-06-10
    23:00, there's an increase on errors …" before "2024-06-11 14:58:09 First alert: …" and
    "15:01:50 First page: …").
    """
    top = [" ".join(t.split()) for level, t in listed if not level]
    stamped = [bool(values.TIMESTAMP_PREFIX.match(t) or HHMM.match(t)) for t in top]
    return kind == "list" and sum(stamped) > 1 and all(stamped[1:])


def _table_of_times(block: Block) -> Section | None:
    """A table that is a timeline whatever its heading: times and events, or stamped rows."""
    from tap_postmortems.document import Block as _Block  # noqa: PLC0415 - types above
    from tap_postmortems.document import Section as _Section  # noqa: PLC0415

    header = [normalise(c) for c in block.rows[0]] if block.rows else []
    if (
        len(block.rows) > 2  # noqa: PLR2004 - a header and two rows
        and column_index(header, ("time", "timestamp", "when", "date time")) is not None
        and column_index(header, ("event", "events", "description", "what happened")) is not None
    ):
        return _Section("Timeline", 1, [block])
    if stamped_rows := _rows_opening_on_a_stamp(block.rows):
        return _Section("Timeline", 1, [_Block(kind="list", items=stamped_rows)])
    return None


def _rows_opening_on_a_stamp(rows: list[list[str]]) -> list[tuple[int, str]]:
    """A headerless table's rows that are a day-and-time cell and what happened, as list items.

    An outage log's table ("2016-09-26 11:45:00 UTC" | "icinga reports several production
    services as recovered") has no "Time" / "Event" header row, often a caption row over it
    (the outage's name and cause): two or more rows, and most of them, whose first cell is
    only a stamp with its day, and whose next cell has words, make it a timeline. A stamp
    without a day ("12:04") is no such cell: a table of clocks alone may be a schedule.
    """
    stamped = []
    for row in rows:
        first = " ".join(row[0].split()) if row else ""
        m = values.TIMESTAMP_PREFIX.match(first)
        told = " ".join(" ".join(row[1:]).split())
        if m and not m.group("text") and HAS_DAY.search(m.group("ts")) and told:
            stamped.append((0, f"{first} {told}"))
    if len(stamped) < 2 or 2 * len(stamped) <= len(rows):  # noqa: PLR2004 - two rows
        return []
    return stamped


def stamped_lines_section(doc: Document) -> Section | None:  # noqa: C901, PLR0912 - tables, lead-ins, stamped rows, live updates
    """A timeline where none is headed as such.

    A table of times and events, or lines anywhere that begin with a date and time.
    """
    from tap_postmortems.document import Block as _Block  # noqa: PLC0415 - types above
    from tap_postmortems.document import Section as _Section  # noqa: PLC0415

    items: list[tuple[int, str]] = []
    dated = 0
    whole_lists = 0  # lists of two or more items that each open with a time
    for section in doc.sections:
        previous: Block | None = None
        # A live post's update under a heading of its own ("UPDATE: 21:30 UTC, 3 December
        # 2014"): a row, its news the first line under it.
        pending = update_stamp(section.title, heading=True) if section.title else None
        for block in section.blocks:
            lead_in, previous = previous, block
            if lead_in is not None and _introduced_timeline(lead_in, block):
                return _Section("Timeline", 1, [lead_in, block])
            if block.kind == "table":
                if (table := _table_of_times(block)) is not None:
                    return table
                continue
            stamped = False
            listed = (
                typed_bullets(block.items)
                if block.kind == "list"
                else [(0, ln) for ln in block.lines()]
            )
            before = ""
            whole_lists += _every_item_stamped(block.kind, listed)
            for level, raw in listed:
                line = spoken_clock(" ".join(raw.split()))
                if pending is not None and line:
                    items.append((0, f"{pending[0]} - {pending[1]}{line}"))
                    dated, pending, stamped = dated + 1, None, True
                    continue
                if (pending := update_stamp(line)) is not None:
                    continue  # a bold update line: its news follows
                led, before = before, line
                line = _without_update_word(line)
                if _PUBLICATION_STAMP.search(f"{led} {before[: len(before) - len(line)]}"):
                    # "… Last" / "update: 2015-07-15 13:00. All times are UTC.": a sentence
                    # wrapped before the page's own stamp, the day it was last edited.
                    stamped = False
                    continue
                m = values.TIMESTAMP_PREFIX.match(line)
                if m and m.group("text"):
                    items.append((0, line))
                    dated += bool(HAS_DAY.search(m.group("ts")))
                    stamped = True
                elif HHMM.match(line):
                    items.append((0, line))
                    stamped = True
                elif level > 0 and stamped:
                    items.append((level, line))  # more of the stamped row above
                else:
                    stamped = False
                    if DAY_LINE.fullmatch(line):
                        # "Monday 2020-02-10" over the rows of that day: their day.
                        items.append((0, line))
    while items and DAY_LINE.fullmatch(items[-1][1]):
        items.pop()  # a day with no rows under it dates nothing
    days = sum(1 for lv, t in items if not lv and DAY_LINE.fullmatch(t))
    # Two dated lines, three times of day, or a list whose every item opens with one ("- 15:10:
    # load starts to increase", "- 15:31: Icinga LVS alert") make a timeline; fewer are facts
    # in prose.
    # A status page's stamped update is a row even alone ("<Update date=…>Restarting the
    # service removed the lock</Update>" under the issue's opening notice).
    few = dated < 2 and len(items) - days < 3 and not whole_lists and not doc.updates  # noqa: PLR2004
    if few or _years_not_clocks([t for lv, t in items if not lv and not DAY_LINE.fullmatch(t)]):
        return None
    return _Section("Timeline", 1, [_Block(kind="list", items=items)])


#: Words before a stamp that date the page, not an event: "Last update: …", "last modified".
_PUBLICATION_STAMP = re.compile(
    r"\blast\s+(?:updated?|modified|edited|revised)\s*(?:on|at)?\s*:?\s*$", re.IGNORECASE
)
