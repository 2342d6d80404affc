# ruff: noqa: RUF001 - the tests quote Japanese text, with its full-width brackets
"""The parser on wording it had never seen, round 33d (issue 13): one test per rule.

Dev's incident-date misses (19 of 624 after round 32), grouped by the reader's rule behind
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


def test_an_impact_period_field_dates_the_incident_over_earlier_timeline_days():
    # "影響期間 | 2026-05-04〜05 頃 〜 2026-05-07" (impact period: from about the 4th or 5th to
    # the 7th) over a timeline of days that opens with the commits that laid the fault weeks
    # before: the field says when impact began, the 4th; the earlier rows are the run-up
    # (Alt 2026-05-04, where the timeline's first day, 23 March, was taken).
    f = _parse(
        "# Disk fills on the staging host\n\n## メタデータ\n\n| 項目 | 値 |\n|---|---|\n"
        "| 影響期間 | 2026-05-04〜05 頃 〜 2026-05-07（推定） |\n\n"
        "## タイムライン\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-03-23 | The client is written without a codec option |\n"
        "| 2026-04-26 | Traffic moves to the new path |\n"
        "| 2026-05-04 〜 05 頃 | The slice is deployed and starts an endless retry loop |\n"
        "| 2026-05-07 | The host's disk is found nearly full |\n"
    ).fields
    assert f["incident_date"] == date(2026, 5, 4)


def test_a_recovery_field_does_not_say_when_impact_began():
    # Guard: "復旧日時 | 2026-05-07 12:00" says when service came back, not when impact
    # began: the timeline's days date the story, which began on the 4th (as before).
    f = _parse(
        "# Disk fills on the staging host\n\n## メタデータ\n\n| 項目 | 値 |\n|---|---|\n"
        "| 復旧日時 | 2026-05-07 12:00 |\n\n"
        "## タイムライン\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-05-04 | The slice starts an endless retry loop |\n"
        "| 2026-05-07 | The host's disk is found nearly full |\n"
    ).fields
    assert f["incident_date"] == date(2026, 5, 4)
