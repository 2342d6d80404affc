"""The PagerDuty REST API v2: hosts, auth, pagination, rate-limit headers and error wording.

The transport, retries, error policy and worker-thread requests are the shared runtime's
(`reliability_tap_runtime`); this module holds only what is PagerDuty's own.
"""

from __future__ import annotations

import typing as t
from http import HTTPStatus
from urllib.parse import urlparse

import msgspec
from reliability_tap_runtime.errors import VanishedChildError, VendorAuthError
from reliability_tap_runtime.http import SharedHTTP, decoded_body
from reliability_tap_runtime.repeats import PageProgress, RecentKeys
from reliability_tap_runtime.stream import VendorStream, header_seconds
from singer_sdk.authenticators import APIKeyAuthenticator
from singer_sdk.exceptions import FatalAPIError
from singer_sdk.pagination import BaseAPIPaginator, OffsetPaginator, SinglePagePaginator
from typing_extensions import override

from tap_pagerduty.cut import SyncCut

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext

API_URLS = {"us": "https://api.pagerduty.com", "eu": "https://api.eu.pagerduty.com"}
PAGE_SIZE_MAX = 100
# PagerDuty answers HTTP 400 when offset + limit exceeds this; windows must stay under it.
OFFSET_CAP = 10_000
#: Statuses of a child list whose parent was deleted after it was listed.
VANISHED = frozenset({HTTPStatus.NOT_FOUND, HTTPStatus.GONE})


def api_url(config: Mapping[str, t.Any]) -> str:
    """The API root: `api_url` if set, else the `region`'s host."""
    return str(config.get("api_url") or API_URLS[config["region"]]).rstrip("/")


class PagerDutyHTTP(SharedHTTP):
    """The run's shared session, with the one end every windowed stream reads up to."""

    def __init__(self, **kwargs: t.Any) -> None:  # noqa: ANN401 - SharedHTTP's keywords
        """Create the session (`SharedHTTP`'s keywords) and the sync's cut, not yet taken."""
        super().__init__(**kwargs)
        self.cut = SyncCut()


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
        self.progress = PageProgress(collection)

    def _held(self, response: requests.Response) -> int:
        return len(decoded_body(response).get(self.collection) or [])

    @override
    def get_next(self, response: requests.Response) -> int | None:
        return self.current_value + self._held(response)

    @override
    def has_more(self, response: requests.Response) -> bool:
        body = decoded_body(response)
        if not body.get("more") or not self._held(response):
            return False
        if not self.progress.page(body.get(self.collection) or []):
            return False  # the same page again: stopped with a warning
        if self.current_value + self._held(response) + self.page_size > OFFSET_CAP:
            # The API refuses offset + limit > 10,000. Windowed streams never get here;
            # for the others, stopping quietly would lose records, so say so.
            msg = (
                f"More than {OFFSET_CAP} records at {urlparse(response.url).path}: PagerDuty "
                "cannot page past that. Narrow the sync with `team_ids`/`service_ids`."
            )
            raise FatalAPIError(msg)
        return True


class PagerDutyStream(VendorStream[int]):
    """Base stream for the PagerDuty REST API v2."""

    vendor = "PagerDuty"
    host_settings = "the `api_url`/`region` settings"
    #: The tap builds a `PagerDutyHTTP` (`TapPagerDuty.make_http`).
    http: PagerDutyHTTP

    #: Key of the list in the response body (`incidents`, `log_entries`, …).
    collection: t.ClassVar[str]
    #: Per-stream query parameters sent with every page.
    extra_params: t.ClassVar[dict[str, t.Any]] = {}
    #: Settings sent as PagerDuty list filters (`team_ids` -> `team_ids[]`).
    filter_settings: t.ClassVar[tuple[str, ...]] = ()
    #: Whether the operation takes `limit`/`offset` (PagerDuty's few unpaginated lists
    #: reject them: they are not parameters of the operation).
    paginated: t.ClassVar[bool] = True

    @property
    @override
    def url_base(self) -> str:
        return api_url(self.config)

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
    def page_size(self) -> int:
        """Records per page (PagerDuty's maximum is 100)."""
        return min(int(self.config["page_size"]), PAGE_SIZE_MAX)

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
        yield from RecentKeys().fresh(super().get_records(context), self.dedupe_key)

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

    # --- PagerDuty's rate limit and error wording (the policy is the runtime's) -------

    @override
    def rate_limit_wait(self, response: requests.Response) -> float | None:
        if response.status_code != HTTPStatus.TOO_MANY_REQUESTS:
            return None
        # PagerDuty says how long the key's budget stays spent in `ratelimit-reset`.
        return header_seconds(response, "ratelimit-reset", "Retry-After")

    @override
    def error_detail(self, response: requests.Response) -> str:
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

    @override
    def fatal_error(self, response: requests.Response) -> Exception | None:
        status = response.status_code
        path = urlparse(response.url).path
        if status == HTTPStatus.UNAUTHORIZED:
            msg = (
                "PagerDuty refused the API token (HTTP 401). Check the `token` setting "
                "(TAP_PAGERDUTY_TOKEN): it must be a valid REST API key, and `region`/`api_url` "
                f"must match your account ({self.url_base}). {self.error_detail(response)}"
            )
            return VendorAuthError(msg)
        if status == HTTPStatus.FORBIDDEN:
            msg = (
                f"PagerDuty denied access to {path} (HTTP 403). The `token` setting needs read "
                "access to this resource: use a read-only account-level API key, or remove the "
                f"stream from the selection. {self.error_detail(response)}"
            )
            return VendorAuthError(msg)
        if status in VANISHED:
            # A top-level list (child lists set `vanished_statuses`): the API is elsewhere.
            msg = (
                f"PagerDuty answered HTTP {status} {HTTPStatus(status).phrase} for {path}: no "
                f"such endpoint at {self.url_base}. Check the `api_url`/`region` settings "
                f"(the API root, e.g. {API_URLS['us']}). {self.error_detail(response)}"
            )
            return FatalAPIError(msg)
        return None

    @override
    def skip_vanished(self, what: str, error: VanishedChildError) -> None:
        # PagerDuty's 404 body only restates the status (`Not Found (code 2100)`).
        phrase = HTTPStatus(error.status).phrase
        super().skip_vanished(what, VanishedChildError(error.status, phrase))
