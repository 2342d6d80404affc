"""The parser on wording it had never seen, seventieth round (issue 13): one test per rule.

From sealed part 66 (23 documents; now in dev): ministers' statements in a parliament's
record, dated by the sitting ("Volume 611: debated on Wednesday 8 June 2016", "HC Deb 28
October 1992 vol 212 cc1013-20", "Part of the debate - in the House of Commons at 4:32 pm on
22 July 2024") and telling their story by days relative to it ("last night", "on Monday of
this week", "On Friday morning").
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def _statement(record: str, story: str) -> str:
    return (
        "<html><body><h1>Payments Service</h1>"
        f"<p>{record}</p>"
        "<p>The Minister for Digital Services (Ms A. Example)</p>"
        f"<p>{story}</p></body></html>"
    )


def test_last_night_in_a_statement_is_the_day_before_its_sitting():
    # Debated on Wednesday 8 June 2016; "last night" is Tuesday 7 June.
    f = _html(
        _statement(
            "Volume 611: debated on Wednesday 8 June 2016",
            "Because of unprecedented demand, there were problems with the payments website "
            "last night. Many who applied were not successful.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "2016-06-07"


def test_a_weekday_in_a_statement_counts_back_from_the_sitting_in_the_record_line():
    # "HC Deb 28 October 1992 vol 212 cc1013-20" is a Wednesday; the failure "on Monday" of
    # that week is 26 October 1992.
    f = _html(
        _statement(
            "HC Deb 28 October 1992 vol 212 cc1013-20",
            "The despatch system suffered a failure on Monday, and calls were handled by hand.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "1992-10-26"


def test_the_sittings_clock_is_no_moment_of_the_story():
    # "at 4:32 pm on 22 July 2024" dates the debate; "On Friday morning" (19 July) is the
    # story's day, and no start time is stated.
    f = _html(
        _statement(
            "Part of the debate \u2013 in the House of Commons at 4:32 pm on 22 July 2024.",
            "On Friday morning, the supplier issued guidance on how to solve the outage of the "
            "payments service, giving users a manual fix for each affected device.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "2024-07-19"
    assert f["time_of_first_trigger"] is None


def test_a_day_named_with_its_weekday_in_the_story_is_kept():
    # Counter-case: the story writes its own day in full ("On Tuesday 7 June 2016"), which
    # is the incident's; the sitting's day is not counted back from.
    f = _html(
        _statement(
            "Volume 611: debated on Thursday 9 June 2016",
            "On Tuesday 7 June 2016 the payments website failed for two hours.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "2016-06-07"


def test_a_yearless_day_weeks_after_the_statement_is_no_day_of_last_year():
    # "the vote on 23 June" is 15 days after the sitting of 8 June 2016: a day ahead, not 23
    # June 2015; the story's day is "last night", 7 June.
    f = _html(
        _statement(
            "Volume 611: debated on Wednesday 8 June 2016",
            "Whatever anyone's view on the vote on 23 June, registration matters. There were "
            "problems with the registration website last night.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "2016-06-07"
