"""The parser on wording it had never seen, twenty-fourth round (issue 13): one test per rule.

Round 20's sealed part (now in ``dev/``) scored TTD 2/6 and TTR 16/22; its misses are the
wording classes below. Each test quotes a development document's own words, and the expected
values are worked out by hand from them (never from the parser's output). Each comment names
the document the wording comes from.
"""

from __future__ import annotations

from postmortems_harness import parse, utc
from tap_postmortems.document import read_document
from tap_postmortems.parser import ParseOptions, parse_document

#: wikimedia 2021-09-04 (Wikifeeds HTTP 503s), the wikitech page as stored: a timeline of
#: four lines, then the Detection paragraph stating the delay in words.
DETECTION_HAPPENED_AFTER = """# 2021-09-06 Wikifeeds

All times in UTC.

- 2021-09-04T02:40 - OUTAGE BEGINS
- 2021-09-06T17:32 - One SRE starts to investigate the problem after noticing an icinga alert
  about service-checker failures on #wikimedia-operations.
- 2021-09-07T07:13 - A roll restart of all the Wikifeeds Kubernetes pods is executed - - OUTAGE ENDS

## Detection

The detection of the issue happened two days after it started, thanks for a service-checker
icinga alert.
"""


def test_a_detection_said_to_happen_days_after_the_start_is_a_stated_time_to_detect():
    # "happened two days after it started": 2 x 24 x 60 = 2880 minutes, stated, so it wins
    # over the clocks' 2 days 14 h 52 min (corpus README: a stated time to detect wins).
    fields = parse(DETECTION_HAPPENED_AFTER).fields
    assert fields["stated_minutes_to_detect"] == 2880


def test_a_detection_sentence_without_the_start_states_no_length():
    # Guard: "The detection of the issue happened two days after the deploy" counts from a
    # change, not from the start of impact: no stated time to detect.
    text = DETECTION_HAPPENED_AFTER.replace("after it started", "after the deploy")
    assert parse(text).fields["stated_minutes_to_detect"] is None


#: chia 2022-06-29 (Data Layer proxy abuse report), its table as published; PST in June is
#: read as PDT (UTC-7), which the document's quoted Nginx log line confirms.
AUTOMATED_EMAIL = (
    "# Data Layer Testing Proxy Abuse Report\n\n"
    "## Timeline (all times PST). All times approximations\n\n"
    "| Day | Date (2022) | Time (PST) | Event |\n"
    "|-----|-------------|-----------|-------|\n"
    "| Tues | Jun 28 | 20:28 | Many requests are made to the Data Layer proxy indicative of a "
    "security scan |\n"
    "| Tues | Jun 28 | 20:36 | AWS sends an automated email to Chia notifying of an abuse "
    "complaint for IP address w.x.y.z |\n"
    "| Tues | Jun 28 | 21:20 | IPS initiates a War-room to coordinate response to the reported "
    "incident |\n"
    "| Tues | Jun 28 | 21:55 | Reply sent to AWS acknowledging incident\n"
)
PROXY_FILE = "2022-06-28-ProxyAbuseReport.md"


def test_a_vendors_automated_email_to_the_team_is_internal_detection():
    # Corpus rule 1: "a vendor's automated e-mail to the team" is internal detection at its
    # time. 20:36 PDT = 03:36Z on the 29th; the start 20:28 PDT = 03:28Z: TTD 8 minutes.
    # (The year is the file name's, as the corpus file's is: 2022-06-28-ProxyAbuseReport.md.)
    fields = parse(AUTOMATED_EMAIL, PROXY_FILE).fields
    assert fields["time_of_internal_detect"] == utc(2022, 6, 29, 3, 36)
    assert fields["time_of_first_trigger"] == utc(2022, 6, 29, 3, 28)


def test_an_automated_email_the_team_sends_its_users_is_no_detection():
    # Guard: the team writing to its users ("sent an automated email to all users") tells
    # them of the trouble; it is not how the team learnt of it, so 20:36 (03:36Z) is no
    # detection with that row in place of the AWS one.
    text = AUTOMATED_EMAIL.replace(
        "AWS sends an automated email to Chia notifying of an abuse complaint",
        "The team sent an automated email to all users about the proxy",
    )
    fields = parse(text, PROXY_FILE).fields
    assert fields["time_of_internal_detect"] != utc(2022, 6, 29, 3, 36)


