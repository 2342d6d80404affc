"""The parser on real wording, thirteenth round (issue 13): one test per rule.

Each test quotes the wording of a real postmortem of the development corpus (named in the
comment) in the smallest document that shows it; expected values are worked out by hand
(zones converted with the offset the writer's region had on that day).
"""

from __future__ import annotations

from datetime import date

from postmortems_harness import parse, utc


def test_a_risk_is_no_symptom_and_a_change_that_ships_the_fault_starts_the_impact():
    # edgi 2018-10-30: the title's day is the 30th; the rows of the 8th end "Services are
    # operational, but the conditions for failure have been set" (a risk, not a failure: run-up),
    # and the staging deploy of the 30th goes out "(and the incorrect certs along with it)".
    # CDT is UTC-5: 09:10 -> 14:10Z, 19:00 -> 00:00Z on the 31st, 19:30 -> 00:30Z.
    p = parse(
        "# 2018-10-30: Incorrect TLS Certificates deployed to staging and production.\n\n"
        "## Timeline\n\nAll times in CDT.\n\n"
        "### 2018-10-08 ~18:10\n\nDuring the initial deployment we hit a snag with getting "
        "appropriate TLS certificates provisioned.\n\n"
        "### 2018-10-08 ~18:40\n\n@jsnshrmn manually applies those certificates to the load "
        "balancers. Services are operational, but the conditions for failure have been set for "
        "the next deployment of services.\n\n"
        "### 2018-10-30 09:10\n\nWeeks later, @jsnshrmn deploys reorganized service "
        "configuration to staging (and the incorrect certs along with it).\n\n"
        "### 2018-10-30 12:15\n\n@jsnshrmn deploys reorganized service configuration to "
        "production.\n\n"
        "### 2018-10-30 19:00\n\nSentry began sending alerts because versionista-scraper was "
        "encountering ssl errors.\n\n"
        "### 2018-10-30 19:30\n\n@jsnshrmn manually updates the certificates. Services are "
        "restored.\n"
    )
    assert p.fields["incident_date"] == date(2018, 10, 30)
    assert p.fields["time_of_first_trigger"] == utc(2018, 10, 30, 14, 10)
    assert p.fields["time_of_internal_detect"] == utc(2018, 10, 31, 0, 0)
    assert p.fields["time_of_recovery"] == utc(2018, 10, 31, 0, 30)


def test_a_timeline_of_days_begins_after_its_run_up_of_changes():
    # iasql 2022-09-07: rows dated without a time; the 5th only delays a release ("Release was
    # delayed"), the 7th is when "the production deploy failed".
    p = parse(
        "# Postmortem for v0.0.19 Deployment Failure\n\n## Timeline\n\n"
        "- **2022-09-05**: Release day for `v0.0.19`, rushing to get desired features out the "
        "door, but were unable to. Release was delayed rather than skip these features.\n"
        "- **2022-09-07**: Actual attempted release for `v0.0.19`. Instead the `production` "
        "deploy failed, and an investigation began.\n"
        "- **2022-09-09**: Actual root cause found and fixed.\n"
    )
    assert p.fields["incident_date"] == date(2022, 9, 7)
    assert all(e["occurred_at"] is None for e in p.timeline)
    assert p.fields["time_of_first_trigger"] is None


