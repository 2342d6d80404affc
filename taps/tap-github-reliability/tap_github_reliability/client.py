"""The GitHub REST contract: auth, API version, Link pagination, rate limits, errors."""

from __future__ import annotations

import re
import threading
import time
import typing as t
from collections import Counter
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urlparse

import backoff
import msgspec
from requests.adapters import HTTPAdapter
from singer_sdk import RESTStream
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.mapper import SameRecordTransform
from singer_sdk.pagination import BaseAPIPaginator
from singer_sdk.singerlib import RecordMessage
from singer_sdk.streams.rest import HTTPRequest, PageContext
from typing_extensions import override

if t.TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Generator, Iterable

    import requests
    from singer_sdk.helpers.types import Context, Record
    from singer_sdk.tap_base import Tap

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_API_VERSION = "2022-11-28"
PAGE_SIZE = 100
#: Without `retry-after`, GitHub asks clients to wait at least a minute after a
#: secondary rate limit.
SECONDARY_WAIT = 60.0
_BODY_ATTR = "_github_body"


class GitHubAuthError(FatalAPIError):
    """The token was refused (401), lacks a scope (403) or cannot see the organisation."""


class GitHubUnreachableError(FatalAPIError):
    """The API could not be reached (refused connection, DNS failure, timeouts)."""


class ChildUnavailableError(FatalAPIError):
    """A resource below a team or a repository answered 404, 409 or 410.

    Never fatal for the run: the stream decides whether it is a normal answer (an
    unprotected branch, an empty repository, Actions disabled) or a child that vanished
    since its parent was listed (skipped, warned about and counted in :class:`ChildSkips`).
    """

    def __init__(self, status: int, message: str) -> None:
        """Keep the status and GitHub's message."""
        super().__init__(message)
        self.status = status
        self.message = message

    @property
    def vanished(self) -> bool:
        """A plain 404 `Not Found` or a 410: the child is gone (or out of the token's sight).

        404s with a message of their own (`Branch not protected`, `Branch not found`) and
        410 `Actions are disabled` are answers about the child, not its absence.
        """
        if self.status == HTTPStatus.NOT_FOUND:
            return self.message.strip().lower() in ("", "not found")
        return self.status == HTTPStatus.GONE and "disabled" not in self.message.lower()


class ChildSkips:
    """Children skipped because they vanished: one warning each, one summary per run.

    A team deleted between listing teams and reading its members, a repository deleted
    or renamed between listing and reading its hooks, a deployment whose statuses are
    gone: the child is skipped, its parent record is still emitted, the run goes on.
    """

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
        error: ChildUnavailableError,
        *,
        kept: str,
        logger: logging.Logger,
    ) -> None:
        """Count one vanished child and say so once, naming it.

        Args:
            stream: The stream that could not read it (`team_members`).
            what: The child, as a user would look it up (`team platform`).
            error: What GitHub answered.
            kept: What is still emitted (`the team record is kept`).
            logger: The stream's logger.
        """
        with self._lock:
            self.by_stream[stream] += 1
        reason = HTTPStatus(error.status).phrase if error.status in _STATUSES else "error"
        logger.warning(
            "%s: skipped %s (HTTP %d %s): it was deleted or renamed between listing and "
            "reading, or the token can no longer see it; %s",
            stream,
            what,
            error.status,
            reason,
            kept,
        )

    def summary(self, logger: logging.Logger) -> None:
        """Log the end-of-run summary (nothing when nothing was skipped)."""
        if not self.total:
            return
        parts = ", ".join(f"{name}: {n}" for name, n in sorted(self.by_stream.items()))
        logger.warning(
            "Run summary: skipped %d child resources that vanished (%s); everything else was read.",
            self.total,
            parts,
        )


_STATUSES = frozenset(int(s) for s in HTTPStatus)
#: A path below a team (`/orgs/{org}/teams/{slug}/...`) or a repository (`/repos/...`),
#: whatever prefix the API root has (GHES: `/api/v3`).
_CHILD_PATH = re.compile(r"/orgs/[^/]+/teams/[^/]+/|/repos/[^/]+/[^/]+/")
_ORG_PATH = re.compile(r"/orgs/([^/]+)/?$")


