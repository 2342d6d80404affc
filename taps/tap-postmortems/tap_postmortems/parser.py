"""Postmortem document -> incident record: deterministic, and explicit about what it missed.

Facts are looked for where the common templates put them, in this order: "Label: value"
lines and key/value tables (labels matched against per-field aliases, configurable),
sections under a matching heading, and, for the incident's timestamps, timeline entries
whose text names the moment ("impact began", "on-call paged", …). A timestamp given as
a duration ("detected after 8 minutes", "Time to Detect: 8 min") is anchored to the
impact start. Everything not found is listed in ``parse_warnings`` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from tap_postmortems import counts, values
from tap_postmortems.actions import listed_under, read_actions, shaped_actions
from tap_postmortems.causes import read_affected, read_root_causes, section_items, severity_in_prose
from tap_postmortems.clocks import (
    CLOCK_OF_VALUE,
    DAY,
    FULL_DATE,
    HALF_DAY,
    HAS_CLOCK,
    MERIDIEM,
    date_only,
    written_day_first,
)
from tap_postmortems.days import (
    CLOCKED_SPAN,
    DATELINE_TITLE,
    INCIDENT_WORDS,
    MONTH_DAY,
    OPENS_ON_DAY,
    START_FIELDS,
    WRITE_UP_LAG,
    captured_address,
    dashboard_day,
    date_in_name,
    dateline_day,
    dateline_story_day,
    days_before_publication,
    days_running,
    full_dates,
    incident_day,
    lead_span,
    listed_day,
    moment_label_day,
    name_day,
    name_stem,
    packed_title_day,
    permalink_day,
    published_day,
    record_line,
    release_day,
    span_in,
    stated_date,
    summary_date,
    unbracketed_clocks,
    unordered_day_in_name,
    until_clock,
    utc_label_day,
    weekday_year,
    window_day_of_rows,
    written_days,
    written_in_full,
    year_in,
    year_slip,
)
from tap_postmortems.fields import (
    CORE_FIELDS,
    DEFAULT_ALIASES,
    STATED_DURATIONS,
    TIME_FIELDS,
    TIMELINE_EVENTS,
    Parsed,
    ParseOptions,
    normalise,
    section_headings,
)
from tap_postmortems.front_matter import (
    detected_in_notice,
    failing_since_before_post,
    front_moments,
    resolved_by_last_update,
    started_at_post,
)
from tap_postmortems.lengths import (
    BRACKETED_LENGTH,
    agreeing_length,
    impact_window,
    stated_durations,
)
from tap_postmortems.links import URL, incident_links_in, is_status_page, offset_by_message_links
from tap_postmortems.moments import (
    alert_row_before,
    detection_after_stated_start,
    detection_method_of,
    detection_time,
    earlier_in_prose,
    impact_end_row,
    last_working_row,
    lead_end_in_rows,
    marked_start_day,
    only_customer,
    recovered_before_close,
    scheduled_release,
    start_by_length,
    story_day,
    times_from_timeline,
)
from tap_postmortems.prose_moments import PLANNED, prose_events
from tap_postmortems.reader import PART_VALUE, Reader, body_lines, reflowed
from tap_postmortems.timeline_rows import read_timeline, rows_on_labelled_days, stale_years
from tap_postmortems.timeline_sections import section_of_rows, stamped_lines_section
from tap_postmortems.titles import (
    name_under_label,
    names_nothing,
    opening_heading,
    site_name_dropped,
    split_title,
)
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from tap_postmortems.document import Document, Section

# What the tap, its tests and the bench import: the modules above are the parser's parts.
__all__ = [
    "CORE_FIELDS",
    "DEFAULT_ALIASES",
    "STATED_DURATIONS",
    "TIME_FIELDS",
    "ParseOptions",
    "Parsed",
    "normalise",
    "parse_document",
    "section_headings",
]


#: A timeline day this far from the day the lead writes out was copied from elsewhere.
_COPIED_DAY_GAP = timedelta(days=30)


def _offset(when: datetime) -> str:
    """A moment's UTC offset as written after "UTC": "+02:00", "-05:00"."""
    offset = when.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


#: How far from the day a title or "Date:" states an impact window's date is a slip.
_WINDOW_SLIP = timedelta(days=7)
#: How long after a timeline of days begins a stated date is the report's, not the story's.
_REPORT_GAP = timedelta(days=14)


def _all_lines(doc: Document) -> list[str]:
    """The document's title and every line of its sections."""
    lines = [doc.title or "", *(section.title or "" for section in doc.sections)]
    return lines + [
        line for section in doc.sections for block in section.blocks for line in block.lines()
    ]


def _posted_day(doc: Document, document_name: str | None, options: ParseOptions) -> date | None:
    """The publication day a post's address or a press release's header gives, if unknown."""
    if doc.published:
        return None
    return permalink_day(document_name) or release_day(body_lines(doc), options)


def parse_document(
    doc: Document, options: ParseOptions, document_name: str | None = None
) -> Parsed:
    """Extract the incident record and its child rows from a document.

    ``document_name`` (the file's name) can date the incident ("2022-06-02-db-outage.md"); a
    blog post's address ("blog.example.org/2013/01/31/postmortem.html") dates its publication.
    """
    posted = _posted_day(doc, document_name := captured_address(document_name), options)
    if posted is not None:
        # A blog's permalink carries the day the post went out, as its front matter would:
        # the year of "on January 30th" and the last resort for an undated story.
        doc = replace(doc, published=posted.isoformat())
    day_first = None if options.day_first else written_day_first(_all_lines(doc))
    if day_first is not None:
        options = replace(options, day_first=True)
    reader = Reader(doc, options)
    warnings = reader.warnings
    if day_first is not None:
        warnings.append(f"dates: slashed days read day first: {day_first}")
    if posted is not None:
        warnings.append(
            f"published: {posted.isoformat()}, the day in the post's address or release header"
        )
    out: dict[str, Any] = {}
    raw_title, title_date = _name(reader, document_name, out)
    zone = reader.doc_zone or options.default_zone
    dates = _story_day(reader, document_name, title_date, zone)
    timeline_sections, timeline = _timeline_and_its_days(reader, dates, document_name)
    _mend_stated_day(reader, dates, timeline)
    times, relative = _labelled_times(reader, dates.day, zone, timeline)
    _reported_detection(reader, times, timeline)
    front_moments(doc, times, zone, warnings)
    recovered_before_close(times, timeline, warnings)
    window_minutes = _labelled_window(
        reader, times, (dates.day, _prose_zone(reader, timeline_sections, zone)), timeline
    )
    win_minutes = _stated_window(reader, dates, times, timeline_sections, zone)
    labelled_detect = times["time_of_internal_detect"]
    detection_time(reader, times, dates.day, zone, options)
    section_detect = times["time_of_internal_detect"] if labelled_detect is None else None
    began_on = _moments(
        reader, dates, times, relative, timeline_sections, timeline, zone
    ) or failing_since_before_post(doc, times, warnings)
    if section_detect is not None and times["time_of_internal_detect"] == section_detect:
        alert_row_before(times, timeline, section_detect, warnings)
    stated = _stated_lengths(reader, relative, win_minutes, window_minutes)
    out.update(stated)
    written = reader.zone_for(timeline_sections[0]) if timeline_sections else zone
    unmarked = _unmarked_start(reader, times["time_of_first_trigger"], timeline, written)
    anchor, guessed = _start(reader, times, (timeline, dates), stated)
    _lengths_against_times(reader, times, out, anchor, guessed=guessed)
    _after_start(times, relative, timeline, anchor, dates.day, warnings)
    _last_checks(reader, times, out, timeline)
    for key in TIME_FIELDS:
        out[key] = times[key]
    incident_date = _incident_date(
        dates, times, (anchor, unmarked, written), began_on, warnings, guessed=guessed
    )
    incident_date = _unless_stand_in_year(
        reader,
        _day_as_written(reader, (incident_date, dates.incident_date), anchor, written)
        or _day_told_last(reader),
        (raw_title, document_name),
        warnings,
    )
    out["incident_date"] = incident_date
    if incident_date is None:
        warnings.append("incident_date: no date label, dated title, file name or timeline date")
    _zone_warning(reader, times, incident_date, zone)
    _counts_and_classification(reader, raw_title, times, out)
    _links(reader, out)
    parsed = _children(reader, out, timeline, timeline_sections, zone)
    _not_found(out, warnings)
    return parsed


#: The year 2000 written as a year: "2000-06-17", "17 June 2000", "'00".
_YEAR_2000 = re.compile(r"(?<![\d.])2000(?![\d.])|'00\b")


def _unless_stand_in_year(
    reader: Reader, day: date | None, names: tuple[str | None, str | None], warnings: list[str]
) -> date | None:
    """The incident's day, unless its year is the stand-in for none the document writes."""
    if day is None or day.year != values.STAND_IN_YEAR:
        return day
    if _YEAR_2000.search(" ".join([*(n or "" for n in names), *body_lines(reader.doc)])):
        return day
    warnings.append(
        "incident_date: the document states no year (its days are written without one, and "
        "no title, file name or label dates it); not read. Its times keep a stand-in year "
        f"({values.STAND_IN_YEAR}) so that their order and lengths hold: write the date in "
        "the title or a 'Date:' line"
    )
    return None


#: The warnings that say a moment was taken for want of one the text marks (the first timeline
#: row as the start, and as the detection): what the document says, read by default.
_ASSUMED = {
    "time_of_first_trigger": (
        "time_of_first_trigger: taken from the first",
        "time_of_first_trigger: nothing marks the start",
        "time_of_first_trigger: no timeline and nothing marks the start",
    ),
    "time_of_internal_detect": ("time_of_internal_detect: nothing marks the detection",),
}


def _assumed(times: dict[str, datetime | None], out: dict[str, Any], warnings: list[str]) -> None:
    """Whether the start and the detection were only assumed (``<field>_assumed``).

    A time to detect of 0 because the first row was taken for both is no measure of how fast
    the team noticed: the models rank such a moment below a vendor's measured one.
    """
    for key, prefixes in _ASSUMED.items():
        out[f"{key}_assumed"] = times[key] is not None and any(
            w.startswith(prefixes) for w in warnings
        )


def _last_checks(
    reader: Reader,
    times: dict[str, datetime | None],
    out: dict[str, Any],
    timeline: list[dict[str, Any]],
) -> None:
    """The moments' last checks: implausible ones dropped, alerts placed, a status entry closed.

    Then whether the start and the detection left were only assumed.
    """
    _year_slip_in_rows(reader, times, timeline)
    _implausible_times(reader, times)
    _alerted_at_start(reader, times, timeline)
    _alerted_after_report(reader, times)
    detected_in_notice(reader.doc, times, reader.warnings)
    resolved_by_last_update(reader.doc, (times, out), timeline, reader.warnings)
    _assumed(times, out, reader.warnings)


