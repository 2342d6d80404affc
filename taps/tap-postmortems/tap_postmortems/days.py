"""The incident's day: where a document states it when no timeline row does.

A "Date:" label (a span's first day, a window's), a file name or permalink, the lead's
sentences ("On June 2, 2022, …", a weekday counted back from the publication), and the
publication itself as the last resort. Each finder returns a day or ``None``;
``parser.parse_document`` decides which one wins.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from tap_postmortems import values
from tap_postmortems.clocks import (
    CLOCK_OF_VALUE,
    DOTTED_FULL,
    FULL_DATE,
    HAS_CLOCK,
    MONTH_NAME,
    MONTHS,
    NAME_DATE,
    SLASHED_FULL,
    date_only,
    local_date,
    month_number,
    ymd,
)
from tap_postmortems.reader import DATELINE, INCIDENT_WORDS, body_lines, impact_lines
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from tap_postmortems.document import Document
    from tap_postmortems.fields import ParseOptions
    from tap_postmortems.reader import Reader


#: The header fields that say when impact began: the window's first day, the start's.
START_FIELDS = ("impact_window", "time_of_first_trigger")


def moment_label_day(
    reader: Reader,
    keys: tuple[str, ...] = (
        *START_FIELDS,
        "time_of_internal_detect",
        "time_of_customer_detect",
        "time_of_recovery",
    ),
) -> date | None:
    """The day a header field of a moment is written on, when nothing else dates the story.

    "影響期間 | 2026-03-23 19:25 JST 〜 21:27 JST", "復旧日時 | 2026-07-16 03:03 JST" over
    timeline rows that give only "02:33": the rows are on the day the fields write (as
    written, in the document's own clock, not converted to UTC).
    """
    for key in keys:
        text = reader.label(key)
        if not text or not values.looks_absolute(text):
            continue
        if found := NAME_DATE.search(text):
            return ymd(found)
        # "Date/Time of Initial Impact: February 12, 2010": a day in words
        if (day := date_only(text, reader.options)) is not None:
            return day
    return None


def stated_date(reader: Reader, options: ParseOptions, zone: tzinfo) -> date | None:
    """The incident's day from a "Date:" label, if the document has one."""
    date_text = reader.label("incident_date")
    if not date_text:
        return None
    date_text = unbracketed_clocks(date_text)
    if zoned := _days_in_two_zones(date_text):
        # "1 Mar 2026 (PST) / 2 Mar 2026 (UTC)": the first, local day is the one the bare
        # clocks are read on; the UTC one dates the incident (``utc_label_day``).
        date_text = _ZONE_REMARK.sub("", zoned[0]).strip()
    if values.is_placeholder(date_text):
        reader.warnings.append(f"incident_date: {date_text!r} is template text, not a date")
        return None
    span_day = _month_span_start(date_text, options)
    when = (
        None
        if span_day is not None
        else values.first_of_failures(date_text, zone, None, day_first=options.day_first)
        or values.parse_datetime(
            date_text, default_zone=zone, day_first=options.day_first, default_date=None
        )
    )
    if when is None and (d := span_day or date_only(date_text, options)) is not None:
        return d
    if when is None and (first := _DAY_SPAN.match(date_text)) is not None:
        # "Incident date(s): 2019-07-25 - 2019-10-10": impact began on the span's first day.
        return date_only(first.group(1), options)
    if when is None and CLOCKED_SPAN.match(date_text):
        # "Date: May 28 2025, 11:30 AM UTC - May 29 2025, 17:30 UTC": the start's day.
        first_end = re.split(r"\s+(?:to|until|till)\s+|\s+[-\u2013\u2014]\s+", date_text)[0]
        when = values.parse_datetime(first_end, default_zone=zone, day_first=options.day_first)
        date_text = first_end
    if when is not None:
        # Corpus rule 2: a field stating the clock dates the incident on the UTC day of that
        # moment ("発生日時 2026-08-01 06:20 JST" began on 31 July, 21:20 UTC); a day alone is
        # the day it writes, though its remark name a clock ("2026-04-19 前後(… 最大遡及は
        # 2026-04-19 09:37 JST …)", the earliest the start could have been).
        day = (
            when.astimezone(UTC).date()
            if not values.states_no_clock(date_text)
            else local_date(date_text, options, zone)
        )
        return day or when.date()
    reader.warnings.append(f"incident_date: could not read {date_text!r} as a date")
    if (latent := latent_field_day(date_text, options, zone)) is not None:
        reader.warnings.append(
            f"incident_date: {latent.isoformat()}, the day the field gives after the latent "
            "start it names first"
        )
    return latent


#: A zone named in brackets after a day: "1 Mar 2026 (PST)".
_ZONE_REMARK = re.compile(r"\s*\((?-i:[A-Z]{2,5})\)")


def utc_label_day(reader: Reader) -> date | None:
    """The UTC one of a "Date:" written in two zones ("16 Feb 2026 (PST) / 17 Feb 2026 (UTC)").

    The local one stays the day bare clocks are read on (a timeline in PST); the incident's
    day is the UTC one (corpus rule 2).
    """
    parts = _days_in_two_zones(reader.label("incident_date") or "")
    utc = [p for p in parts if re.search(r"\((?:UTC|GMT)\)", p)]
    return date_only(_ZONE_REMARK.sub("", utc[0]), reader.options) if len(utc) == 1 else None


def _days_in_two_zones(text: str) -> list[str]:
    """The two parts of a date written in two zones, each naming its zone; else none.

    "1 Mar 2026 (PST) / 2 Mar 2026 (UTC)" -> ["1 Mar 2026 (PST)", "2 Mar 2026 (UTC)"].
    """
    parts = re.split(r"\s+/\s+", text)
    return parts if len(parts) == 2 and all(_ZONE_REMARK.search(p) for p in parts) else []  # noqa: PLR2004


#: A day written in full with, perhaps, its clock: "2026-07-24 10:52".
_DAY_AND_CLOCK = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?:[ T]+(\d{1,2}:\d{2}))?(?!\d)")


