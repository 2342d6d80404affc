"""The PagerDuty REST API v2 contract: hosts, auth, pagination, rate limits and errors."""

from __future__ import annotations

import threading
import typing as t
from collections import Counter
from http import HTTPStatus
from urllib.parse import urlparse

import backoff
import msgspec
from requests.adapters import HTTPAdapter
from singer_sdk import RESTStream
from singer_sdk.authenticators import APIKeyAuthenticator
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.pagination import BaseAPIPaginator, OffsetPaginator, SinglePagePaginator
from singer_sdk.streams.rest import HTTPRequest, PageContext
from typing_extensions import override

from tap_pagerduty.throttle import RateLimiter

if t.TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable

    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.tap_base import Tap

API_URLS = {"us": "https://api.pagerduty.com", "eu": "https://api.eu.pagerduty.com"}
PAGE_SIZE_MAX = 100
# PagerDuty answers HTTP 400 when offset + limit exceeds this; windows must stay under it.
OFFSET_CAP = 10_000
# The decoded body is kept on the response so that validation and parsing decode once.
_BODY_ATTR = "_pagerduty_body"


class PagerDutyAuthError(FatalAPIError):
    """The token was refused (401) or lacks access (403)."""


class PagerDutyUnreachableError(FatalAPIError):
    """The API could not be reached (refused connection, DNS failure, timeouts)."""


class ChildVanishedError(FatalAPIError):
    """A child list of a listed parent answered 404/410: the parent was deleted meanwhile."""

    def __init__(self, message: str, status: str) -> None:
        """Create the error; `status` is e.g. `HTTP 404 Not Found`."""
        super().__init__(message)
        self.status = status


class VanishedChildren:
    """Children listed by their parent that were gone when read: skipped, counted, reported.

    PagerDuty deletes teams and users at any time; between the list that named a parent and
    the request for its children, the parent may be gone (HTTP 404 or 410). That loses the
    children of one parent, not the run: the parent record is already emitted, one warning
    names it, and the run ends with a summary of everything skipped.
    """

    def __init__(self) -> None:
        """Start with nothing skipped."""
        self._lock = threading.Lock()
        self.skipped: Counter[str] = Counter()

    def skip(self, stream: str, parent: str, parent_id: str, status: str) -> str:
        """Count one vanished child list; return the warning to log."""
        with self._lock:
            self.skipped[stream] += 1
        return (
            f"{stream}: skipped {parent} {parent_id} ({status}): it was deleted between "
            f"listing and reading; the {parent} record is kept"
        )

    def summary(self) -> str | None:
        """The end-of-run summary, or None when nothing vanished."""
        with self._lock:
            if not self.skipped:
                return None
            detail = ", ".join(f"{name}: {n}" for name, n in sorted(self.skipped.items()))
            total = sum(self.skipped.values())
        noun = "resource" if total == 1 else "resources"
        return f"Run summary: skipped {total} child {noun} that vanished ({detail})"


class PagerDutyHTTP:
    """The HTTP session and request budget shared by every stream of one tap run.

    PagerDuty's rate limit is per API key, so all streams and all worker threads draw
    from one budget; the throttle sits in the transport adapter so that the SDK's own
    sequential pagination and the concurrent window fetches both pass through it.
    """

    def __init__(self, *, requests_per_minute: float | None, pool_size: int) -> None:
        """Create the shared session and throttle."""
        import requests  # noqa: PLC0415 - keep module import light for --about

        self.limiter = RateLimiter(requests_per_minute)
        #: Child lists skipped because their parent vanished (reported at the end of the run).
        self.vanished = VanishedChildren()
        #: Objects one stream receives embedded for another (contact methods by user id),
        #: kept out of the child context so they stay out of state and logs.
        self.embedded: dict[str, list[dict[str, t.Any]]] = {}
        #: Whether any request has succeeded yet: failing to connect before that is
        #: almost always a wrong `api_url`/`region`, not a blip worth minutes of retries.
        self.reached = False
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


class PagerDutyPaginator(OffsetPaginator):
    """Classic PagerDuty pagination: `offset`/`limit`, continue while `more` is true.

    The next offset is this one plus the records the page actually held: PagerDuty may
    serve fewer than the `limit` asked (its body's `limit` says what it used), and
    advancing by the limit asked would skip the difference on every page.
    """

    def __init__(self, start_value: int, page_size: int, collection: str) -> None:
        """Create the paginator; `collection` is the key of the records in the body."""
        super().__init__(start_value, page_size)
        self.collection = collection

    def _held(self, response: requests.Response) -> int:
        return len(decoded_body(response).get(self.collection) or [])

    @override
    def get_next(self, response: requests.Response) -> int | None:
        return self.current_value + self._held(response)

    @override
    def has_more(self, response: requests.Response) -> bool:
        if not decoded_body(response).get("more") or not self._held(response):
            return False
        if self.current_value + self._held(response) + self.page_size > OFFSET_CAP:
            # The API refuses offset + limit > 10,000. Windowed streams never get here;
            # for the others, stopping quietly would lose records, so say so.
            msg = (
                f"More than {OFFSET_CAP} records at {urlparse(response.url).path}: PagerDuty "
                "cannot page past that. Narrow the sync with `team_ids`/`service_ids`."
            )
            raise FatalAPIError(msg)
        return True