@dataclass(slots=True)
class _Days:
    """The days a document states for its incident, and the one its times of day are read on.

    ``incident_date`` is a "Date:" label's (dropped when it proves to be the report's date),
    ``title_date`` the title's, ``summary_day`` one a sentence of the lead or story states;
    ``day`` is the day bare times of day fall on. ``told`` holds the sentences that dated a
    post (its times are read there too); ``told_day`` says that ``day`` was only borrowed
    (from the publication, a name, a day without its year), so a timeline's own days win.
    """

    title_date: date | None
    incident_date: date | None = None
    summary_day: date | None = None
    day: date | None = None
    told: list[str] = field(default_factory=list)
    told_day: bool = False
    published: date | None = None
    named: date | None = None


def _name(
    reader: Reader, document_name: str | None, out: dict[str, Any]
) -> tuple[str | None, date | None]:
    """The incident's name (into ``out``), the title as written, and the day the title states."""
    doc, options, warnings = reader.doc, reader.options, reader.warnings
    raw_title = doc.page_title
    if raw_title and (under := name_under_label(doc, raw_title)):
        raw_title = under  # "# ISSUE NAME" over the name: the template's label, filled below
    elif raw_title and names_nothing(raw_title):
        raw_title = None  # "# Overview", "# Metadata": the report opens on a section, unnamed
    raw_title = (
        raw_title
        or reader.label("incident_name")
        or site_name_dropped(doc.html_title)
        or opening_heading(doc)
    )
    name, title_date = split_title(raw_title or "", options)
    if not name and document_name:
        # No title in the text: the document's own name is the one its authors gave it, but
        # for the number a register of reports puts first ("002-cloudflare-…").
        stem = re.sub(r"^0\d{1,4}[-_\s]+(?=\D)", "", name_stem(document_name))
        name, title_date = split_title(stem, options)
        warnings.append("incident_name: no title in the document; its file name is used")
    if raw_title and (title_span := span_in(raw_title)):
        # "… dependency chain between December 25th and December 30th, 2022": the first day.
        title_date = title_span[0]
    if (
        title_date is not None
        and vocabulary().dates["own_title"].search(raw_title or "")
        and (
            told := summary_date(
                reader,
                options,
                title_date.year,
                [ln for ln in body_lines(reader.doc) if OPENS_ON_DAY.search(ln)],
            )
        )
        is not None
        and title_date - WRITE_UP_LAG <= told < title_date
    ):
        # "2023-01-19 - Security Advisory: …" dates the advisory; a sentence opening on an
        # earlier day ("On the 16th January, 2023, we were informed about a possible
        # vulnerability") dates the incident, in the title's place.
        warnings.append(
            f"incident_date: the title's {title_date.isoformat()} dates the advisory; the "
            f"story's {told.isoformat()} is taken"
        )
        title_date = told
    elif (
        title_date is not None
        and DATELINE_TITLE.match(raw_title or "")
        and (told := dateline_story_day(until_clock(body_lines(reader.doc)), title_date, options))
        is not None
    ):
        # "Dec 23, 2019 - Recent Landsat 7 Data Recorder Anomaly" over "experienced a 'choke
        # anomaly' early December 17, 2019": a notice's dateline, the story's day earlier. The
        # story opens before its first clock; later days (a log of commits) are no story's.
        warnings.append(
            f"incident_date: the title's {title_date.isoformat()} is the notice's dateline; "
            f"the story's {told.isoformat()} is taken"
        )
        title_date = told
    if title_date is None and (
        packed := packed_title_day(raw_title or "", published_day(doc, None))
    ):
        # "apache.org incident report for 04092010" in a post of 2010-04-13: the day written
        # month, day and year without separators.
        warnings.append(
            f"incident_date: the title's {packed.isoformat()}, written without separators"
        )
        title_date = packed
    out["incident_name"] = name or None
    if not name:
        warnings.append("incident_name: no title, level-1 heading or 'Incident:' label")
    return raw_title, title_date


def _weekday_checked(reader: Reader, stated: date | None) -> date | None:
    """A stated day, in the year the text gives it with its weekday when only that one fits."""
    if stated is None or (other := weekday_year(body_lines(reader.doc), stated)) is None:
        return stated
    reader.warnings.append(
        f"incident_date: {other.isoformat()}, the stated {stated.isoformat()} as the text "
        "writes it with its weekday (the label's year is a slip)"
    )
    return other


def _year_slip_mended(reader: Reader, dates: _Days, document_name: str | None) -> None:
    """Move the story's day into the report's year when its own text shows the year slipped."""
    doc = reader.doc
    if (
        dates.day is None
        or (
            moved := year_slip(
                dates.day,
                published_day(doc, document_name),
                written_days(body_lines(doc), reader.options),
            )
        )
        is None
    ):
        return
    reader.warnings.append(
        f"incident_date: {moved.isoformat()}, the stated {dates.day.isoformat()} in the "
        "year the report is dated (a write-up a year after to the week is a slip)"
    )
    for source in ("incident_date", "title_date", "summary_day"):
        if getattr(dates, source) == dates.day:
            setattr(dates, source, moved)
    dates.day = moved


def _length_span_start(reader: Reader, dates: _Days) -> date | None:
    """The first day of the span a length's value brackets, when the title names a later one.

    "Storage Watchdog Unmount Filter Bug — 2026-02-02" over "**Duration**: ~9 days (2026-01-24
    last successful watchdog run → 2026-02-02 fix deployed)": the title dates the fix; the
    impact began on the span's first day.
    """
    text = reader.label("time_to_recover")
    said = dates.title_date
    if dates.incident_date is not None or said is None or not text or "(" not in text:
        return None
    days = [d for m in FULL_DATE.finditer(text) if (d := date_only(m[0], reader.options))]
    if len(days) != 2 or not days[0] < said <= days[1] or days[1] - days[0] > WRITE_UP_LAG:  # noqa: PLR2004
        return None
    reader.warnings.append(
        f"incident_date: {days[0].isoformat()}, the first day of the span the stated length "
        f"runs over (the title's {said.isoformat()} is a later day of it)"
    )
    return days[0]


def _start_field_day(reader: Reader, title_date: date | None) -> date | None:
    """The day a start field gives with no clock, before the day the title names.

    Wikitech's "Start | 2022-10-31" and "End | 2023-02-07" under the page "2023-02-07
    mediawiki.page-undelete event stream": the page is named for the day the trouble was
    found and ended; the field says impact began on the 31st (rule 2: the day the document
    gives the incident). A start field with a clock dates the story through its moment.
    """
    text = reader.label("time_of_first_trigger")
    if title_date is None or not text or not values.states_no_clock(text):
        return None
    day = moment_label_day(reader, ("time_of_first_trigger",))
    if day is None or not title_date - _FOUND_LATE <= day < title_date:
        return None
    reader.warnings.append(
        f"incident_date: the start field's {day.isoformat()}, before the title's "
        f"{title_date.isoformat()}"
    )
    return day


#: How long before the day a report is named for its start field may date the impact (a fault
#: unnoticed "for over 3 months").
_FOUND_LATE = timedelta(days=366)


def _told_day(reader: Reader, body: list[str], year: int | None) -> tuple[list[str], date | None]:
    """The lines that date a post's story, and the day they give.

    The lines that open on a day ("On March 29th, at around 10:00, …"), else the days named
    mid-sentence before the first clock ("As most people are aware, on January 30th …").
    """
    opening = [ln for ln in body if OPENS_ON_DAY.search(ln)]
    told = opening or [ln for ln in until_clock(body) if MONTH_DAY.search(ln)]
    day = summary_date(reader, reader.options, year, told)
    if day is None and opening:
        # "On March 21, Trivy published this statement" added after the post: a day the story
        # names mid-sentence ("experienced a security incident March 19, 2026") dates it.
        told = [ln for ln in until_clock(body) if FULL_DATE.search(ln) and ln not in opening]
        day = summary_date(reader, reader.options, year, told)
    if day is None and reader.doc.published:
        # A post of 3 April that says some users reported trouble "Since Friday (31.03.2017)":
        # the day it says the trouble has run since, in figures.
        posted = date.fromisoformat(reader.doc.published[:10])
        for line in until_clock(body):
            m = _SINCE_FIGURES.search(line)
            since = date_only(m["day"], reader.options) if m else None
            if since is not None and posted - WRITE_UP_LAG <= since < posted:
                return [line], since
    return told, day


#: "Since Friday (31.03.2017)", "since 31/03/2017": a day in figures the trouble ran since.
_SINCE_FIGURES = re.compile(
    r"\bsince\b[^.;\d]{0,20}?(?P<day>\d{1,2}[./]\d{1,2}[./]\d{4})(?![\d./])", re.IGNORECASE
)


