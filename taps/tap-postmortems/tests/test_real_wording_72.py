"""The parser on wording it had never seen, seventy-second round (issue 13): one test per rule.

From sealed part 68 (now in dev): a cState status page's entries, each update stamped by a
Hugo shortcode at its end ({{< track "2019-02-15 15:18:00" >}}), closed by the front matter's
``resolvedWhen`` after an update that said the trouble was back.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _markdown(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _update(state: str, text: str, clock: str) -> str:
    return f'*{state}* - {text} {{{{< track "2019-03-11 {clock}:00" >}}}}'


def _entry(resolved_when: str, updates: list[str], start: str = "01:20") -> str:
    return (
        f"---\ntitle: Mirror outage\ndate: 2019-03-11 {start}:00\nresolved: true\n"
        f"resolvedWhen: {resolved_when}\nseverity: disrupted\naffected:\n  - Mirrors\n"
        "section: issue\n---\n\n" + "\n\n".join(updates) + "\n"
    )


def test_a_cstate_update_is_a_timeline_row_at_its_tracked_stamp():
    # Three updates, newest first, each stamped at its end: three rows at 01:20, 01:50, 02:36
    # (no zone stated: UTC).
    parsed = _markdown(
        _entry(
            "2019-03-11 02:36:00",
            [
                _update("Resolved", "Traffic has stabilized.", "02:36"),
                _update("Update", "A fix is being deployed.", "01:50"),
                _update("Investigating", "Connections are blocked.", "01:20"),
            ],
        )
    )
    times = sorted(e["occurred_at"] for e in parsed.timeline if e["occurred_at"] is not None)
    assert times == [
        datetime(2019, 3, 11, 1, 20, tzinfo=UTC),
        datetime(2019, 3, 11, 1, 50, tzinfo=UTC),
        datetime(2019, 3, 11, 2, 36, tzinfo=UTC),
    ]


def test_a_resolved_update_before_the_trouble_came_back_is_no_end():
    # "Resolved" at 02:36, then "some mirrors are out of date, and not syncing correctly" at
    # 10:25, then "Resolved" at 12:30, the entry closed at 12:30: the impact ended at 12:30.
    f = _markdown(
        _entry(
            "2019-03-11 12:30:00",
            [
                _update("Resolved", "All mirrors are correctly syncing.", "12:30"),
                _update(
                    "Update", "Some mirrors are out of date, and not syncing correctly.", "10:25"
                ),
                _update("Resolved", "Traffic seems to have stabilized.", "02:36"),
                _update("Investigating", "Connections are blocked.", "01:20"),
            ],
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2019, 3, 11, 12, 30, tzinfo=UTC)


def test_an_update_that_says_the_service_is_down_is_no_recovery():
    # "now completely down as we attempt to redeploy a fixed version" at 15:14 is the trouble,
    # not its end; the entry (opened 14:55) was closed at 15:18, when "This incident has been
    # resolved".
    f = _markdown(
        _entry(
            "2019-03-11 15:18:00",
            [
                _update("Update", "This incident has been resolved.", "15:18"),
                _update(
                    "Update",
                    "The website is now completely down as we attempt to redeploy a fixed version.",
                    "15:14",
                ),
                _update("Investigating", "We see server errors.", "14:55"),
            ],
            start="14:55",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2019, 3, 11, 15, 18, tzinfo=UTC)
