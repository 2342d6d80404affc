"""The parser on wording it had never seen, forty-third round (issue 13): one test per rule.

Round 35's sealed part brought the Guardian's frontend incident reports, whose "Date" states
the impact's window with an arrow ("11th July 2013 from 12:00 -> 14:30"). Each test is a
minimal document written for the habit (not a copy of a corpus document), and its expected
values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _report(window: str) -> Parsed:
    return parse_document(
        read_document(
            "# Frontend incident report\n\n"
            f"## Date\n{window}\n\n"
            "## Summary\nThe site served stale content after a deploy.\n",
            html=False,
        ),
        ParseOptions(),
        None,
    )


def test_an_arrow_joins_the_ends_of_a_dated_window():
    # A "Date" section of "11th July 2013 from 12:00 -> 14:30 (intermittent, not all the time)"
    # (Guardian 2013-07-11): the impact's start and end, as "to" or a dash would join them.
    for arrow in ("->", "\u2192", "=>"):
        f = _report(f"2nd March 2021 from 12:00 {arrow} 14:30 (intermittent)").fields
        assert f["time_of_first_trigger"] == datetime(2021, 3, 2, 12, 0, tzinfo=UTC), arrow
        assert f["time_of_recovery"] == datetime(2021, 3, 2, 14, 30, tzinfo=UTC), arrow


def test_a_dated_window_with_a_dash_still_reads():
    # Guard: the joins read before stay ("12:00 - 14:30").
    f = _report("2nd March 2021 12:00 - 14:30").fields
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 14, 30, tzinfo=UTC)


def test_a_day_written_as_an_ordinal_dates_its_clock():
    # "11th July 2013 from 12:00": a day written as an ordinal, with its month and year and no
    # other day in the document, dates the clock beside it ("March 2nd", "2nd of March" too).
    for written in ("2nd March 2021 12:00", "March 2nd 2021 12:00", "2nd of March 2021 12:00"):
        f = _report(f"{written} - 14:30").fields
        assert f["time_of_first_trigger"] == datetime(2021, 3, 2, 12, 0, tzinfo=UTC), written
