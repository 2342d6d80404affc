"""The parser on wording it had never seen, sixty-eighth round (issue 13): one test per rule.

From sealed part 64 (43 documents; now in dev): a status entry whose front matter dates its
start after its recovery ("date: 2025-04-10 10:07" over "resolvedWhen: 2025-04-02 11:38") in a
file named for the recovery's day; a timeline table whose day cells have no year ("| Dec 16 |
Issue #1342 created |") under a title that names the month and year.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


_ENTRY = (
    "---\n"
    "title: Search unavailable\n"
    "date: 2024-09-18 08:15:00\n"
    "resolved: true\n"
    "resolvedWhen: 2024-09-08 09:05:00\n"
    "severity: disrupted\n"
    "---\n"
    "__Description__ Search unavailable\n\n"
    "__Impact__ Searches return errors on every wiki.\n"
)


def test_a_start_after_its_recovery_moves_to_the_day_the_name_and_the_recovery_state():
    # Two of the three stamps say 8 September (the file name and resolvedWhen): the start's
    # day is the slip. Start 08:15 on the 8th, recovery 09:05: 50 minutes.
    f = _md(_ENTRY, "2024-09-08-search.md").fields
    assert f["time_of_first_trigger"] == datetime(2024, 9, 8, 8, 15, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2024, 9, 8, 9, 5, tzinfo=UTC)
    assert f["incident_date"].isoformat() == "2024-09-08"


def test_without_a_name_that_agrees_the_stamps_are_kept_as_stated():
    # Counter-case: a file named for the start's day gives the recovery's day no second
    # witness; both stay as written (a warning says to check the day).
    parsed = _md(_ENTRY, "2024-09-18-search.md")
    assert parsed.fields["time_of_first_trigger"] == datetime(2024, 9, 18, 8, 15, tzinfo=UTC)
    assert any("check the" in w for w in parsed.warnings)


_TABLE = (
    "# Bundle Size Postmortem - March 2024\n\n"
    "## Summary\n\nIn March 2024 the bundle grew by 40 % and pages loaded slowly.\n\n"
    "## Timeline\n\n"
    "| Date | Event |\n"
    "|------|-------|\n"
    "| Mar 4 | Issue #210 created tracking the regression |\n"
    "| Mar 5 | PR #214 merged with the split bundles |\n"
)


def test_a_day_cell_without_its_year_takes_the_titles_year_and_is_no_time():
    # "Mar 4" under a title naming March 2024 is 4 March 2024, a day without a clock: the row
    # is untimed (no midnight), and the incident's day is the first row's.
    parsed = _md(_TABLE)
    assert [e["occurred_at"] for e in parsed.timeline] == [None, None]
    assert parsed.fields["incident_date"].isoformat() == "2024-03-04"
    assert parsed.fields["time_of_first_trigger"] is None


def test_a_day_cell_without_any_year_to_take_is_no_day():
    # Counter-case: no year anywhere: the rows are untimed and undated, never year 2000.
    text = _TABLE.replace(" - March 2024", "").replace("In March 2024 the", "The")
    parsed = _md(text)
    assert [e["occurred_at"] for e in parsed.timeline] == [None, None]
    assert parsed.fields["incident_date"] is None
