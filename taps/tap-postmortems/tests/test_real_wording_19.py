"""The parser on wording it had never seen, nineteenth round (issue 13): one test per rule.

The development corpus's misses after round 15's sealed part joined it, grouped by cause. The
rules are general shapes rather than one document's phrases: a moment's label with the
trouble as its subject, a patch applied to the running service, a file name's date written
day and month first, a timeline told in paragraphs, a moment counted from rather than
happening, a machine's email to the team. Expected values are worked out by hand from the
quoted words; each comment names the development document the wording comes from.
"""

from __future__ import annotations

from datetime import date

from postmortems_harness import parse, utc

#: The Ministry of Justice cloud platform's "Key events" list (moj 2020-08-04, Terraform
#: applied to live-1): "<moment> YYYY-MM-DD HH:MM" lines, no colon.
KEY_EVENTS = """# Incident on 2020-08-04

- **Key events**
  - Fault occurs 2020-08-04 13:30
  - Fault detected 2020-08-04 18:13
  - Incident declared 2020-08-05 11:04
  - Resolved 2020-08-05 16:16

- **Time to repair**: 5h 8m
"""


def test_a_moment_label_with_the_trouble_as_its_subject():
    # "Fault detected 2020-08-04 18:13" is the detection, as "Detected" would be: 283 minutes
    # after "Fault occurs 2020-08-04 13:30" (no zone stated: UTC).
    fields = parse(KEY_EVENTS).fields
    assert fields["time_of_first_trigger"] == utc(2020, 8, 4, 13, 30)
    assert fields["time_of_internal_detect"] == utc(2020, 8, 4, 18, 13)
    assert fields["time_of_recovery"] == utc(2020, 8, 5, 16, 16)


#: The Open Build Service's post-mortem (obs 2023-11-27, notifications not sent): a
#: "Timeline (CEST)" list of italic clocks on a November day (CET, UTC+1).
OBS = """## Absence of Notifications on the 27th of November

**Date**: 27.11.2023

**Detection**: Users warning and error tracking tool.

## Timeline (CEST)

* *10:32* The error tracking tool displays the error for the first time.
* *12:58* The error was detected by the team and some users.
* *14:00* The team received an alert from the monitoring system about the lack of emails.
* *14:08* Production is monkey-patched and the delayed job starts creating notifications
  little by little.
"""


def test_a_patch_applied_to_production_ends_the_impact():
    # 14:08 local (13:08Z): "Production is monkey-patched" is the recovery, 216 minutes after
    # the first error at 10:32 (09:32Z).
    fields = parse(OBS, "/2023/12/01/post-mortem").fields
    assert fields["time_of_first_trigger"] == utc(2023, 11, 27, 9, 32)
    assert fields["time_of_recovery"] == utc(2023, 11, 27, 13, 8)


#: Deno's post (deno 2021-03-02, deno.land outage), published as
#: "/posts/02-03-2021-outage-post-mortem": no title, no date of its own, and a "Timeline of
#: events" told in wrapped paragraphs with the clocks inside the sentences.
DENO = """On Tuesday at 02:01 AM UTC serveral services provided by the Deno organization
had a 98 minute service disruption. This impacted images and videos on the
deno.land website.

All services are now operating normally again.

## Timeline of events

At 02:00 AM UTC we received an email from an automated system at Cloudflare
notifying us that all media on deno.land had been blocked due to a suspected
violation of section 2.8 or their TOS. Upon receival of
this email we decided to remove the screen captures and images from the 1.8 blog
post as a temporary mitigation. This was done at 02:09 AM UTC. This did not
resolve the issue. At 02:22 AM UTC we opened a support ticket with Cloudflare.

At 03:00 AM UTC we decided we would move our infrastrucutre to an alternative
infrastructure provider (https://fly.io) to mitigate the outage. We switched over the DNS
records for the affected services at 03:24 AM UTC. This resolved the outage for
the majority of users worldwide at 03:41 AM UTC.

Cloudflare resolved the block they had put on our site at 18:40 PM UTC - 16.5
hours after the incident started, and 16 hours after we reached out.
"""
DENO_NAME = "/posts/02-03-2021-outage-post-mortem"


