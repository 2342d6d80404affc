"""Time windows fetched concurrently, emitted in order.

PagerDuty lists incidents and log entries by creation time (`since`/`until`) and
refuses to page past offset 10,000. A sync therefore walks the time range in windows:
each window is probed with `total=true`; a window holding more than the cap is split
into smaller windows (its probe page is discarded, the only wasted request); otherwise
its remaining pages are requested concurrently. Pages are stepped by the number of
records the server actually returned (it may serve fewer than asked), and a short page in
the middle is followed by reading the gap. Windows come strictly in time order, so a
bookmark set when a window is complete only moves through completed data and an
interrupted run resumes where it stopped.

Two forms: :meth:`WindowedFetcher.stream` hands over each page as soon as it and the pages
before it are read (`concurrency` pages ahead, the next window's probe read meanwhile), so
memory stays a few pages whatever a window holds (incidents, log entries);
:meth:`WindowedFetcher.windows` hands over whole windows, for a stream that must sort a
window before emitting it (on-calls): at most `lookahead` + 1 windows (each at most
`max_records`) are held at once.

Why two pools here rather than the runtime's `ordered_map` (one pool per call): the pages
of every window share one first-come, first-served pool, so the window emitted next
completes first (per-window pools let the next windows fill at the same pace: +20 MiB
peak memory, no faster), and a failure cancels the queued pages before the window
coordinators are joined (a pool per window would first wait for all of them, retries
included). Each page is one runtime request (`VendorStream.get_json`).
"""

from __future__ import annotations

import math
import typing as t
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice, pairwise

from reliability_tap_runtime.repeats import PageProgress

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    Body = dict[str, t.Any]
    #: fetch(window, offset, with_total) -> decoded response body
    PageFetcher = Callable[["Window", int, bool], Body]

MIN_WINDOW = timedelta(seconds=1)


@dataclass(frozen=True)
class Window:
    """A half-open creation-time range [since, until)."""

    since: datetime
    until: datetime

    def split(self, parts: int) -> list[Window]:
        """Cut into `parts` equal, contiguous windows (at least one second each)."""
        span = self.until - self.since
        parts = max(1, min(parts, int(span / MIN_WINDOW)))
        step = span / parts
        edges = [self.since + step * i for i in range(parts)] + [self.until]
        return [Window(a, b) for a, b in pairwise(edges) if b > a]


def split_range(start: datetime, end: datetime, max_span: timedelta) -> list[Window]:
    """Cover [start, end) with consecutive windows no longer than `max_span`."""
    windows: list[Window] = []
    cursor = start
    while cursor < end:
        upper = min(cursor + max_span, end)
        windows.append(Window(cursor, upper))
        cursor = upper
    return windows


@dataclass
class _Split:
    parts: list[Window]


@dataclass
class _Slot:
    window: Window
    future: Future[list[Body] | _Split] | None = None


