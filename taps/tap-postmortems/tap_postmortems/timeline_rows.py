"""A timeline's rows: tables, lists, paragraphs and dated headings read into dated events.

Each row gets a moment: a time of day takes the day last stated (a dated heading, a dated
row above, or the incident's day) and rolls past midnight when it goes back by more than
an hour. Relative rows ("T+5m") are dated from their zero time; typos in years and days
copied from older reports are mended with a warning.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from tap_postmortems import values
from tap_postmortems.clocks import (
    BARE_TIME,
    DATED_NOTE,
    DAY,
    DAY_LINE,
    FULL_DATE,
    HALF_DAY,
    HAS_CLOCK,
    HAS_DAY,
    HHMM,
    MERIDIEM,
    MONTH_NAME,
    TIME_HEADING,
    WEEKDAY_BEFORE,
    date_only,
    heading_moment,
    is_zone_note,
)
from tap_postmortems.days import WRITE_UP_LAG
from tap_postmortems.fields import normalise
from tap_postmortems.prose_moments import SENTENCE_TIME, window_opened
from tap_postmortems.reader import column_index

if TYPE_CHECKING:
    from tap_postmortems.document import Block, Section
    from tap_postmortems.fields import ParseOptions
    from tap_postmortems.reader import Reader


_TYPED_BULLET = re.compile(r"\n\s*[\u2013\u2014\u2022]\s*(?=\S)")


def typed_bullets(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """List items split where a line inside one starts with a bullet Markdown does not know.

    "- 15:21: Probe raised" / "  \u2013 15:53: Change applied": the en dash (or a bullet
    sign) was meant as the next bullet; Markdown reads it as more of the item above.
    """
    out: list[tuple[int, str]] = []
    for level, text in items:
        parts = _TYPED_BULLET.split(text)
        if len(parts) > 1 and all(values.TIMESTAMP_PREFIX.match(p) for p in parts[1:]):
            out.extend((level, part) for part in parts)
        else:
            out.append((level, text))
    return out


def read_timeline(  # noqa: C901, PLR0912, PLR0915 - tables, lists, paragraphs, day and time headings
    reader: Reader, sections: list[Section], day: date | None, options: ParseOptions
) -> list[dict[str, Any]]:
    """Timeline rows, each dated: a time of day alone takes the day last stated.

    The day comes from a dated sub-heading ("### 2 June"), a dated row above, or else the
    incident's day; a time earlier than the row before it by more than an hour rolled past
    midnight. Template text ("HH:mm", "Short event description.") is never read as a row.
    """
    if not sections:
        return []
    warnings = reader.warnings
    stand_ins = reader.stand_ins
    events: list[dict[str, Any]] = []
    last: datetime | None = None
    current = day or _first_day(sections, options)
    # Whether the day rows are on is still only the incident's, named by no row or day line.
    inferred = day is not None
    titled_year = (
        date(int(y.group(0)), 1, 1) if (y := _YEAR.search(reader.doc.title or "")) else None
    )
    # A day the timeline states for all its rows ("all events happened on 2019-10-21 unless
    # otherwise noted") holds for every time-only row, whatever dated rows say.
    fixed: date | None = None

    # Untimed paragraphs before the first dated heading or timed row introduce the timeline
    # ("Note: compiled from the chat log", "All events are documented in UTC"): not rows.
    begun = False
    # A period heading's AM/PM ("### 1:42-1:59 PM: Client releases") holds for the bare
    # times under it ("- 1:45: Nethermind released"); a timeline that writes AM/PM anywhere
    # is on a 12-hour clock, so a bare time earlier than the row above is 12 hours on.
    meridiem: str | None = None
    twelve_hour = False
    relative_base: str | None = None  # the clock a "T+0 (14:05 UTC)" row carries

    marker: str | None = None  # a marker line ("<START OF OUTAGE>") over the row it marks

    # The days written alone on a line (or as a heading) over rows with no time of their own.
    day_lines: list[date] = []

    def mark_day(text: str, *, heading: bool = False) -> bool:
        nonlocal current, last, begun, inferred
        stripped = text.strip(" *_:#-\u2013\u2014")
        if not stripped or HAS_CLOCK.search(stripped):
            return False
        if (m := values.TIMESTAMP_PREFIX.match(stripped)) and m.group("text"):
            return False  # a stamped row ("2023-10-02 09.40 Volumes attached"), not a day
        if _LABELLED_ROW.match(text):
            return False  # "Feil oppdaget: 22.02.2024 13.00": a moment named, not a day
        if heading and (lead := DAY_LINE.match(stripped)):
            # A heading that opens with a full date ("March 5, 2025: Sepolia issue timeline",
            # "2024-03-05 Data8 outage", "Tuesday 5th March 2024 Data8 outage") dates what
            # follows it.
            stripped = lead.group(0)
        elif len(stripped) > 40:  # noqa: PLR2004
            return False
        when = _day_in(stripped, current, options)
        if when is None:
            return False
        current, last, begun, inferred = when, None, True, False
        reader.timeline_days.append(when)
        day_lines.append(when)
        return True

    # A zone written on a row ("2017-11-30 16:22 PST") holds for the rows after it that name
    # none, when the document states no zone of its own.
    carried: tzinfo | None = None

    def slipped(ts_text: str, when: datetime, zone: tzinfo) -> datetime:
        """A row dated days before the row above it, its time of day following on.

        Its date was copied from elsewhere (a template, an older report): the day carries on.
        Not when the row above had only the incident's day, which no row stated: a written
        date is then the first word on the rows' days.
        """
        clock = _CLOCK_OF.search(ts_text)
        if clock is None or last is None or inferred:
            return when
        again = values.parse_datetime(
            clock.group(0), default_zone=zone, default_date=last.astimezone(zone).date()
        )
        if again is None or again < last - timedelta(minutes=1):
            return when
        warnings.append(
            f"timeline_events: {ts_text!r} is dated days before the row above it; read on "
            f"{again.astimezone(zone).date().isoformat()}, the day the timeline is on"
        )
        return again

    def day_cell(ts_text: str, text: str) -> bool:
        """Whether a table's cell is a date without a clock, and so no time (its day kept).

        "| 2021-06-16 | Release … published |": the row has a day, not a time, as a bullet
        dated without a time has. A day without its year ("| Dec 16 | …") takes the
        timeline's, else the title's ("LCP Improvements Postmortem - December 2025"); with
        neither it is no day either, and never a midnight of some year.
        """
        nonlocal current, last, begun, inferred
        if not _DAY_ONLY.fullmatch(ts_text.strip(" *_")) or not HAS_DAY.search(ts_text):
            return False
        year_of = current or titled_year
        if (year_of is not None or _YEAR.search(ts_text)) and (
            on := _day_in(ts_text, year_of, options)
        ):
            current, last, begun, inferred = on, None, True, False
            reader.timeline_days.append(on)
            reader.dated_rows.append((on, text))
        return True

    def add(ts_text: str | None, text: str, zone: tzinfo, actor: str | None = None) -> None:  # noqa: C901, PLR0912
        nonlocal last, current, carried, begun, twelve_hour, inferred, marker
        text = text.strip()
        if text and values.is_placeholder_text(text):
            warnings.append(f"timeline_events: {text!r} is template text, not an event")
            return
        when = None
        stamp = ts_text
        if ts_text and day_cell(ts_text, text):
            ts_text = None
        if ts_text and values.is_placeholder(ts_text):
            warnings.append(f"timeline_events: time {ts_text!r} is template text, not a time")
            ts_text_readable = None
        elif ts_text and (c := HAS_CLOCK.search(ts_text)) and c.group(0).zfill(5) in stand_ins:
            # "_times that were hard to determine are marked as 09:00_": a stand-in, no time.
            warnings.append(
                f"timeline_events: {ts_text.strip()!r} is the document's stand-in for an "
                "unknown time, not a time"
            )
            ts_text_readable = None
        else:
            ts_text_readable = ts_text
        if ts_text_readable:
            dated = bool(HAS_DAY.search(ts_text_readable))
            has_meridiem = bool(MERIDIEM.search(ts_text_readable))
            twelve_hour = twelve_hour or has_meridiem
            if meridiem and not has_meridiem and (c := _CLOCK_OF.search(ts_text_readable)):
                ts_text_readable = (
                    f"{ts_text_readable[: c.end()]} {meridiem}{ts_text_readable[c.end() :]}"
                )
            # "[03-26 23:04]": the year is the incident's, not the row above's.
            ts_text_readable = values.with_year(ts_text_readable, day or current)
            if zone is options.default_zone and reader.doc_zone is None:
                written = values.zone_named(ts_text_readable)
                carried = written or carried
                zone = carried or zone
            when = values.parse_datetime(
                ts_text_readable,
                default_zone=zone,
                default_date=current,
                day_first=options.day_first,
            )
            if (
                when is not None
                and not dated
                and last is not None
                and when < last - timedelta(hours=1)
            ):
                if (
                    twelve_hour
                    and not has_meridiem
                    and last - timedelta(hours=1) <= when + HALF_DAY
                ) or _afternoon_unmarked(ts_text_readable, when, last, zone):
                    # "1:17" after "11:57" on a 12-hour clock is 13:17, and the rows after
                    # it are on that clock too
                    when, twelve_hour = when + HALF_DAY, True
                else:
                    when += timedelta(days=1)  # a time of day only, read after midnight
            elif (
                when is not None and dated and last is not None and when < last - timedelta(days=1)
            ):
                when = slipped(ts_text_readable, when, zone)
            if when is not None:
                last = when
                begun = True
                inferred = inferred and not dated
                if dated:
                    reader.timeline_days.append(when.astimezone(zone).date())
                if fixed is None and (dated or current is not None):
                    current = when.astimezone(zone).date()
        if not text and when is None:
            return
        if (
            when is None
            and stamp is None
            and day_lines
            and last is None
            and current == day_lines[-1]
        ):
            # "22.02.2023" on its line, then "Feilen utløses": a row of that day, no time.
            reader.dated_rows.append((current, text))
        # The section a timed row is in: untimed text after it there is more of it.
        held = here if when is not None else None
        if marker is not None:
            text, marker = f"{marker} {text}", None
        events.append(
            {"occurred_at": when, "time_text": stamp, "text": text, "actor": actor, "in": held}
        )

    zone = reader.zone_for(sections[0])
    here: Section | None = None
    for section in sections:
        here = section
        # A sub-section ("### 12:49 PM") keeps the zone its timeline states ("Timeline (times
        # in BST)") unless it states its own.
        zone = reader.zone_for(section, zone) if section.title else zone
        meridiem = None
        if section is not sections[0] and section.title:
            if heading := TIME_HEADING.match(heading_moment(section.title)):
                if _holds_rows(section):
                    # A period ("### 22:04-23:00 UTC: Network split identified") over timed
                    # rows: the rows are the events, the heading only groups them.
                    if m := MERIDIEM.search(heading.group("ts")):
                        meridiem = m.group(0).replace(".", "").upper()
                        twelve_hour = True
                else:
                    # One heading per event ("### 2021-06-03 9:00"): what it names and what
                    # is written under it, up to the next heading, is the event.
                    body = [heading.group("text") or ""]
                    body.extend(ln for b in section.blocks for ln in b.lines())
                    add(heading.group("ts"), " ".join(" ".join(body).split()), zone)
                    continue
            else:
                mark_day(section.title, heading=True)
        pending: str | None = None  # a time alone on its line: the event is on the next
        speaker: str | None = None  # who wrote it, in a chat export
        previous: Block | None = None
        for block in section.blocks:
            previous_text = (
                previous.text if previous is not None and previous.kind == "para" else ""
            )
            after_list, previous = previous is not None and previous.kind == "list", block
            if block.kind == "table" and block.rows:
                _table_rows(block, add, zone, events)
                continue
            if block.quoted and after_list and events:
                # A log or an alert's message quoted between the bullets of a timeline: more
                # of the row above, never a row (its stamps are the program's). In a plain-text
                # document indented text is only layout, so this holds after a list alone.
                events[-1]["text"] = f"{events[-1]['text']} {' '.join(block.text.split())}"
                continue
            if block.kind == "para" and (told := _told_rows(block)):
                # A timeline told in paragraphs ("At 02:00 AM UTC we received an email … This
                # was done at 02:09 AM UTC."): each sentence that says when is a row, and the
                # sentences after it without a time are more of it.
                for stamp, sentence in told:
                    if stamp is not None:
                        add(stamp, sentence, zone)
                    elif events and events[-1]["in"] is section:
                        events[-1]["text"] = f"{events[-1]['text']} {sentence}"
                    elif begun:
                        add(None, sentence, zone)
                continue
            introduced = previous_text.rstrip().endswith(":")
            if (
                block.kind == "list"
                and not begun
                and introduced
                and not any(is_stamped(text) for _, text in block.items)
            ):
                continue  # "Links to the dashboards:" and the links: the introduction
            if (
                block.kind == "list"
                and events
                and events[-1]["in"] is section
                and not any(is_stamped(text) for _, text in block.items)
            ):
                # A list with no time in it after the section's timed rows (the hosts a fix
                # went to, the steps of a command) details the row above; it is no rows.
                details = "; ".join(" ".join(t.split()) for _, t in block.items)
                events[-1]["text"] = f"{events[-1]['text']} {details}"
                continue
            items = (
                typed_bullets(block.items)
                if block.kind == "list"
                # A list indented four spaces is a code block to Markdown ("    - 11:16 :::::
                # bstack deploys queue"): its lines are still bullets, their marks no text.
                else [(0, _CODE_BULLET.sub("", ln) if block.quoted else ln) for ln in block.lines()]
            )
            for at, (level, raw_line) in enumerate(items):
                line = spoken_clock(" ".join(raw_line.split()))  # a list item's soft line breaks
                # "20180110T16:11 - …": a log tool's basic ISO day, read as "2018-01-10T16:11".
                line = _BASIC_ISO_DAY.sub(r"\1-\2-\3T", line)
                if at == 0 and block.kind == "para" and _MARKER_LINE.fullmatch(line):
                    # "<START OF OUTAGE>" opening a paragraph: it marks the row under it.
                    marker = line
                    continue
                if not line or mark_day(line):
                    continue
                if is_zone_note(line):
                    if dated := DATED_NOTE.match(line):
                        mark_day(dated.group("day"))  # the day it also names
                    continue
                if (
                    level > 0
                    and events
                    and events[-1]["occurred_at"] is not None
                    and not values.TIMESTAMP_PREFIX.match(line)
                    and not BARE_TIME.match(line)
                ):
                    # An untimed bullet nested under a timed row tells more of that row
                    # ("- 16:00 wdqs depooled" / "  - user impact ends").
                    events[-1]["text"] = f"{events[-1]['text']} {line}"
                    continue
                if BARE_TIME.match(line) or _stamp_alone(line):
                    # "14:05" or "2019-07-20 20:30" alone on its line: the event is below it
                    # (the dash that led to it, "2023-07-11 17:11 -", is no part of the time).
                    pending, speaker = line.rstrip(" :-\u2013\u2014"), None
                    continue
                if (chat := _CHAT_HEADER.match(line)) is not None:
                    # A chat export's message header ("nova — Today at 10:42 AM", "nova
                    # 10:42 AM"): the message on the lines under it is the event.
                    pending = chat.group("ts1") or chat.group("ts2")
                    speaker = chat.group("who").lstrip("@")
                    continue
                if pending is not None:
                    add(pending, line, zone, speaker)
                    pending = None
                    continue
                if pinned := _PINNED_DAY.search(line):
                    current = date_only(pinned.group("day"), options) or current
                    fixed = current
                    inferred = False
                    continue
                m = values.TIMESTAMP_PREFIX.match(line)
                if (rel := _RELATIVE.match(line)) is not None:
                    # "T+15m: failover starts": minutes after T0, dated once T0 is known.
                    add(None, rel.group("text"), zone)
                    events[-1]["offset"] = _offset_minutes(rel)
                    events[-1]["time_text"] = rel.group("stamp").strip()
                    if rel.group("clock") and events[-1]["offset"] == 0:
                        relative_base = rel.group("clock")
                elif m and m.group("text"):
                    add(m.group("ts"), m.group("text"), zone)
                elif (dot := _DOT_CLOCK_ROW.match(line)) is not None:
                    # "10.42: the application became unavailable": a clock written with a dot.
                    add(
                        f"{dot.group('h')}:{dot.group('m')}{dot.group('rest')}",
                        dot.group("text"),
                        zone,
                    )
                elif (h := HHMM.match(line)) is not None:
                    # "1010 UTC 2014-12-03 - First complaints": the date after the time.
                    stamp = f"{h.group('ts')[:2]}:{h.group('ts')[2:]}"
                    if h.group("day"):
                        stamp = f"{h.group('day')} {stamp}{' UTC' if h.group('zone') else ''}"
                    add(stamp, h.group("text"), zone)
                elif (lab := _LABELLED_ROW.match(line)) is not None:
                    # "Feil introdusert: 14.11.2023 10:47": a moment named, then its time.
                    add(lab.group("ts"), lab.group("text"), zone)
                elif (p := _PLACEHOLDER_PREFIX.match(line)) and p.group("text"):
                    add(p.group("ts"), p.group("text"), zone)
                elif (d := _DATED_ROW.match(line)) and (
                    on := _day_in(d.group("day"), current, options)
                ):
                    # "01-31-2024 - The fix was added": a row dated without a time.
                    current, last, begun, inferred = on, None, True, False
                    reader.timeline_days.append(on)
                    opening = values.TIMESTAMP_PREFIX.match(d.group("text"))
                    if opening and opening.group("text") and HAS_CLOCK.search(opening.group("ts")):
                        # "2021-08-27: At 12:50:07 UTC, issue exploited": its time opens it.
                        add(opening.group("ts"), opening.group("text"), zone)
                    else:
                        reader.dated_rows.append((on, d.group("text")))
                        add(None, d.group("text"), zone)
                elif block.kind == "para" and not begun and not _STAMP_LIKE.match(line):
                    continue  # the timeline's introduction, not a row
                elif block.kind == "para" and line.endswith(":") and not _STAMP_LIKE.match(line):
                    continue  # "… shortly after the public chat starts:" introduces the rows
                elif block.kind == "para" and events and events[-1]["in"] is section:
                    # Untimed text after a timed row of the same section, not a bullet of its
                    # own: more of that row (a chat message under its time, a wrapped line).
                    events[-1]["text"] = f"{events[-1]['text']} {line}"
                else:
                    add(None, line, zone)
    _night_dated_once(events, day, warnings)
    _date_relative(reader, events, relative_base, day=current, zone=zone, options=options)
    _year_typos(events, reader.warnings)
    for event in events:
        del event["in"]
        event.pop("offset", None)
    return events


def _told_rows(block: Block) -> list[tuple[str | None, str]]:
    """A timeline paragraph's sentences, each with the time it says it happened at, if any.

    Only for prose that tells times inside its sentences, not at the start of its lines: more
    sentences say "at 02:09 AM UTC" than lines open on a stamp (a paragraph of stamped lines,
    one row a line, is read line by line). None: the paragraph is not such prose.
    """
    lines = block.lines()
    text = " ".join(" ".join(lines).split())
    sentences = [s for s in re.split(r"(?<=[.;!?])(?<![ap]\.m\.)\s+", text) if s]
    told: list[tuple[str | None, str]] = []
    for sentence in sentences:
        # ("from 13:34 to 13:37" opens a window: no row's moment)
        moments = (
            t
            for t in SENTENCE_TIME.finditer(sentence)
            if t.group("prep") and not window_opened(sentence, t)
        )
        m = next(moments, None)
        told.append((sentence[m.start("ts") : m.end()] if m else None, sentence))
    stamped_lines = sum(1 for ln in lines if values.TIMESTAMP_PREFIX.match(ln.strip()))
    timed = sum(1 for stamp, _ in told if stamp is not None)
    return told if timed > max(stamped_lines, 1) else []


#: A year in a written day: "2026-07-02", "March 7, 2019".
_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _night_dated_once(events: list[dict[str, Any]], day: date | None, warnings: list[str]) -> None:
    """Rows of one night written with one day: "[03-26 23:04]" above "[03-26 02:50]".

    When a row's clock runs back by hours from the row above on the same written day, the
    writer dated the night by one of its days. The day the document states for the incident
    ("March 26th, 2019 Boskos Outage") is the one the later rows keep: the evening's rows
    before the jump were the day before. Without a stated day (or another), the rows after
    the jump are the next day, as a bare time past midnight is. A day written whole, with its
    year ("2026-07-02 14:21" above "2026-07-02 07:48"), is the writer's own dating of each row,
    not a night's shorthand: rows written out of order keep their days.
    """
    timed = [e for e in events if e["occurred_at"] is not None and e["time_text"]]
    for before, after in pairwise(timed):
        written = HAS_DAY.search(after["time_text"])
        if (
            written is None
            or _WRITTEN_YEAR.search(after["time_text"])  # ("Mar 25, 2024 17:05": whole)
            or not HAS_CLOCK.search(after["time_text"])
            or (mark := HAS_DAY.search(before["time_text"])) is None
            or mark.group(0) != written.group(0)
            or not (
                before["occurred_at"] - DAY
                < after["occurred_at"]
                < before["occurred_at"] - timedelta(hours=1)
            )
        ):
            continue
        same = [
            e
            for e in timed
            if (m := HAS_DAY.search(e["time_text"])) and m.group(0) == written.group(0)
        ]
        cut = timed.index(after)
        shifted_back = day is not None and after["occurred_at"].date() <= day
        for e in same:
            if (timed.index(e) < cut) == shifted_back:
                e["occurred_at"] += -DAY if shifted_back else DAY
        warnings.append(
            f"timeline_events: {after['time_text']!r} runs back from {before['time_text']!r} on "
            "the same written day; the night is read across two days"
        )
        return


def _year_typos(events: list[dict[str, Any]], warnings: list[str]) -> None:
    """Rows dated a year before the rows around them ("2013-12-03" among 2014's): a typo.

    A row whose date, a year later, falls between the previous row and the next row dated
    in the right year (within a day) was written with last year's number, as people do in
    the first weeks of a year or when copying a row; it is read a year later, with a warning.
    """
    timed = [e for e in events if e["occurred_at"] is not None]
    for i, event in enumerate(timed):
        when = event["occurred_at"]
        before = timed[i - 1]["occurred_at"] if i else None
        after = next(
            (e["occurred_at"] for e in timed[i + 1 :] if e["occurred_at"] - when > _YEAR_GAP),
            None,
        )
        try:
            later = when.replace(year=when.year + 1)
        except ValueError:  # 29 February
            continue
        if (
            before is not None
            and before - when > _YEAR_GAP
            and before - DAY <= later
            and (after is None or later <= after + DAY)
        ):
            event["occurred_at"] = later
            warnings.append(
                f"timeline_events: the row {event['time_text']!r} is dated a year before the rows "
                "around it; read as a typo for the next year"
            )


_YEAR_GAP = timedelta(days=300)


def stale_years(reader: Reader, timeline: list[dict[str, Any]], published: date) -> None:
    """A timeline dated years before its own publication, on days just before it: a typo.

    "2015-08-15 (all times in UTC)" heading the timeline of a post published 2019-08-15
    was copied from an older report or template with its year left unchanged: nobody
    publishes a write-up years later on the very days of the incident. When every day the
    timeline states, moved to the publication's year, falls within ``WRITE_UP_LAG``
    before the publication, the rows are read in that year, with a warning.
    """
    days = reader.timeline_days
    if not days or published - max(days) < _YEAR_GAP:
        return
    shift = published.year - max(days).year
    try:
        moved = [d.replace(year=d.year + shift) for d in days]
    except ValueError:  # 29 February
        return
    if not all(published - WRITE_UP_LAG <= d <= published + DAY for d in moved):
        return
    for event in timeline:
        if event["occurred_at"] is not None:
            event["occurred_at"] = event["occurred_at"].replace(
                year=event["occurred_at"].year + shift
            )
    reader.timeline_days = moved
    reader.warnings.append(
        f"timeline_events: the timeline's days ({min(days).isoformat()}…) come {shift} year(s) "
        f"before its publication ({published.isoformat()}) on the days just before it; "
        "read as a typo for the publication's year"
    )


#: A row stamped relative to the incident's zero time: "T+15m: …", "T+0 (14:05 UTC): …",
#: "T-5 min - …", "+2h: …", "[+1 hrs] — …" (bracketed, as a table's cell writes it).
_RELATIVE = re.compile(
    r"^\s*(?P<stamp>[\[(]?(?:T\s*(?P<sign>[+-])|T(?=0)|(?P<plus>\+))\s*(?P<n>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)?[\])]?)\s*"
    r"(?:\((?P<clock>[^)]*\d:\d\d[^)]*)\))?\s*[:\-\u2013\u2014|]\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
#: A time cell that is an offset alone: "T+15m", "[+2 hrs]", "+10 minutes".
_RELATIVE_CELL = re.compile(
    r"^\s*[\[(]?\s*(?:T\s*(?P<sign>[+-])|T(?=0)|(?P<plus>\+))\s*(?P<n>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)?\s*[\])]?\s*$",
    re.IGNORECASE,
)
#: Where a document says when its zero time was: "T0 = 14:05 UTC", "T+0 is 2024-03-02 09:00".
_ZERO_TIME = re.compile(
    r"\bT\s*\+?\s*0\b\s*(?:=|:|is|was|\()\s*(?P<when>[^.;)]*\d{1,2}:\d{2}[^.;)]*)", re.IGNORECASE
)


def _offset_minutes(m: re.Match[str]) -> float:
    """The minutes a relative stamp states ("T+15m" 15, "T-2h" -120; no unit = minutes)."""
    n = float(m.group("n").replace(",", "."))
    unit = (m.group("unit") or "m").lower()[0]
    n *= {"s": 1 / 60, "m": 1, "h": 60, "d": 1440}[unit]
    return -n if m.group("sign") == "-" else n


def _date_relative(  # noqa: C901, PLR0913 - the rows and all that can give their zero time
    reader: Reader,
    events: list[dict[str, Any]],
    base_text: str | None,
    *,
    day: date | None,
    zone: tzinfo,
    options: ParseOptions,
) -> None:
    """Rows stamped "T+15m" dated from the zero time the document states.

    T0 is the clock a "T+0 (14:05 UTC)" row carries, else a line "T0 = 14:05 UTC", else the
    start of impact the document's fields state; with none, the rows keep no time.
    """
    if not any("offset" in e for e in events):
        return
    if base_text is None:
        for section in reader.doc.sections:
            for block in section.blocks:
                for line in block.lines():
                    if m := _ZERO_TIME.search(line):
                        base_text = m.group("when")
                        break
    lead = _lead_row(events) if base_text is None else None
    if lead is not None:
        reader.warnings.append(
            f"timeline_events: rows stamped '+N' read after the row {lead['time_text']!r}"
        )
    base_text = base_text or reader.label("time_of_first_trigger")
    base = (
        lead["occurred_at"]
        if lead is not None
        else values.parse_datetime(
            base_text, default_zone=zone, default_date=day, day_first=options.day_first
        )
        if base_text
        else None
    )
    if base is None:
        reader.warnings.append(
            "timeline_events: rows are stamped relative to T0 but no T0 time is stated"
        )
        return
    for e in events:
        if "offset" in e:
            e["occurred_at"] = base + timedelta(minutes=e["offset"])


def _lead_row(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """With no T0 stated, the timed row that "+2 hrs" rows follow, which they count from."""
    lead = next((e for e in events if "offset" not in e and e["occurred_at"]), None)
    first_offset = next(i for i, e in enumerate(events) if "offset" in e)
    return lead if lead is not None and events.index(lead) < first_offset else None


#: A line opening with what is meant as a date, filled in or not ("2023-MM-DD: token made").
_STAMP_LIKE = re.compile(r"^\s*[\[(]?\s*(?:\d{4}-|\d{1,2}[/.-]\d{1,2}[/.-]|[yYmMdD]{2,4}[-/.])")
#: A row dated without a time: "01-31-2024 - The fix was added", "2024-02-01: v2 released",
#: "February 21, 2023: work started" (a day in words, with its year).
_DATED_ROW = re.compile(
    # (its weekday before it too: "Sunday 19th February 2017: A member … discovers the exploit")
    r"^\s*(?P<day>" + WEEKDAY_BEFORE + r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|"
    r"(?i:" + MONTH_NAME + r")\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:" + MONTH_NAME + r"),?\s+\d{4}))"
    r"\s*[-\u2013\u2014:|]\s+"
    r"(?P<text>(?:[A-Za-z]|[@#\[(*_\"'\u201c]\S).*)$"
)


def is_stamped(line: str) -> bool:
    """Whether a line opens with a time (a timeline row's stamp)."""
    line = " ".join(line.split())
    return bool(
        values.TIMESTAMP_PREFIX.match(line)
        or BARE_TIME.match(line)
        or HHMM.match(line)
        or _RELATIVE.match(line)
        or _DATED_ROW.match(line)
        or _DOT_CLOCK_ROW.match(line)
    )


def _stamp_alone(line: str) -> bool:
    """A date and time with nothing after it ("2019-07-20 20:30", "**2021-06-03 9:00 UTC**")."""
    m = values.TIMESTAMP_PREFIX.match(line.strip(" *_"))
    return bool(
        m
        and not m.group("text")
        and HAS_DAY.search(m.group("ts"))
        and HAS_CLOCK.search(m.group("ts"))
        and not line.strip(" *_")[m.end("ts") :].strip(" :-\u2013\u2014)]")
    )


def _holds_rows(section: Section) -> bool:
    """Whether a section's body is timed rows (a period heading), not one event's text."""
    if section.blocks and section.blocks[0].kind == "table":
        return True
    lines = [ln for b in section.blocks for ln in b.lines() if ln.strip()]

    def timed(line: str) -> bool:
        return bool(values.TIMESTAMP_PREFIX.match(line) or BARE_TIME.match(line.strip()))

    # It opens with a timed row and holds more: a log quoted under an event's heading does not
    # open it ("### 10:00" / "Hub logs show …" / "2018-07-07 18:32:27 CEST TimeoutError").
    return bool(lines) and timed(lines[0]) and sum(map(timed, lines)) >= 2  # noqa: PLR2004


_CLOCK_OF = re.compile(
    r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?(?![a-z]))?",
    re.IGNORECASE,
)
#: A chat export's message header: "nova — Today at 10:42 AM" (Discord), "nova — 12/13/2022
#: 10:42 AM", "nova  10:42 AM" (Slack): a name, then the time alone, the message below.
_CHAT_HEADER = re.compile(
    r"^\s*(?P<who>@?[A-Za-z][\w.'-]{0,30}(?: [A-Za-z][\w.'-]{0,30})?)\s*"
    r"(?:(?:\u2014|\u2013|-)\s*(?:(?:today|yesterday)\s+at\s+)?"
    r"(?P<ts1>(?:\d{1,2}/\d{1,2}/\d{2,4}\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)"
    r"|(?P<ts2>\d{1,2}:\d{2}\s*[ap]\.?m\.?))\s*$",
    re.IGNORECASE,
)
#: A timeline line that names a moment, then gives its full date and time: "Feil introdusert:
#: 14.11.2023 10:47", "Impact ended: 2024-02-22 14:00".
_LABELLED_ROW = re.compile(
    r"^\W*(?P<text>[^\W\d][^:]{1,40}?):\s*(?P<ts>(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})"
    r"[ T]+\d{1,2}[.:]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?\s*(?:Z|UTC)?)\s*$",
    re.IGNORECASE,
)
#: A time cell that is a clock written with a dot: "15.15", "9.30".
_DOT_CLOCK = re.compile(r"(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)")
#: A clock said with its word, or marked unsure: Norwegian "kl 11:00? oppgraderingen …",
#: "24.05.2023 ca kl 07:25 : …", "10:10 ca - Stoppe …", "23:06ish", "23:04+" (from then on).
#: The word and the mark go; the day and the clock stay.
_CLOCK_WORD = re.compile(
    r"^(?P<lead>\W*(?:\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\s+)?)(?:ca\.?\s+)?(?:kl\.?|klokka|klokken)\s*"
    r"(?=\d{1,2}[:.]\d{2})",
    re.IGNORECASE,
)
#: Seconds after a dot: "12:53.34 Feature toggle skrudd på" is 12:53:34.
_DOTTED_SECONDS = re.compile(r"^(?P<lead>\W*)(?P<clock>\d{1,2}:\d{2})\.(?P<s>[0-5]\d)(?![\d.])")
_UNSURE_CLOCK = re.compile(
    r"(?<![\d:])(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?:\?|\+(?!\d)|ish\b|\s+ca\.?(?=\s|$))",
    re.IGNORECASE,
)


#: A log's row that gives its day in brackets or names its source before the clock: "(2016-09-22)
#: SAL: 20:00 thcipriani: rolling out", "(2016-09-23) 9:44 The phab task is created", "SAL:
#: 09:58 logmsgbot: …" (Wikimedia's server admin log).
_TAGGED_CLOCK = re.compile(
    r"^(?P<lead>\W*?)(?:[(\[](?P<day>\d{4}-\d{2}-\d{2})[)\]]\s*)?(?:(?-i:[A-Z]{2,5}):\s*)?"
    r"(?=\d{1,2}:\d{2}(?!\d))"
)


def _untagged(m: re.Match[str]) -> str:
    return m.group("lead") + (f"{m.group('day')} " if m.group("day") else "")


def spoken_clock(line: str) -> str:
    """A row's clock without its "kl" word or its unsure mark ("kl 11:00?" -> "11:00").

    A day in brackets or a log's name before it goes too ("(2016-09-22) SAL: 20:00" ->
    "2016-09-22 20:00").
    """
    line = _TAGGED_CLOCK.sub(_untagged, line, count=1)
    line = _CLOCK_WORD.sub(r"\g<lead>", line, count=1)
    line = _DOTTED_SECONDS.sub(r"\g<lead>\g<clock>:\g<s>", line, count=1)
    return _UNSURE_CLOCK.sub(r"\g<clock>", line, count=1)


#: A row whose clock is written with a dot: "10.42: the application became unavailable",
#: "14.05 - failover". The separator after it keeps version numbers and amounts out.
_DOT_CLOCK_ROW = re.compile(
    r"^\s*" + _DOT_CLOCK.pattern + r"(?P<rest>\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?)"
    r"\s*(?::|\s[-\u2013\u2014])\s+(?P<text>\S.*)$"
)
_PINNED_DAY = re.compile(
    r"(?:unless otherwise (?:noted|stated)|all (?:events|times|entries)\b[^.]{0,40}?\bon)\b"
    r"[^.]{0,40}?"
    r"(?P<day>" + FULL_DATE.pattern + r")",
    re.IGNORECASE,
)
#: A date with no time of day: "2021-06-16", "06/16/2021", "June 16, 2021", "16 June 2021".
_DAY_ONLY = re.compile(
    # (its weekday before it too: "| Saturday 8th May 2021 | Pull request … merged |")
    WEEKDAY_BEFORE + r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|"
    r"(?i:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?(?:,?\s+\d{4})?))"
)
#: ISO 8601's basic form of a day before its clock ("20180110T16:11"), as log tools print it.
_BASIC_ISO_DAY = re.compile(r"\b(\d{4})(0[1-9]|1[0-2])([0-3]\d)T(?=\d{1,2}:\d{2})")
#: A marker alone on its line, in angle brackets: "<START OF OUTAGE>", "**<END OF OUTAGE>**".
_MARKER_LINE = re.compile(r"[*_]*<[A-Z][A-Z ]+>[*_]*")
#: A year, written in full.
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
#: A row whose time is template text: "2022-06-02 HH:mm — …", "--:-- …".
_PLACEHOLDER_PREFIX = re.compile(
    r"^\s*(?P<ts>(?:\d{4}-\d{2}-\d{2}\s+)?(?:hh:mm(?::ss)?|--:--|xx:xx|\?\?:\?\?))"
    r"\s*(?:[-\u2013\u2014:|]+\s*)?(?P<text>.*)$",
    re.IGNORECASE,
)


def _day_in(text: str, year_of: date | None, options: ParseOptions) -> date | None:
    """The day a short heading or line names ("2 June", "Thursday, 2022-06-02"), if any."""
    # "27-feb:" (Wikitech 2025-02-28's day lines): the day and its month joined by a dash
    text = re.sub(r"^(\d{1,2})-(" + MONTH_NAME + r")$", r"\1 \2", text, flags=re.IGNORECASE)
    if not HAS_DAY.search(text):
        return None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    base = year_of or date(2000, 1, 1)
    when = values.parse_datetime(
        cleaned + " 00:00", default_zone=UTC, default_date=base, day_first=options.day_first
    )
    return when.date() if when is not None else None


def _first_day(sections: list[Section], options: ParseOptions) -> date | None:
    """The first full date written anywhere in the timeline (dates a time-only row above it)."""
    for section in sections:
        for text in [section.title, *(ln for b in section.blocks for ln in b.lines())]:
            m = FULL_DATE.search(text or "")
            if m and (d := date_only(m.group(0), options)):
                return d
    return None


#: A column header that names a classification of the row, not what happened in it.
_CLASS_HEADER = re.compile(r"^.*\b(?:type|kind|category|class)$")
#: A clock whose hour is one digit ("1:52", not "01:52" or "13:52").
_ONE_DIGIT_HOUR = re.compile(r"(?<![\d:])\d:[0-5]\d(?!\s*[ap]\.?m)", re.IGNORECASE)


def _afternoon_unmarked(text: str, when: datetime, last: datetime, zone: tzinfo) -> bool:
    """A 12-hour clock written without its "pm" after a morning's rows.

    "11:16", "11:54", "12:16", then "1:52" and "3:31": the writer's clock went past noon, not
    round to the next night. Only a one-digit hour after a row between 8 and 12 o'clock is so
    read, and only when its afternoon reading lies within eight hours of that row.
    """
    return (
        _ONE_DIGIT_HOUR.search(text) is not None
        and 8 <= last.astimezone(zone).hour <= 12  # noqa: PLR2004 - morning to noon
        and last - timedelta(hours=1) <= when + HALF_DAY <= last + timedelta(hours=8)
    )


#: A bullet's mark at the start of a line of a code block.
_CODE_BULLET = re.compile(r"^\s*[-*+\u2022]\s+")
#: A table cell holding a clock without its colon: "0730", "1230".
_COLONLESS_CLOCK = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")


def _table_rows(block: Block, add: Any, zone: tzinfo, events: list[dict[str, Any]]) -> None:  # noqa: ANN401
    header = [normalise(c) for c in block.rows[0]]
    # Japanese headers too: 時刻 / 日時 (time), 日付 (date), イベント / 内容 / 出来事 (event);
    # Norwegian: Klokkeslett / Tidspunkt (time of day), Hendelse (event).
    t_col = column_index(
        header,
        (
            "time",
            "date time",
            "timestamp",
            "when",
            "date",
            "時刻",
            "日時",
            "klokkeslett",
            "tidspunkt",
        ),
    )
    d_col = column_index(header, ("date", "day", "日付"))
    d_col = d_col if d_col != t_col else None
    # "| Time | Event Type | Description |": the type column classifies the row
    # (`operator`, `comms`); the description is its event.
    e_col = column_index(
        [_CLASS_HEADER.sub("", h) for h in header],
        (
            "event",
            "events",
            "description",
            "action",
            "what happened",
            "impact",
            "イベント",
            "内容",
            "出来事",
            "事象",
            "hendelse",
            "hendelser",
        ),
    )
    who = column_index(header, ("who what", "who", "actor", "owner"))
    rows = block.rows[1:] if t_col is not None or e_col is not None else block.rows
    # "| 0730 | `operator` | …" under a "Time" header: a clock written without its colon. A
    # column headed "Date", or no header at all, may hold a year ("2019") instead.
    clock_col = t_col is not None and header[t_col] != "date"
    t_col = 0 if t_col is None else t_col
    for row in rows:
        text = row[e_col] if e_col is not None and e_col < len(row) else ""
        if e_col is None:
            text = " — ".join(c for i, c in enumerate(row) if i not in (t_col, d_col, who) and c)
        actor = row[who] if who is not None and who < len(row) and row[who] else None
        ts = row[t_col] if t_col < len(row) else None
        ts = spoken_clock(ts) if ts else ts
        if ts and (dot := _DOT_CLOCK.fullmatch(ts.strip())):
            ts = f"{dot.group('h')}:{dot.group('m')}"  # "| 15.15 | …": a clock written with a dot
        if ts and clock_col and _COLONLESS_CLOCK.fullmatch(ts.strip()):
            ts = values.hhmm_with_colon(ts.strip())
        if d_col is not None and d_col < len(row) and row[d_col]:
            ts = f"{row[d_col]} {ts or ''}".strip()
        if ts and (rel := _RELATIVE_CELL.match(ts)):
            # "[+2 hrs]" / "+10 minutes" under a first row's full time: after that row.
            add(None, text, zone, actor)
            events[-1]["offset"] = _offset_minutes(rel)
            events[-1]["time_text"] = ts
        elif text or ts:
            add(ts or None, text, zone, actor)


def rows_on_labelled_days(
    labelled: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    warnings: list[str],
    *,
    own_days: bool = False,
) -> None:
    """Rows of bare clocks moved to the days a labelled start or end gives their clock.

    "Start 2022-12-06 12:27:18 … End 2022-12-09 02:39:00" over rows "12:27 deployment starts
    (problems begin)", "01:55 … alerts …", …, "02:39 train rollback complete" on a page dated
    2022-12-09: the row at the start's clock is on the start's day, the one at the end's clock
    on the end's; the rows between lead up to the end when they cannot follow the start, and
    the rows after each keep their distance from it.
    """
    if own_days:  # rows under day lines of their own ("27-feb:", "28-feb:") keep those days
        return
    rows = [e for e in timeline if e["occurred_at"] is not None]
    if len(rows) < 2 or any(HAS_DAY.search(e["time_text"] or "") for e in rows):  # noqa: PLR2004
        return
    anchors = _label_anchors(labelled, [e["occurred_at"] for e in rows])
    if not anchors:
        return
    old = [e["occurred_at"] for e in rows]
    new: list[datetime] = list(old)
    order = sorted(anchors)
    for i in order:
        new[i] = anchors[i]
    for i in range(order[0] - 1, -1, -1):
        new[i] = new[i + 1] - (old[i + 1] - old[i])
    for a, b in pairwise([*order, len(rows)]):
        follows = b == len(rows) or new[a] + (old[b] - old[a]) == new[b]
        for i in range(a + 1, b) if follows else range(b - 1, a, -1):
            # after the anchor, at the rows' own distance; else leading up to the next one
            new[i] = new[a] + (old[i] - old[a]) if follows else new[b] - (old[b] - old[i])
    for e, when in zip(rows, new, strict=True):
        e["occurred_at"] = when
    warnings.append("timeline_events: rows dated by the labelled start/end whose clocks they give")


def _label_anchors(
    labelled: dict[str, datetime | None], times: list[datetime]
) -> dict[int, datetime]:
    """The rows whose clock a labelled start or end gives on another day: row -> the label's."""
    anchors: dict[int, datetime] = {}
    for key in ("time_of_first_trigger", "time_of_recovery"):
        at = labelled.get(key)
        if at is None:
            continue
        for i, t in enumerate(times):
            days = round((at - t) / DAY)
            if days and abs(at - t - days * DAY) <= timedelta(minutes=1) and i not in anchors:
                anchors[i] = t + days * DAY
                break
    return anchors
