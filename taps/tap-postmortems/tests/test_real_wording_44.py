"""The parser on wording it had never seen, forty-fourth round (issue 13): one test per rule.

The Guardian's frontend reports tell their story in sentences with 12-hour clocks ("At approx
1:15pm … At 2pm we were notified … At about 4:25 we received alerts") and state a length as a
range ("duration: 1 - 1.5 hours"). Each test is a minimal document written for the habit (not a
copy of a corpus document); its expected values are worked out by hand from the text, never
from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document
from tap_postmortems.values import parse_duration


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def test_an_hour_with_its_pm_after_at_is_a_clock_without_a_zone():
    # "At 2pm we were notified that the graphs had dropped off": an hour and its PM after
    # "at" is a moment even with no zone written after it (read as UTC, the default).
    f = _md(
        "# Broken release\n\n- date: 2 March 2021\n\n## Summary\n\n"
        "At 1:15pm we released the change to production. At 2pm we were alerted that page "
        "views had dropped. The service recovered at 4pm after a fix.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 2, 13, 15, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 3, 2, 14, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 16, 0, tzinfo=UTC)


def test_an_hour_with_its_day_after_it_in_words_stays_unread():
    # Guard: "at 8 PM on the 16th" names another day this reader does not take.
    f = _md(
        "# Outage\n\n- date: 2 March 2021\n\n## Summary\n\n"
        "We were alerted at 8pm on the 16th that the API was down.\n"
    ).fields
    assert f["time_of_internal_detect"] is None


def test_a_twelve_hour_writers_bare_clock_takes_the_half_of_its_marked_neighbours():
    # "- date: First reported about 4:25pm … At about 4:25 we received alerts … back to normal
    # (about 5.30pm)": a writer who marks clocks AM/PM and writes none past 12:59 keeps a
    # 12-hour clock, so the bare 4:25 is 16:25, the half nearest the marked ones.
    f = _md(
        "# Site slow\n\n- date: 6 April 2013\n\n## Summary\n\n"
        "At about 4:25 we received alerts that the site was responding slowly. "
        "The site settled back to normal at about 5:30pm.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 4, 6, 16, 25, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2013, 4, 6, 17, 30, tzinfo=UTC)


def test_a_bare_clock_far_from_every_marked_one_stays_as_written():
    # Guard: "At 10:00 we deployed" beside a lone "4:25pm": 10:00 and 22:00 are both hours from
    # it, so the writer's half is not known; the clock stays as written.
    f = _md(
        "# Site slow\n\n- date: 6 April 2013\n\n## Summary\n\n"
        "At 10:00 we received alerts that the site was responding slowly. "
        "The site settled back to normal at about 4:25pm.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 4, 6, 10, 0, tzinfo=UTC)


def test_a_twenty_four_hour_writers_bare_clock_stays_as_written():
    # Guard: a writer who also writes "17:30" keeps a 24-hour clock: "4:25" is the morning.
    f = _md(
        "# Site slow\n\n- date: 6 April 2013\n\n## Summary\n\n"
        "At 4:25 we received alerts that the site was responding slowly. The site was back "
        "to normal at 17:30, and at 5pm the next deploy had been paused.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 4, 6, 4, 25, tzinfo=UTC)


def test_a_range_of_lengths_states_no_one_length():
    # "duration: 1 - 1.5 hours": the writer did not know the length; neither end is it.
    for written in ("1 - 1.5 hours", "2 to 3 hours", "1\u20132 days"):
        assert parse_duration(written) is None, written
    # Guard: one length, also with a number before it that is no range's end.
    assert parse_duration("1.5 hours").total_seconds() == 5400  # type: ignore[union-attr]
    assert parse_duration("took 45 minutes").total_seconds() == 2700  # type: ignore[union-attr]


def test_a_sentence_opening_on_a_dated_day_moves_the_story_on():
    # "On Friday 21 June … made a pull request. On Tuesday 25 June this was merged … At approx
    # 1:15pm … released these changes": the clocks after the later day fall on it.
    f = _md(
        "# Broken release\n\n## Summary\n\nThe site's scripts broke.\n\n## Cause\n\n"
        "On Friday 21 June 2013 a pull request was opened. On Tuesday 25 June this was merged. "
        "At 1:15pm it was released to production. At 2pm we were alerted that page views had "
        "dropped.\n",
        "2013-06-25-broken-release.md",  # posted that day: the story's days end there
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 6, 25, 14, 0, tzinfo=UTC)


def test_a_date_label_that_opens_on_starting_gives_the_start():
    # "- date: Starting 6pm 2013-03-13": the day's label states when the impact began.
    for value, want in (
        ("Starting 6pm 2013-03-13", datetime(2013, 3, 13, 18, 0, tzinfo=UTC)),
        ("Starting 5.30pm 2013-03-13", datetime(2013, 3, 13, 17, 30, tzinfo=UTC)),
        ("Started at 14:35 on 2013-03-13", datetime(2013, 3, 13, 14, 35, tzinfo=UTC)),
    ):
        f = _md(f"# Article servers\n\n- date: {value}\n\n## Summary\n\nServers cycled.\n").fields
        assert f["time_of_first_trigger"] == want, value
    # Guard: a day alone ("Starting 2012-12-13") is no moment of the start.
    f = _md("# Article servers\n\n- date: Starting 2012-12-13\n\n## Summary\n\nServers cycled.\n")
    assert f.fields["time_of_first_trigger"] is None


def test_a_duration_label_that_gives_an_end_moment_gives_the_recovery():
    # "- duration: Until 10.30pm", "- duration: Finished approx 11pm 2012-12-17": the length's
    # label states when the impact ended, not how long it was.
    for value, want in (
        ("Until 10.30pm", datetime(2013, 3, 13, 22, 30, tzinfo=UTC)),
        ("Finished approx 11pm 2013-03-13", datetime(2013, 3, 13, 23, 0, tzinfo=UTC)),
    ):
        f = _md(
            f"# Article servers\n\n- date: Starting 6pm 2013-03-13\n- duration: {value}\n\n"
            "## Summary\n\nServers cycled.\n"
        ).fields
        assert f["time_of_recovery"] == want, value
        assert f["stated_minutes_to_recover"] is None, value


def test_gomez_reporting_failures_is_the_teams_monitor():
    # "Gomez reported four transient Severe Response Time Failures … at 6.59pm": Compuware's
    # Gomez is a synthetic monitor the team subscribes to (corpus rule 1: internal detection).
    f = _md(
        "# Article servers\n\n- date: Starting 6pm 2013-03-13\n\n## Summary\n\n"
        "Gomez reported two Severe Response Time Failures at 6.59pm and 8.54pm.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 3, 13, 18, 59, tzinfo=UTC)


def test_took_up_to_a_length_until_it_was_noticed_states_the_time_to_detect():
    # "both instances took up to 45minutes until the runtime error was noticed": the length
    # until the noticing, as "It took us 23 minutes to detect the problem" states it.
    f = _md(
        "# Script error\n\n## Date\n4th September 2013 from 11:30 - 12:43\n\n## Lessons\n\n"
        "The error took up to 45minutes until it was noticed in our analytics.\n"
    ).fields
    assert f["stated_minutes_to_detect"] == 45.0
    # Guard: a length until something else ("took 2 hours until the fix was deployed").
    f = _md(
        "# Script error\n\n## Date\n4th September 2013 from 11:30 - 12:43\n\n## Lessons\n\n"
        "The fix took 2 hours until it was deployed.\n"
    ).fields
    assert f["stated_minutes_to_detect"] is None


def test_a_success_rate_at_zero_and_back_to_full_are_the_impact_and_its_end():
    # "16:05 Launch success rate is at 0%." / "18:40 Launch success rate is back to 100%":
    # the team's success metric at nothing is the impact, whole again its end.
    f = _md(
        "# Launches failing\n\n## Timeline (all times UTC)\n\n"
        "### 2018-02-20 14:17\nA blog post announces the new release.\n\n"
        "### 15:08\nThe rate limit is behaving as intended.\n\n"
        "### 16:05\nLaunch success rate is at 0%. Something is wrong beyond load.\n\n"
        "### 17:30\nThe pod limit is raised.\n\n"
        "### 18:40\nLaunch success rate is back to 100%.\n\n"
        "### 18:52\nWe keep watching the cluster.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2018, 2, 20, 16, 5, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2018, 2, 20, 18, 40, tzinfo=UTC)
    # The team reading its own metric is its own detection (corpus rule 1: a dashboard).
    assert f["time_of_internal_detect"] == datetime(2018, 2, 20, 16, 5, tzinfo=UTC)


def test_an_aside_in_brackets_after_a_windows_end_is_no_part_of_it():
    # "22nd July 2013 from 20:30 -> 21:10  (downtime around 21:52 - 21:05)": the bracket's
    # clocks remark on the window; its end is 21:10.
    f = _md(
        "# Live blog down\n\n## Date\n22nd July 2013 from 20:30 -> 21:10  (downtime around "
        "20:52 - 21:05)\n\n## Summary\nUsers saw 503 pages.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2013, 7, 22, 20, 30, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2013, 7, 22, 21, 10, tzinfo=UTC)


def test_a_service_the_fault_suspended_marks_the_start_and_its_utc_day():
    # "On Thursday, January 26, 2023 … The sensors onboard suspended imaging at 9:38 p.m. CST":
    # the halt is the impact's start, so the incident's day is its UTC day (corpus rule 2).
    f = _md(
        "# Satellite in safehold\n\nOn Thursday, January 26, 2023, the satellite had an anomaly. "
        "The sensors onboard suspended imaging at 9:38 p.m. CST.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2023, 1, 27, 3, 38, tzinfo=UTC)
    assert f["incident_date"].isoformat() == "2023-01-27"


def test_moving_users_onto_a_standby_copy_is_the_mitigation():
    # "12:07 Route53 records changed forcing all traffic to DR, as our current health checks
    # are flapping" ends the impact for users (corpus: recovery is mitigation for users); the
    # reason given for the step ("as … flapping") takes nothing back. The network recovering
    # later is the cause clearing, not the users' recovery.
    f = _md(
        "# Partial API outage\n\n## Timeline\n\n"
        "- 2016-09-26 11:45 UTC: our monitor reports the API as down\n"
        "- 2016-09-26 12:07 UTC: DNS records changed forcing all traffic to DR, as our current "
        "health checks are flapping\n"
        "- 2016-09-26 12:17 UTC: the last services are now showing as recovered\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2016, 9, 26, 12, 7, tzinfo=UTC)
    for said in ("failed over to the standby cluster", "pointing to our DR setup"):
        f = _md(
            "# Site outage\n\n## Timeline\n\n"
            "- 2016-07-06 12:04 UTC: our monitor reports the site as down\n"
            f"- 2016-07-06 12:07 UTC: the site is now {said}\n"
            "- 2016-07-06 12:43 UTC: our production instance is back up\n"
        ).fields
        assert f["time_of_recovery"] == datetime(2016, 7, 6, 12, 7, tzinfo=UTC), said


def test_a_spare_commanded_to_cover_for_the_outage_is_the_mitigation():
    # "At approximately 7 a.m. EST this morning, GOES-10 was commanded to cover for the GOES-8
    # outage": users are served again, by the spare.
    f = _md(
        "# Satellite in safe hold\n\nAt approximately 3 a.m. EST on October 27, 1998, the "
        "satellite stopped working. At approximately 7 a.m. EST, the spare satellite was "
        "commanded to cover for the outage.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(1998, 10, 27, 12, 0, tzinfo=UTC)


def test_noticed_a_length_after_the_malicious_code_was_released_states_the_time_to_detect():
    # "the issue was noticed, 4 days after the malicious code was released": how long the
    # fault was out before anyone saw it (as "~2 days after the regression shipped").
    f = _md(
        "# Tracking errors\n\n## Summary\n\nIt was only when an analyst ran a report that the "
        "issue was noticed, 4 days after the malicious code was released.\n"
    ).fields
    assert f["stated_minutes_to_detect"] == 4 * 24 * 60


def test_a_start_label_with_a_day_and_no_clock_is_no_moment():
    # "Start: 9 December 2013" names the day, not the moment: its midnight is no start (the
    # day still dates the incident).
    f = _md(
        "# Tracking errors\n\n- Start: 9 December 2013\n- End: 12 December 2013\n\n"
        "## Summary\n\nTracking broke for some users.\n"
    ).fields
    assert f["time_of_first_trigger"] is None
    assert f["incident_date"].isoformat() == "2013-12-09"