def latent_field_day(text: str, options: ParseOptions, zone: tzinfo) -> date | None:
    """The incident's day from a date field that opens on a latent start.

    "潜伏開始は2026-07-18 (build)。実害発火は2026-07-24 10:52頃": the defect lay latent from
    the 18th and hurt from the 24th, the incident's day. A field naming no such moment
    ("潜伏開始は2026-07-08 02:20頃。…観測期間は…") gives the latent day as written: the
    day the document gives, no start clock (corpus rule 2). Only a field whose first day a
    latent word introduces is read so (the words: ``[latent]`` in the vocabulary).
    """
    words = vocabulary()
    days = list(_DAY_AND_CLOCK.finditer(text))
    if not days or not words.latent_start.search(text[: days[0].start()]):
        return None
    for m in days[1:]:
        clause = re.split(r"[。.;\uff1b]\s*", text[: m.start()])[-1]
        if words.impact_began.search(clause) and not words.latent_start.search(clause):
            return local_date(m.group(0), options, zone) or date_only(m.group(1), options)
    return date_only(days[0].group(1), options)


def window_day_of_rows(
    reader: Reader, timeline: list[dict[str, Any]], stated_days: list[date], day: date
) -> date | None:
    """The day a "Date:" window states, when the timeline's one other day was copied.

    The window ("~Fri 11 Nov 2016 (~1324) to … (~1452)") starts at a clock one of the rows
    has; a report's own date has no clocks, so the window is the story's and its day theirs.
    """
    text = reader.label("incident_date")
    if not text or len(set(stated_days)) != 1 or stated_days[0] == day:
        return None
    text = unbracketed_clocks(text)
    clock = CLOCK_OF_VALUE.search(text)
    if not CLOCKED_SPAN.match(text) or clock is None or ":" not in clock.group(0):
        return None
    hour, minute = (int(x) for x in clock.group(0).split(":"))
    zone = reader.zone_for(None)
    clocks = {
        (e["occurred_at"].astimezone(zone).hour, e["occurred_at"].astimezone(zone).minute)
        for e in timeline
        if e["occurred_at"] is not None
    }
    return day if (hour, minute) in clocks else None


def _month_span_start(text: str, options: ParseOptions) -> date | None:
    """The first day of days written as a span ("January 14-19, 2026", "10-11 Mar 2026 (UTC)").

    Impact began on the first; a parser of single dates reads "14-19" as a day and a year.
    """
    span = _MONTH_SPAN.match(text)
    if span is None:
        return None
    first = f"{span.group('d1') or span.group('d3')} {span.group('m1') or span.group('m2')}"
    return date_only(f"{first} {span.group('year')}", options)


#: A day's clock written after it in brackets: "3 Nov 2016 (~1727)", "Nov 3, 2016 (17:27 UTC)".
_BRACKETED_CLOCK = re.compile(
    r"(?P<day>(?:\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?))\s*\(\s*(?:~|\u2248|approx\.?|ca\.|about|around)?\s*"
    r"(?P<h>[01]?\d|2[0-3]):?(?P<m>[0-5]\d)(?P<zone>\s*[A-Z]{2,5})?\s*\)",
    re.IGNORECASE,
)


def unbracketed_clocks(text: str) -> str:
    """A value whose clocks are written in brackets after their days, with the clocks inline.

    "~Thur 3 Nov 2016 (~1727) to Thur 3 Nov 2016 (~1900) (~1.5 hours)" reads "~Thur 3 Nov
    2016 17:27 to Thur 3 Nov 2016 19:00 (~1.5 hours)": a span of two moments and its length.
    """
    return _BRACKETED_CLOCK.sub(
        lambda m: f"{m.group('day')} {int(m.group('h')):02d}:{m.group('m')}{m.group('zone') or ''}",
        text,
    )


