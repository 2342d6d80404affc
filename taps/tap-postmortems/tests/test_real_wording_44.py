"""The parser on wording it had never seen, forty-fourth round (issue 13): one test per rule.

The Guardian's frontend reports tell their story in sentences with 12-hour clocks ("At approx
1:15pm … At 2pm we were notified … At about 4:25 we received alerts") and state a length as a
range ("duration: 1 - 1.5 hours"). Each test is a minimal document written for the habit (not a
copy of a corpus document); its expected values are worked out by hand from the text, never
from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document
from tap_postmortems.values import parse_duration


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_an_hour_with_its_pm_after_at_is_a_clock_without_a_zone():
    # "At 2pm we were notified that the graphs had dropped off": an hour and its PM after
    # "at" is a moment even with no zone written after it (read as UTC, the default).
    f = _md(
        "# Broken release\n\n- date: 2 March 2021\n\n## Summary\n\n"
        "At 1:15pm we released the change to production. At 2pm we were alerted that page "
        "views had dropped. The service recovered at 4pm after a fix.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 2, 13, 15, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 3, 2, 14, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 16, 0, tzinfo=UTC)


def test_an_hour_with_its_day_after_it_in_words_stays_unread():
    # Guard: "at 8 PM on the 16th" names another day this reader does not take.
    f = _md(
        "# Outage\n\n- date: 2 March 2021\n\n## Summary\n\n"
        "We were alerted at 8pm on the 16th that the API was down.\n"
    ).fields
    assert f["time_of_internal_detect"] is None


def test_a_twelve_hour_writers_bare_clock_takes_the_half_of_its_marked_neighbours():
    # "- date: First reported about 4:25pm … At about 4:25 we received alerts … back to normal
    # (about 5.30pm)": a writer who marks clocks AM/PM and writes none past 12:59 keeps a
    # 12-hour clock, so the bare 4:25 is 16:25, the half nearest the marked ones.
    f = _md(
        "# Site slow\n\n- date: 6 April 2013\n\n## Summary\n\n"
        "At about 4:25 we received alerts that the site was responding slowly. "
        "The site settled back to normal at about 5:30pm.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 4, 6, 16, 25, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2013, 4, 6, 17, 30, tzinfo=UTC)


def test_a_twenty_four_hour_writers_bare_clock_stays_as_written():
    # Guard: a writer who also writes "17:30" keeps a 24-hour clock: "4:25" is the morning.
    f = _md(
        "# Site slow\n\n- date: 6 April 2013\n\n## Summary\n\n"
        "At 4:25 we received alerts that the site was responding slowly. The site was back "
        "to normal at 17:30, and at 5pm the next deploy had been paused.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2013, 4, 6, 4, 25, tzinfo=UTC)


def test_a_range_of_lengths_states_no_one_length():
    # "duration: 1 - 1.5 hours": the writer did not know the length; neither end is it.
    for written in ("1 - 1.5 hours", "2 to 3 hours", "1\u20132 days"):
        assert parse_duration(written) is None, written
    # Guard: one length, also with a number before it that is no range's end.
    assert parse_duration("1.5 hours").total_seconds() == 5400  # type: ignore[union-attr]
    assert parse_duration("took 45 minutes").total_seconds() == 2700  # type: ignore[union-attr]