class RateLimitedError(RetriableAPIError):
    """A primary or secondary rate limit: retry after `wait` seconds."""

    def __init__(self, message: str, response: requests.Response, wait: float) -> None:
        """Carry the wait the response asked for."""
        super().__init__(message, response)
        self.wait = wait


class Tokens:
    """The configured tokens, rotated when the current one's primary limit is spent.

    Each token has its own primary budget (5,000 requests an hour for a user); when one
    is exhausted the run continues with the next whose window is not spent, and waits
    only when all are.
    """

    def __init__(self, tokens: list[str]) -> None:
        """Start with the first token."""
        self._tokens = tokens
        self._current = 0
        self._spent_until = [0.0] * len(tokens)
        self._lock = threading.Lock()

    @property
    def current(self) -> str:
        """The token requests are sent with now."""
        return self._tokens[self._current]

    def __len__(self) -> int:
        """How many tokens are configured."""
        return len(self._tokens)

    def exhausted(self, token: str, reset_at: float) -> float:
        """Mark `token` spent until `reset_at` (epoch); return seconds to wait (0: rotated)."""
        with self._lock:
            now = time.time()
            for i, value in enumerate(self._tokens):
                if value == token:
                    self._spent_until[i] = max(self._spent_until[i], reset_at)
            for offset in range(len(self._tokens)):
                i = (self._current + offset) % len(self._tokens)
                if self._spent_until[i] <= now:
                    self._current = i
                    return 0.0
            i = min(range(len(self._tokens)), key=lambda k: self._spent_until[k])
            self._current = i
            return max(self._spent_until[i] - now, 0.0)


class GitHubHTTP:
    """The HTTP session, tokens, worker pool and caches shared by every stream of a run."""

    def __init__(self, *, tokens: list[str], concurrency: int, base_url: str) -> None:
        """Create the shared session (proxies resolved once for the API host)."""
        import requests  # noqa: PLC0415 - keep module import light for --about
        from requests.utils import get_environ_proxies  # noqa: PLC0415

        self.tokens = Tokens(tokens)
        self.concurrency = concurrency
        #: Repositories per organisation, read once per run (`repositories` and every
        #: per-repository stream share the list).
        self.repos: dict[str, list[dict[str, t.Any]]] = {}
        self.repos_lock = threading.Lock()
        #: Children that vanished during the run (one summary at its end).
        self.skips = ChildSkips()
        #: Results fetched ahead for child streams, by key.
        self.prefetched: dict[tuple[str, ...], t.Any] = {}
        self.reached = False
        self.server_now: datetime | None = None
        self._date_raw = ""
        self._pause_until = 0.0
        self._pause_lock = threading.Lock()
        self.session = requests.Session()
        adapter = _TokenAdapter(self, pool_connections=4, pool_maxsize=max(concurrency * 2, 10))
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.proxies.update(get_environ_proxies(base_url))
        self.session.trust_env = False

    def pause(self, seconds: float) -> None:
        """Hold every request back for `seconds` (a secondary limit concerns the caller)."""
        with self._pause_lock:
            self._pause_until = max(self._pause_until, time.monotonic() + seconds)

    def wait_if_paused(self) -> None:
        """Block while a pause is in force."""
        delay = self._pause_until - time.monotonic()
        if delay > 0:
            threading.Event().wait(delay)

    def observe_date(self, raw: str | None) -> None:
        """Track the server clock from a `Date` header (only ever moves on)."""
        if not raw or raw == self._date_raw:
            return
        self._date_raw = raw
        try:
            value = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        if self.server_now is None or value > self.server_now:
            self.server_now = value


