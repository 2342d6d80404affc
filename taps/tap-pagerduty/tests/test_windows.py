"""Creation-time windows: splitting, and a window beyond PagerDuty's 10,000 offset cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from pagerduty_harness import ANCHOR, run_tap, served_windowed, tap_config
from reliability_sandbox import OrgConfig, Sandbox
from tap_pagerduty.windows import Window, split_range

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_split_range_covers_the_range_contiguously():
    windows = split_range(T0, T0 + timedelta(days=400), timedelta(days=179))
    assert [w.until - w.since for w in windows] == [
        timedelta(days=179),
        timedelta(days=179),
        timedelta(days=42),
    ]
    assert all(a.until == b.since for a, b in pairwise(windows))


def test_window_split_is_contiguous_and_never_below_one_second():
    parts = Window(T0, T0 + timedelta(days=10)).split(4)
    assert len(parts) == 4
    assert parts[0].since == T0
    assert parts[-1].until == T0 + timedelta(days=10)
    assert all(a.until == b.since for a, b in pairwise(parts))
    assert len(Window(T0, T0 + timedelta(seconds=3)).split(10)) == 3


@pytest.fixture(scope="module")
def dense_sandbox():
    """Over 10,000 log entries inside one 179-day window."""
    config = OrgConfig.preset("test", incidents=2400, history_days=60, anchor=ANCHOR)
    with Sandbox(config) as sb:
        yield sb


def test_a_window_over_the_offset_cap_is_split_and_read_completely(dense_sandbox):
    expected = {e["id"] for e in served_windowed(dense_sandbox, "/log_entries", "log_entries")}
    assert len(expected) > 10_000, "the fixture must exceed PagerDuty's offset cap"
    start = (ANCHOR - timedelta(days=70)).isoformat()
    dense_sandbox.reset_stats()
    run = run_tap(tap_config(dense_sandbox, start_date=start), streams=["log_entries"])
    assert run.returncode == 0, run.stderr[-3000:]
    ids = run.ids("log_entries")
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    stats = dense_sandbox.stats()
    # The API never had to refuse an offset: the tap split before reaching the cap.
    assert stats["by_status"].get("400", 0) == 0
    # Requests stay close to the minimum (one page per 100 records).
    minimum = -(-len(expected) // 100)
    assert stats["requests"] <= minimum * 1.15 + 5
