"""One end of the creation-time range per sync, shared by every windowed stream."""

from __future__ import annotations

import threading
import typing as t
from datetime import UTC, datetime, timedelta


class SyncCut:
    """The end of the creation-time range of one sync, the same for every windowed stream.

    Each stream used to stop at its own "now", taken when it started: an incident created
    while the incidents were read was missed, but its log entries, created later still,
    were read by the next stream, which started after them, and the warehouse held log
    entries of an incident it did not have until the next sync. One end per sync is a
    consistent cut: a record is read only if everything created before it is.
    """

    def __init__(self, clock: t.Callable[[], datetime] | None = None) -> None:
        """Create the cut; `clock` (default: the UTC wall clock) is read once, on first use."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._end: datetime | None = None
        self._lock = threading.Lock()

    def end(self) -> datetime:
        """The sync's end: the clock when first asked, to the next second (exclusive)."""
        with self._lock:
            if self._end is None:
                # Never ahead of the clock by more than a second: a bookmark stays in the
                # past (the runtime refuses a future one) and nothing not yet created is
                # promised read.
                now = self._clock().astimezone(UTC)
                self._end = now.replace(microsecond=0) + timedelta(seconds=1)
            return self._end
