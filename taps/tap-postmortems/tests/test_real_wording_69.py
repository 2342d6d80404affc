"""The parser on wording it had never seen, sixty-ninth round (issue 13): one test per rule.

From sealed parts 64 and 65 (65 documents; now in dev): a timeline table that a formatter
rewrapped into a paragraph; rows whose written dates were moved onto a document date no row
stated; "Timeline (all times in PST/PDT)" written as a paragraph, not a heading; an
angle-bracket marker ("<START OF OUTAGE>") that Markdown passed on as an HTML tag; a stamp
alone on its line with the dash that led to its event ("2023-07-11 17:11 -"); a notice's window
"Beginning on August 12, 2021, at 5 p.m., ET and continuing until …".
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def _times(parsed: Parsed) -> list[datetime | None]:
    return [e["occurred_at"] for e in parsed.timeline]


_REWRAPPED = (
    "# Release postmortem: Beta 2\n\n"
    "## Timeline (all times in UTC)\n\n"
    "### 2019/05/06\n\n"
    "| Time | | | --- | --- | | _09:10_ | @ana pushes v2.0.1 to the beta branch | |\n"
    "_09:25_ | @ben tries to upgrade and the tool crashes on start. | | _10:40_ |\n"
    "@ana reverts the beta branch to v2.0.0 and upgrades work again. |\n"
)


def test_a_table_rewrapped_into_a_paragraph_is_read_row_by_row():
    # Three clock cells after the delimiter row: three rows on 6 May, 09:10, 09:25, 10:40.
    parsed = _md(_REWRAPPED)
    assert _times(parsed) == [
        datetime(2019, 5, 6, 9, 10, tzinfo=UTC),
        datetime(2019, 5, 6, 9, 25, tzinfo=UTC),
        datetime(2019, 5, 6, 10, 40, tzinfo=UTC),
    ]
    assert parsed.timeline[1]["text"].startswith("@ben tries to upgrade")


def test_a_paragraph_with_bars_but_no_delimiter_row_stays_a_paragraph():
    # Counter-case: "a | b" in prose is no table; the line is one row at its own time.
    parsed = _md(
        "# Outage\n\n## Timeline\n\n- 09:10 UTC the proxy | cache pair failed over | twice\n"
    )
    assert len(parsed.timeline) == 1


_PARAGRAPH_TIMELINE = (
    "# Flutter postmortem: Blank views\n\n"
    "## Summary\n\nViews stopped drawing after resume.\n\n"
    "Timeline (all times in PST/PDT)\n\n"
    "2024-01-10 09:00 - first user report of blank views\n\n"
    "2024-01-10 11:30 - workaround published\n"
)


def test_a_timeline_named_by_a_paragraph_line_opens_the_timeline_in_its_zone():
    # "Timeline (all times in PST/PDT)" as a paragraph: 10 January is PST (UTC-8), so 09:00
    # is 17:00Z and 11:30 is 19:30Z.
    parsed = _md(_PARAGRAPH_TIMELINE)
    assert _times(parsed) == [
        datetime(2024, 1, 10, 17, 0, tzinfo=UTC),
        datetime(2024, 1, 10, 19, 30, tzinfo=UTC),
    ]


def test_written_dates_are_not_moved_onto_a_day_that_no_row_stated():
    # "Date/time: 2024-05-28" is when the report was written; the rows' own dates (November
    # 2023) are the story's, so 00:00 on the 27th does not drag the 30th onto 28 May.
    parsed = _md(
        "# Postmortem: Blank views\n\n"
        "Date/time: 2024-05-28 Duration: 6 months\n\n"
        "## Timeline\n\n"
        "09:00 - first report of blank views on one device\n\n"
        "2023-11-30 10:00 - triaged as a platform view issue\n\n"
        "2023-12-06 12:00 - first duplicate filed\n"
    )
    times = _times(parsed)
    assert datetime(2023, 11, 30, 10, 0, tzinfo=UTC) in times
    assert datetime(2023, 12, 6, 12, 0, tzinfo=UTC) in times


_MARKED = (
    "# Flutter postmortem: Gradle failures\n\n"
    "## Timeline (all times in UTC)\n\n"
    "2023-07-11 17:11 -\n[Commit lands](https://example.org/c/1) in the platform\n\n"
    "<START OF OUTAGE>\n"
    "2023-11-27 09:00 - first issue filed: builds fail\n\n"
    "2023-11-28 15:00 - fix released <END OF OUTAGE>\n"
)


def test_a_marker_in_angle_brackets_is_text_and_marks_the_row_under_it():
    # The commit of July is the cause, before the marker; the outage starts at the row the
    # marker stands over (27 November 09:00) and ends at the row that closes it.
    parsed = _md(_MARKED)
    f = parsed.fields
    assert f["time_of_first_trigger"] == datetime(2023, 11, 27, 9, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2023, 11, 28, 15, 0, tzinfo=UTC)
    assert f["incident_date"].isoformat() == "2023-11-27"
    assert "<START OF OUTAGE>" in parsed.timeline[1]["text"]


def test_a_stamp_alone_with_its_dash_times_the_event_under_it():
    # "2023-07-11 17:11 -" over its event: the row is at 17:11 (no dash in the time).
    parsed = _md(_MARKED)
    assert parsed.timeline[0]["occurred_at"] == datetime(2023, 7, 11, 17, 11, tzinfo=UTC)
    assert parsed.timeline[0]["text"].startswith("Commit lands")


def test_a_window_beginning_and_continuing_until_in_eastern_time():
    # August is EDT (UTC-4): 5 p.m. on the 12th is 21:00Z, 6:20 p.m. on the 17th is 22:20Z,
    # 7280 minutes apart.
    f = _md(
        "# Electronic System Outage\n\n"
        "Beginning on August 12, 2021, at 5 p.m., ET and continuing until August 17, 2021, "
        "at 6:20 p.m., ET, the Office's electronic system was unavailable to the public due "
        "to a technical upgrade.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 8, 12, 21, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 8, 17, 22, 20, tzinfo=UTC)


def test_a_capitalised_html_tag_with_an_element_name_stays_a_tag():
    # Counter-case: "<TD NOWRAP>" is markup, not a marker; its words are not text.
    parsed = _md("# Outage\n\n## Timeline\n\n<TD NOWRAP>\n\n- 09:10 UTC proxy failed\n")
    assert all("NOWRAP" not in e["text"] for e in parsed.timeline)


_DAYS_AS_PARAGRAPHS = (
    "<html><body><h1>Incidents/2020-02-11 proxies</h1>"
    "<p>Users could not reach the wikis for about 15 minutes.</p>"
    "<p>All times in UTC.</p>"
    "<p>Monday 2020-02-10</p>"
    "<ul><li>21:40\u201323:10: cp1, cp2 are depooled for maintenance and not repooled.</li></ul>"
    "<p>Tuesday 2020-02-11</p>"
    "<ul><li>20:40: cp3 is depooled for maintenance</li>"
    "<li>21:02: cp4 is depooled for maintenance OUTAGE BEGINS</li>"
    "<li>21:05: First automated alert from Icinga</li></ul>"
    "</body></html>"
)


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def test_a_day_written_as_a_paragraph_dates_the_rows_under_it():
    # No headings: the rows are found by their clocks; "Monday 2020-02-10" still dates the
    # maintenance row, which is the day before the outage.
    parsed = _html(_DAYS_AS_PARAGRAPHS)
    assert _times(parsed)[0] == datetime(2020, 2, 10, 21, 40, tzinfo=UTC)
    assert _times(parsed)[1] == datetime(2020, 2, 11, 20, 40, tzinfo=UTC)


def test_a_row_stamped_with_its_span_is_no_window_of_the_impact():
    # "21:40-23:10: cp1, cp2 are depooled" is a row's own span: the start is the row marked
    # OUTAGE BEGINS (21:02 on the 11th), the alert at 21:05 its detection, and the stated
    # 15 minutes its length; the depooling in the start's row is no recovery at 21:02.
    f = _html(_DAYS_AS_PARAGRAPHS).fields
    assert f["time_of_first_trigger"] == datetime(2020, 2, 11, 21, 2, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2020, 2, 11, 21, 5, tzinfo=UTC)
    assert f["stated_minutes_to_recover"] == 15
    assert f["time_of_recovery"] != f["time_of_first_trigger"]


def test_a_day_without_its_year_is_no_day_of_the_year_2000():
    # "Implementation Date: 21 April" in the title, the year only in the issued line: the
    # title gives no whole day (it is no date suffix, so the title is kept whole); the
    # notice's issued day, 21 April 2004, is the only day stated.
    f = _html(
        "<html><body><h1>NOAA-15, AVHRR, Instrument Resynch, Implementation Date: 21 April</h1>"
        "<p>Date/Time(UTC) Message Issued:</p><p>21 April 2004 20:10 UTC</p>"
        "<p>SOCC has reported re-occurance of the barcode pattern in the imagery.</p>"
        "</body></html>"
    ).fields
    assert f["incident_date"].isoformat() == "2004-04-21"
    assert f["incident_name"].endswith("Implementation Date: 21 April")
