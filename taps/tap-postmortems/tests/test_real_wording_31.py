"""The parser on wording it had never seen, thirty-first round (issue 13): one test per rule.

Dev's incident-date misses (24 of 606 after round 30), grouped by the writer's habit behind
them. Each test is a minimal document written for the habit (not a copy of a corpus
document), and its expected values are worked out by hand from the text, never from the
parser's output. Each comment names the habit and where in the corpus it was seen.
"""

from __future__ import annotations

from datetime import date

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def test_a_first_row_that_writes_a_day_and_no_clock_keeps_the_written_day():
    # Corpus rule 2: a timeline whose first row writes a day and no clock ("2026-03-19 以前",
    # before the 19th; "2026-03-25 未明", before dawn) states no start clock. The row's
    # midnight in JST is 15:00 UTC the day before, a clock nobody wrote: the incident's day is
    # the day the row gives, the 19th (Alt 2026-03-19, 2026-03-25).
    f = _parse(
        "# Queue loop\n\n## Timeline\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-03-19 以前 | The count stays at 63 (exact start unknown) |\n"
        "| 2026-03-23 21:30 | 検知: a user reports the count does not fall |\n"
        "| 2026-03-23 22:17 | 緩和: the fixed worker saves placeholders |\n"
    ).fields
    assert f["incident_date"] == date(2026, 3, 19)


def test_a_first_row_with_its_clock_is_still_dated_by_its_utc_day():
    # Guard: a first row that writes its clock ("2026-03-19 05:35", 20:35 UTC on the 18th) is
    # the first moment of impact the timeline gives; its UTC day stays the incident's (as
    # dev's readers took mybinder 2018-02-22's and edgi 2019-07-21's first rows).
    f = _parse(
        "# Queue loop\n\n## Timeline\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-03-19 05:35 | The count stops falling |\n"
        "| 2026-03-19 09:30 | 検知: a user reports the count does not fall |\n"
        "| 2026-03-19 10:17 | 緩和: the fixed worker saves placeholders |\n"
    ).fields
    assert f["incident_date"] == date(2026, 3, 18)
