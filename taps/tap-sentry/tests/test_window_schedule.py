"""Issue windows read in parallel (`tap_sentry.windows`): within 1.05x the minimum requests.

A fake list stands for Sentry's: a query `[lo, hi)` lists its issues newest `lastSeen`
first, 100 a page, each page found by the one before. The minimum is one request per 100
issues (`ceil(N / 100)`, an independent count of the world); the bound is `1.05 x` that,
whatever the data. Chains finish in whatever order the threads run them, so the request
counts vary from run to run: every run must stay within the bound.
"""
# ruff: noqa: S311 - seeded worlds, not secrets

from __future__ import annotations

import math
import random
import threading
from datetime import UTC, datetime, timedelta

import pytest
from tap_sentry.windows import windows

END = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
START = END - timedelta(days=90)
PAGE = 100


class FakeList:
    """Issues `(id, lastSeen)`; pages of a query newest first; requests counted."""

    def __init__(self, stamps: list[datetime]) -> None:
        self.rows = sorted(enumerate(stamps), key=lambda r: (r[1], r[0]), reverse=True)
        self.requests = 0
        self.lock = threading.Lock()

    def fetch(
        self, lo: datetime, hi: datetime, cursor: str | None
    ) -> tuple[list[tuple[int, datetime]], str | None]:
        with self.lock:
            self.requests += 1
        match = [r for r in self.rows if lo <= r[1] < hi]
        at = int(cursor or 0)
        page = match[at : at + PAGE]
        return page, (str(at + PAGE) if at + PAGE < len(match) else None)

    def read_whole(self, lo: datetime, hi: datetime) -> list[tuple[int, datetime]]:
        """What the caller's own reader does with a part handed out unread: one chain."""
        out: list[tuple[int, datetime]] = []
        cursor = None
        while True:
            page, cursor = self.fetch(lo, hi, cursor)
            out.extend(page)
            if cursor is None:
                return out


def _read(world: FakeList, **kwargs: int) -> list[list[tuple[int, datetime]]]:
    out = []
    last_hi = START
    for lo, hi, rows in windows(
        world.fetch,
        START,
        END,
        page_size=PAGE,
        stamp=lambda r: r[1],
        key=lambda r: r[0],
        **kwargs,
    ):
        assert lo == last_hi, "windows tile the range in ascending order"
        last_hi = hi
        got = world.read_whole(lo, hi) if rows is None else rows
        assert all(lo <= r[1] < hi for r in got)
        out.append(got)
    assert last_hi == END
    return out


def _crowded(n: int, rng: random.Random) -> list[datetime]:
    # Sentry's `lastSeen` crowds towards the present (an issue seen again moves up).
    span = (END - START).total_seconds()
    return [END - timedelta(seconds=min(span - 1, rng.expovariate(8 / span))) for _ in range(n)]


def _uniform(n: int, rng: random.Random) -> list[datetime]:
    span = (END - START).total_seconds()
    return [START + timedelta(seconds=rng.uniform(0, span - 1)) for _ in range(n)]


def _burst(n: int, rng: random.Random) -> list[datetime]:
    # Most issues in one hour three weeks back, the rest spread: a skewed world.
    hour = END - timedelta(days=21)
    spread = _uniform(n // 10, rng)
    return spread + [hour + timedelta(seconds=rng.uniform(0, 3600)) for _ in range(n - len(spread))]


def _same_second(n: int, rng: random.Random) -> list[datetime]:
    # A page and a half of issues last seen in one second, in a dense world.
    second = END - timedelta(days=3)
    return _crowded(n - 150, rng) + [second] * 150


WORLDS = {
    "sparse": (_crowded, 497),
    "dense": (_crowded, 4_992),
    "dense, whole pages": (_crowded, 5_000),
    "uniform": (_uniform, 3_333),
    "skewed burst": (_burst, 4_000),
    "one busy second": (_same_second, 2_600),
    "tiny": (_uniform, 7),
}


@pytest.mark.parametrize("name", list(WORLDS))
@pytest.mark.parametrize("seed", range(4))
def test_every_issue_once_ascending_within_the_request_bound(name: str, seed: int) -> None:
    make, n = WORLDS[name]
    world = FakeList(make(n, random.Random(f"{name}{seed}")))
    out = _read(world)
    ids = [r[0] for rows in out for r in rows]
    assert sorted(ids) == list(range(n)), "every issue exactly once"
    minimum = math.ceil(n / PAGE)
    assert world.requests <= 1.05 * minimum, (world.requests, minimum)


def test_dense_data_is_read_in_several_windows():
    world = FakeList(_crowded(4_992, random.Random(1)))
    out = _read(world)
    assert len(out) >= 2
    # The first extra window needs 20 pages known (19 read and one more promised).
    assert len(out) <= 1 + math.floor(0.05 * 50)


def test_sparse_data_is_one_window_of_one_chain():
    world = FakeList(_crowded(497, random.Random(2)))
    assert len(_read(world)) == 1
    assert world.requests == 5


def test_one_chain_allowed_reads_one_window():
    world = FakeList(_crowded(4_992, random.Random(3)))
    assert len(_read(world, max_chains=1)) == 1
    assert world.requests == 50


def test_held_issues_are_bounded_and_the_rest_handed_out_unread():
    # With room for five pages held, the chains stop there: what they read is handed out
    # from the second after their oldest issue, the rest unread for the caller's reader.
    world = FakeList(_uniform(4_000, random.Random(4)))
    unread: list[tuple[datetime, datetime]] = []
    ids: list[int] = []
    for lo, hi, rows in windows(
        world.fetch,
        START,
        END,
        page_size=PAGE,
        stamp=lambda r: r[1],
        key=lambda r: r[0],
        held_pages=5,
    ):
        if rows is None:
            unread.append((lo, hi))
            got = world.read_whole(lo, hi)
        else:
            assert len(rows) <= 5 * PAGE + PAGE
            got = rows
        ids.extend(r[0] for r in got)
    assert unread
    assert sorted(ids) == list(range(4_000))


def test_a_server_out_of_order_costs_requests_not_issues():
    # A list whose order breaks Sentry's `sort=date` (an issue of page 3 served on page 4):
    # no window may stop early on it, and none is split further.
    class Unordered(FakeList):
        def fetch(self, lo, hi, cursor):  # type: ignore[no-untyped-def]
            with self.lock:
                self.requests += 1
            match = [r for r in self.rows if lo <= r[1] < hi]
            if len(match) > 400:
                match[250], match[350] = match[350], match[250]
            at = int(cursor or 0)
            return match[at : at + PAGE], (str(at + PAGE) if at + PAGE < len(match) else None)

    world = Unordered(_crowded(4_992, random.Random(5)))
    ids = [r[0] for rows in _read(world) for r in rows]
    assert sorted(ids) == list(range(4_992))
