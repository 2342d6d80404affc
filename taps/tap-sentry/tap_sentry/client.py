"""The Sentry web API contract: hosts, auth, Link-header pagination, rate limits, errors."""

from __future__ import annotations

import threading
import time
import typing as t
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import parse_qs, urlparse

import backoff
import msgspec
from requests.adapters import HTTPAdapter
from singer_sdk import RESTStream
from singer_sdk.authenticators import BearerTokenAuthenticator
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.mapper import SameRecordTransform
from singer_sdk.pagination import BaseAPIPaginator
from singer_sdk.singerlib import RecordMessage
from singer_sdk.streams.rest import HTTPRequest, PageContext
from typing_extensions import override

from tap_sentry.throttle import RateLimiter

if t.TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable

    import requests
    from singer_sdk.helpers.types import Context, Record
    from singer_sdk.tap_base import Tap

REGION_URLS = {"us": "https://us.sentry.io", "de": "https://de.sentry.io"}
PAGE_SIZE_MAX = 100
# The decoded body is kept on the response so that validation and parsing decode once.
_BODY_ATTR = "_sentry_body"


class SentryAuthError(FatalAPIError):
    """The token was refused (401), lacks a scope (403) or the organisation is unknown (404)."""


class SentryUnreachableError(FatalAPIError):
    """The API could not be reached (refused connection, DNS failure, timeouts)."""


class SentryGoneError(FatalAPIError):
    """A child resource answered 404/410: deleted (or merged) after its parent was listed."""

    def __init__(self, message: str, *, status: int, reason: str) -> None:
        """Create the error with the HTTP status and reason phrase."""
        super().__init__(message)
        self.status = status
        self.reason = reason


class VanishedChildren:
    """Children skipped because they vanished between listing and reading, counted per stream.

    One warning per skipped child (naming it), one summary at the end of the run
    (`TapSentry.sync_all`). Thread-safe: per-issue requests run on worker threads.
    """

    def __init__(self) -> None:
        """Start with nothing skipped."""
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def skipped(
        self,
        logger: t.Any,  # noqa: ANN401 - a logging.Logger or adapter
        *,
        stream: str,
        parent: str,
        ident: str,
        error: SentryGoneError,
    ) -> None:
        """Count one vanished child and say which, and that its parent record is kept."""
        with self._lock:
            self.counts[stream] = self.counts.get(stream, 0) + 1
        # Sentry answers 404 for an issue deleted or merged into another one, and for a
        # deleted release or project.
        how = "deleted or merged" if parent == "issue" else "deleted"
        logger.warning(
            "%s: skipped %s %s (HTTP %d %s): it was %s between listing and reading; "
            "the %s record is kept",
            stream,
            parent,
            ident,
            error.status,
            error.reason,
            how,
            parent,
        )

    @property
    def total(self) -> int:
        """How many children were skipped in this run."""
        with self._lock:
            return sum(self.counts.values())

    def log_summary(self, logger: t.Any) -> None:  # noqa: ANN401 - a logging.Logger
        """Warn once, at the end of the run, how many children were skipped (if any)."""
        line = self.summary()
        if line:
            logger.warning(line)

    def summary(self) -> str | None:
        """The end-of-run line, or `None` when nothing vanished."""
        with self._lock:
            if not self.counts:
                return None
            parts = ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items()))
            total = sum(self.counts.values())
        noun = "resource" if total == 1 else "resources"
        return f"Run summary: skipped {total} child {noun} that vanished ({parts})"


