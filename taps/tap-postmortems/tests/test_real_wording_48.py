"""The parser on wording it had never seen, forty-eighth round (issue 13): one test per rule.

Round 42's sealed part brought statistics breach reports: a producer's form (two "Information
needed / Response" tables) over a few paragraphs telling how a release went out early or late.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(body: str, name: str | None = None) -> Parsed:
    return parse_document(
        read_document(f"<html><body>{body}</body></html>", html=True), ParseOptions(), name
    )


_FORM = (
    "<table><tr><th>Information needed</th><th>Response</th></tr>"
    "<tr><td>Relevant principle(s) and practice(s)</td><td>Circulation of statistics ahead of "
    "their publication should be restricted to eligible recipients</td></tr>"
    "<tr><td>Date of occurrence of breach</td><td>14 July 2021</td></tr></table>"
)


def test_a_table_row_does_not_open_the_paragraph_after_it():
    # The form's last row ends without a stop; run on into "At 3.19pm on 14 July, a press
    # officer circulated …", its "should be restricted" made that clock a norm's hour.
    f = _html(
        _FORM + "<p>At 3.19pm on 14 July, a press officer circulated the unpublished figures "
        "to a colleague not on the pre-release list.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 7, 14, 15, 19, tzinfo=UTC)


def test_minutes_later_is_the_moment_before_plus_the_lapse_and_an_early_send_is_the_start():
    # "This was due to be sent … at 9.30am … this was sent at around 8:50am (40 mins earlier
    # than it should have been). The team lead noticed around 10 minutes later.": the figures
    # were out at 8:50 (not at the planned 9:30), noticed at 9:00.
    f = _html(
        "<p>The e-mail was due to be sent to press colleagues at 9.30am on 27 January 2021. "
        "The time was set wrong, and it was sent at around 8:50am (40 mins earlier than it "
        "should have been).</p><p>The team lead noticed around 10 minutes later.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 1, 27, 8, 50, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 1, 27, 9, 0, tzinfo=UTC)
    # Guard: a lapse in what would have been is no moment.
    f = _html(
        "<p>At 08:50 on 27 January 2021 the export job failed and the site went down.</p>"
        "<p>A health check would have noticed around 10 minutes later.</p>"
    ).fields
    assert f["time_of_internal_detect"] is None


def test_noticing_at_once_is_at_the_last_moment_told_when_no_clock_comes_between():
    # "At 3.19pm on 14 July, a press officer circulated the lines … (what they held; who was on
    # the list) The statistical team … were also copied into the email, and immediately
    # identified that the unpublished statistics had been circulated": noticed at 15:19 —
    # a noticing, not the cause found.
    f = _html(
        "<p>At 3.19pm on 14 July 2021, a press officer circulated lines for clearance via "
        "email. These lines included unpublished statistics. One recipient was not on the "
        "pre-release list.</p><p>The statistical team were also copied into the email, and "
        "immediately identified that the unpublished statistics had been circulated.</p>"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2021, 7, 14, 15, 19, tzinfo=UTC)
    assert f["time_of_rca"] is None


def test_the_clause_done_at_once_before_a_later_clock_is_at_the_moment_before():
    # "the Q4 data went live at 15:22. This was 18 hours before the pre-announced release
    # time. He immediately alerted the lead statistician and changed the data back to the Q3
    # version at 15:30": the alerting was at once (15:22), the change back at 15:30.
    f = _html(
        "<p>On 9th March 2021 the final step was completed which meant that the Q4 data went "
        "live at 15:22. This was 18 hours before the pre-announced release time. He "
        "immediately alerted the lead statistician and changed the data back to the Q3 "
        "version at 15:30.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 9, 15, 22, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 3, 9, 15, 22, tzinfo=UTC)