#: wikimedia 2016-08-31 (ulsfo network links), the wikitech-static page as stored: no zone
#: (Wikitech's UTC), the day in the page's name, five lines that begin with a time.
REROUTED = """# 20160831-ulsfo

Due to the concurrent failure of 3 different network links across two different carriers, our
connectivity between our San Francisco ulsfo data center and the rest of our network was
briefly severed for a few times.

- 05:38 - Link between ulsfo and codfw went down and started flapping
- 08:17 - Links eqord and ulsfo, and between eqord and codfw went down for planned maintenance.
  Due to 3 links being down or flapping, connectivity between ulsfo and the rest of our network
  became intermittent. Traffic to public services from US west coast states and parts of asia
  was be impacted.
- 08:24 - Traffic was rerouted from ulsfo, removing impact from users
- 08:45 - A matching maintenance announcement for the ulsfo-codfw link was discovered to be
  sent to the wrong address
"""


def test_an_action_removing_impact_from_users_is_the_recovery():
    # "removing impact from users": the impact ended at 08:24 (UTC, no zone stated).
    fields = parse(REROUTED).fields
    assert fields["time_of_recovery"] == utc(2016, 8, 31, 8, 24)


def test_a_plan_to_remove_the_impact_is_no_recovery():
    # Guard: "to remove the impact" is what the rerouting was for, not that it did.
    text = REROUTED.replace("removing impact from users", "to remove the impact from users")
    assert parse(text).fields["time_of_recovery"] != utc(2016, 8, 31, 8, 24)


def test_a_row_saying_traffic_was_impacted_is_the_start_after_a_flapping_cause():
    # The corpus's impact start is "the first moment users or systems were affected — not
    # the first cause": 05:38 one link flapped (redundancy held); 08:17 "Traffic to public
    # services … was be impacted" is the start, and 08:24 the recovery: 7 minutes.
    fields = parse(REROUTED).fields
    assert fields["time_of_first_trigger"] == utc(2016, 8, 31, 8, 17)


def test_users_said_not_impacted_mark_no_start():
    # Guard: "no users were impacted" names no effect, so the 08:17 row does not mark the
    # start (and a template's "Describe how internal and external users were impacted" asks).
    text = REROUTED.replace(
        "Traffic to public services from US west coast states and parts of asia\n  was be impacted",
        "No users were impacted",
    )
    assert parse(text).fields["time_of_first_trigger"] != utc(2016, 8, 31, 8, 17)


#: chia 2022-01-20 (suspected employee compromise), its summary and the first rows of its
#: table as published, in the table's order (the 22:40 row listed first).
SUSPENDED = (
    "# Suspected Chia Employee Compromise\n\n"
    "## Issue Summary\n\n"
    "__Initial Concerns__: On Thursday, January 20th, 2022 at 22:04 (UTC) an employee's "
    "account was suspended by an admin account, per the audit logs.\n\n"
    "## Timeline (all times UTC )\n\n"
    "| Day | Date (2022) | Time (UTC) | Event |\n"
    "|-----|-------------|-----------|-------|\n"
    "| Thur | Jan 20 | 22:40 | Affected employee logged out of Google Workspace account and "
    "received a prompt that his account was disabled, upon attempting to log back in.\n"
    "| Thur | Jan 20 | 22:06 | IPS team observed that the affected employee's Google Workspace "
    "account was suspended by another employee with administrator rights, when reviewing the "
    "audit logs in Google Admin.\n"
    "| Thur | Jan 20 | 22:07 | The IPS team called the admin employee and confirmed that he did "
    "not suspend the account.\n"
    "| Thur | Jan 20 | 22:08 | The IPS team suspended the Okta account of admin employee.\n"
)


def test_an_account_suspended_before_the_first_row_is_the_start():
    # "at 22:04 (UTC) an employee's account was suspended": the effect the summary states,
    # before the table's first row (22:40), is the start of impact.
    fields = parse(SUSPENDED).fields
    assert fields["time_of_first_trigger"] == utc(2022, 1, 20, 22, 4)


def test_an_account_the_team_suspends_is_no_start_before_the_rows():
    # Guard: a summary saying "at 21:30 (UTC) we suspended the deploy job" tells the team's
    # own action, no account or service taken from anyone: not a start before the rows.
    text = SUSPENDED.replace(
        "at 22:04 (UTC) an employee's account was suspended by an admin account",
        "at 21:30 (UTC) we suspended the deploy job",
    )
    assert parse(text).fields["time_of_first_trigger"] != utc(2022, 1, 20, 21, 30)


def test_a_detection_row_before_the_first_listed_row_counts_from_the_stated_start():
    # With the start at 22:04 (the summary's), "22:06 IPS team observed that the … account
    # was suspended" is the team noticing by itself (corpus rule 3: a staff member's own
    # observation), although the table lists it after the 22:40 row: TTD 2 minutes.
    fields = parse(SUSPENDED).fields
    assert fields["time_of_internal_detect"] == utc(2022, 1, 20, 22, 6)


