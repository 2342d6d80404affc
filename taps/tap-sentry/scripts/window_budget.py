"""What Sentry's `X-Hits` can buy tap-sentry's issue windows within 1.05x the minimum requests.

A model, not a measurement of the tap: it reads the `lastSeen` of every issue of
`bench/peers.py`'s Sentry worlds (the sandbox's, one project, 90 days, ending at the current
minute) and counts, for each way of reading them, the requests and the rounds (one round =
one request latency; windows read one page each per round, in parallel; a window's pages
are a cursor chain). Every schedule keeps `windows <= 1 + floor(0.05 * P_known)`, where
`P_known` is a lower bound on the minimum the schedule has learnt so far - the rule under
which k windows (each costing at most one part-filled page) stay within 1.05x whatever the
data. The lower bound comes from the rows read (a chain that goes on holds one more) and,
where the schedule reads it, `X-Hits`: Sentry's count of the window's whole query, capped
at `X-Max-Hits` (1000), so a count of 1000 only says "at least 10 pages".

A schedule splits the window with the most work left (by its exact `X-Hits` where it has
one) as soon as the budget allows: the split-off window takes the older part of what the
window has not read, and the window stops once its pages cross into it.

    .venv/bin/python taps/tap-sentry/scripts/window_budget.py
"""
# ruff: noqa: T201, INP001

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

PAGE = 100
MAX_HITS = 1000
SHARE = 0.05


def world(issues: int) -> tuple[list[int], int, int]:
    """`lastSeen` seconds (newest first) of `peers.py`'s world, and the sync range."""
    from reliability_sandbox import OrgConfig  # noqa: PLC0415 - a dev-only dependency
    from reliability_sandbox.org import Org  # noqa: PLC0415
    from reliability_sandbox.vendors.sentry import SentryAPI  # noqa: PLC0415

    anchor = datetime.now(UTC).replace(second=0, microsecond=0)
    incidents = max(1, round(issues / 2.52))  # peers.py's SENTRY_ISSUES_PER_INCIDENT
    config = OrgConfig.preset(
        "bench", anchor=anchor, services=1, teams=1, incidents=incidents, history_days=90
    )
    api = SentryAPI(Org(config))
    end = int(anchor.timestamp()) + 1
    start = end - 1 - 90 * 86400
    seen = sorted((st.last_seen for st in api.issue_states()), reverse=True)
    return [s for s in seen if start <= s < end], start, end


@dataclass
class Window:
    """One cursor chain over the query `[qlo, hi)`; it keeps the rows at or after `lo`."""

    rows: list[int]
    lo: int
    hi: int
    cap: int
    read: int = 0
    pages: int = 0
    kept: int = 0
    hits: int | None = None
    exact: bool = False
    oldest: int = 0
    done: bool = False
    qlo: int = field(init=False)

    def __post_init__(self) -> None:
        """Select the query's rows."""
        self.qlo = self.lo
        self.rows = [r for r in self.rows if self.lo <= r < self.hi]
        self.oldest = self.hi

    def step(self) -> None:
        """Read one page."""
        page = self.rows[self.read : self.read + PAGE]
        self.read += len(page)
        self.pages += 1
        if self.hits is None and self.rows:
            self.hits, self.exact = min(len(self.rows), self.cap), len(self.rows) < self.cap
        self.kept += sum(1 for r in page if r >= self.lo)
        if page:
            self.oldest = page[-1]
        if self.read >= len(self.rows) or (page and page[-1] < self.lo):
            self.done = True

    def left(self, *, use_hits: bool) -> float:
        """Rows still to read in this window's own part (unknown: infinity)."""
        if use_hits and self.exact and self.qlo == self.lo and self.hits is not None:
            return self.hits - self.kept
        return math.inf


def schedule(  # noqa: PLR0913 - the world and the schedule's three knobs
    rows: list[int], start: int, end: int, *, use_hits: bool, cap: int, keep: float
) -> tuple[int, int, int]:
    """Requests, rounds and windows of the split schedule."""
    windows = [Window(rows, start, end, cap)]
    rounds = 0
    while not all(w.done for w in windows):
        rounds += 1
        for w in [w for w in windows if not w.done]:
            w.step()
        known = sum(w.kept + (0 if w.done else 1) for w in windows)
        if use_hits:
            # A window whose exact count covers just its own part holds that many.
            exact = sum(
                max(
                    w.kept + (0 if w.done else 1),
                    (w.hits or 0) if w.left(use_hits=True) < math.inf else 0,
                )
                for w in windows
            )
            known = max(known, exact, *(w.hits or 0 for w in windows))
        p_known = math.ceil(known / PAGE)
        while len(windows) + 1 <= 1 + math.floor(SHARE * p_known):
            active = [w for w in windows if not w.done and w.oldest - w.lo > 1]
            if not active:
                break
            w = max(active, key=lambda w: (w.left(use_hits=use_hits), -windows.index(w)))
            cut = w.oldest - int((w.oldest - w.lo) * keep)
            windows.append(Window(rows, w.lo, cut, cap))
            w.lo = cut
    return sum(w.pages for w in windows), rounds, len(windows)


def first_split_round(pages: int, hits: int, cap: int) -> int | None:
    """The first round after which a second window fits the budget (one chain until then)."""
    for j in range(1, pages + 1):
        more = j < pages
        known = max(j * PAGE + (1 if more else 0), min(hits, cap))
        if more and math.floor(SHARE * math.ceil(known / PAGE)) >= 1:
            return j
    return None


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=float, default=0.25, help="share of the unread span kept")
    args = parser.parse_args()
    for name, issues in (("sentry-sparse", 500), ("sentry-dense", 5_000)):
        rows, start, end = world(issues)
        pages = math.ceil(len(rows) / PAGE)
        split = first_split_round(pages, len(rows), MAX_HITS)
        print(f"{name}: {len(rows):,} issues, minimum {pages} requests")
        print(f"  X-Hits on the first page: {min(len(rows), MAX_HITS)} (X-Max-Hits {MAX_HITS})")
        print(f"  a second window fits the budget after page: {split or 'never'}")
        print(f"  one chain, never split: {pages} requests, {pages} rounds")
        if split is not None:
            # After the first split no schedule beats `1 + floor(0.05 P)` windows in parallel.
            widest = 1 + math.floor(SHARE * pages)
            bound = split + math.ceil((pages - split) / widest)
            print(f"  no schedule within the budget takes fewer than {bound} rounds")
        for label, use_hits, cap in (
            ("split, budget from pages read", False, MAX_HITS),
            ("split, budget from X-Hits as Sentry sends it", True, MAX_HITS),
            ("split, budget from an uncapped X-Hits (hypothetical)", True, 10**9),
        ):
            requests, rounds, windows = schedule(
                rows, start, end, use_hits=use_hits, cap=cap, keep=args.keep
            )
            print(f"  {label}: {requests} requests, {rounds} rounds, {windows} windows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
