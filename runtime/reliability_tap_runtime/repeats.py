"""Rows a listing serves twice: kept once.

Offset and newest-first pages over a list that changes while it is read repeat a row
(one added ahead of the offset pushes the last row of a page onto the next), and listings
without a guaranteed order may do the same. Every tap emits such a row once
(:class:`RecentKeys`) and stops a listing whose pages bring nothing new
(:class:`PageProgress`).
"""

from __future__ import annotations

import json
import logging
import typing as t
from collections import deque

if t.TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator

LOGGER = logging.getLogger("reliability_tap_runtime")


class RecentKeys:
    """The keys seen so far in one listing: all of them, or only the last `size`.

    A bounded window keeps a very large stream's memory flat; within one listing of a
    known-bounded size (a page sequence read in full) `size=None` remembers every key.
    """

    def __init__(self, size: int | None = None) -> None:
        """Remember every key, or at most `size`."""
        self._size = size
        self._order: deque[Hashable] = deque()
        self._keys: set[Hashable] = set()
        #: Rows dropped as repeats.
        self.repeats = 0

    def seen(self, key: Hashable) -> bool:
        """Whether `key` was seen already (counted as a repeat); remember it if not.

        `None` is never a repeat: a row without a key cannot be told apart.
        """
        if key is None:
            return False
        if key in self._keys:
            self.repeats += 1
            return True
        self._keys.add(key)
        if self._size is not None:
            self._order.append(key)
            if len(self._order) > self._size:
                self._keys.discard(self._order.popleft())
        return False

    def fresh(
        self, rows: Iterable[t.Any], key: Callable[[t.Any], Hashable] | None = None
    ) -> Iterator[t.Any]:
        """`rows` without the repeats (by `key`, default a dict's `id`)."""
        get = key or _row_id
        for row in rows:
            if not self.seen(get(row)):
                yield row


def _row_id(row: t.Any) -> Hashable:  # noqa: ANN401
    return row.get("id") if isinstance(row, dict) else None


#: Bumped by every listing stopped before the server said it was over (:class:`PageProgress`):
#: an inventory sync during which it moved is not complete (`sdk_seam.InventoryCompletion`).
#: One counter per process, compared before and after a sync (streams sync one at a time).
LISTINGS_STOPPED_EARLY = [0]


class PageProgress:
    """One listing's pages: stop, with one warning, when a page brings nothing new.

    A server that keeps saying "more" while serving the same page — the vendors' own example
    responses do, and so would a cursor that stops moving — would otherwise be paged for
    ever. A listing stops when a non-empty page holds only rows already read in it
    (:meth:`page`), or when the next page token is one already used (:meth:`next_token`).
    Rows are told apart by `key` (default a dict's `id`), else by their whole content.
    """

    def __init__(
        self,
        what: str,
        *,
        logger: logging.Logger | None = None,
        key: Callable[[t.Any], Hashable] | None = None,
    ) -> None:
        """Start a listing of `what` (`incidents`, named in the warning)."""
        self.what = what
        self.log_to = logger or LOGGER
        self.key_of = key or _row_id
        self._rows: set[Hashable] = set()
        self._tokens: set[str] = set()
        self.pages = 0
        #: Why the listing was stopped (None while it goes on).
        self.stopped: str | None = None

    def page(self, rows: Iterable[t.Any]) -> bool:
        """Count a page just read; False (and one warning) if it brought no new row."""
        self.pages += 1
        keys = [_either(self.key_of(row), row) for row in rows]
        if keys and all(k in self._rows for k in keys):
            return self._stop(f"page {self.pages} held only rows already read ({len(keys)})")
        self._rows.update(keys)
        return True

    def next_token(self, token: object) -> bool:
        """Whether the listing may go on to `token`; False (and one warning) if already used."""
        if token is None:
            return True
        marker = repr(token)
        if marker in self._tokens:
            return self._stop(f"the next page token {marker[:60]} was already used")
        self._tokens.add(marker)
        return True

    def _stop(self, reason: str) -> bool:
        if self.stopped is None:
            self.stopped = reason
            # An inventory sync during which a listing stopped early is not complete.
            LISTINGS_STOPPED_EARLY[0] += 1
            self.log_to.warning(
                "%s: stopped paging: %s although the server said there was more. Every "
                "row it served was kept; if rows are missing, the server's pagination is "
                "at fault (report it to the vendor).",
                self.what,
                reason,
            )
        return False


def _either(key: Hashable, row: t.Any) -> Hashable:  # noqa: ANN401
    return key if key is not None else hash(json.dumps(row, sort_keys=True, default=str))
