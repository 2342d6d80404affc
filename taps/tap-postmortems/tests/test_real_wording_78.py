"""The parser on wording it had never seen, seventy-eighth round (issue 13): one test per rule.

From the misses left by round 77: a retrospective whose timeline heading holds prose, not rows,
so that no row dated the incident although its problem statement writes the day in full.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def test_a_prose_timeline_leaves_the_day_to_the_problem_statement():
    # The "Response & Timeline" heading holds no row; the problem statement's "On May 4th,
    # 2019" is the day the add-ons failed.
    parsed = _html(
        "<html><body><h1>Extension Signing Retrospective</h1>"
        "<h2>Problem Statement</h2><p>On May 4th, 2019 at midnight UTC, the intermediate "
        "certificate used to sign extensions expired, and every signed extension failed to "
        "load.</p>"
        "<h2>Response &amp; Timeline</h2><p>Engineers gathered to find solutions. Within a few "
        "hours a new certificate was shipped.</p></body></html>"
    )
    assert parsed.fields["incident_date"].isoformat() == "2019-05-04"


def test_a_day_outside_any_story_of_trouble_dates_nothing():
    # Counter-case: the only day written in full is a policy's, in a sentence about no
    # trouble, so the page gives no incident day.
    parsed = _html(
        "<html><body><h1>Extension Signing Retrospective</h1>"
        "<h2>Background</h2><p>The signing policy was adopted on March 3rd, 2015.</p>"
        "<h2>Response &amp; Timeline</h2><p>Engineers gathered to find solutions.</p>"
        "</body></html>"
    )
    assert parsed.fields["incident_date"] is None