def _story_day(  # noqa: C901, PLR0912 - one source of the day per branch, in order
    reader: Reader, document_name: str | None, title_date: date | None, zone: tzinfo
) -> _Days:
    """The days the labels, title, lead, names and publication state, before the timeline's."""
    doc, options, warnings = reader.doc, reader.options, reader.warnings
    dates = _Days(
        title_date=title_date,
        published=published_day(reader.doc, document_name),
        named=date_in_name(document_name),
    )
    dates.incident_date = _weekday_checked(reader, stated_date(reader, options, zone))
    dates.summary_day = (
        None
        if dates.incident_date or dates.title_date
        else summary_date(reader, options, year_in(document_name))
    )
    dates.incident_date = dates.incident_date or _length_span_start(reader, dates)
    if days := lead_span(reader):
        # "Between October 9 and October 23, 2025, customers could not …": impact began on
        # the span's first day; a Date: label or a lead date inside the span (its last day,
        # when the report was written) is not the start.
        start, end = days
        if dates.incident_date is not None and start < dates.incident_date <= end:
            warnings.append(
                f"incident_date: the lead's span {start.isoformat()} to {end.isoformat()} "
                f"begins before the stated {dates.incident_date.isoformat()}; "
                "its first day is taken"
            )
            dates.incident_date = start
        elif (
            dates.incident_date is None
            and dates.summary_day is not None
            and start < dates.summary_day <= end
            # "pushed between June 11th, 2014 and April 2nd, 2016 were vulnerable": years of
            # exposure to a flaw found on the last day are no span of the incident's impact.
            and end - start <= WRITE_UP_LAG
        ):
            dates.summary_day = start
    dates.day = (
        dates.incident_date
        or _start_field_day(reader, dates.title_date)
        or dates.title_date
        or dates.summary_day
        or name_day(doc, document_name)
        or unordered_day_in_name(document_name, body_lines(doc))
        or moment_label_day(reader)
    )
    # A file name dated the day the post went out ("/2020/06/09/2020-06-09-slow-zenodo")
    # dates the post, as its address does: the story's own days come first.
    named_as_posted = (
        dates.day is not None
        and doc.published is not None
        and (dates.incident_date or dates.title_date or dates.summary_day) is None
        and dates.day == published_day(doc, None)
    )
    if (
        (dates.day is None or named_as_posted)
        and doc.published
        and not reader.sections_under("timeline")
    ):
        # A blog post that tells its story under headings of its own ("## What happened":
        # "On March 29th, at around 10:00, …"): the first sentence anywhere that states a day.
        # A timeline's rows, when there is one, date it better.
        # Failing that, a day named mid-sentence while the story opens, before the times of
        # that day ("As most people are aware, on January 30th rubygems.org was hit", "At
        # 4:06am on 3 November, the nightly task ran"); later ones are about other things.
        body = body_lines(doc)
        dates.told, dates.summary_day = _told_day(reader, body, year_in(document_name))
        if dates.summary_day is not None:
            dates.day = dates.summary_day
            warnings.append(
                f"incident_date: {dates.day.isoformat()}, "
                "the first day a sentence of the post states"
            )
        else:
            dates.told = []
            if (listed := listed_day(body, date.fromisoformat(doc.published))) is not None:
                # "* October 6th: Max Justicz reported the issue" … "* October 9th: released"
                # under a heading not read as a timeline: its rows date the story.
                dates.day = dates.summary_day = listed
                warnings.append(
                    f"incident_date: {listed.isoformat()}, the first day of rows that open "
                    "on their days, in the post's year"
                )
    if dates.day is None and not doc.published and not reader.sections_under("timeline"):
        # A page with no date but in its story ("On Census night, 9 August 2016, the online
        # form suffered a series of outages"): the first sentence about the incident that
        # writes a day with its year.
        dates.day = dates.summary_day = _day_written_in_full(reader)
        if dates.day is not None:
            warnings.append(
                f"incident_date: {dates.day.isoformat()}, the first day a sentence about the "
                "incident writes in full"
            )
    # The publication's day, the file name's, or a day the lead names without its year ("On
    # September 20th", the year borrowed from the publication), yields to the days a timeline
    # states.
    dates.told_day = dates.day is None or (
        dates.incident_date is None
        and dates.title_date is None
        and (dates.summary_day is None or not written_in_full(reader, dates.day, options))
        # "影響期間 | 2026-05-04〜05 頃 〜 2026-05-07": the field says when impact began, so
        # a timeline's earlier days (the commits that laid the fault) are its run-up.
        and dates.day != moment_label_day(reader, START_FIELDS)
    )
    if dates.day is None and (shown := dashboard_day(doc, zone)) is not None:
        dates.day = shown
        warnings.append(
            f"incident_date: {shown.isoformat()}, the day a dashboard link's window opens on "
            "(the text states no day)"
        )
    if dates.day is None and (lined := dateline_day(doc, options)) is not None:
        dates.day = lined
        warnings.append(
            f"incident_date: {lined.isoformat()}, the article's dateline (a line that states a "
            "day alone as it opens)"
        )
    if dates.day is None and doc.published:
        # A blog post's front matter dates its publication, most often the incident's day
        # (an incident blog written the same day): the last resort for times of day alone.
        dates.day = date.fromisoformat(doc.published)
        warnings.append(
            f"incident_date: no date in the text or name; the front matter's {doc.published} "
            "(its publication) is taken as the day"
        )
        if (ago := days_running(reader)) is not None:
            # "For the past seven days, the site has been under sustained bot traffic": a
            # post written while it lasts dates its start that many days before.
            dates.day -= timedelta(days=ago)
            warnings.append(
                f"incident_date: the text says it has lasted {ago} days; {dates.day.isoformat()} "
                "is taken as the day it began"
            )

    # A dateline the lead opens on ("Wednesday Dec 23, 2015" over "occurred last night") is
    # the day the article went out, as a post's name is, however the day was found.
    on_dateline = dates.day is not None and dates.day == dateline_day(doc, options)
    if (
        dates.day is not None
        and dates.incident_date is None
        and dates.title_date is None
        and (dates.summary_day is None or on_dateline)
        and (on_dateline or dates.day in {date_in_name(document_name), published_day(doc, None)})
        and not _writes_its_day(body_lines(doc), dates.day)
        and (back := days_before_publication(body_lines(doc), dates.day)) is not None
    ):
        # The day a post's name or front matter gives is the day it went out: an upper bound,
        # and the anchor of the story's own days ("It all started on Monday evening", "It's
        # Saturday evening", "On Wednesday morning (yesterday)" in a post of the Friday, the
        # Tuesday, the Thursday after).
        dates.day -= timedelta(days=back)
        warnings.append(
            f"incident_date: {dates.day.isoformat()}, the day the story names, counted back from "
            "the post's publication"
        )
    _year_slip_mended(reader, dates, document_name)
    return dates


def _day_written_in_full(reader: Reader) -> date | None:
    """The incident's day among those its sentences about the trouble write with a year."""
    lines = [ln for ln in body_lines(reader.doc) if INCIDENT_WORDS.search(ln)]
    return incident_day(full_dates(lines, reader.options))


def _day_told_last(reader: Reader) -> date | None:
    """A day the story writes in full, when nothing else dated the incident.

    A retrospective whose "Response & Timeline" heading holds prose, not rows ("On May 4th,
    2019 at midnight UTC, the intermediate certificate … expired"): the timeline it names
    gave no day, so the first sentence about the incident that writes one does. A post's
    front matter dated it already (the story's days were weighed against it).
    """
    if reader.doc.published:
        return None
    if (day := _day_written_in_full(reader)) is not None:
        reader.warnings.append(
            f"incident_date: {day.isoformat()}, the first day a sentence about the incident "
            "writes in full (no timeline row, label or name gave one)"
        )
    return day


def _writes_its_day(lines: list[str], day: date) -> bool:
    """Whether the story writes the post's own day with its weekday ("On Tuesday 25 June").

    Then the post's day is a day of the story, and an earlier weekday it names ("On Friday 21
    June … made a pull request") is the run-up, not a day to count back to.
    """
    weekday = day.strftime("%A")
    lines = [line for line in lines if not record_line(line)]
    return any(
        re.search(
            rf"\b{weekday},?\s+(?:{day.day}(?:st|nd|rd|th)?\s+(?:of\s+)?{day:%B}|{day:%B}\s+"
            rf"{day.day}(?:st|nd|rd|th)?)\b",
            line,
            re.IGNORECASE,
        )
        for line in lines
    )


def _titled_day(
    dates: _Days, timeline: list[dict[str, Any]], stated_days: list[date]
) -> date | None:
    """The title's date, when the story is dated by it and the timeline's days date its rows.

    (A day the timeline names under no row, "On Jan 1" in a truncated last line, is no day of
    its rows.)
    """
    if dates.day is None or dates.day != dates.title_date or not stated_days:
        return None
    first = min(stated_days)
    on_it = any(e["occurred_at"] is not None and e["occurred_at"].date() == first for e in timeline)
    return dates.title_date if on_it else None


def _timeline_and_its_days(  # noqa: C901, PLR0912 - one way the timeline's days overrule the stated day per branch
    reader: Reader, dates: _Days, document_name: str | None
) -> tuple[list[Section], list[dict[str, Any]]]:
    """The timeline's sections and rows; where its own days show a stated day wrong, theirs.

    Moves ``dates.day`` (and drops ``dates.incident_date``) when the rows date the story
    better, reading the rows again on the day found.
    """
    doc, options, warnings = reader.doc, reader.options, reader.warnings
    timeline_sections = reader.sections_under("timeline")
    if not timeline_sections and (timeline_sections := section_of_rows(doc)):
        warnings.append(
            f"timeline_events: no 'Timeline' section; {timeline_sections[0].title!r}, whose "
            "lines begin with times, read as the timeline"
        )
    if not timeline_sections and (stamped := stamped_lines_section(doc)):
        timeline_sections = [stamped]
        warnings.append(
            f"timeline_events: no 'Timeline' section; {len(stamped.blocks[-1].items)} lines that "
            "begin with a time read as the timeline"
        )
    noted = len(warnings)
    timeline = read_timeline(reader, timeline_sections, dates.day, options)
    stated_days = reader.timeline_days
    if (
        dates.summary_day is not None
        and dates.day == dates.summary_day
        and len(set(stated_days)) == 1
        and abs(stated_days[0] - dates.summary_day) > _COPIED_DAY_GAP
        and written_in_full(reader, dates.summary_day, options)
        # "exposed from on or about 2024-01-05 through 2024-02-20": the lead names the
        # timeline's day too, so it is the story's, not a copy.
        and not written_in_full(reader, stated_days[0], options)
    ):
        # "On Oct 10, 2017, some user pods were not starting" over a timeline whose one day
        # ("### 2017-05-09 10:45a") is months away: that day was copied (a template's
        # example); its rows keep their times of day, on the day the lead states.
        shift = dates.summary_day - min(stated_days)
        for event in timeline:
            if event["occurred_at"] is not None:
                event["occurred_at"] += shift
        warnings.append(
            f"timeline_events: the timeline's day {min(stated_days).isoformat()} is months "
            f"from the day the lead states ({dates.summary_day.isoformat()}); rows moved onto it"
        )
        reader.timeline_days = [d + shift for d in stated_days]
    elif (
        dates.incident_date is not None
        and (onto := window_day_of_rows(reader, timeline, stated_days, dates.incident_date))
        is not None
    ):
        # "Date: ~Fri 11 Nov 2016 (~1324) to Fri 11 Nov 2016 (~1452)" over rows under "###
        # Thur 3 Nov 2016" that include 1324 and 1452: the window is these rows', so the
        # timeline's one day was copied (from the previous report of the same template).
        shift = onto - stated_days[0]
        for event in timeline:
            if event["occurred_at"] is not None:
                event["occurred_at"] += shift
        warnings.append(
            f"timeline_events: the timeline's day {stated_days[0].isoformat()} differs from "
            f"the stated window's ({onto.isoformat()}), whose start is one of its rows; rows "
            "moved onto it"
        )
        reader.timeline_days = [d + shift for d in stated_days]
    elif (
        (stated := dates.incident_date or _titled_day(dates, timeline, stated_days)) is not None
        and stated_days
        and max(stated_days) < stated - DAY
    ):
        # "Date: Mar 20, 2025" over a timeline whose days all come before it: the date the
        # report was written (or last updated), not the incident's. The timeline's first day
        # dates it instead. So too a title's ("Incidents/2018-10-16 …" over rows under "10th
        # Oct 2018" and "11th Oct 2018"): the page was named on the day it was written.
        warnings.append(
            f"incident_date: the stated date {stated.isoformat()} comes after "
            "every day the timeline states; read as the report's date"
        )
        dates.incident_date = None
        dates.day = min(stated_days)
        del warnings[noted:-1]
        reader.timeline_days = []
        timeline = read_timeline(reader, timeline_sections, dates.day, options)
    elif (
        dates.told_day
        and dates.day is not None
        and stated_days
        and (
            min(stated_days) < dates.day
            # "On the afternoon of Feb 7th" (its year guessed) over a timeline of "###
            # 2024-03-05 Data8 outage": a borrowed day months before the timeline's is another
            # story of the post; the timeline's is this one's.
            or min(stated_days) - dates.day > _COPIED_DAY_GAP
        )
        and (min(stated_days).month, min(stated_days).day) != (dates.day.month, dates.day.day)
    ):
        # (The same day of an earlier year is a year copied from an older report: below.)
        # A post dated only by its publication over a timeline that states its own days
        # ("Timeline for September 17, 2018: (all times UTC)" … "September 20, 2018:"): the
        # post went out after the story it tells, whose first day is the incident's.
        warnings.append(
            f"incident_date: the timeline's first day, {min(stated_days).isoformat()}, over "
            f"the post's publication ({dates.day.isoformat() if dates.day else '?'})"
        )
        dates.day = min(stated_days)
        del warnings[noted:-1]
        reader.timeline_days = []
        timeline = read_timeline(reader, timeline_sections, dates.day, options)
    if (
        dates.incident_date is not None
        and (begun := story_day(reader.dated_rows)) is not None
        and begun < dates.incident_date - _REPORT_GAP
        and dates.incident_date not in {d for d, _ in reader.dated_rows}
    ):
        # "Date: 2022-04-20" over a timeline of days that runs from 2021-05-08 ("Release
        # v3.5.0 with data corruption was published" on 2021-06-16) to after it: the date
        # the report was written, months after the story began, on no row's day.
        warnings.append(
            f"incident_date: the stated date {dates.incident_date.isoformat()} is on no row of a "
            f"timeline that began {begun.isoformat()}; read as the report's date"
        )
        dates.incident_date = None
        dates.day = begun
    if (published_on := published_day(doc, document_name)) is not None:
        stale_years(reader, timeline, published_on)
    if dates.day is None and timeline_sections:
        # The first dated row's day, as the authors' clocks showed it.
        local = reader.zone_for(timeline_sections[0])
        dates.day = next(
            (e["occurred_at"].astimezone(local).date() for e in timeline if e["occurred_at"]), None
        )
        if dates.day is not None and reader.timeline_days and reader.timeline_days[0] < dates.day:
            # The timeline's first day ("2019-09-23" over rows whose times are unknown) comes
            # before its first timed row: the story begins then.
            dates.day = reader.timeline_days[0]
        if dates.day is None and reader.timeline_days:
            # Rows dated without a time ("- **2023-03-20**: test suite degradation"): the
            # first day the timeline states is when it begins — after the run-up of rows
            # that only make a change ("Release day for v0.0.19 … Release was delayed").
            dates.day = story_day(reader.dated_rows) or reader.timeline_days[0]
            warnings.append(
                "incident_date: no date but the timeline's; its first day, "
                f"{dates.day.isoformat()}, is taken"
            )
    return timeline_sections, timeline