def test_a_day_month_name_settled_by_the_storys_weekday():
    # "02-03-2021" is 2 March (a Tuesday) or 3 February (a Wednesday); the story's "On
    # Tuesday" settles it as 2 March 2021.
    assert parse(DENO, DENO_NAME).fields["incident_date"] == date(2021, 3, 2)
    # A name whose other reading is no date needs no weekday: "13-03-2021" is 13 March.
    assert parse(DENO.replace("On Tuesday ", ""), "/posts/13-03-2021-outage").fields[
        "incident_date"
    ] == date(2021, 3, 13)


def test_a_timeline_told_in_paragraphs_has_a_row_per_timed_sentence():
    # Six sentences of the first two paragraphs say when (02:00, 02:09, 02:22, 03:00, 03:24,
    # 03:41), each on 2 March 2021 in UTC.
    times = [e["occurred_at"] for e in parse(DENO, DENO_NAME).timeline]
    assert times[:6] == [
        utc(2021, 3, 2, 2, 0),
        utc(2021, 3, 2, 2, 9),
        utc(2021, 3, 2, 2, 22),
        utc(2021, 3, 2, 3, 0),
        utc(2021, 3, 2, 3, 24),
        utc(2021, 3, 2, 3, 41),
    ]


def test_a_moment_counted_from_is_not_that_moment():
    # "Cloudflare resolved the block … at 18:40 PM UTC - 16.5 hours after the incident
    # started", here as a row of a list: it does not start the incident (which the first row
    # then starts, for want of a stated start), and the recovery is 03:41, "This resolved the
    # outage for the majority of users worldwide".
    rows = """## Timeline of events

- 02:22 UTC: We opened a support ticket with Cloudflare.
- 03:41 UTC: This resolved the outage for the majority of users worldwide.
- 18:40 UTC: Cloudflare resolved the block they had put on our site - 16.5 hours after the
  incident started, and 16 hours after we reached out.
"""
    fields = parse(rows, "/posts/2021-03-02-outage-post-mortem").fields
    assert fields["time_of_first_trigger"] == utc(2021, 3, 2, 2, 22)
    assert fields["time_of_recovery"] == utc(2021, 3, 2, 3, 41)


def test_a_machines_email_is_the_teams_detection_and_its_own_ticket_no_report():
    # The 02:00 email "from an automated system at Cloudflare" is what told the team
    # (internal detection at 02:00), not a customer's report; "we opened a support ticket
    # with Cloudflare" is the team writing to its vendor, not a user writing in.
    fields = parse(DENO, DENO_NAME).fields
    assert fields["time_of_internal_detect"] == utc(2021, 3, 2, 2, 0)
    assert fields["time_of_customer_detect"] is None


def test_a_clock_after_since_is_the_moment_of_its_sentence():
    # Jenkins' cState status page (jenkins 2026-01-20, Update Center slow): the front matter
    # dates the start (07:30 UTC); "Since 07:30 UTC, our monitoring detected a lot of
    # timeouts" is the team's own detection at 07:30 (0 minutes).
    page = """---
title: Update Center slow due to CloudFlare outage
date: 2026-01-20T07:30:00-00:00
resolved: true
resolvedWhen: 2026-01-20T09:30:00-00:00
severity: disrupted
section: issue
---

[Initial Message]
CloudFlare is performing a maintenance with re-routed traffic.
Since 07:30 UTC, our monitoring detected a lot of timeouts for the Update Center requests
targeted at our East US mirror due to the re-routing latency.
"""
    fields = parse(page, "/content/issues/2026-01-20-update-center-slow.md").fields
    assert fields["time_of_first_trigger"] == utc(2026, 1, 20, 7, 30)
    assert fields["time_of_internal_detect"] == utc(2026, 1, 20, 7, 30)
