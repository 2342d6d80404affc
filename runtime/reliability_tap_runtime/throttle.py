"""The request budget and in-flight cap that every stream and thread of one run shares."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """Spaces requests evenly to stay under a per-minute budget, shared by all threads.

    Evenly spaced slots (rather than a burst bucket) keep a concurrent sync under the
    vendor's limit without meeting a 429; :meth:`pause` holds everyone back when the
    vendor says the budget is spent. Without a budget only pauses apply.
    """

    def __init__(self, requests_per_minute: float | None) -> None:
        """Create a limiter; `None` or 0 means no client-side budget."""
        self._interval = 60.0 / requests_per_minute if requests_per_minute else 0.0
        self._next_slot = 0.0
        self._resume_at = 0.0
        self._lock = threading.Lock()
        self._wakeup = threading.Event()  # never set: an interruptible timer

    def acquire(self) -> None:
        """Block until this caller may send its request."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot, self._resume_at)
            self._next_slot = slot + self._interval
        delay = slot - time.monotonic()
        if delay > 0:
            self._wakeup.wait(delay)

    def pause(self, seconds: float) -> None:
        """Hold every caller back for `seconds` (the vendor said the budget is spent)."""
        with self._lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)


class Gate:
    """A resizable semaphore: at most `limit` requests in flight.

    Some vendors publish a concurrency limit (Sentry's `ConcurrentLimit`); the gate only
    ever shrinks to it, never grows past the configured `max_concurrency`.
    """

    def __init__(self, limit: int) -> None:
        """Allow `limit` requests in flight."""
        self._limit = max(1, limit)
        self._busy = 0
        self._cond = threading.Condition()

    @property
    def limit(self) -> int:
        """Requests allowed in flight now."""
        return self._limit

    def lower_to(self, limit: int) -> None:
        """Shrink the cap (never below 1, never above its current value)."""
        with self._cond:
            self._limit = max(1, min(self._limit, limit))

    def __enter__(self) -> None:
        """Wait for a free place."""
        with self._cond:
            while self._busy >= self._limit:
                self._cond.wait()
            self._busy += 1

    def __exit__(self, *exc: object) -> None:
        """Free the place."""
        with self._cond:
            self._busy -= 1
            self._cond.notify()
