"""The Sentry web API contract: hosts, auth, Link-header pagination, rate limits, errors.

The transport (shared session, budget, retries, the error policy, worker-thread requests,
record messages) is the shared runtime's (`reliability_tap_runtime`); this module holds
only what is Sentry's own.
"""

from __future__ import annotations

import time
import typing as t
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from urllib.parse import parse_qs, urlparse

from reliability_tap_runtime.errors import VendorAuthError
from reliability_tap_runtime.http import decoded_body
from reliability_tap_runtime.repeats import RecentKeys
from reliability_tap_runtime.stream import VendorStream, header_seconds
from singer_sdk.authenticators import BearerTokenAuthenticator
from singer_sdk.pagination import BaseAPIPaginator
from singer_sdk.streams.rest import HTTPRequest, PageContext
from typing_extensions import override

if t.TYPE_CHECKING:
    from collections.abc import Generator, Iterable

    import requests
    from singer_sdk.helpers.types import Context

REGION_URLS = {"us": "https://us.sentry.io", "de": "https://de.sentry.io"}
PAGE_SIZE_MAX = 100
#: Ids remembered per streamed listing to drop a row a later page repeats (offset pages
#: over a list that grows at its head shift by the rows added meanwhile).
REPEAT_WINDOW = 10_000
#: Longest wait a rate-limit reset may ask for (beyond it, `max_retry_wait` decides).
_RESET_CAP = 3600.0


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


class SentryStream(VendorStream[str | None]):
    """Base stream for Sentry's `/api/0/` endpoints."""

    vendor = "Sentry"
    error_key = "detail"
    host_settings = "the `base_url`/`region` settings"
    #: The token scope this endpoint needs (named in 403 messages).
    scope: t.ClassVar[str] = "org:read"
    #: Per-stream query parameters sent with every page.
    extra_params: t.ClassVar[dict[str, t.Any]] = {}
    #: Name of the page-size parameter (`per_page`, or `limit` on the issues endpoint);
    #: `None` where the operation documents none (single objects, the deploys list).
    page_size_param: t.ClassVar[str | None] = "per_page"

    @property
    @override
    def url_base(self) -> str:
        base = self.config.get("base_url")
        return str(base or REGION_URLS[self.config["region"]]).rstrip("/")

    @property
    @override
    def authenticator(self) -> BearerTokenAuthenticator:
        return BearerTokenAuthenticator(token=self.config["auth_token"])

    @property
    @override
    def http_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "User-Agent": self.user_agent}

    @property
    def page_size(self) -> int:
        """Records per page (Sentry's maximum is 100)."""
        return min(int(self.config["page_size"]), PAGE_SIZE_MAX)

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

    # --- Sentry's rate limits and error wording -------------------------------------

    @override
    def after_response(self, response: requests.Response) -> None:
        # Sentry publishes how many requests it lets a caller have in flight: the shared
        # gate shrinks to it (never grows past `max_concurrency`). `super` reads the
        # server clock (`Date`), from which Sentry's retention is counted.
        raw = response.headers.get("X-Sentry-Rate-Limit-ConcurrentLimit")
        if raw and raw.isdigit() and int(raw) > 0:
            self.http.gate.lower_to(int(raw))
        super().after_response(response)

    @override
    def rate_limit_wait(self, response: requests.Response) -> float | None:
        """Seconds until the window resets: `X-Sentry-Rate-Limit-Reset` is epoch seconds."""
        if response.status_code != HTTPStatus.TOO_MANY_REQUESTS:
            return None
        raw = response.headers.get("X-Sentry-Rate-Limit-Reset")
        if raw is not None:
            try:
                return min(max(float(raw) - time.time(), 0.5), _RESET_CAP)
            except ValueError:
                pass
        return header_seconds(response, "Retry-After")

    @override
    def fatal_error(self, response: requests.Response) -> Exception | None:
        status = response.status_code
        path = urlparse(response.url).path
        detail = self.error_detail(response)
        if status == HTTPStatus.UNAUTHORIZED:
            return VendorAuthError(
                "Sentry refused the auth token (HTTP 401). Check the `auth_token` setting "
                "(TAP_SENTRY_AUTH_TOKEN): it must be a valid personal or internal-integration "
                f"token for {self.url_base} (`region`/`base_url`). {detail}"
            )
        if status == HTTPStatus.FORBIDDEN:
            return VendorAuthError(
                f"Sentry denied access to {path} (HTTP 403): the `auth_token` needs the "
                f"`{self.scope}` scope for the `{self.name}` stream (tap-sentry reads with "
                "org:read, project:read and event:read). Add the scope to the token or "
                f"deselect the stream. {detail}"
            )
        if status == HTTPStatus.NOT_FOUND and "/organizations/" in path:
            org = path.split("/organizations/", 1)[1].split("/", 1)[0]
            return VendorAuthError(
                f"Sentry answered 404 for {path}: organization {org!r} does not exist or the "
                "token cannot see it. Check the `organization`/`organizations` setting (the "
                f"organization slug) and `region`/`base_url` ({self.url_base}). {detail}"
            )
        return None

    # --- pages read outside the SDK's loop (worker threads) -------------------------

    def fetch(self, context: Context | None, cursor: str | None) -> tuple[t.Any, str | None]:
        """Request one page with retries; return the decoded body and the next cursor."""
        page: PageContext[str | None] = PageContext(stream_context=context, next_page_token=cursor)
        response = self.send(self.get_http_request(page=page))
        return decoded_body(response), next_cursor(response)

    def pages_after(
        self, context: Context | None, cursor: str, ids: RecentKeys
    ) -> Generator[list[dict[str, t.Any]], None, None]:
        """The pages of this endpoint from `cursor` on, one at a time, the next one read ahead.

        For listings too long to hold (an issue's million events): the caller emits a
        page while the next one is being requested on a helper thread, so memory holds
        two pages whatever the length. Pages are followed as in :meth:`fetch_all`; rows
        already in `ids` (a bounded window of the listing's latest keys) are dropped.
        Nothing is requested until the iterator is first advanced; closing it early waits
        for at most the one request in flight.
        """
        seen: set[str] = {cursor}
        with ThreadPoolExecutor(1, thread_name_prefix=f"{self.name}-pages") as ahead:
            future = ahead.submit(self.fetch, context, cursor)
            while True:
                body, after = future.result()
                more = after is not None and after not in seen
                if after is not None and more:
                    seen.add(after)
                    future = ahead.submit(self.fetch, context, after)
                yield list(ids.fresh(body if isinstance(body, list) else [body]))
                if not more:
                    return

    def fetch_all(
        self, context: Context | None, *, cap: int | None = None
    ) -> list[dict[str, t.Any]]:
        """Every page of this stream's endpoint for `context` (at most `cap` records).

        Pages are followed while Sentry's `next` link says `results="true"`, whatever
        their size (a server may return fewer rows than asked, even none). A row repeated
        on a later page (offset paging over changing data) is kept once, by `id`.
        """
        records: list[dict[str, t.Any]] = []
        ids = RecentKeys()
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            body, cursor = self.fetch(context, cursor)
            records.extend(ids.fresh(body if isinstance(body, list) else [body]))
            if cap is not None and len(records) >= cap:
                return records[:cap]
            if cursor is None or cursor in seen:
                return records
            seen.add(cursor)
