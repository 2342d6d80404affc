"""The parser on wording it had never seen, twenty-third round (issue 13): one test per rule.

The rules are the corpus's (``corpus/README.md``, "Which moment is which"); each test quotes a
development document's own words, and the expected values are worked out by hand from them
(never from the parser's output). Each comment names the document the wording comes from.
"""

from __future__ import annotations

from postmortems_harness import parse, utc

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
