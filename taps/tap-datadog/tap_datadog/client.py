"""The Datadog API contract: sites, keys, pagination styles, rate limits and errors.

The transport (shared session, budget, retries, the error policy, worker-thread requests,
record messages) is the shared runtime's (`reliability_tap_runtime`); this module holds
only what is Datadog's own.
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
from requests.auth import AuthBase
from singer_sdk.exceptions import FatalAPIError
from singer_sdk.pagination import BaseAPIPaginator
from singer_sdk.pagination import OffsetPaginator as SDKOffsetPaginator
from singer_sdk.pagination import PageNumberPaginator as SDKPageNumberPaginator
from typing_extensions import override

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext

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
#: Primary keys remembered to drop a row the server serves again on the next page.
REPEAT_WINDOW = 2000
R = t.TypeVar("R")


def api_base(config: Mapping[str, t.Any]) -> str:
    """The API base URL: `api_url`, else the host of the configured `site`."""
    api_url = config.get("api_url")
    return str(api_url or SITES[config["site"]]).rstrip("/")


class FeatureUnavailableError(FatalAPIError):
    """The account does not have the product behind an endpoint (HTTP 404)."""


class DatadogHTTP(SharedHTTP):
    """The run's shared session, plus the products the account turned out to lack.

    Datadog budgets requests per organisation, so every stream and worker thread draws
    from one budget; a 429, or a response saying no request is left
    (`X-RateLimit-Remaining: 0`), pauses all of them until `X-RateLimit-Reset`.
    """

    def __init__(self, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the shared session (see `SharedHTTP`)."""
        super().__init__(**kwargs)
        #: Products the account lacks (404), so their other streams skip at once.
        self.unavailable: set[str] = set()


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


class PageNumberPaginator(SDKPageNumberPaginator):
    """`page`/`page_size` (monitors) or `page_number`/`page_size` (synthetics), from 0.

    The server numbers pages by its own page size, so the next page number is right
    whatever size it capped the page at; see `more_pages` for where the listing ends.
    """

    def __init__(self, page_size: int, collection: str | None, what: str = "listing") -> None:
        """Start at page 0 (`what`: the listing, named if it stops making progress)."""
        super().__init__(0)
        self.page_size = page_size
        self.collection = collection
        self._largest = 0
        self.progress = PageProgress(what)

    @override
    def has_more(self, response: requests.Response) -> bool:
        rows = _collection(decoded_body(response), self.collection)
        more = more_pages(len(rows), self.page_size, self._largest)
        self._largest = max(self._largest, len(rows))
        # The same page again (the API's own examples do it): stop, with a warning.
        return more and self.progress.page(rows)


class OffsetPaginator(SDKOffsetPaginator):
    """`offset`/`limit` (SLOs) or `page[offset]`/`page[size]` (v2 incidents).

    The next offset moves by the records the server returned, not by the page size
    asked (a server that caps the size would otherwise make the tap skip records).
    """

    def __init__(self, page_size: int, collection: str | None, what: str = "listing") -> None:
        """Start at offset 0 (`what`: the listing, named if it stops making progress)."""
        super().__init__(0, page_size)
        #: Records asked per page (our own: the SDK keeps its copy private).
        self.asked = page_size
        self.collection = collection
        self._largest = 0
        self._count = 0
        self.progress = PageProgress(what)

    @override
    def has_more(self, response: requests.Response) -> bool:
        rows = _collection(decoded_body(response), self.collection)
        self._count = len(rows)
        more = more_pages(self._count, self.asked, self._largest)
        self._largest = max(self._largest, self._count)
        return more and self.progress.page(rows)

    @override
    def get_next(self, response: requests.Response) -> int | None:
        return self.current_value + self._count


class CursorPaginator(BaseAPIPaginator[str | None]):
    """v2 cursor pagination: the next cursor is `meta.page.after`, absent on the last page."""

    def __init__(self, what: str = "events") -> None:
        """Start without a cursor (`what`: the listing, named if it stops making progress)."""
        super().__init__(None)
        self.progress = PageProgress(what)

    @override
    def has_more(self, response: requests.Response) -> bool:
        return self.progress.page(_collection(decoded_body(response), "data"))

    @override
    def get_next(self, response: requests.Response) -> str | None:
        body = decoded_body(response)
        after = ((body.get("meta") or {}).get("page") or {}).get("after") or None
        # A cursor that does not move would page for ever (or trip the SDK's loop check).
        return after if self.progress.next_token(after) else None


# --- the base stream ------------------------------------------------------------------


