"""The parser on wording it had never seen, forty-fifth round (issue 13): one test per rule.

Round 38's sealed part brought status pages kept as files: a university's cState entries whose
clocks name a city's time ("9:10 AM Winnipeg time") or a region's in a heading ("Update 17:30
Central Time"), an Astro status page whose updates are MDX components stamped with ISO 8601
date-times (``<Update date="2022-04-21T11:34:00.000Z">``), and a length written with a vulgar
fraction ("1 1/2 hour"). Each test is a minimal document written for the habit (not a copy of a
corpus document); its expected values are worked out by hand from the text, never from the
parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document
from tap_postmortems.values import parse_datetime, parse_duration, zone_named


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_CSTATE = (
    "---\ntitle: Unplanned power outage\ndate: 2025-04-23 9:10:00\nresolved: true\n"
    "resolvedWhen: 2025-04-23 12:40:00\nseverity: down\n---\n\n"
)


def test_a_citys_time_is_the_zone_of_that_city():
    # "a complete loss of power at about 9:10 AM Winnipeg time": the IANA zone of the city
    # (America/Winnipeg, CDT in April), and the front matter's bare clocks are on it too.
    assert zone_named("Winnipeg time") == ZoneInfo("America/Winnipeg")
    f = _md(
        _CSTATE + "A power outage happened, with a loss of power at about 9:10 AM Winnipeg time.\n"
    )
    assert f.fields["time_of_first_trigger"] == datetime(2025, 4, 23, 14, 10, tzinfo=UTC)
    assert f.fields["time_of_recovery"] == datetime(2025, 4, 23, 17, 40, tzinfo=UTC)


def test_a_zone_written_in_an_update_heading_is_the_documents():
    # "#### Update 17:30 Central Time: System is available ####": the heading states the clock
    # and its zone, as a sentence would.
    f = _md(_CSTATE + "#### Update 12:40 Central Time: System is available ####\n\nAll good.\n")
    assert f.fields["time_of_first_trigger"] == datetime(2025, 4, 23, 14, 10, tzinfo=UTC)


def test_an_iso_stamps_offset_is_its_zone_not_a_range():
    # "2021-05-29T22:41:00-00:00" (RFC 3339's UTC), "…T16:26:00-06:00": the offset after the
    # clock is the zone it was written in, also when the document's clocks are another's.
    denver = ZoneInfo("America/Denver")
    got = parse_datetime("2021-05-29T22:41:00-00:00", default_zone=denver)
    assert got == datetime(2021, 5, 29, 22, 41, tzinfo=UTC)
    got = parse_datetime("2021-11-23T16:26:00-06:00", default_zone=UTC)
    assert got == datetime(2021, 11, 23, 22, 26, tzinfo=UTC)
    # Guard: a range of clocks still starts at its first ("13:30-13:45").
    got = parse_datetime("2021-05-29 13:30-13:45", default_zone=UTC)
    assert got == datetime(2021, 5, 29, 13, 30, tzinfo=UTC)


def test_a_vulgar_fractions_half_is_half():
    # "back up after 1 1/2 hour of downtime", "2½ hours"
    assert parse_duration("after 1 1/2 hour of downtime").total_seconds() == 5400  # type: ignore[union-attr]
    assert parse_duration("2\u00bd hours").total_seconds() == 9000  # type: ignore[union-attr]
    assert parse_duration("1/2 hour").total_seconds() == 1800  # type: ignore[union-attr]


_ASTRO = (
    "---\ntitle: Misconfigured load balancer\ndate: 2022-04-20T17:00:00.000Z\nresolved: true\n"
    "---\n\nimport Update from '@components/status/Update.astro';\n\n"
    "A migration broke API key authorization.\n\n"
)


def test_mdx_components_stamped_with_a_date_are_timeline_rows():
    # '<Update date="2022-04-21T11:34:00.000Z">The migration was rolled back …</Update>': a
    # status page's update, stamped; two or more of them are the entry's timeline.
    f = _md(
        _ASTRO + "### Rollback\n\n"
        '<Update date="2022-04-21T11:34:00.000Z">\n  The migration was rolled back.\n</Update>\n\n'
        "### Resolution\n\n"
        '<Update date="2022-04-21T12:23:00.000Z">\n  Service is restored for all keys.\n</Update>\n'
    )
    times = [e["occurred_at"] for e in f.timeline]
    assert times == [
        datetime(2022, 4, 21, 11, 34, tzinfo=UTC),
        datetime(2022, 4, 21, 12, 23, tzinfo=UTC),
    ]
    assert f.fields["time_of_recovery"] == datetime(2022, 4, 21, 12, 23, tzinfo=UTC)


def test_a_line_opening_on_an_iso_stamp_is_no_label_nor_a_window():
    # "2021-11-23T16:26:00-06:00 The issue has been identified and fixed": its first colon is
    # its clock's, and "16:26:00-06:00" no window from 16:26 to 06:00.
    f = _md(
        _ASTRO + "2021-11-23T16:26:00-06:00 The issue has been identified and fixed by hosting.\n"
    ).fields
    # (the misreading was 2021-11-24 06:00, the window's "end")
    assert f["time_of_recovery"] in (None, datetime(2021, 11, 23, 22, 26, tzinfo=UTC))
    assert f["stated_minutes_to_recover"] is None


def test_a_status_entrys_updates_all_tell_the_impact():
    # A cState entry's text is its updates, each under its own heading ('UPDATE: outage
    # concluded' over 'back up after 1 1/2 hour of downtime'): the length it states is the
    # impact's, as a summary's would be.
    f = _md(
        "---\ntitle: Unplanned power outage\ndate: 2023-05-30 07:00:00\nresolved: true\n"
        "resolvedWhen: 2023-05-30 09:30:00\n---\n\n"
        "#### UPDATE: outage concluded ####\n\n"
        "Compute and storage are back up after 1 1/2 hour of downtime.\n\n"
        "#### Unplanned power loss ####\n\nThere was an unplanned power outage.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 90.0


def test_a_status_entrys_text_dating_the_failure_before_the_post_gives_the_start():
    # "the default queue stopped processing items at 2024-02-12 01:54:38" under a page dated
    # 2024-02-13 13:00: the page went up later than the failure its text dates.
    f = _md(
        "---\ntitle: Job queue is blocked\ndate: 2024-02-13 13:00:00\nresolved: true\n"
        "resolvedWhen: 2024-02-14 13:26:00\n---\n\n"
        "The default queue stopped processing items at 2024-02-12 01:54:38 due to a hanging "
        "network connection.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 2, 12, 1, 54, 38, tzinfo=UTC)
    assert f["incident_date"].isoformat() == "2024-02-12"
    # Guard: a date-time after the post's is no start (a later update's).
    f = _md(
        "---\ntitle: Job queue is blocked\ndate: 2024-02-13 13:00:00\nresolved: true\n---\n\n"
        "The queue started processing items at 2024-02-13 15:00 again.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 2, 13, 13, 0, tzinfo=UTC)


def test_a_window_opened_on_a_day_gives_its_end_and_a_job_that_did_not_complete_its_start():
    # "What users saw": "From early on 3 November to 11am on 4 November, the page didn't show
    # any new announcements" ends the impact at 11am on the 4th; "At 4:06am on 3 November, the
    # nightly task ran but it didn't complete" is the failure that began it.
    f = _md(
        "# Announcements not updated\n\n## What users saw\n\nFrom early on 3 November 2015 to "
        "11am on 4 November, the announcements page didn't show any new announcements.\n\n"
        "## What happened\n\nAt 4:06am on 3 November, the nightly task ran but it didn't "
        "complete, and the search indexes remained locked.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2015, 11, 4, 11, 0, tzinfo=UTC)
    assert f["time_of_first_trigger"] == datetime(2015, 11, 3, 4, 6, tzinfo=UTC)


def test_a_clause_that_started_at_a_clock_is_the_start_and_resumed_work_the_recovery():
    # "On April 30, 2014 the satellite successfully recovered from the safehold condition that
    # started at 05:44 GMT on April 29, 2014. Science data acquisitions resumed at 19:48 GMT on
    # April 30, 2014": the clause the first clock closes says what began then; the work the
    # fault stopped going again is the end of impact.
    f = _md(
        "# Acquisitions resume\n\nOn April 30, 2014 the satellite successfully recovered from "
        "the safehold condition that started at 05:44 GMT on April 29, 2014. Science data "
        "acquisitions resumed at 19:48 GMT on April 30, 2014.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2014, 4, 29, 5, 44, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2014, 4, 30, 19, 48, tzinfo=UTC)


def test_a_supply_chain_compromises_exposure_window_and_an_external_disclosure():
    # "* **Exposure Window:** Exactly **4 hours and 20 minutes**" states how long users could
    # install the malicious versions; "External security disclosure from X … alerts the team"
    # is a report from outside (corpus rule 3: customer detection).
    f = _md(
        "# Supply chain attack\n\n## Summary\n\n"
        "* **Exposure Window:** Exactly **4 hours and 20 minutes**.\n\n"
        "## Timeline\n\n| Time | Event |\n|---|---|\n"
        "| 2026-07-14 06:58 UTC | The attacker pushes a malicious commit. |\n"
        "| 2026-07-14 07:50 UTC | External security disclosure from a researcher alerts us. |\n"
        "| 2026-07-14 11:18 UTC | The registry unpublishes all malicious versions. |\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 260.0
    assert f["time_of_customer_detect"] == datetime(2026, 7, 14, 7, 50, tzinfo=UTC)


def test_a_change_that_brought_a_faulty_image_starts_it_and_a_means_weighed_is_no_recovery():
    # "15:30 … the production hub was accidentally upgraded. This upgrade brought with it the
    # faulty hub image from staging which wasn't working." is the start (a change naming its
    # fault), not the staging work before it; "It is decided that the quickest way to bring the
    # hub back up is to downgrade" weighs a means; "merged into production and brought online
    # there" is the recovery.
    f = _md(
        "# Accidental merge\n\n## Timeline\n\n"
        "### 2018-01-25 14:30\n\nThe chart was upgraded on the staging hub.\n\n"
        "### 15:30\n\nThe production hub was accidentally upgraded. This upgrade brought with it "
        "the faulty hub image from staging which wasn't working.\n\n"
        "### 16:11\n\nStaff report in slack that the hub is down for users. It is decided that "
        "the quickest way to bring the hub back up is to downgrade the chart.\n\n"
        "### 16:35\n\nThe old chart is merged into production and brought online there.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2018, 1, 25, 15, 30, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2018, 1, 25, 16, 35, tzinfo=UTC)


def test_the_team_meeting_the_fault_in_its_own_deployment_detects_it():
    # "On Wednesday at 2pm during a routine deployment of some client-side code changes (by
    # two developers) the event application failed to build": the team met the fault in its
    # own work (corpus rule 1: staff seeing the trouble is internal detection).
    f = _md(
        "# Build broken\n\n- date: Starting about 11am 2013-03-11\n\n## Summary\n\n"
        "At 2pm on 13 March 2013 during a routine deployment of some client-side code changes "
        "(by two developers) the event application failed to build with an error.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 3, 13, 14, 0, tzinfo=UTC)


def test_a_days_month_abbreviation_ends_no_sentence_and_dates_the_clock_after_it():
    # "The last contact with the polar-orbiting satellite was Saturday, Aug. 21, at 7:15 p.m.
    # EDT" in a statement of Monday Aug. 23: the day written before the clock dates it (the
    # "Aug." splits no sentence), and the last contact is when the loss began.
    f = _md(
        "# Loss of contact\n\n- date: 23 August 1993\n\n## Summary\n\n"
        "Engineers are trying to determine the problem. The last contact with the satellite "
        "was Saturday, Aug. 21, at 7:15 p.m. EDT.\n"
    )
    assert f.fields["time_of_first_trigger"] == datetime(1993, 8, 21, 23, 15, tzinfo=UTC)
    assert not any(w.startswith("time_of_first_trigger: taken from") for w in f.warnings)


def test_an_automated_check_over_its_threshold_is_the_teams_alert():
    # "11:54:59 scap check 'Logstash error rate for mw….eqiad.wmnet' failed, 97%
    # OVER_THRESHOLD": the deploy tool's own error-rate check (corpus rule 1: a monitor's
    # alert is internal detection), 20 s after "OUTAGE BEGINS".
    f = _md(
        "# Canary errors\n\n## Timeline\n\nAll times in UTC.\n\n"
        "- 2019-06-06 11:54:39 sync finished Canaries Synced OUTAGE BEGINS\n"
        "- 2019-06-06 11:54:59 check 'Logstash error rate' failed, 97% OVER_THRESHOLD\n"
        "- 2019-06-06 12:04:22 sync finished Canaries Synced OUTAGE ENDS\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2019, 6, 6, 11, 54, 59, tzinfo=UTC)


def test_an_investigation_that_begins_in_earnest_is_no_first_noticing():
    # "At this point, we know that upgrading will not fix it. Investigation begins in earnest."
    # hours after the team met the failure: a deeper phase of the work, not its detection.
    f = _md(
        "# Logs unavailable\n\n## Timeline\n\n"
        "### 2019-02-20 08:03\n\nkubectl logs has stopped working for all pods.\n\n"
        "### 11:17\n\nUpgrading did not fix it. Investigation begins in earnest.\n\n"
        "### 13:30\n\nkubectl logs is restored and everything is working.\n"
    ).fields
    assert f["time_of_internal_detect"] != datetime(2019, 2, 20, 11, 17, tzinfo=UTC)


def test_a_night_written_as_two_days_began_on_the_first():
    # "Over the night of 25/26 March 2014, fronts intermittently stopped updating": the night,
    # and the incident, began on the 25th.
    f = _md(
        "# Fronts broke\n\n### Summary\n\nOver the night of 25/26 March 2014, fronts "
        "intermittently stopped updating.\n"
    ).fields
    assert f["incident_date"].isoformat() == "2014-03-25"