#: Two date-times with clocks joined as a span: "May 28 2025, 11:30 AM UTC - May 29, 17:30".
CLOCKED_SPAN = re.compile(
    # (an arrow joins them too: "11th July 2013 from 12:00 -> 14:30")
    r"^(?=.*\d{1,2}:\d{2}.*(?:\s(?:to|until|till)\s|\s[-\u2013\u2014]\s|\s*(?:->|=>|\u2192)\s*)"
    r".*\d{1,2}:\d{2}).+$"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_SPAN = re.compile(
    rf"^\s*(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*[-\u2013\u2014]\s*"
    rf"(?:{_MONTH}\s+)?\d{{1,2}}(?:st|nd|rd|th)?|"
    rf"(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s*[-\u2013\u2014]\s*\d{{1,2}}(?:st|nd|rd|th)?\s+"
    rf"(?P<m2>{_MONTH})),?\s+(?P<year>(?:19|20)\d{{2}})\s*(?:\([^()]*\))?\s*$",
    re.IGNORECASE,
)
_DAY_SPAN = re.compile(
    r"\s*(\d{4}-\d{2}-\d{2})\s*(?:[-\u2013\u2014]|to|until|through)\s*\d{4}-\d{2}-\d{2}\s*$"
)


#: A blog's permalink path: "/2013/01/31/postmortem.html", "blog/2021/09/24/travis-security/".
_PERMALINK_DAY = re.compile(r"(?:^|/)((?:19|20)\d{2})/(\d{2})/(\d{2})/")


def permalink_day(name: str | None) -> date | None:
    """The publication day a blog post's address states in its folders."""
    return ymd(_PERMALINK_DAY.search(name or ""))


#: A web archive's capture of an address ("/eot2008/20090507000452/http:/www.example.gov/…"):
#: what comes before the captured scheme is the archive's collection and capture stamp.
_CAPTURE = re.compile(r"^.*?/\d{14}(?:[a-z]{2}_)?/https?:/+", re.IGNORECASE)


def captured_address(name: str | None) -> str | None:
    """A document's own address inside a web archive's capture of it; any other name as is.

    The collection's year ("eot2008") and the capture's stamp (20090507000452) date the
    archive's copy, not the document: a 1998 release captured in 2009 was no 2008 story.
    """
    return _CAPTURE.sub("/", name) if name else name


#: A press release's release line: "FOR IMMEDIATE RELEASE", its day on it or the next line.
_RELEASE_LINE = re.compile(r"\bfor\s+immediate\s+release\b", re.IGNORECASE)
#: A parliament's record of the sitting a statement was made in: "Volume 611: debated on
#: Wednesday 8 June 2016", "HC Deb 28 October 1992 vol 212 cc1013-20", "Part of the debate -
#: in the House of Commons at 4:32 pm on 22 July 2024": its day is the statement's, after the
#: events it tells of ("last night", "on Monday", "On Friday morning").
_RECORD_LINE = re.compile(
    # ("- in the House of Lords at 6:32 pm on 27th March 2006": the same line without its
    # "Part of the debate", as the record prints it over a statement repeated in the Lords)
    r"\b(?:debated\s+on|H[CL]\s+Deb)\b|(?:\bpart\s+of\s+the\s+debate\W+|^\W*)in\s+the\s+house\s+"
    r"of\s+(?:commons|lords)(?:\s+at)?\b",
    re.IGNORECASE,
)
#: The volume and columns after a record line's day: "vol 410 cc9-10WS".
_RECORD_COLUMNS = re.compile(r"\bvol\s+\d+\s+cc?\s*\d+\w*(?:-\d+\w*)?", re.IGNORECASE)
_SLASHED_WITH_YEAR = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])")


def record_line(line: str) -> bool:
    """Whether a line is a parliament's record of its sitting ("… debated on 8 June 2016").

    It dates the statement under it, not the story the statement tells.
    """
    rest = _RECORD_COLUMNS.sub(" ", _RECORD_LINE.sub(" ", line))
    return bool(_RECORD_LINE.search(line)) and dateline(rest)


def release_day(lines: list[str], options: ParseOptions) -> date | None:
    """The day a press release's header gives under "FOR IMMEDIATE RELEASE" ("10/28/98").

    Or a parliament's record gives its sitting ("Volume 611: debated on Wednesday 8 June 2016").

    It is the release's publication: a year for the days its story writes without one, and
    the last resort for an undated story, as a blog's byline is.
    """
    for i, line in enumerate(lines[:12]):
        if (m := _RELEASE_LINE.search(line) or _RECORD_LINE.search(line)) is None:
            continue
        for text in (line[m.end() :], *lines[i + 1 : i + 2]):
            if found := FULL_DATE.search(text) or _SLASHED_WITH_YEAR.search(text):
                return date_only(found.group(0), options)
        return None
    return None


def date_in_name(name: str | None) -> date | None:
    """A date written in a file name: ``2022-06-02-db.md``, ``20190612-maps``."""
    return ymd(NAME_DATE.search(name or ""))


#: A date written day and month first, in an order the name does not say: "02-03-2021".
_UNORDERED_NAME_DATE = re.compile(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.]((?:19|20)\d{2})(?!\d)")


def unordered_day_in_name(name: str | None, lines: list[str]) -> date | None:
    """The day a name's "NN-NN-YYYY" states, read day-month or month-day.

    A reading that is no date ("13-03-2021" as month 13) is dropped; between two that both
    are, the story's weekday settles it ("On Tuesday at 02:01 AM UTC …": 2 March 2021, a
    Tuesday, not 3 February, a Wednesday). With no weekday, or one neither reading has, none.
    """
    m = _UNORDERED_NAME_DATE.search(name or "")
    if m is None:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    readings = set()
    for month, day in ((b, a), (a, b)):
        with contextlib.suppress(ValueError):
            readings.add(date(year, month, day))
    if len(readings) == 1:
        return readings.pop()
    for line in lines:
        if wd := _STORY_WEEKDAY.search(line):
            named = WEEKDAYS.index((wd.group("wd") or wd.group("wd2")).lower())
            fits = [day for day in readings if day.weekday() == named]
            return fits[0] if len(fits) == 1 else None
    return None


_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
MONTH_DAY = re.compile(
    r"\b(?:on|since|(?:on or )?after|(?:morning|afternoon|evening|night) of|"
    # a span's first day: "included this version between March 7 and March 28", "Starting
    # around August 20, we started to see a sudden spike" (not an aside's "(starting March
    # 19th)", the run-up of load that a cause names)
    r"between|(?<!\()(?:starting|beginning)(?:\s+(?:around|about|on|from))?|"
    # a relative day glossed with its date: "from late last night (April 5th)"
    r"(?:night|yesterday|today|morning|afternoon|evening)\s+\(|"
    # a clock before its day: "broken from 11pm Jan 31 until about lunchtime"
    r"(?:from|at|since|by)\s+(?:about\s+|around\s+|approximately\s+|~)?"
    r"\d{1,2}(?::\d{2}(?:\s*[ap]\.?m\.?)?|\s*[ap]\.?m\.?)(?:\s+[A-Z]{2,4})?,?|"
    # a day that names the incident: "the November 21 incident", "the 3rd March outage"
    r"the(?=\s+\S+\s+\S+\s+(?:[\w-]+\s+){0,2}(?:incident|outage|breach|attack|"
    r"compromise|failure|disruption|downtime|event)s?\b)|"
    # a weekday written before its day: "Tuesday Jan 31, late evening", "On Tuesday night,
    # December 22" (a statement's story, its part of the day between), "the events of
    # Thursday 28th August"
    r"(?=(?:mon|tues|wednes|thurs|fri|satur|sun)day" + _PART_OF_DAY + r",?\s+(?:[a-z]{3}|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))))\s*"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    + _PART_OF_DAY
    + r",?\s+)?(?:(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b(?!,?\s+\d{4})",
    re.IGNORECASE,
)


