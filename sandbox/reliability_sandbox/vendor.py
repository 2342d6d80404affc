"""What every emulated vendor API plugs into: request/response types and the protocol.

The server owns transport, faults, latency, rate limiting and stats; a vendor module
only turns a parsed :class:`Request` into a :class:`Response` and describes its own
authentication, rate-limit headers and error bodies, so that ``/sentry``, ``/datadog``,
``/github`` and ``/google`` can be added beside ``/pagerduty`` without touching the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable

try:
    import orjson

    def dumps(obj: Any) -> bytes:  # noqa: ANN401
        """Serialise to compact JSON bytes (orjson: several times faster than json)."""
        return orjson.dumps(obj)

except ImportError:  # pragma: no cover - orjson is a declared dependency
    import json

    def dumps(obj: Any) -> bytes:  # noqa: ANN401
        """Serialise to compact JSON bytes."""
        return json.dumps(obj, separators=(",", ":")).encode()


#: An integer parameter's default: an integer, or ``None`` for "not given".
D = TypeVar("D", bound=int | None)
#: A route: ``(method, pattern, ...)``, what else it carries is the vendor's.
RouteT = TypeVar("RouteT", bound="tuple[Any, ...]")

JSON_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-type", b"application/json; charset=utf-8"),
)


@dataclass(slots=True)
class Request:
    """A parsed HTTP request, with the vendor prefix already stripped from ``path``."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""
    #: Quirks of real APIs switched on for this run (names from ``faults.QUIRKS``).
    quirks: frozenset[str] = frozenset()

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The last value of a query parameter, or ``default``."""
        values = self.query.get(name)
        return values[-1] if values else default

    def args(self, name: str) -> list[str]:
        """Every value of a (repeated) query parameter."""
        return self.query.get(name, [])

    def int_arg(self, name: str, default: D, invalid: Callable[[str], Exception]) -> int | D:
        """A query parameter as an integer (``default`` when absent or empty).

        Raises:
            Exception: ``invalid(raw value)``, the vendor's error, when it is not an integer.
        """
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise invalid(raw) from None


@dataclass(slots=True)
class Response:
    """A complete HTTP response; the body is sent in one piece."""

    status: int
    body: bytes
    headers: list[tuple[bytes, bytes]] = field(default_factory=lambda: list(JSON_HEADERS))
    #: Where this body departs from the vendor's documented schema on purpose, as the
    #: contract check names the place (`response.incidents[0].resolve_reason`): a rule
    #: that serves what real vendors send against their own spec (a null where the spec
    #: says non-null, an enum value the spec does not list) declares it here.
    deviations: tuple[str, ...] = ()

    @classmethod
    def json(cls, status: int, obj: Any) -> Response:  # noqa: ANN401
        """A JSON response."""
        return cls(status, dumps(obj))

    @classmethod
    def server_error(cls, status: int, body: Callable[[], Any]) -> Response:
        """A 500 as the vendor's own JSON error (``body()``), else its load balancer's page."""
        return cls.json(status, body()) if status == 500 else load_balancer_page(status)  # noqa: PLR2004


class Vendor(Protocol):
    """An emulated vendor API mounted under ``prefix``, registered as ``name``.

    Each is a view of the shared :class:`~reliability_sandbox.org.Org` (its ``org``).

    Attributes:
        name: The registry's name for it (``sbx.vendor(name)``).
        prefix: Mount point in the sandbox's URL space.
    """

    name: str
    prefix: str

    def credentials(self) -> dict[str, str]:
        """What a client configures to reach the API (tokens, keys, OAuth client)."""
        ...

    def client_headers(self) -> dict[str, str]:
        """Headers an authenticated client sends (empty where a token must be obtained)."""
        ...

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Apply account switches (the control API's ``PUT /_sandbox/vendors/<name>``).

        Returns:
            The switches now in force.

        Raises:
            ValueError: On a setting the vendor does not know or a bad value.
        """
        ...

    def truth(self, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:
        """Every collection exactly as the API serves it (with ``quirks`` applied)."""
        ...

    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """Return ``(rate-limit key, None)`` if allowed, else ``(None, error response)``."""
        ...

    def handle(self, request: Request) -> Response:
        """Serve one authenticated request (called under the world lock, must not block)."""
        ...

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """The vendor's rate-limit headers."""
        ...

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """The vendor's 429 response (headers included)."""
        ...

    def server_error(self, status: int) -> Response:
        """The response the vendor (or its load balancer) gives for a 5xx."""
        ...


def unknown_settings(name: str, settings: dict[str, Any], known: set[str]) -> None:
    """Refuse settings a vendor's ``configure`` does not know.

    Raises:
        ValueError: Naming the unknown settings and the known ones.
    """
    unknown = sorted(set(settings) - known)
    if unknown:
        msg = f"{name}: unknown settings {unknown} (known: {sorted(known)})"
        raise ValueError(msg)


def load_balancer_page(status: int) -> Response:
    """The HTML page a load balancer in front of a vendor answers a 502 or 503 with."""
    reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
    html = f"<html><body><h1>{status} {reason}</h1></body></html>\n".encode()
    return Response(status, html, [(b"content-type", b"text/html")])


def int_headers(prefix: str, **values: int) -> list[tuple[bytes, bytes]]:
    """``<prefix><name>: <integer>`` headers, in the order given (rate-limit families)."""
    return [(f"{prefix}{name}".encode(), b"%d" % value) for name, value in values.items()]


class NoRouteError(LookupError):
    """No route serves a request: ``method_not_allowed`` when the path has routes (a 405)."""

    def __init__(self, *, method_not_allowed: bool) -> None:
        """Say whether the path is known (405) or not (404)."""
        super().__init__("method not allowed" if method_not_allowed else "not found")
        self.method_not_allowed = method_not_allowed


def find_route(routes: Iterable[RouteT], method: str, path: str) -> tuple[RouteT, tuple[str, ...]]:
    """The first route ``(method, pattern, ...)`` serving ``method`` on ``path``, and its groups.

    Raises:
        NoRouteError: When none does (a 404, or a 405 when another method is routed there).
    """
    allowed = False
    for route in routes:
        pattern: re.Pattern[str] = route[1]
        m = pattern.fullmatch(path)
        if m is None:
            continue
        allowed = True
        if route[0] == method:
            return route, m.groups()
    raise NoRouteError(method_not_allowed=allowed)