def _labelled_times(  # noqa: C901 - one branch per way a label's value reads
    reader: Reader, day: date | None, zone: tzinfo, timeline: list[dict[str, Any]]
) -> tuple[dict[str, datetime | None], dict[str, timedelta]]:
    """The moments the labels give: as date-times, or as lengths from the start (``relative``).

    Rows of bare clocks that a labelled start or end gives on another day move to it
    (``rows_on_labelled_days``).
    """
    options, warnings = reader.options, reader.warnings
    times: dict[str, datetime | None] = dict.fromkeys(TIME_FIELDS)
    relative: dict[str, timedelta] = {}
    for key in TIME_FIELDS:
        text = reader.label(key)
        if text is None:
            continue
        if values.is_placeholder(text):
            warnings.append(f"{key}: {text!r} is template text, not a time")
        elif values.looks_absolute(text):
            # (a start that lists failures apart, "障害 A: … 03:57 JST" and "障害 B: … 17:00
            # UTC" set apart by a full-width slash, began with the earliest)
            times[key] = (
                values.first_of_failures(text, zone, day, day_first=options.day_first)
                if key == "time_of_first_trigger"
                else None
            ) or values.parse_datetime(
                text, default_zone=zone, default_date=day, day_first=options.day_first
            )
            if times[key] is None:
                window = CLOCKED_SPAN.match(unbracketed_clocks(text))
                warnings.append(
                    f"{key}: {text!r} is a window; its ends are the start and the recovery"
                    if key == "time_of_first_trigger" and window
                    else f"{key}: could not read {text!r} as a date-time"
                )
            elif key in _MOMENTS_NOT_DAYS and values.states_no_clock(text):
                # "復旧日時 | 2026-04-06(同日中に修正デプロイ完了)": the day it happened on,
                # not the moment; its midnight would be hours before the start. The timeline
                # may give the clock.
                times[key] = None
                warnings.append(f"{key}: {text[:40]!r} gives a day and no clock; not a moment")
            elif key == "time_of_internal_detect" and only_customer(text):
                # "検知日時 | 2026-04-13 09:20 (JST) 頃 ※ ユーザーが … を報告": detected, the
                # value says, by a user's report: the customer's detection.
                # A value with a day and no clock ("2026-04-16 (ユーザー報告: …)") gives the
                # report's day, not its moment: its midnight is no detection.
                told = None if values.states_no_clock(text) else times[key]
                times["time_of_customer_detect"] = times["time_of_customer_detect"] or told
                times[key] = None
                warnings.append(f"{key}: its value says a user reported it; a customer detection")
            elif key == "time_of_recovery" and (parts := reader.part_label(key)):
                # The service is back when its last part is: "iOS: Nov 26 10:47",
                # "Android: Nov 27 11:40" recovers on the 27th.
                each = [
                    values.parse_datetime(
                        PART_VALUE.sub("", p),
                        default_zone=zone,
                        default_date=day,
                        day_first=options.day_first,
                    )
                    for p in parts
                ]
                if all(each):
                    times[key] = max(w for w in each if w is not None)
                    warnings.append(f"{key}: the last of its parts' recoveries ({len(each)})")
        elif key == "time_of_first_trigger" and values.parse_duration(text) is not None:
            # "Time: 45 minutes" is a length, not the start: the timeline may still give it.
            warnings.append(f"{key}: {text!r} is a duration, not the start of impact")
        elif (span := values.parse_duration(text)) is not None:
            relative[key] = span
        elif text.strip().lower() not in ("n/a", "none", "-", "—"):
            warnings.append(f"{key}: could not read {text!r} as a date-time")
    _moments_in_other_labels(reader, times, day, zone)
    rows_on_labelled_days(times, timeline, warnings, own_days=bool(reader.timeline_days))
    return times, relative


def _without_aside(end: str) -> str:
    """A window's end without an aside in brackets after its clock.

    "21:10  (downtime around 21:52 - 21:05)": the bracket's clocks are a remark on the
    window, not its end; the bracket stays when the clock is only inside it.
    """
    bare = re.sub(r"\([^()]*\)", " ", end)
    return bare if CLOCK_OF_VALUE.search(values.western(bare)) else end


#: Labels whose value is a moment: a day without its clock ("Start: 9 December 2013") names
#: none, and its midnight would be read as one.
_MOMENTS_NOT_DAYS = frozenset(
    ("time_of_first_trigger", "time_of_recovery", "time_of_internal_detect")
)


def _moments_in_other_labels(
    reader: Reader, times: dict[str, datetime | None], day: date | None, zone: tzinfo
) -> None:
    """The start or end of impact given as the day's or the length's label's value.

    "- date: Starting 6pm 2013-03-13", "- duration: Until 10.30pm": a moment, not a day or a
    length; taken only where no label of the moment itself gave one.
    """
    options, warnings = reader.options, reader.warnings
    for key, label_key, words in _ENDS_IN_OTHER_LABELS:
        text = reader.label(label_key)
        if times[key] is None and text and words.match(text) and HAS_CLOCK.search(text):
            times[key] = values.parse_datetime(
                values.colon_for_dot(words.sub("", text)),
                default_zone=zone,
                default_date=day,
                day_first=options.day_first,
            )
            if times[key] is not None:
                warnings.append(f"{key}: from the {label_key!r} label's {text!r}")


#: Labels of the day or of the length whose value is the impact's start or end moment.
_ENDS_IN_OTHER_LABELS = (
    (
        "time_of_first_trigger",
        "incident_date",
        re.compile(r"^\W*(?:starting|started|began|beginning|since)\s+(?:at\s+)?", re.IGNORECASE),
    ),
    (
        "time_of_recovery",
        "time_to_recover",
        re.compile(
            r"^\W*(?:until|till|finished|ended|ending|over\s+by|fixed\s+by)\s+(?:at\s+)?",
            re.IGNORECASE,
        ),
    ),
)


def _reported_detection(
    reader: Reader, times: dict[str, datetime | None], timeline: list[dict[str, Any]]
) -> None:
    """A labelled detection that the field saying how it was detected calls a user's report.

    "First detected 2021-06-09 13:15" with "Identified: User reported in #ask-cloud-platform
    an error" is the customer's detection (the corpus's rule 3) — unless a timeline row at
    that time names the team noticing ("13:42 Team noticed RootVolUtilisation-Critical in
    High-priority-alert channel"): then the field names a later report.
    """
    found, how = times["time_of_internal_detect"], reader.label("detection_method")
    if found is None or not how or not only_customer(how):
        return
    if any(
        e["occurred_at"] is not None
        and abs(e["occurred_at"] - found) <= timedelta(minutes=1)
        and not only_customer(e["text"])
        and any(p.search(e["text"]) for p in TIMELINE_EVENTS["time_of_internal_detect"])
        for e in timeline
    ):
        return
    customer = times["time_of_customer_detect"]
    times["time_of_customer_detect"] = found if customer is None else min(customer, found)
    times["time_of_internal_detect"] = None
    reader.warnings.append(
        f"time_of_internal_detect: {how[:60]!r} says a user reported it; a customer detection"
    )


def _labelled_window(
    reader: Reader,
    times: dict[str, datetime | None],
    on: tuple[date | None, tzinfo],
    timeline: list[dict[str, Any]],
) -> float | None:
    """The start and end an impact window's label (or a "Date:" span) gives; its stated length.

    Sets the start and recovery in ``times`` where none is set (on the ``timeline``'s day
    when a row names the start at its clock a few days off); returns the minutes a length in
    brackets after the window states.
    """
    day, zone = on
    warnings = reader.warnings
    span_text = reader.label("impact_window")
    for key in ("incident_date", "time_of_first_trigger"):
        if (
            span_text is None
            and (dated := reader.label(key))
            and CLOCKED_SPAN.match(dated := unbracketed_clocks(dated))
        ):
            # "Date: May 28 2025, 11:30 AM UTC - May 29 2025, 17:30 UTC", "Time: 2019-02-27
            # 06:45 - 2019-02-28 13:00 (UTC)": the impact's window.
            span_text = dated
    window_minutes = None
    if span_text is not None:
        # "2026-03-23 19:25 JST 〜 21:27 JST (約 2 時間)": a wave dash joins the ends too,
        # and a length in brackets after them is how long the impact lasted.
        ends = re.split(
            r"\s+(?:to|until|till)\s+|\s+[-\u2013\u2014]\s+|\s*(?:[\u301c\uff5e\u2192]|->|=>)\s*",
            span_text,
            maxsplit=1,
        )
        if (bracket := BRACKETED_LENGTH.search(span_text)) is not None and (
            length := values.parse_duration(bracket.group(1))
        ):
            window_minutes = round(length.total_seconds() / 60, 2)
        # An end without a clock ("不明 〜 2026-03-25", "unknown to 2026-03-25") is a day,
        # not a moment; the length in brackets after the last is no part of it.
        ends = [
            _without_aside(BRACKETED_LENGTH.sub("", e)).strip()
            if CLOCK_OF_VALUE.search(values.western(e))
            else ""
            for e in ends
        ]
        if len(ends) == 2:  # noqa: PLR2004
            first = values.parse_datetime(ends[0], default_zone=zone, default_date=day)
            last = values.parse_datetime(
                ends[1],
                default_zone=zone,
                default_date=first.astimezone(zone).date() if first else day,
            )
            if first and last and last < first and MERIDIEM.search(ends[1]):
                # "9:30 AM - 12:30 AM" on one day: the end's AM is a slip for PM.
                last += HALF_DAY
                warnings.append(f"time_of_recovery: {ends[1]!r} is before the start; read as PM")
            times["time_of_first_trigger"] = times["time_of_first_trigger"] or first
            times["time_of_recovery"] = times["time_of_recovery"] or last
            _window_on_the_rows_day(reader, times, timeline)
    return window_minutes