def name_stem(name: str) -> str:
    """A file name without its extensions ("2022-06-02 db outage.html.md" -> the name)."""
    stem = name.rsplit("/", 1)[-1]
    while (dot := stem.rfind(".")) > 0 and stem[dot + 1 :].isalpha() and len(stem) - dot <= 9:  # noqa: PLR2004
        stem = stem[:dot]
    return stem.replace("_", " ")


def year_in(name: str | None) -> int | None:
    """The year a document's name states: a dated name's, else a year standing alone.

    A source's address may hold a commit id ("blob/2048a7f9…/2025-11-23-incident/"): four
    digits run into letters are no year while the name writes one apart.
    """
    if (day := date_in_name(name)) is not None:
        return day.year
    m = re.search(r"(?<![\w])((?:19|20)\d{2})(?![\w])", name or "") or re.search(
        r"(?<!\d)((?:19|20)\d{2})(?!\d)", name or ""
    )
    return int(m.group(1)) if m else None


#: A sentence that opens on its day, as a story of the incident does: "On March 29th, …".
OPENS_ON_DAY = re.compile(
    r"(?:^|[.!?]\s+)On\s+(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?"
    r"(?:\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
)


#: The weekdays in order, as Python numbers them (``date.weekday()``).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_STORY_WEEKDAY = re.compile(
    r"\b(?:(?P<lead>on|last|this past|it's|it is|it was|(?:in|on) the)\s+"
    r"(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|(?P<wd2>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+"
    r"(?:morning|afternoon|evening|night)\b)",
    re.IGNORECASE,
)
#: "yesterday's Service Outage" names an earlier event the story follows, not its own day.
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _yesterday(line: str) -> re.Match[str] | None:
    """Where a line names the day before the post's ("yesterday", "last night", "včera")."""
    return next(
        (
            m
            for m in vocabulary().dates["yesterday"].finditer(line)
            if not _POSSESSIVE.match(line, m.end())
        ),
        None,
    )


def days_before_publication(lines: list[str], published: date) -> int | None:
    """How many days before its publication a post's story happened, by the first day it names.

    A weekday is the last one on or before the publication ("last Tuesday": before it);
    "yesterday" and "last night" are the day before.
    """
    for line in lines:
        if record_line(line):
            continue  # "debated on Wednesday 8 June 2016": the statement's own day
        m = _STORY_WEEKDAY.search(line)
        y = _yesterday(line)
        if m and (y is None or m.start() <= y.start()):
            wd = WEEKDAYS.index((m.group("wd") or m.group("wd2")).lower())
            back = (published.weekday() - wd) % 7
            if back == 0 and (m.group("lead") or "").lower() in {"last", "this past"}:
                back = 7
            return back
        if y:
            return 1
    return None


def until_clock(lines: list[str]) -> list[str]:
    """The lines up to the first that holds a time of day, that one included."""
    for i, line in enumerate(lines):
        if HAS_CLOCK.search(line):
            return lines[: i + 1]
    return lines


def summary_date(
    reader: Reader, options: ParseOptions, year: int | None, lines: list[str] | None = None
) -> date | None:
    """The first date the lead, summary or impact states ("On June 2, 2022, …").

    A date written without its year ("On August 16, the team was notified", "from late
    12/5") takes the year of the document's publication (front matter, a byline) or of its
    name. A byline's date ("Posted on: 2014-05-28", ``[dates] byline``) is the post's: a
    sentence that states an earlier day within ``WRITE_UP_LAG`` dates the incident, and so
    does an earlier day that a sentence says the impact ran from ("since about September 3").
    """
    published = date.fromisoformat(reader.doc.published) if reader.doc.published else None
    lines_given = lines is not None
    lines = [values.english_months(ln) for ln in (impact_lines(reader) if lines is None else lines)]
    # A sentence about the incident states its day; a bare date (a blog's byline) more
    # often states the publication's.
    lines = [ln for ln in lines if INCIDENT_WORDS.search(ln)] + [
        ln for ln in lines if not INCIDENT_WORDS.search(ln)
    ]
    found: list[tuple[date, str]] = []
    if published is None:  # a byline's date gives the year to days written without one
        published = next((d for d, t in full_dates(lines, options) if byline(t)), None)
    year_now = published.year if published else year
    posted = date.fromisoformat(reader.doc.published) if reader.doc.published else None
    for text in lines:
        m = FULL_DATE.search(text)
        if m and (d := date_only(m.group(0), options)):
            if posted is not None and d > posted:
                # A page kept up to date after it went out ("Last update: 2015-07-15", ten
                # days after its front matter's 2015-07-04): a later day is an update's.
                continue
            if d == posted and (
                _BARE_DAY.match(text[: m.start()] + text[m.end() :]) or _RECORD_LINE.search(text)
            ):
                # "by" / "Lars Holm Nielsen," / "on July 15, 2019": the publication's day
                # alone on its line is the byline's, already known; the story dates itself. So
                # is a parliament's record line ("Volume 611: debated on Wednesday 8 June 2016").
                continue
            d = _first_of_two_days(text[: m.start()], d)
            found.append(
                (
                    _earlier_in_year(text[: m.start()], d)
                    or _after_dateline(text, m, d, options)
                    or d,
                    text,
                )
            )
            continue
        if year_now is not None and (when := _yearless_day(text, options, year_now, published)):
            found.append((when, text))
    if lines_given and len(found) > 1:
        # A post that tells its story in sentences opening on their days ("On 24 April 2023
        # …" first, "On 27 Mar 2023 the team received a report" later): the story, and the
        # incident, began on the earliest of them (within a write-up's lag).
        opening = found[0][0]
        found.sort(key=lambda f: f[0] if opening - WRITE_UP_LAG <= f[0] else opening)
    return incident_day(found)


