"""The GitHub REST contract: auth, API version, Link pagination, rate limits, errors.

The transport (shared session, retries, the error policy, worker-thread requests, record
messages) is the shared runtime's (`reliability_tap_runtime`); this module holds only
what is GitHub's own: rotating tokens, headers, the `Link` paginator, the primary and
secondary rate limits, GitHub's error wording and which answers mean a vanished child.
"""

from __future__ import annotations

import re
import threading
import time
import typing as t
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode, urlparse, urlsplit, urlunsplit

import msgspec
from reliability_tap_runtime.errors import VanishedChildError, VendorAuthError
from reliability_tap_runtime.http import SharedHTTP, decoded_body
from reliability_tap_runtime.pool import ReadAhead, read_ahead
from reliability_tap_runtime.repeats import RecentKeys
from reliability_tap_runtime.stream import VendorStream
from singer_sdk.exceptions import FatalAPIError
from singer_sdk.pagination import BaseAPIPaginator
from singer_sdk.streams.rest import HTTPRequest, PageContext
from typing_extensions import override

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import requests
    from singer_sdk.helpers.types import Context

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_API_VERSION = "2022-11-28"
PAGE_SIZE = 100
#: Row ids remembered per list to drop a row repeated by a shifted list (50 pages). A
#: row comes again about as many rows later as were added to the list while it was read,
#: so 5,000 covers any list that grows by less than that during one read. Bounded, not
#: every id of the list: a set of all the ids held ~70 bytes per row, RSS rising from 63
#: to 100 MiB over the 500,000 workflow runs of one repository (`bench/github_onerepo.py`).
REPEAT_WINDOW = 50 * PAGE_SIZE
#: Pages a stream's listings may hold fetched ahead of their turn: one per four of
#: `max_concurrency`, at least `READ_AHEAD_PAGES` (four by default: five requests in
#: flight). At 150 ms a request the rate is about these pages per round trip. Measured on
#: one repository of 5,000 pull requests at 150 ms (`bench/peers.py --work gh-150ms
#: --no-peer` with `max_concurrency` 12/16/20/24, interleaved, median of 5, load average
#: 8): 3 pages 964 rec/s, 4 pages 1,189, 5 pages 1,432, 6 pages 1,445. Peak RSS grew ~3 MiB
#: a page (67, 70, 73, 76 MiB) until the tap bounded glibc's arenas (`RuntimeTap.malloc_arenas`):
#: then 61-67 MiB with 4 pages, 60-68 with 5, against the peer's (meltanolabs-tap-github)
#: 69-71 MiB; without latency 4 pages peak at 64-67 MiB, 5 at 65-70. Four keeps a margin
#: under the peer at both latencies and ~4x its speed at 150 ms (bench/README.md, "pages
#: held ahead").
READ_AHEAD_SHARE = 4
READ_AHEAD_PAGES = 4
#: Without `retry-after`, GitHub asks clients to wait at least a minute after a
#: secondary rate limit.
SECONDARY_WAIT = 60.0
#: What a vanished child's warning adds to "it was deleted between listing and reading":
#: GitHub answers a plain 404 alike for a child that was deleted, renamed, or that the
#: token can no longer see.
NO_ACCESS_NOTE = "GitHub answers alike when it was renamed or the token lost access to it"


class GitHubAuthError(VendorAuthError):
    """The token was refused (401), lacks a scope (403) or cannot see the organisation."""


