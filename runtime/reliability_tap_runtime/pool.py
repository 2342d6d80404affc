"""Concurrent requests (per object, a listing's pages), results in input order, memory bounded."""

from __future__ import annotations

import threading
import typing as t
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

T = t.TypeVar("T")
R = t.TypeVar("R")


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    lookahead: int | None = None,
    name: str = "fetch",
) -> Iterator[tuple[T, R]]:
    """Apply `func` on a thread pool, yielding `(item, result)` in input order.

    At most `lookahead` (default twice the workers) items are in flight or waiting to be
    yielded, so memory stays bounded whatever the number of items, and the order — which
    resumable state relies on — is the input's. An exception in `func` is raised when its
    item's turn comes; the items not yet started are cancelled.
    """
    window = max(1, lookahead or workers * 2)
    pending: deque[tuple[T, Future[R]]] = deque()
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix=name) as pool:
        try:
            for item in items:
                pending.append((item, pool.submit(func, item)))
                if len(pending) >= window:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()
        finally:
            for _, future in pending:
                future.cancel()


class ReadAhead:
    """Pages that one stream's listings may hold fetched ahead of their turn.

    Shared by every listing of a stream (one per repository, say) read at the same time,
    so the pages waiting to be emitted stay a fixed number whatever the number or size of
    the listings: memory stays flat. Taking is never blocking — a listing that finds the
    allowance spent reads its next page when its turn comes, as without read-ahead — so
    listings waiting on each other cannot deadlock.
    """

    def __init__(self, pages: int) -> None:
        """Allow `pages` pages ahead, across the stream."""
        self._slots = threading.BoundedSemaphore(max(1, pages))

    def take(self) -> bool:
        """One page's place, if one is free now."""
        return self._slots.acquire(blocking=False)

    def give(self) -> None:
        """Free one page's place."""
        self._slots.release()


def read_ahead(
    fetch: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int,
    allowance: ReadAhead,
    wanted: Callable[[], int] | None = None,
) -> Iterator[R]:
    """`fetch(item)` for every item, yielded in order, later items fetched ahead.

    For listings whose pages can be addressed up front (numbered pages, offsets): the
    item whose turn it is is always requested; up to `workers - 1` more are requested
    ahead, each holding a place of `allowance` until it is yielded, and never more than
    `wanted()` (asked before each top-up: the caller's estimate of how many more items
    it will read, so that a listing read down to a floor does not request pages beyond
    it). A failure is raised at its item's turn; what was requested ahead is cancelled,
    or its answer dropped, when the caller stops early.
    """
    pending: deque[tuple[Future[R], bool]] = deque()
    upcoming = 0
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="page") as pool:
        try:
            while upcoming < len(items) or pending:
                if not pending:
                    pending.append((pool.submit(fetch, items[upcoming]), False))
                    upcoming += 1
                limit = workers - 1 if wanted is None else min(workers - 1, wanted())
                while upcoming < len(items) and len(pending) <= limit and allowance.take():
                    pending.append((pool.submit(fetch, items[upcoming]), True))
                    upcoming += 1
                future, held = pending.popleft()
                try:
                    result = future.result()
                finally:
                    if held:
                        allowance.give()
                yield result
        finally:
            for future, held in pending:
                future.cancel()
                if held:
                    allowance.give()


def prefetch(items: Iterable[T], *, name: str = "ahead") -> Iterator[T]:
    """`items` in order, the next one produced on a helper thread meanwhile.

    For an iterator whose items each cost requests (a time window's pages): the next
    item is read while the caller emits the current one, so waiting on the vendor and
    emitting overlap. One item ahead at most; the iterator is only ever advanced by the
    helper, one step at a time, and closed when the caller stops.
    """
    source = iter(items)
    end = object()
    try:
        with ThreadPoolExecutor(1, thread_name_prefix=name) as pool:
            future = pool.submit(next, source, end)
            while True:
                item = future.result()
                if item is end:
                    return
                future = pool.submit(next, source, end)
                yield t.cast("T", item)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()
