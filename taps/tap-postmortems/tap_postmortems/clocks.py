"""How days, times of day and zone notes are written: the shapes every part of the parser matches.

Kept apart because the reader, the day finders, the timeline and the moment pickers must
agree on what counts as a clock or a day; one definition each keeps them agreeing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta, tzinfo
from typing import TYPE_CHECKING

from tap_postmortems import values

if TYPE_CHECKING:
    from tap_postmortems.fields import ParseOptions


#: A template's placeholder braces left around what was written in them: "{{ 06:10 }}".
_TEMPLATE_BRACES = re.compile(r"^\s*\{\{\s*(?P<inner>.*?)\s*\}\}\s*$")
#: AM/PM written as one letter on the clock: "10:45a", "12:29p".
_SHORT_MERIDIEM = re.compile(r"(?<![\d:])(\d{1,2}:\d{2})([ap])(?![a-z.])", re.IGNORECASE)


def heading_moment(title: str) -> str:
    """A heading as the moment it writes: template braces dropped, "10:45a" as "10:45 am"."""
    if m := _TEMPLATE_BRACES.match(title):
        title = m.group("inner")
    return _SHORT_MERIDIEM.sub(lambda m: f"{m.group(1)} {m.group(2).lower()}m", title)


def is_zone_note(line: str) -> bool:
    """Whether a line states the zone of the times around it ("All times in UTC")."""
    stripped = line.strip()
    if len(stripped) < 100 and _NOTE_LEAD.sub(  # noqa: PLR2004
        "", stripped.lower().lstrip("(*_ ")
    ).startswith(_ZONE_NOTE_STARTS):
        return True
    # "2019-09-23 **(all times in UTC-5)**": a day line that states the zone as well.
    dated = DATED_NOTE.match(stripped)
    return dated is not None and is_zone_note(dated.group("note"))


#: A day line that also states the zone of the rows under it: "2019-09-23 (all times in
#: UTC-5)", "March 5, 2025 (times in PT)", "Timeline for September 17, 2018: (all times UTC)".
DATED_NOTE = re.compile(r"^(?P<day>[^()]{0,24}\d[^()]{0,20}?)[\s*_]*\((?P<note>[^()]+)\)[\s*_]*$")


#: A note's own label before what it says: "Note: all times listed are in Pacific Time".
_NOTE_LEAD = re.compile(r"^(?:please\s+)?(?:note|nb|n\.b\.)[*_]*\s*[:\-\u2013\u2014]\s*[*_]*\s*")
_ZONE_NOTE_STARTS = (
    "all times",
    "times are",
    "times in",
    "all timestamps",
    "timestamps are",
    "timestamps in",
    "time zone",
    "timezone",
    "times shown",
    "times given",
    "all dates and times",
    "all events",
    "all entries",
    # "全時刻は JST。" (all times are JST), Japanese reports' note under their timeline.
    "全時刻",
)
#: A clock in a value (a window's end with a time, not a day alone).
CLOCK_OF_VALUE = re.compile(r"\d{1,2}:\d{2}|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
NAME_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
FULL_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b",
    re.IGNORECASE,
)
#: A day's weekday written before it, if it is ("Tuesday 25th August 2020", "Monday,
#: 2020-02-10"), in any case whatever the pattern it is put in.
WEEKDAY_BEFORE = r"(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
#: A day alone on its line, its weekday before it: "Monday 2020-02-10", "Tuesday, 11 February
#: 2020" (a heading of the rows under it, written as a paragraph).
DAY_LINE = re.compile(WEEKDAY_BEFORE + r"(?:" + FULL_DATE.pattern + r")", re.IGNORECASE)


def ymd(m: re.Match[str] | None) -> date | None:
    """The day a match's year, month and day groups name, if it is one."""
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: A month's name written out or shortened ("March", "Mar", "Mar."), for patterns to share.
MONTH_NAME = r"(?:" + "|".join(MONTHS) + r")[a-z]*\.?"


#: A day written with its year and slashes, "28/11/2024" (the order from ``day_first``, or
#: from a day over 12).
SLASHED_FULL = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")
#: A day written with dots, day first as everywhere dots are used: "14.11.2023".
DOTTED_FULL = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.])")
DAY = timedelta(days=1)
#: A day written with slashes and a year of four or two digits: "06/04/2023", "4/21/23".
_SLASHED_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
#: How close together a document's days lie when read the way its writer meant them.
_CLOSE_DAYS = timedelta(days=31)


#: A day written in words, day before month, with its year or without: "12 February 2021",
#: "16th of September 2021", "Thursday 2 December".
_WORDED_DAY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\b(?:\.?,?\s+(\d{4})\b)?",
    re.IGNORECASE,
)


def _worded_days(lines: list[str]) -> set[tuple[int, int, int]]:
    """The days the lines write in words, as (year, month, day); year 0 when not written."""
    return {
        (int(m.group(3) or 0), MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))
        for line in lines
        for m in _WORDED_DAY.finditer(line)
    }


