"""The parser on wording it had never seen, seventy-third round (issue 13): one test per rule.

From sealed part 69 (now in dev): blog posts of a Zola site, whose TOML front matter (``+++``
fences) sits over a body with no heading, and statements repeated in the House of Lords, whose
record prints "- in the House of Lords at 6:32 pm on 27th March 2006" (an en dash) over the
statement.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _markdown(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def test_a_toml_front_matter_over_a_body_without_headings_is_a_markdown_post():
    # The post is named by its front matter's title, published on its date (4 August 2023);
    # the bridge went down "From 14:00 UTC on Saturday 5th August": the incident's day is the
    # 5th, at 14:00 UTC.
    f = _markdown(
        '+++\ndate = "2023-08-04T22:30:00Z"\ntitle = "Bridge temporarily unavailable"\n\n'
        '[taxonomies]\nauthor = ["Sam"]\n+++\n\n'
        "Following a series of stability issues, the bridge will be disabled.\n\n"
        "**From 14:00 UTC on Saturday 5th August the bridge will be unavailable.**\n"
    ).fields
    assert f["incident_name"] == "Bridge temporarily unavailable"
    assert f["incident_date"].isoformat() == "2023-08-05"
    assert f["time_of_first_trigger"] == datetime(2023, 8, 5, 14, 0, tzinfo=UTC)


def _statement(stamp: str) -> str:
    return (
        "<html><body><h1>Payments Agency</h1>"
        f"<p>{stamp}</p>"
        "<p>The agency advised me on 14 March that it would no longer be possible to make the "
        "bulk of the scheme's payments by 31 March.</p></body></html>"
    )


def test_the_lords_record_line_is_no_moment_of_the_story():
    # "- in the House of Lords at 6:32 pm on 27th March 2006" dates the sitting; the statement
    # tells of payments that could not be made by 31 March, and states no clock of its own.
    f = _html(_statement("\u2013 in the House of Lords at 6:32 pm on 27th March 2006.")).fields
    assert f["time_of_first_trigger"] is None
