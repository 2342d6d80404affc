"""The parser on wording it had never seen, sixty-fourth round (issue 13): one test per rule.

From sealed part 59 (17 Wikitech reports and 1 Miraheze one; now in dev): a list of stamped
rows whose first item tells the run-up in words, and impact lengths said as a window ("a total
outage time window of about 20 minutes", "in a 7min window") or as the total time the issue
existed. Each test is a minimal document written for the habit (not a copy of a corpus
document); its expected values are worked out by hand from the text, never from the parser's
output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_a_list_of_stamped_rows_led_in_by_the_run_up_in_words():
    # No "Timeline" heading; the list's first item tells the errors building up since the day
    # before, the next two are stamped: the first alert (14:58:09) and the first page.
    parsed = _md(
        "# 2024-06-11 WMCS Ceph\n\nA faulty optic caused packet loss.\n\nAll times in UTC.\n\n"
        "- Starting from ~2024-06-10 23:00, there's an increase on errors on the switch port.\n"
        "- 2024-06-11 14:58:09 First alert: FIRING: CephSlowOps: Ceph cluster has 4 slow ops\n"
        "- 15:01:50 First page: PROBLEM - toolschecker NFS is CRITICAL\n"
    )
    assert [e["occurred_at"] for e in parsed.timeline if e["occurred_at"]][-2:] == [
        datetime(2024, 6, 11, 14, 58, 9, tzinfo=UTC),
        datetime(2024, 6, 11, 15, 1, 50, tzinfo=UTC),
    ]
    assert parsed.fields["time_of_internal_detect"] == datetime(2024, 6, 11, 14, 58, 9, tzinfo=UTC)


def test_two_stamped_sentences_in_prose_are_no_timeline():
    # Counter-case: paragraphs, not a list, with two clocks in them stay prose facts.
    parsed = _md(
        "# Outage\n\n**Date:** 2024-06-11\n\nStarting from 23:00 there were errors.\n\n"
        "2024-06-11 14:58:09 is when the job was scheduled, a normal run.\n\n"
        "We then looked at the dashboards for a while.\n"
    )
    assert all(e["occurred_at"] is None for e in parsed.timeline)


def test_a_total_outage_time_window():
    # "for a total outage time window of about 20 minutes": the stated length, 20.
    f = _md(
        "# Rack C4\n\n**Date:** 2015-03-24\n\nThe machines were connected to the network again "
        "at about 09:50 UTC, for a total outage time window of about 20 minutes.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 20


def test_requests_lost_in_a_window():
    # "We lost at max ~15000 requests/s in a 7min window": the impact lasted 7 minutes.
    f = _md(
        "# eqsin router crash\n\n**Date:** 2020-07-05\n\n"
        "Impact: We lost at max ~15000 requests/s in a 7min window.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 7


def test_the_total_time_the_issue_existed():
    # "Total time the issue is presumed to have existed is 21 hours": 1260 minutes; "From first
    # report to resolution took 4 hours" is the response, not the impact.
    f = _md(
        "# Thumbnails\n\n**Date:** 2020-05-22\n\nFrom first report to resolution took 4 hours. "
        "Total time the issue is presumed to have existed is 21 hours.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 1260


def test_someone_observes_it_in_the_logs():
    # "09:10 antoine observes a higher level of mw related events arriving to logstash": staff
    # seeing the symptom, at the start (the first alert follows at 09:18).
    f = _md(
        "# mw-on-k8s eqiad outage\n\n**Start:** 2024-04-17 09:10:00\n\nAll times in UTC.\n\n"
        "## Timeline\n\n- 09:08 effie runs scap sync-world to deploy mediawiki\n"
        "- 09:10 antoine observes a higher level of mw related events arriving to logstash\n"
        "- 09:18 ALERT: (PHPFPMTooBusy) firing\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2024, 4, 17, 9, 10, tzinfo=UTC)


_MAPS = (
    "# 2020-02-04 maps\n\nAll times in UTC.\n\n"
    "All Maps users were experiencing elevated latency and error rates from 16:03 until 21:20. "
    "All Maps users were unable to load tiles{part}.\n"
)


def test_a_length_stated_for_a_window_of_its_own_inside_the_impacts():
    # "for approx 20 minutes from 21:00 to 21:20" is the worst part, inside the impact's 16:03
    # to 21:20: the impact lasted 317 minutes by its window, and no length is stated for it.
    f = _md(_MAPS.format(part=", for approx 20 minutes from 21:00 to 21:20")).fields
    assert f["stated_minutes_to_recover"] is None
    assert f["time_of_first_trigger"] == datetime(2020, 2, 4, 16, 3, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2020, 2, 4, 21, 20, tzinfo=UTC)


def test_a_length_in_the_impacts_only_window_is_still_stated():
    # Counter-case: with no longer window stated, "for approx 20 minutes from 21:00 to 21:20"
    # is the impact's own length (rule 5), as before.
    f = _md(
        "# 2020-02-04 maps\n\nAll times in UTC.\n\n"
        "All Maps users were unable to load tiles for approx 20 minutes from 21:00 to 21:20.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 20
