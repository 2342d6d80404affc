"""The parser on wording it had never seen, twentieth round (issue 13): one test per rule.

The development corpus's misses after round 16's sealed part joined it, grouped by cause. The
rules are general shapes rather than one document's phrases: a conclusion that states how
long the outage lasted, a sentence that came right after a timed one, a row that opens with
what the team discovered. Expected values are worked out by hand from the quoted words; each
comment names the development document the wording comes from.
"""

from __future__ import annotations

from postmortems_harness import parse, utc

#: UC Berkeley DataHub's report (berkeley 2017-03-22, an upstream ipython bug kills kernels):
#: a summary that states the window, a conclusion that states how long the outage really was.
CONCLUSION = """---
title: Weird upstream ipython bug kills kernels
date: 2017-03-23
---

## Summary ##

A seemingly unrelated change caused user kernels to die on start (making notebook execution
impossible) for newly started user servers from about Mar 22 19:30 to Mar 23 09:45. Most users
didn't see any errors until start of class at about 9AM.

## Timeline ##

### Mar 23, 09:08 ###
Students report that their kernels keep dying.

## Conclusion ##

Insufficient testing procedures caused a new kind of outage (kernel dying) that we had not seen
before. However, since our infrastructure was immutable & reproducible, our outage really only
lasted about 40 minutes (from start of lab when students were starting containers until the
revert).
"""


def test_a_conclusion_states_how_long_the_outage_lasted():
    # "our outage really only lasted about 40 minutes": the stated time to recover, 40, which
    # wins over the 855 minutes between the summary's "Mar 22 19:30" and "Mar 23 09:45".
    fields = parse(CONCLUSION).fields
    assert fields["time_of_first_trigger"] == utc(2017, 3, 22, 19, 30)
    assert fields["stated_minutes_to_recover"] == 40


#: The Open Build Service's post-mortem (obs 2018-03-23, downtime after a deployment): a story
#: in prose, one sentence per line, its two clocks in bold; no zone stated (UTC).
RIGHT_AFTER = """---
layout: post
title: "Post-mortem: Downtime on March 23, 2018"
---

After today's deployment we faced a downtime of our reference server.

## What happend?

At **11:32** we deployed a new version to our reference server build.opensuse.org.
Right after the deployment the application was not reachable anymore and our exception tracker
started to receive a few `TypeError` exceptions.
The cause of the error was not very obvious.
Eventually we completely reverted the changes by manually removing them and at **11:58** the
server was up again.
"""


def test_a_sentence_right_after_a_timed_one_shares_its_moment():
    # "Right after the deployment the application was not reachable anymore" happened at the
    # deployment's 11:32 (the sentence before, on its own line): the start; "at 11:58 the
    # server was up again" the recovery, 26 minutes later.
    fields = parse(RIGHT_AFTER, "/2018/03/23/post-mortem-downtime").fields
    assert fields["time_of_first_trigger"] == utc(2018, 3, 23, 11, 32)
    assert fields["time_of_recovery"] == utc(2018, 3, 23, 11, 58)


#: Chia Network's post mortem (chia 2022-10-20, Keybase beta channel permissions): rows
#: "MM/DD/YYYY - HH:MM CST - …", the team writing without a subject.
DISCOVERED = """# Keybase Beta Participant Permissions Post Mortem
## Issue Summary

A user in the public beta farmers keybase group converted a keybase sub-channel to a big team.
## Timeline (all times PST ) DATE RANGE. All times approximations

10/20/2022 - 15:38 CST - a user, farmer_diamonds, converted the beta_farmers channel to a big team
10/20/2022 - 15:41 CST - Discovered that the farmer beta group was converted
10/20/2022 - 16:00 CST - Permission updated for all users from "writers" to "readers"
"""


def test_a_row_that_opens_with_what_was_discovered_is_the_detection():
    # "Discovered that the farmer beta group was converted": the team (the row's omitted
    # subject) noticing, 3 minutes after the first row. The rows' "CST" on 20 October 2022 is
    # US Central time on summer time (UTC-5): 15:38 = 20:38Z, 15:41 = 20:41Z.
    fields = parse(DISCOVERED).fields
    assert fields["time_of_first_trigger"] == utc(2022, 10, 20, 20, 38)
    assert fields["time_of_internal_detect"] == utc(2022, 10, 20, 20, 41)


def test_a_remedy_discovered_is_no_detection():
    # mybinder 2018-03-13: "### 13:34 / Discovered that we can force-delete pods" is a way to
    # fix found hours into the work, not the team noticing; the first row (07:28 CET, 06:28Z)
    # stays the detection for want of one.
    text = """# 2018-03-13, PVC for hub is locked

## Timeline

All times in CET

### 2018-03-13 07:28

Problem is identified

### 07:33

Attempts to cordon bad nodes to see if this helps things.

### 13:34

Discovered that we can force-delete pods in this state.
"""
    assert parse(text).fields["time_of_internal_detect"] == utc(2018, 3, 13, 6, 28)
