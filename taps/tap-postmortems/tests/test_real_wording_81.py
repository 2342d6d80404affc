"""The parser on wording it had never seen, eighty-first round (issue 13): one test per rule.

From sealed part 77 (now in dev) and its neighbours, Mozilla's Taskcluster retrospectives:
the tree sheriffs "detect" the trouble, close the trees, and re-open them when builds pass
(and close them "again" when they do not); a "Fallout" section states how long the trees were
closed; rows on a 12-hour clock without "pm" stay in the afternoon once one has gone past noon.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_TREES = """# Retrospective: Registry outage 2018-09-10

## Timeline
  - 09:00 UTC - the registry's certificate expires; pulls start failing
  - 09:20 UTC - sheriffs detect infra issue, close trees
  - 09:45 UTC - trees re-opened
  - 10:05 UTC - trees closed again, as problem is not fixed
  - 11:30 UTC - certificate replaced on every node
  - 12:00 UTC - trees re-open

## Fallout

All trees were closed for 3 hours.
"""


def test_the_sheriffs_detect_it():
    # "sheriffs detect infra issue" (09:20) is the detection: 20 minutes after the start.
    f = _md(_TREES).fields
    assert f["time_of_internal_detect"] == datetime(2018, 9, 10, 9, 20, tzinfo=UTC)


def test_trees_reopened_for_good_are_the_recovery():
    # The 09:45 re-opening did not hold ("closed again" at 10:05): the recovery is the last
    # re-opening, at 12:00.
    f = _md(_TREES).fields
    assert f["time_of_recovery"] == datetime(2018, 9, 10, 12, 0, tzinfo=UTC)


def test_a_fallout_section_states_the_length():
    # "All trees were closed for 3 hours" under "Fallout": 180 minutes stated.
    assert _md(_TREES).fields["stated_minutes_to_recover"] == 180


def test_a_reopened_bug_is_no_recovery():
    # Counter-case: a bug re-opened is the trouble back, not the service.
    f = _md(
        "# Login failures - 2018-09-11\n\n## Timeline (UTC)\n\n"
        "- 08:00 logins start failing\n- 08:30 bug 1490001 re-opened\n"
        "- 09:10 service restored\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2018, 9, 11, 9, 10, tzinfo=UTC)


def test_rows_after_an_unmarked_afternoon_stay_in_the_afternoon():
    # "12:16", "1:52", then "3:31": 13:52 and 15:31 the same day, not the next night.
    rows = _md(
        "# Queue backlog - 2019-03-20\n\n## Timeline (UTC)\n\n"
        "- 12:16 workers restarted\n- 1:52 the backlog is nearly cleared\n"
        "- 3:31 all cleanup work is complete\n"
    ).timeline
    assert [e["occurred_at"] for e in rows][1:] == [
        datetime(2019, 3, 20, 13, 52, tzinfo=UTC),
        datetime(2019, 3, 20, 15, 31, tzinfo=UTC),
    ]
