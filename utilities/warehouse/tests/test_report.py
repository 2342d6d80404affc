"""The report's text: durations and the per-service table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from reliability_warehouse.report import duration, render, render_scorecard


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "-"), (42, "42s"), (425, "7m 05s"), (11_520, "3h 12m"), (187_200, "2d 4h")],
)
def test_duration(seconds, text):
    assert duration(seconds) == text


def test_render_lists_services_and_where_the_data_is():
    text = render(
        "postgresql://postgres@127.0.0.1:55432/warehouse",
        (3, 2, datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 2, 3, tzinfo=UTC)),
        [("Checkout API", 3, 1, 60.0, 30.0, 90.0, 3600.0, 1800.0, 7200.0)],
        {"incidents": 3, "log_entries": 12},
    )
    assert "postgresql://postgres@127.0.0.1:55432/warehouse" in text
    assert "incidents 3, log_entries 12" in text
    assert "3 (2 resolved) triggered 2026-01-02 .. 2026-02-03" in text
    row = next(line for line in text.splitlines() if line.startswith("Checkout API"))
    assert row.split()[2:] == ["3", "1", "1m", "00s", "30s", "1h", "00m", "30m", "00s", "2h", "00m"]


def test_render_lists_the_other_sources_loaded():
    text = render(
        "postgresql://postgres@127.0.0.1:55432/warehouse",
        (0, 0, None, None),
        [],
        {"incidents": 0},
        {"Sentry": [("projects", 12), ("issues", 842)], "Datadog": [("monitors", 84)]},
    )
    assert "Sentry    : 12 projects, 842 issues" in text
    assert "Datadog   : 84 monitors" in text
    assert "Incidents : none loaded yet" in text


def test_render_scorecard_shows_each_source_per_service():
    text = render_scorecard(
        date(2026, 5, 1),
        [
            (
                "Checkout API",
                12,
                600.0,
                5400.0,
                15,
                9,
                22,
                19,
                1,
                2,
                -12.4,
                8,
                21600.0,
                0.125,
                1800.0,
                "high",
                80.0,
            ),
            ("Search", 0, None, None, 0, 0, 4, 0, 0, 0, None, 0, None, None, None, None, None),
        ],
    )
    assert "Service scorecard — May 2026" in text
    lines = [line for line in text.splitlines() if line.startswith("Checkout API")]
    assert lines[0].split()[2:] == [
        "12",
        "10m",
        "00s",
        "1h",
        "30m",
        "15",
        "9",
        "22",
        "19",
        "1/2",
        "-12%",
    ]
    assert lines[1].split()[2:] == ["8", "6h", "00m", "12%", "30m", "00s", "high", "80%"]
    search = [line for line in text.splitlines() if line.startswith("Search")]
    assert search[0].split()[1:] == ["0", "-", "-", "0", "0", "4", "0", "0/0", "-"]
    assert search[1].split()[1:] == ["0", "-", "-", "-", "-", "-"]
