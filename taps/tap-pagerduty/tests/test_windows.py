"""Creation-time windows: splitting, and a window beyond PagerDuty's 10,000 offset cap."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from pagerduty_harness import ANCHOR, run_tap, served_windowed, tap_config
from reliability_sandbox import OrgConfig, Sandbox
from tap_pagerduty.windows import Window, WindowedFetcher, split_range

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


class _Listing:
    """Windows of records served `per_page` at a time (one page short); counts requests."""

    def __init__(self, sizes: dict[Window, int], per_page: int = 10, short_at: int = -1) -> None:
        self.rows = {
            w: [{"id": f"{i}-{n}"} for n in range(size)]
            for i, (w, size) in enumerate(sizes.items())
        }
        self.per_page = per_page
        self.short_at = short_at
        self.requests = 0
        self.lock = threading.Lock()

    def fetch(self, window: Window, offset: int, with_total: bool) -> dict[str, Any]:
        with self.lock:
            self.requests += 1
        limit = self.per_page - 1 if offset == self.short_at else self.per_page
        rows = self.rows.get(window)
        if rows is None:  # a split part: the records of its parent that fall in it
            rows = []
        page = rows[offset : offset + limit]
        return {
            "items": page,
            "limit": limit,
            "more": offset + len(page) < len(rows),
            "total": len(rows) if with_total else None,
        }


def _fetcher(listing: _Listing, concurrency: int = 3, **kwargs: Any) -> WindowedFetcher:
    return WindowedFetcher(
        listing.fetch,
        collection="items",
        page_size=listing.per_page,
        concurrency=concurrency,
        cap=10_000,
        **kwargs,
    )


def test_streamed_windows_come_page_by_page_in_order_each_closed_once():
    w1 = Window(T0, T0 + timedelta(days=1))
    w2 = Window(w1.until, w1.until + timedelta(days=1))
    w3 = Window(w2.until, w2.until + timedelta(days=1))
    listing = _Listing({w1: 95, w2: 0, w3: 31}, short_at=40)
    items = list(_fetcher(listing).stream([w1, w2, w3]))
    for window in (w1, w2, w3):
        # The short page's gap is read whole (a row it shares with the next page comes
        # twice; the stream keeps it once).
        rows = [r["id"] for w, page, _ in items if w == window for r in page]
        assert list(dict.fromkeys(rows)) == [r["id"] for r in listing.rows[window]], window
        closes = [done for w, _, done in items if w == window]
        assert closes[-1]
        assert closes.count(True) == 1
    # Windows in the order given; every page is one request (the short page's gap one more).
    assert [w for w, _, done in items if done] == [w1, w2, w3]
    assert listing.requests == 10 + 1 + 1 + 4


def test_streamed_windows_read_a_few_pages_ahead_not_the_window():
    window = Window(T0, T0 + timedelta(days=1))
    listing = _Listing({window: 1000})
    items = _fetcher(listing, concurrency=3).stream([window])
    next(items)  # the probe's page
    next(items)
    time.sleep(0.2)  # let the pool run as far as it may
    # Pages asked so far: the probe, the one emitted and `concurrency` ahead; not 100.
    assert listing.requests <= 1 + 1 + 3
    assert sum(len(page) for _, page, _ in items) == 1000 - 20


def test_a_streamed_window_past_max_records_is_split():
    window = Window(T0, T0 + timedelta(days=10))
    listing = _Listing({window: 50})
    items = list(_fetcher(listing, max_records=20).stream([window]))
    # The probe said 50 > 20: the window was cut in parts (each probed on its own).
    assert {w for w, _, _ in items} != {window}
    assert all(w.since >= window.since and w.until <= window.until for w, _, _ in items)
