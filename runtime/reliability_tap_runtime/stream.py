"""`VendorStream`: a REST stream with the shared error policy, retries and thread-safe requests.

A tap's base stream subclasses it and fills in only its vendor's part: `url_base`, the
authenticator, headers, the paginator, and the hooks :meth:`VendorStream.rate_limit_wait`,
:meth:`VendorStream.error_detail` and :meth:`VendorStream.fatal_error` (the vendor's own
wording for refused credentials and missing scopes).
"""

from __future__ import annotations

import logging
import sys
import time
import typing as t
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urlparse

import backoff
import msgspec
from singer_sdk import RESTStream
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.streams.rest import HTTPRequest
from typing_extensions import override

from reliability_tap_runtime.errors import (
    ExplainedError,
    GaveUpError,
    RateLimitedError,
    UnreachableError,
    VanishedChildError,
    retriable_types,
    root_cause,
    transport_errors,
)
from reliability_tap_runtime.http import SharedHTTP, decoded_body
from reliability_tap_runtime.inventory import INVENTORY_SYNCS, InventorySyncsStream, filters_json
from reliability_tap_runtime.pool import ordered_map
from reliability_tap_runtime.sdk_seam import FastRecordMessages, InventoryCompletion
from reliability_tap_runtime.settings import transport_setting

if t.TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable, Iterator

    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.tap_base import Tap

_T = t.TypeVar("_T")
T = t.TypeVar("T")
R = t.TypeVar("R")

_RETRIABLE = retriable_types()
_TRANSPORT = transport_errors()
#: Longest exponential wait between two retries of a failure that is not a rate limit.
_MAX_BACKOFF = 60.0
#: Tries of a request before any request of the run has been answered.
_TRIES_UNREACHED = 3


