"""The parser on wording it had never seen, twenty-third round (issue 13): one test per rule.

The rules are the corpus's (``corpus/README.md``, "Which moment is which"); each test quotes a
development document's own words, and the expected values are worked out by hand from them
(never from the parser's output). Each comment names the document the wording comes from.
"""

from __future__ import annotations

from postmortems_harness import parse, utc
from tap_postmortems.document import read_document
from tap_postmortems.parser import ParseOptions, parse_document

#: mybinder 2018-01-04 (failed deploy to staging), its timeline as headed rows in PST (UTC-8
#: in January): the merge at 07:33 hurt nothing; the deploy failing at 08:03 is the first
#: moment anything was affected.
MERGE_THEN_FAILURE = """# 2018-01-04, Failed deploy to staging

## Timeline

All times in PST

### 2018-01-04 07:33

Reviewed and merged BinderHub PR #395. Min's PR commit 441f5ea. Merge commit 4e3bafb.

### 08:03

PR #254 failed to deploy to staging.

Travis CI errored and displayed that the deploy to staging failed.

Investigation begins.

### 08:59

Submitted a new PR #256 to staging with the correct hash. Travis deploys successfully to staging.
"""


def test_a_change_whose_next_row_names_the_failure_is_the_run_up():
    # The corpus's impact start is "the first moment users or systems were affected — not the
    # first cause". 08:03 PST = 16:03Z, the failure and the team seeing it in one row (TTD 0);
    # the merge at 07:33 (15:33Z) is the run-up though the next row follows within the hour.
    fields = parse(MERGE_THEN_FAILURE).fields
    assert fields["time_of_first_trigger"] == utc(2018, 1, 4, 16, 3)
    assert fields["time_of_internal_detect"] == utc(2018, 1, 4, 16, 3)


def test_a_change_followed_by_rows_that_name_no_effect_stays_the_start():
    # Guard (passes before and after): edgi 2018-10-10 (staging reboot loop), PDT: "17:15
    # @Mr0grog pushed new deploy configurations to the cluster", then "17:20 @Mr0grog tried
    # deleting the rebooting pods" — the next row names no symptom or detection word, and
    # the reader takes the push as the start (00:15Z on the 10th). (test_real_wording.py's
    # "09:58 Deploy of queue-worker 4.2" / "10:02 Issue detected as a result of alerts" guards
    # a change followed within minutes by the trouble: there the deploy stays the start.)
    fields = parse(
        "# Staging reboot loop\n\n## Timeline\n\nAll times in PDT.\n\n### 2018-10-09\n\n"
        "- 17:15 @Mr0grog pushed new deploy configurations to the cluster for both staging "
        "and production.\n"
        "- 17:20 @Mr0grog tried deleting the rebooting pods (rookie move, me!)\n"
        "- 17:30 Incident resolved.\n"
    ).fields
    assert fields["time_of_first_trigger"] == utc(2018, 10, 10, 0, 15)


def _two_columns(rows: list[tuple[str, str]]) -> str:
    """A PDF print's page: the main column, and a side column from character 67."""
    return "\n".join(f"{left:<67}{side}".rstrip() for left, side in rows) + "\n"


#: 2i2c 2026-02-12 (resource exhaustion on us-west2 for HHMI), a PagerDuty postmortem export
#: as 'pdftotext -layout' prints it: the main column is short, so only three lines carry text
#: on both sides; the side column's values stand alone on their lines.
RESOURCE_EXHAUSTION = _two_columns(
    [
        ("Resource exhaustion on us-west2 for HHMI", ""),
        ("Status: Closed", ""),
        ("", ""),
        ("Overview", "OWNER OF REVIEW PROCESS"),
        ("GCP zone repeatedly ran out of resources", "Angus"),
        ("", ""),
        ("What Happened", ""),
        ("The autoscaler failed to bring up new nodes to meet demand, due", "IMPACT TIME"),
        ("to exhaustion of resources in GCP zone. We saw", ""),
        ("", "Feb 12 at 01:48 to Feb 13 at 16:37"),
        ("ZONE_RESOURCE_POOL_EXHAUSTED errors in our cloud logs for", ""),
        ("the user-pod nodepool", ""),
        ("", ""),
        ("", "DURATION"),
        ("Resolution", ""),
        ("", "1d 14h 48m 54s"),
        ("Subsequently we reduced the resource requirements of the user-", ""),
        ("", "*All times listed in this report are in"),
        ("", "Edinburgh, London."),
        ("Timeline", ""),
        ("", ""),
        ("Feb 12, 2026", ""),
        ("", ""),
        ("1:48 AM   Triggered through the API.", ""),
    ]
)


