"""The parser on wording it had never seen, fifty-first round (issue 13): one test per rule.

Round 45's sealed part (49 documents: Landsat, NOAA and LP DAAC notices, UGRC's status page,
Grex, Wikibase Cloud, Apache's infrastructure blog, Flutter, Wikimedia) scored date 33/49, TTD
3/4, TTR 15/26 and joined dev. Each test is a minimal document written for the habit (not a
copy of a corpus document); its expected values are worked out by hand from the text, never
from the parser's output.
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


def _status_entry(update: str) -> str:
    return (
        "---\ntitle: Geocoder down\ndate: 2019-03-04T10:00:00.000Z\nresolved: true\n---\n\n"
        "import Update from '@components/status/Update.astro';\n\n"
        "The geocoder is returning errors for every request.\n\n"
        f'<Update date="2019-03-04T11:30:00.000Z">\n  {update}\n</Update>\n'
    )


def test_a_status_entry_s_only_stamped_update_is_a_row():
    # One <Update date=…> under the entry's opening notice: a row of the timeline (before,
    # one stamped line was taken for a fact in prose and the entry had no row and no end).
    p = _md(_status_entry("The service was restarted and is operating normally."))
    assert [r["occurred_at"] for r in p.timeline] == [datetime(2019, 3, 4, 11, 30, tzinfo=UTC)]
    assert p.fields["time_of_recovery"] == datetime(2019, 3, 4, 11, 30, tzinfo=UTC)


def test_started_up_normally_and_solved_the_issue_end_the_impact():
    # "they started up normally", "has solved the issue": recovered at the update's stamp.
    for said in (
        "Restarting the server removed the lock and the locators started up normally.",
        "Restarting the proxy service has solved the issue.",
        "The DNS entry was restored and the map services are back to functioning normally.",
    ):
        f = _md(_status_entry(said)).fields
        assert f["time_of_recovery"] == datetime(2019, 3, 4, 11, 30, tzinfo=UTC), said


def test_a_notice_dated_by_a_lone_line_takes_its_story_s_earlier_day():
    # "March 18, 2022" alone over "experienced an issue with the on-board software on March
    # 12, 2022": the notice went out on the 18th, the incident was on the 12th.
    f = _html(
        "<h1>March 18, 2022</h1><p>As reported earlier this week, the sensor experienced an "
        "issue with the on-board software on March 12, 2022 and acquisitions were suspended "
        "temporarily.</p><p>Starting late Friday March 18, 2022, imaging will resume.</p>"
    ).fields
    assert f["incident_date"] == date(2022, 3, 12)


def test_a_notice_s_story_that_stopped_or_names_its_day_without_a_year():
    # "stopped acquiring data Saturday afternoon, September 27, 2014" under "September 29,
    # 2014 - …": the 27th ("stopped" tells of the incident).
    f = _html(
        "<h1>September 29, 2014 - Satellite Acquisitions Suspended</h1><p>The satellite "
        "stopped acquiring data Saturday afternoon, September 27, 2014 due to an onboard "
        "telemetry unit issue.</p>"
    ).fields
    assert f["incident_date"] == date(2014, 9, 27)
    # "On December 19 the instrument was reconfigured due to anomalous current levels" under
    # "February 20, 2015 - …": the last 19 December before the dateline, 2014.
    f = _html(
        "<h1>February 20, 2015 - Thermal Sensor Update</h1><p>Processing remains suspended."
        "</p><p>On December 19 the instrument was reconfigured due to detection of anomalous "
        "current levels.</p>"
    ).fields
    assert f["incident_date"] == date(2014, 12, 19)
    # "On January 28, 2023, the spacecraft recovered from the safehold event that began on
    # January 26th" under "January 30, 2023": the earliest day the line names, the 26th.
    f = _html(
        "<h1>January 30, 2023 - Spacecraft Recovers</h1><p>On January 28, 2023, the "
        "spacecraft recovered from the safehold event that began on January 26th.</p>"
    ).fields
    assert f["incident_date"] == date(2023, 1, 26)