def _yearless_day(
    text: str, options: ParseOptions, year_now: int, published: date | None
) -> date | None:
    """A day the line writes without its year ("On August 16", "from late 12/5"), in its year.

    The year is the publication's, or the one before for a day after the post; but a day up
    to ``_UPDATE_LAG`` after the post is a line added later ("On March 21, Trivy published this
    statement" in a post of March 20), no day of the story.
    """
    if md := MONTH_DAY.search(text):
        month = month_number(md.group("m1") or md.group("m2"))
        day = int(md.group("d1") or md.group("d2"))
    elif (sd := _SLASHED_DAY.search(text)) and not _FRACTION.search(text[: sd.start()]):
        first, second = int(sd.group(1)), int(sd.group(2))
        month, day = (second, first) if options.day_first else (first, second)
    else:
        return None
    try:
        when = date(year_now, month, day)
    except ValueError:
        return None
    if published is not None and published < when <= published + _UPDATE_LAG:
        return None
    if published is not None and when > published:
        return date(year_now - 1, month, day)
    return when


def _first_of_two_days(before: str, d: date) -> date:
    """The first of days written as one span: "the night of 25/26 March" began on the 25th.

    So did "between 5 and 6 July 2024" on the 5th and "from 11 to 14 March 2023" on the 11th.
    """
    first = _NIGHT_OF.search(before)
    if first is None or not 0 < (day := int(first.group(1))) < d.day:
        return d
    # (a slash only pairs a night's two days: "01/31/2023" is no span)
    return d.replace(day=day) if first.group("sep") != "/" or day == d.day - 1 else d


#: Days written as one span, before the last one's month: "the night of 25/26 March",
#: "between 5 and 6 July 2024", "from 11 to 14 March 2023" (not a date's own digits:
#: "2023-01-31").
_NIGHT_OF = re.compile(
    r"(?<![\d/.-])(\d{1,2})(?:st|nd|rd|th)?\s*(?P<sep>[/\u2013-]|\s(?:and|to|until|till)\s)\s*$",
    re.IGNORECASE,
)
#: What else a notice's line says of its incident's start.
_BEGAN = re.compile(
    # (a notice's story: "stopped acquiring data Saturday afternoon, September 27, 2014",
    # "acquisitions were suspended", "entered safe mode", "experienced an issue")
    r"\b(?:began|begun|started|anomal(?:y|ies|ous)|stopped|suspended|halted|interrupted|"
    r"safe[\s-]?(?:hold|mode)|safehold)\b",
    re.IGNORECASE,
)
#: A title that opens on a day and a dash ("Dec 23, 2019 - Recent Landsat 7 Data Recorder
#: Anomaly", "May 1, 2014 - Landsat 8 Data Acquisitions Resume"): a notice's dateline.
DATELINE_TITLE = re.compile(
    rf"^\s*(?:{FULL_DATE.pattern})\s*(?:[-\u2013\u2014]\s*\S|$)", re.IGNORECASE
)


def dateline_story_day(lines: list[str], day: date, options: ParseOptions) -> date | None:
    """The earliest day, within a write-up's lag before a dateline's, of the first line naming one.

    "On April 30, 2014 the Landsat 8 satellite successfully recovered from the safehold
    condition that started at 05:44:13 GMT on April 29, 2014" under "May 1, 2014 - …": the
    notice went out on its dateline's day, the condition began on the line's earliest. The
    line tells of the incident ("experienced", "anomaly", "started"); an earlier day of
    something else ("On the 2nd January, 2023, we raised the rate limits") is no story's day.
    """
    for line in lines:
        if not (INCIDENT_WORDS.search(line) or _BEGAN.search(line)):
            continue
        told = [
            d
            for m in FULL_DATE.finditer(line)
            if (d := date_only(m.group(0), options)) and day - WRITE_UP_LAG <= d < day
        ]
        told += _story_days_without_year(line, day)
        if told:
            return min(told)
    return None


def _story_days_without_year(line: str, day: date) -> list[date]:
    """The days the story's line names without their year, each the last such before the dateline.

    "On December 19 the TIRS instrument was reconfigured due to detection of anomalous
    current levels" under "February 20, 2015 - …": 19 December 2014; "recovered from the
    safehold event that began on January 26th" under "January 30, 2023": 26 January 2023.
    """
    out = []
    for m in MONTH_DAY.finditer(line):
        month = month_number(m.group("m1") or m.group("m2"))
        for year in (day.year, day.year - 1):
            try:
                d = date(year, month, int(m.group("d1") or m.group("d2")))
            except ValueError:
                continue
            if day - WRITE_UP_LAG <= d < day:
                out.append(d)
                break
    return out


def _after_dateline(text: str, m: re.Match[str], day: date, options: ParseOptions) -> date | None:
    """An earlier day the line names after the dateline it opens with, within a write-up's lag.

    "15 November 2016: In relation to service disruptions to NHS Mail on the morning of 14
    November, 2016, NHS Digital has released the following statement": the dateline is the
    statement's day, the day its sentence names the story's.
    """
    if text[: m.start()].strip() or not text[m.end() :].lstrip().startswith(":"):
        return None
    later = FULL_DATE.search(text, m.end())
    if later is None:
        return None
    told = date_only(later.group(0), options)
    return told if told is not None and day - WRITE_UP_LAG <= told < day else None


