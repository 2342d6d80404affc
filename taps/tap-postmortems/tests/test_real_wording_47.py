"""The parser on wording it had never seen, forty-seventh round (issue 13): one test per rule.

Round 41's sealed part brought more of Wikimedia's Wikitech incident reports, chosen because
they state when the team noticed ("Chad and Nik realize that something is wrong with the
config change"). Each test is a minimal document written for the habit (not a copy of a corpus
document); its expected values are worked out by hand from the text, never from the parser's
output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_realizing_that_something_is_wrong_is_the_teams_noticing():
    # "16:16 Chad syncs a config change … which caused search to totally break. 16:18 Chad and
    # Nik realize that something is wrong with the config change": the team sensing trouble
    # itself, two minutes after the start (corpus rule 1: staff seeing it).
    f = _md(
        "# Search broke\n\n## Timeline\n\n"
        "- 2014-06-25 16:16 A config change is synced, which caused search to totally break.\n"
        "- 2014-06-25 16:18 Chad and Nik realize that something is wrong with the config change.\n"
        "- 2014-06-25 16:42 All wikis fail back over to the old search; search works again.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2014, 6, 25, 16, 18, tzinfo=UTC)
    # Guard: what went wrong found out is no noticing ("realized that the config was wrong").
    f = _md(
        "# Search broke\n\n## Timeline\n\n"
        "- 2014-06-25 16:16 A config change is synced, which caused search to totally break.\n"
        "- 2014-06-25 16:30 We realized that the config was wrong.\n"
    ).fields
    assert f["time_of_internal_detect"] != datetime(2014, 6, 25, 16, 30, tzinfo=UTC)
