"""The HTTP session one tap run shares, and response bodies decoded once."""

from __future__ import annotations

import contextlib
import typing as t
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import msgspec
from requests.adapters import HTTPAdapter
from typing_extensions import override

from reliability_tap_runtime.errors import ChildSkips
from reliability_tap_runtime.throttle import Gate, RateLimiter

if t.TYPE_CHECKING:
    from collections.abc import Callable

    import requests

_BODY_ATTR = "_reliability_tap_body"


class SharedHTTP:
    """The session, budget, in-flight cap and run-wide bookkeeping of one tap run.

    A vendor's rate limit is per key or organisation, so every stream and worker thread
    draws from one budget; the throttle sits in the transport adapter so that the SDK's
    own pagination and the taps' concurrent fetches both pass through it.

    Attributes:
        limiter: The request budget (and the pause a 429 imposes on everyone).
        gate: The cap on requests in flight.
        concurrency: Worker threads a stream may use for per-object requests.
        reached: Whether any request has been answered yet: failing to connect before
            that is almost always a wrong host setting, not a blip worth minutes of
            retries.
        server_now: The vendor's clock (latest `Date` header), `None` until seen.
        skips: Children that vanished between listing and reading, for the summary.
        prefetched: Results fetched ahead by one stream for another, by key.
    """

    def __init__(
        self,
        *,
        requests_per_minute: float | None = None,
        concurrency: int = 8,
        base_url: str | None = None,
        before_send: Callable[[requests.PreparedRequest], None] | None = None,
    ) -> None:
        """Create the session.

        Args:
            requests_per_minute: Client-side budget (`None`/0: none).
            concurrency: Requests in flight at once, and worker threads per stream.
            base_url: With it, the environment's proxy settings are resolved once for that
                host: requests would otherwise scan the environment (and `~/.netrc`) on
                every request, a quarter of a fast tap's time.
            before_send: Called with every request just before it is sent, retries
                included (e.g. to set the token current at send time).
        """
        import requests  # noqa: PLC0415 - keep module import light for --about

        self.limiter = RateLimiter(requests_per_minute)
        self.concurrency = max(1, concurrency)
        self.gate = Gate(self.concurrency)
        self.reached = False
        self.server_now: datetime | None = None
        self._date_raw = ""
        self.skips = ChildSkips()
        self.prefetched: dict[tuple[str, ...], t.Any] = {}
        self.session = requests.Session()
        adapter = _ThrottledAdapter(
            self,
            before_send,
            pool_connections=4,
            pool_maxsize=max(self.concurrency * 2 + 8, 10),
        )
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        if base_url:
            from requests.utils import get_environ_proxies  # noqa: PLC0415

            self.session.proxies.update(get_environ_proxies(base_url))
            self.session.trust_env = False

    def pause(self, seconds: float) -> None:
        """Hold every request of the run back for `seconds`."""
        self.limiter.pause(seconds)

    def observe_date(self, raw: str | None) -> None:
        """Track the server clock from a `Date` header (RFC 9110), parsed when it changes."""
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


class _ThrottledAdapter(HTTPAdapter):
    def __init__(
        self,
        http: SharedHTTP,
        before_send: Callable[[requests.PreparedRequest], None] | None,
        *,
        pool_connections: int,
        pool_maxsize: int,
    ) -> None:
        super().__init__(pool_connections=pool_connections, pool_maxsize=pool_maxsize)
        self._http = http
        self._before_send = before_send

    @override
    def send(self, request: requests.PreparedRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._http.limiter.acquire()
        if self._before_send is not None:
            self._before_send(request)
        with self._http.gate:
            return super().send(request, *args, **kwargs)


def decoded_body(
    response: requests.Response, decoder: msgspec.json.Decoder[t.Any] | None = None
) -> t.Any:  # noqa: ANN401
    """The JSON body, decoded once (msgspec is several times faster than json).

    With `decoder` (a typed msgspec decoder of the keys a stream reads), a body of that
    shape skips the rest while parsing; a body of another shape is decoded whole. Whoever
    decodes first fills the cache, so validation and parsing share one decode.

    Raises:
        msgspec.DecodeError: If the body is not JSON.
    """
    body = getattr(response, _BODY_ATTR, None)
    if body is None and response.content:
        if decoder is not None:
            with contextlib.suppress(msgspec.ValidationError):
                body = decoder.decode(response.content)
        if body is None:
            body = msgspec.json.decode(response.content)
        setattr(response, _BODY_ATTR, body)
    return body
