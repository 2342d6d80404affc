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


# Round 61b, from the same part's Wikitech reports.

_SESSION = (
    "# Session rollout failure\n\n"
    "Timeline:\n\n"
    "- 2016-01-19T23:18 Group0 to wmf.11\n"
    "- 2016-01-20T01:20 Bd808 files task T124126 about trending session errors in fatalmonitor\n"
    "- 2016-01-20T19:41 Icinga alert: Text HTTP 5xx reqs/min is CRITICAL\n"
)


def test_someone_filing_a_task_about_errors_has_noticed_them():
    # A developer filing a task about errors they saw in the logs is the team noticing, at
    # 01:20, two hours after the deploy that began it (23:18): before Icinga's 19:41 alert.
    f = _md(_SESSION).fields
    assert f["time_of_first_trigger"] == datetime(2016, 1, 19, 23, 18, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2016, 1, 20, 1, 20, tzinfo=UTC)


def test_a_task_filed_for_a_follow_up_is_no_detection():
    # Counter-case: a task filed for later work names no errors seen; the alert is the detection.
    text = _SESSION.replace(
        "Bd808 files task T124126 about trending session errors in fatalmonitor",
        "Bd808 files task T124126 to document the rollout checklist",
    )
    f = _md(text).fields
    assert f["time_of_internal_detect"] == datetime(2016, 1, 20, 19, 41, tzinfo=UTC)


_SWAT = (
    "# MediaWiki 5xx during SWAT\n\n"
    "Mediawiki servers served HTTP 5xx for {length} during the 2016-06-01 SWAT window.\n\n"
    "Timeline is UTC.\n\n"
    "- 23:49:49 Synchronized CommonSettings.php. At this moment, the incident starts\n"
    "- 23:56:34 The revert commit was merged\n"
)


def test_a_short_outage_stated_in_seconds():
    # "served HTTP 5xx for 101 seconds": 101 s = 1.68 min, the impact's length; the recovery is
    # 101 seconds after the 23:49:49 start, 23:51:30.
    f = _md(_SWAT.format(length="101 seconds")).fields
    assert f["stated_minutes_to_recover"] == 1.68
    recovered = datetime(2016, 6, 1, 23, 51, 30, tzinfo=UTC)
    assert abs((f["time_of_recovery"] - recovered).total_seconds()) < 1  # 1.68 min is rounded


def test_seconds_that_name_no_failure_are_no_length():
    # Counter-case: "a peer … would get banned for 10 seconds" tells of a penalty, not of how
    # long anything failed.
    f = _md(
        "# Block cache bug\n\n**Date:** 2024-02-26\n\n"
        "The peer that provided the block would get banned for 10 seconds.\n"
    ).fields
    assert f["stated_minutes_to_recover"] is None


_VARNISH = (
    "# Varnish 503s\n\n**Date:** 2019-05-03\n\n"
    "Approx 900,000 HTTP 503s served, {which} between 05:00 and 05:40.\n\n"
    "All times in UTC.\n\n"
    "- 05:01 503 errors begin at a slow but increasing rate OUTAGE BEGINS\n"
    "- 05:09 Icinga pages about LVS\n"
    "- 06:00 failed fetches from cp1089 disappear OUTAGE ENDS\n"
    "- 07:03 failed fetches from cp1089 return OUTAGE BEGINS\n"
    "- 07:20 error rate returns to normal OUTAGE ENDS\n"
)


def test_a_window_said_to_hold_most_of_the_impact_and_a_second_marked_window():
    # "mostly between 05:00 and 05:40" is the worst part, not the impact's window; the log marks
    # two windows, 05:01-06:00 and 07:03-07:20: impact ended at the second's end, 07:20.
    f = _md(_VARNISH.format(which="mostly")).fields
    assert f["time_of_first_trigger"] == datetime(2019, 5, 3, 5, 1, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2019, 5, 3, 7, 20, tzinfo=UTC)


def test_a_window_stated_whole_still_bounds_the_impact():
    # Counter-case: "all between 05:00 and 05:40" states the impact's window: it ends at 05:40.
    f = _md(_VARNISH.format(which="all")).fields
    assert f["time_of_recovery"] == datetime(2019, 5, 3, 5, 40, tzinfo=UTC)


# Round 61c: rows of bare clocks under a labelled start and end days apart.

_TRAIN = (
    "# 2022-12-09 MediaWiki REST API\n\n"
    "**Start:** 2022-12-06 12:27:18\n\n**End:** {end}\n\n"
    "All times in UTC.\n\n"
    "- 12:27 MediaWiki deployment starts to group0 (problems begin)\n"
    "- 01:55 A developer alerts the team chat that there is an active blocker\n"
    "- 02:17 Train rollback begins\n"
    "- 02:39 Train rollback complete\n"
    "- 04:15 The culprit is identified via git bisect\n"
)


def test_rows_under_a_start_and_an_end_days_apart_take_their_days():
    # The first row gives the Start's clock (12:27): it is on 6 December; the 02:39 row gives
    # the End's clock: 9 December (not the 10th, a midnight after the title's day). The rows
    # between lead up to the end (01:55 and 02:17 on the 9th), the 04:15 row follows it.
    parsed = _md(_TRAIN.format(end="2022-12-09 02:39:00"))
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2022, 12, 6, 12, 27, tzinfo=UTC),
        datetime(2022, 12, 9, 1, 55, tzinfo=UTC),
        datetime(2022, 12, 9, 2, 17, tzinfo=UTC),
        datetime(2022, 12, 9, 2, 39, tzinfo=UTC),
        datetime(2022, 12, 9, 4, 15, tzinfo=UTC),
    ]


def test_rows_under_labels_of_their_own_day_stay_where_they_are():
    # Counter-case: an End the night after the start (02:39 on 7 December) is where the rows'
    # own midnight already puts it: the rows run on from 12:27 on the 6th, none moved.
    parsed = _md(_TRAIN.format(end="2022-12-07 02:39:00").replace("2022-12-09 Media", "Media"))
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2022, 12, 6, 12, 27, tzinfo=UTC),
        datetime(2022, 12, 7, 1, 55, tzinfo=UTC),
        datetime(2022, 12, 7, 2, 17, tzinfo=UTC),
        datetime(2022, 12, 7, 2, 39, tzinfo=UTC),
        datetime(2022, 12, 7, 4, 15, tzinfo=UTC),
    ]