def test_a_date_cell_is_a_day_and_a_report_date_months_on_is_not_the_incidents():
    # etcd 2021-06-16 (v3.5 data inconsistency): "| Date | 2022-04-20 |" beside Authors and
    # Status, over a timeline table of days from 2021-05-08 (a merge: run-up) to 2022-04-24;
    # the story begins with "Release v3.5.0 with data corruption was published" (2021-06-16).
    # No row states a time of day, so none has one (not midnight).
    p = parse(
        "# v3.5 data inconsistency postmortem\n\n"
        "|         |            |\n|---|---|\n| Authors | serathius@ |\n"
        "| Date    | 2022-04-20 |\n| Status  | published  |\n\n"
        "## Timeline\n\n| Date | Event |\n|---|---|\n"
        "| 2021-05-08 | Pull request that caused data corruption was merged |\n"
        "| 2021-06-16 | Release v3.5.0 with data corruption was published |\n"
        "| 2021-12-01 | Report of data corruption |\n"
        "| 2022-03-25 | Corruption confirmed by one of the maintainers |\n"
        "| 2022-04-24 | Release v3.5.3 with fix was published |\n"
    )
    assert p.fields["incident_date"] == date(2021, 6, 16)
    assert len(p.timeline) == 5
    assert all(e["occurred_at"] is None for e in p.timeline)
    assert p.fields["time_of_first_trigger"] is None
    assert p.fields["time_of_customer_detect"] is None


BOSKOS = (
    "# March 26th, 2019 Boskos Outage\n\nAll times in PDT (UTC-7).\n\n"
    "## Impact\n\nAll jobs depending on boskos failed between 2019-02-25 23:04 and "
    "2019-02-26 08:12.\n\n"
    "## Detection\n\nUsers reported issues at 02:50 (via GitHub), 05:16 and 06:27 (both via "
    "Slack). While monitoring clearly shows the failure, no alerting caught it.\n\n"
    "## Timeline\n\n"
    "- [03-26 17:40] Kubernetes node upgrade is initiated on the build cluster\n"
    "- [03-26 23:04] The node hosting boskos is drained. The replacement pod is stuck in a "
    "crash loop. (**outage starts**)\n"
    "- [03-26 02:50] The outage is reported on GitHub by @mborsz\n"
    "- [03-26 07:16] @Katharine wakes up and notices the Slack reports\n"
    "- [03-26 08:10] @Katharine successfully deploys a fixed Boskos (**outage ends**)\n"
)


def test_a_night_written_with_one_day_and_a_window_dated_a_month_off():
    # kubernetes 2019-03-26: every row says "03-26", but 02:50 follows 23:04: the evening's
    # rows were the 25th (the title states the 26th). The Impact section's window is dated
    # February (a month from the title): a slip, so the timeline's own markers are read.
    # PDT is UTC-7: 23:04 on the 25th -> 06:04Z, 08:10 -> 15:10Z. "@Katharine wakes up and
    # notices the Slack reports" (07:16) is no detection: corpus rule 3 names it ("the on-call
    # 'notices the Slack reports'"), and the document says "no alerting caught it".
    p = parse(BOSKOS)
    assert p.fields["incident_date"] == date(2019, 3, 26)
    assert p.fields["time_of_first_trigger"] == utc(2019, 3, 26, 6, 4)
    assert p.fields["time_of_internal_detect"] is None
    assert p.fields["time_of_recovery"] == utc(2019, 3, 26, 15, 10)
    times = [e["occurred_at"] for e in p.timeline]
    assert times[0] == utc(2019, 3, 26, 0, 40)  # 17:40 PDT on the 25th
    assert times == sorted(times)


def test_users_reporting_in_a_detection_section_are_the_customers():
    # kubernetes 2019-03-26: "Users reported issues at 02:50 (via GitHub)" (02:50 PDT = 09:50Z)
    # is a report from outside, though the section goes on to name the team's monitoring.
    p = parse(BOSKOS)
    assert p.fields["time_of_customer_detect"] == utc(2019, 3, 26, 9, 50)
    assert p.fields["detection_method"] == "customer"


def test_a_night_written_with_one_day_runs_on_without_a_stated_day():
    # The same shape with no day stated for the incident (no dated title, label or file
    # name): the rows after the clock runs back are the next day, as a bare time past
    # midnight is. (Written as the Boskos rows are, month and day without a year: a day
    # written whole, "2019-05-01 01:30", is kept as written since round 88d — six dev
    # documents write whole days out of order and mean them.)
    # (no year anywhere: the rows' month, day and clock are what the shape decides)
    p = parse(
        "# Outage\n\n## Timeline\n\n"
        "- [05-01 23:00] The node is drained; the pod crash-loops (**outage starts**)\n"
        "- [05-01 01:30] The outage ends\n"
    )
    assert [e["occurred_at"].timetuple()[1:5] for e in p.timeline] == [(5, 1, 23, 0), (5, 2, 1, 30)]