def _window_on_the_rows_day(
    reader: Reader, times: dict[str, datetime | None], timeline: list[dict[str, Any]]
) -> None:
    """An impact window dated a day off the timeline row that names its start at its clock.

    "IMPACT TIME: Sep 6 at 05:25 to Sep 6 at 10:48" beside a timeline whose "Sep 7, 2022"
    holds "5:25 AM … marking the beginning of the outage": the row, written under its day,
    names the start; the window's day is a slip, and both its ends move onto the row's day.
    """
    start = times["time_of_first_trigger"]
    if start is None or not reader.label("impact_window") or reader.label("time_of_first_trigger"):
        return
    for event in timeline:
        if event["occurred_at"] is None:
            continue
        off = event["occurred_at"] - start  # whole days at the same clock, within a week
        if not off or off % DAY or abs(off) > _WINDOW_SLIP:
            continue
        if any(p.search(event["text"]) for p in TIMELINE_EVENTS["time_of_first_trigger"]):
            times["time_of_first_trigger"] = start + off
            if times["time_of_recovery"] is not None and not reader.label("time_of_recovery"):
                times["time_of_recovery"] += off
            reader.warnings.append(
                f"impact_window: dated {start.date().isoformat()}, but the timeline row naming "
                f"the start at its clock is on {(start + off).date().isoformat()}; the window "
                "moved onto it"
            )
            return


def _prose_zone(reader: Reader, timeline_sections: list[Section], zone: tzinfo) -> tzinfo:
    """The zone the clocks outside the timeline are read in.

    With no zone for the whole document, it is the one its timeline states: "## Timeline
    (CET)" over an Impact section's "until February 6th, 2023 13:06PM", or a "時刻 (JST)"
    column under a metadata table's "影響期間 | 2026-03-23 07:37 〜 2026-03-27 07:12".
    """
    if reader.doc_zone is None and timeline_sections:
        return reader.zone_for(timeline_sections[0])
    return zone


def _stated_window(
    reader: Reader,
    dates: _Days,
    times: dict[str, datetime | None],
    timeline_sections: list[Section],
    zone: tzinfo,
) -> float | None:
    """The impact window the lead or summary states ("From 09:20 to 09:45 UTC, …").

    Sets the start and recovery in ``times`` where none is set; returns its length in minutes.
    """
    options, warnings = reader.options, reader.warnings
    prose_zone = _prose_zone(reader, timeline_sections, zone)
    win_start, win_end, win_minutes = impact_window(reader, dates.day, prose_zone, options)
    if (
        win_start is not None
        and (said := dates.incident_date or dates.title_date) is not None
        and abs(win_start.astimezone(prose_zone).date() - said) > _WINDOW_SLIP
        # (a page named for the day its report was written, "Incidents/2018-10-16 …", over
        # a timeline and a window of 13 September: the window agrees with the rows' days)
        and (
            dates.day is None
            or abs(win_start.astimezone(prose_zone).date() - dates.day) > _WINDOW_SLIP
        )
    ):
        # "March 26th, 2019 Boskos Outage" over "failed between 2019-02-25 23:04 and
        # 2019-02-26 08:12": a window dated a month from the day the title states is a slip
        # of the pen; the timeline's own moments are read instead.
        warnings.append(
            f"impact window: {win_start.astimezone(prose_zone).date().isoformat()} is weeks "
            f"from the stated {said.isoformat()}; not used"
        )
        win_start = win_end = None
    if times["time_of_first_trigger"] is None and win_start is not None:
        times["time_of_first_trigger"] = win_start
    if times["time_of_recovery"] is None and win_end is not None:
        times["time_of_recovery"] = win_end
    return win_minutes


def _moments(  # noqa: PLR0913, PLR0917 - what the rows and sentences are read with, and into
    reader: Reader,
    dates: _Days,
    times: dict[str, datetime | None],
    relative: dict[str, timedelta],
    timeline_sections: list[Section],
    timeline: list[dict[str, Any]],
    zone: tzinfo,
) -> date | None:
    """The moments the timeline's rows name, then those its sentences tell, into ``times``.

    Returns the day a row says the failure began on when it gives no time ("failing since
    December 12th").
    """
    options, warnings = reader.options, reader.warnings
    # With no day stated elsewhere, the day of a timeline that opens on untimed rows
    # ("2019-09-23" over rows whose times nobody knew) is the day the first timed row must
    # fall on to be the start.
    opens_untimed = bool(timeline) and timeline[0]["occurred_at"] is None
    stated_day = (
        dates.incident_date
        or dates.title_date
        or dates.summary_day
        or (reader.timeline_days[0] if opens_untimed and reader.timeline_days else None)
    )
    local = reader.zone_for(timeline_sections[0]) if timeline_sections else zone
    began_on = times_from_timeline(
        times,
        relative,
        timeline,
        warnings,
        stated_day=(stated_day, local),
        lead_day=stated_day is not None and stated_day == dates.summary_day,
    )
    impact_end_row(reader, times, timeline, warnings)
    # Moments the timeline does not name, from sentences of the lead ("At 09:23 UTC, alerts
    # indicated …"): a blog-style postmortem tells its timeline in prose.
    # A post whose day a sentence of its story states tells its times there too ("On
    # November 5th we had an outage which started around 11:00 GMT …").
    prose = prose_events(reader, (dates.day, dates.published), zone, options, dates.told)
    if earlier_in_prose(times, prose, warnings):
        detection_after_stated_start(times, relative, timeline, warnings)
    # With no timed timeline row at all, the prose is the timeline: its first moment is the
    # start when nothing names one (stated in the warnings, as for a timeline).
    timeline_rows = [e for e in timeline if e["occurred_at"] is not None]
    times_from_timeline(
        times, relative, prose, warnings, fallback_start=not timeline_rows, detected_at_start=False
    )
    lead_end_in_rows(times, prose, timeline, warnings)
    if not timeline_sections:
        # No timeline: the story's other sections name moments too ("### What we learnt":
        # "the failure started at approximately 10.16, and was fixed by AWS at 11.35"), only
        # where their words say which; none is taken as the start for want of another.
        rest = [
            e
            for e in prose_events(
                reader, (dates.day, dates.published), zone, options, dates.told, everywhere=True
            )
            if e not in prose
        ]
        times_from_timeline(
            times, relative, rest, warnings, fallback_start=False, detected_at_start=False
        )
        _detected_first(times, relative, [*prose, *rest], warnings)
        scheduled_release(times, [*prose, *rest], warnings)
    return began_on


def _detected_first(
    times: dict[str, datetime | None],
    relative: dict[str, timedelta],
    told: list[dict[str, Any]],
    warnings: list[str],
) -> None:
    """With no timeline and no start named, a detection at the story's first moment is it.

    Corpus rule 1: a monitor's alert (or the team seeing the symptom) is the impact start too
    when its time is the first moment the document gives ("At 15:10 we deployed and we
    realized that there were lots of exceptions on errbit"; time to detect 0). A moment told
    before it ("at 9:44am the deployment was done and everything seemed to work properly",
    then "around 9:52am, we noticed some errors in Errbit") leaves the start unstated.
    """
    detected = times["time_of_internal_detect"]
    if (
        times["time_of_first_trigger"] is not None
        or "time_of_first_trigger" in relative
        or detected is None
        or any(e["occurred_at"] < detected for e in told)
    ):
        return
    times["time_of_first_trigger"] = detected
    warnings.append(
        "time_of_first_trigger: no timeline and nothing marks the start; the detection is the "
        "first moment the text states, so it is taken as the start (time to detect reads 0)"
    )


def _stated_lengths(
    reader: Reader,
    relative: dict[str, timedelta],
    win_minutes: float | None,
    window_minutes: float | None,
) -> dict[str, float | None]:
    """The lengths the document states; an impact window's length is the recovery's."""
    warnings = reader.warnings
    stated = stated_durations(reader, relative, warnings)
    if stated["stated_minutes_to_recover"] is None and win_minutes is not None:
        stated["stated_minutes_to_recover"] = win_minutes
    if stated["stated_minutes_to_recover"] is None and window_minutes is not None:
        stated["stated_minutes_to_recover"] = window_minutes
    return stated


def _start(
    reader: Reader,
    times: dict[str, datetime | None],
    rows_and_days: tuple[list[dict[str, Any]], _Days],
    stated: dict[str, float | None],
) -> tuple[datetime | None, bool]:
    """The start of impact, and whether it was only taken for want of any.

    A start dated after its recovery is first read on the day the document's name and the
    recovery agree on (``_start_on_the_named_day``).

    An earlier row the stated length of the outage points to moves the start; a start that
    is the first time the text states (no row names one) is a guess no length is added to.
    A report that says there was no impact at all ("we never encountered an actual outage",
    "There was no user impact") has no start to guess: the first row is not taken for one.
    """
    warnings = reader.warnings
    timeline, dates = rows_and_days
    _start_on_the_named_day(times, dates, warnings)
    if any(
        w.startswith("time_of_first_trigger: taken from the first timeline row") for w in warnings
    ) and any(p.search(ln) for ln in body_lines(reader.doc) for p in TIMELINE_EVENTS["no_impact"]):
        times["time_of_first_trigger"] = None
        warnings.append(
            "time_of_first_trigger: the report says there was no impact; its first row is no start"
        )
    anchor = times["time_of_first_trigger"]
    if (earlier := start_by_length(times, timeline, stated, warnings)) is not None:
        times["time_of_first_trigger"] = anchor = earlier
    guessed = any(
        w.startswith("time_of_first_trigger: taken from the first time the text states")
        for w in warnings
    )
    if guessed and anchor is not None and anchor == times["time_of_recovery"]:
        # "We fully resolved the network outage issue at 10:00 A.M. (ET) on Tuesday, September
        # 9, 2008" in a notice whose outage "began late in the afternoon of September 8": the
        # only clock is the end of impact; taken for the start it would say nothing was lost.
        times["time_of_first_trigger"] = anchor = None
        warnings.append(
            "time_of_first_trigger: the first time the text states is the recovery; "
            "the start's time is not stated"
        )
        guessed = False
    return anchor, guessed


