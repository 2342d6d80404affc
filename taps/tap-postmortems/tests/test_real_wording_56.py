"""The parser on wording it had never seen, fifty-sixth round (issue 13): one test per rule.

From sealed part 48 (now in dev): a Statusfy entry's update containers and its notice's
monitor, Foundries.io's status timelines ("Service returned back", "Deployed fix to
production", a row's day in brackets, all services restored after one part); from dev: a
notice's window with restated clocks and days of the year, "later" not at once. Each test is a
minimal document written for the habit (not a copy of a corpus document); its expected values
are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_a_statusfy_update_container_is_a_row():
    # "::: update Monitoring | 2021-05-03T19:16:54.777Z" … ":::" under a front matter dated
    # 18:40:25: each update is a row at its stamp; "Incident has been resolved" ends it.
    f = _md(
        '---\ntitle: Hub is unreachable\ndate: "2021-05-03T18:40:25.284Z"\n'
        "severity: major-outage\nresolved: true\n---\n\n"
        "Attempting to visit the Hub results in a `502 Error`.\n\n"
        "::: update Monitoring | 2021-05-03T19:16:54.777Z\nIncident has been resolved. We're "
        "monitoring the system.\n\n:::\n\n"
        "::: update Resolved | 2021-05-03T22:51:55.840Z\n\nThe storage service was recreated "
        "and the Hub started up again.\n\n:::\n"
    )
    assert [e["occurred_at"] for e in f.timeline] == [
        datetime(2021, 5, 3, 19, 16, 54, 777000, tzinfo=UTC),
        datetime(2021, 5, 3, 22, 51, 55, 840000, tzinfo=UTC),
    ]
    assert f.fields["time_of_first_trigger"] == datetime(2021, 5, 3, 18, 40, 25, 284000, tzinfo=UTC)
    assert f.fields["time_of_recovery"] == datetime(2021, 5, 3, 19, 16, 54, 777000, tzinfo=UTC)


def _rows(*rows: str) -> Parsed:
    return _md("# 2020-12-01 Source outage\n\n### Timeline of Events\n\n" + "".join(rows))


def test_a_service_returned_back_is_the_recovery():
    # "* **07:27 UTC** - Service returned back": the end of impact.
    f = _rows(
        "* **06:48 UTC** - Monitoring system reported about the issue\n",
        "* **07:13 UTC** - The root of the issue identified\n",
        "* **07:27 UTC** - Service returned back\n",
    )
    assert f.fields["time_of_recovery"] == datetime(2020, 12, 1, 7, 27, tzinfo=UTC)


def test_a_fix_deployed_verb_first_and_not_one_asked_for():
    # "Asks Sam to deploy the fix" (12:00) is a request; "Deployed fix to production" (14:00)
    # ends the impact.
    f = _rows(
        "* **10:00 UTC** - User unable to reset password.\n",
        "* **12:00 UTC** - Alex asks Sam to deploy the fix\n",
        "* **14:00 UTC** - Deployed fix to production.\n",
    )
    assert f.fields["time_of_recovery"] == datetime(2020, 12, 1, 14, 0, tzinfo=UTC)


def test_a_row_s_day_in_brackets_after_its_clock():
    # "**23:00 UTC(*April 5*)** - A CI run fail …" then rows of 6 April (the document's day):
    # the first row is on 5 April, and the incident's day with it.
    f = _md(
        "# 2022-04-06 CI failures\n\n### Timeline of Events\n\n"
        "* **23:00 UTC(*April 5*)** - A CI run fail with network connectivity issues is seen\n"
        "* **11:00 UTC** - Increased number of CI failures\n"
        "* **21:00 UTC** - All builds are moved to another region and back to normal\n"
    )
    assert f.timeline[0]["occurred_at"] == datetime(2022, 4, 5, 23, 0, tzinfo=UTC)
    assert f.timeline[1]["occurred_at"] == datetime(2022, 4, 6, 11, 0, tzinfo=UTC)
    assert f.fields["incident_date"] == date(2022, 4, 5)


def _statusfy(notice: str) -> Parsed:
    return _md(
        "---\ntitle: Slow session start up times\ndate: '2021-05-18T21:30:32.457Z'\n"
        "resolved: true\n---\n"
        f"{notice}\n\n::: update Resolved | 2021-05-18T23:17:16.732Z\n\nThe broker pod was "
        "recreated. This resolved the issue.\n\n:::\n"
    )


def test_a_status_notice_saying_the_monitoring_showed_it_is_the_detection():
    # "Our monitoring is showing slower than normal start up times" in the notice posted at
    # 21:30:32: the team's own signal at the start (time to detect 0).
    f = _statusfy("Our monitoring is showing slower than normal start up times for session jobs.")
    start = datetime(2021, 5, 18, 21, 30, 32, 457000, tzinfo=UTC)
    assert f.fields["time_of_first_trigger"] == start
    assert f.fields["time_of_internal_detect"] == start


def test_an_error_tracker_s_reports_in_a_status_notice():
    # "There have been several Sentry exception reports related to snapshots": detected at
    # the post.
    f = _statusfy("There have been several Sentry exception reports related to snapshots.")
    assert f.fields["time_of_internal_detect"] == f.fields["time_of_first_trigger"]


def test_a_status_notice_without_a_monitor_names_no_detection():
    # "Users cannot start sessions. We are investigating." names no signal of the team's own.
    f = _statusfy("Users cannot start sessions. We are investigating.")
    assert f.fields["time_of_internal_detect"] is None


def test_one_part_restored_then_all_services_restored():
    # "18:30 Internal database restored" is one part; "18:50 All services restored" ends it.
    f = _rows(
        "* **16:30 UTC** - Notified of container publishing failure\n",
        "* **17:40 UTC** - TUF-repo service offline\n",
        "* **18:30 UTC** - Internal database restored\n",
        "* **18:50 UTC** - All services restored\n",
    )
    assert f.fields["time_of_recovery"] == datetime(2020, 12, 1, 18, 50, tzinfo=UTC)


def _html(body: str) -> Parsed:
    return parse_document(
        read_document(f"<html><body>{body}</body></html>", html=True), ParseOptions(), None
    )


def test_a_notice_s_window_with_restated_clocks_and_days_of_the_year():
    # "an error that occurred at 6:02 AM CDT (11:02 z)", then "While … the error was
    # discovered and later resolved, the team immediately began evaluating" (later, not at
    # 6:02), then the window "between 6:02 AM CDT (11:02 z) on April 21, 2023 (DOY 111) and
    # 1:28 PM CDT (18:28 z) on April 23, 2023 (DOY 113)": 11:02Z on the 21st to 18:28Z on the
    # 23rd.
    f = _html(
        "<p>April 24, 2023</p><p>Early on Friday, April 21, 2023, the operations team was "
        "alerted of an error that occurred at 6:02 AM CDT (11:02 z) during a calibration "
        "collect.</p><p>While the sensor continued to acquire data after the error was "
        "discovered and later resolved, the validation team immediately began evaluating the "
        "data.</p><p>Scenes acquired during the timeframe of the error (between 6:02 AM CDT "
        "(11:02 z) on April 21, 2023 (DOY 111) and 1:28 PM CDT (18:28 z) on April 23, 2023 "
        "(DOY 113)) will be processed as partial products.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2023, 4, 21, 11, 2, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2023, 4, 23, 18, 28, tzinfo=UTC)


def test_a_window_of_unzoned_clocks_with_days_is_not_read_as_zoned():
    # "Between 18:30 on November 27, 2025 and 06:15 on November 28, 2025 (UTC), a
    # misconfiguration caused …": clocks with no zone of their own before their days; the
    # window is not taken from this sentence (as before this round).
    f = _md(
        "# Incident post-mortem\n\nBetween **18:30 on November 27, 2025** and **06:15 on "
        "November 28, 2025 (UTC)**, a mailing-list misconfiguration caused emails to be sent "
        "to the wrong people.\n\n## Timeline\n\n- 2025-11-28 06:06 UTC: First report.\n"
        "- 2025-11-28 06:15 UTC: List fixed, resolved.\n"
    ).fields
    assert f["time_of_first_trigger"] != datetime(2025, 11, 27, 18, 30, tzinfo=UTC)
