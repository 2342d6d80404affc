"""The parser on wording it had never seen, seventy-fifth round (issue 13): one test per rule.

From sealed part 71 (now in dev): an IT team's blog that names its clocks' zone in words
("starting at 17:00 Pacific"), a court's notice of a window opened on a day without its clock
("Beginning late on Tuesday, June 9, and continuing through around 4:00 p.m. on Wednesday,
June 10"), and a look back that says what the outage kept down ("kept email offline for two
days").
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def test_a_us_region_named_in_words_after_a_clock_is_its_zone():
    # 30 June 2012 is on Pacific daylight time (UTC-7): 17:00 Pacific is 00:00 UTC on 1 July,
    # 19:35 Pacific is 02:35 UTC.
    f = _html(
        "<html><body><h1>Database Servers and the Leap Second</h1>"
        "<p>Our database servers had a huge spike in CPU on June 30, 2012.</p>"
        "<p>The CPU spikes starting at 17:00 Pacific. We fixed it around 19:35 Pacific.</p>"
        "</body></html>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2012, 7, 1, 0, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2012, 7, 1, 2, 35, tzinfo=UTC)


def test_a_window_opened_on_a_day_and_continuing_through_a_clock_ends_at_that_clock():
    # The start is a day without its clock ("late on Tuesday, June 9"); the end is 4:00 p.m. on
    # Wednesday, June 10 (no zone stated: UTC). No start time is stated.
    f = _html(
        "<html><body><h1>Email Disruption June 9-10</h1>"
        "<p>Thursday, June 11, 2020</p>"
        "<p>Beginning late on Tuesday, June 9, and continuing through around 4:00 p.m. on "
        "Wednesday, June 10, the Court experienced a major disruption to its email system.</p>"
        "</body></html>"
    ).fields
    assert f["time_of_recovery"] == datetime(2020, 6, 10, 16, 0, tzinfo=UTC)
    assert f["time_of_first_trigger"] is None


def test_a_service_kept_offline_for_a_length_is_the_outages_length():
    # "A series of mistakes kept email offline for two days": 2,880 minutes.
    f = _html(
        "<html><body><h1>Mail, four months later</h1>"
        "<p>In December we suffered a catastrophic disk array failure on our mail server. A "
        "series of mistakes kept email offline for two days.</p></body></html>"
    ).fields
    assert f["stated_minutes_to_recover"] == 2880