class DatadogStream(VendorStream[t.Any]):
    """Base stream for the Datadog API."""

    vendor = "Datadog"
    host_settings = "the `site`/`api_url` settings"

    #: Key of the record list in the body (`None`: the body is the list).
    collection: t.ClassVar[str | None] = None
    #: Permission the application key needs (named in 403 messages).
    permission: t.ClassVar[str] = ""
    #: Product whose absence (404) skips the stream with a warning instead of failing.
    optional_product: t.ClassVar[str | None] = None
    #: Per-object streams: what a parent is called when its child vanished (`test`).
    parent_noun: t.ClassVar[str] = ""
    #: Per-object streams: the parent's id field.
    parent_key: t.ClassVar[str] = "id"

    http: DatadogHTTP

    @property
    @override
    def url_base(self) -> str:
        return api_base(self.config)

    @property
    @override
    def authenticator(self) -> DatadogKeyAuth:
        return DatadogKeyAuth(str(self.config["api_key"]), str(self.config["app_key"]))

    @property
    @override
    def http_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "User-Agent": self.user_agent}

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
        # A listing without a guaranteed order may serve a row again on the next page:
        # emit it once (a window of recent keys keeps a large stream's memory flat).
        recent = RecentKeys(REPEAT_WINDOW)
        keys = self.primary_keys or ()
        try:
            yield from recent.fresh(
                super().get_records(context), lambda record: tuple(record.get(k) for k in keys)
            )
        except FeatureUnavailableError as exc:
            self.http.unavailable.add(product or "")
            self.logger.warning("Skipping %s: %s", self.name, exc)
        if recent.repeats:
            self.logger.info(
                "%s: dropped %d rows served again on a later page", self.name, recent.repeats
            )

    # --- per-object streams -------------------------------------------------------------

    def read_children(
        self, func: Callable[[dict[str, t.Any]], R], parents: Iterable[dict[str, t.Any]]
    ) -> Iterator[tuple[dict[str, t.Any], R]]:
        """`ordered_map(func, parents)`, skipping the parents whose child vanished.

        Each is skipped with one warning naming it (`parent_noun`, `parent_key`) and
        counted for the run summary; the other parents' children are emitted as usual.
        """

        def guarded(item: dict[str, t.Any]) -> R | VanishedChildError:
            try:
                return func(item)
            except VanishedChildError as exc:
                return exc

        for item, result in self.ordered_map(guarded, parents):
            if isinstance(result, VanishedChildError):
                self.skip_vanished(f"{self.parent_noun} {item[self.parent_key]}", result)
                continue
            yield item, result

    # --- Datadog's rate limits and error wording ------------------------------------

    @override
    def rate_limit_wait(self, response: requests.Response) -> float | None:
        """On a 429, the seconds until Datadog accepts requests again (`X-RateLimit-Reset`)."""
        if response.status_code != HTTPStatus.TOO_MANY_REQUESTS:
            return None
        return header_seconds(response, "X-RateLimit-Reset", "Retry-After")

    @override
    def after_success(self, response: requests.Response) -> None:
        if response.headers.get("X-RateLimit-Remaining") == "0":
            # The budget is spent: hold every thread back instead of earning a 429.
            self.http.pause(header_seconds(response, "X-RateLimit-Reset", "Retry-After"))

    @override
    def error_detail(self, response: requests.Response) -> str:
        """Datadog's `{"errors": [...]}` as one line (naming the limit on a 429)."""
        try:
            body = msgspec.json.decode(response.content)
        except msgspec.DecodeError:
            detail = response.text[:300]
        else:
            errors = body.get("errors") if isinstance(body, dict) else None
            detail = (
                "; ".join(e if isinstance(e, str) else str(e.get("detail") or e) for e in errors)
                if errors
                else response.text[:300]
            )
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS:
            name = response.headers.get("X-RateLimit-Name", "?")
            return f"{detail.strip() or 'Too many requests'} (limit `{name}`)."
        return detail.strip()

    @override
    def fatal_error(self, response: requests.Response) -> Exception | None:
        status = response.status_code
        path = urlparse(response.url).path
        if status == HTTPStatus.FORBIDDEN:
            detail = self.error_detail(response)
            if "permission" in detail.lower():
                return VendorAuthError(
                    f"Datadog denied {path} (HTTP 403): the application key (`app_key`, "
                    f"TAP_DATADOG_APP_KEY) lacks the `{self.permission}` permission needed by "
                    f"the `{self.name}` stream. Grant it to the key's role (or scope), or "
                    f"deselect the stream. {detail}"
                )
            return VendorAuthError(
                f"Datadog refused the keys (HTTP 403 on {path}). Check `api_key` "
                "(TAP_DATADOG_API_KEY) and `app_key` (TAP_DATADOG_APP_KEY), and that "
                f"`site`/`api_url` ({self.url_base}) is your account's site; the "
                f"`{self.name}` stream needs the `{self.permission}` permission. {detail}"
            )
        if status == HTTPStatus.NOT_FOUND and self.optional_product:
            return FeatureUnavailableError(
                f"Datadog answered 404 at {path}: the account does not have "
                f"{self.optional_product} (or the API is not enabled for it)."
            )
        return None