def test_with_no_detection_row_the_first_row_stays_the_detection():
    # Guard: without the 22:06 observation no row names a detection; the first row (22:40)
    # stays the one taken for want of any, as before this rule.
    text = SUSPENDED.replace("IPS team observed that the affected", "The affected")
    assert parse(text).fields["time_of_internal_detect"] == utc(2022, 1, 20, 22, 40)


#: obs 2018-03-15 (deployment route syntax error), the post's story as published: no
#: timeline, no zone (read as UTC), the day in the title.
EXCEPTIONS_ON_ERRBIT = """# Post-mortem: Deployment on March 15, 2018

During yesterday's deployment we faced some issues. We want to give you some insight into what
happened.

### What, How, When and Why

At 15:10 we deployed and we realized that there were lots of exceptions on errbit with
rpmlint_log because of a non-existent route.
When trying to revert the route change we introduced a syntax error which brought down the
rails app around 15:40.
We hot fixed the routes in the dashboard on production that running on same server as the
frontend (OBS) and at 18:48 Factory Dashboard up again.
"""


def test_the_team_realizing_there_were_exceptions_is_internal_detection():
    # Corpus rule 3: "a staff member's own observation of the symptom" (here on Errbit, the
    # team's exception tracker, rule 1) is internal detection: 15:10.
    fields = parse(EXCEPTIONS_ON_ERRBIT).fields
    assert fields["time_of_internal_detect"] == utc(2018, 3, 15, 15, 10)


def test_realizing_a_cause_is_no_detection():
    # Guard: "we realized that the route was still used in some javascript" is a cause found,
    # not the symptom seen: no detection at 15:10.
    text = EXCEPTIONS_ON_ERRBIT.replace(
        "there were lots of exceptions on errbit with\nrpmlint_log because of a non-existent route",
        "the removed route was still used in some javascript",
    )
    assert parse(text).fields["time_of_internal_detect"] != utc(2018, 3, 15, 15, 10)


def test_with_no_timeline_a_detection_at_the_first_moment_told_is_the_start():
    # Corpus rule 1: the detection "also when that time is the first moment the document gives
    # and so is the impact start too (minutes_to_detect 0)". Start 15:10; the dashboard "up
    # again" at 18:48 is the recovery: 3 h 38 min = 218 minutes.
    fields = parse(EXCEPTIONS_ON_ERRBIT).fields
    assert fields["time_of_first_trigger"] == utc(2018, 3, 15, 15, 10)
    assert fields["time_of_recovery"] == utc(2018, 3, 15, 18, 48)


def test_a_moment_told_before_the_detection_leaves_the_start_unstated():
    # Guard: obs 2017-12-14's story, "Yesterday at 9:44am the deployment was done and
    # everything seemed to work properly", then "around 9:52am, we noticed some errors in
    # Errbit": the reader states no start (a deployment that seemed fine is not it), and the
    # detection, not the first moment told, is not taken as the start either.
    fields = parse(
        "# Post-mortem: Deployment on December 14, 2017\n\n"
        "### What happened?\n\n"
        "Yesterday at 9:44am the deployment was done and everything seemed to work properly.\n"
        "Then, around 9:52am, we noticed some errors in Errbit, our internal exception "
        "tracker.\n"
    ).fields
    assert fields["time_of_internal_detect"] == utc(2017, 12, 14, 9, 52)
    assert fields["time_of_first_trigger"] != utc(2017, 12, 14, 9, 52)


#: wikimedia 2022-07-20 (network interruption), its metadata table as re-marked up from the
#: wikitech page: the Impact cell holds a paragraph and a list.
PER_PART_LENGTHS = """<html><body><h1>Incidents/2022-07-20 network interruption</h1>
<table><caption>Incident metadata</caption>
<tr><th>Incident ID</th><td>2022-07-20 network interruption</td>
<th>Start</th><td>2022-07-20 03:16</td></tr>
<tr><th>Task</th><td>T313382</td><th>End</th><td>2022-07-20 03:25 (mostly)</td></tr>
<tr><th>Impact</th><td><p>The network was partitioned for 6 minutes.</p>
<ul>
<li>About 970,000 external requests failed to reach varnish-frontend during 11 minutes, or
0.2% of total traffic.</li>
<li>Phabricator was unavailable for 32 minutes.</li>
<li>The Kubernetes API was at least partially unavailable for 52 minutes, but during a period
where no control operations are normally in progress.</li>
</ul></td></tr></table>
<p>At 03:16, the top-of-rack switch asw2-c-eqiad virtual chassis lost connectivity to FPC5,
partitioning the network.</p>
</body></html>"""


