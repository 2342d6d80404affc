"""The parser on wording it had never seen, sixty-first round (issue 13): one test per rule.

From sealed part 56 (20 Wikitech and Miraheze reports, 2 Travis CI posts; now in dev): an
incident log pasted from Wikimedia's server admin log, whose rows give their day in brackets
and the log's name before the clock ("(2016-09-22) SAL: 20:00 thcipriani: rolling out wmf.20",
"SAL: 09:58 logmsgbot: …"), and whose operators' names may begin with the letters of a half of
the day ("10:00 Amir1: mwscript …"). Each test is a minimal document written for the habit
(not a copy of a corpus document); its expected values are worked out by hand from the text,
never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


_LOG = (
    "# Search suggestions broken\n\n"
    "Suggestions could not be shown for edits made between the rollout and the fix.\n\n"
    "(2016-09-22) SAL: 20:00 alice: rolling out wmf.20 to all wikis\n\n"
    "(2016-09-23) 9:44 The task is created\n\n"
    "9:45 The patch is made to fix it in master\n\n"
    "SAL: 09:58 logmsgbot: bob Synchronized php-1.28.0-wmf.20/Cache.php\n\n"
    "SAL: 10:05 Amir1: mwscript PopulateDatabase.php --wiki=enwiki\n"
)


def test_rows_that_give_their_day_in_brackets_and_the_logs_name_before_the_clock():
    # The page is named four days later (its write-up); the rows say the rollout was on the
    # 22nd at 20:00 and the fix on the 23rd from 9:44, each clock on the day written before it.
    parsed = _md(_LOG, "Incidents/20160926-Search")
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2016, 9, 22, 20, 0, tzinfo=UTC),
        datetime(2016, 9, 23, 9, 44, tzinfo=UTC),
        datetime(2016, 9, 23, 9, 45, tzinfo=UTC),
        datetime(2016, 9, 23, 9, 58, tzinfo=UTC),
        datetime(2016, 9, 23, 10, 5, tzinfo=UTC),
    ]
    assert parsed.timeline[0]["text"].startswith("alice: rolling out wmf.20")
    # The first row is the rollout that began the impact: the incident's day is the 22nd.
    assert parsed.fields["incident_date"] == date(2016, 9, 22)


def test_a_name_after_the_clock_is_no_half_of_the_day():
    # "10:05 Amir1: mwscript …": Amir1 ran the script at 10:05; the row's text keeps the name
    # whole (it was read as "10:05 AM" and the text "ir1: …").
    parsed = _md(_LOG)
    last = parsed.timeline[-1]
    assert last["occurred_at"].time().isoformat() == "10:05:00"
    assert last["text"].startswith("Amir1: mwscript")


def test_a_clock_with_its_half_of_the_day_still_reads_so():
    # Counter-case: "2:30 pm - the site is back" is half past two in the afternoon, and "9:15am:"
    # a quarter past nine in the morning, written on the clock.
    parsed = _md(
        "# Outage\n\n**Date:** 2021-03-04\n\n## Timeline\n\n"
        "- 9:15am: the site returns errors\n- 2:30 pm - the site is back\n"
    )
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2021, 3, 4, 9, 15, tzinfo=UTC),
        datetime(2021, 3, 4, 14, 30, tzinfo=UTC),
    ]


def test_a_label_before_a_clock_is_left_alone():
    # Counter-case: only a short log name in capitals ("SAL:") goes before a clock; "Note:
    # 10:00 call with the vendor" is a note, an untimed row with its label, between two rows.
    parsed = _md(
        "# Outage\n\n**Date:** 2021-03-04\n\n## Timeline\n\n"
        "- 09:00 errors begin\n- Note: 10:00 call with the vendor\n- 11:00 errors end\n"
    )
    assert [(e["occurred_at"], e["text"]) for e in parsed.timeline] == [
        (datetime(2021, 3, 4, 9, 0, tzinfo=UTC), "errors begin"),
        (None, "Note: 10:00 call with the vendor"),
        (datetime(2021, 3, 4, 11, 0, tzinfo=UTC), "errors end"),
    ]