def decoded_body(response: requests.Response) -> dict[str, t.Any]:
    """Decode a JSON response body once (msgspec is several times faster than json)."""
    body = getattr(response, _BODY_ATTR, None)
    if body is None:
        body = msgspec.json.decode(response.content)
        setattr(response, _BODY_ATTR, body)
    return t.cast("dict[str, t.Any]", body)


class PagerDutyStream(RESTStream[int]):
    """Base stream for the PagerDuty REST API v2."""

    # Nested objects are passed through whole (they land as JSON); checking only the
    # top level saves a recursive walk of every record. The contract tests check every
    # nested field against the schema instead.
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.ROOT_ONLY

    #: Key of the list in the response body (`incidents`, `log_entries`, …).
    collection: t.ClassVar[str]
    #: Per-stream query parameters sent with every page.
    extra_params: t.ClassVar[dict[str, t.Any]] = {}
    #: Settings sent as PagerDuty list filters (`team_ids` -> `team_ids[]`).
    filter_settings: t.ClassVar[tuple[str, ...]] = ()
    #: For a child stream: the parent's noun and context key, named when the parent
    #: vanished between listing and reading (`("team", "team_id")`).
    vanished_parent: t.ClassVar[tuple[str, str] | None] = None
    #: Whether the operation takes `limit`/`offset` (PagerDuty's few unpaginated lists
    #: reject them: they are not parameters of the operation).
    paginated: t.ClassVar[bool] = True

    def __init__(self, tap: Tap, *, http: PagerDutyHTTP) -> None:
        """Create the stream with the tap-wide HTTP session and rate-limit budget."""
        self.http = http
        super().__init__(tap=tap)

    @property
    @override
    def url_base(self) -> str:
        api_url = self.config.get("api_url")
        return str(api_url or API_URLS[self.config.get("region", "us")]).rstrip("/")

    @property
    @override
    def requests_session(self) -> requests.Session:
        return self.http.session

    @property
    @override
    def authenticator(self) -> APIKeyAuthenticator:
        return APIKeyAuthenticator(
            key="Authorization",
            value=f"Token token={self.config['token']}",
            location="header",
        )

    @property
    @override
    def http_headers(self) -> dict[str, str]:
        return {
            "Accept": "application/vnd.pagerduty+json;version=2",
            "Content-Type": "application/json",
            "User-Agent": self.user_agent,
        }

    @property
    @override
    def timeout(self) -> int:
        return int(self.config.get("request_timeout", 60))

    @property
    def page_size(self) -> int:
        """Records per page (PagerDuty's maximum is 100)."""
        return min(int(self.config.get("page_size", PAGE_SIZE_MAX)), PAGE_SIZE_MAX)

    @override
    def get_new_paginator(self) -> BaseAPIPaginator[t.Any]:
        if not self.paginated:
            return SinglePagePaginator()
        return PagerDutyPaginator(
            start_value=0, page_size=self.page_size, collection=self.collection
        )

    def dedupe_key(self, record: dict[str, t.Any]) -> t.Any:  # noqa: ANN401
        """What identifies a record within one listing (None: never a duplicate)."""
        return record.get("id")

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        # Offset pages over a list that changes while it is read repeat a row when one is
        # added ahead of the offset: emit each record once per listing.
        seen: set[t.Any] = set()
        try:
            for record in super().get_records(context):
                key = self.dedupe_key(record)
                if key is not None:
                    if key in seen:
                        continue
                    seen.add(key)
                yield record
        except ChildVanishedError as exc:
            noun, key_name = self.vanished_parent or ("parent", "")
            parent_id = str((context or {}).get(key_name, "?"))
            self.logger.warning(self.http.vanished.skip(self.name, noun, parent_id, exc.status))

    def query_params(self, context: Context | None) -> dict[str, t.Any]:  # noqa: ARG002
        """Query parameters of this stream besides pagination."""
        params = dict(self.extra_params)
        for setting in self.filter_settings:
            if self.config.get(setting):
                params[f"{setting}[]"] = list(self.config[setting])
        return params

    @override
    def get_http_request(self, *, page: PageContext[int]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        request.params = self.query_params(page.stream_context)
        if self.paginated:
            request.params.update(limit=self.page_size, offset=page.next_page_token or 0)
        return request

    @override
    def parse_response(self, response: requests.Response) -> Iterable[dict[str, t.Any]]:
        return decoded_body(response).get(self.collection) or []

    # --- errors, retries and rate limits -------------------------------------------

    @override
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            wait = _reset_seconds(response)
            self.http.limiter.pause(wait)
            msg = (
                f"PagerDuty rate limit reached (HTTP 429); waiting {wait:.1f}s "
                "as ratelimit-reset says."
            )
            raise RetriableAPIError(msg, response)
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            raise RetriableAPIError(self.response_error_message(response), response)
        if status == HTTPStatus.UNAUTHORIZED:
            msg = (
                "PagerDuty refused the API token (HTTP 401). Check the `token` setting "
                "(TAP_PAGERDUTY_TOKEN): it must be a valid REST API key, and `region`/`api_url` "
                f"must match your account ({self.url_base}). {_error_detail(response)}"
            )
            raise PagerDutyAuthError(msg)
        if status == HTTPStatus.FORBIDDEN:
            msg = (
                f"PagerDuty denied access to {urlparse(response.url).path} (HTTP 403). The "
                "`token` setting needs read access to this resource: use a read-only "
                "account-level API key, or remove the stream from the selection. "
                f"{_error_detail(response)}"
            )
            raise PagerDutyAuthError(msg)
        if status in {HTTPStatus.NOT_FOUND, HTTPStatus.GONE}:
            reason = f"HTTP {status} {HTTPStatus(status).phrase}"
            if self.vanished_parent is not None:
                raise ChildVanishedError(self.response_error_message(response), reason)
            msg = (
                f"PagerDuty answered {reason} for {urlparse(response.url).path}: no such "
                f"endpoint at {self.url_base}. Check the `api_url`/`region` settings "
                f"(the API root, e.g. {API_URLS['us']}). {_error_detail(response)}"
            )
            raise FatalAPIError(msg)
        if status >= HTTPStatus.BAD_REQUEST:
            raise FatalAPIError(self.response_error_message(response))
        try:
            decoded_body(response)
            self.http.reached = True
        except msgspec.DecodeError as exc:
            # A truncated or garbled 200 body is a transport fault: ask again.
            msg = (
                f"PagerDuty returned a malformed JSON body for {urlparse(response.url).path}: {exc}"
            )
            raise RetriableAPIError(msg, response) from exc

    @override
    def response_error_message(self, response: requests.Response) -> str:
        return (
            f"PagerDuty API error HTTP {response.status_code} for "
            f"{urlparse(response.url).path}: {_error_detail(response)}"
        )

    @override
    def backoff_wait_generator(self) -> Generator[float, t.Any, None]:
        return _wait_generator()

    @override
    def backoff_max_tries(self) -> int:
        # backoff evaluates this per request, so the first request fails fast.
        tries = int(self.config.get("max_retries", 8)) + 1
        return tries if self.http.reached else min(tries, 3)

    @override
    def backoff_jitter(self, value: float) -> float:
        # Waiting less than ratelimit-reset only earns another 429: jitter upwards only.
        return value + backoff.random_jitter(0) * 0.25

    @override
    def request_decorator(self, func: Callable[..., t.Any]) -> Callable[..., t.Any]:
        # The SDK's decorator bounds tries only; bound the total wait as well.
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
                    f"Cannot reach PagerDuty at {self.url_base} ({type(exc).__name__}: "
                    f"{_root_cause(exc)}). Check the `api_url`/`region` settings, the network "
                    "and any proxy; `request_timeout` and `max_retries` bound the waiting."
                )
                raise PagerDutyUnreachableError(msg) from exc

        return explained

    # --- one request, usable from worker threads -------------------------------------

    def fetch(self, context: Context | None, offset: int) -> dict[str, t.Any]:
        """Request one page with retries; return the decoded body."""
        http_request = self.get_http_request(
            page=PageContext(stream_context=context, next_page_token=offset),
        )

        def send() -> requests.Response:
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

        return decoded_body(self.request_decorator(send)())


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
    """Seconds until PagerDuty accepts requests again (`ratelimit-reset`)."""
    raw = response.headers.get("ratelimit-reset") or response.headers.get("Retry-After")
    try:
        return max(float(raw), 0.5) if raw is not None else 5.0
    except ValueError:
        return 5.0


def _error_detail(response: requests.Response) -> str:
    """PagerDuty's error body as one line (`message (code N): errors…`)."""
    try:
        error = msgspec.json.decode(response.content).get("error") or {}
    except (msgspec.DecodeError, AttributeError):
        return response.text[:300]
    parts = [str(error.get("message", "")).strip()]
    if error.get("code") is not None:
        parts.append(f"(code {error['code']})")
    if error.get("errors"):
        parts.append("; ".join(str(e) for e in error["errors"]))
    return " ".join(p for p in parts if p)


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
    """The innermost reason (e.g. `[Errno 111] Connection refused`), without the URL noise."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc)
    return text.split(": ", 1)[-1] if "Failed to establish" in text else text


_RETRIABLE = _retriable_types()
_TRANSPORT_ERRORS = _transport_errors()