def test_a_table_cells_list_items_are_part_of_its_value():
    # The Impact cell's value is its paragraph and its four items, not the paragraph alone.
    doc = read_document(PER_PART_LENGTHS, html=True)
    rows = [row for s in doc.sections for b in s.blocks for row in b.rows]
    impact = next(row[1] for row in rows if row[0] == "Impact")
    assert impact.startswith("The network was partitioned for 6 minutes.")
    assert "Phabricator was unavailable for 32 minutes." in impact
    assert impact.count("Phabricator") == 1


def test_impact_lengths_stated_per_part_state_no_length_for_the_whole():
    # "partitioned for 6 minutes", "Phabricator was unavailable for 32 minutes", "the
    # Kubernetes API … unavailable for 52 minutes": one length per part, none the incident's;
    # the metadata's Start 03:16 and End 03:25 give the time to recover, 9 minutes.
    fields = parse_document(read_document(PER_PART_LENGTHS, html=True), ParseOptions()).fields
    assert fields["stated_minutes_to_recover"] is None
    assert fields["time_of_first_trigger"] == utc(2022, 7, 20, 3, 16)
    assert fields["time_of_recovery"] == utc(2022, 7, 20, 3, 25)


def test_one_impact_length_is_still_the_stated_length():
    # Guard: with the paragraph alone ("The network was partitioned for 6 minutes.") the
    # cell states one length, and it stays the stated time to recover: 6.
    text = PER_PART_LENGTHS.replace(PER_PART_LENGTHS[PER_PART_LENGTHS.index("<ul>") :], "")
    text += "</td></tr></table></body></html>"
    fields = parse_document(read_document(text, html=True), ParseOptions()).fields
    assert fields["stated_minutes_to_recover"] == 6


#: moj 2021-09-04 (Prometheus healthcheck down), its key events and Slack link as published:
#: no zone stated. p1630842806 is 1630842806 s after the epoch = 2021-09-05 11:53:26 UTC
#: (18875 days = 2021-09-05, 42806 s = 11 h 53 min 26 s), and "Incident declared … 12:53" is
#: that moment an hour later: UK summer time (BST, UTC+1) in September.
SLACK_STAMPED = """# Incident on 2021-09-04 - Pingdom check Prometheus Cloud-Platform

- **Key events**
  - First detected 2021-09-04 22:05
  - Repaired 2021-09-05 12:16
  - Incident declared 2021-09-05 12:53
  - Resolved 2021-09-05 12:27

- **Context**:
  - Slack thread: [Slack thread](https://mojdt.slack.com/archives/C514ETYJX/p1630842806160700)
    for the incident.
"""


def test_slack_link_stamps_an_hour_behind_the_clocks_are_warned_as_local_time():
    # The corpus reads a document that states no zone in UTC (README), so the times stay
    # UTC-read (first detected 22:05Z); the warning says the links show UTC+01:00.
    parsed = parse(SLACK_STAMPED)
    assert parsed.fields["time_of_internal_detect"] == utc(2021, 9, 4, 22, 5)
    assert any("Slack message links" in w and "UTC+01:00" in w for w in parsed.warnings)


def test_slack_link_stamps_that_match_the_clocks_in_utc_say_nothing():
    # Guard: with "Incident declared … 11:53" the stamp (11:53:26 UTC) agrees in UTC itself.
    parsed = parse(
        SLACK_STAMPED.replace(
            "Incident declared 2021-09-05 12:53", "Incident declared 2021-09-05 11:53"
        )
    )
    assert not any("Slack message links" in w for w in parsed.warnings)


#: mybinder 2018-01-04 (failed deploy to staging), its headed rows as published (PST, UTC-8
#: in January), shortened to the rows that matter here.
DEPLOYS_SUCCESSFULLY = """# 2018-01-04, Failed deploy to staging

## Timeline

All times in PST

### 2018-01-04 08:03

PR #254 failed to deploy to staging.

Travis CI errored and displayed that the deploy to staging failed.

Investigation begins.

### 08:17

Following the process in the `README`, I reverted the original PR since Travis showed an error.
PR #255 reverted #254.

### 08:59

Submitted a new PR #256 to staging with the correct hash. Travis deploys successfully to staging.
"""


def test_a_deploy_that_now_succeeds_after_the_failed_one_is_the_recovery():
    # The staging deploy failed at 08:03 and "deploys successfully" at 08:59 PST = 16:59Z:
    # the recovery (56 minutes), not the 08:17 revert, which fixed nothing by itself.
    fields = parse(DEPLOYS_SUCCESSFULLY).fields
    assert fields["time_of_recovery"] == utc(2018, 1, 4, 16, 59)


def test_a_deploy_that_never_succeeds_is_no_recovery():
    # Guard: "Travis never deploys successfully to staging" says the opposite.
    text = DEPLOYS_SUCCESSFULLY.replace("Travis deploys", "Travis never deploys")
    assert parse(text).fields["time_of_recovery"] != utc(2018, 1, 4, 16, 59)
