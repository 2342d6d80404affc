# ruff: noqa: RUF001, RUF003 - the tests quote Japanese text, with its full-width brackets
"""The parser on wording it had never seen, twenty-first round (issue 13): one test per rule.

The development corpus's misses after round 17's sealed part joined it, grouped by cause. The
rules are general shapes rather than one document's phrases. Expected values are worked out by
hand from the quoted words; each comment names the development document the wording comes from.
"""

from __future__ import annotations

from postmortems_harness import parse, utc

#: A Japanese postmortem's metadata table (alt 2026-03-25, GPU starvation): 重大度 is
#: "severity", its value a SEV number with a remark in full-width brackets.
JAPANESE_SEVERITY = """# PM-2026-002: Ask Augur GPU 枯渇

## メタデータ

| 項目 | 値 |
|------|-----|
| 重大度 | SEV-3（主要機能の完全停止、ただし他機能は正常） |
| 影響サービス | ask-augur |
"""


def test_a_japanese_severity_label():
    # 重大度 (severity) "SEV-3（…）": SEV3.
    assert parse(JAPANESE_SEVERITY).fields["severity_level"] == "SEV3"


#: The Open Build Service's post-mortem (obs 2020-04-08, severe service degradation): the
#: timeline raises the priority from P2 to P1 as the trouble grows.
ESCALATED = """---
title: "Post-Mortem: Severe Service Degradation on April 8, 2020"
---

## Timeline

- **11:58** We made this a P2 priority and started to investigate
- **12:22** We made this a P1 priority and the whole team interrupted their ongoing planning
  meeting and started to investigate together
"""


def test_a_priority_the_team_made_it_and_the_highest_one_wins():
    # "We made this a P2 priority", then "We made this a P1 priority": escalated to P1 = SEV1.
    assert parse(ESCALATED).fields["severity_level"] == "SEV1"


#: 2i2c's PagerDuty report (2i2c 2025-10-03, new users cannot start servers): a timeline row
#: in which the team opens a P1 incident in PagerDuty.
PAGERDUTY_P1 = """Timeline

9:02 AM         Users report they cannot start servers
9:11 AM         Acknowledged as an outage and created pagerduty P1 incident
"""


def test_an_incident_created_with_a_priority():
    # "created pagerduty P1 incident": the incident's priority is P1 = SEV1.
    assert parse(PAGERDUTY_P1).fields["severity_level"] == "SEV1"


#: bcgov's OpenShift report (bcgov 2021-01-28): a vendor case's severity and a request to
#: escalate a ticket are not the incident's own severity.
NOT_OURS = """## Play by Play

- 14:05 Opened a Sev1 case with Red Hat
- 14:30 Began reaching out to our account team to escalate to a P2
"""


def test_a_vendor_case_severity_is_not_the_incidents():
    assert parse(NOT_OURS).fields["severity_level"] is None


def _cstate(title: str, start: str, closed: str, text: str) -> str:
    """A cState status page: the incident's front matter (as the Jenkins pages write it)."""
    return (
        f"---\ntitle: {title}\ndate: {start}\nresolved: true\nresolvedWhen: {closed}\n"
        f"severity: disrupted\nsection: issue\n---\n\n{text}"
    )


#: The Jenkins project's status page (cState; jenkins 2021-06-02, Windows LTS package
#: unavailable): the front matter's resolvedWhen is when the page was closed, the text says
#: when the package was back.
WORKED_AGAIN = _cstate(
    "Windows LTS Package Unavailable",
    "2021-06-02T18:59:00-00:00",
    "2021-06-03T07:03:00-00:00",
    """The release process has been fixed and executed successfully the 03rd of June 2021
at 06:50 UTC and finished at 07:02 UTC.

At 07:00 UTC, the Windows package was available again from <https://jenkins.io/download>.
""",
)


def test_a_status_page_says_when_it_worked_again_before_it_was_closed():
    # Start 2021-06-02 18:59Z; back at 07:00 UTC on the day of the close (3 June), three minutes
    # before resolvedWhen 07:03: recovery 07:00, 721 minutes.
    fields = parse(WORKED_AGAIN).fields
    assert fields["time_of_first_trigger"] == utc(2021, 6, 2, 18, 59)
    assert fields["time_of_recovery"] == utc(2021, 6, 3, 7, 0)


#: The same page's notice of 2022-05-31 (update center not updated): "again since" a clock.
AGAIN_SINCE = _cstate(
    "Update Center not updated with new released plugins",
    "2022-05-31T12:00:00-00:00",
    "2022-06-01T09:47:00-00:00",
    """[Close Issue]
the new certificate had been issued and stored within the trusted controller. Both the crawler
and the update-center jobs run smoothly again since 07:34am UTC.

The plugin "gap" was filled at 09:47am UTC.
""",
)


def test_a_status_page_says_it_has_run_again_since_a_clock():
    # "run smoothly again since 07:34am UTC", on 1 June (the close's day): recovery 07:34Z,
    # not the close at 09:47 when the missed plugins were filled in.
    assert parse(AGAIN_SINCE).fields["time_of_recovery"] == utc(2022, 6, 1, 7, 34)


#: UC Berkeley DataHub's report (berkeley 2017-02-24, a custom autoscaler gone haywire): the
#: summary and the conclusion state different lengths; the two timed headings agree with one.
TWO_LENGTHS = """---
title: Custom Autoscaler gonee haywire
date: 2017-02-24
---

## Summary ##
On the evening of February 24, 2017, a premature version of the Autoscaler script for the
Datahub deployment was mistakenly run on the prod cluster, resulting in a large amount of nodes
(roughly 30-40) being set as unschedulable for about 20 minutes.

## Timeline ##

### 2017-02-24 11:14 PM ###
Script is mistakenly executed. The mistake is noted immediately.

### 2017-02-24 11:26 PM ###
The unschedulability of these nodes is reverted.

## Conclusion ##

A cluster autoscaler script was accidentally run against the production cluster instead of the
dev cluster, reducing capacity for new user logins for about 12 minutes.
"""


def test_of_two_stated_lengths_the_one_the_times_bear_out():
    # 11:14 PM to 11:26 PM is 12 minutes, the conclusion's "about 12 minutes"; the summary's
    # "about 20 minutes" is the other length stated.
    fields = parse(TWO_LENGTHS).fields
    assert fields["time_of_recovery"] == utc(2017, 2, 24, 23, 26)
    assert fields["stated_minutes_to_recover"] == 12


#: The Jenkins status page's notice of 2024-01-30 (get.jenkins.io latest 2.443): the entry's
#: front matter date is when it was posted, the text says when the errors started.
STARTING_AT = _cstate(
    "get.jenkins.io latest 2.443 issue",
    "2024-01-30T15:00:00-00:00",
    "2024-01-30T21:50:00-00:00",
    """[Final Message]

Release Core packaging process finished with success, both services are back to normal.

[Initial Message]

Tuesday January 30 2024, starting at 15:05 UTC, get.jenkins.io and updates.jenkins.io return
an error when trying to download the latest Jenkins Weekly release 2.443.
""",
)


def test_a_status_page_says_when_the_trouble_started():
    # "starting at 15:05 UTC" on 30 January: start 15:05Z, not the entry's 15:00; recovery is
    # resolvedWhen 21:50 (the final message has no clock): 405 minutes.
    fields = parse(STARTING_AT).fields
    assert fields["time_of_first_trigger"] == utc(2024, 1, 30, 15, 5)
    assert fields["time_of_recovery"] == utc(2024, 1, 30, 21, 50)