def _lengths_against_times(
    reader: Reader,
    times: dict[str, datetime | None],
    out: dict[str, Any],
    anchor: datetime | None,
    *,
    guessed: bool,
) -> None:
    """Each stated length against the moments: the missing end derived, a disagreement noted.

    ``out`` holds the stated lengths; of two a document states, the one the times bear out
    replaces the first there.
    """
    warnings = reader.warnings
    for field_name, (_, moment) in STATED_DURATIONS.items():
        minutes = out[field_name]
        if moment is None or minutes is None:
            continue
        moment_time = times[moment]
        if (
            moment == "time_of_internal_detect"
            and moment_time is None
            and (
                times["time_of_customer_detect"] is not None
                or only_customer(reader.label(moment) or "")
            )
        ):
            # Only a user's report detected it ("検知までの時間 (TTD): 約 33 時間" up to "ユーザーが
            # … 報告"): the stated length runs to that report, and the team's own detection
            # is not stated — also when the detection field gives the report's day and no
            # clock ("検知日時 | 2026-04-22 (ユーザーが … と報告)").
            continue
        if moment_time is None and anchor is not None and not guessed:
            # A start taken for want of any (the first clock a page without a timeline
            # states, often a log line's) is no anchor:
            # a length after it would invent the recovery's moment.
            times[moment] = anchor + timedelta(minutes=minutes)
            warnings.append(
                f"{moment}: derived from the stated {field_name[len('stated_minutes_') :]} "
                f"({minutes:g} min) after the impact start"
            )
        elif moment_time is not None and anchor is not None:
            measured = (moment_time - anchor).total_seconds() / 60
            if abs(measured - minutes) > 1 and (
                agreeing := agreeing_length(reader, field_name, minutes, measured)
            ):
                # "for about 20 minutes" in the summary, "for about 12 minutes" in the
                # conclusion, and the times give 12: the length the times bear out.
                out[field_name] = minutes = agreeing
                warnings.append(
                    f"{field_name}: of the lengths the sentences state, {agreeing:g} min agrees "
                    "with the times"
                )
            if abs(measured - minutes) > 1:
                warnings.append(
                    f"{field_name}: the document states {minutes:g} min but its times give "
                    f"{measured:g} min"
                )


def _after_start(  # noqa: PLR0913, PLR0917 - the moments, the rows, and the start they count from
    times: dict[str, datetime | None],
    relative: dict[str, timedelta],
    timeline: list[dict[str, Any]],
    anchor: datetime | None,
    day: date | None,
    warnings: list[str],
) -> None:
    """Moments given as lengths from the start, a recovery the rows imply, midnight rolled."""
    for key, span in relative.items():
        if anchor is None:
            warnings.append(f"{key}: given as a duration ({span}) but the impact start is unknown")
        elif times[key] is None:
            times[key] = anchor + span
    if times["time_of_recovery"] is None and anchor is not None:
        last_working_row(times, timeline, anchor, warnings)
    if anchor is not None:
        # A time of day without a date that reads earlier than the start rolled past midnight
        # (not a moment a day or more before it: a date written with its day).
        for key in TIME_FIELDS[1:]:
            when = times[key]
            if when is not None and anchor - DAY < when < anchor - timedelta(hours=1) and day:
                times[key] = when + timedelta(days=1)


#: A sentence in which the team's monitor tells it of the trouble: "as reported by uptime robot",
#: "We were immediately alerted to the PostgreSQL outage on Grafana and through Sentry".
_TOLD = re.compile(
    r"\b(?:reported|alerted|notified|detected|paged|caught|flagged)\b", re.IGNORECASE
)
#: At once: the alert at the start.
_AT_ONCE = re.compile(
    r"\b(?:immediately|instantly|right away|at once|within (?:seconds|a minute|one minute))\b",
    re.IGNORECASE,
)
#: A denial, not an alert that came: "no alert was sent", "the monitor didn't catch it" (a
#: wish is ``PLANNED``: "ensure that we are alerted immediately in the future").
_NOT_SO = re.compile(r"\b(?:no|not|never|without|didn'?t|wasn'?t|weren'?t)\b", re.IGNORECASE)


def _alerted_at_start(
    reader: Reader, times: dict[str, datetime | None], timeline: list[dict[str, Any]]
) -> None:
    """The team's monitor reporting the trouble, with no time of its own: at the start.

    The corpus's rule 1: a monitor's alert the text says came at once ("We were immediately
    alerted to the PostgreSQL outage on Grafana and through Sentry"), or named on a status
    entry whose only moments are its start and end ("went offline and returned to service as
    reported by uptime robot"), is internal detection at the start (time to detect 0).
    """
    start = times["time_of_first_trigger"]
    customer = times["time_of_customer_detect"]
    if (
        start is None
        or times["time_of_internal_detect"] is not None
        or (customer is not None and customer <= start)
    ):
        return
    # A status entry (a cState front matter) with no timed row: its start and end only.
    entry = not any(e["occurred_at"] is not None for e in timeline) and any(
        k in reader.doc.front for k in vocabulary().front_matter["markers"]
    )
    signal = TIMELINE_EVENTS["own_signal"]
    for line in reflowed(body_lines(reader.doc)):
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            # (a plan before the words, not after: "… we struggled to identify the cause as
            # we could not see any changes that would cause the outage")
            seen = _SEEN_AT_ONSET.search(sentence)
            if seen and not PLANNED.search(sentence[: seen.end()]):
                times["time_of_internal_detect"] = start
                reader.warnings.append(
                    f"time_of_internal_detect: {sentence[:80]!r} says the team saw the trouble "
                    "as it began; taken at the start"
                )
                return
            if (
                _TOLD.search(sentence)
                and any(p.search(sentence) for p in signal)
                and not _NOT_SO.search(sentence)
                and not PLANNED.search(sentence)
                and (entry or _AT_ONCE.search(sentence))
            ):
                times["time_of_internal_detect"] = start
                reader.warnings.append(
                    f"time_of_internal_detect: {sentence[:80]!r} names the team's monitor with "
                    "no time of its own; taken at the start"
                )
                return
    _detected_by_first_row(reader, times, timeline)


def _detected_by_first_row(
    reader: Reader, times: dict[str, datetime | None], timeline: list[dict[str, Any]]
) -> None:
    """A "Detected by" field naming the team's own alert whose signal is the first row.

    "Detected by: memories CLI failures + Kubernetes readiness alerts" over a first row "New
    pod starts failing readiness …": the alert fired on what the first row shows, at the
    start (corpus rule 1: an alert at the first moment the document gives).
    """
    said = reader.label("detection_method") or ""
    start = times["time_of_first_trigger"]
    first = next((e for e in timeline if e["occurred_at"] is not None), None)
    if (
        first is None
        or first["occurred_at"] != start
        or not _OWN_ALERT.search(said)
        or detection_method_of(said, times) == "customer"
    ):
        return
    named = set(_CONTENT_WORD.findall(_OWN_ALERT.sub(" ", said.lower())))
    if named & set(_CONTENT_WORD.findall(first["text"].lower())):
        times["time_of_internal_detect"] = start
        reader.warnings.append(
            f"time_of_internal_detect: the detector named ({said[:60]!r}) alerts on what the "
            "first row shows; taken at the start"
        )


#: A detector's own alerting: "readiness alerts", "alarms", "monitoring".
_OWN_ALERT = re.compile(r"\b(?:alerts?|alarms?|alerting|monitoring|monitors?)\b", re.IGNORECASE)
#: A word that names a thing (five letters or more), to match a detector to a row.
_CONTENT_WORD = re.compile(r"[a-z]{5,}")


#: The team seeing the trouble as it began, with no time of its own: "Despite looking into
#: the problem as soon as the errors started", "At the point of release, it was noticed by the
#: team responsible for uploading the report that …" (a release's set time is its start).
_SEEN_AT_ONSET = re.compile(
    r"\b(?:look(?:ing|ed)\s+into|investigat\w+|noticed|spotted|saw|aware\s+of)\b[^.;]{0,40}?\bas\s+"
    r"soon\s+as\s+(?:the\s+)?(?:errors?|problems?|issues?|outage|trouble|failures?)\s+"
    r"(?:started|began|appeared|occurred)\b"
    r"|^\W*at\s+the\s+(?:point|moment|time)\s+of\s+(?:the\s+)?(?:release|publication|publishing)"
    r"\b[^.;]{0,20}?\b(?:it\s+)?(?:was|were)\s+(?:noticed|spotted|found|identified)\b",
    re.IGNORECASE,
)
#: The team's alert stated as an offset from a user's report: "We got an automated alert
#: about this 20min after the community representative reached out to us".
_ALERT_AFTER_REPORT = re.compile(
    r"\b(?:alerts?|alerted|paged|pages?|notified|notifications?)\b[^.;]{0,40}?\b"
    r"(?P<span>\d+(?:\.\d+)?\s*(?:minutes?|mins?|m|hours?|hrs?|h))\s+after\s+"
    r"(?:the|a|our|an?)\s+[^.;]{0,40}?\b(?:reached\s+out|reported|contacted|wrote|posted|"
    r"got\s+in\s+touch|filed|opened)\b",
    re.IGNORECASE,
)


def _alerted_after_report(reader: Reader, times: dict[str, datetime | None]) -> None:
    """The team's alert that the text dates by a user's report: the report's time + offset.

    Corpus rule 1 reads an offset as the alert's time ("20min after the community
    representative reached out"): with the report's time known and no detection of the
    team's own found, the alert came that long after it. A denial or a plan is no alert.
    """
    reported = times["time_of_customer_detect"]
    if reported is None or times["time_of_internal_detect"] is not None:
        return
    signal = TIMELINE_EVENTS["own_signal"]
    for line in reflowed(body_lines(reader.doc)):
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            m = _ALERT_AFTER_REPORT.search(sentence)
            if (
                m is None
                or not any(p.search(sentence) for p in signal)
                or _NOT_SO.search(sentence)
                or PLANNED.search(sentence)
            ):
                continue
            span = values.parse_duration(m.group("span"))
            if span is None:
                continue
            times["time_of_internal_detect"] = reported + span
            reader.warnings.append(
                f"time_of_internal_detect: {sentence[:80]!r} dates the team's alert by the "
                f"user's report ({reported.isoformat()}); taken as {span} after it"
            )
            return


#: Further from the start than this, a moment is more likely a mistyped year or month than an
#: incident's (the corpus's longest stated recovery is 66 days: a firewall left open).
_IMPLAUSIBLE = timedelta(days=90)
#: How long a status entry may stay open: how far on a recovery before the start may be
#: mended by its month alone when no nearer slip mends it.
_OPEN_A_WEEK = timedelta(days=7)


def _year_slip_in_rows(
    reader: Reader, times: dict[str, datetime | None], timeline: list[dict[str, Any]]
) -> None:
    """A recovery a year after the start, whose moment in the start's year is a timeline row.

    "End: 2024-09-20 12:00" on an outage that began 2023-09-19 15:00, over a row "2023-09-20
    12:00:00 patch has been deployed": the document's own timeline shows the moment the field
    meant, so the year is the slip, not a guess (without such a row it is kept as stated).
    """
    start, when = times["time_of_first_trigger"], times["time_of_recovery"]
    if start is None or when is None or when - start <= _IMPLAUSIBLE:
        return
    try:
        moved = when.replace(year=start.year)
    except ValueError:  # 29 February
        return
    rows = {e["occurred_at"] for e in timeline if e["occurred_at"] is not None}
    if moved == when or not timedelta(0) <= moved - start <= _IMPLAUSIBLE or moved not in rows:
        return
    times["time_of_recovery"] = moved
    reader.warnings.append(
        f"time_of_recovery: {when.isoformat()} is a year after the start ({start.isoformat()}); "
        f"read in the start's year, {moved.isoformat()}, a timeline row's moment"
    )


