"""The parser on wording it had never seen, thirty-fifth round (issue 13): one test per rule.

Round 29's sealed part joined dev untuned; its date and recovery misses, grouped by the
writer's habit behind them. Each test is a minimal document written for the habit (not a
copy of a corpus document), and its expected values are worked out by hand from the text,
never from the parser's output. Each comment names the habit and where in the corpus it was
seen.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def _status_page(start: str, closed: str, text: str) -> str:
    """A cState status page's entry: its front matter and text."""
    return (
        f"---\ntitle: Repository slow\ndate: {start}\nresolved: true\nresolvedWhen: {closed}\n"
        f"severity: disrupted\nsection: issue\n---\n\n{text}\n"
    )


def test_a_recovery_before_the_start_is_read_in_the_starts_month_days_after_it():
    # An entry opened "2022-06-13T08:30:00-00:00" and closed "2022-05-15T11:00:00-00:00",
    # four weeks before it opened: impossible. Read in the start's month, 15 June 11:00 is
    # 2 days 2 h 30 min after the start (jenkins 2022-06-13, Artifactory slow, whose final
    # message blames a cloud disruption "3 days ago" and whose reader took the month for a
    # slip): 2 x 1440 + 150 = 3030 minutes.
    parsed = _parse(
        _status_page(
            "2022-06-13T08:30:00-00:00",
            "2022-05-15T11:00:00-00:00",
            "The repository is slow; the cloud provider's disruption 3 days ago caused it.",
        )
    )
    assert parsed.fields["time_of_recovery"] == datetime(2022, 6, 15, 11, 0, tzinfo=UTC)
    assert any("the start's month" in w for w in parsed.warnings)


def test_a_recovery_before_the_start_whose_months_reading_is_weeks_on_is_kept():
    # Guard: "2022-05-28T11:00" before an entry opened 2022-06-13 08:30: in June it is
    # 15 days after the start, longer than a status entry stays open on a slip of the
    # month alone: no reading is sure, the value stays as written (a warning says so).
    f = _parse(
        _status_page(
            "2022-06-13T08:30:00-00:00",
            "2022-05-28T11:00:00-00:00",
            "The repository is slow.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 5, 28, 11, 0, tzinfo=UTC)