def test_a_side_column_whose_values_stand_alone_is_read_as_a_column():
    # "IMPACT TIME Feb 12 at 01:48 to Feb 13 at 16:37" (Edinburgh/London: GMT = UTC in
    # February) and "DURATION 1d 14h 48m 54s" = 24*60 + 14*60 + 48 + 54/60 = 2328.9 minutes,
    # the stated time to recover; the main column's "Resolution" heading, printed between the
    # label and its value, is not the duration.
    doc = read_document(RESOURCE_EXHAUSTION, html=False)
    fields = parse_document(doc, ParseOptions()).fields
    assert fields["time_of_first_trigger"] == utc(2026, 2, 12, 1, 48)
    assert fields["time_of_recovery"] == utc(2026, 2, 13, 16, 37)
    assert abs(fields["stated_minutes_to_recover"] - (24 * 60 + 14 * 60 + 48 + 54 / 60)) < 0.1


def test_a_monitors_alert_quoted_as_it_arrived_is_the_teams_detection():
    # wikimedia 2023-05-25 (eqiad LVS), "All times in UTC": the 14:05 row is Icinga's alert
    # as the channel shows it, "PROBLEM - PyBal backends health check on lvs1019 is
    # CRITICAL", the 14:08 one the same from the bot "<icinga-wm>"; "Incident opened" comes
    # at 14:17. Corpus rule 1: the monitor's alert is the detection, 1 minute after the
    # stated start (14:04 OUTAGE BEGINS).
    fields = parse(
        "# Incidents/2023-05-25 eqiad/LVS\n\nAll times in UTC.\n\n## Timeline\n\n"
        "- 2023-05-25 14:04 PyBal disabled on lvs1019 as part of maintenance but a deploy was "
        "ongoing OUTAGE BEGINS\n"
        "- 2023-05-25 14:05 PROBLEM - PyBal backends health check on lvs1019 is CRITICAL: PYBAL "
        "CRITICAL - Bad Response from pybal: 500 Cant connect to localhost:9090\n"
        "- 2023-05-25 14:08 <icinga-wm> PROBLEM - PyBal backends health check on lvs1020 is "
        "CRITICAL\n"
        "- 2023-05-25 14:17 Incident opened. Janis becomes IC.\n"
    ).fields
    assert fields["time_of_first_trigger"] == utc(2023, 5, 25, 14, 4)
    assert fields["time_of_internal_detect"] == utc(2023, 5, 25, 14, 5)


#: obs 2026-07-08 (service under excessive load): the Detection section's clock is local
#: summer time (CEST), the timeline's is UTC, and the alert is the timeline's first row.
EXCESSIVE_LOAD = """# Post-mortem: Service under excessive load

## Detection

The issue first generated alerts at 03:46 in the morning. The team learned about the issues
following the alerts and user reports.

## Timeline (All Time in UTC)

- 2026-07-08 01:46: Alert reporting high number of app instances
- 2026-07-08 07:23: Users started to reported problems
- 2026-07-08 11:32: Applied limits to requests showing this pattern
"""


def test_the_timelines_alert_row_wins_over_a_later_detection_sentence():
    # The row "01:46: Alert reporting high number of app instances" is the monitor's alert
    # (corpus rule 1) and the first moment stated, so also the start: TTD 0. The Detection
    # section's "03:46" (no zone written beside it) is not taken over the alert row before it.
    fields = parse(EXCESSIVE_LOAD).fields
    assert fields["time_of_first_trigger"] == utc(2026, 7, 8, 1, 46)
    assert fields["time_of_internal_detect"] == utc(2026, 7, 8, 1, 46)


