"""The parser on wording it had never seen, fifty-third round (issue 13): one test per rule.

From round 45's documents (now in dev): a day in figures before a clock in a sentence, a label's
number wrapped before its unit, and a notice form's "Length of Event". Each test is a minimal
document written for the habit (not a copy of a corpus document); its expected values are
worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _html(body: str) -> Parsed:
    return parse_document(
        read_document(f"<html><body>{body}</body></html>", html=True), ParseOptions(), None
    )


def test_a_day_in_figures_before_a_clock_dates_that_clock():
    # "Jul 27, 2022" over "entered a non-nominal state on 07/26/2022 at 16:24:49 UTC": the
    # clock is on the 26th, the day written beside it, not the page's 27th.
    f = _html(
        "<h1>Spacecraft Enters Safe Mode</h1><p>Jul 27, 2022</p><p>The spacecraft entered a "
        "non-nominal state on 07/26/2022 at 16:24:49 UTC, after which all data were "
        "inaccessible.</p>"
    ).fields
    # (its seconds as written, since round 92)
    assert f["time_of_first_trigger"] == datetime(2022, 7, 26, 16, 24, 49, tzinfo=UTC)
    assert f["incident_date"] == date(2022, 7, 26)


def test_a_label_s_number_wrapped_before_its_unit():
    # "Duration: 19" / "hours<br>": 19 hours (1140 minutes), the unit on the next line.
    f = _md(
        "# Build failures\n\n## Summary\n\nDescription: builds failed after the release<br> "
        "Date: 2019-12-11<br> Duration: 19\nhours<br> User impact: builds failed.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 1140


def test_a_notice_form_s_length_of_event():
    # "Length of Event:" over "48 hours": the impact's stated length, 2880 minutes.
    f = _html(
        "<h1>Sounder Data Flagging Update</h1><p>Date/Time of Initial Impact:<br>August 22, "
        "2009, 1350 UTC</p><p>Length of Event:<br>48 hours</p>"
    ).fields
    assert f["stated_minutes_to_recover"] == 2880


def test_unfenced_blog_metadata_over_html_and_a_title_s_packed_day():
    # "title: … incident report for 04092010" / "date: '2010-04-13T05:04:50+00:00'" /
    # "permalink: …" / "layout: post" with no "---" fences over an HTML body: the post's
    # metadata (published 13 April), and the title's day packed month-day-year, 9 April.
    text = (
        "title: example.org incident report for 04092010\n"
        "date: '2010-04-13T05:04:50+00:00'\n"
        "permalink: example_org_04_09_2010\n"
        "layout: post\n\n"
        "<p>Our services recently suffered a targeted attack against the issue tracker.</p>\n"
        "<p>The attackers gained administrator rights and collected passwords.</p>\n"
    )
    p = parse_document(read_document(text, html=True), ParseOptions(), None)
    assert p.fields["incident_name"] == "example.org incident report for 04092010"
    assert p.fields["incident_date"] == date(2010, 4, 9)
    # a packed number that falls outside a write-up's lag before the post is no day
    text = text.replace("04092010", "01022003")
    p = parse_document(read_document(text, html=True), ParseOptions(), None)
    assert p.fields["incident_date"] == date(2010, 4, 13)


def _resolved_entry(update: str) -> Parsed:
    return _md(
        "---\ntitle: License manager degraded\ndate: 2021-10-25T03:42:35.000Z\n"
        "resolved: true\n---\n\n"
        "We are investigating reports of degraded access to the license manager.\n\n"
        f'<Update date="2021-10-29T13:05:45.000Z">{update}</Update>\n'
    )


def test_a_resolved_status_entry_ends_at_its_last_update():
    # "resolved: true" over one update in words no recovery list has ("settings to the
    # software were updated"): the update that closed the entry is the end, 13:05:45 on the
    # 29th.
    f = _resolved_entry("The problem was identified and settings to the software were updated.")
    assert f.fields["time_of_recovery"] == datetime(2021, 10, 29, 13, 5, 45, tzinfo=UTC)
    # ... but not an update that says the trouble goes on, or only that its cause was found
    for update in (
        "Hosting are still working with the vendor on a resolution.",
        "We've identified the issue.",
    ):
        assert _resolved_entry(update).fields["time_of_recovery"] is None, update