class VendorStream(InventoryCompletion, FastRecordMessages, RESTStream[_T]):
    """Base of every API stream of the reliability taps.

    An inventory stream (`full_inventory = True`) records each complete sync in the
    `inventory_syncs` stream (`reliability_tap_runtime.inventory`), with the settings in
    `inventory_filters` that narrowed it.
    """

    # Nested objects pass through whole (they land as JSON); the contract tests check
    # every nested field against the schema instead of a recursive walk per record.
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.ROOT_ONLY

    #: The vendor's name in messages (`PagerDuty`).
    vendor: t.ClassVar[str] = "the API"
    #: The settings that choose the host, named when it cannot be reached.
    host_settings: t.ClassVar[str] = "`api_url`"
    #: Statuses that mean this stream's resource is gone since its parent was listed:
    #: set on child streams (404/410); on root streams they stay errors.
    vanished_statuses: t.ClassVar[frozenset[int]] = frozenset()
    #: State keys besides the replication-key value that hold timestamps (dotted for
    #: nested ones), checked at start like the bookmark (`reliability_tap_runtime.state`).
    state_timestamps: t.ClassVar[tuple[str, ...]] = ()

    #: Settings that narrow an inventory's listing (recorded with each complete sync).
    inventory_filters: t.ClassVar[tuple[str, ...]] = ()

    def __init__(self, tap: Tap, *, http: SharedHTTP) -> None:
        """Create the stream with the run's shared session, budget and bookkeeping."""
        self.http = http
        super().__init__(tap=tap)

    @override
    def log(self, message: str, *args: t.Any, level: int = logging.INFO, **kwargs: t.Any) -> None:
        # The SDK says "An unhandled error occurred while syncing" before re-raising; for a
        # failure the runtime explains, the tap's closing line says it all (debug only).
        if level >= logging.ERROR and isinstance(sys.exc_info()[1], ExplainedError):
            level = logging.DEBUG
        super().log(message, *args, level=level, **kwargs)

    @property
    @override
    def requests_session(self) -> requests.Session:
        return self.http.session

    @property
    @override
    def timeout(self) -> int:
        return transport_setting(self.config, "request_timeout")

    # --- the vendor's hooks ----------------------------------------------------------

    def rate_limit_wait(self, response: requests.Response) -> float | None:
        """Seconds to wait if `response` is a rate limit, else `None`.

        The default reads `Retry-After` on a 429; vendors override it with their reset
        headers (and may raise a `FatalAPIError` when waiting is pointless).
        """
        if response.status_code != HTTPStatus.TOO_MANY_REQUESTS:
            return None
        return header_seconds(response, "Retry-After")

    #: The key of the vendor's JSON error body that holds its message (`message`,
    #: `detail`), read by the default :meth:`error_detail`.
    error_key: t.ClassVar[str | None] = None

    def error_detail(self, response: requests.Response) -> str:
        """The vendor's error body as one line (its `error_key`, else the text, cut short)."""
        if self.error_key is not None:
            try:
                body = msgspec.json.decode(response.content)
            except msgspec.DecodeError:
                return response.text[:300].strip()
            if isinstance(body, dict) and self.error_key in body:
                return str(body[self.error_key])
            return str(body)[:300]
        return response.text[:300].strip()

    def fatal_error(self, response: requests.Response) -> Exception | None:  # noqa: ARG002
        """The exception (with the vendor's wording) for a 4xx that stops the run."""
        return None

    def after_response(self, response: requests.Response) -> None:
        """Look at every response first (server clock, published limits)."""
        self.http.observe_date(response.headers.get("Date"))

    def after_success(self, response: requests.Response) -> None:
        """Look at every successful response last (e.g. a budget that says 0 left)."""

    @override
    def inventory_starting(self) -> None:
        # The marker stream's SCHEMA goes out with the first inventory stream's: the
        # target creates its table even if no sync ever completes.
        marker = self.tap_stream(INVENTORY_SYNCS)
        if isinstance(marker, InventorySyncsStream):
            marker.announce()

    @override
    def inventory_complete(self, started: datetime, keys: int) -> None:
        marker = self.tap_stream(INVENTORY_SYNCS)
        if not isinstance(marker, InventorySyncsStream):
            return
        marker.record_complete_sync(
            {
                "stream": self.name,
                "sync_started_at": started.isoformat(),
                "sync_completed_at": datetime.now(UTC).isoformat(),
                "record_count": keys,
                "filters": filters_json(self.config, self.inventory_filters),
            }
        )
        self.logger.info("%s: complete inventory of %d objects recorded.", self.name, keys)

    def describe_child(self, context: Context | None) -> str:
        """A vanished child as a user would look it up (`team PXYZ`)."""
        return ", ".join(f"{k} {v}" for k, v in (context or {}).items()) or self.name

    #: What is still emitted when a child of this stream vanishes.
    vanished_keeps: t.ClassVar[str] = "the parent record is kept"

    # --- the shared policy -----------------------------------------------------------

    @override
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        if status < HTTPStatus.INTERNAL_SERVER_ERROR:
            # The vendor answered: the host is right, retry later failures in full. (A 5xx
            # may come from a proxy in front of the wrong host.)
            self.http.reached = True
        self.after_response(response)
        wait = self.rate_limit_wait(response)
        if wait is not None:
            self.http.pause(wait)
            msg = (
                f"{self.vendor} rate limit (HTTP {status}) on {urlparse(response.url).path}: "
                f"{self.error_detail(response) or 'too many requests'}"
            )
            raise RateLimitedError(msg, response, wait)
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            raise RetriableAPIError(self.response_error_message(response), response)
        if status in self.vanished_statuses:
            raise VanishedChildError(status, self.error_detail(response))
        if status >= HTTPStatus.BAD_REQUEST:
            raise self.fatal_error(response) or FatalAPIError(self.response_error_message(response))
        try:
            decoded_body(response)
        except msgspec.DecodeError as exc:
            # A truncated or garbled 2xx body is a transport fault: ask again.
            msg = (
                f"{self.vendor} returned a malformed JSON body for "
                f"{urlparse(response.url).path}: {exc}"
            )
            raise RetriableAPIError(msg, response) from exc
        self.after_success(response)

    @override
    def response_error_message(self, response: requests.Response) -> str:
        return (
            f"{self.vendor} API error HTTP {response.status_code} for "
            f"{urlparse(response.url).path}: {self.error_detail(response)}"
        )

    @override
    def backoff_wait_generator(self) -> Generator[float, t.Any, None]:
        return _wait_generator()

    @override
    def backoff_max_tries(self) -> int:
        # backoff evaluates this per request: fail fast while no request has been
        # answered (a wrong host is not a blip worth minutes of retries).
        tries = transport_setting(self.config, "max_retries") + 1
        return tries if self.http.reached else min(tries, _TRIES_UNREACHED)

    @override
    def backoff_jitter(self, value: float) -> float:
        # Waiting less than the vendor's reset only earns another refusal: upwards only.
        return value + backoff.random_jitter(0) * 0.25

    @property
    def max_retry_wait(self) -> float:
        """Seconds one request may spend on retries and rate limits."""
        return float(transport_setting(self.config, "max_retry_wait"))

    @override
    def request_decorator(self, func: Callable[..., t.Any]) -> Callable[..., t.Any]:
        """One request's retries, the same in every tap (docs/operations.md, "Retries").

        - A rate limit is waited out for as long as the vendor asks.
        - Any other failure (5xx, timeout, dropped connection, malformed body) is retried
          after 1, 2, 4 … 60 s (`backoff_wait_generator`), at most `max_retries` times —
          or 2 times while no request of the run has been answered at all (a wrong host
          is not a blip worth minutes). The count is decided per failure, so a malformed
          answer to the run's very first request gets the full retries too.
        - Everything stops at the overall deadline of `max_retry_wait` seconds from the
          first attempt: a wait that would end past it is not started.

        Giving up raises an explained error (one line: what failed, how long it was
        tried, what to change): `UnreachableError` when the last failure was the
        transport, `GaveUpError` otherwise.
        """
        cap = self.max_retry_wait

        def explained(*args: t.Any, **kwargs: t.Any) -> t.Any:  # noqa: ANN401
            started = time.monotonic()
            deadline = started + cap
            waits = self.backoff_wait_generator()
            next(waits)  # prime
            failures = 0
            while True:
                try:
                    return func(*args, **kwargs)
                except RateLimitedError as exc:
                    if time.monotonic() + exc.wait > deadline:
                        msg = (
                            f"{exc} Gave up: {self.vendor}'s rate limit kept refusing "
                            f"requests for more than `max_retry_wait` ({cap:.0f}s). Lower "
                            "`requests_per_minute`/`max_concurrency` or raise `max_retry_wait`."
                        )
                        raise GaveUpError(msg) from exc
                    self.logger.info("%s Waiting %.1fs as the vendor asks.", exc, exc.wait)
                    self.http.pause(exc.wait)
                except _RETRIABLE as exc:
                    failures += 1
                    wait = self.backoff_jitter(waits.send(exc))
                    allowed = self.backoff_max_tries() - 1
                    if failures <= allowed and time.monotonic() + wait <= deadline:
                        self.logger.info(
                            "%s Retrying in %.1fs (retry %d of at most %d).",
                            _one_line(exc),
                            wait,
                            failures,
                            allowed,
                        )
                        time.sleep(wait)
                        continue
                    raise self.given_up(exc, failures, time.monotonic() - started) from exc

        return explained

    def given_up(self, exc: Exception, failures: int, elapsed: float) -> Exception:
        """The explained error that ends a request's retries (see `request_decorator`)."""
        tried = f"{failures} attempt{'s' if failures > 1 else ''} in {elapsed:.0f}s"
        if isinstance(exc, _TRANSPORT):
            msg = (
                f"Cannot reach {self.vendor} at {self.url_base} ({type(exc).__name__}: "
                f"{root_cause(exc)}; {tried}). Check {self.host_settings}, the network and "
                "any proxy; `request_timeout`, `max_retries` and `max_retry_wait` bound the "
                "waiting."
            )
            return UnreachableError(msg)
        msg = (
            f"{_one_line(exc)} Gave up after {tried} (`max_retries` "
            f"{self.backoff_max_tries() - 1}, `max_retry_wait` {self.max_retry_wait:.0f}s): "
            f"{self.vendor} kept failing. Check the vendor's status page and run again; "
            "raise `max_retries` to keep trying longer."
        )
        return GaveUpError(msg)

    # --- requests outside the SDK's pagination loop (worker threads) -------------------

    def send(self, http_request: HTTPRequest) -> requests.Response:
        """Send one request with the retry and error policy; thread-safe."""

        def attempt() -> requests.Response:
            prepared = self.build_prepared_request(
                method=http_request.method,
                url=http_request.url,
                params=http_request.encode_params(),
                headers=http_request.headers,
                json=http_request.data,
            )
            response = self.requests_session.send(prepared, timeout=self.timeout)
            self.validate_response(response)
            return response

        return t.cast("requests.Response", self.request_decorator(attempt)())

    def get_json(
        self,
        path: str,
        params: dict[str, t.Any] | None = None,
        *,
        method: str = "GET",
        body: dict[str, t.Any] | None = None,
    ) -> t.Any:  # noqa: ANN401
        """Request `path` (under `url_base`, or a full URL) and return the decoded body."""
        url = path if path.startswith(("http://", "https://")) else f"{self.url_base}{path}"
        request = HTTPRequest(
            method=method,
            url=url,
            params=params or {},
            headers=self.http_headers,
            data=body,
        )
        return decoded_body(self.send(request))

    def ordered_map(
        self, func: Callable[[T], R], items: Iterable[T], *, lookahead: int | None = None
    ) -> Iterator[tuple[T, R]]:
        """`func` over `items` on `max_concurrency` threads, results in input order."""
        return ordered_map(
            func, items, workers=self.http.concurrency, lookahead=lookahead, name=self.name
        )

    # --- vanished children -------------------------------------------------------------

    def skip_vanished(self, what: str, error: VanishedChildError) -> None:
        """Count and report one vanished child of this stream."""
        self.http.skips.record(self.name, what, error, kept=self.vanished_keeps, logger=self.logger)

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        try:
            yield from super().get_records(context)
        except VanishedChildError as exc:
            self.skip_vanished(self.describe_child(context), exc)


def header_seconds(
    response: requests.Response, *names: str, default: float = 5.0, cap: float = 3600.0
) -> float:
    """Seconds from the first of `names` present (a reset or `Retry-After` header)."""
    for name in names:
        raw = response.headers.get(name)
        if raw is None:
            continue
        try:
            return min(max(float(raw), 0.5), cap)
        except ValueError:
            return default
    return default


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if text.endswith(".") else f"{text}."


def _wait_generator() -> Generator[float, t.Any, None]:
    """The wait a rate limit named; exponential (1, 2, 4 … 60 s) for other failures."""
    attempt = 0
    exception = yield 0.0  # primed by backoff
    while True:
        attempt += 1
        if isinstance(exception, RateLimitedError):
            exception = yield exception.wait
        else:
            exception = yield min(2.0 ** (attempt - 1), _MAX_BACKOFF)
