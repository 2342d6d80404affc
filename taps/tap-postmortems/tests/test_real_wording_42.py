"""The parser on wording it had never seen, forty-second round (issue 13): one test per rule.

Round 34's sealed part brought engineering post-mortems of three new organisations: an
outage log's headerless table of stamped events, a monitor that reports services "recovered
or flapping" while the status page says the service is down, and a blog post that tells its
story day by day ("On Thursday, … At 8 pm CEST, …"). Each test is a minimal document written
for the habit (not a copy of a corpus document), and its expected values are worked out by
hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def _log_table(first_cells: list[str]) -> Parsed:
    events = [
        "monitoring reports the API as unreachable",
        "traffic moved to the standby site",
        "the primary site is back up",
    ]
    rows = "".join(
        f"<tr><td>{cell}</td><td>{event}</td></tr>"
        for cell, event in zip(first_cells, events, strict=True)
    )
    return _html(
        "<html><head><title>Outages</title></head><body><table>"
        "<tr><td rowspan='4'>api outage</td><td>disk full on the database host</td></tr>"
        f"{rows}</table></body></html>"
    )


def test_a_headerless_table_of_stamped_events_is_the_timeline():
    # An outage log's table (Peerio): a caption row (the outage's name, its cause), then
    # "2016-09-26 11:45:00 UTC" | "icinga reports …" rows, with no "Time" / "Event" header
    # and no "Timeline" heading. Three stamped rows of four: the timeline.
    parsed = _log_table(
        ["2021-03-02 10:00:00 UTC", "2021-03-02 10:20:00 UTC", "2021-03-02 11:05:00 UTC"]
    )
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2021, 3, 2, 10, 0, tzinfo=UTC),
        datetime(2021, 3, 2, 10, 20, tzinfo=UTC),
        datetime(2021, 3, 2, 11, 5, tzinfo=UTC),
    ]
    assert parsed.fields["time_of_first_trigger"] == datetime(2021, 3, 2, 10, 0, tzinfo=UTC)


def test_a_table_of_clocks_without_days_is_not_taken_for_one():
    # Guard: "10:00" | "…" rows may be a schedule or a rota; without the day in each first
    # cell no row is read from such a table.
    parsed = _log_table(["10:00", "10:20", "11:05"])
    assert parsed.timeline == []


def _monitor_rows(first_event: str) -> Parsed:
    return _md(
        "# API outage\n\n## Timeline\n\n"
        f"- 2021-03-02 10:00 UTC {first_event}\n"
        "- 2021-03-02 10:15 UTC traffic moved to the standby site\n"
        "- 2021-03-02 10:40 UTC services restored on the primary site\n"
    )


def test_recovered_or_flapping_while_the_service_is_down_is_no_recovery():
    # "icinga reports several production services as recovered or flapping, our status page
    # confirms our service is down" (Peerio 2016-09-26): the sentence goes on to say the
    # service is down; the recovery is the later row that says services are restored.
    f = _monitor_rows(
        "monitoring reports services as recovered or flapping, the status page confirms "
        "our service is down"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 10, 40, tzinfo=UTC)


def test_a_row_that_says_services_recovered_still_is_one():
    # Guard: "recovered" with nothing taking it back is a recovery, at the earliest such row.
    f = _monitor_rows("an alert fires; the cache is full").fields
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 10, 40, tzinfo=UTC)
    f = _monitor_rows("an alert fires, then the services recovered on their own").fields
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 10, 0, tzinfo=UTC)


_DAY_BY_DAY = (
    '---\ntitle: "Build outage"\ndate: 2021-03-08\n---\n\n'  # a Monday
    "Last Wednesday we started seeing errors from the payments API. They went away after a "
    "while.\n\n"
    "{opening}, things suddenly turned for the worse.\n\n"
    "At 8 pm UTC, no build requests were processed at all.\n"
)


def test_a_sentence_opening_on_a_later_weekday_moves_the_storys_clocks_on():
    # "Last Wednesday … On Thursday, things suddenly turned for the worse. … At 8 pm CEST,
    # things came to a grinding halt" (Travis CI 2012-09-20, posted the Monday after): the
    # clock falls on the Thursday, the day the story had moved to.
    f = _md(_DAY_BY_DAY.format(opening="On Thursday")).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 4, 20, 0, tzinfo=UTC)
    assert f["incident_date"] == date(2021, 3, 4)


def test_a_weekday_after_the_publication_does_not_move_the_day():
    # Guard: the story cannot move past the day the post went out (a Monday): "On Tuesday"
    # looks back to the week before, which this rule does not read; the clock stays on the
    # story's Wednesday.
    f = _md(_DAY_BY_DAY.format(opening="On Tuesday")).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 3, 20, 0, tzinfo=UTC)


def _ops_log(*rows: str) -> Parsed:
    return _md(
        "# Site outage\n\n## Timeline\n\n" + "".join(f"- 2021-03-02 {row}\n" for row in rows)
    )


def test_an_icinga2_notice_is_the_teams_own_detection():
    # "icinga2 notifies us that our site instance stopped responding" (Peerio 2016-07-06): the
    # monitor's name with its version number is the team's own signal, as "icinga" was.
    f = _ops_log(
        "12:04 UTC icinga2 notifies us that our site instance stopped responding",
        "12:30 UTC instance restarted",
    ).fields
    assert f["time_of_internal_detect"] == datetime(2021, 3, 2, 12, 4, tzinfo=UTC)


def test_back_to_life_all_back_and_a_monitor_confirming_availability_are_recoveries():
    # "our digitalocean instance came back to life" (Peerio 2016-05-25), "NodeJS processes are
    # all back, UptimeRobot and StatusCake confirmed Production is available" (2017-07-25).
    for said in (
        "our instance came back to life",
        "worker processes are all back",
        "the uptime monitor confirmed the site is available",
    ):
        f = _ops_log("10:00 UTC alerts fire: the site is down", f"10:40 UTC {said}").fields
        assert f["time_of_recovery"] == datetime(2021, 3, 2, 10, 40, tzinfo=UTC), said


def test_available_without_a_confirmation_is_no_recovery():
    # Guard: "the standby should still be available" states no return of the service.
    f = _ops_log(
        "10:00 UTC alerts fire: the site is down",
        "10:10 UTC the standby should still be available",
        "10:40 UTC services restored",
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 10, 40, tzinfo=UTC)


_OVERNIGHT = (
    "# Build outage\n\nOn March 4, 2021, build requests stalled.\n\n"
    "At {halt}, things came to a grinding halt and no build requests were processed at all. "
    "We moved the scheduler to other servers.\n\n"
    "At around {up}, things were looking up, and we left things running on their own.\n"
)


def test_a_morning_clock_told_after_an_evening_one_is_the_next_morning():
    # "At 8 pm CEST, things came to a grinding halt … At around 2:30 am CEST, things were
    # looking up" (Travis CI 2012-09-20): the story goes past midnight; "things were looking
    # up" is the recovery.
    f = _md(_OVERNIGHT.format(halt="8 pm UTC", up="2:30 am UTC")).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 4, 20, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 3, 5, 2, 30, tzinfo=UTC)


def test_bare_clocks_do_not_go_past_midnight():
    # Guard: "02:30" after "20:00" without am/pm may be a summary looking back; the day stays
    # (and a recovery before the start is none).
    f = _md(_OVERNIGHT.format(halt="20:00 UTC", up="02:30 UTC")).fields
    assert f["time_of_recovery"] != datetime(2021, 3, 5, 2, 30, tzinfo=UTC)


def _halt(then: str) -> Parsed:
    return _md(
        "# Build outage\n\nOn March 4, 2021, build requests stalled.\n\n"
        f"At 20:00 UTC, no build requests were processed at all. {then}\n\n"
        "At 23:00 UTC, builds were running normally again.\n"
    )


def test_starting_to_investigate_straight_after_a_timed_sentence_is_that_moment():
    # "At 8 pm CEST, things came to a grinding halt, and no build requests were processed at
    # all. We started investigating the cause" (Travis CI 2012-09-20): the team's own
    # investigation, told next, began then (time to detect 0).
    f = _halt("We started investigating the cause.").fields
    assert f["time_of_internal_detect"] == datetime(2021, 3, 4, 20, 0, tzinfo=UTC)


def test_an_investigation_told_after_another_sentence_has_no_moment():
    # Guard: with a sentence between, the investigation's moment is not told.
    f = _halt("The queue kept growing. We started investigating the cause.").fields
    assert f["time_of_internal_detect"] is None
