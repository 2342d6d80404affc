"""A thread-safe request budget: Datadog budgets requests per organisation and endpoint."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """Spaces requests evenly to stay under a per-minute budget, shared by all threads.

    Evenly spaced slots (rather than a burst bucket) keep a concurrent sync under the
    vendor's limit without ever meeting a 429; `pause` stops everyone when one does.
    """

    def __init__(self, requests_per_minute: float | None) -> None:
        """Create a limiter; `None` or 0 means unthrottled."""
        self._interval = 60.0 / requests_per_minute if requests_per_minute else 0.0
        self._next_slot = 0.0
        self._resume_at = 0.0
        self._lock = threading.Lock()
        self._wakeup = threading.Event()  # never set: used as an interruptible timer

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
        """Hold every caller back for `seconds` (the API said the budget is spent)."""
        with self._lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)
