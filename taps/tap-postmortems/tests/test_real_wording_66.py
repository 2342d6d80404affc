"""The parser on wording it had never seen, sixty-sixth round (issue 13): one test per rule.

From sealed part 61 (15 Wikitech reports; now in dev): a log of rows under their days ("06-18
19:00-20:00 group0 and group1 deployed") after a paragraph that ends without a full stop. Each
test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_LOG = (
    "# Incidents/2019-06-19 JobQueue\n\n"
    "Jobs stopped being processed after the rollout.\n\n"
    "Jobs were not processed for group0 and group1 wikis for 12 hours.\n\n"
    "It was found by accident due to a stuck job\n\n"
    "06-18 19:00-20:00 group0 and group1 deployed\n\n"
    "06-19 07:30 Issue discovered and ticket created\n\n"
    "06-19 07:40 group1 rolled back\n\n"
    "06-19 08:40 group0 rolled back\n"
)


def test_a_log_row_under_its_day_is_no_window_of_the_prose():
    # The first row's span (19:00-20:00 on 06-18) is when the deploy ran, written under its
    # own day: the start is its first clock on 18 June, not 19:00-20:00 on the title's day.
    f = _md(_LOG).fields
    assert f["time_of_first_trigger"] == datetime(2019, 6, 18, 19, 0, tzinfo=UTC)
    assert f["incident_date"].isoformat() == "2019-06-18"


def test_a_window_in_the_prose_is_still_read():
    # Counter-case: the same span told in a sentence is the impact's window on the title's day.
    text = _LOG.replace(
        "It was found by accident due to a stuck job\n\n06-18 19:00-20:00 group0 and group1 "
        "deployed\n\n",
        "Jobs failed from 19:00 to 20:00 on all wikis.\n\n",
    )
    f = _md(text).fields
    assert f["time_of_first_trigger"] == datetime(2019, 6, 19, 19, 0, tzinfo=UTC)