def test_a_detection_sentence_before_any_alert_row_stands():
    # Guard (passes before and after): the same document with the alert row later than the
    # section's clock keeps the section's time (03:46 read in the timeline's UTC).
    later = EXCESSIVE_LOAD.replace("01:46: Alert", "05:10: Alert").replace(
        "## Timeline (All Time in UTC)\n\n",
        "## Timeline (All Time in UTC)\n\n- 2026-07-08 01:40: Load starts to increase\n",
    )
    assert parse(later).fields["time_of_internal_detect"] == utc(2026, 7, 8, 3, 46)


def test_an_alert_dated_by_its_offset_from_a_users_report():
    # 2i2c 2026-03-09 (BinderHub bad gateway for Project Pythia): the community
    # representative's report opens the timeline (start and customer detection), the
    # engineer's PagerDuty trigger answers it (rule 3), and "What Didn't Go So Well?" says
    # "We got an automated alert about this 20min after the community representative reached
    # out to us": corpus rule 1 names this offset, so the alert is at 16:39 + 20 min = 16:59.
    fields = parse(
        "# BinderHub URL responds Bad Gateway for Project Pythia\n\nAll times in UTC.\n\n"
        "## What Didn't Go So Well?\n\n"
        "We got an automated alert about this 20min after the community\n"
        "representative reached out to us to let us know\n\n"
        "## Timeline\n\n"
        "- 2026-03-09 16:39 Incident reported by community representative, both 502 and "
        "websocket failures. Triggered by Angus through the website.\n"
        "- 2026-03-09 17:21 Engineer suspects the nginx-ingress is root cause\n"
        "- 2026-03-10 00:58 502 errors resolved by upstream patch to binderhub chart\n"
    ).fields
    assert fields["time_of_customer_detect"] == utc(2026, 3, 9, 16, 39)
    assert fields["time_of_internal_detect"] == utc(2026, 3, 9, 16, 59)


def test_no_alert_after_a_report_is_no_detection():
    # Guard (passes before and after): a denial of the alert ("We did not get an alert until
    # …" is no alert at an offset) leaves the team's detection unknown.
    fields = parse(
        "# Outage\n\nAll times in UTC.\n\n## What Didn't Go So Well?\n\n"
        "We did not get any alert 20min after the user reported it.\n\n## Timeline\n\n"
        "- 2026-03-09 16:39 Incident reported by a user\n"
        "- 2026-03-09 18:00 Service restored\n"
    ).fields
    assert fields["time_of_internal_detect"] is None


def test_alerted_by_someone_outside_the_team_is_their_report():
    # xrplf 2025-04-21 (xrpl.js npm supply-chain compromise): "At 8:14 AM UTC on 22 Apr 2025,
    # Ripple teams were alerted by a security researcher from Aikido Security about a breach"
    # — an outside researcher's report (customer detection, rule 3), not the team's alert.
    fields = parse(
        "# xrpl.js npm supply chain compromise\n\n## Summary\n\n"
        "At 8:14 AM UTC on 22 Apr 2025, Ripple teams were alerted by a security researcher "
        "from Aikido Security about a breach in the `xrpl` package in the npmjs.com "
        "repository.\n"
    ).fields
    assert fields["time_of_customer_detect"] == utc(2025, 4, 22, 8, 14)
    assert fields["time_of_internal_detect"] is None


def test_the_on_call_pinged_after_a_users_report_relays_it():
    # kubernetes 2019-01-23 (Prow outage), PST: after a user's report, "[oncall first
    # pinged]" is the report passed to the on-call (rule 3: staff "relaying … a user's
    # report"), not the team noticing by itself.
    fields = parse(
        "# January 23rd, 2019 Prow Outage\n\n## Timeline\n\nAll times in PST\n\n"
        "- 2019-01-23 4:49 AM: Users reported Prow being unresponsive to events\n"
        "- 2019-01-23 7:18 AM: oncall first pinged\n"
    ).fields
    assert fields["time_of_customer_detect"] == utc(2019, 1, 23, 12, 49)
    assert fields["time_of_internal_detect"] is None