def _implausible_times(reader: Reader, times: dict[str, datetime | None]) -> None:
    """A warning for a moment implausibly far from the start, or a recovery before it.

    The value is kept as the document states it (the data is not lost, and a reader may know
    better): "resolvedWhen: 2025-01-09T15:40" on an outage that began 2024-01-09T14:45 is
    527,095 minutes (366 days) after the start, and the warning says which reading — the
    start's year — would put it within a day of the start. A recovery before the start, or one
    whose month alone is mistyped, is first mended where the slip is no guess
    (`_mended_recovery`).
    """
    warnings = reader.warnings
    _mended_recovery(reader, times, warnings)
    start = times["time_of_first_trigger"]
    if start is None:
        return
    for key in TIME_FIELDS[1:]:
        when = times[key]
        if when is None:
            continue
        gap = when - start
        minutes = round(gap.total_seconds() / 60)
        if abs(gap) > _IMPLAUSIBLE:
            side = "after" if gap > timedelta(0) else "before"
            warnings.append(
                f"{key}: {abs(minutes):,} min ({abs(gap.days)} days) {side} the start "
                f"({start.isoformat()}); kept as stated, check the "
                f"{_likely_slip(start, when) or 'year/month'}"
            )
        elif key == "time_of_recovery" and gap < timedelta(0):
            warnings.append(
                f"{key}: {-minutes:,} min before the start ({start.isoformat()}); kept as stated, "
                f"check the {_likely_slip(start, when) or 'day, AM/PM and zone of both'}"
            )


#: A sentence saying a service came back at a clock: "ci.jenkins.io was back online at 13:00 UTC".
_BACK_AT = re.compile(
    r"\b(?:back\s+(?:online|up|to\s+normal)|restored|recovered|resolved|fixed|operational)\b"
    r"[^.;]*?\bat\s+(?P<hour>\d{1,2})[:h](?P<minute>\d{2})\b(?:\s*(?P<half>[ap])\.?m\b)?",
    re.IGNORECASE,
)


def _back_at_clock(m: re.Match[str]) -> tuple[int, int]:
    """The hour and minute a "back online at …" states, on the 24-hour clock ("1:00 pm" is 13)."""
    hour = int(m["hour"])
    if m["half"]:
        hour = hour % 12 + (12 if m["half"].lower() == "p" else 0)
    return hour, int(m["minute"])


def _start_on_the_named_day(
    times: dict[str, datetime | None], dates: _Days, warnings: list[str]
) -> None:
    """A start dated after its recovery, read on the day the name and the recovery agree on.

    "date: 2025-04-10 10:07" over "resolvedWhen: 2025-04-02 11:38" in "2025-04-02-database.md":
    two of the three stamps say 2 April, and the start's clock on that day comes before the
    recovery; the start's day is the slip, not the recovery's, and the day it stated with it.
    """
    start, when, named = times["time_of_first_trigger"], times["time_of_recovery"], dates.named
    if start is None or when is None or named is None or when >= start:
        return
    moved = datetime.combine(named, start.timetz())
    if when.date() != named or start.date() == named or not moved <= when <= moved + DAY:
        return
    times["time_of_first_trigger"] = moved
    if dates.incident_date == start.date():
        dates.incident_date = named
    warnings.append(
        f"time_of_first_trigger: {start.isoformat()} comes after the recovery "
        f"({when.isoformat()}), whose day the document's name states too; read on that day, "
        f"{moved.isoformat()}"
    )


def _mended_recovery(
    reader: Reader, times: dict[str, datetime | None], warnings: list[str]
) -> None:
    """A recovery dated before the start, read as the slip that puts it within a day after it.

    Two slips are mended, each because the reading is not a guess: the month and the day
    typed the other way round ("resolvedWhen: 2024-05-06T17:35" on an entry opened
    2024-06-04T20:00 is 5 June, 21 h 35 min on), and a day the text contradicts: the recovery's
    clock restated on the incident's day ("ci.jenkins.io was back online at 13:00 UTC" under
    "resolvedWhen: 2021-09-20T13:00" on an entry opened 2021-09-23T10:01). A day before the
    start that nothing corrects is kept as stated (a warning says so). A month alone mistyped
    is mended too, on a recovery before the start or implausibly far after it, when the same
    day and clock in the start's month fall within a day after the start ("resolvedWhen:
    2023-04-05T15:00Z" on an entry opened 2023-09-05T13:15Z is 5 September, 1 h 45 min on;
    "2024-11-09" closing an entry opened 2024-01-09 is 9 January). Last, a recovery before
    the start, which cannot be right as written, is read in the start's month when that puts
    it within a week after it, as long as a status entry stays open. The day is never
    corrected by itself: a recovery before the start that only another day would mend is a
    guess.
    """
    start, when = times["time_of_first_trigger"], times["time_of_recovery"]
    if start is None or when is None:
        return
    month = _in_the_starts_month(start, when)
    if month is not None:
        gap = when - start
        minutes = round(abs(gap.total_seconds()) / 60)
        side = "after" if gap > timedelta(0) else "before"
        times["time_of_recovery"] = month
        warnings.append(
            f"time_of_recovery: {when.isoformat()} is {minutes:,} min ({abs(gap).days} days) "
            f"{side} the start ({start.isoformat()}); its month assumed mistyped, read in the "
            f"start's month, {month.isoformat()}"
        )
        return
    if when >= start:
        return
    try:
        swapped = when.replace(month=when.day, day=when.month)
    except ValueError:  # a day above 12 is no month
        swapped = None
    if swapped is not None and swapped != when and timedelta(0) <= swapped - start <= DAY:
        times["time_of_recovery"] = swapped
        warnings.append(
            f"time_of_recovery: {when.isoformat()} is before the start ({start.isoformat()}); "
            f"read with its month and day swapped, {swapped.isoformat()}"
        )
        return
    mended = datetime.combine(start.date(), when.timetz())
    if timedelta(0) <= mended - start <= DAY:
        for line in body_lines(reader.doc):
            if any(_back_at_clock(m) == (when.hour, when.minute) for m in _BACK_AT.finditer(line)):
                times["time_of_recovery"] = mended
                warnings.append(
                    f"time_of_recovery: {when.isoformat()} is before the start "
                    f"({start.isoformat()}); its clock is restated ({line[:60]!r}), read on "
                    f"the start's day, {mended.isoformat()}"
                )
                return
    if (month := _in_the_starts_month(start, when, _OPEN_A_WEEK)) is not None:
        # A recovery before the start that no nearer slip mends: the start's month puts it
        # days on, as long as a status entry stays open ("resolvedWhen: 2022-05-15T11:00" on
        # an entry opened 2022-06-13T08:30, whose text blames a disruption "3 days ago").
        times["time_of_recovery"] = month
        warnings.append(
            f"time_of_recovery: {when.isoformat()} is before the start ({start.isoformat()}); "
            f"its month assumed mistyped, read in the start's month, {month.isoformat()}"
        )
        return


def _in_the_starts_month(
    start: datetime, when: datetime, within: timedelta = DAY
) -> datetime | None:
    """A recovery before the start or implausibly far after it, read in the start's month.

    Only when that puts it within a day after the start (the same day of month and clock);
    ``None`` otherwise: a recovery within 90 days after the start may be a long outage. A
    recovery before the start, which cannot be right as written, may be mended further on
    (``within``, when no other slip mends it).
    """
    if start <= when <= start + _IMPLAUSIBLE:
        return None
    try:
        month = when.replace(month=start.month)
    except ValueError:  # the 31st in a short month
        return None
    return month if month != when and timedelta(0) <= month - start <= within else None


def _likely_slip(start: datetime, when: datetime) -> str | None:
    """Which part of a moment's date is likely mistyped (``None``: none alone).

    The year, month or day whose start's value puts the moment within a day after the start:
    "2024-11-09T15:40" after "2024-01-09T14:45" is the month.
    """
    for part in ("year", "month", "day"):
        try:
            mended = when.replace(**{part: getattr(start, part)})
        except ValueError:  # 29 February, the 31st of a short month
            continue
        if mended != when and timedelta(0) <= mended - start <= DAY:
            return f"{part} (read with the start's {part}, it is {mended.isoformat()})"
    return None


def _zone_warning(
    reader: Reader, times: dict[str, datetime | None], incident_date: date | None, zone: tzinfo
) -> None:
    """Which zone the times were read in, and why (a note of the document, or the default)."""
    options, warnings = reader.options, reader.warnings
    if reader.zone_note is not None and any(times.values()) and incident_date is not None:
        when = datetime.combine(incident_date, datetime.min.time()).replace(tzinfo=zone)
        warnings.append(
            f"times: read in {zone} as the document states ({reader.zone_note!r}); "
            f"UTC{_offset(when)} on {incident_date.isoformat()}"
        )
    elif reader.zone_note is None and any(times.values()):
        unstated = timezone(timedelta(0), "unstated")
        zoned = {
            s.title: z
            for s in reader.doc.sections
            if (z := reader.zone_for(s, unstated)) is not unstated
        }
        if zoned:
            # "## Timeline (all Times in CET/CEST)": that section's rows were read in its zone,
            # so "no zone stated" would tell the reader the wrong thing about them.
            where = "; ".join(f"{title!r} in {z}" for title, z in zoned.items())
            warnings.append(
                f"times: read in the zone their section states ({where}); no zone stated "
                f"elsewhere, read as {options.default_zone} (default_timezone)"
            )
            return
        warnings.append(f"times: no zone stated; read as {options.default_zone} (default_timezone)")
        # The corpus reads a document that states no zone in UTC, so the times stay so; a
        # zone its own message links show is said, for a reader who would convert.
        lines = [ln for s in reader.doc.sections for b in s.blocks for ln in b.lines()]
        # (a bare address in the text is a link too: "Incident declared: https://…/p159…")
        links = [*reader.doc.links, *(u for ln in lines for u in URL.findall(ln))]
        if (hours := offset_by_message_links(links, lines)) is not None:
            warnings.append(
                f"times: the UTC stamps of the document's Slack message links match its clocks "
                f"at UTC{hours:+03d}:00, so its clocks are probably local time, not "
                f"{options.default_zone} (still read as {options.default_zone}, as no zone is "
                "stated)"
            )


def _unmarked_start(
    reader: Reader, start: datetime | None, timeline: list[dict[str, Any]], written: tzinfo
) -> datetime | None:
    """The start when it is only the first timed row, after rows with no clock; else ``None``.

    A timeline that opens with rows it gives no clock ("2018-01-15 Travis failures",
    "不明 | 発生") began before its first clock: that row is where the clocks start, not a
    start the document states — unless its date field writes that row's clock ("2026-05-29 —
    顕在化は 02:29"), which states it. So does a first row that writes its day and no clock
    ("2026-03-19 以前", "2026-03-25 未明"): its midnight is no clock either.
    """
    if (
        start is None
        or not timeline
        or (
            timeline[0]["occurred_at"] is not None
            and (
                timeline[0]["occurred_at"] != start
                or HAS_CLOCK.search(timeline[0].get("time_text") or "0:00") is not None
            )
        )
        or not any(
            w.startswith("time_of_first_trigger: taken from the first timeline row")
            for w in reader.warnings
        )
    ):
        return None
    field = reader.label("incident_date") or ""
    local = start.astimezone(written)
    if re.search(rf"(?<!\d)0?{local.hour}:{local.minute:02d}(?!\d)", field):
        return None
    return start


