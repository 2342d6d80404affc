"""Issue windows read in parallel, as many as 1.05x the minimum requests allows.

Sentry lists a window's issues newest `lastSeen` first, one page after another (value
cursors: a page can only be asked once the one before answered), so one window is one
chain of requests. Several windows are several chains, but each window ends in a
part-filled page: k windows cost at most k - 1 requests more than one chain over the same
issues. Whatever the data, `windows <= 1 + floor(0.05 * P)` keeps a read within 1.05x
its minimum of P pages, so a window is split only while the pages known to exist allow
it: those read, plus one for every chain that goes on (Sentry's `results="true"`). Sentry
does send a count (`X-Hits`) on this list, but it is documented nowhere and capped at
1000 (`X-Max-Hits`): it never proves more than ten pages, which fund no second window, and
it is not read here (`scripts/window_budget.py` models both budgets: the same windows).

The chain started first is split (it holds the newest, densest part, and the chains split
off later the sparser past): the new window takes the older part of what it has not read
yet, and the chain stops once a page crosses into it (rows past the cut on that page are
the new window's). Windows are handed out oldest first, each once every older one has
been, so the caller emits in ascending order. All windows newer than the oldest one still
being read are held, so past `held_pages` pages of issues the chains still reading are
stopped: what each has read is complete from the second after its oldest `lastSeen`, and
the part it has not read is handed out unread (`rows` None), to be read in the caller's
own bounded way.
"""

from __future__ import annotations

import math
import typing as t
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from reliability_tap_runtime.repeats import RecentKeys

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: Share of 1.05x the minimum: every window costs at most one part-filled page.
REQUEST_SHARE = 0.05
#: Of the time a split window has not read yet, the newest share it keeps (the rest, older
#: and sparser where `lastSeen` crowds towards the present, goes to the new window).
KEEP = 0.25
#: Chains read at once at most.
MAX_CHAINS = 4
#: Pages of issues held (read, not yet handed out) before the chains are stopped: ~20 MB
#: of raw issues at 100 a page.
HELD_PAGES = 100

Row = t.TypeVar("Row")


class Chain(t.Generic[Row]):
    """One window `[lo, hi)`, read by one cursor chain over the query `[qlo, hi)`."""

    def __init__(self, lo: datetime, hi: datetime) -> None:
        """A window not read yet."""
        self.qlo = self.lo = lo
        self.hi = hi
        self.rows: list[Row] = []
        self.count = 0
        self.ids = RecentKeys()
        self.cursor: str | None = None
        self.cursors: set[str] = set()
        self.oldest = hi
        self.pages = 0
        self.ordered = True
        self.done = False
        self.handed = False

    def take(
        self,
        page: list[Row],
        after: str | None,
        stamp: Callable[[Row], datetime],
        key: Callable[[Row], t.Any],
    ) -> None:
        """One page: keep its rows at or after `lo`; done at the list's end or past `lo`."""
        self.pages += 1
        fresh = list(self.ids.fresh(page, key))
        stamps = [stamp(r) for r in fresh]
        if stamps and self.pages > 1 and max(stamps) > self.oldest:
            # The server broke its order: the chain can no longer stop at `lo`, so it
            # reads its query to the end (rows before `lo` are another window's).
            self.ordered = False
        for row, at in zip(fresh, stamps, strict=True):
            if at >= self.lo:
                self.rows.append(row)
                self.count += 1
        if stamps:
            self.oldest = min(self.oldest, *stamps)
        crossed = self.ordered and bool(stamps) and min(stamps) < self.lo
        if after is None or after in self.cursors or crossed:
            self.done = True
        else:
            self.cursors.add(after)
            self.cursor = after

    def splittable(self) -> bool:
        """Whether a part of this window's unread time can be handed to a new window."""
        return (
            not self.done
            and self.ordered
            and self.pages > 0
            and (self.oldest - self.lo) > timedelta(seconds=2)
        )

    def split(self, keep: float) -> Chain[Row]:
        """Hand the older part of the unread time to a new window; return it."""
        unread = (self.oldest - self.lo).total_seconds()
        cut = (self.oldest - timedelta(seconds=unread * keep)).replace(microsecond=0)
        cut = max(cut, self.lo + timedelta(seconds=1))
        older: Chain[Row] = Chain(self.lo, cut)
        self.lo = cut
        return older