class SentryHTTP:
    """The HTTP session, request budget and worker pool shared by every stream of one run.

    Sentry limits requests per caller; all streams and worker threads draw from one
    budget, enforced in the transport adapter so that the SDK's own pagination and the
    concurrent per-issue requests both pass through it.
    """

    def __init__(
        self, *, requests_per_minute: float | None, concurrency: int, base_url: str | None = None
    ) -> None:
        """Create the shared session, throttle and concurrency gate.

        With `base_url`, the environment's proxy settings (`HTTPS_PROXY`, `NO_PROXY` …)
        are resolved once for that host: requests would otherwise scan the whole
        environment (and `~/.netrc`) on every request, a quarter of the tap's time.
        """
        import requests  # noqa: PLC0415 - keep module import light for --about

        self.limiter = RateLimiter(requests_per_minute)
        self.concurrency = concurrency
        #: Results fetched ahead for child streams (project teams, per-issue requests).
        self.prefetched: dict[tuple[str, ...], t.Any] = {}
        #: Whether any request has succeeded yet (fail fast on a wrong host before that).
        self.reached = False
        #: The server's clock: the latest `Date` response header (`None` until one is
        #: seen). Sentry's retention counts from its clock, not from this machine's.
        self.server_now: datetime | None = None
        self._date_raw = ""
        #: Children that vanished between listing and reading (counted, summarised).
        self.vanished = VanishedChildren()
        #: Concurrent requests in flight are capped by Sentry's ConcurrentLimit too.
        self.gate = _Gate(concurrency)
        self.session = requests.Session()
        adapter = _ThrottledAdapter(
            self.limiter, self.gate, pool_connections=4, pool_maxsize=max(concurrency * 2, 10)
        )
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        if base_url:
            from requests.utils import get_environ_proxies  # noqa: PLC0415

            self.session.proxies.update(get_environ_proxies(base_url))
            self.session.trust_env = False

    def observe_date(self, raw: str | None) -> None:
        """Track the server clock from a `Date` header (RFC 9110; parsed when it changes)."""
        if not raw or raw == self._date_raw:
            return
        self._date_raw = raw
        try:
            value = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        # Responses of concurrent requests arrive out of order: the clock only moves on.
        if self.server_now is None or value > self.server_now:
            self.server_now = value