class WindowedFetcher:
    """Fetch offset-paginated windows with bounded concurrency; yield them in order."""

    def __init__(  # noqa: PLR0913
        self,
        fetch: PageFetcher,
        *,
        collection: str,
        page_size: int,
        concurrency: int,
        cap: int,
        max_records: int | None = None,
        lookahead: int = 2,
    ) -> None:
        """Configure the fetcher.

        Args:
            fetch: Requests one page of a window and returns the decoded body.
            collection: Key of the record list in each body.
            page_size: Records per page asked (`limit`; the server may serve fewer).
            concurrency: Maximum requests in flight.
            cap: The API's maximum offset + limit.
            max_records: Split windows holding more records than this (default: the cap);
                in `windows` it bounds memory, since a window is held whole to be sorted.
            lookahead: Windows fetched ahead of the one being emitted.
        """
        self._fetch = fetch
        self._collection = collection
        self._limit = page_size
        self._concurrency = max(1, concurrency)
        self._cap = cap
        self._max_records = min(cap, max_records or cap)
        self._lookahead = max(1, lookahead)
        self.requests = 0
        self.splits = 0

    def windows(self, windows: list[Window]) -> Iterator[tuple[Window, list[Body]]]:
        """Yield `(window, records)` for every window, in the order given."""
        # Emission order; a window is started only once it is among the first
        # `lookahead`, so split parts never start all at once.
        order: deque[_Slot] = deque(_Slot(w) for w in windows)
        # Coordinators wait on page futures; pages never wait on anything: no deadlock.
        with (
            ThreadPoolExecutor(self._concurrency, thread_name_prefix="page") as pages,
            ThreadPoolExecutor(self._lookahead, thread_name_prefix="window") as coord,
        ):
            try:
                while order:
                    for slot in islice(order, self._lookahead):
                        if slot.future is None:
                            slot.future = coord.submit(self._window, slot.window, pages)
                    slot = order.popleft()
                    result = slot.future.result()  # type: ignore[union-attr]
                    if isinstance(result, _Split):
                        self.splits += 1
                        order.extendleft(_Slot(part) for part in reversed(result.parts))
                        continue
                    yield slot.window, result
            finally:
                for slot in order:
                    if slot.future is not None:
                        slot.future.cancel()
                pages.shutdown(wait=True, cancel_futures=True)

    def stream(self, windows: list[Window]) -> Iterator[tuple[Window, list[Body], bool]]:
        """Yield `(window, rows, complete)` page by page, windows in the order given.

        The streaming form of :meth:`windows`, for streams that need no sorting inside a
        window: each page's rows come as soon as it and the pages before it are read, and
        the last item of a window has `complete` true (its rows may be empty). At most
        `concurrency` pages of the current window are requested ahead of the one being
        emitted, and the next window's probe, so memory holds a few pages whatever a
        window's size; a window is split only past `max_records`. Splitting, stepping by
        what the server served, filling short pages and reading on while `more` are those
        of :meth:`windows`.
        """
        order: deque[Window] = deque(windows)
        ahead = self._concurrency
        with ThreadPoolExecutor(self._concurrency, thread_name_prefix="page") as pages:
            probes: dict[Window, Future[Body]] = {}

            def probe(window: Window) -> Future[Body]:
                if window not in probes:
                    probes[window] = pages.submit(self._page, window, 0, with_total=True)
                return probes[window]

            try:
                while order:
                    window = order.popleft()
                    first = probe(window).result()
                    del probes[window]
                    parts = self._split_parts(window, first)
                    if parts:
                        self.splits += 1
                        order.extendleft(reversed(parts))
                        continue
                    if order:
                        probe(order[0])  # read while this window is emitted
                    yield from self._stream_window(window, first, pages, ahead)
            finally:
                for future in probes.values():
                    future.cancel()
                pages.shutdown(wait=True, cancel_futures=True)

    def _split_parts(self, window: Window, first: Body) -> list[Window] | None:
        """The parts `window` must be cut into, going by its probe; None to read it."""
        total = first.get("total")
        if not first.get("more") or not first.get(self._collection) or total is None:
            return None
        if total <= self._max_records:
            return None
        indivisible = window.until - window.since <= MIN_WINDOW
        if indivisible and total <= self._cap:
            return None  # cannot split further, but still within the cap: read it whole
        if indivisible:
            msg = (
                f"More than {self._cap} records created within one second "
                f"({window.since.isoformat()}): PagerDuty cannot page through them."
            )
            raise RuntimeError(msg)
        # Aim under the limit with margin: records are rarely spread evenly in time.
        return window.split(max(2, math.ceil(total / (self._max_records * 0.8))))

    def _stream_window(
        self, window: Window, first: Body, pages: ThreadPoolExecutor, ahead: int
    ) -> Iterator[tuple[Window, list[Body], bool]]:
        """One window's pages in offset order (see :meth:`stream`)."""
        records: list[Body] = list(first.get(self._collection) or [])
        total = first.get("total")
        if not first.get("more") or not records:
            yield window, records, True
            return
        if total is None:
            # Asked for, never sent: read on while `more` (see `_window`).
            self._read_sequentially(window, len(records), None, records)
            yield window, records, True
            return
        step = min(len(records), int(first.get("limit") or len(records)))
        offsets = deque(range(step, total, step))
        inflight: deque[tuple[int, Future[Body]]] = deque()

        def fill() -> None:
            while offsets and len(inflight) < ahead:
                offset = offsets.popleft()
                inflight.append((offset, pages.submit(self._page, window, offset)))

        fill()
        yield window, records, False
        covered = step
        last: Body = first
        while inflight:
            offset, future = inflight.popleft()
            fill()
            last = future.result()
            if offset > covered:
                # A page came back shorter than the step: read what lies between.
                gap: list[Body] = []
                covered = self._read_sequentially(window, covered, offset, gap)
                yield window, gap, False
            page = last.get(self._collection) or []
            covered = max(covered, offset + len(page))
            yield window, page, False
        tail: list[Body] = []
        if last.get("more"):
            # Created in the window after the probe: keep paging while there is more.
            self._read_sequentially(window, covered, None, tail)
        yield window, tail, True

    def _page(self, window: Window, offset: int, *, with_total: bool = False) -> Body:
        self.requests += 1
        return self._fetch(window, offset, with_total)

    def _window(self, window: Window, pages: ThreadPoolExecutor) -> list[Body] | _Split:
        # The probe goes through the page pool too: `concurrency` bounds every request.
        first = pages.submit(self._page, window, 0, with_total=True).result()
        records: list[Body] = list(first.get(self._collection) or [])
        if not first.get("more") or not records:
            return records
        total = first.get("total")
        if total is None:
            # Asked for, never sent (the API's own example answers): without a size the
            # window cannot be split, and splitting blindly would never end. Read on
            # while `more`, up to the offset cap; a page that repeats stops it (warned).
            self._read_sequentially(window, len(records), None, records)
            return records
        if total > self._max_records:
            indivisible = window.until - window.since <= MIN_WINDOW
            if indivisible and total <= self._cap:
                pass  # cannot split further, but still within the cap: read it whole
            elif indivisible:
                msg = (
                    f"More than {self._cap} records created within one second "
                    f"({window.since.isoformat()}): PagerDuty cannot page through them."
                )
                raise RuntimeError(msg)
            else:
                # Aim under the limit with margin: records are rarely spread evenly in time.
                parts = math.ceil(total / (self._max_records * 0.8))
                return _Split(window.split(max(2, parts)))
        # Pages hold what the server gives, which may be fewer records than asked (its
        # `limit` says what it used): step by that, never by the limit asked.
        step = min(len(records), int(first.get("limit") or len(records)))
        futures = [
            (offset, pages.submit(self._page, window, offset))
            for offset in range(step, total, step)
        ]
        # `covered`: every offset below it has been read.
        covered = step
        last: Body = first
        for offset, future in futures:
            last = future.result()
            if offset > covered:
                # A page came back shorter than the step: read what lies between.
                covered = self._read_sequentially(window, covered, offset, records)
            page = last.get(self._collection) or []
            records.extend(page)
            covered = max(covered, offset + len(page))
        # Records created in the window after the probe (clock skew at the upper edge)
        # make `total` stale: keep paging while the API says there is more.
        if last.get("more"):
            self._read_sequentially(window, covered, None, records)
        return records

    def _read_sequentially(
        self, window: Window, offset: int, stop: int | None, records: list[Body]
    ) -> int:
        """Read pages from `offset` until `stop` (None: while `more`); return the next offset."""
        progress = PageProgress(self._collection)
        progress.page(records)  # what the window already holds
        while (stop is None or offset < stop) and offset + self._limit <= self._cap:
            body = self._page(window, offset)
            page = body.get(self._collection) or []
            records.extend(page)
            offset += len(page)
            if not page or not body.get("more") or not progress.page(page):
                break
        return offset