class _TokenAdapter(HTTPAdapter):
    """Sends every request (retries included) with the token current at send time."""

    def __init__(self, http: GitHubHTTP, *, pool_connections: int, pool_maxsize: int) -> None:
        super().__init__(pool_connections=pool_connections, pool_maxsize=pool_maxsize)
        self._http = http

    @override
    def send(self, request: requests.PreparedRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._http.wait_if_paused()
        request.headers["Authorization"] = f"Bearer {self._http.tokens.current}"
        return super().send(request, *args, **kwargs)


def next_link(response: requests.Response) -> str | None:
    """The `rel="next"` URL of GitHub's `Link` header (followed as given)."""
    link = response.links.get("next")
    return link.get("url") if link else None


class GitHubLinkPaginator(BaseAPIPaginator[str | None]):
    """Follow the `rel="next"` URL until there is none."""

    def __init__(self) -> None:
        """Start at the first page."""
        super().__init__(None)

    @override
    def get_next(self, response: requests.Response) -> str | None:
        return next_link(response)


def decoded_body(
    response: requests.Response, decoder: msgspec.json.Decoder[t.Any] | None = None
) -> t.Any:  # noqa: ANN401
    """Decode a JSON body once (msgspec is several times faster than json).

    With a `decoder` for the stream's row shape (TypedDicts naming the fields the stream
    reads), the keys the tap never reads — GitHub's full repository objects inside pull
    requests and workflow runs, every user's links — are skipped while parsing; the rows
    are plain dicts all the same. A body of another shape is decoded as is.
    """
    body = getattr(response, _BODY_ATTR, None)
    if body is None:
        if decoder is not None:
            try:
                body = decoder.decode(response.content)
            except msgspec.ValidationError:
                body = msgspec.json.decode(response.content)
        else:
            body = msgspec.json.decode(response.content)
        setattr(response, _BODY_ATTR, body)
    return body


def row_type(name: str, fields: dict[str, t.Any]) -> t.Any:  # noqa: ANN401
    """A TypedDict of the keys a stream reads (values as sent; other keys skipped)."""
    return t.TypedDict(name, fields, total=False)  # type: ignore[operator]


class GitHubStream(RESTStream[str | None]):
    """Base stream for GitHub's REST API."""

    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.ROOT_ONLY
    #: The OAuth scope the endpoint needs (named when a 403 says it is missing).
    scope: t.ClassVar[str] = "repo"
    #: Per-stream query parameters of the first page.
    extra_params: t.ClassVar[dict[str, t.Any]] = {}
    #: Key of the list in a wrapped body (`{"total_count": n, "<key>": [...]}`).
    records_key: t.ClassVar[str | None] = None
    #: Whether the endpoint is a list (`per_page`, `Link`); single objects take no
    #: paging parameters (GitHub's description declares none for them).
    paginated: t.ClassVar[bool] = True
    #: Properties copied from GitHub's object under the same name (nested objects
    #: reduced to the properties the schema declares for them).
    copied: t.ClassVar[tuple[str, ...]] = ()
    #: The shape of a response body, to decode only what the stream reads (see
    #: `decoded_body`); None: decode everything.
    body_type: t.ClassVar[t.Any] = None

    @property
    def decoder(self) -> msgspec.json.Decoder[t.Any] | None:
        """The decoder of this stream's response bodies (one per stream class)."""
        cls = type(self)
        if self.body_type is None:
            return None
        decoder = cls.__dict__.get("_decoder")
        if decoder is None:
            decoder = msgspec.json.Decoder(self.body_type)
            cls._decoder = decoder  # type: ignore[attr-defined]
        return t.cast("msgspec.json.Decoder[t.Any]", decoder)

    def __init__(self, tap: Tap, *, http: GitHubHTTP) -> None:
        """Create the stream with the tap-wide HTTP session."""
        self.http = http
        super().__init__(tap=tap)

    @property
    @override
    def url_base(self) -> str:
        return str(self.config.get("api_url") or DEFAULT_API_URL).rstrip("/")

    @property
    @override
    def requests_session(self) -> requests.Session:
        return self.http.session

    @property
    @override
    def http_headers(self) -> dict[str, str]:
        # Authorization is added per request by the adapter (tokens rotate mid-run).
        return {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": str(self.config.get("api_version") or DEFAULT_API_VERSION),
            "User-Agent": str(self.config.get("user_agent") or "tap-github-reliability"),
        }

    @property
    @override
    def timeout(self) -> int:
        return int(self.config.get("request_timeout", 60))

    def copy_fields(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """The `copied` properties of GitHub's object `row`, as the schema declares them."""
        plan = self.__dict__.get("_copy_plan")
        if plan is None:
            properties = self.schema.get("properties") or {}
            plan = self.__dict__["_copy_plan"] = tuple(
                (name, _nested_schema(properties[name])) for name in self.copied
            )
        return {
            name: pick(row.get(name), nested) if nested is not None else row.get(name)
            for name, nested in plan
        }

    def fetch_organization(self, org: str) -> dict[str, t.Any]:
        """`GET /orgs/{org}`: the organisation, or a fatal error naming why it is not there."""
        body, _ = self.fetch({"organization": org}, f"{self.url_base}/orgs/{org}")
        return t.cast("dict[str, t.Any]", body)

    # --- record messages ----------------------------------------------------------------

    @override
    def _generate_record_messages(self, record: Record) -> Generator[RecordMessage, None, None]:
        """The SDK's record message, without its per-field walks when they do nothing.

        Records are built by the streams from declared fields only. With every property
        selected and no stream map, the SDK's deselection and root-level conformance
        would only drop undeclared keys and coerce booleans: done here with set operations
        instead of a Python call per field (most of the tap's CPU otherwise). Any other
        configuration takes the SDK's path.
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
    def get_new_paginator(self) -> GitHubLinkPaginator:
        return GitHubLinkPaginator()

    def query_params(self, context: Context | None) -> dict[str, t.Any]:  # noqa: ARG002
        """Query parameters of the first page besides `per_page`."""
        return dict(self.extra_params)

    @override
    def get_url_params(
        self, context: Context | None, next_page_token: str | None
    ) -> dict[str, t.Any]:
        if next_page_token:
            return {}
        if not self.paginated:
            return self.query_params(context)
        return {**self.query_params(context), "per_page": PAGE_SIZE}

    @override
    def get_http_request(self, *, page: PageContext[str | None]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        if page.next_page_token:
            # GitHub's next link carries every parameter: follow it as given.
            request.url = page.next_page_token
            request.params = {}
        return request

    @override
    def parse_response(self, response: requests.Response) -> Iterable[dict[str, t.Any]]:
        body = decoded_body(response, self.decoder)
        if self.records_key is not None and isinstance(body, dict):
            return list(body.get(self.records_key) or [])
        return body if isinstance(body, list) else [body]

    # --- errors, retries and rate limits -------------------------------------------

    @override
    def validate_response(self, response: requests.Response) -> None:  # noqa: C901
        status = response.status_code
        path = urlparse(response.url).path
        self.http.observe_date(response.headers.get("Date"))
        if status in (HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS):
            limited = self._rate_limit_wait(response)
            if limited is not None:
                wait, kind = limited
                msg = f"GitHub {kind} rate limit (HTTP {status}) on {path}; waiting {wait:.0f}s."
                raise RateLimitedError(msg, response, wait)
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            raise RetriableAPIError(self.response_error_message(response), response)
        if status == HTTPStatus.UNAUTHORIZED:
            msg = (
                "GitHub refused the token (HTTP 401 Bad credentials). Check `auth_token` "
                "(and `additional_auth_tokens`): a personal access token or app token valid "
                f"for {self.url_base} (`api_url`). {_message(response)}"
            )
            raise GitHubAuthError(msg)
        if status == HTTPStatus.FORBIDDEN:
            needed = response.headers.get("X-Accepted-OAuth-Scopes") or self.scope
            msg = (
                f"GitHub denied {path} (HTTP 403) for the `{self.name}` stream: the token needs "
                f"the `{needed}` scope (classic token) or the matching fine-grained permission. "
                f"Grant it, or deselect the stream. {_message(response)}"
            )
            raise GitHubAuthError(msg)
        if status in (HTTPStatus.NOT_FOUND, HTTPStatus.CONFLICT, HTTPStatus.GONE):
            # Below a team or a repository: a child (the stream decides what it means).
            # On the organisation or its own lists: the whole sync is meaningless.
            if _CHILD_PATH.search(path):
                raise ChildUnavailableError(status, _message(response))
            if status == HTTPStatus.NOT_FOUND:
                raise GitHubAuthError(self._org_not_found(path, response))
        if status >= HTTPStatus.BAD_REQUEST:
            raise FatalAPIError(self.response_error_message(response))
        try:
            decoded_body(response, self.decoder)
            self.http.reached = True
        except msgspec.DecodeError as exc:
            msg = f"GitHub returned a malformed JSON body for {path}: {exc}"
            raise RetriableAPIError(msg, response) from exc

    def _org_not_found(self, path: str, response: requests.Response) -> str:
        """What a 404 on the organisation, or on one of its own lists, means."""
        org = _ORG_PATH.search(path)
        if org is not None:
            return (
                f"GitHub answered 404 for the organization `{org.group(1)}` ({path}): it does "
                "not exist, or the token cannot see it (a fine-grained token must be granted "
                "to the organization). Check `organizations`, `auth_token` and `api_url` "
                f"({self.url_base}). {_message(response)}"
            )
        return (
            f"GitHub answered 404 for {path} (the `{self.name}` stream): the organization's "
            f"list is not visible to the token — it needs the `{self.scope}` scope (classic "
            "token) or the matching fine-grained permission on the organization. Check "
            f"`organizations` and `api_url` ({self.url_base}). {_message(response)}"
        )

    def _rate_limit_wait(self, response: requests.Response) -> tuple[float, str] | None:
        """`(seconds, kind)` if the response is a rate limit, else `None`.

        Primary: `x-ratelimit-remaining: 0`, reset at `x-ratelimit-reset` (epoch
        seconds); another token is used when one is configured and not spent.
        Secondary: `retry-after`, or at least a minute.
        """
        headers = response.headers
        cap = float(self.config.get("max_retry_wait", 900))
        retry_after = headers.get("Retry-After")
        if retry_after is not None:
            try:
                wait = max(float(retry_after), 0.5)
            except ValueError:
                wait = SECONDARY_WAIT
            self.http.pause(min(wait, cap))
            return min(wait, cap), "secondary"
        if headers.get("X-RateLimit-Remaining") == "0":
            try:
                reset_at = float(headers.get("X-RateLimit-Reset") or 0)
            except ValueError:
                reset_at = time.time() + SECONDARY_WAIT
            sent = (response.request.headers.get("Authorization") or "").partition(" ")[2]
            wait = self.http.tokens.exhausted(sent, reset_at)
            if wait > cap:
                msg = (
                    f"GitHub's primary rate limit is spent for every configured token and resets "
                    f"in {wait:.0f}s, more than `max_retry_wait` ({cap:.0f}s). Add tokens "
                    "(`additional_auth_tokens`), raise `max_retry_wait` or run later."
                )
                raise FatalAPIError(msg)
            self.http.pause(wait)
            return wait, "primary"
        if "secondary rate limit" in _message(response).lower() or (
            response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        ):
            wait = min(SECONDARY_WAIT, cap)
            self.http.pause(wait)
            return wait, "secondary"
        return None

    @override
    def response_error_message(self, response: requests.Response) -> str:
        return (
            f"GitHub API error HTTP {response.status_code} for "
            f"{urlparse(response.url).path}: {_message(response)}"
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
        # Waiting less than the reset only earns another refusal: jitter upwards only.
        return value + backoff.random_jitter(0) * 0.25

    @override
    def request_decorator(self, func: Callable[..., t.Any]) -> Callable[..., t.Any]:
        # Failures (5xx, transport, malformed bodies) are retried `max_retries` times by
        # backoff; rate limits are waited out below, bounded by `max_retry_wait` in total
        # rather than by a count (a reset may take several refusals to arrive).
        decorator: Callable[..., t.Any] = backoff.on_exception(
            self.backoff_wait_generator,
            _RETRIABLE,
            max_tries=self.backoff_max_tries,
            max_time=float(self.config.get("max_retry_wait", 900)),
            giveup=lambda exc: isinstance(exc, RateLimitedError),
            on_backoff=self.backoff_handler,
            jitter=self.backoff_jitter,
            # backoff would log handing a rate limit over to the loop below as an error.
            logger=None,
        )
        retried = decorator(func)
        cap = float(self.config.get("max_retry_wait", 900))

        def explained(*args: t.Any, **kwargs: t.Any) -> t.Any:  # noqa: ANN401
            deadline = time.monotonic() + cap
            while True:
                try:
                    return retried(*args, **kwargs)
                except RateLimitedError as exc:
                    if time.monotonic() + exc.wait > deadline:
                        msg = (
                            f"{exc} Rate limits kept refusing requests for more than "
                            f"`max_retry_wait` ({cap:.0f}s). Add tokens "
                            "(`additional_auth_tokens`), lower `max_concurrency` or raise "
                            "`max_retry_wait`."
                        )
                        raise FatalAPIError(msg) from exc
                    self.logger.info("%s", exc)
                    # Every worker holds back until the wait is over (see GitHubHTTP.pause).
                    self.http.pause(exc.wait)
                except _TRANSPORT_ERRORS as exc:
                    msg = (
                        f"Cannot reach GitHub at {self.url_base} ({type(exc).__name__}: "
                        f"{_root_cause(exc)}). Check `api_url` (GitHub Enterprise Server: "
                        "https://HOST/api/v3), the network and any proxy."
                    )
                    raise GitHubUnreachableError(msg) from exc

        return explained

    # --- pages, usable from worker threads -------------------------------------------

    def fetch(
        self,
        context: Context | None,
        url: str | None = None,
        params: dict[str, t.Any] | None = None,
    ) -> tuple[t.Any, str | None]:
        """Request one page with retries; return the decoded body and the next URL."""
        http_request = self.get_http_request(
            page=PageContext(stream_context=context, next_page_token=url)
        )
        if params is not None and not url:
            http_request.params = {**params, "per_page": PAGE_SIZE} if self.paginated else params

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
        return decoded_body(response, self.decoder), next_link(response)

    def pages(
        self,
        context: Context | None,
        params: dict[str, t.Any] | None = None,
        *,
        first_url: str | None = None,
    ) -> Iterable[list[dict[str, t.Any]]]:
        """Every page of this stream's endpoint for `context`, following `rel="next"`.

        `first_url` (with its query) replaces the stream's path for the first page.

        The pages are what the server returned: a page may hold fewer rows than
        `per_page` and still have a next one (only the `Link` header ends the list).
        A row already seen on an earlier page of the same list is dropped: GitHub's
        newest-first lists shift when a row is added while a client pages, and the last
        row of one page comes again at the top of the next.
        """
        url: str | None = first_url
        seen: set[str] = set()
        ids: set[t.Any] = set()
        while True:
            body, url = self.fetch(context, url, params)
            if self.records_key is not None and isinstance(body, dict):
                page = list(body.get(self.records_key) or [])
            else:
                page = body if isinstance(body, list) else [body]
            fresh = []
            for row in page:
                key = row.get("id") if isinstance(row, dict) else None
                if key is not None:
                    if key in ids:
                        continue
                    ids.add(key)
                fresh.append(row)
            yield fresh
            if not url or not page or url in seen:
                return
            seen.add(url)


def pick(value: t.Any, schema: dict[str, t.Any]) -> t.Any:  # noqa: ANN401
    """`value` reduced to what `schema` declares: object keys it lists, recursively.

    Objects declared without `properties` (free-form) and scalars pass as they are; keys
    GitHub adds later (not in the schema) are left out, never an error.
    """
    if isinstance(value, dict):
        properties = schema.get("properties")
        if properties is None:
            return value
        return {
            key: pick(item, properties[key]) for key, item in value.items() if key in properties
        }
    if isinstance(value, list):
        items = schema.get("items") or {}
        return [pick(item, items) for item in value]
    return value


def _nested_schema(schema: dict[str, t.Any]) -> dict[str, t.Any] | None:
    """The schema to `pick` a property with (`None`: a scalar, copied as is)."""
    types = schema.get("type")
    kinds = {types} if isinstance(types, str) else set(types or ())
    return schema if kinds & {"object", "array"} else None


def _is_boolean_only(schema: dict[str, t.Any]) -> bool:
    """Whether a property schema admits booleans (and null) only."""
    types = schema.get("type")
    kinds = {types} if isinstance(types, str) else set(types or ())
    return bool(kinds) and kinds - {"null"} == {"boolean"}


def _wait_generator() -> Generator[float, t.Any, None]:
    """The wait a rate limit named; exponential (1, 2, 4 … 60 s) for other failures."""
    attempt = 0
    exception = yield 0.0  # primed by backoff
    while True:
        attempt += 1
        if isinstance(exception, RateLimitedError):
            exception = yield exception.wait
        else:
            exception = yield float(min(2 ** (attempt - 1), 60))


def _message(response: requests.Response) -> str:
    """GitHub's error `message` (HTML error pages are cut short)."""
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        return response.text[:200].strip()
    if isinstance(body, dict) and "message" in body:
        return str(body["message"])
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
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = str(exc)
    return text.split(": ", 1)[-1] if "Failed to establish" in text else text


_RETRIABLE = _retriable_types()
_TRANSPORT_ERRORS = _transport_errors()