class _Gate:
    """A resizable semaphore: at most `limit` requests in flight (Sentry's ConcurrentLimit)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._busy = 0
        self._cond = threading.Condition()

    def lower_to(self, limit: int) -> None:
        with self._cond:
            self._limit = max(1, min(self._limit, limit))

    def __enter__(self) -> None:
        with self._cond:
            while self._busy >= self._limit:
                self._cond.wait()
            self._busy += 1

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._busy -= 1
            self._cond.notify()


class _ThrottledAdapter(HTTPAdapter):
    def __init__(
        self, limiter: RateLimiter, gate: _Gate, *, pool_connections: int, pool_maxsize: int
    ) -> None:
        super().__init__(pool_connections=pool_connections, pool_maxsize=pool_maxsize)
        self._limiter = limiter
        self._gate = gate

    @override
    def send(self, request: requests.PreparedRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._limiter.acquire()
        with self._gate:
            return super().send(request, *args, **kwargs)


def next_cursor(response: requests.Response) -> str | None:
    """The cursor of Sentry's `rel="next"` link, or `None` when there are no more results.

    Sentry always sends a `next` link; `results="false"` says it leads nowhere. When the
    `cursor` attribute is missing (older servers), the cursor is read from the link URL.
    """
    link = response.links.get("next")
    if not link:
        return None
    if link.get("results", "").strip('"').lower() != "true":
        return None
    cursor = link.get("cursor")
    if not cursor:
        values = parse_qs(urlparse(link.get("url", "")).query).get("cursor") or [""]
        cursor = values[-1]
    return cursor.strip('"') if cursor else None


class SentryLinkPaginator(BaseAPIPaginator[str | None]):
    """Follow `rel="next"` only while it carries `results="true"`."""

    def __init__(self) -> None:
        """Start at the first page (no cursor)."""
        super().__init__(None)

    @override
    def get_next(self, response: requests.Response) -> str | None:
        return next_cursor(response)


def decoded_body(response: requests.Response) -> t.Any:  # noqa: ANN401
    """Decode a JSON response body once (msgspec is several times faster than json)."""
    body = getattr(response, _BODY_ATTR, None)
    if body is None:
        body = msgspec.json.decode(response.content)
        setattr(response, _BODY_ATTR, body)
    return body


class SentryStream(RESTStream[str | None]):
    """Base stream for Sentry's `/api/0/` endpoints."""

    # Nested objects pass through whole (they land as JSON); the contract tests check
    # every nested field against the schema instead of a recursive walk per record.
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.ROOT_ONLY

    #: The token scope this endpoint needs (named in 403 messages).
    scope: t.ClassVar[str] = "org:read"
    #: Per-stream query parameters sent with every page.
    extra_params: t.ClassVar[dict[str, t.Any]] = {}
    #: Name of the page-size parameter (`per_page`, or `limit` on the issues endpoint);
    #: `None` where the operation documents none (single objects, the deploys list).
    page_size_param: t.ClassVar[str | None] = "per_page"
    #: Whether a 404/410 means this resource vanished after its parent was listed (a
    #: child: skipped and counted) rather than a wrong organisation (fatal).
    vanishable: t.ClassVar[bool] = False

    def __init__(self, tap: Tap, *, http: SentryHTTP) -> None:
        """Create the stream with the tap-wide HTTP session and budget."""
        self.http = http
        super().__init__(tap=tap)

    @property
    @override
    def url_base(self) -> str:
        base = self.config.get("base_url")
        return str(base or REGION_URLS[self.config.get("region", "us")]).rstrip("/")

    @property
    @override
    def requests_session(self) -> requests.Session:
        return self.http.session

    @property
    @override
    def authenticator(self) -> BearerTokenAuthenticator:
        return BearerTokenAuthenticator(token=self.config["auth_token"])

    @property
    @override
    def http_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "User-Agent": self.user_agent}

    @property
    @override
    def timeout(self) -> int:
        return int(self.config.get("request_timeout", 60))

    @property
    def page_size(self) -> int:
        """Records per page (Sentry's maximum is 100)."""
        return min(int(self.config.get("page_size", PAGE_SIZE_MAX)), PAGE_SIZE_MAX)

    # --- record messages ----------------------------------------------------------------

    @override
    def _generate_record_messages(self, record: Record) -> Generator[RecordMessage, None, None]:
        """The SDK's record message, without its per-field walks when they do nothing.

        With every property selected and no stream map, deselection is a no-op and
        root-level conformance of decoded JSON only drops undeclared keys and turns
        non-boolean values of boolean-only properties into booleans: done here with set
        operations instead of a Python call per field. Otherwise the SDK's path runs.
        """
        plan = self._record_plan
        if plan is None:
            plan = self._record_plan = self._make_record_plan()
        if plan is False:
            yield from super()._generate_record_messages(record)
            return
        declared, booleans = plan
        if not record.keys() <= declared:
            unmapped = tuple(sorted(record.keys() - declared))
            for key in unmapped:
                del record[key]
            if (self.name, *unmapped) not in self._warned_unmapped:
                # The SDK's wording, once per stream and set of keys (as the SDK does).
                self._warned_unmapped.add((self.name, *unmapped))
                self.logger.warning(
                    "Properties %s were present in the '%s' stream but "
                    "not found in catalog schema. Ignoring.",
                    unmapped,
                    self.name,
                )
        for key in booleans:
            value = record.get(key)
            if value is not None and not isinstance(value, bool):
                record[key] = value != 0
        yield RecordMessage(
            stream=self.stream_maps[0].stream_alias,
            record=record,
            version=self._stream_version,
            time_extracted=datetime.now(UTC),
        )

    _record_plan: tuple[frozenset[str], tuple[str, ...]] | t.Literal[False] | None = None
    _warned_unmapped: t.ClassVar[set[tuple[str, ...]]] = set()

    def _make_record_plan(self) -> tuple[frozenset[str], tuple[str, ...]] | t.Literal[False]:
        maps = self.stream_maps
        if (
            len(maps) != 1
            or type(maps[0]) is not SameRecordTransform
            or maps[0].stream_alias != self.name
            or not all(self.mask.values())
            or self.TYPE_CONFORMANCE_LEVEL != TypeConformanceLevel.ROOT_ONLY
        ):
            return False
        properties = self.effective_schema.get("properties") or {}
        booleans = tuple(k for k, v in properties.items() if _is_boolean_only(v))
        return frozenset(properties), booleans

    @override
    def get_new_paginator(self) -> SentryLinkPaginator:
        return SentryLinkPaginator()

    def query_params(self, context: Context | None) -> dict[str, t.Any]:  # noqa: ARG002
        """Query parameters of this stream besides pagination."""
        return dict(self.extra_params)

    @override
    def get_http_request(self, *, page: PageContext[str | None]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        params = self.query_params(page.stream_context)
        if self.page_size_param:
            params[self.page_size_param] = self.page_size
        if page.next_page_token:
            params["cursor"] = page.next_page_token
        request.params = params
        return request

    @override
    def parse_response(self, response: requests.Response) -> Iterable[dict[str, t.Any]]:
        body = decoded_body(response)
        return body if isinstance(body, list) else [body]

    # --- errors, retries and rate limits -------------------------------------------

    @override
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        path = urlparse(response.url).path
        self._observe_concurrency(response)
        self.http.observe_date(response.headers.get("Date"))
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            wait = self._reset_seconds(response)
            self.http.limiter.pause(wait)
            msg = (
                f"Sentry rate limit reached (HTTP 429) on {path}; waiting {wait:.1f}s "
                f"until X-Sentry-Rate-Limit-Reset. {_detail(response)}"
            )
            raise RetriableAPIError(msg, response)
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            raise RetriableAPIError(self.response_error_message(response), response)
        if status == HTTPStatus.UNAUTHORIZED:
            msg = (
                "Sentry refused the auth token (HTTP 401). Check the `auth_token` setting "
                "(TAP_SENTRY_AUTH_TOKEN): it must be a valid personal or internal-integration "
                f"token for {self.url_base} (`region`/`base_url`). {_detail(response)}"
            )
            raise SentryAuthError(msg)
        if status == HTTPStatus.FORBIDDEN:
            msg = (
                f"Sentry denied access to {path} (HTTP 403): the `auth_token` needs the "
                f"`{self.scope}` scope for the `{self.name}` stream (tap-sentry reads with "
                "org:read, project:read and event:read). Add the scope to the token or "
                f"deselect the stream. {_detail(response)}"
            )
            raise SentryAuthError(msg)
        if self.vanishable and status in {HTTPStatus.NOT_FOUND, HTTPStatus.GONE}:
            msg = f"Sentry answered {status} for {path}: {_detail(response)}"
            raise SentryGoneError(msg, status=status, reason=HTTPStatus(status).phrase)
        if status == HTTPStatus.NOT_FOUND and "/organizations/" in path:
            org = path.split("/organizations/", 1)[1].split("/", 1)[0]
            msg = (
                f"Sentry answered 404 for {path}: organization {org!r} does not exist or the "
                "token cannot see it. Check the `organization`/`organizations` setting (the "
                f"organization slug) and `region`/`base_url` ({self.url_base}). {_detail(response)}"
            )
            raise SentryAuthError(msg)
        if status >= HTTPStatus.BAD_REQUEST:
            raise FatalAPIError(self.response_error_message(response))
        try:
            decoded_body(response)
            self.http.reached = True
        except msgspec.DecodeError as exc:
            # A truncated or garbled 200 body is a transport fault: ask again.
            msg = f"Sentry returned a malformed JSON body for {path}: {exc}"
            raise RetriableAPIError(msg, response) from exc

    def _observe_concurrency(self, response: requests.Response) -> None:
        raw = response.headers.get("X-Sentry-Rate-Limit-ConcurrentLimit")
        if raw and raw.isdigit() and int(raw) > 0:
            self.http.gate.lower_to(int(raw))

    def _reset_seconds(self, response: requests.Response) -> float:
        """Seconds until the window resets (`X-Sentry-Rate-Limit-Reset` is epoch seconds)."""
        cap = float(self.config.get("max_retry_wait", 600))
        raw = response.headers.get("X-Sentry-Rate-Limit-Reset")
        retry_after = response.headers.get("Retry-After")
        try:
            if raw is not None:
                return min(max(float(raw) - time.time(), 0.5), cap)
            if retry_after is not None:
                return min(max(float(retry_after), 0.5), cap)
        except ValueError:
            pass
        return 5.0

    @override
    def response_error_message(self, response: requests.Response) -> str:
        return (
            f"Sentry API error HTTP {response.status_code} for "
            f"{urlparse(response.url).path}: {_detail(response)}"
        )

    @override
    def backoff_wait_generator(self) -> Generator[float, t.Any, None]:
        return _wait_generator(self)

    @override
    def backoff_max_tries(self) -> int:
        # backoff evaluates this per request, so the first request fails fast.
        tries = int(self.config.get("max_retries", 8)) + 1
        return tries if self.http.reached else min(tries, 3)

    @override
    def backoff_jitter(self, value: float) -> float:
        # Waiting less than the reset only earns another 429: jitter upwards only.
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
                    f"Cannot reach Sentry at {self.url_base} ({type(exc).__name__}: "
                    f"{_root_cause(exc)}). Check the `base_url`/`region` settings, the network "
                    "and any proxy; `request_timeout` and `max_retries` bound the waiting."
                )
                raise SentryUnreachableError(msg) from exc

        return explained

    # --- one page, usable from worker threads ----------------------------------------

    def fetch(self, context: Context | None, cursor: str | None) -> tuple[t.Any, str | None]:
        """Request one page with retries; return the decoded body and the next cursor."""
        http_request = self.get_http_request(
            page=PageContext(stream_context=context, next_page_token=cursor),
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

        response = self.request_decorator(send)()
        return decoded_body(response), next_cursor(response)

    def fetch_all(
        self, context: Context | None, *, cap: int | None = None
    ) -> list[dict[str, t.Any]]:
        """Every page of this stream's endpoint for `context` (at most `cap` records).

        Pages are followed while Sentry's `next` link says `results="true"`, whatever
        their size (a server may return fewer rows than asked, even none). A row repeated
        on a later page (offset paging over changing data) is kept once, by `id`.
        """
        records: list[dict[str, t.Any]] = []
        ids: set[t.Any] = set()
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            body, cursor = self.fetch(context, cursor)
            for row in body if isinstance(body, list) else [body]:
                key = row.get("id") if isinstance(row, dict) else None
                if key is not None:
                    if key in ids:
                        continue
                    ids.add(key)
                records.append(row)
            if cap is not None and len(records) >= cap:
                return records[:cap]
            if cursor is None or cursor in seen:
                return records
            seen.add(cursor)


def _is_boolean_only(schema: dict[str, t.Any]) -> bool:
    """Whether a property schema admits booleans (and null) only."""
    types = schema.get("type")
    kinds = {types} if isinstance(types, str) else set(types or ())
    return bool(kinds) and kinds - {"null"} == {"boolean"}


def _wait_generator(stream: SentryStream) -> Generator[float, t.Any, None]:
    """Wait until the reset a 429 names; exponential (1, 2, 4 … 60 s) for other failures."""
    attempt = 0
    exception = yield 0.0  # primed by backoff
    while True:
        attempt += 1
        response = getattr(exception, "response", None)
        if response is not None and response.status_code == HTTPStatus.TOO_MANY_REQUESTS:
            exception = yield stream._reset_seconds(response)  # noqa: SLF001
        else:
            exception = yield float(min(2 ** (attempt - 1), 60))


def _detail(response: requests.Response) -> str:
    """Sentry's error body (`{"detail": ...}`) as one line."""
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        return response.text[:300].strip()
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])
    return str(body)[:300]


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
