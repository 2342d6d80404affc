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

import calendar
import hmac
import re
from collections import OrderedDict
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from reliability_sandbox.org import ROTATION_SECONDS
from reliability_sandbox.vendor import Request, Response, dumps

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Incident, Org, Service, Team, TimelineEvent, User

DEFAULT_TOKEN = "sandbox-pagerduty-token"  # noqa: S105 - a public, fake sandbox credential
API_BASE = "https://api.pagerduty.com"
WEB_BASE = "https://sandbox.pagerduty.com"

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

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_M6 = 36**6
_M13 = 36**13
# Multipliers coprime to 36, so x -> (a*x + b) mod 36^k is a bijection: ids never collide.
_A6 = 1_000_003
_A13 = 7_777_777_777_777_777_777

# Object kinds, to keep ids of different collections apart.
_K_SERVICE, _K_TEAM, _K_USER, _K_EP, _K_SCHEDULE, _K_PRIORITY = 1, 2, 3, 4, 5, 6
_K_INCIDENT, _K_CONTACT, _K_RULE, _K_INTEGRATION, _K_EP_RULE = 7, 8, 9, 10, 11
_K_LAYER = 12

_TRIGGER_SUMMARY = {
    "api": "Triggered through the API",
    "email": "Triggered through an email",
    "nagios": "Triggered through Nagios",
    "web_trigger": "Triggered through the website",
}
_METHOD_TEXT = {
    "sms": "SMS",
    "email": "email",
    "phone": "phone",
    "push_notification": "push notification",
}
_PRIORITY_TEXT = {
    "P1": "Critical issue that warrants public notification and liaison with executive teams",
    "P2": "Critical system issue actively impacting many customers' ability to use the product",
    "P3": "Stability or minor customer-impacting issues that require immediate attention "
    "from service owners",
    "P4": "Minor issues requiring action, but not affecting customer ability to use the product",
    "P5": "Cosmetic issues or bugs, not affecting customer ability to use the product",
}
_COLORS = ("green", "red", "purple", "orange", "teal", "blue", "brown", "cayenne")
_LOG_TYPES = {
    k: f"{k}_log_entry"
    for k in ("trigger", "assign", "notify", "escalate", "acknowledge", "annotate", "resolve")
}

# Fields PagerDuty's live API sends as null although its OpenAPI document types them as
# non-null (per collection key of the response): its own incident example has
# `resolve_reason: null`; recorded live responses in public client fixtures show
# `alert_grouping`, `conference_bridge`, `priority` and `support_hours` null; an open
# incident has no `resolved_at`, and the analytics of an incident nobody acknowledged or
# resolved have no `seconds_to_*` or `resolved_by_*` to give.
_REAL_NULLS: dict[str, tuple[str, ...]] = {
    "incidents": (
        "resolved_at",
        "resolve_reason",
        "alert_grouping",
        "conference_bridge",
        "priority",
    ),
    "services": ("support_hours", "last_incident_timestamp"),
    # A user who is an escalation rule's direct target is on call permanently: no schedule,
    # no start, no end (the document's own descriptions of `start` and `end` say so, its
    # schema types them as strings and the schedule as a reference).
    "oncalls": ("schedule", "start", "end"),
    "data": (
        "resolved_at",
        "resolved_by_user_id",
        "resolved_by_user_name",
        "seconds_to_engage",
        "seconds_to_first_ack",
        "seconds_to_mobilize",
        "seconds_to_resolve",
    ),
}
# The live API's name for acknowledgements; the document's AcknowledgeLogEntry says
# `acknowledgement_log_entry`, but its own LogEntry enum, its log entry references and every
# live response say `acknowledge_log_entry`.
_REAL_LOG_TYPES = frozenset({"acknowledge_log_entry"})
# The `spec_nulls` quirk: documented as a string, null on objects that were created
# without one (a service, team, policy or schedule without a description, a user without a
# job title, an incident raised without a de-duplication key). Not log entries: the
# document lists them as `anyOf` fifteen entry types, and a null in one makes the check
# name another type's mismatch instead of the null.
_SPEC_NULLS: dict[str, tuple[str, ...]] = {
    "services": ("description",),
    "teams": ("description",),
    "users": ("job_title",),
    "escalation_policies": ("description",),
    "schedules": ("description",),
    "priorities": ("description",),
    "incidents": ("incident_key",),
    "data": ("description",),
}
# The `unknown_fields` quirk: fields live incident responses carry that the document does
# not list, and a log entry type it does not list.
_UNKNOWN_INCIDENT_FIELDS: dict[str, Any] = {
    "basic_alert_grouping": None,
    "importance": None,
    "metadata": {},
    "external_references": [],
}
_UNKNOWN_LOG_TYPE = "responder_request_log_entry"
_DEVIATING_LOG_TYPES = _REAL_LOG_TYPES | {_UNKNOWN_LOG_TYPE}
# `include[]` values that replace references with full objects, per collection key:
# (field, include value). The document describes only the reference form of these fields.
_INCLUDED: dict[str, tuple[tuple[str, str], ...]] = {
    "users": (
        ("contact_methods", "contact_methods"),
        ("notification_rules", "notification_rules"),
        ("teams", "teams"),
    ),
    "members": (("user", "users"),),
    "log_entries": (("incident", "incidents"), ("service", "services"), ("teams", "teams")),
    "oncalls": (
        ("user", "users"),
        ("schedule", "schedules"),
        ("escalation_policy", "escalation_policies"),
    ),
}
#: The longest `since`..`until` range `/oncalls` accepts, and how far ahead of now it
#: serves shifts ("on-call shifts are limited to 90 days in the future"; older versions of
#: PagerDuty's reference: "the search range cannot exceed 3 months").
ONCALL_MAX_RANGE = timedelta(days=90)
ONCALL_INCLUDES = frozenset({"users", "schedules", "escalation_policies"})


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