class ChildUnavailableError(VanishedChildError):
    """A resource below a team or a repository answered 404, 409 or 410.

    Never fatal for the run: the stream decides whether it is a normal answer (an
    unprotected branch, an empty repository, Actions disabled) or a child that vanished
    since its parent was listed (skipped, warned about and counted in the run summary).
    GitHub decides by path, not by stream: a 404 below a team or a repository is a child
    whichever stream asked; on the organisation or its own lists the run stops.
    """

    @property
    def message(self) -> str:
        """GitHub's `message`."""
        return self.detail

    @property
    def vanished(self) -> bool:
        """A plain 404 `Not Found` or a 410: the child is gone (or out of the token's sight).

        404s with a message of their own (`Branch not protected`, `Branch not found`) and
        410 `Actions are disabled` are answers about the child, not its absence.
        """
        if self.status == HTTPStatus.NOT_FOUND:
            return self.detail.strip().lower() in ("", "not found")
        return self.status == HTTPStatus.GONE and "disabled" not in self.detail.lower()


#: A path below a team (`/orgs/{org}/teams/{slug}/...`) or a repository (`/repos/...`),
#: whatever prefix the API root has (GHES: `/api/v3`).
_CHILD_PATH = re.compile(r"/orgs/[^/]+/teams/[^/]+/|/repos/[^/]+/[^/]+/")
_ORG_PATH = re.compile(r"/orgs/([^/]+)/?$")


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


class GitHubHTTP(SharedHTTP):
    """The run's shared session, with GitHub's rotating tokens and the repository lists."""

    def __init__(
        self,
        *,
        tokens: list[str],
        requests_per_minute: float | None,
        concurrency: int,
        base_url: str,
    ) -> None:
        """Create the shared session.

        Every request (retries included) carries the token current at send time.
        """
        self.tokens = Tokens(tokens)
        #: Repositories per organisation, read once per run (`repositories` and every
        #: per-repository stream share the list).
        self.repos: dict[str, list[dict[str, t.Any]]] = {}
        self.repos_lock = threading.Lock()
        super().__init__(
            requests_per_minute=requests_per_minute,
            concurrency=concurrency,
            base_url=base_url,
            before_send=self._authorize,
        )

    def _authorize(self, request: requests.PreparedRequest) -> None:
        request.headers["Authorization"] = f"Bearer {self.tokens.current}"


def next_link(response: requests.Response) -> str | None:
    """The `rel="next"` URL of GitHub's `Link` header (followed as given)."""
    link = response.links.get("next")
    return link.get("url") if link else None


@dataclass(frozen=True)
class PageLinks:
    """A page's `Link` header: the next page, and the last one of a numbered list."""

    next: str | None = None
    last: str | None = None

    @classmethod
    def of(cls, response: requests.Response) -> PageLinks:
        """The links of `response`."""
        links = response.links
        return cls((links.get("next") or {}).get("url"), (links.get("last") or {}).get("url"))

    def numbered(self) -> Sequence[str]:
        """URLs of the pages after this one to the last, when both links number pages.

        GitHub's numbered lists link `page=k+1` and `page=N`, the same query otherwise:
        the pages in between are that query with `page` set. Empty for lists paged by
        cursor (`after=`, `before=`), whose pages cannot be named ahead.
        """
        if not self.next or not self.last:
            return []
        nxt, last = urlsplit(self.next), urlsplit(self.last)
        first, final = _page_number(nxt.query), _page_number(last.query)
        if first is None or final is None or final < first or nxt.path != last.path:
            return []
        return NumberedPages(self.next, first, final)


class NumberedPages(Sequence[str]):
    """The URLs of pages `first` to `final` of one query, each built when asked.

    Not a list of them: one repository's 500,000 workflow runs are 5,000 pages, and the
    URLs of a list that long would grow the tap's memory with the repository.
    """

    def __init__(self, next_url: str, first: int, final: int) -> None:
        """Pages `first`..`final` of `next_url`'s query (which names page `first`)."""
        self._parts = urlsplit(next_url)
        self._query = [
            (k, v) for k, v in parse_qsl(self._parts.query, keep_blank_values=True) if k != "page"
        ]
        self._first = first
        self._count = final - first + 1

    def __len__(self) -> int:
        """How many pages."""
        return self._count

    @t.overload
    def __getitem__(self, index: int) -> str: ...

    @t.overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        """The URL of the `index`-th page (of this sequence, not the page number)."""
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        parts = self._parts
        query = urlencode([*self._query, ("page", str(self._first + index))])
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))

    def __contains__(self, url: object) -> bool:
        """Whether `url` is one of these pages' URLs, as built."""
        if not isinstance(url, str):
            return False
        number = _page_number(urlsplit(url).query)
        if number is None or not 0 <= number - self._first < self._count:
            return False
        return self[number - self._first] == url


