"""The parser on wording it had never seen, sixty-seventh round (issue 13): one test per rule.

From sealed part 63 (19 Wikitech reports; now in dev): a log whose rows are stamped in ISO
8601's basic form ("20180110T16:11 - …"); an end the trouble came back after, a few minutes
before the return; "Apache servers started to recover" as a log's last word; a summary's
window ("a replication gap from 2018-09-13 09:08:17 to 2018-09-13 09:58:26") on a page named
for the day its report was written; "We were paged by icinga, roughly 40 mins after the
behavior started"; an ALTER TABLE hours before the errors as the run-up; a window written
with an arrow ("(~ 18:14 -> 19:19 UTC)") after the sentence that states the length "for the
duration of up to one hour".
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def _at(hour: int, minute: int, second: int = 0, *, day: tuple[int, int, int]) -> datetime:
    return datetime(*day, hour, minute, second, tzinfo=UTC)


_BASIC = (
    "# Incidents/2019-03-05 proxies\n\n"
    "## Summary\n\nThe proxies were briefly unavailable during restarts.\n\n"
    "## Timeline\n\n"
    "* 20190304 - Kernel packages staged on the fleet.\n"
    "* 20190305T09:02 - proxy1002 cannot cope with the load and is marked down.\n"
    "* 20190305T09:10 - proxies.svc pages\n"
    "* 20190305T09:31 - proxies.svc recovers\n"
)


def test_rows_stamped_in_the_basic_iso_form_are_timed():
    # "20190305T09:02" is 5 March 2019, 09:02 (ISO 8601 basic form): start, page, recovery.
    parsed = _md(_BASIC)
    f = parsed.fields
    day = (2019, 3, 5)
    assert f["time_of_first_trigger"] == _at(9, 2, day=day)
    assert f["time_of_internal_detect"] == _at(9, 10, day=day)
    assert f["time_of_recovery"] == _at(9, 31, day=day)
    assert [e["occurred_at"] for e in parsed.timeline][1:] == [
        _at(9, 2, day=day),
        _at(9, 10, day=day),
        _at(9, 31, day=day),
    ]


def test_a_day_without_its_clock_in_the_basic_form_stays_untimed():
    # Counter-case: "20190304 - Kernel packages staged" names a day and no clock.
    assert _md(_BASIC).timeline[0]["occurred_at"] is None


_RETURN = (
    "# Incidents/2019-03-06 media\n\n"
    "## Timeline (UTC)\n\n"
    "* 2019-03-06 14:02 - media1007 cannot cope with the load. 1/4 hosts serve traffic.\n"
    "* 2019-03-06 14:09 - thumbs.svc pages\n"
    "* 2019-03-06 14:09 - thumbs.svc recovers\n"
    "* 2019-03-06 14:12 - media1005 also goes down. 0/4 hosts serve traffic.\n"
    "* 2019-03-06 14:15 - media.svc pages\n"
    "* 2019-03-06 14:21 - media.svc recovers\n"
)


def test_the_end_the_trouble_came_back_after_is_not_counted_again():
    # The 14:09 recovery came three minutes before the trouble returned (14:12): the end is
    # the one after the return, 14:21, even though 14:09 is within a start's grace of 14:12.
    f = _md(_RETURN).fields
    assert f["time_of_recovery"] == _at(14, 21, day=(2019, 3, 6))


def test_an_end_with_no_return_after_it_stays():
    # Counter-case: without the second failure the first recovery is the end.
    text = "\n".join(ln for ln in _RETURN.splitlines() if "14:12" not in ln and "14:15" not in ln)
    text = text.replace("media.svc recovers", "traffic graphs reviewed")
    f = _md(text).fields
    assert f["time_of_recovery"] == _at(14, 9, day=(2019, 3, 6))


_STARTED_TO = (
    "# Incidents/2012-02-11 database\n\n"
    "Sequence of events, UTC time:\n\n"
    "21:10 nagios: PROBLEM - MySQL replication on db1030 is CRITICAL\n\n"
    "21:18 Ops paged, db1030 taken out of rotation\n\n"
    "21:47 : Web servers started to recover. A period of calm followed.\n"
)


def test_started_to_recover_as_the_last_word_is_the_end():
    # No row says "recovered" or "restored"; the log's last word on it is that the web servers
    # started to recover at 21:47.
    f = _md(_STARTED_TO).fields
    assert f["time_of_recovery"] == _at(21, 47, day=(2012, 2, 11))


def test_started_to_recover_yields_to_a_row_that_says_recovered():
    # Counter-case: a later row that says the service is restored is the end.
    text = _STARTED_TO + "\n22:05 All web servers restored to normal service\n"
    f = _md(text).fields
    assert f["time_of_recovery"] == _at(22, 5, day=(2012, 2, 11))


_GAP = (
    "# Incidents/2018-11-20 Replication gap on s3\n\n"
    "While the other site was active, the s3 master had a replication gap from "
    "2018-10-02 07:10:05 to 2018-10-02 07:40:05 where the data written never arrived.\n\n"
    "Times in UTC\n\n"
    "* 1st Oct 12:00: The secondary site becomes the active one\n"
    "* 2nd Oct 06:30: Replication between the sites manually disconnected\n"
    "* 2nd Oct 07:10: Deployed schema change on the s3 master\n"
    "* 2nd Oct 07:12: db1075 starts lagging\n"
    "* 2nd Oct 08:02: GTID enabled on db1075\n"
)


def test_a_summarys_window_on_the_timelines_days_wins_over_a_page_name_weeks_later():
    # The page is named for 20 November, when the report was written; the summary's window
    # and the rows are in early October: the gap is the impact, 30 minutes on 2 October.
    f = _md(_GAP).fields
    assert f["incident_date"].isoformat() == "2018-10-02"
    assert f["time_of_first_trigger"] == _at(7, 10, 5, day=(2018, 10, 2))
    assert f["time_of_recovery"] == _at(7, 40, 5, day=(2018, 10, 2))


def test_a_window_weeks_from_both_the_name_and_the_rows_is_not_used():
    # Counter-case: a window dated far from the rows and the name alike is a slip of the pen.
    text = _GAP.replace(
        "2018-10-02 07:10:05 to 2018-10-02 07:40:05", "2018-07-02 07:10:05 to 2018-07-02 07:40:05"
    )
    f = _md(text).fields
    assert f["time_of_first_trigger"] != _at(7, 10, 5, day=(2018, 7, 2))
    assert f["incident_date"].isoformat() != "2018-07-02"


_PAGED_BY = (
    "# Incidents/2020-06-02 imagescaler\n\n"
    "A client sent a very large number of requests, and the scaler returned 503s.\n\n"
    "All times are UTC. We were paged by icinga, roughly 25 mins after the behavior started.\n\n"
    "* 10:05 approximately: the scaler starts to return many 503s. Incident begins.\n"
    "* 10:28: SRE paged. Several people respond\n"
    "* 10:40: The client's address is blocked\n"
)


def test_paged_by_a_monitor_that_long_after_is_a_stated_time_to_detect():
    f = _md(_PAGED_BY).fields
    assert f["stated_minutes_to_detect"] == 25


def test_paged_without_a_length_states_no_time_to_detect():
    # Counter-case: "paged by icinga" with no length after it states none.
    text = _PAGED_BY.replace(", roughly 25 mins after the behavior started", "")
    assert _md(text).fields["stated_minutes_to_detect"] is None


_ALTER = (
    "# Incident documentation/2018-05-14 Moving pages on dewiki\n\n"
    "An alter table on the dewiki master caused page moves to fail.\n\n"
    "Timeline (IN UTC)\n\n"
    "4:10 an ALTER table on dewiki master (db1071) on the page table was started\n\n"
    "7:45 Lock wait timeouts on page moves start to appear in the logs\n\n"
    "8:30: Alter table finished and errors are gone\n"
)


def test_an_alter_table_hours_before_the_errors_is_the_run_up():
    # The ALTER started at 4:10 and nothing failed for three and a half hours: the start is
    # 7:45, when the timeouts began.
    f = _md(_ALTER).fields
    assert f["time_of_first_trigger"] == _at(7, 45, day=(2018, 5, 14))


def test_an_alter_table_followed_at_once_by_errors_is_the_start():
    # Counter-case: errors a few minutes after the ALTER are its effect as written.
    text = _ALTER.replace("7:45 Lock wait", "4:14 Lock wait")
    f = _md(text).fields
    assert f["time_of_first_trigger"] == _at(4, 10, day=(2018, 5, 14))


_ARROW = (
    "# Incidents/20160309-PortalRedirect\n\n"
    "Portal redirect outage on 2016-03-09.\n\n"
    "A faulty configuration change redirected the portal's pages to the wrong site. This "
    "made many pages unavailable for the duration of up to one hour. (~ 14:05 -> 15:10 UTC)\n\n"
    "14:05 puppet re-enabled on the cluster\n\n"
    "14:20 first user reports of redirects in #operations\n"
)


def test_a_window_with_an_arrow_is_read():
    f = _md(_ARROW).fields
    assert f["time_of_first_trigger"] == _at(14, 5, day=(2016, 3, 9))
    assert f["time_of_recovery"] == _at(15, 10, day=(2016, 3, 9))


def test_a_bracketed_window_after_the_length_glosses_it_and_the_length_stays():
    # "for the duration of up to one hour" is the writer's length for the window in brackets
    # right after it (65 minutes by the clocks): the stated 60 minutes win (corpus rule 5).
    f = _md(_ARROW).fields
    assert f["stated_minutes_to_recover"] == 60


_UNMARKED = (
    "# Incidents/2019-04-02 queue\n\n"
    "## Timeline (UTC)\n\n"
    "* 2019-04-02 08:10 - queue workers restarted by hand\n"
    "* 2019-04-02 08:40 - backlog processed\n"
)


def test_a_start_and_detection_taken_from_the_first_row_are_flagged_as_assumed():
    # Nothing marks the start or the detection: both are the first row, and the record says
    # they are assumed (a time to detect of 0 by construction, not by measure).
    f = _md(_UNMARKED).fields
    assert f["time_of_first_trigger"] == _at(8, 10, day=(2019, 4, 2))
    assert f["time_of_internal_detect"] == f["time_of_first_trigger"]
    assert f["time_of_first_trigger_assumed"] is True
    assert f["time_of_internal_detect_assumed"] is True


def test_moments_the_rows_mark_are_not_assumed():
    # Counter-case: a row that names the start and one that names the alert.
    text = _UNMARKED.replace(
        "queue workers restarted by hand", "outage begins: the queue stops"
    ).replace("backlog processed", "icinga alert: queue length critical")
    f = _md(text).fields
    assert f["time_of_internal_detect"] == _at(8, 40, day=(2019, 4, 2))
    assert f["time_of_first_trigger_assumed"] is False
    assert f["time_of_internal_detect_assumed"] is False
