"""The report's text: durations and the per-service table."""

from __future__ import annotations

from datetime import date

import pytest
from reliability_warehouse.marts import Period
from reliability_warehouse.report import duration, render, render_partial_month, render_scorecard


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "-"), (42, "42s"), (425, "7m 05s"), (11_520, "3h 12m"), (187_200, "2d 4h")],
)
def test_duration(seconds, text):
    assert duration(seconds) == text


PERIOD = Period(date(2026, 12, 1), "reliability.dora_monthly", as_of=date(2026, 12, 3))


def test_render_lists_services_and_where_the_data_is():
    text = render(
        "postgresql://postgres:secret@127.0.0.1:55432/warehouse",
        PERIOD,
        {"PagerDuty": [("services", 12), ("incidents", 3)]},
        {
            "incidents": 3,
            "paged": 2,
            "customer_detected": 1,
            "first_month": date(2026, 1, 1),
            "last_month": date(2026, 2, 1),
        },
        [("Checkout API", 3, 1, 60.0, 30.0, 90.0, 3600.0, 1800.0, 7200.0)],
    )
    assert "postgresql://postgres@127.0.0.1:55432/warehouse" in text
    assert "secret" not in text
    assert "five sources" in text
    assert "schema reliability" in text
    assert "raw_" not in text
    assert "views" not in text
    assert (
        "Months     : last complete November 2026, December 2026 is partial (data up to "
        "2026-12-03, from reliability.dora_monthly)"
    ) in text
    assert "PagerDuty  : 12 services, 3 incidents" in text
    assert (
        "3 across sources (2 paged through PagerDuty, 1 detected by customers first), "
        "detected 2026-01 .. 2026-02" in text
    )
    row = next(line for line in text.splitlines() if line.startswith("Checkout API"))
    assert row.split()[2:] == ["3", "1", "1m", "00s", "30s", "1h", "00m", "30m", "00s", "2h", "00m"]


def test_render_marks_a_missing_mart_and_no_incidents():
    text = render(
        "postgresql://postgres@127.0.0.1:55432/warehouse",
        PERIOD,
        {"Sentry": [("projects", 12), ("issues", None)]},
        {
            "incidents": 0,
            "paged": 0,
            "customer_detected": 0,
            "first_month": None,
            "last_month": None,
        },
        [],
    )
    assert "Sentry     : 12 projects, ? issues" in text
    assert "Incidents  : none in the marts yet" in text


def test_partial_month_is_summed_not_scored():
    line = render_partial_month(
        PERIOD,
        {
            "services": 12,
            "incidents": 8,
            "pages": 8,
            "new_sentry_issues": 24,
            "monitor_alerts": 3,
            "deployments": 7,
        },
    )
    assert line.startswith(
        "December 2026 so far (partial, data up to 2026-12-03, from reliability.dora_monthly): "
        "8 incidents"
    )
    assert "not comparable with a whole month" in line
    assert render_partial_month(PERIOD, {"services": 0}).endswith("nothing yet.")


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
