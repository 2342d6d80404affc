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


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


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


def test_a_row_stamped_with_its_own_span_is_no_impact_window_and_outage_begins_wins():
    # "13:10 - 13:22 elastic1025 disk free declines from 20% to 11%" is what happened in those
    # minutes, not the impact's window; "13:24 pool counter starts rejecting queries OUTAGE
    # BEGINS" is the writer's own marker of the start, over "13:20 user visible latencies
    # start to increase" in softer words.
    f = _md(
        "# Search overloaded\n\nAll times in UTC.\n\n"
        "13:10 - 13:22 elastic1025 disk free declines from 20% to 11%\n\n"
        "13:20 user visible latencies start to increase\n\n"
        "13:24 pool counter starts rejecting queries OUTAGE BEGINS\n\n"
        "14:00 the team starts to look into the alerts\n",
        "2019-04-13-elasticsearch.md",
    ).fields
    assert f["time_of_first_trigger"] == datetime(2019, 4, 13, 13, 24, tzinfo=UTC)
    assert f["time_of_recovery"] is None


def test_a_colleague_named_with_a_staff_role_reporting_is_the_organisation_noticing():
    # "2025-06-30 09:13 Martin Urbanec (Software Engineer - Growth) reports data loss": a
    # colleague of another team, by the role written beside the name (corpus rule 3: the
    # organisation includes its colleagues), not a user's report.
    f = _md(
        "# Events stopped\n\n## Timeline\n\nAll times in UTC.\n\n"
        "- 2025-06-25 09:46 OUTAGE BEGINS\n"
        "- 2025-06-30 09:13 Jane Roe (Software Engineer - Growth) reports data loss for a stream.\n"
        "- 2025-06-30 11:41 The change is reverted; events flow again.\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2025, 6, 30, 9, 13, tzinfo=UTC)
    assert f["time_of_customer_detect"] is None