def written_day_first(lines: list[str]) -> str | None:
    """Why a document's slashed days are written day first ("06/04/2023" is 6 April), if so.

    A day over 12 in front ("16/12/2022") says so outright, unless another day says the
    opposite ("12/16/2022"). With every number 12 or under, the reading that keeps the days
    within a month of each other is the writer's: a timeline "06/04/2023", "07/04/2023",
    "10/04/2023", "11/04/2023" runs over Easter (6-11 April), not from June to November.
    """
    found = [
        (int(m.group(1)), int(m.group(2)), int(m.group(3)) % 100 + 2000)
        for line in lines
        for m in _SLASHED_DAY.finditer(line)
    ]
    if not found or any(second > 12 for _, second, _ in found):  # noqa: PLR2004
        return None
    if big := next((f for f in found if f[0] > 12), None):  # noqa: PLR2004
        return f"{big[0]:02d}/{big[1]:02d}/{big[2]} has its day first"
    # "Date of occurrence of breach: 12/02/21" beside "Date of breach report: 12 February
    # 2021", "02/12/2021" beside "at 12.31pm on Thursday 2 December": the day the document
    # also writes in words (with its year or without) is the slashed day read day first.
    named = {(month, day) for _, month, day in _worded_days(lines)}
    for first, second, year in found:
        if first != second and (second, first) in named and (first, second) not in named:
            return f"{first:02d}/{second:02d}/{year} is a day it writes in words, day first"

    def span(days: list[tuple[int, int, int]]) -> timedelta | None:
        try:
            read = [date(year, month, day) for month, day, year in days]
        except ValueError:
            return None
        return max(read) - min(read)

    month_first = span(found)
    day_first = span([(b, a, y) for a, b, y in found])
    if (
        day_first is not None
        and day_first <= _CLOSE_DAYS
        and (month_first is None or month_first > _CLOSE_DAYS)
    ):
        return f"its days ({len(found)}) lie within a month only when read day first"
    return None


#: A day's ordinal suffix ("March 27th", "1st of May"), which the date reader does not take.
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")


def month_number(name: str) -> int:
    """A month's number from its name, written out or shortened ("March", "Mar", "Sept")."""
    return MONTHS.index(name.lower()[:3]) + 1


def date_only(text: str, options: ParseOptions) -> date | None:
    """The day a text writes, if it writes a whole one (its clock and zone ignored)."""
    text = _ORDINAL.sub(r"\1", text.strip())
    if not re.search(r"\d", text) or not values.looks_absolute(text):
        return None
    when = values.parse_datetime(
        text, default_zone=UTC, default_date=None, day_first=options.day_first
    )
    if when is not None and when.year == _NO_YEAR and not _YEAR_2000.search(text):
        # "Implementation Date: 21 April": a day without its year is no whole day (the
        # parser's stand-in year would date it in 2000).
        return None
    return when.date() if when is not None else None


#: The year a date parsed without one is given (``values.parse_datetime``'s base).
_NO_YEAR = 2000
_YEAR_2000 = re.compile(r"2000|[/.-]00\b|'00\b")


def local_date(text: str, options: ParseOptions, zone: tzinfo) -> date | None:
    """The day of a date-time as ``zone``'s clocks show it."""
    when = values.parse_datetime(text, default_zone=zone, day_first=options.day_first)
    if when is None:
        return None
    return when.astimezone(zone).date()


MERIDIEM = re.compile(r"\b[ap]\.?m\b\.?", re.IGNORECASE)
HALF_DAY = timedelta(hours=12)


#: A clock time, also inside an ISO stamp ("2023-02-28T14:05:00Z").
HAS_CLOCK = re.compile(r"(?<![\d:])\d{1,2}[:h]\d{2}(?!\d)|\b\d{1,2}\s*[ap]\.?m\b\.?", re.IGNORECASE)
_CLOCK_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
#: A heading that is a moment: "2021-06-03 9:00", "June 3, 14:05 UTC", "09:14", written
#: approximately ("~13:30-13:45", "2018-07-08 ca. 18:30") and possibly naming the event
#: ("2022-06-02 10:00 - Problem starts", "21:00 Team alerted"). A zone is in capitals: "21:00
#: Done" is an event, not a zone named "Done".
TIME_HEADING = re.compile(
    r"^\s*(?P<ts>(?:[A-Za-z]{3,9},?\s+)?(?:\d{4}-\d{1,2}-\d{1,2}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"(?:\s+\d{4})?|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?[A-Za-z]{3,9},?(?:\s+\d{4})?)?[\sT,]*(?:at\s+)?"
    r"(?:~|ca\.|circa|approx\.?|approximately|around|about)?\s*"
    + _CLOCK_TIME
    + r"(?:\s*(?:-|\u2013|to)\s*"
    + _CLOCK_TIME
    # "16:05:57-58": a span within a minute, its end written as the seconds alone
    + r"|(?<=:\d{2}:\d{2})-\d{2}(?![\d:]))?"
    r"\s*(?-i:\(?[A-Z]{1,5}\b\)?)?)\s*(?:(?:(?:-|\u2013|\u2014|:|\|)\s+|(?<=\s))(?P<text>\S.*))?$",
    re.IGNORECASE,
)
#: A time alone on its line ("1:03", "5:10 AM", "14:05 UTC"): the event follows on the next.
BARE_TIME = re.compile(
    r"^\s*\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?-i:\(?[A-Z]{1,5}\b\)?)?\s*$",
    re.IGNORECASE,
)
#: A timeline row stamped "1047 first alerts fire" (a time without its colon), also with a
#: separator and approximately: "1727: Origami team contacted", "1727 : …", "~1442: …".
HHMM = re.compile(
    r"^\s*(?:(?:~|\u2248|approx\.?|ca\.)\s*)?(?P<ts>(?:[01]\d|2[0-3])[0-5]\d)"
    r"(?:\s+(?P<zone>UTC|GMT))?(?:\s+(?P<day>(?i:" + DAY_LINE.pattern + r")))?"
    r"(?:\s*:\s*|\s+[-\u2013\u2014]\s+|\s+)(?P<text>[A-Za-z].*)$"
)
HAS_DAY = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}[/.]\d{1,2}\b|"
    r"(?<![\d-])\d{1,2}-\d{1,2}-\d{4}\b|(?<![\d:-])\d{1,2}-\d{1,2}(?=\s+\d{1,2}:\d{2})|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