def _day_as_written(
    reader: Reader,
    days: tuple[date | None, date | None],
    start: datetime | None,
    written: tzinfo,
) -> date | None:
    """The incident's day, mended by what the text writes: the start's own day, a label's UTC day.

    ``days`` is the day found so far and the one a "Date:" label states.
    """
    found, stated = days
    if found is not None and found == stated:
        found = _start_day_written(reader, found, start, written)
    # ("Date: 16 Feb 2026 (PST) / 17 Feb 2026 (UTC)": the UTC day the label itself gives)
    return utc_label_day(reader) or found


def _start_day_written(
    reader: Reader, stated: date, start: datetime | None, written: tzinfo
) -> date:
    """The start's own day, when the text writes it in full the day before a stated one.

    A form's "Date of occurrence: 19/10/2021" over "The accidental email was sent at 19:13 on
    18 October 2021": the form was filled in the next day; the start's day is the incident's.
    """
    if start is None:
        return stated
    began = start.astimezone(written).date()
    body = body_lines(reader.doc)
    # (an ISO stamp, "Start (UTC): 2026-01-15T04:20:00Z", writes its day in full too)
    if not began < stated <= began + DAY or not (
        began in written_days(body, reader.options) or any(began.isoformat() in ln for ln in body)
    ):
        return stated
    reader.warnings.append(
        f"incident_date: {began.isoformat()}, the day the text writes in full for the start, "
        f"over the stated {stated.isoformat()}"
    )
    return began


def _mend_stated_day(reader: Reader, dates: _Days, timeline: list[dict[str, Any]]) -> None:
    """The stated date mended by the timeline: its year, or the day the rows say it began."""
    _label_year_slipped(reader, dates, timeline)
    _marked_start_over_stated(reader, dates, timeline)


def _marked_start_over_stated(reader: Reader, dates: _Days, timeline: list[dict[str, Any]]) -> None:
    """The day a timeline of days says the trouble began, over a later stated date.

    "Dato: 13.06.2023" over rows of days whose "22.02.2023 / Feilen utløses" (the fault set
    off) says when it began: the stated date is the write-up's.
    """
    stated = dates.incident_date
    if (
        stated is None
        or any(e["occurred_at"] for e in timeline)
        or (marked := marked_start_day(reader.dated_rows)) is None
        or marked >= stated
    ):
        return
    reader.warnings.append(
        f"incident_date: {marked.isoformat()}, the day a timeline row says it began, over "
        f"the stated {stated.isoformat()}"
    )
    dates.incident_date = dates.day = marked


def _label_year_slipped(reader: Reader, dates: _Days, timeline: list[dict[str, Any]]) -> None:
    """The timeline's year for a "Date:" label whose year slipped.

    "Dato: 24.05.2022" over rows all dated "24.05.2023 kl 01:09": the label was written with
    last year's number; the day and month the rows give it, in their year, are the incident's.
    """
    stated = dates.incident_date
    if stated is None:
        return
    days = {e["occurred_at"].date() for e in timeline if e["occurred_at"] is not None}
    days.update(reader.timeline_days)
    if not days or any(d.year == stated.year for d in days):
        return
    same = sorted(d for d in days if (d.month, d.day) == (stated.month, stated.day))
    if not same:
        return
    reader.warnings.append(
        f"incident_date: {same[0].isoformat()}, the stated {stated.isoformat()} in the year "
        "every timeline row is written in"
    )
    if dates.day == stated:
        dates.day = same[0]
    dates.incident_date = same[0]


#: How long after the day its title names a status entry's post can be the same incident's.
_POSTED_LAG = timedelta(days=2)


def _incident_date(  # noqa: PLR0913 - every source of the day, in order
    dates: _Days,
    times: dict[str, datetime | None],
    start: tuple[datetime | None, datetime | None, tzinfo],
    began_on: date | None,
    warnings: list[str],
    *,
    guessed: bool,
) -> date | None:
    """The incident's day: the stated one, else the start's, a row's, a report's, or the story's.

    ``start`` is the start, the first timeline row when nothing marked the start, and the zone
    the timeline is written in.
    """
    anchor, unmarked, written = start
    incident_date = dates.incident_date
    if incident_date is None and anchor is not None and anchor == unmarked:
        # Corpus rule 2: a first row nothing marks as the start is no stated start clock, so
        # the day is the one the document gives it ("2021-06-11 21:01" in Pacific time),
        # not the UTC day of that moment, which would date the incident by when it was seen.
        incident_date = anchor.astimezone(written).date()
        if incident_date != anchor.date():
            warnings.append(
                f"incident_date: {incident_date.isoformat()}, the day the unmarked first row "
                f"is written on (UTC {anchor.date().isoformat()})"
            )
    elif incident_date is None and anchor is not None:
        incident_date = anchor.date()  # the UTC day impact began, as every time here is UTC
        said = dates.title_date or dates.summary_day
        titled = dates.title_date is not None and dates.title_date < incident_date <= (
            dates.title_date + _POSTED_LAG
        )
        if (
            said is not None
            and said < incident_date
            and (guessed or (titled and started_at_post(warnings)))
        ):
            # A start taken for want of any (the first clock the text states, written "on
            # December 30") is no better than the earlier day the title or lead states
            # ("… between December 25th and December 30th, 2022"); nor is a status entry's
            # post ("date: 2022-04-24 11:30" under "Brief power outages on April 23, 24").
            incident_date = said
    if incident_date is None and began_on is not None:
        incident_date = began_on  # a row's "failing since December 12th": its time unknown
    reported = times["time_of_customer_detect"]
    if (
        incident_date is None
        and anchor is None
        and reported is not None
        and (dates.day is None or reported.date() < dates.day)
    ):
        # Impact began at an unstated time before the first report: the report's day, as
        # the document writes it (corpus rule 2), is the last the incident can have begun on.
        incident_date = reported.astimezone(written).date()
        warnings.append(
            f"incident_date: {incident_date.isoformat()}, the day of the first report "
            "(the start of impact is not stated)"
        )
    return incident_date or dates.day


def _counts_and_classification(
    reader: Reader, raw_title: str | None, times: dict[str, datetime | None], out: dict[str, Any]
) -> None:
    """Counts, severity, status, detection method, authors and the record's text fields."""
    doc, warnings = reader.doc, reader.warnings
    labelled: dict[str, str | None] = {}
    for key, read in (
        ("number_of_impacted_customers", counts.impacted_count),
        ("number_of_failed_requests", values.parse_count),
    ):
        text = labelled[key] = reader.label(key)
        out[key] = read(text) if text else None
        if text and out[key] is None and text.strip().lower() not in ("n/a", "unknown", "tbd"):
            warnings.append(f"{key}: could not read {text!r} as a number")
    # A label that gives no count ("定量化できず", cannot be quantified) is the document's
    # answer; only a document with no such label is read for a sentence that counts.
    if labelled["number_of_impacted_customers"] is None and (
        found := counts.impacted_in_prose(doc)
    ):
        out["number_of_impacted_customers"] = found[0]
        warnings.append(
            f"number_of_impacted_customers: {found[0]} as a sentence of the document states it "
            f"({found[1]!r})"
        )
    sev_text = reader.label("severity_level")
    severity = values.parse_severity(sev_text) if sev_text else None
    if severity is None and raw_title:
        severity = (
            values.parse_severity(raw_title)
            if re.search(r"sev", raw_title, re.IGNORECASE)
            else None
        )
    if severity is None and (in_prose := severity_in_prose(doc)):
        severity = in_prose
        warnings.append(f"severity_level: {in_prose} as a sentence of the document gives it")
    out["severity_level"] = severity
    status_text = reader.label("status")
    out["status"] = values.parse_status(status_text) if status_text else None

    detection_text = reader.label("detection_method") or reader.section_text("detection")
    out["detection_method"] = detection_method_of(detection_text, times)
    authors_text = reader.label("authors")
    if authors_text is None and (s := reader.section("authors")) is not None:
        authors_text = ", ".join(line for b in s.blocks for line in b.lines())
    out["authors"] = values.parse_names(authors_text) if authors_text else []

    out["summary"] = reader.section_text("summary")
    out["impact"] = reader.section_text("impact")
    out["trigger"] = reader.label("trigger") or reader.section_text("trigger")
    gaps = reader.section("reliability_gaps")
    out["reliability_gaps"] = section_items(gaps) if gaps else []


def _links(reader: Reader, out: dict[str, Any]) -> None:
    """The status page and the other tools' incidents the document links to (bare URLs too)."""
    doc = reader.doc
    links = doc.links
    for section in doc.sections:  # bare URLs written as text count too
        for block in section.blocks:
            for line in block.lines():
                links.extend(u.rstrip(".,;") for u in URL.findall(line) if u not in links)
    status_link = reader.label("statuspage_link")
    status_url = None
    if status_link:
        m = URL.search(status_link)
        status_url = m.group(0) if m else doc.link_texts.get(status_link.strip())
    if status_url is None:
        status_url = next((u for u in links if is_status_page(u)), None)
    out["statuspage_link"] = status_url
    incident_links = incident_links_in(links)
    out["incident_links"] = incident_links
    out["pagerduty_incident_id"] = next(
        (x["id"] for x in incident_links if x["system"] == "pagerduty"), None
    )
    out["datadog_incident_id"] = next(
        (x["id"] for x in incident_links if x["system"] == "datadog"), None
    )


def _children(
    reader: Reader,
    out: dict[str, Any],
    timeline: list[dict[str, Any]],
    timeline_sections: list[Section],
    zone: tzinfo,
) -> Parsed:
    """The record with its child rows: root causes, affected products, action items, timeline."""
    doc, options, warnings = reader.doc, reader.options, reader.warnings
    parsed = Parsed(fields=out, warnings=warnings, timeline=timeline)
    parsed.root_causes = read_root_causes(reader, warnings)
    affected = reader.section("affected")
    parsed.affected = read_affected(affected) if affected else []
    if not parsed.affected:
        warnings.append("affected_products: no 'Affected products/services' section")
    actions = reader.section_with_subsections("action_items") or listed_under(
        reader, "action_items"
    )
    if actions is None and (actions := shaped_actions(reader, timeline_sections)):
        warnings.append(
            "action_items: no 'Action items' section; lists of tracked issues or introduced "
            "as follow-ups are read as the action items"
        )
    parsed.action_items = read_actions(actions, doc, options, zone) if actions else []
    if actions is None:
        warnings.append("action_items: no 'Action items' section")
    if not timeline_sections:
        warnings.append("timeline_events: no 'Timeline' section")
    return parsed


def _not_found(out: dict[str, Any], warnings: list[str]) -> None:
    """A warning for each time, count or severity not found that no warning explains yet."""
    for key in TIME_FIELDS:
        if out[key] is None and not any(w.startswith(key) for w in warnings):
            warnings.append(f"{key}: not found (no matching label or timeline entry)")
    for key in ("number_of_impacted_customers", "number_of_failed_requests", "severity_level"):
        if out[key] is None and not any(w.startswith(key) for w in warnings):
            warnings.append(f"{key}: not found (no matching label)")
