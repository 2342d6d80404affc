"""The Datadog API contract: sites, keys, pagination styles, rate limits and errors."""

from __future__ import annotations

import threading
import typing as t
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlparse

import backoff
import msgspec
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from singer_sdk import RESTStream
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.pagination import BaseAPIPaginator, BaseOffsetPaginator, BasePageNumberPaginator
from typing_extensions import override

from tap_datadog.throttle import RateLimiter

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Generator, Hashable, Iterable, Iterator

    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext
    from singer_sdk.tap_base import Tap

#: Datadog sites and their API hosts.
SITES = {
    "datadoghq.com": "https://api.datadoghq.com",
    "us3.datadoghq.com": "https://api.us3.datadoghq.com",
    "us5.datadoghq.com": "https://api.us5.datadoghq.com",
    "datadoghq.eu": "https://api.datadoghq.eu",
    "ap1.datadoghq.com": "https://api.ap1.datadoghq.com",
    "ap2.datadoghq.com": "https://api.ap2.datadoghq.com",
    "ddog-gov.com": "https://api.ddog-gov.com",
}
_BODY_ATTR = "_datadog_body"
#: Statuses of a child resource that is gone (deleted between listing and reading).
_GONE = (HTTPStatus.NOT_FOUND, HTTPStatus.GONE)
#: Primary keys remembered to drop a row the server serves again on the next page.
REPEAT_WINDOW = 2000
T = t.TypeVar("T")
R = t.TypeVar("R")


class DatadogAuthError(FatalAPIError):
    """The keys were refused, or the application key lacks a permission (403)."""


class DatadogUnreachableError(FatalAPIError):
    """The API could not be reached (refused connection, DNS failure, timeouts)."""


class FeatureUnavailableError(FatalAPIError):
    """The account does not have the product behind an endpoint (HTTP 404)."""


class VanishedChildError(Exception):
    """A child resource (a test's results, an SLO's history, an incident's todos) is gone."""

    def __init__(self, path: str, status: int) -> None:
        """Keep the path and the HTTP status (404 or 410)."""
        self.status = status
        self.reason = HTTPStatus(status).phrase
        super().__init__(f"HTTP {status} {self.reason} for {path}")


@dataclass(frozen=True)
class ChildOf:
    """How a per-object stream names the parent of a child that vanished.

    Attributes:
        parent: The parent in the warning (`test`, `SLO`, `incident`).
        key: The parent's id field.
        what: What happened, in the warning.
        parent_stream: The stream whose record of the parent is kept.
    """

    parent: str
    key: str
    what: str
    parent_stream: str


class VanishedChildren:
    """Children skipped because they vanished between listing and reading, per stream.

    Thread-safe (per-object reads run on worker threads); the tap logs one summary at
    the end of the run.
    """

    def __init__(self) -> None:
        """Start with nothing skipped."""
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()

    def skip(
        self,
        logger: logging.Logger,
        stream: str,
        child_of: ChildOf,
        parent_id: str,
        error: VanishedChildError,
    ) -> None:
        """Count one vanished child and log one warning naming it."""
        with self._lock:
            self.counts[stream] += 1
        logger.warning(
            "%s: skipped %s %s (HTTP %d %s): %s; the %s record is kept",
            stream,
            child_of.parent,
            parent_id,
            error.status,
            error.reason,
            child_of.what,
            child_of.parent_stream,
        )

    def summary(self) -> str | None:
        """`Run summary: skipped N child resources that vanished (stream: n, ...)`."""
        with self._lock:
            counts = dict(sorted(self.counts.items()))
        total = sum(counts.values())
        if not total:
            return None
        detail = ", ".join(f"{stream}: {n}" for stream, n in counts.items())
        noun = "resource" if total == 1 else "resources"
        return f"Run summary: skipped {total} child {noun} that vanished ({detail})"


class RecentKeys:
    """The primary keys of the last records emitted (a bounded window).

    Listings whose order is not guaranteed may serve a row again on the next page; the
    window drops such a repeat without keeping every key of a large stream in memory.
    """

    def __init__(self, size: int = REPEAT_WINDOW) -> None:
        """Remember at most `size` keys."""
        self._size = size
        self._order: deque[Hashable] = deque()
        self._keys: set[Hashable] = set()

    def seen(self, key: Hashable) -> bool:
        """Whether `key` was emitted recently; remember it if not."""
        if key in self._keys:
            return True
        self._keys.add(key)
        self._order.append(key)
        if len(self._order) > self._size:
            self._keys.discard(self._order.popleft())
        return False


