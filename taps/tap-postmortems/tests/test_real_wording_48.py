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
