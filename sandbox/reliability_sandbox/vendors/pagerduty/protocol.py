"""PagerDuty's REST API v2 contract as the sandbox serves it: auth, errors, parameters, pages.

The accepted token and client headers, PagerDuty's error bodies (401, 404, 429, 5xx), the
rate-limit headers, how query parameters are read (booleans, ``time_zone``, ISO-8601 dates)
and classic ``limit``/``offset`` pagination with its 10,000 cap and the run's quirks. The
routes are :class:`~reliability_sandbox.vendors.pagerduty.api.PagerDutyAPI`'s.
"""

from __future__ import annotations

import calendar
import hmac
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reliability_sandbox.vendor import Request, Response, dumps, int_headers, unknown_settings
from reliability_sandbox.vendors._common import iso_datetime
from reliability_sandbox.vendors.pagerduty.world import PagerDutyWorld, _utc_z

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


DEFAULT_TOKEN = "sandbox-pagerduty-token"  # noqa: S105 - a public, fake sandbox credential

OFFSET_CAP = 10_000
MAX_LIMIT = 100
DEFAULT_LIMIT = 25
ANALYTICS_MAX_LIMIT = 1000
ANALYTICS_DEFAULT_LIMIT = 100
#: Page size the server falls back to under the ``short_pages`` quirk (below every
#: collection's size in the test world, so a client that assumes its own limit loses rows).
SHORT_PAGE_LIMIT = 3
# Log entry types that /log_entries?is_overview=true keeps: the status-changing ones.
OVERVIEW_KINDS = frozenset({"trigger", "assign", "escalate", "acknowledge", "resolve"})
SORT_FIELDS = ("incident_number", "created_at", "resolved_at", "urgency")


class ApiError(Exception):
    """A PagerDuty error response (``{"error": {"message", "code", "errors"?}}``)."""

    def __init__(
        self, status: int, message: str, code: int, errors: list[str] | None = None
    ) -> None:
        """Create the error.

        Args:
            status: HTTP status.
            message: ``error.message``.
            code: PagerDuty error code.
            errors: ``error.errors`` details, omitted when ``None``.
        """
        super().__init__(message)
        self.status = status
        body: dict[str, Any] = {"message": message, "code": code}
        if errors is not None:
            body["errors"] = errors
        self.body = {"error": body}


def _invalid(*errors: str) -> ApiError:
    return ApiError(400, "Invalid Input Provided", 2001, list(errors))


def _not_found() -> ApiError:
    return ApiError(404, "Not Found", 2100)


def _add_months(dt: datetime, months: int) -> datetime:
    m = dt.month - 1 + months
    year, month = dt.year + m // 12, m % 12 + 1
    return dt.replace(year=year, month=month, day=min(dt.day, calendar.monthrange(year, month)[1]))


class PagerDutyProtocol(PagerDutyWorld):
    """PagerDuty's auth, errors, parameters and pagination over the world."""

    name = "pagerduty"
    token: str

    # ================================================================ registry
    def credentials(self) -> dict[str, str]:
        """The API token a client configures."""
        return {"token": self.token}

    def client_headers(self) -> dict[str, str]:
        """``Authorization: Token token=...`` and PagerDuty's versioned ``Accept``."""
        return {
            "Authorization": f"Token token={self.token}",
            "Accept": "application/vnd.pagerduty+json;version=2",
        }

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """No account switches (faults and quirks are the server's)."""
        unknown_settings(self.name, settings, set())
        return {}

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """Check ``Authorization: Token token=<token>``; 401 with PagerDuty's body if not."""
        header = request.headers.get("authorization", "")
        scheme, _, rest = header.partition(" ")
        given = rest.strip()
        given = given.removeprefix("token=")
        if scheme.lower() != "token" or not hmac.compare_digest(
            given.encode(), self.token.encode()
        ):
            err = ApiError(401, "Authentication Required", 2006)
            return None, Response.json(err.status, err.body)
        return given, None

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """PagerDuty's ``ratelimit-limit``/``-remaining``/``-reset`` (seconds) headers."""
        return int_headers("ratelimit-", limit=limit, remaining=remaining, reset=reset)

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """PagerDuty's 429."""
        err = ApiError(429, "Rate Limit Exceeded", 2020)
        resp = Response.json(429, err.body)
        resp.headers.extend(self.rate_limit_headers(limit, 0, reset))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as PagerDuty's JSON error; 502/503 as the HTML a load balancer returns."""
        return Response.server_error(
            status, lambda: ApiError(500, "Internal Server Error", 2000).body
        )

    # ============================================================= parameters
    @staticmethod
    def _bool(req: Request, name: str, *, default: bool = False) -> bool:
        value = req.arg(name)
        if value is None:
            return default
        if value.lower() in ("true", "1"):
            return True
        if value.lower() in ("false", "0"):
            return False
        raise _invalid(f"{name} must be true or false")

    @staticmethod
    def _tz(req: Request) -> tzinfo | None:
        name = req.arg("time_zone")
        if name is None or name in ("UTC", "Etc/UTC"):
            return None
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise _invalid("Time Zone is not a valid time zone") from None

    @staticmethod
    def _renderer(tz: tzinfo | None) -> Callable[[datetime], str]:
        if tz is None:
            return _utc_z
        return lambda dt: dt.astimezone(tz).isoformat()

    @staticmethod
    def _when(value: str, name: str, tz: tzinfo | None) -> datetime:
        dt = iso_datetime(
            value.strip().replace(" ", "+"),
            lambda: _invalid(f"{name} is not a valid ISO-8601 date-time"),
            tz or UTC,
        )
        return dt.astimezone(UTC)

    def _page_args(self, req: Request) -> tuple[int, int, bool]:
        try:
            limit = int(req.arg("limit") or DEFAULT_LIMIT)
            offset = int(req.arg("offset") or 0)
        except ValueError:
            raise _invalid("limit and offset must be integers") from None
        if offset < 0:
            raise _invalid("Offset must be greater than or equal to 0")
        # Like the real API, a limit above the maximum is silently lowered.
        limit = min(max(limit, 1), MAX_LIMIT)
        if offset + limit > OFFSET_CAP:
            raise ApiError(
                400,
                "Arguments Caused Error",
                2002,
                [
                    (
                        "Offset+limit exceeds maximum allowed value of 10000. Please try to refine "
                        "your search to reduce the returned set of records below this number, like "
                        "adding a date range."
                    )
                ],
            )
        return limit, offset, self._bool(req, "total")

    def _page(
        self,
        req: Request,
        key: str,
        items: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        ordered: bool = False,
    ) -> Response:
        """One page of a classic-paginated list, with the run's quirks.

        ``ordered``: the client asked for an order (``sort_by``), which the API keeps even
        under the ``unsorted`` quirk.
        """
        limit, offset, want_total = self._page_args(req)
        quirks = req.quirks
        if "short_pages" in quirks:
            limit = min(limit, SHORT_PAGE_LIMIT)
        shuffled = "unsorted" in quirks and not ordered
        # One row arrived at the head of the list since the previous page: every row moved
        # one place down, so this page starts with the previous page's last row again.
        start = offset - 1 if shuffled and offset > 0 and limit > 1 else offset
        window = items[start : start + limit]
        rendered = [render(x) for x in window]
        if shuffled:
            rendered.reverse()
        deviations = self._adjust(key, rendered, quirks, req.args("include[]"))
        body = {
            key: rendered,
            "limit": limit,
            "offset": offset,
            "more": start + len(window) < len(items),
            "total": len(items) if want_total else None,
        }
        return Response(200, dumps(body), deviations=tuple(deviations))