def _earlier_in_year(before: str, day: date) -> date | None:
    """A day written without its year before ``day`` in the same sentence, in ``day``'s year.

    "We deployed a partial fix on April 2nd and a complete fix on April 4th, 2016": the year
    written once serves both days, and the sentence's story begins on the first. Only an
    earlier day (within a write-up's lag) counts.
    """
    md = MONTH_DAY.search(re.split(r"[.!?]\s+", before)[-1])
    if md is None:
        return None
    month = month_number(md.group("m1") or md.group("m2"))
    try:
        first = date(day.year, month, int(md.group("d1") or md.group("d2")))
    except ValueError:
        return None
    return first if day - WRITE_UP_LAG <= first < day else None


#: A row that opens on a day without its year: "October 6th: Max Justicz reported the issue",
#: "7 March - fix deployed".
_LISTED_DAY = re.compile(
    rf"^\s*(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}))"
    r"(?!,?\s+\d{4})\s*(?:[:\u2013\u2014]|-\s|&)",
    re.IGNORECASE,
)


def listed_day(lines: list[str], published: date) -> date | None:
    """The first day of rows that open on days without their year, in the post's year.

    "* October 6th: Max Justicz reported the issue" … "* October 9th: RubyGems is released"
    in a post of 2017-10-09: the rows are the story's timeline, which began on the 6th. A day
    after the publication is the year before's. Two such rows at least make a list.
    """
    days = []
    for line in lines:
        if (m := _LISTED_DAY.match(line)) is None:
            continue
        month = month_number(m.group("m1") or m.group("m2"))
        try:
            day = date(published.year, month, int(m.group("d1") or m.group("d2")))
        except ValueError:
            continue
        days.append(day if day <= published else day.replace(year=day.year - 1))
    return min(days) if len(days) >= _LISTED_ROWS else None


#: Rows a list needs to be a timeline rather than one sentence that opens on a day.
_LISTED_ROWS = 2


#: What is left of a line that only dates a post: "on July 15, 2019", "Posted: 2019-07-15".
_BARE_DAY = re.compile(r"^\W*(?:(?:on|posted|published|updated)\b\W*)*$", re.IGNORECASE)

_MONTH_WORD = r"(?P<{}>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_BETWEEN_DAYS = re.compile(
    r"\bbetween\s+" + _MONTH_WORD.format("m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<y1>\d{4}))?\s+(?:and|to)\s+"
    + _MONTH_WORD.format("m2")
    + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})\b",
    re.IGNORECASE,
)


#: How long an ongoing incident has run, as a post written during it says: "For the past
#: seven days, …", "over the last 3 days".
_RUNNING_FOR = re.compile(
    r"\b(?:for|over|during|in)\s+the\s+(?:past|last)\s+(?P<n>\d{1,2}|" + values.NUMBER_WORDS + r")"
    r"\s+(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)


def days_running(reader: Reader) -> int | None:
    """The days an incident has run, when the lead says "for the past N days"."""
    for line in impact_lines(reader):
        if m := _RUNNING_FOR.search(line):
            span = values.parse_duration(f"{m.group('n')} days")
            if span is not None:
                return span.days * (7 if m.group("unit").lower().startswith("week") else 1)
    return None


def written_in_full(reader: Reader, day: date, options: ParseOptions) -> bool:
    """Whether a sentence of the lead, summary or impact writes ``day`` with its year.

    "On 2023-07-20 between 12:17 and 12:30 UTC downloads were broken" does; a day line
    ("September 20, 2018:") is no sentence.
    """
    return any(
        date_only(m.group(0), options) == day
        and len(re.findall(r"[A-Za-z]{2,}", line.replace(m.group(0), " "))) >= _SENTENCE_WORDS
        for line in impact_lines(reader)
        for m in FULL_DATE.finditer(line)
    )


#: Words (besides its date) a line needs to be a sentence rather than a day line.
_SENTENCE_WORDS = 4


def lead_span(reader: Reader) -> tuple[date, date] | None:
    """The days a sentence of the lead or summary says the incident ran between."""
    return next((span for line in impact_lines(reader) if (span := span_in(line))), None)


#: Two days written with dots as a span: "i tidsrommet 24.1.2020-04.02.2020".
_DOTTED_DAYS = re.compile(
    r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:-|\u2013|\u2014|til)\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])"
)


def span_in(text: str) -> tuple[date, date] | None:
    """The days a text says something ran between.

    "between October 9 and October 23, 2025"; "i tidsrommet 24.1.2020-04.02.2020" (in the
    period), days written with dots.
    """
    if (dotted := _DOTTED_DAYS.search(text)) is not None:
        d1, m1, y1, d2, m2, y2 = (int(g) for g in dotted.groups())
        try:
            start, end = date(y1, m1, d1), date(y2, m2, d2)
        except ValueError:
            return None
        return (start, end) if start <= end else None
    m = _BETWEEN_DAYS.search(text)
    if m is None:
        return None
    year = int(m.group("y2"))
    try:
        start = date(
            int(m.group("y1") or year),
            month_number(m.group("m1")),
            int(m.group("d1")),
        )
        end = date(year, month_number(m.group("m2")), int(m.group("d2")))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def full_dates(lines: list[str], options: ParseOptions) -> list[tuple[date, str]]:
    """Each line's first date written with its year, with the line."""
    out = []
    for text in lines:
        m = FULL_DATE.search(text)
        if m and (d := date_only(m.group(0), options)):
            out.append((d, text))
    return out


