"""Concurrent per-object requests, results in input order, memory bounded."""

from __future__ import annotations

import typing as t
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

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