def budget(chains: list[Chain[Row]], page_size: int) -> int:
    """Windows allowed by the pages known to exist: `1 + floor(0.05 * P_known)`."""
    known = sum(c.count + (0 if c.done else 1) for c in chains)
    return 1 + math.floor(REQUEST_SHARE * math.ceil(known / page_size))


def windows(  # noqa: C901, PLR0913 - one scheduler; its inputs are the read and its bounds
    fetch: Callable[[datetime, datetime, str | None], tuple[list[Row], str | None]],
    start: datetime,
    end: datetime,
    *,
    page_size: int,
    stamp: Callable[[Row], datetime],
    key: Callable[[Row], t.Any],
    held_pages: int = HELD_PAGES,
    keep: float = KEEP,
    max_chains: int = MAX_CHAINS,
) -> Iterator[tuple[datetime, datetime, list[Row] | None]]:
    """`[start, end)` as ascending windows `(lo, hi, rows)`; `rows` None: not read.

    `fetch(lo, hi, cursor)` reads one page of the query `[lo, hi)` (newest first) and
    returns its rows and the next cursor (None at the end); it runs on worker threads.
    """
    chains: list[Chain[Row]] = [Chain(start, end)]
    pending: dict[Future[tuple[list[Row], str | None]], Chain[Row]] = {}
    stopped = False
    with ThreadPoolExecutor(max_chains, thread_name_prefix="issue-chains") as pool:

        def submit(chain: Chain[Row]) -> None:
            pending[pool.submit(fetch, chain.qlo, chain.hi, chain.cursor)] = chain

        submit(chains[0])
        while pending:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in finished:
                chain = pending.pop(future)
                page, after = future.result()
                chain.take(page, after, stamp, key)
                if not chain.done and not stopped:
                    submit(chain)
            if stopped:
                continue
            if sum(len(c.rows) for c in chains) >= held_pages * page_size:
                # Memory: no chain goes on; what they have not read is handed out unread.
                stopped = True
                continue
            while len(chains) < min(budget(chains, page_size), max_chains):
                live = [c for c in chains if c.splittable()]
                if not live:
                    break
                # The chain started first: it holds the newest, densest part.
                older = live[0].split(keep)
                chains.append(older)
                submit(older)
            for chain in sorted(chains, key=lambda c: c.lo):
                if chain.handed:
                    continue
                if not chain.done:
                    break
                chain.handed = True
                rows, chain.rows = chain.rows, []
                yield chain.lo, chain.hi, rows
    yield from _rest(chains, stamp)


def _rest(
    chains: list[Chain[Row]], stamp: Callable[[Row], datetime]
) -> Iterator[tuple[datetime, datetime, list[Row] | None]]:
    """The windows not handed out yet, in order; a stopped chain's unread part unread."""
    for chain in sorted(chains, key=lambda c: c.lo):
        if chain.handed:
            continue
        chain.handed = True
        rows, chain.rows = chain.rows, []
        if chain.done:
            yield chain.lo, chain.hi, rows
            continue
        if not chain.ordered:
            # Out of order: what it read says nothing about what it did not.
            yield chain.lo, chain.hi, None
            continue
        # Stopped mid-chain: rows at its oldest second may go on past the last page read.
        bound = min(chain.oldest.replace(microsecond=0) + timedelta(seconds=1), chain.hi)
        bound = max(bound, chain.lo)
        yield chain.lo, bound, None
        if bound < chain.hi:
            yield bound, chain.hi, [r for r in rows if stamp(r) >= bound]
