"""The PagerDuty REST API v2, served from the generated organisation.

Mounted under ``/pagerduty``: a client's ``api_url`` is ``http://127.0.0.1:PORT/pagerduty``.
Shapes follow PagerDuty's published OpenAPI examples (``*_reference`` objects, ``self``
and ``html_url``, classic ``limit``/``offset``/``more``/``total`` pagination, cursor
pagination on analytics) and the documented contract: ``Authorization: Token token=...``,
the 10,000 offset cap, the one-month default and six-month maximum window on
``/incidents``, rate-limit headers and error bodies. ``/oncalls`` serves the teams'
weekly rotations (the people incidents are paged to) and the managers as permanent
on-calls. Deviations are listed in the package README.

Every response validates against PagerDuty's own OpenAPI document
(``contracts/pagerduty.json``) except where the live API is known to differ from it; those
places are declared in :attr:`Response.deviations` (see :data:`_REAL_NULLS` and
``contracts/SOURCES.md``). The quirks of the real API (``faults.QUIRKS``), switched per run:

* ``vanished_children``: one team (:meth:`PagerDutyAPI.vanished_team`) answers
  ``/teams/{id}/members`` and one user (:meth:`PagerDutyAPI.vanished_user`) answers
  ``/users/{id}/contact_methods`` with PagerDuty's 404 body, while both are still listed;
* ``short_pages``: ``limit`` is capped at :data:`SHORT_PAGE_LIMIT` (the body's ``limit`` says
  so, as PagerDuty's does when it lowers a limit), analytics pages likewise;
* ``unsorted``: lists the client did not ask to sort come back in reverse order within each
  page, and every page after the first repeats the previous page's last row (one row
  arrived at the head of the list between the two requests);
* ``unknown_fields``: incidents carry fields the document does not list (the ones live
  responses carry: ``basic_alert_grouping``, ``importance``, ``metadata``,
  ``external_references``) and some annotate log entries come as
  ``responder_request_log_entry``, a type the document does not list;
* ``spec_nulls``: some objects have null where the document says a string
  (:data:`_SPEC_NULLS`);
* ``deleted_inventory``: from the first epoch on, one service and one user
  (:meth:`PagerDutyAPI.deleted_inventory`) are deleted: gone from ``/services`` and
  ``/users``, PagerDuty's 404 body when read. Their incidents, log entries and memberships
  are still served (PagerDuty deletes a service's incidents with it; kept here so that the
  history a warehouse must keep is there to check).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from reliability_sandbox.vendor import NoRouteError, Request, Response, dumps, find_route
from reliability_sandbox.vendors.pagerduty.protocol import (
    ANALYTICS_DEFAULT_LIMIT,
    ANALYTICS_MAX_LIMIT,
    DEFAULT_TOKEN,
    OVERVIEW_KINDS,
    SHORT_PAGE_LIMIT,
    SORT_FIELDS,
    ApiError,
    PagerDutyProtocol,
    _add_months,
    _invalid,
    _not_found,
)
from reliability_sandbox.vendors.pagerduty.references import API_BASE, WEB_BASE
from reliability_sandbox.vendors.pagerduty.world import ONCALL_INCLUDES, ONCALL_MAX_RANGE

if TYPE_CHECKING:
    from collections.abc import Callable

    from reliability_sandbox.org import Incident, Org


class PagerDutyAPI(PagerDutyProtocol):
    """PagerDuty's REST API v2 over an :class:`~reliability_sandbox.org.Org`: the routes.

    Attributes:
        token: The accepted API token.
    """

    prefix = "/pagerduty"

    def __init__(
        self,
        org: Org,
        token: str = DEFAULT_TOKEN,
        *,
        api_base: str = API_BASE,
        web_base: str = WEB_BASE,
    ) -> None:
        """Create the API view.

        Args:
            org: The organisation to serve.
            token: Accepted API token (``Authorization: Token token=<token>``).
            api_base: Base of ``self`` links. Fixed (not the sandbox's address) so that the
                same world serialises identically whatever port it runs on.
            web_base: Base of ``html_url`` links.
        """
        super().__init__(org, api_base=api_base, web_base=web_base)
        self.token = token
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., Any]]] = [
            ("GET", re.compile(r"/services"), self._list_services),
            ("GET", re.compile(r"/services/(\w+)"), self._get_service),
            ("GET", re.compile(r"/teams"), self._list_teams),
            ("GET", re.compile(r"/teams/(\w+)"), self._get_team),
            ("GET", re.compile(r"/teams/(\w+)/members"), self._list_members),
            ("GET", re.compile(r"/users"), self._list_users),
            ("GET", re.compile(r"/users/(\w+)"), self._get_user),
            ("GET", re.compile(r"/users/(\w+)/contact_methods"), self._list_contact_methods),
            ("GET", re.compile(r"/escalation_policies"), self._list_eps),
            ("GET", re.compile(r"/escalation_policies/(\w+)"), self._get_ep),
            ("GET", re.compile(r"/schedules"), self._list_schedules),
            ("GET", re.compile(r"/schedules/(\w+)"), self._get_schedule),
            ("GET", re.compile(r"/oncalls"), self._list_oncalls),
            ("GET", re.compile(r"/priorities"), self._list_priorities),
            ("GET", re.compile(r"/incidents"), self._list_incidents),
            ("GET", re.compile(r"/incidents/(\w+)"), self._get_incident),
            ("GET", re.compile(r"/incidents/(\w+)/log_entries"), self._list_incident_log_entries),
            ("GET", re.compile(r"/log_entries"), self._list_log_entries),
            ("GET", re.compile(r"/log_entries/(\w+)"), self._get_log_entry),
            ("POST", re.compile(r"/analytics/raw/incidents"), self._analytics_raw_incidents),
        ]

    def handle(self, request: Request) -> Response:
        """Route and serve one authenticated request."""
        path = request.path.rstrip("/") or "/"
        try:
            (_method, _pattern, func), groups = find_route(self._routes, request.method, path)
        except NoRouteError as miss:
            err = (
                ApiError(405, "Method Not Allowed", 2100)
                if miss.method_not_allowed
                else _not_found()
            )
            return Response.json(err.status, err.body)
        try:
            return func(request, *groups)
        except ApiError as err:
            return Response.json(err.status, err.body)

    # ================================================================== routes
    def _list_services(self, req: Request) -> Response:
        deleted = self.deleted_inventory(req.quirks)
        return self._page(
            req,
            "services",
            [s for s in self._sorted_services(req) if s not in deleted],
            self.service,
            ordered=bool(req.args("sort_by")),
        )

    def _get_service(self, req: Request, sid: str) -> Response:
        s = self._lookup("service", sid)
        if s is None or s in self.deleted_inventory(req.quirks):
            raise _not_found()
        return Response.json(200, {"service": self.service(s)})

    def _list_teams(self, req: Request) -> Response:
        deleted = self.deleted_team(req.quirks)
        teams = [t for t in self._sorted_teams(req) if t is not deleted]
        return self._page(req, "teams", teams, self.team)

    def _found(
        self,
        req: Request,
        kind: str,
        oid: str,
        vanished: Callable[[], Any],
        deleted: Callable[[Any], bool] | None = None,
    ) -> Any:  # noqa: ANN401 - an org Team or User
        """The object of ``kind`` an id names, or PagerDuty's 404.

        A 404 also when it is the one that vanished since it was listed (the
        ``vanished_children`` quirk) or when ``deleted`` says it is gone.
        """
        obj = self._lookup(kind, oid)
        if (
            obj is None
            or ("vanished_children" in req.quirks and obj is vanished())
            or (deleted is not None and deleted(obj))
        ):
            raise _not_found()
        return obj

    def _team_or_404(self, req: Request, tid: str) -> Any:  # noqa: ANN401 - an org Team
        deleted = self.deleted_team(req.quirks)
        return self._found(req, "team", tid, self.vanished_team, lambda t: t is deleted)

    def _get_team(self, req: Request, tid: str) -> Response:
        return Response.json(200, {"team": self.team(self._team_or_404(req, tid))})

    def _list_members(self, req: Request, tid: str) -> Response:
        t = self._team_or_404(req, tid)
        # A deleted user is no longer a member of any team.
        gone = {self.user_id(u) for u in self.deleted_inventory(req.quirks)[1:]}
        members = [
            m for m in self._members(t, req.args("include[]")) if m["user"]["id"] not in gone
        ]
        return self._page(req, "members", members, lambda m: m)

    def _list_users(self, req: Request) -> Response:
        include = req.args("include[]")
        deleted = self.deleted_inventory(req.quirks)
        users = [u for u in self._sorted_users(req) if u not in deleted]
        return self._page(req, "users", users, lambda u: self.user(u, include))

    def _get_user(self, req: Request, uid: str) -> Response:
        deleted = self.deleted_inventory(req.quirks)
        u = self._found(req, "user", uid, self.vanished_user, deleted.__contains__)
        return Response.json(200, {"user": self.user(u, req.args("include[]"))})

    def _list_contact_methods(self, req: Request, uid: str) -> Response:
        u = self._found(req, "user", uid, self.vanished_user)
        return Response.json(200, {"contact_methods": self.contact_methods(u)})

    def _list_eps(self, req: Request) -> Response:
        teams = self._sorted_teams()
        team_ids = set(req.args("team_ids[]"))
        if team_ids:
            teams = [t for t in teams if self.team_id(t) in team_ids]
        return self._page(req, "escalation_policies", teams, self.escalation_policy)

    def _get_ep(self, _req: Request, eid: str) -> Response:
        t = self._lookup("ep", eid)
        if t is None:
            raise _not_found()
        return Response.json(200, {"escalation_policy": self.escalation_policy(t)})

    def _list_schedules(self, req: Request) -> Response:
        include = req.args("include[]")
        bad = set(include) - {"schedule_layers", "overrides_subschedule", "final_schedule"}
        if bad:
            raise _invalid(f"Include {sorted(bad)} is not valid")
        return self._page(
            req, "schedules", self._sorted_teams(req), lambda t: self.schedule(t, include)
        )

    def _get_schedule(self, req: Request, sid: str) -> Response:
        t = self._lookup("schedule", sid)
        if t is None:
            raise _not_found()
        return Response.json(200, {"schedule": self.schedule(t, req.args("include[]"))})

    def _list_oncalls(self, req: Request) -> Response:
        tz = self._tz(req)
        include = req.args("include[]")
        if set(include) - ONCALL_INCLUDES:
            raise _invalid("Include is not valid")
        now = self.org.now
        since_raw, until_raw = req.arg("since"), req.arg("until")
        since = self._when(since_raw, "since", tz) if since_raw else now
        until = self._when(until_raw, "until", tz) if until_raw else now
        if until < since:
            raise _invalid("Until cannot be before since")
        if until - since > ONCALL_MAX_RANGE:
            raise _invalid("The search range cannot exceed 90 days")
        entries = self.oncall_entries(
            since,
            until,
            user_ids=req.args("user_ids[]"),
            escalation_policy_ids=req.args("escalation_policy_ids[]"),
            schedule_ids=req.args("schedule_ids[]"),
            earliest=self._bool(req, "earliest"),
        )
        render = self._renderer(tz)
        return self._page(req, "oncalls", entries, lambda e: self.oncall(e, render, include))

    def _list_priorities(self, req: Request) -> Response:
        return self._page(req, "priorities", ["P1", "P2", "P3", "P4", "P5"], self.priority)

    # -------------------------------------------------------------- incidents
    def _incident_window(
        self, req: Request, tz: tzinfo | None
    ) -> tuple[datetime | None, datetime | None]:
        if req.arg("date_range") == "all":
            return None, None
        if req.arg("date_range") not in (None, ""):
            raise _invalid("Date Range must be 'all'")
        since_s, until_s = req.arg("since"), req.arg("until")
        since = self._when(since_s, "since", tz) if since_s else None
        until = self._when(until_s, "until", tz) if until_s else None
        if since is None and until is None:
            # "Now" is the sandbox clock (anchor or last epoch), not the wall clock, so a
            # world generated for a fixed anchor answers the same whenever it is asked.
            until = self.org.now + timedelta(seconds=1)
        if since is None:
            since = _add_months(until, -1)  # type: ignore[arg-type]
        if until is None:
            until = _add_months(since, 1)
        if since > until:
            raise _invalid("Since must be before Until")
        if until > _add_months(since, 6):
            raise _invalid("The maximum range between since and until is 6 months")
        return since, until

    def _filtered_incidents(  # noqa: C901 - one line per documented filter
        self, req: Request, tz: tzinfo | None
    ) -> list[Incident]:
        since, until = self._incident_window(req, tz)
        statuses = set(req.args("statuses[]"))
        bad = statuses - {"triggered", "acknowledged", "resolved"}
        if bad:
            raise _invalid(f"Statuses {sorted(bad)} are not valid")
        urgencies = set(req.args("urgencies[]"))
        if urgencies - {"high", "low"}:
            raise _invalid("Urgencies must be high or low")
        service_ids = set(req.args("service_ids[]"))
        team_ids = set(req.args("team_ids[]"))
        user_ids = set(req.args("user_ids[]"))
        incident_key = req.arg("incident_key")
        sort = self._sort_spec(req)
        key = (
            "incidents",
            self.org.version,
            len(self.org.incidents),
            since,
            until,
            frozenset(statuses),
            frozenset(urgencies),
            frozenset(service_ids),
            frozenset(team_ids),
            frozenset(user_ids),
            incident_key,
            tuple(sort),
        )
        cached = self._cache_get(key)
        if cached is not None:
            return cached
        lo, hi = self.org.incidents_between(since, until)
        items = self.org.incidents[lo:hi]
        if statuses:
            items = [i for i in items if i.status in statuses]
        if urgencies:
            items = [i for i in items if i.urgency in urgencies]
        if service_ids:
            items = [i for i in items if self.service_id(i.service) in service_ids]
        if team_ids:
            items = [i for i in items if self.team_id(i.team) in team_ids]
        if user_ids:
            items = [i for i in items if any(self.user_id(u) in user_ids for u in i.assignees)]
        if incident_key is not None:
            items = [i for i in items if i.key == incident_key]
        for field, desc in reversed(sort):
            items = self._sort_incidents(items, field, desc=desc)
        self._cache_put(key, items)
        return items

    @staticmethod
    def _sort_spec(req: Request) -> list[tuple[str, bool]]:
        raw = [p for v in req.args("sort_by") for p in v.split(",") if p]
        if len(raw) > 2:  # noqa: PLR2004
            raise _invalid("Sort By accepts at most two fields")
        spec = []
        for part in raw:
            field, _, direction = part.partition(":")
            if field not in SORT_FIELDS or direction not in ("", "asc", "desc"):
                raise _invalid(f"Sort By {part!r} is not valid")
            spec.append((field, direction == "desc"))
        # Without sort_by the API lists incidents oldest first (created_at ascending).
        return spec or [("created_at", False)]

    @staticmethod
    def _sort_incidents(items: list[Incident], field: str, *, desc: bool) -> list[Incident]:
        if field == "resolved_at":
            # Open incidents (null resolved_at) sort after resolved ones ascending,
            # first descending, like SQL's default NULL ordering.
            never = datetime.max.replace(tzinfo=UTC)
            return sorted(items, key=lambda i: i.resolved_at or never, reverse=desc)
        getter: Callable[[Incident], Any] = {
            "incident_number": lambda i: i.number,
            "created_at": lambda i: (i.created_at, i.number),
            "urgency": lambda i: i.urgency,
        }[field]
        return sorted(items, key=getter, reverse=desc)

    def _list_incidents(self, req: Request) -> Response:
        tz = self._tz(req)
        ts = self._renderer(tz)
        items = self._filtered_incidents(req, tz)
        return self._page(
            req,
            "incidents",
            items,
            lambda i: self.incident(i, ts),
            ordered=bool(req.args("sort_by")),
        )

    def _find_incident(self, iid: str) -> Incident:
        found = self._lookup("incident", iid)
        if found is None and iid.isdigit():
            # The real API accepts an incident number in place of the id.
            found = self.org.incident_by_number(int(iid))
        if found is None:
            raise _not_found()
        return found

    def _get_incident(self, req: Request, iid: str) -> Response:
        inc = self._find_incident(iid)
        return Response.json(200, {"incident": self.incident(inc, self._renderer(self._tz(req)))})

    # ------------------------------------------------------------ log entries
    def _log_include(self, req: Request) -> list[str]:
        include = req.args("include[]")
        bad = set(include) - {"incidents", "services", "channels", "teams"}
        if bad:
            raise _invalid(f"Include {sorted(bad)} is not valid")
        return include

    def _log_args(
        self, req: Request
    ) -> tuple[Callable[[datetime], str], list[str], datetime | None, datetime | None]:
        """How a log entry list renders times, what it includes, its ``since``/``until``."""
        tz = self._tz(req)
        include = self._log_include(req)
        since_s, until_s = req.arg("since"), req.arg("until")
        since = self._when(since_s, "since", tz) if since_s else None
        until = self._when(until_s, "until", tz) if until_s else None
        return self._renderer(tz), include, since, until

    def _list_log_entries(self, req: Request) -> Response:
        ts, include, since, until = self._log_args(req)
        if since and until and since > until:
            raise _invalid("Since must be before Until")
        overview = self._bool(req, "is_overview")
        team_ids = frozenset(req.args("team_ids[]"))
        key = ("log", self.org.version, len(self.org.events), since, until, overview, team_ids)
        items = self._cache_get(key)
        if items is None:
            lo, hi = self.org.events_between(since, until)
            events = self.org.events
            # Newest first, like the real API.
            items = events[lo:hi][::-1]
            if overview:
                items = [e for e in items if e.kind in OVERVIEW_KINDS]
            if team_ids:
                items = [e for e in items if self.team_id(e.incident.team) in team_ids]
            self._cache_put(key, items)
        return self._page(req, "log_entries", items, lambda e: self.log_entry(e, ts, include))

    def _list_incident_log_entries(self, req: Request, iid: str) -> Response:
        inc = self._find_incident(iid)
        ts, include, since, until = self._log_args(req)
        items = [
            e
            for e in reversed(inc.events)
            if (since is None or e.at >= since) and (until is None or e.at < until)
        ]
        if self._bool(req, "is_overview"):
            items = [e for e in items if e.kind in OVERVIEW_KINDS]
        return self._page(req, "log_entries", items, lambda e: self.log_entry(e, ts, include))

    def _get_log_entry(self, req: Request, lid: str) -> Response:
        key = ("log_ids", self.org.version, len(self.org.events))
        by_id = self._cache_get(key)
        if by_id is None:
            by_id = {self.log_entry_id(e): e for e in self.org.events}
            self._cache_put(key, by_id)
        ev = by_id.get(lid)
        if ev is None:
            raise _not_found()
        tz = self._tz(req)
        return Response.json(
            200, {"log_entry": self.log_entry(ev, self._renderer(tz), self._log_include(req))}
        )

    def _analytics_raw_incidents(self, req: Request) -> Response:  # noqa: C901, PLR0912, PLR0915
        try:
            body = orjson.loads(req.body or b"{}")
        except orjson.JSONDecodeError:
            raise _invalid("The request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise _invalid("The request body must be a JSON object")
        filters = body.get("filters") or {}
        tz_name = body.get("time_zone") or "Etc/UTC"
        try:
            tz = None if tz_name in ("UTC", "Etc/UTC") else ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise _invalid("time_zone is not a valid time zone") from None
        limit = body.get("limit", ANALYTICS_DEFAULT_LIMIT)
        if not isinstance(limit, int) or not 1 <= limit <= ANALYTICS_MAX_LIMIT:
            raise _invalid("limit must be between 1 and 1000")
        if "short_pages" in req.quirks:
            limit = min(limit, SHORT_PAGE_LIMIT)
        order = body.get("order") or "desc"
        order_by = body.get("order_by") or "created_at"
        if order not in ("asc", "desc") or order_by not in ("created_at", "seconds_to_resolve"):
            raise _invalid("order must be asc or desc; order_by created_at or seconds_to_resolve")
        start = (
            self._when(filters["created_at_start"], "created_at_start", tz)
            if filters.get("created_at_start")
            else None
        )
        end = (
            self._when(filters["created_at_end"], "created_at_end", tz)
            if filters.get("created_at_end")
            else None
        )
        if start and end and (start > end or end > _add_months(start, 12)):
            raise _invalid(
                "The range between created_at_start and created_at_end must be "
                "positive and at most one year"
            )
        lo, hi = self.org.incidents_between(start, end)
        items = self.org.incidents[lo:hi]
        if filters.get("urgency"):
            items = [i for i in items if i.urgency == filters["urgency"]]
        if filters.get("major") is not None:
            items = [i for i in items if (i.priority in ("P1", "P2")) == bool(filters["major"])]
        for name, get in (
            ("service_ids", lambda i: self.service_id(i.service)),
            ("team_ids", lambda i: self.team_id(i.team)),
            ("priority_ids", lambda i: self.priority_id(i.priority) if i.priority else None),
            ("priority_names", lambda i: i.priority),
        ):
            wanted = filters.get(name)
            if wanted:
                items = [i for i in items if get(i) in set(wanted)]
        if filters.get("updated_after"):
            after = self._when(filters["updated_after"], "updated_after", tz)
            items = [i for i in items if i.updated_at > after]
        if order_by == "created_at":
            items = sorted(items, key=lambda i: (i.created_at, i.number), reverse=order == "desc")
        else:
            big = 1 << 62
            items = sorted(
                items,
                key=lambda i: (
                    int((i.resolved_at - i.created_at).total_seconds()) if i.resolved_at else big,
                    i.number,
                ),
                reverse=order == "desc",
            )
        ids = [self.incident_id(i) for i in items]
        starting_after, ending_before = body.get("starting_after"), body.get("ending_before")
        if starting_after:
            if starting_after not in ids:
                raise _invalid("starting_after is not a valid cursor")
            first_index = ids.index(starting_after) + 1
            window = items[first_index : first_index + limit]
            more = first_index + limit < len(items)
        elif ending_before:
            if ending_before not in ids:
                raise _invalid("ending_before is not a valid cursor")
            stop = ids.index(ending_before)
            window = items[max(0, stop - limit) : stop]
            more = stop - limit > 0
        else:
            window = items[:limit]
            more = limit < len(items)
        data = [self.analytics_row(i, tz) for i in window]
        deviations = self._adjust("data", data, req.quirks)
        if not data:
            # An empty page has no first or last row: null, where the document says string.
            deviations += ["response.first", "response.last"]
        return Response(
            200,
            dumps(
                {
                    "data": data,
                    "ending_before": ending_before,
                    "filters": filters,
                    "first": data[0]["id"] if data else None,
                    "last": data[-1]["id"] if data else None,
                    "limit": limit,
                    "more": more,
                    "order": order,
                    "order_by": order_by,
                    "starting_after": starting_after,
                    "time_zone": tz_name,
                }
            ),
            deviations=tuple(deviations),
        )
