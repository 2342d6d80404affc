"""The parser on wording it had never seen, thirty-ninth round (issue 13): one test per rule.

Round 32's sealed part brought breach reports of statistics releases and public-sector
engineering write-ups, which tell an incident's moments in sentences: a colleague who saw the
trouble "contacted press office at 9.32am to report the issue", "had spotted an error". Each
test is a minimal document written for the habit (not a copy of a corpus document), and its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _report(told: str) -> Parsed:
    """A release's delay told in sentences, no timeline: the first clock is the start."""
    return _md(
        "# Delayed release of the trade figures\n\n"
        "The trade figures were released late on 3 March 2022.\n\n"
        "The release went out at 9.30am without its tables. "
        f"{told} The tables were restored at 9.50am.\n"
    )


def test_a_colleague_contacting_the_team_to_report_the_issue_is_detection():
    # "PfG Analytics branch contacted press office at 9.32am to report the issue" (uksa
    # 2021-02-25): the producer's own staff telling the team that publishes, rule 3's "team
    # member reporting what they saw themselves"; the clock's dot is no sentence's end.
    f = _report("Our analytics branch contacted the web team at 9.34am to report the issue.").fields
    assert f["time_of_internal_detect"] == datetime(2022, 3, 3, 9, 34, tzinfo=UTC)
    assert f["time_of_customer_detect"] is None


def test_staff_who_spotted_an_error_detected_it():
    # "the output team … informed the Publishing Team that they had spotted an error" (uksa
    # 2021-02-12): staff seeing the trouble themselves.
    f = _report("At 9.41am an analyst checking the tables spotted an error in them.").fields
    assert f["time_of_internal_detect"] == datetime(2022, 3, 3, 9, 41, tzinfo=UTC)


def test_a_user_contacting_the_team_to_report_it_stays_a_customer_report():
    # Guard: a user's report is tried first and stays the customer's (corpus rule 3).
    f = _report("A user contacted the web team at 9.34am to report the issue.").fields
    assert f["time_of_customer_detect"] == datetime(2022, 3, 3, 9, 34, tzinfo=UTC)
    assert f["time_of_internal_detect"] is None