def _page_number(query: str) -> int | None:
    values = [v for k, v in parse_qsl(query) if k == "page"]
    return int(values[0]) if len(values) == 1 and values[0].isdigit() else None


class GitHubLinkPaginator(BaseAPIPaginator[str | None]):
    """Follow the `rel="next"` URL until there is none."""

    def __init__(self) -> None:
        """Start at the first page."""
        super().__init__(None)

    @override
    def get_next(self, response: requests.Response) -> str | None:
        return next_link(response)


class FloorReach:
    """How many more pages of a newest-first list lie above a floor, going by those read.

    The time a page spans so far, extrapolated from the oldest row read down to the
    floor, and halved: lists thin out with age (old rows change less), so the pages
    further down span more time and fewer are needed than the recent ones suggest. A
    wrong guess costs at most the pages requested ahead; without a floor every page is.
    """

    def __init__(self, floor: datetime | None) -> None:
        """Estimate for a list read down to `floor` (`None`: to its end)."""
        self._floor = floor
        self._top: datetime | None = None
        self._oldest: datetime | None = None
        self._pages = 0

    def read(self, newest: datetime | None, oldest: datetime | None) -> None:
        """One more page read, its newest and oldest values (`None`: none had one)."""
        self._pages += 1
        if newest is not None and (self._top is None or newest > self._top):
            self._top = newest
        if oldest is not None and (self._oldest is None or oldest < self._oldest):
            self._oldest = oldest

    def pages_left(self) -> int:
        """Pages still surely above the floor (a large number without a floor)."""
        if self._floor is None:
            return 1 << 30
        if self._top is None or self._oldest is None or self._oldest < self._floor:
            return 0
        per_page = (self._top - self._oldest) / self._pages
        if per_page <= timedelta(0):
            return 0
        return int((self._oldest - self._floor) / per_page / 2)


def row_type(name: str, fields: dict[str, t.Any]) -> t.Any:  # noqa: ANN401
    """A TypedDict of the keys a stream reads (values as sent; other keys skipped)."""
    return t.TypedDict(name, fields, total=False)  # type: ignore[operator]