def _before_its_day(words: re.Pattern[str], text: str) -> bool:
    """Whether one of ``words`` stands before the line's first day written in full.

    A line that writes no such day ("since about September 3") counts wherever it stands.
    """
    day = FULL_DATE.search(text)
    return any(day is None or m.start() < day.start() for m in words.finditer(text))


def byline(text: str) -> bool:
    """Whether a line dates the post, not the story (``[dates] byline``).

    A word that dates a post comes before its date ("Posted on: 2014-05-28", "Last updated:
    …"); after it, the word is the story's verb ("On April 21st, 2025, several versions were
    published with malicious code"). A separator ("21 April 2021 • author") marks a byline
    wherever it stands.
    """
    if len(re.findall(r"[^\W\d_]{2,}", text)) > _BYLINE_MAX_WORDS:
        # "In an Electronic Announcement posted earlier today, March 30, 2010, we reported
        # issues with the Web site. From approximately 11:15 A.M. …": a paragraph of the
        # story that tells of another post, not the line that dates this one.
        return False
    words = vocabulary().dates["byline"]
    return (
        _before_its_day(words, text)
        or any(not re.search(r"[^\W\d_]", m.group(0)) for m in words.finditer(text))
        or dateline(text)
    )


#: Words a byline's line holds at most ("Posted on: …", "21 April 2021 • reitermarkus", a
#: name, a title, a reading time); a paragraph has more.
_BYLINE_MAX_WORDS = 24


def dateline(text: str) -> bool:
    """Whether a line only writes a day: a page's dateline, not a sentence of its story.

    A statement's "(December 24, 2015)" under its heading, a status blog's day box "Monday
    Dec 28, 2015", a list archive's "Dec 19, 2025, 8:18:52 PM (16 hours ago)": they date the
    notice, which an agency or a list posts a day or more after the outage it reports.
    """
    m = FULL_DATE.search(text)
    if m is None:
        return False
    rest = text[: m.start()] + text[m.end() :]
    words = [
        w
        for w in re.findall(r"[^\W\d_]{2,}", rest)
        if w.lower()[:3] not in MONTHS and w.lower() not in _DATELINE_WORDS
    ]
    return len(words) <= _DATELINE_MAX_WORDS


#: Words a dateline may hold besides its day: a weekday, a clock's half, how long ago.
_DATELINE_WORDS = frozenset((*WEEKDAYS, "am", "pm", "utc", "gmt"))
#: Other words a dateline may hold ("16 hours ago"); more make it a sentence.
_DATELINE_MAX_WORDS = 2


def _found_on_its_day(text: str) -> bool:
    """Whether a sentence dates when the trouble was found, not when it began.

    "This attack was discovered and reported in the early morning hours of April 22nd, 2025"
    (``[dates] found``, written before the day); "On June 3rd the site was down and users
    reported errors" dates the outage itself.
    """
    return FULL_DATE.search(text) is not None and _before_its_day(vocabulary().dates["found"], text)


def _since_its_day(text: str) -> bool:
    """Whether a sentence says the impact ran from its day (``[dates] since``).

    The word leads to the day ("happening since about …", "from 2024-01-29"); after it, it
    is about something else ("On Jan 29, 2024, a connection was established … the IP address
    the integration ran from was changed").
    """
    return _before_its_day(vocabulary().dates["since"], text)


def incident_day(found: list[tuple[date, str]]) -> date | None:
    """Of the days the lead states (in order), the incident's: not a byline's, not a later one.

    Nor the day it was found on, when the lead states an earlier one within a write-up's lag.
    """
    if not found:
        return None
    first_day, first_text = found[0]
    earlier = [
        (d, t) for d, t in found[1:] if first_day - WRITE_UP_LAG <= d < first_day and not byline(t)
    ]
    if earlier and (byline(first_text) or _found_on_its_day(first_text)):
        # The post's day, or the day it was found: the earlier one is when it began.
        return earlier[0][0]
    since = [d for d, t in earlier if _since_its_day(t)]
    if not since and _before_its_day(vocabulary().dates["cause"], first_text):
        # "The code that caused this bug was committed on January 11, 2018" in a post that
        # tells "On December 4th, a third-party application partner reported a data
        # anomaly" (2019): the change lay unseen for longer than any write-up's lag.
        later = [d for d, t in found[1:] if d > first_day + WRITE_UP_LAG and not byline(t)]
        if later:
            return later[0]
    return min(since) if since else first_day


#: How soon after a post a day written without its year is the post's own update or a day
#: ahead, not a day of the year before ("On March 21, Trivy published …" added to a post of
#: March 20; "the vote on 23 June" in a statement of 8 June).
_UPDATE_LAG = timedelta(days=60)
#: How long after an incident its write-up may be posted (a byline's date is the post's).
WRITE_UP_LAG = timedelta(days=90)


#: A day written "12/5" with no year (the year comes from elsewhere).
_SLASHED_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
#: What puts a share before a slashed pair: "5000 rules cut the traffic by 2/3 in an instant",
#: "nearly 2/3 of the hosts" — no day.
_FRACTION = re.compile(
    r"\b(?:by|of|than|about|nearly|almost|roughly|over|under|only|just|some)\s+$", re.IGNORECASE
)


def name_day(doc: Document, document_name: str | None) -> date | None:
    """The day a document's file name states; a post's front matter's where it has one.

    The name dates a post as its front matter does; where the two differ
    ("_posts/2020-03-22-router-pod.md" under "date: 2020-03-23 14:42:00 +0000"), the front
    matter's is the day it went out (it overrides the name's, as in Jekyll).
    """
    named = date_in_name(document_name)
    return published_day(doc, None) if named is not None and doc.published else named