def test_trouble_said_to_be_back_moves_the_recovery_past_it():
    # mybinder 2018-07-30 (JupyterLab build saturates CPU), "All times in PST (UTC-7)":
    # launches return to normal at 11:22 and 12:19 after pod deletions, then "Launches aren't
    # working again" and "Behavior is once again going wrong"; the lasting recovery is 15:11
    # "behavior subsequently returns to normal" = 22:11Z, 231 minutes after the 11:20 start.
    fields = parse(
        "# JupyterLab build saturates CPU\n\n## Timeline\n\nAll times in PST (UTC-7)\n\n"
        "- 2018-07-30 11:20 We notice that launches are not happening as expected.\n"
        "- 2018-07-30 11:22 Binder pod is deleted and launches return to normal.\n"
        "- 2018-07-30 12:19 Launches aren't working again, taking a very long time to start "
        "up\n"
        "- 2018-07-30 13:29 Behavior is once again going wrong. Launches taking forever to "
        "load.\n"
        "- 2018-07-30 15:11 jupyterlab-demo repository is banned, and behavior subsequently "
        "returns to normal.\n"
    ).fields
    assert fields["time_of_first_trigger"] == utc(2018, 7, 30, 18, 20)
    assert fields["time_of_recovery"] == utc(2018, 7, 30, 22, 11)


def test_a_fix_said_to_be_implemented_is_the_recovery():
    # bcgov 2020-03-26 (OpenShift service disruption), no zone stated (read as UTC): "At
    # ~11:30am today we became aware of an issue …" and "At ~12:04pm a fix was implemented
    # resorting [restoring] normal operation to the platform": recovery at 12:04.
    fields = parse(
        "# OpenShift service disruption\n\n## Timeline\n\n"
        "- 2020-03-26 11:30 We became aware of an issue causing system wide service "
        "degradation to the OpenShift Container Platform\n"
        "- 2020-03-26 12:04 A fix was implemented resorting normal operation to the platform.\n"
    ).fields
    assert fields["time_of_recovery"] == utc(2020, 3, 26, 12, 4)


def test_a_row_opening_with_who_was_informed_is_their_detection():
    # obs 2026-02-15 (service degradation, traffic spike), "Timeline (All Time in UTC)": the
    # first row "BuildOps informed about delayed jobs piling up" is the team told (its
    # Detection section: "The dashboards on BuildOps monitoring system showed how delayed
    # jobs were piling up"), so start and detection are 10:24 (TTD 0), not the next day's
    # "Started investigations" nor the later alert.
    fields = parse(
        "# Post-mortem: Service degradation\n\n## Timeline (All Time in UTC)\n\n"
        "- 2026-02-15 10:24 BuildOps informed about delayed jobs piling up\n"
        "- 2026-02-16 11:10 Started investigations to detect the delayed jobs involved\n"
        "- 2026-02-17 12:42 Received alerts from our monitoring system\n"
        "- 2026-02-17 14:35 Volume of traffic went back to normal levels. Incident resolved\n"
    ).fields
    assert fields["time_of_first_trigger"] == utc(2026, 2, 15, 10, 24)
    assert fields["time_of_internal_detect"] == utc(2026, 2, 15, 10, 24)


def test_customers_informed_is_no_detection():
    # Guard (passes before and after): the people the team tells are not the team told.
    fields = parse(
        "# Outage\n\n## Timeline (All Time in UTC)\n\n"
        "- 2026-02-15 10:00 Errors began on the API\n"
        "- 2026-02-15 10:30 Customers informed about the outage\n"
        "- 2026-02-15 11:00 Service restored\n"
    ).fields
    assert fields["time_of_internal_detect"] != utc(2026, 2, 15, 10, 30)
