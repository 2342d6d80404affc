"""Rows a listing serves twice: kept once.

Offset and newest-first pages over a list that changes while it is read repeat a row
(one added ahead of the offset pushes the last row of a page onto the next), and listings
without a guaranteed order may do the same. Every tap emits such a row once.
"""

from __future__ import annotations

import typing as t
from collections import deque

if t.TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator


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