def test_a_first_phase_length_is_no_time_to_recover():
    # chia 2021-05-09: "stopped creating blocks … for approximately 45 minutes, and then
    # advanced very slowly for the next 3 hours until the hotfix was released" tells phases;
    # "slower than normal for a day" after it is the after-effect. No total is stated.
    p = parse(
        "## Issue summary\n\n"
        "On May 9th 2021 at 6:48AM PDT, the blockchain stopped creating blocks at height 255108 "
        "for approximately 45 minutes, and then advanced very slowly for the next 3 hours until "
        "the hotfix was released.\n\n"
        "The blockchain advanced slower than normal for a day, while people updated their "
        "machines, and the difficulty adjusted.\n",
        "2021-05-09-negative-coin-values.md",
    )
    assert p.fields["stated_minutes_to_recover"] is None


def test_a_length_stated_whole_is_still_read():
    # The counter-case (cloud.gov-style "For about 35 minutes, …"): one length, no phases.
    p = parse(
        "# Outage\n\n## Summary\n\nFor about 35 minutes, customers could not deploy.\n",
        "2021-05-09-outage.md",
    )
    assert p.fields["stated_minutes_to_recover"] == 35


def test_users_able_to_connect_again_is_the_recovery():
    # berkeley 2019-02-25: "prod hub is up" at 13:41 is not yet the users' return; the 14:48
    # certificate "enabling students to connect" is.
    p = parse(
        "# Azure Kubernetes API Server outage causes downtime\n\n## Timeline\n\n"
        "### 2019-02-25 11:21a\n\nThe kubernetes API server became unavailable.\n\n"
        "### 11:34\n\nInfrastructure staff is notified in slack.\n\n"
        "### 13:41\n\nprod hub is up and DNS is updated.\n\n"
        "### 14:48\n\nletsencrypt on prod can successfully retrieve an SSL certificate "
        "enabling students to connect.\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2019, 2, 25, 11, 21)
    assert p.fields["time_of_recovery"] == utc(2019, 2, 25, 14, 48)


def test_trouble_in_waves_recovers_after_the_last_wave():
    # chia 2021-10-30 (dust storm): "Mempool is back to zero" after the first wave, then
    # "Second wave of transactions begin", …, "Final and largest wave … begins", and only
    # "mempool is empty." after it ends the impact.
    p = parse(
        "# Oct 31 2021 Dust Storm\n\n## Timeline\n\n"
        "- 2021-10-30 12:45: First wave of storm transactions begins\n"
        "- 2021-10-30 13:55: Chia operations alarms fire. Devops engineers began investigating.\n"
        "- 2021-10-30 16:02: Mempool is back to zero.\n"
        "- 2021-10-30 18:00: Second wave of transactions begin.\n"
        "- 2021-10-30 23:00: Mempool is empty again.\n"
        "- 2021-10-31 03:30: Final and largest wave of the dust storm begins.\n"
        "- 2021-11-01 04:46: mempool is empty.\n"
    )
    assert p.fields["time_of_internal_detect"] == utc(2021, 10, 30, 13, 55)
    assert p.fields["time_of_recovery"] == utc(2021, 11, 1, 4, 46)


def test_a_recovery_still_to_come_is_none():
    # apache 2014-05-06 (mail outage, live post): "once the queue is empty we'll begin
    # receiving mail again" is a plan, not the return.
    p = parse(
        "# Mail outage\n\n## Timeline\n\n"
        "- 2014-05-07 20:44 UTC: The disk array is still in the process of repairing. Once that "
        "is complete, we'll reenable the mail service. Finally, once the queue is empty we'll "
        "begin receiving mail again.\n"
    )
    assert p.fields["time_of_recovery"] is None


def test_a_report_by_one_of_the_team_is_the_teams_detection():
    # hachyderm 2022-12-13: "@nova First report of slow response times in Discord" — @nova
    # opens the rows that check the services and find the root cause: an admin, so the team
    # noticed at 18:53 (not a customer).
    p = parse(
        "# Global Outage: 504 Timeouts\n\n## Timeline\n\nAll events are documented in UTC.\n\n"
        "- **18:53** `@nova` First report of slow response times in Discord\n"
        "- **18:56** `@nova` Check of CDN proxy services, no immediate concerns\n"
        "- **19:02** `@nova` Root cause detected. The root filesystem is full.\n"
        "- **19:06** `@malte_j` Confirmed 187Gb of space has been recovered\n",
        "2022-12-13-root-filesystem-full.md",
    )
    assert p.fields["time_of_internal_detect"] == utc(2022, 12, 13, 18, 53)
    assert p.fields["time_of_customer_detect"] is None


def test_a_report_by_someone_who_only_reports_stays_the_customers():
    # kubernetes 2019-03-26: "@mborsz" only reports (from outside the on-call); @Katharine,
    # who acts, is the team, but her noticing the reports is the team reading a user's report,
    # not noticing by itself (corpus rule 3: the on-call "notices the Slack reports"). Until
    # round 23 this test read 14:16 as the detection.
    p = parse(
        "# Outage\n\n## Timeline\n\n"
        "- 2019-03-26 06:04 The node is drained (**outage starts**)\n"
        "- 2019-03-26 09:50 The outage is reported on GitHub by @mborsz\n"
        "- 2019-03-26 14:16 @Katharine wakes up and notices the Slack reports\n"
    )
    assert p.fields["time_of_customer_detect"] == utc(2019, 3, 26, 9, 50)
    assert p.fields["time_of_internal_detect"] is None


def test_the_teams_ci_going_red_is_the_teams_detection():
    # flutter 2016-11-08: "ianh reports that Travis is upset and all PRs are failing" — the
    # team's own CI (PST: 16:27 on the 7th -> 00:27Z on the 8th, 21:36 -> 05:36Z).
    p = parse(
        "# Build Breakage on 2016-11-08\n\n## Timeline (all times in PST/PDT)\n\n"
        "### 2016-11-07\n\n"
        "**16:27** Dart package:args tag 0.13.6+1 is cut **&lt;START OF OUTAGE&gt;**<br>\n"
        "**21:36** ianh reports that Travis is upset and all PRs are failing\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2016, 11, 8, 0, 27)
    assert p.fields["time_of_internal_detect"] == utc(2016, 11, 8, 5, 36)


def test_the_stated_length_of_a_downtime_dates_its_start():
    # galaxyeu 2019-03-18: "a total downtime of around 20 hours"; the upgrade that began at
    # 16:00 (a change, then silence until 18:45) runs 19 h 40 min to "back online" at 11:40
    # the next day — within a tenth of 20 hours — so the downtime began at 16:00; the failed
    # migration at 18:45 is when the team found the trouble.
    p = parse(
        "# UseGalaxy.eu Downtime on 18th March\n\n"
        "A normal upgrade went awry and we had to restore some data from backup. We had a total "
        "downtime of around 20 hours.\n\n## Incident Timeline\n\n"
        "Date | Time | State\n---|---|---\n"
        "March 18 | 16:00 | We began the upgrade procedure, expecting it to proceed smoothly\n"
        "March 18 | 18:45 | A database migration fails in a bad way.\n"
        "March 19 | 11:40 | UseGalaxy.eu is back online\n",
        "2019-03-18-galaxy-downtime.md",
    )
    assert p.fields["stated_minutes_to_recover"] == 1200
    assert p.fields["time_of_first_trigger"] == utc(2019, 3, 18, 16, 0)
    assert p.fields["time_of_internal_detect"] == utc(2019, 3, 18, 18, 45)