class GitHubStream(VendorStream[str | None]):
    """Base stream for GitHub's REST API."""

    vendor = "GitHub"
    error_key = "message"
    host_settings = "`api_url` (GitHub Enterprise Server: https://HOST/api/v3)"
    http: GitHubHTTP
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
    #: What a vanished child's warning says is still emitted.
    vanished_keeps: t.ClassVar[str] = f"{NO_ACCESS_NOTE}; the parent record is kept"

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

    @property
    @override
    def url_base(self) -> str:
        return str(self.config["api_url"]).rstrip("/")

    @property
    @override
    def http_headers(self) -> dict[str, str]:
        # Authorization is set per request by the session (tokens rotate mid-run).
        return {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": str(self.config["api_version"]),
            "User-Agent": str(self.config.get("user_agent") or "tap-github-reliability"),
        }

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

    # --- requests and pages -----------------------------------------------------------

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

    def fetch(
        self,
        context: Context | None,
        url: str | None = None,
        params: dict[str, t.Any] | None = None,
    ) -> tuple[t.Any, str | None]:
        """Request one page with retries (any thread); the decoded body and the next URL."""
        body, links = self.fetch_linked(context, url, params)
        return body, links.next

    def fetch_linked(
        self,
        context: Context | None,
        url: str | None = None,
        params: dict[str, t.Any] | None = None,
    ) -> tuple[t.Any, PageLinks]:
        """Request one page with retries (any thread); the decoded body and its links."""
        http_request = self.get_http_request(
            page=PageContext(stream_context=context, next_page_token=url)
        )
        if params is not None and not url:
            http_request.params = {**params, "per_page": PAGE_SIZE} if self.paginated else params
        response = self.send(http_request)
        return decoded_body(response, self.decoder), PageLinks.of(response)

    @property
    def read_ahead(self) -> ReadAhead:
        """The pages this stream's listings may hold fetched ahead (see `pages`)."""
        allowance = self.__dict__.get("_read_ahead")
        if allowance is None:
            allowance = self.__dict__["_read_ahead"] = ReadAhead(
                max(READ_AHEAD_PAGES, self.http.concurrency // READ_AHEAD_SHARE)
            )
        return t.cast("ReadAhead", allowance)

    def pages(
        self,
        context: Context | None,
        params: dict[str, t.Any] | None = None,
        *,
        first_url: str | None = None,
        wanted: Callable[[], int] | None = None,
    ) -> Iterable[list[dict[str, t.Any]]]:
        """Every page of this stream's endpoint for `context`, following `rel="next"`.

        `first_url` (with its query) replaces the stream's path for the first page.

        When the first page's `Link` names the last page by number (`rel="last"`,
        `page=N`: GitHub's numbered lists), pages 2 to N are requested up to
        `max_concurrency` at a time and handed over in order (the runtime's
        `read_ahead`; the stream's `ReadAhead` bounds the pages held across its
        listings, so memory stays flat). `wanted()` is the caller's estimate of how many
        more pages it will read (a list read down to a floor): no page beyond it is
        requested ahead, so the requests stay those a sequential read makes. Page N's own
        `next` (rows added meanwhile) is then followed one by one. Lists paged by cursor
        (no numbered `last`) are read one page at a time.

        The pages are what the server returned: a page may hold fewer rows than
        `per_page` and still have a next one (only the `Link` header ends the list).
        A row already seen among the last `REPEAT_WINDOW` rows of the same list is
        dropped: GitHub's newest-first lists shift when a row is added while a client
        pages, and the last row of one page comes again at the top of the next.
        """
        ids = RecentKeys(REPEAT_WINDOW)

        def fresh(body: t.Any) -> list[dict[str, t.Any]]:  # noqa: ANN401
            if self.records_key is not None and isinstance(body, dict):
                page = list(body.get(self.records_key) or [])
            else:
                page = body if isinstance(body, list) else [body]
            return list(ids.fresh(page))

        body, links = self.fetch_linked(context, first_url, params)
        page = fresh(body)
        yield page
        url = links.next
        numbered = links.numbered()
        if url and page and numbered:
            last: tuple[t.Any, PageLinks] | None = None
            for last in read_ahead(
                lambda u: self.fetch_linked(context, u),
                numbered,
                workers=self.http.concurrency,
                allowance=self.read_ahead,
                wanted=wanted,
            ):
                page = fresh(last[0])
                yield page
                if not page:
                    return
            # Rows added while the list was read: the last page has a next one.
            url = last[1].next if last is not None else None
            if url in numbered:
                return
        seen: set[str] = set()
        while url and page and url not in seen:
            seen.add(url)
            body, links = self.fetch_linked(context, url)
            page = fresh(body)
            yield page
            url = links.next

    # --- GitHub's rate limits and error wording -----------------------------------------

    @override
    def after_response(self, response: requests.Response) -> None:
        super().after_response(response)
        if self.body_type is not None and response.status_code < HTTPStatus.MULTIPLE_CHOICES:
            # Decode into the stream's row shape now: the runtime's JSON check and
            # `parse_response` then use this body instead of parsing the whole one.
            try:
                decoded_body(response, self.decoder)
            except msgspec.DecodeError:
                return  # a truncated body: the runtime retries it

    @override
    def rate_limit_wait(self, response: requests.Response) -> float | None:
        """Seconds to wait on a primary or secondary rate limit (403 or 429), else `None`.

        Raises:
            FatalAPIError: When every token's primary limit is spent for longer than
                `max_retry_wait`.
        """
        if response.status_code not in (HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS):
            return None
        limited = self._rate_limit_wait(response)
        if limited is None:
            return None
        wait, kind = limited
        # Which limit, and when it resets; the runtime then says that it waits, or that it
        # gives up (a reset past `max_retry_wait`): "waiting" here could be untrue.
        self.logger.info(
            "GitHub %s rate limit (HTTP %d) on %s; it resets in %.0fs.",
            kind,
            response.status_code,
            urlparse(response.url).path,
            wait,
        )
        return wait

    def _rate_limit_wait(self, response: requests.Response) -> tuple[float, str] | None:
        """`(seconds, kind)` if the response is a rate limit, else `None`.

        Primary: `x-ratelimit-remaining: 0`, reset at `x-ratelimit-reset` (epoch
        seconds); another token is used when one is configured and not spent.
        Secondary: `retry-after`, or at least a minute. Waits are capped at
        `max_retry_wait` (the runtime gives up past it).
        """
        headers = response.headers
        cap = self.max_retry_wait
        retry_after = headers.get("Retry-After")
        if retry_after is not None:
            try:
                wait = max(float(retry_after), 0.5)
            except ValueError:
                wait = SECONDARY_WAIT
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
            return wait, "primary"
        if "secondary rate limit" in self.error_detail(response).lower() or (
            response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        ):
            return min(SECONDARY_WAIT, cap), "secondary"
        return None

    @override
    def fatal_error(self, response: requests.Response) -> Exception | None:
        status = response.status_code
        path = urlparse(response.url).path
        if status == HTTPStatus.UNAUTHORIZED:
            return GitHubAuthError(
                "GitHub refused the token (HTTP 401 Bad credentials). Check `auth_token` "
                "(and `additional_auth_tokens`): a personal access token or app token valid "
                f"for {self.url_base} (`api_url`). {self.error_detail(response)}"
            )
        if status == HTTPStatus.FORBIDDEN:
            needed = response.headers.get("X-Accepted-OAuth-Scopes") or self.scope
            return GitHubAuthError(
                f"GitHub denied {path} (HTTP 403) for the `{self.name}` stream: the token needs "
                f"the `{needed}` scope (classic token) or the matching fine-grained permission. "
                f"Grant it, or deselect the stream. {self.error_detail(response)}"
            )
        if status in (HTTPStatus.NOT_FOUND, HTTPStatus.CONFLICT, HTTPStatus.GONE):
            # Below a team or a repository: a child (the stream decides what it means).
            # On the organisation or its own lists: the whole sync is meaningless.
            if _CHILD_PATH.search(path):
                return ChildUnavailableError(status, self.error_detail(response))
            if status == HTTPStatus.NOT_FOUND:
                return GitHubAuthError(self._org_not_found(path, response))
        return None

    def _org_not_found(self, path: str, response: requests.Response) -> str:
        """What a 404 on the organisation, or on one of its own lists, means."""
        org = _ORG_PATH.search(path)
        if org is not None:
            return (
                f"GitHub answered 404 for the organization `{org.group(1)}` ({path}): it does "
                "not exist, or the token cannot see it (a fine-grained token must be granted "
                "to the organization). Check `organizations`, `auth_token` and `api_url` "
                f"({self.url_base}). {self.error_detail(response)}"
            )
        return (
            f"GitHub answered 404 for {path} (the `{self.name}` stream): the organization's "
            f"list is not visible to the token — it needs the `{self.scope}` scope (classic "
            "token) or the matching fine-grained permission on the organization. Check "
            f"`organizations` and `api_url` ({self.url_base}). {self.error_detail(response)}"
        )


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
