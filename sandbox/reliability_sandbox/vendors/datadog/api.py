"""The Datadog API (v1 and v2): keys, permissions, rate-limit headers, pagination, routes.

See :mod:`reliability_sandbox.vendors.datadog` for what is served and the contract.
"""

from __future__ import annotations

import base64
import bisect
import hmac
import re
import time
from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendor import (
    NoRouteError,
    Request,
    Response,
    dumps,
    find_route,
    int_headers,
    unknown_settings,
)
from reliability_sandbox.vendors.datadog.contract import (
    DEFAULT_API_KEY,
    DEFAULT_APP_KEY,
    EVENTS_PAGE_DEFAULT,
    EVENTS_PAGE_MAX,
    INCIDENT_PAGE_DEFAULT,
    INCIDENT_PAGE_MAX,
    MONITOR_PAGE_DEFAULT,
    MONITOR_PAGE_MAX,
    NOMINAL_LIMIT,
    NOMINAL_PERIOD,
    RESULTS_MAX,
    RESULTS_RETENTION,
    SHORT_PAGES,
    SLO_CORRECTION_LIMIT_DEFAULT,
    SLO_LIMIT_DEFAULT,
    SYNTHETICS_PAGE_DEFAULT,
    UNRELEASED,
    ApiError,
    _date_math,
    _event_quirks,
    _unknown_monitor_fields,
)
from reliability_sandbox.vendors.datadog.definitions import MonitorEvent, _ts
from reliability_sandbox.vendors.datadog.objects import DatadogObjects

if TYPE_CHECKING:
    from collections.abc import Callable

    from reliability_sandbox.org import Org


_TESTS = r"/api/v1/synthetics/tests"
_RESULTS = _TESTS + r"/(browser/)?([a-z0-9-]+)/results"
_INCIDENT = r"/api/v2/incidents/([0-9a-f-]{36})"
#: Every route (all GETs): path pattern, the permission the application key needs, the
#: endpoint's name in ``X-RateLimit-Name``, and the method that serves it.
_ROUTES = (
    (r"/api/v1/monitor", "monitors_read", "monitor_list", "_monitors"),
    (r"/api/v1/monitor/(\d+)", "monitors_read", "monitor_get", "_monitor"),
    (r"/api/v1/downtime", "monitors_read", "downtime", "_downtimes"),
    (r"/api/v2/events", "events_read", "events_list", "_events_list"),
    (_TESTS, "synthetics_read", "synthetics_list", "_tests"),
    (_RESULTS, "synthetics_read", "synthetics_results", "_results"),
    (r"/api/v1/slo", "slos_read", "slo_list", "_slos"),
    (r"/api/v1/slo/([0-9a-f]{32})/history", "slos_read", "slo_history", "_slo_history"),
    (r"/api/v1/slo/correction", "slos_read", "slo_corrections", "_slo_corrections"),
    (r"/api/v2/incidents", "incident_read", "incidents", "_incidents"),
    (_INCIDENT, "incident_read", "incidents", "_incident"),
    (_INCIDENT + "/relationships/todos", "incident_read", "incident_todos", "_todos"),
)

#: The listings paged by size and start: the size parameter, its default and maximum
#: (``None``: none), the start parameter, and the 400's message when either is out of bounds.
_PAGING: dict[str, tuple[str, int, int | None, str, str]] = {
    "synthetics_tests": (
        "page_size",
        SYNTHETICS_PAGE_DEFAULT,
        None,
        "page_number",
        "page_size must be positive and page_number at least 0",
    ),
    "slos": (
        "limit",
        SLO_LIMIT_DEFAULT,
        None,
        "offset",
        "limit must be positive and offset at least 0",
    ),
    "slo_corrections": (
        "limit",
        SLO_CORRECTION_LIMIT_DEFAULT,
        None,
        "offset",
        "limit must be positive and offset at least 0",
    ),
    "incidents": (
        "page[size]",
        INCIDENT_PAGE_DEFAULT,
        INCIDENT_PAGE_MAX,
        "page[offset]",
        f"page[size] must be between 1 and {INCIDENT_PAGE_MAX}",
    ),
}


