"""The parser on wording it had never seen, fifty-eighth round (issue 13): one test per rule.

From sealed part 50 (now in dev): a metadata list whose moments carry a remark in brackets, and
whose "Date (UTC)" is the day after the clocked start. Each test is a minimal document written
for the habit (not a copy of a corpus document); its expected values are worked out by hand
from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_a_moment_with_a_remark_in_brackets_and_a_date_the_day_after():
    # "- Start (UTC): 2026-01-15T04:20:00Z (first observed failing smoke metrics)" under
    # "- Date (UTC): 2026-01-16": the start is 04:20 on the 15th, the incident's day with it.
    f = _md(
        "# Incident: Replay smoke failures (2026-01-16)\n\n## Metadata\n\n"
        "- Date (UTC): 2026-01-16\n- Severity: sev2\n"
        "- Start (UTC): 2026-01-15T04:20:00Z (first observed failing smoke metrics)\n"
        "- End (UTC): 2026-01-16T02:51:56Z (smoke metrics OK)\n\n"
        "## Timeline (UTC)\n\n- 2026-01-08T06:25:23Z — Tiering service last restarted.\n"
        "- 2026-01-15T04:20:00Z — Smoke metrics start failing.\n"
        "- 2026-01-16T02:51:56Z — Smoke metrics OK again.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2026, 1, 15, 4, 20, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2026, 1, 16, 2, 51, 56, tzinfo=UTC)
    assert f["incident_date"] == date(2026, 1, 15)
