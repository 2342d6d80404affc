"""The error policy the taps share: retry, stop, or skip one child and go on.

- A transport fault, a 5xx, a malformed body or a rate limit is retried (rate limits
  for as long as the vendor asks, within `max_retry_wait`).
- A failure that makes the whole sync meaningless — credentials refused, a scope missing
  on the root, the organisation itself missing, the host unreachable — stops the run
  with one line that names the real cause and the setting to fix.
- A child that vanished between listing its parent and reading it (a team deleted, an
  issue merged, a repository renamed) is skipped: one warning names it, the parent
  record is still emitted, and the run ends with a summary of what was skipped and
  exits 0 — every other record is complete.
"""

from __future__ import annotations

import logging
import threading
import typing as t
from collections import Counter

from singer_sdk.exceptions import FatalAPIError, RetriableAPIError

if t.TYPE_CHECKING:
    import requests

LOGGER = logging.getLogger("reliability_tap_runtime")


class ExplainedError(Exception):
    """A failure whose message names the cause and the fix: the run ends with that one line.

    The tap logs it at error level without a traceback (the traceback goes to the debug
    log) and exits 1; anything else is a bug and keeps the SDK's traceback.
    """


class StateError(ExplainedError):
    """The saved state is malformed or holds a bookmark that cannot be right."""


class RateLimitedError(RetriableAPIError):
    """The vendor refused for now: retry after `wait` seconds (its reset header)."""

    def __init__(self, message: str, response: requests.Response | None, wait: float) -> None:
        """Carry the wait the response asked for."""
        super().__init__(message, response)
        self.wait = wait


class VendorAuthError(FatalAPIError, ExplainedError):
    """Credentials refused, a permission missing, or the account/organisation unknown."""


class UnreachableError(FatalAPIError, ExplainedError):
    """The API could not be reached (refused connection, DNS failure, timeouts)."""


class GaveUpError(FatalAPIError, ExplainedError):
    """Retries or rate-limit waits of one request ran out (`max_retries`, `max_retry_wait`)."""


class VanishedChildError(FatalAPIError):
    """A child resource answered 404/410: it is gone since its parent was listed."""

    def __init__(self, status: int, detail: str) -> None:
        """Keep the status and the vendor's message."""
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


class ChildSkips:
    """Children skipped because they vanished: one warning each, one summary per run."""

    def __init__(self) -> None:
        """Nothing skipped yet."""
        self._lock = threading.Lock()
        self.by_stream: Counter[str] = Counter()

    @property
    def total(self) -> int:
        """How many children were skipped."""
        return sum(self.by_stream.values())

    def record(
        self,
        stream: str,
        what: str,
        error: VanishedChildError,
        *,
        kept: str = "",
        logger: logging.Logger | None = None,
    ) -> None:
        """Count one vanished child and say so once, naming it.

        Args:
            stream: The stream that could not read it (`team_members`).
            what: The child, as a user would look it up (`team PXYZ123`).
            error: What the vendor answered.
            kept: What is still emitted (`the team record is kept`).
            logger: The stream's logger.
        """
        with self._lock:
            self.by_stream[stream] += 1
        (logger or LOGGER).warning(
            "%s: skipped %s (HTTP %s %s): it was deleted between listing and reading%s",
            stream,
            what,
            error.status,
            error.detail[:200] or "Not Found",
            f"; {kept}" if kept else "",
        )

    def summary(self, logger: logging.Logger | None = None) -> None:
        """Log the end-of-run summary (nothing when nothing was skipped)."""
        if not self.total:
            return
        parts = ", ".join(f"{name}: {n}" for name, n in sorted(self.by_stream.items()))
        total = self.total
        (logger or LOGGER).warning(
            "Run summary: skipped %d child resource%s that vanished (%s); everything else "
            "was read.",
            total,
            "" if total == 1 else "s",
            parts,
        )


def root_cause(exc: BaseException) -> str:
    """The innermost reason (`[Errno 111] Connection refused`), without URL noise."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc)
    return text.split(": ", 1)[-1] if "Failed to establish" in text else text


def retriable_types() -> tuple[type[Exception], ...]:
    """Exceptions worth another try: transport faults and retriable API answers."""
    import requests  # noqa: PLC0415 - keep module import light for --about

    return (
        ConnectionResetError,
        RetriableAPIError,
        requests.exceptions.Timeout,
        requests.exceptions.ConnectionError,
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
    )


def transport_errors() -> tuple[type[Exception], ...]:
    """Exceptions that mean the host could not be reached."""
    import requests  # noqa: PLC0415

    return (requests.exceptions.ConnectionError, requests.exceptions.Timeout)
