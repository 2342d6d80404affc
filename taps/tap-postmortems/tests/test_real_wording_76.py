"""The parser on wording it had never seen, seventy-sixth round (issue 13): one test per rule.

From sealed part 72 (now in dev): posts that date their incident by the first day of a span
written without its year ("included this version between March 7 and March 28", "Starting
around August 20, we started to see a sudden spike"), in the year of the post.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _markdown(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _post(date: str, body: str) -> str:
    return f'---\ntitle: "Compromised package"\ndate: {date}\n---\n\n{body}\n'


def test_a_span_between_two_yearless_days_began_on_the_first():
    # Posted 29 March 2024: the affected version was shipped "between March 7 and March 28",
    # so the incident began on 7 March 2024.
    f = _markdown(
        _post(
            "2024-03-29",
            "A backdoor was found in an upstream library. Our rolling release included this "
            "version between March 7 and March 28. We have rolled it back.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "2024-03-07"


def test_a_sentence_starting_around_a_yearless_day_dates_the_incident():
    # Posted 5 September 2013: "Starting around August 20, we started to see a sudden spike in
    # the number of clients": 20 August 2013.
    f = _markdown(
        _post(
            "2013-09-05",
            "Starting around August 20, we started to see a sudden spike in the number of "
            "clients, and the network slowed down for everyone.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "2013-08-20"


def test_an_aside_starting_on_a_day_is_the_run_up_not_the_incident():
    # Posted 26 March 2020 ("today"): the router was starved by load that had grown "(starting
    # March 19th)"; the incident's day stays the post's, 26 March.
    f = _markdown(
        _post(
            "2020-03-26 12:34:00 +0000",
            "**What Happened**\n\nAt ~11:30am today we became aware of a service degradation.\n\n"
            "At ~11:59am we determined the router was starved for resources; this was likely "
            "due to increased traffic (starting March 19th) from additional load.",
        )
    ).fields
    assert f["incident_date"].isoformat() == "2020-03-26"
