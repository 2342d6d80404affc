"""The parser on wording it had never seen, eightieth round (issue 13): one test per rule.

From dev's misses (Debian's News, a 2003 investigation report): a hand-written page whose
timeline is a list of items without their closing tags (``<li>Nov 19  17:00  Attacker logs
into …``), an intruder's first login as the start of a compromise, and a row that opens with
"Discovery of" as the team's own detection.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_REPORT = """<html><head><title>Build host compromise</title></head><body>
<h1>Build host compromise, 4 March 2009</h1>
<h3>Timeline</h3>
<p>All times are in UTC.</p>
<ul>
   <li>Mar 04  09:10  Attacker logs into the build host with a stolen key
   <li>Mar 04  09:40  Backdoor installed on the build host
   <li>Mar 04  13:25  Discovery of unknown processes on the build host
   <li>Mar 04  15:00  Build host taken offline
   <li>Mar 05  11:30  Builds are back online on a reinstalled host
</ul>
</body></html>
"""


def test_list_items_without_closing_tags_are_rows_of_their_own():
    # Five items, five rows, each at its own clock (the year from the heading's day).
    rows = _html(_REPORT).timeline
    assert [e["occurred_at"] for e in rows] == [
        datetime(2009, 3, 4, 9, 10, tzinfo=UTC),
        datetime(2009, 3, 4, 9, 40, tzinfo=UTC),
        datetime(2009, 3, 4, 13, 25, tzinfo=UTC),
        datetime(2009, 3, 4, 15, 0, tzinfo=UTC),
        datetime(2009, 3, 5, 11, 30, tzinfo=UTC),
    ]
    assert rows[0]["text"].startswith("Attacker logs into the build host")


def test_an_intruders_first_login_starts_it_and_a_discovery_detects_it():
    # The attacker's login (09:10) is the start; "Discovery of unknown processes" (13:25) is
    # the team noticing: 255 minutes to detect.
    f = _html(_REPORT).fields
    assert f["time_of_first_trigger"] == datetime(2009, 3, 4, 9, 10, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2009, 3, 4, 13, 25, tzinfo=UTC)


def test_items_of_a_nested_list_stay_inside_their_parent():
    # Counter-case: a list inside an item is still read after its parent, in order, and the
    # parent keeps its own words only.
    text = (
        "<h1>Mail outage</h1><h3>Timeline</h3><ul>"
        "<li>10:05 Mail stops being delivered<ul><li>queue grows</li></ul></li>"
        "<li>10:40 Mail is flowing again</li></ul>"
    )
    rows = _html(text).timeline
    assert [e["text"] for e in rows] == [
        "Mail stops being delivered",
        "queue grows",
        "Mail is flowing again",
    ]


def test_the_discovery_of_a_cause_is_no_detection():
    # Counter-case: "Discovery of the root cause" finds why, not that something is wrong.
    text = (
        "<h1>Queue stall</h1><h3>Timeline</h3><p>All times are in UTC.</p><ul>"
        "<li>2011-06-01 08:00 Jobs stop being picked up</li>"
        "<li>2011-06-01 09:30 Discovery of the root cause: a full disk</li></ul>"
    )
    assert _html(text).fields["time_of_internal_detect"] != datetime(2011, 6, 1, 9, 30, tzinfo=UTC)


_INDENTED = """# Retrospective: Queue backlog - March 20, 2019

## Timeline (UTC)
    - 11:16 ::::: the queue stops claiming tasks
    - 11:40 ::::: an alert fires for the pending count
    - 12:16 ::::: workers restarted
    - 1:52 ::::: the backlog is cleared, service restored
"""


def test_a_list_indented_into_a_code_block_is_still_the_timeline():
    # Four spaces make the list a code block to Markdown; its lines are still the rows, their
    # "- " marks no part of the time.
    rows = _md(_INDENTED).timeline
    assert [e["text"] for e in rows][:2] == [
        "the queue stops claiming tasks",
        "an alert fires for the pending count",
    ]
    assert rows[0]["occurred_at"] == datetime(2019, 3, 20, 11, 16, tzinfo=UTC)


def test_an_unmarked_one_digit_hour_after_noon_is_the_afternoon():
    # "1:52" after "12:16" is 13:52 the same day, not 01:52 the next.
    rows = _md(
        "# Queue backlog - 2019-03-20\n\n## Timeline (UTC)\n\n"
        "- 11:16 the queue stops claiming tasks\n- 12:16 workers restarted\n"
        "- 1:52 the backlog is cleared, service restored\n"
    ).timeline
    assert rows[2]["occurred_at"] == datetime(2019, 3, 20, 13, 52, tzinfo=UTC)


def test_a_one_digit_hour_after_an_evening_row_is_the_next_night():
    # Counter-case: "1:05" after "22:40" is past midnight, as a 24-hour clock reads.
    rows = _md(
        "# Disk full - 2019-03-20\n\n## Timeline (UTC)\n\n"
        "- 22:40 the disk fills up\n- 1:05 space freed, service restored\n"
    ).timeline
    assert rows[1]["occurred_at"] == datetime(2019, 3, 21, 1, 5, tzinfo=UTC)


def test_a_time_field_holding_a_window_gives_its_start_and_end():
    # "Time | 2019-02-27 06:45 - 2019-02-28 13:00 (UTC)": the impact ran 06:45 to 13:00 the
    # next day.
    f = _md(
        "# Incident Report - February 27th, 2019\n\n"
        "| Date | February 27th, 2019 |\n| --- | ---: |\n"
        "| Time | 2019-02-27 06:45 - 2019-02-28 13:00 (UTC) |\n\n"
        "## Overview\n\nThe build clusters were down.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2019, 2, 27, 6, 45, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2019, 2, 28, 13, 0, tzinfo=UTC)