def _b36(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 36)
        out.append(_ALPHABET[r])
    return "".join(reversed(out))


def _add_months(dt: datetime, months: int) -> datetime:
    m = dt.month - 1 + months
    year, month = dt.year + m // 12, m % 12 + 1
    return dt.replace(year=year, month=month, day=min(dt.day, calendar.monthrange(year, month)[1]))


def _utc_z(dt: datetime) -> str:
    return f"{dt:%Y-%m-%dT%H:%M:%S}Z"


class PagerDutyAPI:
    """The PagerDuty REST API v2 over an :class:`~reliability_sandbox.org.Org`.

    Attributes:
        prefix: Mount point in the sandbox's URL space.
        org: The world it serves.
        token: The one API token accepted.
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
        self.org = org
        self.token = token
        self.api = api_base.rstrip("/")
        self.web = web_base.rstrip("/")
        self._b6 = (org.config.seed * 2_654_435_761 + 12_345) % _M6
        self._b13 = (org.config.seed * 11_400_714_819_323_198_485 + 67_890) % _M13
        self._refs: dict[tuple[int, int], dict[str, Any]] = {}
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._by_id: dict[str, tuple[str, Any]] = {}
        self._by_id_version: tuple[int, int] = (-1, -1)
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

    def handle(self, request: Request) -> Response:
        """Route and serve one authenticated request."""
        path = request.path.rstrip("/") or "/"
        allowed = False
        try:
            for method, pattern, func in self._routes:
                m = pattern.fullmatch(path)
                if m is None:
                    continue
                allowed = True
                if method != request.method:
                    continue
                return func(request, *m.groups())
            if allowed:
                raise ApiError(405, "Method Not Allowed", 2100)  # noqa: TRY301
            raise _not_found()
        except ApiError as err:
            return Response.json(err.status, err.body)

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """PagerDuty's ``ratelimit-limit``/``-remaining``/``-reset`` (seconds) headers."""
        return [
            (b"ratelimit-limit", b"%d" % limit),
            (b"ratelimit-remaining", b"%d" % remaining),
            (b"ratelimit-reset", b"%d" % reset),
        ]

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """PagerDuty's 429."""
        err = ApiError(429, "Rate Limit Exceeded", 2020)
        resp = Response.json(429, err.body)
        resp.headers.extend(self.rate_limit_headers(limit, 0, reset))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as PagerDuty's JSON error; 502/503 as the HTML a load balancer returns."""
        if status == 500:  # noqa: PLR2004
            return Response.json(500, ApiError(500, "Internal Server Error", 2000).body)
        reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        html = f"<html><body><h1>{status} {reason}</h1></body></html>\n".encode()
        return Response(status, html, [(b"content-type", b"text/html")])

    # ===================================================================== ids
    def _id(self, kind: int, n: int) -> str:
        return "P" + _b36(((kind * 10_000_000 + n) * _A6 + self._b6) % _M6, 6)

    def service_id(self, s: Service) -> str:
        """PagerDuty id of a service."""
        return self._id(_K_SERVICE, s.index)

    def team_id(self, t: Team) -> str:
        """PagerDuty id of a team."""
        return self._id(_K_TEAM, t.index)

    def user_id(self, u: User) -> str:
        """PagerDuty id of a user."""
        return self._id(_K_USER, u.index)

    def ep_id(self, t: Team) -> str:
        """PagerDuty id of a team's escalation policy."""
        return self._id(_K_EP, t.index)

    def schedule_id(self, t: Team) -> str:
        """PagerDuty id of a team's on-call schedule."""
        return self._id(_K_SCHEDULE, t.index)

    def priority_id(self, name: str) -> str:
        """PagerDuty id of a priority (``P1``..``P5``)."""
        return self._id(_K_PRIORITY, int(name[1:]))

    def incident_id(self, inc: Incident) -> str:
        """PagerDuty id of an incident."""
        return self._id(_K_INCIDENT, inc.number)

    def log_entry_id(self, ev: TimelineEvent) -> str:
        """PagerDuty id of a log entry (14 characters, like the real ones)."""
        return "R" + _b36(((ev.incident.number * 1000 + ev.seq) * _A13 + self._b13) % _M13, 13)

    # ============================================================ references
    def _ref(self, kind: int, n: int, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        # Referenced objects never change, so their reference dicts are built once and
        # shared: building an incident or log entry then costs a few dict lookups.
        key = (kind, n)
        ref = self._refs.get(key)
        if ref is None:
            ref = self._refs[key] = make()
        return ref

    def service_ref(self, s: Service) -> dict[str, Any]:
        """``service_reference``."""

        def make() -> dict[str, Any]:
            sid = self.service_id(s)
            return {
                "id": sid,
                "type": "service_reference",
                "summary": s.name,
                "self": f"{self.api}/services/{sid}",
                "html_url": f"{self.web}/service-directory/{sid}",
            }

        return self._ref(_K_SERVICE, s.index, make)

    def team_ref(self, t: Team) -> dict[str, Any]:
        """``team_reference``."""

        def make() -> dict[str, Any]:
            tid = self.team_id(t)
            return {
                "id": tid,
                "type": "team_reference",
                "summary": t.name,
                "self": f"{self.api}/teams/{tid}",
                "html_url": f"{self.web}/teams/{tid}",
            }

        return self._ref(_K_TEAM, t.index, make)

    def user_ref(self, u: User) -> dict[str, Any]:
        """``user_reference``."""

        def make() -> dict[str, Any]:
            uid = self.user_id(u)
            return {
                "id": uid,
                "type": "user_reference",
                "summary": u.name,
                "self": f"{self.api}/users/{uid}",
                "html_url": f"{self.web}/users/{uid}",
            }

        return self._ref(_K_USER, u.index, make)

    def ep_ref(self, t: Team) -> dict[str, Any]:
        """``escalation_policy_reference`` of a team's policy."""

        def make() -> dict[str, Any]:
            eid = self.ep_id(t)
            return {
                "id": eid,
                "type": "escalation_policy_reference",
                "summary": f"{t.name} Escalation Policy",
                "self": f"{self.api}/escalation_policies/{eid}",
                "html_url": f"{self.web}/escalation_policies/{eid}",
            }

        return self._ref(_K_EP, t.index, make)

    def schedule_ref(self, t: Team) -> dict[str, Any]:
        """``schedule_reference`` of a team's rotation."""

        def make() -> dict[str, Any]:
            sid = self.schedule_id(t)
            return {
                "id": sid,
                "type": "schedule_reference",
                "summary": f"{t.name} Primary Rotation",
                "self": f"{self.api}/schedules/{sid}",
                "html_url": f"{self.web}/schedules/{sid}",
            }

        return self._ref(_K_SCHEDULE, t.index, make)

    def priority_ref(self, name: str) -> dict[str, Any]:
        """``priority_reference`` (no ``html_url``, as in PagerDuty's examples)."""

        def make() -> dict[str, Any]:
            pid = self.priority_id(name)
            return {
                "id": pid,
                "type": "priority_reference",
                "summary": name,
                "self": f"{self.api}/priorities/{pid}",
            }

        return self._ref(_K_PRIORITY, int(name[1:]), make)

    def incident_ref(self, inc: Incident) -> dict[str, Any]:
        """``incident_reference``."""
        iid = self.incident_id(inc)
        return {
            "id": iid,
            "type": "incident_reference",
            "summary": f"[#{inc.number}] {inc.title}",
            "self": f"{self.api}/incidents/{iid}",
            "html_url": f"{self.web}/incidents/{iid}",
        }

    def _agent(self, ev: TimelineEvent) -> dict[str, Any]:
        return (
            self.user_ref(ev.actor)
            if ev.actor is not None
            else self.service_ref(ev.incident.service)
        )

    # =============================================================== objects
    def _service_state(self) -> dict[int, tuple[str, datetime | None]]:
        """Per service: status from open incidents, and last incident time (cached)."""
        key = ("service_state", self.org.version, len(self.org.incidents))
        state = self._cache_get(key)
        if state is None:
            state = {}
            for inc in self.org.incidents:
                status, _ = state.get(inc.service.index, ("active", None))
                if inc.resolved_at is None:
                    status = (
                        "critical"
                        if inc.urgency == "high"
                        else ("warning" if status == "active" else status)
                    )
                state[inc.service.index] = (status, inc.created_at)
            self._cache_put(key, state)
        return state

    def service(self, s: Service) -> dict[str, Any]:
        """A full ``service`` object."""
        ref = self.service_ref(s)
        status, last = self._service_state().get(s.index, ("active", None))
        iid = self._id(_K_INTEGRATION, s.index)
        return {
            "id": ref["id"],
            "summary": s.name,
            "type": "service",
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": s.name,
            "description": s.description,
            "auto_resolve_timeout": 14400,
            "acknowledgement_timeout": 600,
            "created_at": _utc_z(s.created_at),
            "status": status,
            "last_incident_timestamp": _utc_z(last) if last else None,
            "alert_creation": "create_alerts_and_incidents",
            "alert_grouping_parameters": {"type": "intelligent"},
            "integrations": [
                {
                    "id": iid,
                    "type": "generic_events_api_inbound_integration_reference",
                    "summary": "Events API V2",
                    "self": f"{ref['self']}/integrations/{iid}",
                    "html_url": f"{self.web}/services/{ref['id']}/integrations/{iid}",
                }
            ],
            "escalation_policy": self.ep_ref(s.team),
            "teams": [self.team_ref(s.team)],
            "incident_urgency_rule": {"type": "constant", "urgency": "high"},
            "support_hours": None,
            "scheduled_actions": [],
            # Disabled: no timeout (the document's enum has no null).
            "auto_pause_notifications_parameters": {"enabled": False},
        }

    def team(self, t: Team) -> dict[str, Any]:
        """A full ``team`` object."""
        ref = self.team_ref(t)
        return {
            "id": ref["id"],
            "type": "team",
            "summary": t.name,
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": t.name,
            "description": t.description,
        }

    def contact_methods(self, u: User) -> list[dict[str, Any]]:
        """A user's full contact method objects (email, phone, SMS, and push for most)."""
        uid = self.user_id(u)
        base = f"{self.api}/users/{uid}/contact_methods"
        methods: list[dict[str, Any]] = []

        def add(k: int, ctype: str, label: str, address: str, **extra: Any) -> None:  # noqa: ANN401
            cid = self._id(_K_CONTACT, u.index * 10 + k)
            methods.append(
                {
                    "id": cid,
                    "type": ctype,
                    "summary": label,
                    "self": f"{base}/{cid}",
                    "html_url": None,
                    "label": label,
                    "address": address,
                    **extra,
                }
            )

        add(
            0,
            "email_contact_method",
            "Work",
            u.email,
            send_short_email=False,
            send_html_email=False,
        )
        add(1, "phone_contact_method", "Mobile", u.phone, country_code=1, blacklisted=False)
        add(
            2,
            "sms_contact_method",
            "Mobile",
            u.phone,
            country_code=1,
            blacklisted=False,
            enabled=True,
        )
        if u.index % 3:
            add(
                3,
                "push_notification_contact_method",
                "Phone",
                f"{u.index:08x}" * 8,
                device_type="ios" if u.index % 2 else "android",
                blacklisted=False,
            )
        return methods

    def user(self, u: User, include: Sequence[str] = ()) -> dict[str, Any]:
        """A full ``user``; ``include`` may hold contact_methods, notification_rules, teams."""
        ref = self.user_ref(u)
        methods = self.contact_methods(u)
        if "contact_methods" not in include:
            methods = [
                {
                    "id": m["id"],
                    "type": f"{m['type']}_reference",
                    "summary": m["summary"],
                    "self": m["self"],
                }
                for m in methods
            ]
        nid = self._id(_K_RULE, u.index)
        rule: dict[str, Any] = {
            "id": nid,
            "type": "assignment_notification_rule_reference",
            "summary": "Default",
            "self": f"{ref['self']}/notification_rules/{nid}",
            "html_url": None,
        }
        if "notification_rules" in include:
            rule = {
                "id": nid,
                "type": "assignment_notification_rule",
                "summary": "Default",
                "self": rule["self"],
                "html_url": None,
                "start_delay_in_minutes": 0,
                "contact_method": {k: methods[0][k] for k in ("id", "self")}
                | {"type": "email_contact_method_reference", "summary": "Work"},
                "urgency": "high",
            }
        teams = [self.team(t) if "teams" in include else self.team_ref(t) for t, _ in u.teams]
        return {
            "id": ref["id"],
            "type": "user",
            "summary": u.name,
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": u.name,
            "email": u.email,
            "time_zone": u.time_zone,
            "color": _COLORS[u.index % len(_COLORS)],
            "role": u.role,
            "avatar_url": "https://pd-static-assets.pagerduty.com/users/blank-avatar.png",
            "description": u.job_title,
            "invitation_sent": False,
            "created_via_sso": False,
            "contact_methods": methods,
            "notification_rules": [rule],
            "job_title": u.job_title,
            "teams": teams,
        }

    def escalation_policy(self, t: Team) -> dict[str, Any]:
        """A team's full ``escalation_policy``: its rotation, then its manager."""
        ref = self.ep_ref(t)
        return {
            "id": ref["id"],
            "type": "escalation_policy",
            "summary": ref["summary"],
            "on_call_handoff_notifications": "if_has_services",
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": ref["summary"],
            "description": f"Pages the {t.name} rotation, then its manager",
            "escalation_rules": [
                {
                    "id": self._id(_K_EP_RULE, t.index * 10 + 1),
                    "escalation_delay_in_minutes": 30,
                    "targets": [self.schedule_ref(t)],
                },
                {
                    "id": self._id(_K_EP_RULE, t.index * 10 + 2),
                    "escalation_delay_in_minutes": 30,
                    "targets": [self.user_ref(t.manager())],
                },
            ],
            "services": [self.service_ref(s) for s in t.services],
            "num_loops": 0,
            "teams": [self.team_ref(t)],
        }

    def schedule(self, t: Team, include: Sequence[str] = ()) -> dict[str, Any]:
        """A team's full ``schedule`` (weekly rotation of its responders).

        ``include`` may hold ``schedule_layers`` (one weekly layer of the responders, as in
        PagerDuty's list example that asks for them).
        """
        ref = self.schedule_ref(t)
        schedule = {
            "id": ref["id"],
            "type": "schedule",
            "summary": ref["summary"],
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": ref["summary"],
            "time_zone": t.manager().time_zone,
            "description": f"Weekly on-call rotation of the {t.name} team",
            "escalation_policies": [self.ep_ref(t)],
            "users": [self.user_ref(u) for u in t.responders()],
            "teams": [self.team_ref(t)],
        }
        if "schedule_layers" in include:
            start = self.org.rotation_start(t)
            # The rotation hands over on whole turns since the epoch, the users in this
            # order: its virtual start is the last turn boundary before the layer's start on
            # which the first user took over (what /oncalls serves follows from it).
            turns = len(t.responders())
            first = int(start.timestamp()) // ROTATION_SECONDS
            virtual = datetime.fromtimestamp((first - first % turns) * ROTATION_SECONDS, UTC)
            schedule["schedule_layers"] = [
                {
                    "id": self._id(_K_LAYER, t.index),
                    "name": "Layer 1",
                    "start": _utc_z(start),
                    "rotation_virtual_start": _utc_z(virtual),
                    "rotation_turn_length_seconds": ROTATION_SECONDS,
                    "users": [{"user": self.user_ref(u)} for u in t.responders()],
                    "restrictions": [],
                }
            ]
        return schedule

    def oncall_entries(  # noqa: PLR0913 - one argument per documented filter
        self,
        since: datetime,
        until: datetime,
        *,
        user_ids: Sequence[str] = (),
        escalation_policy_ids: Sequence[str] = (),
        schedule_ids: Sequence[str] = (),
        earliest: bool = False,
    ) -> list[tuple[Team, int, User, datetime | None, datetime | None]]:
        """The on-calls ``/oncalls`` lists for a range: ``(team, level, user, start, end)``.

        Level 1 of a team's escalation policy is its schedule: one entry per rotation turn
        that overlaps ``[since, until)`` and starts less than :data:`ONCALL_MAX_RANGE`
        after the world's clock. Level 2 targets the team's manager directly: a permanent
        on-call (no start, no end) in every answer. Ordered by policy (as `/escalation_
        policies` lists them), level, start. ``schedule_ids`` keeps only those schedules'
        entries, and the permanent ones only when it holds ``"null"`` (as documented).
        """
        horizon = self.org.now + ONCALL_MAX_RANGE
        users, policies = set(user_ids), set(escalation_policy_ids)
        schedules = set(schedule_ids)
        out: list[tuple[Team, int, User, datetime | None, datetime | None]] = []
        for t in self._sorted_teams():
            if policies and self.ep_id(t) not in policies:
                continue
            level1: list[tuple[Team, int, User, datetime | None, datetime | None]] = [
                (t, 1, user, start, end)
                for user, start, end in self.org.oncall_shifts(t, since, until)
                if start < horizon
            ]
            if schedules and self.schedule_id(t) not in schedules:
                level1 = []
            level2: list[tuple[Team, int, User, datetime | None, datetime | None]] = []
            if not schedules or "null" in schedules:
                level2 = [(t, 2, t.manager(), None, None)]
            for entries in (level1, level2):
                kept = [e for e in entries if not users or self.user_id(e[2]) in users]
                if earliest:
                    # The first entry of each user at this policy and level.
                    firsts: dict[str, tuple[Team, int, User, datetime | None, datetime | None]]
                    firsts = {}
                    for e in kept:
                        firsts.setdefault(self.user_id(e[2]), e)
                    kept = list(firsts.values())
                out += kept
        return out

    def oncall(
        self,
        entry: tuple[Team, int, User, datetime | None, datetime | None],
        ts: Callable[[datetime], str] = _utc_z,
        include: Sequence[str] = (),
    ) -> dict[str, Any]:
        """One ``/oncalls`` entry; ``include`` may hold users, schedules, escalation_policies."""
        t, level, user, start, end = entry
        schedule: dict[str, Any] | None = None
        if start is not None:
            schedule = self.schedule(t) if "schedules" in include else self.schedule_ref(t)
        return {
            "escalation_policy": self.escalation_policy(t)
            if "escalation_policies" in include
            else self.ep_ref(t),
            "escalation_level": level,
            "schedule": schedule,
            "user": self.user(user) if "users" in include else self.user_ref(user),
            "start": ts(start) if start is not None else None,
            "end": ts(end) if end is not None else None,
        }

    def priority(self, name: str) -> dict[str, Any]:
        """A full ``priority``."""
        ref = self.priority_ref(name)
        return {
            "id": ref["id"],
            "type": "priority",
            "summary": name,
            "self": ref["self"],
            "name": name,
            "description": _PRIORITY_TEXT[name],
        }

    def incident(self, inc: Incident, ts: Callable[[datetime], str] = _utc_z) -> dict[str, Any]:
        """A full ``incident`` object, timestamps rendered by ``ts``."""
        ref = self.incident_ref(inc)
        trigger = inc.events[0]
        tid = self.log_entry_id(trigger)
        status = inc.status
        by = inc.last_status_change_by
        last_event = inc.events[-1]
        return {
            "id": ref["id"],
            "type": "incident",
            "summary": ref["summary"],
            "self": ref["self"],
            "html_url": ref["html_url"],
            "incident_number": inc.number,
            "title": inc.title,
            "description": inc.title,
            "created_at": ts(inc.created_at),
            "updated_at": ts(last_event.at),
            "status": status,
            "incident_key": inc.key,
            "service": self.service_ref(inc.service),
            "assignments": [
                {"at": ts(self._assigned_at(inc)), "assignee": self.user_ref(u)}
                for u in inc.assignees
            ],
            "assigned_via": "escalation_policy",
            "last_status_change_at": ts(inc.last_status_change_at),
            "resolved_at": ts(inc.resolved_at) if inc.resolved_at else None,
            "first_trigger_log_entry": {
                "id": tid,
                "type": "trigger_log_entry_reference",
                "summary": _TRIGGER_SUMMARY.get(trigger.channel, "Triggered"),
                "self": f"{self.api}/log_entries/{tid}?incident_id={ref['id']}",
                "html_url": f"{self.web}/incidents/{ref['id']}/log_entries/{tid}",
            },
            "alert_counts": {
                "all": 1,
                "triggered": 0 if inc.resolved_at else 1,
                "resolved": 1 if inc.resolved_at else 0,
            },
            "is_mergeable": True,
            "incident_type": {"name": "incident_default"},
            "escalation_policy": self.ep_ref(inc.team),
            "teams": [self.team_ref(inc.team)],
            "pending_actions": [],
            "acknowledgements": [
                {
                    "at": ts(inc.acknowledged_at),
                    "acknowledger": self._agent_of(inc.acknowledged_by, inc),
                }
            ]
            if status == "acknowledged" and inc.acknowledged_at
            else [],
            "alert_grouping": None,
            "last_status_change_by": self._agent_of(by, inc),
            "priority": self.priority_ref(inc.priority) if inc.priority else None,
            "resolve_reason": None,
            "conference_bridge": {
                "conference_number": f"+1-415-555-0100,,,,{inc.number}#",
                "conference_url": f"https://meet.example.com/incident-{inc.number}",
            }
            if inc.priority in ("P1", "P2")
            else None,
            "incidents_responders": [],
            "responder_requests": [],
            "urgency": inc.urgency,
        }

    @staticmethod
    def _assigned_at(inc: Incident) -> datetime:
        return next(e.at for e in reversed(inc.events) if e.kind in ("assign", "escalate"))

    def _agent_of(self, user: User | None, inc: Incident) -> dict[str, Any]:
        return self.user_ref(user) if user is not None else self.service_ref(inc.service)

    def log_entry(  # noqa: C901 - one branch per log entry type
        self, ev: TimelineEvent, ts: Callable[[datetime], str] = _utc_z, include: Sequence[str] = ()
    ) -> dict[str, Any]:
        """A full log entry of the event's type; ``include`` may hold incidents, services, teams."""
        inc = ev.incident
        lid = self.log_entry_id(ev)
        iref = self.incident(inc, ts) if "incidents" in include else self.incident_ref(inc)
        kind = ev.kind
        target = ev.target
        if kind == "trigger":
            summary = _TRIGGER_SUMMARY.get(ev.channel, "Triggered")
        elif kind == "assign":
            summary = f"Assigned to {target.name}."  # type: ignore[union-attr]
        elif kind == "notify":
            summary = f"Notified {target.name} by {_METHOD_TEXT[ev.channel]}."  # type: ignore[union-attr]
        elif kind == "escalate":
            summary = f"Escalated to {target.name} (level {ev.level}) due to timeout."  # type: ignore[union-attr]
        elif kind == "acknowledge":
            summary = f"Acknowledged by {ev.actor.name}."  # type: ignore[union-attr]
        elif kind == "annotate":
            summary = f"Note added by {ev.actor.name}."  # type: ignore[union-attr]
        else:
            summary = f"Resolved by {ev.actor.name}." if ev.actor else "Resolved through the API"
        entry: dict[str, Any] = {
            "id": lid,
            "type": _LOG_TYPES[kind],
            "summary": summary,
            "self": f"{self.api}/log_entries/{lid}?incident_id={iref['id']}",
            "html_url": f"{self.web}/incidents/{iref['id']}/log_entries/{lid}",
            "created_at": ts(ev.at),
            "agent": self._agent(ev),
            "channel": {"type": ev.channel},
            "service": self.service(inc.service)
            if "services" in include
            else self.service_ref(inc.service),
            "incident": iref,
            "teams": [self.team(inc.team) if "teams" in include else self.team_ref(inc.team)],
            "contexts": [],
        }
        if kind == "trigger":
            entry["event_details"] = {"description": inc.title}
        elif kind in ("assign", "escalate"):
            entry["assignees"] = [self.user_ref(target)]  # type: ignore[arg-type]
        elif kind == "notify":
            entry["user"] = self.user_ref(target)  # type: ignore[arg-type]
        elif kind == "acknowledge":
            entry["acknowledgement_timeout"] = 600
        elif kind == "annotate":
            entry["note"] = ev.note
            entry["channel"] = {"type": "note", "summary": ev.note}
        return entry

    # ========================================================== truth helpers
    def truth(self, quirks: frozenset[str] | Sequence[str] = ()) -> dict[str, Any]:
        """Exactly what the API serves, per collection, with default parameters.

        ``incidents`` and ``log_entries`` are the complete collections (as paged through
        with ``date_range=all`` / no window), in API order; ``team_members`` and
        ``contact_methods`` are keyed by team/user id. ``quirks`` applies the content quirks
        (``spec_nulls``, ``unknown_fields``) and leaves out the children that vanish
        (``vanished_children``); the paging quirks change pages, not content.
        """
        org = self.org
        log = [self.log_entry(org.events[i]) for i in range(len(org.events) - 1, -1, -1)]
        truth: dict[str, Any] = {
            "services": [self.service(s) for s in self._sorted_services()],
            "teams": [self.team(t) for t in self._sorted_teams()],
            "team_members": {self.team_id(t): self._members(t) for t in org.teams},
            "users": [self.user(u) for u in self._sorted_users()],
            "contact_methods": {self.user_id(u): self.contact_methods(u) for u in org.users},
            "escalation_policies": [self.escalation_policy(t) for t in self._sorted_teams()],
            "schedules": [self.schedule(t) for t in self._sorted_teams()],
            "priorities": [self.priority(p) for p in ("P1", "P2", "P3", "P4", "P5")],
            "incidents": [self.incident(i) for i in org.incidents],
            "log_entries": log,
            "analytics_raw_incidents": [self.analytics_row(i) for i in reversed(org.incidents)],
            # Every on-call that began by the world's clock (and the permanent ones), as
            # `/oncalls` lists them over ranges from the first rotation's start to now.
            "oncalls": [
                self.oncall(e) for e in self.oncall_entries(self._first_rotation(), org.now)
            ],
        }
        quirks = frozenset(quirks)
        for key, collection in (
            ("services", "services"),
            ("teams", "teams"),
            ("users", "users"),
            ("escalation_policies", "escalation_policies"),
            ("schedules", "schedules"),
            ("priorities", "priorities"),
            ("incidents", "incidents"),
            ("log_entries", "log_entries"),
            ("analytics_raw_incidents", "data"),
        ):
            self._adjust(collection, truth[key], quirks)
        if "vanished_children" in quirks:
            del truth["team_members"][self.team_id(self.vanished_team())]
            del truth["contact_methods"][self.user_id(self.vanished_user())]
        # Deleted objects are no longer served; `deleted` says which (truth_keys reports it).
        deleted = self.deleted_inventory(quirks)
        gone = {self.service_id(s) for s in deleted[:1]}
        gone_users = {self.user_id(u) for u in deleted[1:]}
        truth["services"] = [s for s in truth["services"] if s["id"] not in gone]
        truth["users"] = [u for u in truth["users"] if u["id"] not in gone_users]
        for uid in gone_users:
            truth["contact_methods"].pop(uid, None)
        truth["deleted"] = {"services": sorted(gone), "users": sorted(gone_users)}
        return truth

    def _first_rotation(self) -> datetime:
        return min(self.org.rotation_start(t) for t in self.org.teams)

    # ================================================================ caching
    def _cache_get(self, key: tuple[Any, ...]) -> Any:  # noqa: ANN401
        value = self._cache.get(key)
        if value is not None:
            self._cache.move_to_end(key)
        return value

    def _cache_put(self, key: tuple[Any, ...], value: Any) -> None:  # noqa: ANN401
        self._cache[key] = value
        while len(self._cache) > 64:  # noqa: PLR2004
            self._cache.popitem(last=False)

    def _lookup(self, kind: str, oid: str) -> Any:  # noqa: ANN401
        """The org object of ``kind`` with PagerDuty id ``oid``, or ``None``."""
        org = self.org
        version = (org.version, len(org.incidents))
        if self._by_id_version != version:
            by: dict[str, tuple[str, Any]] = {}
            for s in org.services:
                by[self.service_id(s)] = ("service", s)
            for t in org.teams:
                by[self.team_id(t)] = ("team", t)
                by[self.ep_id(t)] = ("ep", t)
                by[self.schedule_id(t)] = ("schedule", t)
            for u in org.users:
                by[self.user_id(u)] = ("user", u)
            for inc in org.incidents:
                by[self.incident_id(inc)] = ("incident", inc)
            self._by_id = by
            self._by_id_version = version
        found = self._by_id.get(oid)
        return found[1] if found is not None and found[0] == kind else None

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
        try:
            dt = datetime.fromisoformat(value.strip().replace(" ", "+"))
        except ValueError:
            raise _invalid(f"{name} is not a valid ISO-8601 date-time") from None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=tz or UTC)
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

    # ================================================================ quirks
    def deleted_inventory(self, quirks: frozenset[str] | Sequence[str]) -> tuple[Any, ...]:
        """Under ``deleted_inventory`` from the first epoch on: (the deleted service, user)."""
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return ()
        return (self.org.services[-1], self.org.users[-2])

    def vanished_team(self) -> Team:
        """The team deleted between listing and reading under ``vanished_children``."""
        return self.org.teams[-1]

    def vanished_user(self) -> User:
        """The user deleted between listing and reading under ``vanished_children``."""
        return self.org.users[-1]

    @staticmethod
    def _picked(oid: str, every: int) -> bool:
        """A stable choice of about one object in ``every`` (by id, not by position)."""
        return sum(oid.encode()) % every == 0

    def _adjust(
        self,
        key: str,
        objs: list[dict[str, Any]],
        quirks: frozenset[str] | Sequence[str] = (),
        include: Sequence[str] = (),
    ) -> list[str]:
        """Apply the content quirks to rendered objects of ``key`` (in place).

        Returns:
            The places (as the contract check names them) where the objects depart from
            PagerDuty's document on purpose, because the live API does.
        """
        deviations: list[str] = []
        real_nulls = _REAL_NULLS.get(key, ())
        spec_nulls = _SPEC_NULLS.get(key, ()) if "spec_nulls" in quirks else ()
        unknown = "unknown_fields" in quirks
        for i in range(len(objs)):
            obj = objs[i]
            at = f"response.{key}[{i}]"
            oid = str(obj.get("id") or "")
            if spec_nulls and oid and self._picked(oid, 3):
                nulled = {f: None for f in spec_nulls if f in obj}
                objs[i] = obj = {**obj, **nulled}
                deviations += [f"{at}.{f}" for f in nulled]
            if unknown and key == "incidents":
                objs[i] = obj = {**obj, **_UNKNOWN_INCIDENT_FIELDS}
            if (
                unknown
                and key == "log_entries"
                and obj["type"] == "annotate_log_entry"
                and self._picked(oid, 2)
            ):
                objs[i] = obj = {**obj, "type": _UNKNOWN_LOG_TYPE}
            deviations += [f"{at}.{f}" for f in real_nulls if f in obj and obj[f] is None]
            if key == "log_entries" and obj["type"] in _DEVIATING_LOG_TYPES:
                deviations.append(f"{at}.type")
            # `include[]` embeds full objects where the document describes references.
            for field, inc in _INCLUDED.get(key, ()):
                if inc in include:
                    deviations.append(f"{at}.{field}")
        return deviations

    # ============================================================== endpoints
    def _sorted_services(self, req: Request | None = None) -> list[Service]:
        items = sorted(self.org.services, key=lambda s: (s.name.lower(), s.index))
        if req is not None:
            if req.arg("sort_by") == "name:desc":
                items.reverse()
            team_ids = set(req.args("team_ids[]"))
            if team_ids:
                items = [s for s in items if self.team_id(s.team) in team_ids]
            q = (req.arg("query") or "").lower()
            if q:
                items = [s for s in items if q in s.name.lower()]
            name = req.arg("name")
            if name is not None:
                items = [s for s in items if s.name == name]
        return items

    def _sorted_teams(self, req: Request | None = None) -> list[Team]:
        items = sorted(self.org.teams, key=lambda t: (t.name.lower(), t.index))
        q = (req.arg("query") or "").lower() if req else ""
        return [t for t in items if q in t.name.lower()] if q else items

    def _sorted_users(self, req: Request | None = None) -> list[User]:
        items = sorted(self.org.users, key=lambda u: (u.name.lower(), u.index))
        if req is not None:
            team_ids = set(req.args("team_ids[]"))
            if team_ids:
                items = [u for u in items if any(self.team_id(t) in team_ids for t, _ in u.teams)]
            q = (req.arg("query") or "").lower()
            if q:
                items = [u for u in items if q in u.name.lower() or q in u.email.lower()]
        return items

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
        return self._page(req, "teams", self._sorted_teams(req), self.team)

    def _get_team(self, req: Request, tid: str) -> Response:
        t = self._lookup("team", tid)
        if t is None or ("vanished_children" in req.quirks and t is self.vanished_team()):
            raise _not_found()
        return Response.json(200, {"team": self.team(t)})

    def _members(self, t: Team, include: Sequence[str] = ()) -> list[dict[str, Any]]:
        return [
            {"user": self.user(u) if "users" in include else self.user_ref(u), "role": role}
            for u, role in t.members
        ]

    def _list_members(self, req: Request, tid: str) -> Response:
        t = self._lookup("team", tid)
        if t is None or ("vanished_children" in req.quirks and t is self.vanished_team()):
            raise _not_found()
        return self._page(req, "members", self._members(t, req.args("include[]")), lambda m: m)

    def _list_users(self, req: Request) -> Response:
        include = req.args("include[]")
        deleted = self.deleted_inventory(req.quirks)
        users = [u for u in self._sorted_users(req) if u not in deleted]
        return self._page(req, "users", users, lambda u: self.user(u, include))

    def _get_user(self, req: Request, uid: str) -> Response:
        u = self._lookup("user", uid)
        if (
            u is None
            or ("vanished_children" in req.quirks and u is self.vanished_user())
            or u in self.deleted_inventory(req.quirks)
        ):
            raise _not_found()
        return Response.json(200, {"user": self.user(u, req.args("include[]"))})

    def _list_contact_methods(self, req: Request, uid: str) -> Response:
        u = self._lookup("user", uid)
        if u is None or ("vanished_children" in req.quirks and u is self.vanished_user()):
            raise _not_found()
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

    def _list_log_entries(self, req: Request) -> Response:
        tz = self._tz(req)
        ts = self._renderer(tz)
        include = self._log_include(req)
        since_s, until_s = req.arg("since"), req.arg("until")
        since = self._when(since_s, "since", tz) if since_s else None
        until = self._when(until_s, "until", tz) if until_s else None
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
        tz = self._tz(req)
        ts = self._renderer(tz)
        include = self._log_include(req)
        since_s, until_s = req.arg("since"), req.arg("until")
        since = self._when(since_s, "since", tz) if since_s else None
        until = self._when(until_s, "until", tz) if until_s else None
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

    # -------------------------------------------------------------- analytics
    def analytics_row(self, inc: Incident, tz: tzinfo | None = None) -> dict[str, Any]:
        """One ``/analytics/raw/incidents`` row, computed from the incident's timeline.

        Timestamps are rendered without offset in ``tz`` (default UTC), as in the API's
        example. Definitions: ``seconds_to_first_ack``/``seconds_to_engage`` = first
        acknowledgement - created; ``seconds_to_mobilize`` = last acknowledgement -
        created; ``engaged_seconds`` = (resolution or now - first ack) x engaged users;
        interruptions = notifications, split by the notified user's local time into
        business (Mon-Fri 08-18), off (other waking hours) and sleep (22-08) hours.
        """

        def naive(dt: datetime | None) -> str | None:
            if dt is None:
                return None
            local = dt if tz is None else dt.astimezone(tz)
            return f"{local:%Y-%m-%dT%H:%M:%S}"

        acks = [e for e in inc.events if e.kind == "acknowledge"]
        assigns = [e for e in inc.events if e.kind in ("assign", "escalate")]
        notifies = [e for e in inc.events if e.kind == "notify"]
        ackers = list(dict.fromkeys(e.actor for e in acks if e.actor))
        assigned = list(dict.fromkeys(e.target for e in assigns if e.target))
        joined = list(
            dict.fromkeys(
                e.actor
                for e in inc.events
                if e.actor and e.kind in ("acknowledge", "annotate", "resolve")
            )
        )
        business = off = sleep = 0
        for e in notifies:
            local = e.at.astimezone(ZoneInfo(e.target.time_zone))  # type: ignore[union-attr]
            if local.hour >= 22 or local.hour < 8:  # noqa: PLR2004
                sleep += 1
            elif local.weekday() < 5 and 8 <= local.hour < 18:  # noqa: PLR2004
                business += 1
            else:
                off += 1
        created = inc.created_at
        first_ack = acks[0].at if acks else None
        end = inc.resolved_at or self.org.now
        secs = lambda dt: int((dt - created).total_seconds()) if dt else None  # noqa: E731
        return {
            "acknowledged_user_ids": [self.user_id(u) for u in ackers],
            "acknowledged_user_names": [u.name for u in ackers],
            "acknowledgement_count": len(acks),
            "active_user_count": len(set(assigned) | set(joined)),
            "assigned_user_ids": [self.user_id(u) for u in assigned],
            "assigned_user_names": [u.name for u in assigned],
            "assignment_count": len(assigns),
            "auto_resolved": inc.resolved_at is not None and inc.resolved_by is None,
            "business_hour_interruptions": business,
            "created_at": naive(created),
            "updated_at": naive(inc.updated_at),
            "description": inc.title,
            "engaged_seconds": int((end - first_ack).total_seconds()) * max(1, len(joined))
            if first_ack
            else 0,
            "engaged_user_count": len(joined),
            "escalation_count": len(inc.escalations),
            "escalation_policy_id": self.ep_id(inc.team),
            "escalation_policy_name": f"{inc.team.name} Escalation Policy",
            "id": self.incident_id(inc),
            "incident_number": inc.number,
            "incident_type_id": self._id(_K_INTEGRATION, 999_999),
            "incident_type_name": "incident_default",
            "joined_user_ids": [self.user_id(u) for u in joined],
            "joined_user_names": [u.name for u in joined],
            "major": inc.priority in ("P1", "P2"),
            "manual_escalation_count": 0,
            "off_hour_interruptions": off,
            "priority_id": self.priority_id(inc.priority) if inc.priority else None,
            "priority_name": inc.priority,
            "priority_order": int(inc.priority[1:]) if inc.priority else None,
            "reassignment_count": 0,
            "resolved_at": naive(inc.resolved_at),
            "resolved_by_user_id": self.user_id(inc.resolved_by) if inc.resolved_by else None,
            "resolved_by_user_name": inc.resolved_by.name if inc.resolved_by else None,
            "seconds_to_engage": secs(first_ack),
            "seconds_to_first_ack": secs(first_ack),
            "seconds_to_mobilize": secs(acks[-1].at) if acks else None,
            "seconds_to_resolve": secs(inc.resolved_at),
            "service_id": self.service_id(inc.service),
            "service_name": inc.service.name,
            "sleep_hour_interruptions": sleep,
            "snoozed_seconds": 0,
            "status": inc.status,
            "team_id": self.team_id(inc.team),
            "team_name": inc.team.name,
            "timeout_escalation_count": len(inc.escalations),
            "total_interruptions": len(notifies),
            "total_notifications": len(notifies),
            "urgency": inc.urgency,
            "user_defined_effort_seconds": None,
        }

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