class DatadogAPI(DatadogObjects):
    """The Datadog API over an :class:`~reliability_sandbox.org.Org`: the routes.

    Attributes:
        api_key: Accepted ``DD-API-KEY``.
        app_key: Accepted ``DD-APPLICATION-KEY``.
        incident_management: Whether the account has Incident Management; when ``False``
            every ``/api/v2/incidents`` path answers 404.
        denied_permissions: Permissions the application key lacks (e.g. ``{"slos_read"}``):
            endpoints needing one answer 403 naming it.
    """

    name = "datadog"
    prefix = "/datadog"

    def __init__(
        self, org: Org, api_key: str = DEFAULT_API_KEY, app_key: str = DEFAULT_APP_KEY
    ) -> None:
        """Create the API view (static objects are generated once, lazily)."""
        super().__init__(org)
        self.api_key = api_key
        self.app_key = app_key
        self.incident_management = True
        self.denied_permissions: set[str] = set()
        self._pending_rl: tuple[int, int, int] | None = None
        self._routes: list[tuple[str, re.Pattern[str], str, str, Callable[..., Any]]] = [
            ("GET", re.compile(pattern), permission, rl_name, getattr(self, handler))
            for pattern, permission, rl_name, handler in _ROUTES
        ]

    # ================================================================ registry
    def credentials(self) -> dict[str, str]:
        """The API key and application key."""
        return {"api_key": self.api_key, "app_key": self.app_key}

    def client_headers(self) -> dict[str, str]:
        """``DD-API-KEY`` and ``DD-APPLICATION-KEY``."""
        return {"DD-API-KEY": self.api_key, "DD-APPLICATION-KEY": self.app_key}

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Account switches.

        ``incident_management`` (bool): whether the account has Incident Management (off:
        every ``/api/v2/incidents`` path answers 404); ``denied_permissions`` (list of
        names, e.g. ``["slos_read"]``): permissions the application key lacks (403).
        """
        unknown_settings(self.name, settings, {"incident_management", "denied_permissions"})
        if "incident_management" in settings:
            self.incident_management = bool(settings["incident_management"])
        if "denied_permissions" in settings:
            self.denied_permissions = {str(p) for p in settings["denied_permissions"]}
        return {
            "incident_management": self.incident_management,
            "denied_permissions": sorted(self.denied_permissions),
        }

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """Check ``DD-API-KEY`` and ``DD-APPLICATION-KEY``; 403 ``Forbidden`` if not."""
        api_key = request.headers.get("dd-api-key", "")
        app_key = request.headers.get("dd-application-key", "")
        ok = hmac.compare_digest(api_key.encode(), self.api_key.encode()) and hmac.compare_digest(
            app_key.encode(), self.app_key.encode()
        )
        if not ok:
            resp = Response.json(403, ApiError(403, "Forbidden").body)
            resp.headers.extend(self._rl_headers("auth", NOMINAL_LIMIT, NOMINAL_LIMIT - 1, 1))
            return None, resp
        return api_key, None

    def handle(self, request: Request) -> Response:
        """Route and serve one authenticated request (adds ``X-RateLimit-*`` headers)."""
        pending, self._pending_rl = self._pending_rl, None
        path = request.path.rstrip("/") or "/"
        name = "unknown"
        try:
            resp = self._route(request, path)
        except ApiError as err:
            resp = Response.json(err.status, err.body)
        for _method, pattern, _perm, rl_name, _func in self._routes:
            if pattern.fullmatch(path):
                name = rl_name
                break
        if pending is None:
            # Not enforced: a nominal per-minute budget that is never spent.
            reset = NOMINAL_PERIOD - int(time.time()) % NOMINAL_PERIOD
            pending = (NOMINAL_LIMIT, NOMINAL_LIMIT - 1, reset)
        resp.headers.extend(self._rl_headers(name, *pending))
        return resp

    def _route(self, request: Request, path: str) -> Response:
        try:
            route, groups = find_route(self._routes, request.method, path)
        except NoRouteError as miss:
            if miss.method_not_allowed:
                raise ApiError(405, "Method Not Allowed") from None
            raise ApiError(404, "Not Found") from None
        _method, _pattern, permission, _name, func = route
        if path.startswith("/api/v2/incidents") and not self.incident_management:
            raise ApiError(404, "Not Found")
        if permission in self.denied_permissions:
            raise ApiError(
                403,
                "Forbidden",
                f"This request requires the `{permission}` permission, which the "
                "application key does not have.",
            )
        return func(request, *groups)

    @staticmethod
    def _rl_headers(name: str, limit: int, remaining: int, reset: int) -> list[tuple[bytes, bytes]]:
        counts = int_headers(
            "x-ratelimit-",
            limit=limit,
            period=NOMINAL_PERIOD,
            remaining=max(remaining, 0),
            reset=reset,
        )
        return [*counts, (b"x-ratelimit-name", name.encode())]

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """Remember the budget; :meth:`handle` adds the headers with the endpoint's name.

        The server calls this and then :meth:`handle` for the same request with no await
        in between, so the pending value cannot belong to another request.
        """
        self._pending_rl = (limit, remaining, reset)
        return []

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """Datadog's 429 with its ``X-RateLimit-*`` headers (reset in seconds)."""
        resp = Response.json(429, ApiError(429, "Too many requests").body)
        resp.headers.extend(self._rl_headers("rate_limited", limit, 0, reset))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as Datadog's JSON error; 502/503 as a load balancer's HTML page."""
        return Response.server_error(status, lambda: ApiError(500, "Internal Server Error").body)

    # ============================================================== endpoints
    @staticmethod
    def _int(req: Request, name: str, default: int | None = None) -> int | None:
        return req.int_arg(
            name, default, lambda raw: ApiError(400, f"Invalid value for parameter {name}: {raw!r}")
        )

    def _paging(self, req: Request, listing: str) -> tuple[int, int]:
        """A listing's page size and start (page number or offset; 0 when absent).

        A size below 1 or above the listing's maximum, or a negative start, is Datadog's
        400; under the ``short_pages`` quirk the size is cut to the listing's short page.
        """
        size_arg, default, most, start_arg, error = _PAGING[listing]
        size = self._int(req, size_arg, default) or default
        start = self._int(req, start_arg, 0) or 0
        if size < 1 or start < 0 or (most is not None and size > most):
            raise ApiError(400, error)
        if "short_pages" in req.quirks:
            size = min(size, SHORT_PAGES[listing])
        return size, start

    def _monitors(self, req: Request) -> Response:
        deleted = self.deleted_monitor_id(req.quirks)
        monitors = sorted(
            (m for m in self._static_world()[0] if m.id != deleted), key=lambda m: m.id
        )
        wanted = [t for t in (req.arg("monitor_tags") or "").split(",") if t.strip()]
        if wanted:
            monitors = [
                m for m in monitors if all(w.strip() in self._tags(m.service) for w in wanted)
            ]
        name = req.arg("name")
        if name:
            monitors = [m for m in monitors if name.lower() in m.name.lower()]
        id_offset = self._int(req, "id_offset")
        if id_offset is not None:
            monitors = [m for m in monitors if m.id > id_offset]
        page = self._int(req, "page")
        if page is not None:
            size = self._int(req, "page_size", MONITOR_PAGE_DEFAULT) or MONITOR_PAGE_DEFAULT
            if page < 0 or size < 1 or size > MONITOR_PAGE_MAX:
                raise ApiError(400, f"page_size must be between 1 and {MONITOR_PAGE_MAX}")
            if "short_pages" in req.quirks:
                size = min(size, SHORT_PAGES["monitors"])
            window = monitors[page * size : (page + 1) * size]
            if "unsorted" in req.quirks and window:
                # No order is promised: each page comes reversed, and the previous page's
                # last monitor is served again at the top of the next one.
                window = window[::-1]
                if page > 0:
                    window.insert(0, monitors[page * size - 1])
            monitors = window
        with_dt = (req.arg("with_downtimes") or "").lower() == "true"
        items = [self.monitor(m, with_downtimes=with_dt) for m in monitors]
        deviations = _unknown_monitor_fields(items) if "unknown_fields" in req.quirks else ()
        return Response(200, dumps(items), deviations=deviations)

    def _monitor(self, req: Request, mid: str) -> Response:
        for m in self._static_world()[0]:
            if m.id == int(mid) and m.id != self.deleted_monitor_id(req.quirks):
                return Response(200, dumps(self.monitor(m)))
        raise ApiError(404, "Monitor not found")

    def _downtimes(self, req: Request) -> Response:
        with_creator = (req.arg("with_creator") or "").lower() == "true"
        items = [self.downtime(d, with_creator=with_creator) for d in self._static_world()[3]]
        if (req.arg("current_only") or "").lower() == "true":
            items = [d for d in items if d["active"]]
        return Response(200, dumps(items))

    def _tests(self, req: Request) -> Response:
        deleted = self.deleted_synthetics_test_id(req.quirks)
        tests = [t for t in self._static_world()[2] if t.public_id != deleted]
        size, number = self._paging(req, "synthetics_tests")
        window = tests[number * size : (number + 1) * size]
        items = [self.synthetics_test(t) for t in window]
        deviations: list[str] = []
        if "spec_nulls" in req.quirks:
            for i, item in enumerate(items):
                if "subtype" not in item:
                    # As Datadog's own recordings show for browser tests: a null subtype.
                    item["subtype"] = None
                    deviations.append(f"response.tests[{i}].subtype")
        # `total` is undocumented but sent: the number of tests in the account.
        body = {"tests": items, "total": len(tests)}
        return Response(200, dumps(body), deviations=tuple(deviations))

    def _results(self, req: Request, browser: str | None, public_id: str) -> Response:
        tests = self._static_world()[2]
        test = next((t for t in tests if t.public_id == public_id), None)
        if test is None or (test.type == "browser") != bool(browser):
            raise ApiError(404, "Synthetic test not found")
        if self._vanished(req, "synthetics_results", public_id) or (
            public_id == self.deleted_synthetics_test_id(req.quirks)
        ):
            raise ApiError(404, "Synthetic test not found")
        now_ms = _ts(self.org.now) * 1000
        lo = self._int(req, "from_ts", now_ms - int(RESULTS_RETENTION.total_seconds()) * 1000)
        hi = self._int(req, "to_ts", now_ms)
        results = self.results(test, lo or 0, hi if hi is not None else now_ms)
        probes = set(req.args("probe_dc"))
        if probes:
            results = [r for r in results if r["probe_dc"] in probes]
        results = results[:RESULTS_MAX]
        last = int(max((r["check_time"] for r in results), default=0))
        return Response(200, dumps({"last_timestamp_fetched": last, "results": results}))

    def _slos(self, req: Request) -> Response:
        slos = self._static_world()[1]
        tags_query = req.arg("tags_query")
        if tags_query:
            wanted = [t.strip() for t in tags_query.split(",") if t.strip()]
            slos = [o for o in slos if all(w in self._tags(o.service) for w in wanted)]
        ids = req.arg("ids")
        if ids:
            wanted_ids = set(ids.split(","))
            slos = [o for o in slos if o.id in wanted_ids]
        total = len(slos)
        limit, offset = self._paging(req, "slos")
        window = slos[offset : offset + limit]
        body = {
            "data": [self.slo(o) for o in window],
            "errors": [],
            "metadata": {"page": {"total_count": total, "total_filtered_count": total}},
        }
        return Response(200, dumps(body))

    def _slo_history(self, req: Request, slo_id: str) -> Response:
        slo = next((o for o in self._static_world()[1] if o.id == slo_id), None)
        if slo is None or self._vanished(req, "slo_history", slo_id):
            raise ApiError(404, "slo not found")
        lo, hi = self._int(req, "from_ts"), self._int(req, "to_ts")
        if lo is None or hi is None:
            raise ApiError(400, "from_ts and to_ts are required")
        if hi <= lo:
            raise ApiError(400, "from_ts must be before to_ts")
        # `apply_correction` "Defaults to `true`": `false` serves the uncorrected history.
        corrected = (req.arg("apply_correction") or "true").lower() != "false"
        body = self.slo_history(slo, lo, hi, corrected=corrected)
        deviations: tuple[str, ...] = ()
        overall = body["data"]["overall"]
        if "spec_nulls" in req.quirks and "errors" not in overall:
            overall["errors"] = None
            deviations = ("response.data.overall.errors",)
        return Response(200, dumps(body), deviations=deviations)

    def _slo_corrections(self, req: Request) -> Response:
        corrections = self.corrections
        limit, offset = self._paging(req, "slo_corrections")
        window = corrections[offset : offset + limit]
        total = len(corrections)
        body = {
            "data": [self.slo_correction(c) for c in window],
            "meta": {"page": {"total_count": total, "total_filtered_count": total}},
        }
        return Response(200, dumps(body))

    def _events_list(self, req: Request) -> Response:  # noqa: C901 - one listing
        self._refresh()
        now = self.org.now
        lo = _date_math(req.arg("filter[from]") or "now-15m", now)
        hi = _date_math(req.arg("filter[to]") or "now", now)
        if lo is None or hi is None:
            raise ApiError(400, "Invalid filter[from] or filter[to]")
        terms = (req.arg("filter[query]") or "*").split()
        limit = self._int(req, "page[limit]", EVENTS_PAGE_DEFAULT) or EVENTS_PAGE_DEFAULT
        if limit < 1 or limit > EVENTS_PAGE_MAX:
            raise ApiError(400, f"page[limit] must be between 1 and {EVENTS_PAGE_MAX}")
        if "short_pages" in req.quirks:
            limit = min(limit, SHORT_PAGES["events"])
        # Unsorted: the cursor's own event is served again (when a page can hold more).
        again = "unsorted" in req.quirks and limit > 1
        desc = (req.arg("sort") or "timestamp") == "-timestamp"
        keys = self._event_keys
        lo_key, hi_key = (int(lo.timestamp() * 1000), -1), (int(hi.timestamp() * 1000), 1 << 62)
        start, stop = bisect.bisect_left(keys, lo_key), bisect.bisect_right(keys, hi_key)
        cursor = req.arg("page[cursor]")
        if cursor:
            try:
                ms, seq = (int(x) for x in base64.urlsafe_b64decode(cursor.encode()).split(b":"))
            except ValueError:
                raise ApiError(400, "Invalid page[cursor]") from None
            if desc:
                bound = bisect.bisect_right if again else bisect.bisect_left
                stop = min(stop, bound(keys, (ms, seq)))
            else:
                bound = bisect.bisect_left if again else bisect.bisect_right
                start = max(start, bound(keys, (ms, seq)))
        order = range(stop - 1, start - 1, -1) if desc else range(start, stop)
        out: list[dict[str, Any]] = []
        last: MonitorEvent | None = None
        more = False
        for i in order:
            e = self._events[i]
            tags = [*self._tags(e.monitor.service), f"monitor:{e.monitor.id}", "source:alert"]
            if not all(t == "*" or t in tags for t in terms):
                continue
            if len(out) == limit:
                more = True
                break
            out.append(self.monitor_event(e))
            last = e
        deviations = _event_quirks(out, req.quirks)
        body: dict[str, Any] = {
            "data": out,
            "meta": {"elapsed": 5, "request_id": "sandbox", "status": "done", "page": {}},
            "links": {},
        }
        if more and last is not None:
            after = base64.urlsafe_b64encode(
                f"{int(last.at.timestamp() * 1000)}:{last.seq}".encode()
            ).decode()
            body["meta"]["page"] = {"after": after}
            body["links"] = {"next": f"/api/v2/events?page[cursor]={after}"}
        return Response(200, dumps(body), deviations=deviations)

    def _incidents(self, req: Request) -> Response:
        self._refresh()
        size, offset = self._paging(req, "incidents")
        window = self._facts[offset : offset + size]
        items = [self.incident(f) for f in window]
        deviations: list[str] = []
        if "unknown_fields" in req.quirks:
            for i, item in enumerate(items):
                attributes = item["attributes"]
                attributes[UNRELEASED] = "a field the vendor's document does not list yet"
                # A user-defined field of a type the document does not list.
                attributes["fields"][UNRELEASED] = {
                    "type": "datetime",
                    "value": attributes["created"],
                }
                deviations.append(f"response.data[{i}].attributes.fields.{UNRELEASED}")
        # `size` is what this page holds; `next_offset` only while more remain.
        pagination: dict[str, int] = {"offset": offset, "size": len(window)}
        if offset + len(window) < len(self._facts):
            pagination["next_offset"] = offset + len(window)
        body = {"data": items, "included": [], "meta": {"pagination": pagination}}
        return Response(200, dumps(body), deviations=tuple(deviations))

    def _incident(self, _req: Request, iid: str) -> Response:
        self._refresh()
        f = self._facts_by_uuid.get(iid)
        if f is None:
            raise ApiError(404, "Not Found")
        return Response(200, dumps({"data": self.incident(f), "included": []}))

    def _todos(self, req: Request, iid: str) -> Response:
        # Every todo of the incident in one answer: the operation has no paging parameters.
        self._refresh()
        f = self._facts_by_uuid.get(iid)
        if f is None or self._vanished(req, "incident_todos", iid):
            raise ApiError(404, "Not Found")
        body = {
            "data": f.todos,
            "included": [],
            "meta": {
                "pagination": {"offset": 0, "next_offset": len(f.todos), "size": len(f.todos)}
            },
        }
        return Response(200, dumps(body))
