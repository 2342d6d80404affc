"""The parser on wording it had never seen, sixty-second round (issue 13): one test per rule.

From sealed part 58 (23 Wikitech reports and 2 Miraheze ones; now in dev): a page named on the
day it was written over a timeline under its own day lines ("Incidents/2018-10-16 …" over "10th
Oct 2018"), a stated time to detect said as a noun ("Human detection after six hours"), a
timeline told in two parts under sub-headings ("### Incident 1", "### Incident 2"), and
several people noticing at once ("Giuseppe (and then Arturo) notice CI is down"); then round 63:
an alert that "fires", a monitor's "icinga recovery" and its "second icinga alert" after it, and
an error rate that "begins to rise" and is "normal" again. Each test is a
minimal document written for the habit (not a copy of a corpus document); its expected values
are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_SWITCHOVER = (
    "<html><body><h1>Incidents/2018-10-16 parsercache empty post-switchover</h1>"
    "<p>Times in UTC</p><p>10th Oct 2018</p><ul>"
    "<li>14:14:44 Internal traffic starts flowing through eqiad</li>"
    "<li>14:15:09 External traffic starts flowing through eqiad between 14:15:09 and 14:17:29, "
    "when it's migrated completely.</li>"
    "<li>14:17:49 First alert for MCS timeouts notifies on IRC</li>"
    "<li>14:19:20 Some degradation of service for users starts</li>"
    "<li>14:23:10 Alert for MediaWiki memcached error rate fires</li>"
    "<li>14:35 Most things settle</li><li>14:59:40 last true recovery</li></ul>"
    "<p>11th Oct 2018</p><ul><li>05:30 Manuel notices a warning for disks filling up</li></ul>"
    "</body></html>"
)


def test_a_title_dated_after_every_day_of_its_timeline_is_the_write_ups():
    # A wiki page of timed rows under two day lines (most of its lines are rows). The title's
    # 16 October comes after both days the timeline gives (10 and 11 October): the page was
    # named when it was written; the incident began on the 10th, and the sentence's clocks
    # ("between 14:15:09 and 14:17:29") are on that day too.
    parsed = parse_document(read_document(_SWITCHOVER, html=True), ParseOptions(), None)
    assert parsed.fields["incident_date"] == date(2018, 10, 10)
    assert parsed.fields["time_of_first_trigger"].date() == date(2018, 10, 10)


def test_a_day_named_under_no_row_does_not_move_the_title():
    # Counter-case: a stored page cut off in its last line ("On Jan 1") names a day no row is
    # on: the rows stay on the title's day, 6 February 2020.
    f = _md(
        "# Incidents/2020-02-06 mediawiki\n\nAll times in UTC.\n\n"
        "- 20:24 Icinga starts alerting for high latency\n- 20:31 Icinga recoveries come in\n\n"
        "The root cause was a typo in a config setting.\n\nOn Jan 1\n"
    ).fields
    assert f["incident_date"] == date(2020, 2, 6)
    assert f["time_of_internal_detect"] == datetime(2020, 2, 6, 20, 24, tzinfo=UTC)


def test_a_time_to_detect_said_as_a_noun():
    # "Human detection after six hours." states the time to detect: 360 minutes.
    f = _md(
        "# Logstash backlog\n\n**Date:** 2019-07-15\n\n"
        "Human detection after six hours. No automated alerts.\n"
    ).fields
    assert f["stated_minutes_to_detect"] == 360


def test_detection_to_resolution_is_no_time_to_detect():
    # Counter-case: "detection to resolution in ~12 minutes" measures from the detection on.
    f = _md(
        "# Flags outage\n\n**Date:** 2025-10-21\n\n"
        "The status page was not updated (detection to resolution in ~12 minutes).\n"
    ).fields
    assert f["stated_minutes_to_detect"] is None


_TWO_PARTS = (
    "# Incidents/2019-05-06 zuul\n\n## Timeline\n\nAll times in UTC.\n\n"
    "### Incident 1\n\n"
    "- 10:00 CI reported processing times skyrocket for many repositories.\n"
    "- 10:35 Giuseppe (and then Arturo) notice CI is down.\n"
    "- 14:08 patches begin to be processed again\n\n"
    "### Incident 2\n\n"
    "- 14:18 Long chain of patches queued\n"
    "- 15:02 queue processed\n\n"
    "## Actionables\n\n- Alert on the queue length\n"
)


def test_a_timeline_told_in_two_parts_under_sub_headings():
    # "### Incident 1" and "### Incident 2" under "## Timeline" each hold timed rows: all five
    # are the timeline's (the actionables after it are not).
    parsed = _md(_TWO_PARTS)
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2019, 5, 6, 10, 0, tzinfo=UTC),
        datetime(2019, 5, 6, 10, 35, tzinfo=UTC),
        datetime(2019, 5, 6, 14, 8, tzinfo=UTC),
        datetime(2019, 5, 6, 14, 18, tzinfo=UTC),
        datetime(2019, 5, 6, 15, 2, tzinfo=UTC),
    ]


def test_several_people_notice_it_at_once():
    # "Giuseppe (and then Arturo) notice CI is down": staff noticing, at 10:35.
    f = _md(_TWO_PARTS).fields
    assert f["time_of_internal_detect"] == datetime(2019, 5, 6, 10, 35, tzinfo=UTC)


def test_a_notice_posted_is_no_one_noticing():
    # Counter-case: "A notice was posted that the site is down" is a message, not a detection;
    # the alert at 10:20 is.
    f = _md(
        "# Outage\n\n**Date:** 2021-03-04\n\n## Timeline\n\n"
        "- 10:00 errors begin\n- 10:05 A notice was posted that the site is down\n"
        "- 10:20 Icinga alert fires\n- 11:00 errors end\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2021, 3, 4, 10, 20, tzinfo=UTC)


# Round 63, from the same part's misses.


def test_an_alert_named_for_what_it_measures_fires():
    # "03:03 MediaWikiEditFailures (session loss) fires (critical)": the team's alert, at 03:03,
    # five minutes after the start the log marks (02:58).
    f = _md(
        "# Sessionstore unavailability\n\n**Date:** 2025-03-31\n\nAll times in UTC.\n\n"
        "- 02:58 sessionstore disk full OUTAGE BEGINS\n"
        "- 03:03 MediaWikiEditFailures (session loss) fires (critical)\n"
        "- 03:36 writes succeed again OUTAGE ENDS\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2025, 3, 31, 2, 58, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2025, 3, 31, 3, 3, tzinfo=UTC)


_FLAPPING = (
    "# PAWS down\n\n**Date:** 2019-02-13\n\nAll times are in UTC.\n\n"
    "- 03:38 first icinga alert about PAWS being down.\n"
    "- 04:43 icinga recovery for PAWS (flapping?).\n"
    "- 05:38 second icinga alert about PAWS being down.\n"
    "- 09:28 Giovanni restarts the database.\n"
    "- 09:42 icinga recovery for PAWS.\n"
)


def test_a_monitors_recovery_and_its_alert_again():
    # Icinga's recovery message ends the impact; a second alert after its first recovery is the
    # trouble back, so the impact ended at the last recovery, 09:42.
    f = _md(_FLAPPING).fields
    assert f["time_of_recovery"] == datetime(2019, 2, 13, 9, 42, tzinfo=UTC)


def test_a_monitors_one_recovery_ends_it():
    # Counter-case: with no alert after it, the first recovery (04:43) is the end.
    text = _FLAPPING.replace("second icinga alert about PAWS being down", "Bryan files a task")
    f = _md(text).fields
    assert f["time_of_recovery"] == datetime(2019, 2, 13, 4, 43, tzinfo=UTC)


def test_an_error_rate_rising_and_back_to_normal():
    # "20:26 - 4xx rate begins to rise" is the first effect of the 20:25 merge; "20:46 - 4xx
    # rate normal" its end: 20 minutes.
    f = _md(
        "# Appservers 4xx\n\n**Date:** 2014-05-29\n\n## Timeline\n\n"
        "- 20:25 - change merged\n- 20:26 - 4xx rate begins to rise\n"
        "- 20:43 - change reverted\n- 20:46 - 4xx rate normal\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2014, 5, 29, 20, 26, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2014, 5, 29, 20, 46, tzinfo=UTC)


def test_a_change_then_a_measure_that_skyrockets():
    # "09:26 Antoine deploys Zuul config change" is the run-up; half an hour later "CI reported
    # processing times skyrocket": the first row the document shows affected, the start.
    f = _md(
        "# Zuul\n\n**Date:** 2019-05-06\n\n## Timeline\n\n"
        "- 09:26 Antoine deploys Zuul config change\n"
        "- 10:00 CI reported processing times skyrocket for many repositories.\n"
        "- 14:08 patches begin to be processed again\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2019, 5, 6, 10, 0, tzinfo=UTC)


def test_a_compact_date_with_its_month_and_day_again():
    # A scorecard's "Start 20240417-04-17 09:10:00" (its template wrote the date twice): 17
    # April 2024 at 09:10, and the End at 09:50 the same day.
    f = _md(
        "# 2024-04-17 mw-on-k8s eqiad outage\n\n**Start:** 20240417-04-17 09:10:00\n\n"
        "**End:** 20240417-04-17 09:50:00\n\nAll times in UTC.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 4, 17, 9, 10, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2024, 4, 17, 9, 50, tzinfo=UTC)