def published_day(doc: Document, document_name: str | None) -> date | None:
    """The day the write-up was published: its front matter's date, else its name's."""
    if doc.published:
        try:
            return date.fromisoformat(doc.published)
        except ValueError:
            return None
    return date_in_name(document_name)


#: A day written with its weekday and year: "Thursday 23rd September 2021", "Thursday,
#: September 23, 2021".
_WEEKDAY_DATE = re.compile(
    r"\b(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day),?\s+(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?P<m>" + MONTH_NAME + r")|(?P<m2>" + MONTH_NAME + r")\s+(?P<d2>\d{1,2})"
    r"(?:st|nd|rd|th)?),?\s+(?P<y>\d{4})\b",
    re.IGNORECASE,
)


def weekday_year(lines: list[str], stated: date) -> date | None:
    """The stated day in another year, when the text writes it with a weekday that fits only it.

    "Date of occurrence of breach | 23/09/2020" over "For the weekly update on Thursday 23rd
    September 2021 …": 23 September 2021 was a Thursday, 23 September 2020 a Wednesday — the
    label's year is a slip.
    """
    fitting = set()
    for line in lines:
        for m in _WEEKDAY_DATE.finditer(line):
            month = month_number(m.group("m") or m.group("m2"))
            day = int(m.group("d") or m.group("d2"))
            try:
                written = date(int(m.group("y")), month, day)
            except ValueError:
                continue
            if (month, day) == (stated.month, stated.day) and written.weekday() == WEEKDAYS.index(
                m.group("wd").lower()
            ):
                fitting.add(written)
    # (a text that also writes the stated day with its weekday keeps it)
    others = sorted(d for d in fitting if d.year != stated.year)
    return others[0] if len(others) == 1 and stated not in fitting else None


#: How long after an incident a report named with its day is still its write-up.
_SLIP_LAG = timedelta(days=14)


def written_days(lines: list[str], options: ParseOptions) -> list[date]:
    """Every day the lines write in full, with its year ("27/03/2014", "14.11.2023")."""
    return [
        d
        for text in lines
        for pattern in (FULL_DATE, SLASHED_FULL, DOTTED_FULL)
        for m in pattern.finditer(text)
        if (d := date_only(m.group(0), options)) is not None
    ]


def year_slip(day: date, published: date | None, written: list[date]) -> date | None:
    """The stated day in the publication's year, when it is a year before and the text agrees.

    "Over the night of 25/26 March 2013" in a report named "2014-03-27.md" that also quotes
    a reading "at approx 10:30am on 27/03/2014": a write-up a year and two days after its
    incident, whose text writes a day of the next year two days on, slipped the year. A
    post that looks back a year ("November 25, 2013, was a day we had looked forward to",
    posted 2014-11-25) writes no day of its own year beside it.
    """
    if published is None or day.year != published.year - 1:
        return None
    try:
        moved = day.replace(year=published.year)
    except ValueError:  # 29 February
        return None
    if not timedelta(0) <= published - moved <= _SLIP_LAG:
        return None
    return moved if any(moved <= d <= published for d in written) else None


#: A day written month, day and year without separators: "04092010", "8282009".
_PACKED_DAY = re.compile(r"(?<![\d.-])(\d{1,2})(\d{2})((?:19|20)\d{2})(?![\d.-])")


def packed_title_day(title: str, posted: date | None) -> date | None:
    """The day a title packs into one number, when it falls just before the post went out.

    Only a post's title with its publication day to check against: "for 8282009" under a
    post of 2009-09-02 is 28 August 2009; a number that does not fall within a write-up's
    lag before the post is something else (a ticket, a build).
    """
    if posted is None:
        return None
    for m in _PACKED_DAY.finditer(title):
        try:
            day = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        except ValueError:
            continue
        if posted - WRITE_UP_LAG <= day <= posted:
            return day
    return None


#: A dashboard link's window in epoch milliseconds: Grafana's "…&from=1522263260081&to=
#: 1522265839537" (one URL: no space between the two).
_DASHBOARD_WINDOW = re.compile(r"[?&]from=(?P<start>\d{13})(?!\d)\S*?[?&]to=(?P<end>\d{13})(?!\d)")
#: The longest window read as the incident's time: a link to weeks of graphs dates nothing.
_DASHBOARD_SPAN_MS = 2 * 24 * 3600 * 1000


def dashboard_day(doc: Document, zone: tzinfo) -> date | None:
    """The day a dashboard link of the document opens its window on, in the document's zone.

    "Error graph from the same time period: https://grafana…&from=1522263260081&to=
    1522265839537" on a page that states no day (its name, "2018-02-29", is no date): the
    graph shows the incident, so its window's first moment dates it. Only a window of two
    days or less counts.
    """
    for text in (*doc.links, *body_lines(doc)):
        for m in _DASHBOARD_WINDOW.finditer(text):
            start = int(m["start"])
            if 0 < int(m["end"]) - start <= _DASHBOARD_SPAN_MS:
                return datetime.fromtimestamp(start / 1000, zone).date()
    return None


#: How far into the body a dateline (reader.DATELINE) stands: it opens the article.
_DATELINE_LINES = 6


def dateline_day(doc: Document, options: ParseOptions) -> date | None:
    """The day a line of its own states as the article opens (a news article's dateline).

    "**Friday, August 18, 2006**" over "Earlier today, Wikipedia … suffered downtime" (a
    line in bold alone reads as a heading): the day the article went out, as a front matter's
    date would give it.
    """
    opening = [
        line
        for section in doc.sections
        for line in (
            section.title or "",
            *(ln for b in section.blocks if b.kind != "table" for ln in b.lines()),
        )
    ]
    for line in opening[:_DATELINE_LINES]:
        bare = line.strip(" *_\t")
        if DATELINE.match(bare) and (day := date_only(bare, options)) is not None:
            return day
    return None