class DatadogKeyAuth(AuthBase):
    """Adds `DD-API-KEY` and `DD-APPLICATION-KEY` to every request."""

    def __init__(self, api_key: str, app_key: str) -> None:
        """Keep the keys."""
        self.api_key = api_key
        self.app_key = app_key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Set the headers."""
        request.headers["DD-API-KEY"] = self.api_key
        request.headers["DD-APPLICATION-KEY"] = self.app_key
        return request


class DatadogHTTP:
    """The HTTP session, request budget and shared lists of one tap run.

    Datadog budgets requests per organisation, so every stream and worker thread draws
    from one client-side budget (in the transport adapter); a 429, or a response saying
    no request is left (`X-RateLimit-Remaining: 0`), pauses all of them until reset.
    """

    def __init__(self, *, requests_per_minute: float | None, pool_size: int) -> None:
        """Create the shared session and throttle."""
        import requests  # noqa: PLC0415 - keep module import light for --about

        self.limiter = RateLimiter(requests_per_minute)
        #: Whether any request has succeeded yet (fail fast on a wrong host before that).
        self.reached = False
        #: Lists one stream reads and another needs (synthetic tests, SLOs, incidents).
        self.shared: dict[str, list[dict[str, t.Any]]] = {}
        #: Products the account lacks (404), so their other streams skip at once.
        self.unavailable: set[str] = set()
        #: Child resources skipped because they vanished between listing and reading.
        self.vanished = VanishedChildren()
        self.session = requests.Session()
        adapter = _ThrottledAdapter(
            self.limiter, pool_connections=4, pool_maxsize=max(pool_size, 10)
        )
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)


class _ThrottledAdapter(HTTPAdapter):
    def __init__(self, limiter: RateLimiter, *, pool_connections: int, pool_maxsize: int) -> None:
        super().__init__(pool_connections=pool_connections, pool_maxsize=pool_maxsize)
        self._limiter = limiter

    @override
    def send(self, request: requests.PreparedRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._limiter.acquire()
        return super().send(request, *args, **kwargs)


def decoded_body(response: requests.Response) -> t.Any:  # noqa: ANN401
    """Decode a JSON body once (msgspec); validation and parsing share it."""
    body = getattr(response, _BODY_ATTR, None)
    if body is None:
        body = msgspec.json.decode(response.content)
        setattr(response, _BODY_ATTR, body)
    return body


def _collection(body: t.Any, key: str | None) -> list[dict[str, t.Any]]:  # noqa: ANN401
    if key is None:
        return body if isinstance(body, list) else []
    return (body or {}).get(key) or [] if isinstance(body, dict) else []


# --- paginators: one class per Datadog pagination style ----------------------------


def more_pages(count: int, asked: int, largest: int) -> bool:
    """Whether a page of `count` records may be followed by another.

    An empty page ends a listing; a page as long as asked is followed. A server may cap
    the page size below what was asked, and then serves every page but the last at its
    cap: a short page ends the listing only after a longer one (`largest`, the longest
    page before it); the first short page is followed up, and the page after it is
    empty if it was the last.
    """
    return count > 0 and (count >= asked or count >= largest)


class PageNumberPaginator(BasePageNumberPaginator):
    """`page`/`page_size` (monitors) or `page_number`/`page_size` (synthetics), from 0.

    The server numbers pages by its own page size, so the next page number is right
    whatever size it capped the page at; see `more_pages` for where the listing ends.
    """

    def __init__(self, page_size: int, collection: str | None) -> None:
        """Start at page 0."""
        super().__init__(0)
        self.page_size = page_size
        self.collection = collection
        self._largest = 0

    @override
    def has_more(self, response: requests.Response) -> bool:
        count = len(_collection(decoded_body(response), self.collection))
        more = more_pages(count, self.page_size, self._largest)
        self._largest = max(self._largest, count)
        return more


class OffsetPaginator(BaseOffsetPaginator):
    """`offset`/`limit` (SLOs) or `page[offset]`/`page[size]` (v2 incidents).

    The next offset moves by the records the server returned, not by the page size
    asked (a server that caps the size would otherwise make the tap skip records).
    """

    def __init__(self, page_size: int, collection: str | None) -> None:
        """Start at offset 0."""
        super().__init__(0, page_size)
        self.collection = collection
        self._largest = 0
        self._count = 0

    @override
    def has_more(self, response: requests.Response) -> bool:
        self._count = len(_collection(decoded_body(response), self.collection))
        more = more_pages(self._count, self._page_size, self._largest)
        self._largest = max(self._largest, self._count)
        return more

    @override
    def get_next(self, response: requests.Response) -> int | None:
        return self.current_value + self._count


class CursorPaginator(BaseAPIPaginator[str | None]):
    """v2 cursor pagination: the next cursor is `meta.page.after`, absent on the last page."""

    def __init__(self) -> None:
        """Start without a cursor."""
        super().__init__(None)

    @override
    def get_next(self, response: requests.Response) -> str | None:
        body = decoded_body(response)
        return ((body.get("meta") or {}).get("page") or {}).get("after") or None


# --- the base stream ------------------------------------------------------------------


class DatadogStream(RESTStream[t.Any]):
    """Base stream for the Datadog API."""

    # Nested objects pass through whole (they land as JSON); the contract tests check
    # every nested field against the schema instead of a recursive walk per record.
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.ROOT_ONLY

    #: Key of the record list in the body (`None`: the body is the list).
    collection: t.ClassVar[str | None] = None
    #: Permission the application key needs (named in 403 messages).
    permission: t.ClassVar[str] = ""
    #: Product whose absence (404) skips the stream with a warning instead of failing.
    optional_product: t.ClassVar[str | None] = None
    #: Per-object streams: the parent named when a child vanished (`read_children`).
    child_of: t.ClassVar[ChildOf | None] = None

    def __init__(self, tap: Tap, *, http: DatadogHTTP) -> None:
        """Create the stream with the tap-wide HTTP session and request budget."""
        self.http = http
        super().__init__(tap=tap)

    @property
    @override
    def url_base(self) -> str:
        api_url = self.config.get("api_url")
        return str(api_url or SITES[self.config.get("site", "datadoghq.com")]).rstrip("/")

    @property
    @override
    def requests_session(self) -> requests.Session:
        return self.http.session

    @property
    @override
    def authenticator(self) -> DatadogKeyAuth:
        return DatadogKeyAuth(str(self.config["api_key"]), str(self.config["app_key"]))

    @property
    @override
    def http_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "User-Agent": self.user_agent}

    @property
    @override
    def timeout(self) -> int:
        return int(self.config.get("request_timeout", 60))

    @property
    def concurrency(self) -> int:
        """Requests in flight at once for per-object endpoints."""
        return max(1, int(self.config.get("max_concurrency", 8)))

    def query_params(self, context: Context | None) -> dict[str, t.Any]:  # noqa: ARG002
        """Query parameters of this stream besides pagination."""
        return {}

    def page_params(self, token: t.Any) -> dict[str, t.Any]:  # noqa: ANN401, ARG002
        """Pagination parameters for one page."""
        return {}

    @override
    def get_http_request(self, *, page: PageContext[t.Any]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        request.params = {
            **self.query_params(page.stream_context),
            **self.page_params(page.next_page_token),
        }
        return request

    @override
    def parse_response(self, response: requests.Response) -> Iterable[dict[str, t.Any]]:
        return _collection(decoded_body(response), self.collection)

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        product = self.optional_product
        if product and product in self.http.unavailable:
            self.logger.warning("Skipping %s: %s is not available.", self.name, product)
            return
        recent = RecentKeys()
        repeats = 0
        try:
            for record in super().get_records(context):
                # A listing without a guaranteed order may serve a row again on the next
                # page: emit it once.
                if recent.seen(tuple(record.get(key) for key in self.primary_keys or ())):
                    repeats += 1
                    continue
                yield record
        except FeatureUnavailableError as exc:
            self.http.unavailable.add(product or "")
            self.logger.warning("Skipping %s: %s", self.name, exc)
        if repeats:
            self.logger.info("%s: dropped %d rows served again on a later page", self.name, repeats)

    # --- one request, usable from worker threads -------------------------------------

    def get_json(self, path: str, params: dict[str, t.Any], *, child: bool = False) -> t.Any:  # noqa: ANN401
        """GET `path` with retries and the shared budget; return the decoded body.

        With `child`, the path is a child of a listed object (a test's results, an SLO's
        history, an incident's todos): a 404 or 410 means it vanished since the listing,
        raised as `VanishedChildError` for the caller to skip and count.
        """

        def send() -> requests.Response:
            prepared = self.build_prepared_request(
                method="GET", url=f"{self.url_base}{path}", params=params, headers=self.http_headers
            )
            response = self.requests_session.send(prepared, timeout=self.timeout)
            if child and response.status_code in _GONE:
                self.http.reached = True
                raise VanishedChildError(path, response.status_code)
            self.validate_response(response)
            return response

        return decoded_body(self.request_decorator(send)())

    def read_children(
        self, func: Callable[[dict[str, t.Any]], R], parents: Iterable[dict[str, t.Any]]
    ) -> Iterator[tuple[dict[str, t.Any], R]]:
        """`ordered_map(func, parents)`, skipping the parents whose child vanished.

        Each is skipped with one warning naming it (`child_of` says how) and counted for
        the run summary; the other parents' children are emitted as usual.
        """
        child_of = self.child_of
        if child_of is None:  # pragma: no cover - a programming error
            msg = f"{self.name} reads children but declares no `child_of`"
            raise TypeError(msg)

        def guarded(item: dict[str, t.Any]) -> R | VanishedChildError:
            try:
                return func(item)
            except VanishedChildError as exc:
                return exc

        for item, result in self.ordered_map(guarded, parents):
            if isinstance(result, VanishedChildError):
                self.http.vanished.skip(
                    self.logger, self.name, child_of, str(item[child_of.key]), result
                )
                continue
            yield item, result

    def ordered_map(
        self, func: Callable[[T], R], items: Iterable[T], *, lookahead: int | None = None
    ) -> Iterator[tuple[T, R]]:
        """Apply `func` on a thread pool, yielding `(item, result)` in input order.

        At most `lookahead` items are in flight or waiting to be emitted, so memory stays
        bounded whatever the number of items.
        """
        workers = self.concurrency
        window = lookahead or workers * 2
        queue = iter(items)
        pending: deque[tuple[T, Future[R]]] = deque()
        with ThreadPoolExecutor(workers, thread_name_prefix=self.name) as pool:
            try:
                for item in queue:
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

    # --- errors, retries and rate limits -------------------------------------------

    @override
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        path = urlparse(response.url).path
        # Any HTTP answer proves the host right: from now on retry with the full budget.
        self.http.reached = True
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            wait = _reset_seconds(response)
            self.http.limiter.pause(wait)
            msg = (
                f"Datadog rate limit `{response.headers.get('X-RateLimit-Name', '?')}` reached "
                f"(HTTP 429); waiting {wait:.1f}s as X-RateLimit-Reset says."
            )
            raise RetriableAPIError(msg, response)
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            raise RetriableAPIError(self.response_error_message(response), response)
        if status == HTTPStatus.FORBIDDEN:
            detail = _error_detail(response)
            if "permission" in detail.lower():
                msg = (
                    f"Datadog denied {path} (HTTP 403): the application key (`app_key`, "
                    f"TAP_DATADOG_APP_KEY) lacks the `{self.permission}` permission needed by "
                    f"the `{self.name}` stream. Grant it to the key's role (or scope), or "
                    f"deselect the stream. {detail}"
                )
            else:
                msg = (
                    f"Datadog refused the keys (HTTP 403 on {path}). Check `api_key` "
                    "(TAP_DATADOG_API_KEY) and `app_key` (TAP_DATADOG_APP_KEY), and that "
                    f"`site`/`api_url` ({self.url_base}) is your account's site; the "
                    f"`{self.name}` stream needs the `{self.permission}` permission. {detail}"
                )
            raise DatadogAuthError(msg)
        if status == HTTPStatus.NOT_FOUND and self.optional_product:
            msg = (
                f"Datadog answered 404 at {path}: the account does not have "
                f"{self.optional_product} (or the API is not enabled for it)."
            )
            raise FeatureUnavailableError(msg)
        if status >= HTTPStatus.BAD_REQUEST:
            raise FatalAPIError(self.response_error_message(response))
        try:
            decoded_body(response)
        except msgspec.DecodeError as exc:
            # A truncated or garbled 200 body is a transport fault: ask again.
            msg = f"Datadog returned a malformed JSON body for {path}: {exc}"
            raise RetriableAPIError(msg, response) from exc
        if response.headers.get("X-RateLimit-Remaining") == "0":
            # The budget is spent: hold every thread back instead of earning a 429.
            self.http.limiter.pause(_reset_seconds(response))

    @override
    def response_error_message(self, response: requests.Response) -> str:
        return (
            f"Datadog API error HTTP {response.status_code} for "
            f"{urlparse(response.url).path}: {_error_detail(response)}"
        )

    @override
    def backoff_wait_generator(self) -> Generator[float, t.Any, None]:
        return _wait_generator()

    @override
    def backoff_max_tries(self) -> int:
        tries = int(self.config.get("max_retries", 8)) + 1
        return tries if self.http.reached else min(tries, 3)

    @override
    def backoff_jitter(self, value: float) -> float:
        # Waiting less than X-RateLimit-Reset only earns another 429: jitter upwards only.
        return value + backoff.random_jitter(0) * 0.25

    @override
    def request_decorator(self, func: Callable[..., t.Any]) -> Callable[..., t.Any]:
        decorator: Callable[..., t.Any] = backoff.on_exception(
            self.backoff_wait_generator,
            _RETRIABLE,
            max_tries=self.backoff_max_tries,
            max_time=float(self.config.get("max_retry_wait", 600)),
            on_backoff=self.backoff_handler,
            jitter=self.backoff_jitter,
            logger=self.logger,
        )
        retried = decorator(func)

        def explained(*args: t.Any, **kwargs: t.Any) -> t.Any:  # noqa: ANN401
            try:
                return retried(*args, **kwargs)
            except _TRANSPORT_ERRORS as exc:
                msg = (
                    f"Cannot reach Datadog at {self.url_base} ({type(exc).__name__}: "
                    f"{_root_cause(exc)}). Check the `site`/`api_url` settings, the network "
                    "and any proxy; `request_timeout` and `max_retries` bound the waiting."
                )
                raise DatadogUnreachableError(msg) from exc

        return explained


def _wait_generator() -> Generator[float, t.Any, None]:
    """Wait as long as a 429 says; exponential (1, 2, 4 … 60 s) for other failures."""
    attempt = 0
    exception = yield 0.0  # primed by backoff
    while True:
        attempt += 1
        response = getattr(exception, "response", None)
        if response is not None and response.status_code == HTTPStatus.TOO_MANY_REQUESTS:
            exception = yield _reset_seconds(response)
        else:
            exception = yield float(min(2 ** (attempt - 1), 60))


def _reset_seconds(response: requests.Response) -> float:
    """Seconds until Datadog accepts requests again (`X-RateLimit-Reset`)."""
    raw = response.headers.get("X-RateLimit-Reset") or response.headers.get("Retry-After")
    try:
        return min(max(float(raw), 0.5), 3600.0) if raw is not None else 5.0
    except ValueError:
        return 5.0


def _error_detail(response: requests.Response) -> str:
    """Datadog's `{"errors": [...]}` as one line."""
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        return response.text[:300]
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors:
        return response.text[:300]
    return "; ".join(e if isinstance(e, str) else str(e.get("detail") or e) for e in errors)


def _retriable_types() -> tuple[type[Exception], ...]:
    import requests  # noqa: PLC0415

    return (
        ConnectionResetError,
        RetriableAPIError,
        requests.exceptions.Timeout,
        requests.exceptions.ConnectionError,
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
    )


def _transport_errors() -> tuple[type[Exception], ...]:
    import requests  # noqa: PLC0415

    return (requests.exceptions.ConnectionError, requests.exceptions.Timeout)


def _root_cause(exc: BaseException) -> str:
    """The innermost reason (e.g. `[Errno 111] Connection refused`), without URL noise."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc)
    return text.split(": ", 1)[-1] if "Failed to establish" in text else text


_RETRIABLE = _retriable_types()
_TRANSPORT_ERRORS = _transport_errors()
