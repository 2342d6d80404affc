"""The parser on wording it had never seen, twentieth round (issue 13): one test per rule.

The development corpus's misses after round 16's sealed part joined it, grouped by cause. The
rules are general shapes rather than one document's phrases: a conclusion that states how
long the outage lasted. Expected values are worked out by hand from the quoted words; each
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
