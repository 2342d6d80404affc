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


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_a_date_label_without_its_colon_over_a_window():
    # "Date 1st July 2013 from 13:16 -> 14:10" under the incident's name (Guardian 2013-07-01):
    # the word and a day in words with its year and a clock are a label and its value.
    f = _md(
        "# Frontend incident report\n\n## Front server outage\n"
        "Date 2nd March 2021 from 13:16 -> 14:10\n\n## Summary\nThe front servers failed.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 2, 13, 16, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 14, 10, tzinfo=UTC)


def test_a_sentence_that_only_opens_on_a_word_and_a_day_is_no_label():
    # Guard: "On 2nd March 2021 at 13:16 we deployed" has no known label ("On").
    f = _md(
        "# Frontend incident report\n\nOn 2nd March 2021 at 13:16 we deployed a change.\n"
    ).fields
    assert f["time_of_recovery"] is None


def _uk(summary: str) -> Parsed:
    return _md(
        "# Mobile site errors\n\n## Date\n2nd July 2021 from 09:00 -> 14:10\n\n"
        f"## Summary\n{summary}\n"
    )


def test_a_zone_named_in_brackets_after_a_clock_is_the_documents():
    # "From about 09:00 (UK time) users … started getting served 503 errors" (Guardian
    # 2013-07-05): the writer names the zone once; in July UK time is BST (UTC+1).
    f = _uk("From about 09:00 (UK time) users started getting 503 errors.").fields
    assert f["time_of_first_trigger"] == datetime(2021, 7, 2, 8, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 7, 2, 13, 10, tzinfo=UTC)


def test_two_zones_named_in_brackets_leave_the_document_without_one():
    # Guard: "09:00 (UK time)" and "04:00 (Eastern time)" name two zones; none is the
    # document's, and its bare clocks stay UTC.
    f = _uk("From about 09:00 (UK time), 04:00 (Eastern time), users got 503 errors.").fields
    assert f["time_of_recovery"] == datetime(2021, 7, 2, 14, 10, tzinfo=UTC)
