"""The Datadog API (v1 and v2), served from the generated organisation.

Mounted under ``/datadog``: a client's base URL is ``http://127.0.0.1:PORT/datadog`` and
requests go to ``/datadog/api/v1/...`` and ``/datadog/api/v2/...``. Everything is a view
of the same :class:`~reliability_sandbox.org.Org` the PagerDuty API serves:

- **monitors**: ``datadog_monitors_per_service`` per service (latency, error rate, health
  check, logs, disk, ...), tagged ``service:<slug>``, ``team:<slug>``, ``env:prod``, plus
  one ``synthetics alert`` monitor per synthetic test. Every org incident is attributed to
  one monitor of its service; the monitor is in ``Alert`` while its incident is open.
- **monitor events** (``GET /api/v2/events``, ``source:alert``): a ``Triggered`` event when
  the monitor caught the incident (at ``detected`` for internally detected incidents, later
  or never for customer-detected ones) and a ``Recovered`` event when impact ended.
- **incidents** (``/api/v2/incidents``): one per org incident once declared, with severity
  (P1..P5 -> SEV-1..SEV-5), state (triggered -> active, acknowledged -> stable, resolved ->
  resolved), ``detected`` at the page and ``declared`` 30 s to 5 min later, the customer
  impact window of the incident's story (:mod:`reliability_sandbox.story`: the same truth
  postmortems tell) and Datadog's ``time_to_*`` fields derived from them;
  **todos** (postmortem action items) on resolved SEV-1..3 incidents; and one **test
  incident** (``is_test``, as Datadog flags incidents declared to try the tooling) next to
  the first resolved one, which no real incident corresponds to.
- **SLOs** per service (metric and monitor based, 7d/30d/90d thresholds) whose daily
  history is burned by the service's incidents (monitor SLOs only by major ones, SEV1/SEV2,
  which take the service down); **synthetic tests** (API and browser) whose results fail
  while their service is down; **downtimes**.

Contract: ``DD-API-KEY`` + ``DD-APPLICATION-KEY`` headers (403 ``{"errors": ["Forbidden"]}``
otherwise), per-endpoint pagination, ``X-RateLimit-*`` headers on every response, a 429
with them, an account switch for Incident Management (404 when off) and per-permission
403s. Deviations are listed in the package README.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import math
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reliability_sandbox.story import story
from reliability_sandbox.vendor import Request, Response, dumps

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Incident, Org, Service, Team, User

DEFAULT_API_KEY = "sandbox-dd-api-key"
DEFAULT_APP_KEY = "sandbox-dd-app-key"
WEB_BASE = "https://app.datadoghq.com"

MONITOR_PAGE_MAX = 1000
MONITOR_PAGE_DEFAULT = 100
SYNTHETICS_PAGE_DEFAULT = 100
SLO_LIMIT_DEFAULT = 1000
INCIDENT_PAGE_MAX = 100
INCIDENT_PAGE_DEFAULT = 10
EVENTS_PAGE_MAX = 1000
EVENTS_PAGE_DEFAULT = 10
RESULTS_MAX = 150
RESULTS_RETENTION = timedelta(days=7)
DAY = 86400
#: Page sizes the `short_pages` quirk caps requests at (below what the taps ask).
SHORT_PAGES = {"monitors": 10, "synthetics_tests": 5, "slos": 5, "incidents": 25, "events": 25}
#: The test incident (``is_test``): minutes after the real page it follows, and its number,
#: far above the org's incident numbers so that no real incident is renumbered.
TEST_INCIDENT_DELAY_MINUTES = 7
TEST_INCIDENT_PUBLIC_ID = 900_001
#: Name of the field the `unknown_fields` quirk adds (no vendor document lists it).
UNRELEASED = "sandbox_unreleased_field"
# Nominal budget reported while the sandbox does not enforce a rate limit.
NOMINAL_LIMIT = 6000
NOMINAL_PERIOD = 60

_LOCATIONS = (
    "aws:us-east-1",
    "aws:eu-west-1",
    "aws:ap-northeast-1",
    "aws:eu-central-1",
    "gcp:us-west1",
    "azure:eastus",
)
_SEVERITY = {"P1": "SEV-1", "P2": "SEV-2", "P3": "SEV-3", "P4": "SEV-4", "P5": "SEV-5"}
_STATE = {"triggered": "active", "acknowledged": "stable", "resolved": "resolved"}
_TODOS = (
    "Add an alert on {slug} saturation before it pages customers",
    "Write the postmortem for {slug} and share it with support",
    "Add a runbook link to the {slug} monitors",
    "Load-test {slug} at twice the peak traffic",
    "Make the {slug} rollback a one-click operation",
    "Add a synthetic test covering the failing {slug} path",
    "Review the {slug} error budget policy with product",
)
# (name, type, query, thresholds) templates; {s} is the service slug.
_MONITORS: tuple[tuple[str, str, str, dict[str, float]], ...] = (
    (
        "{name} p99 latency is high",
        "query alert",
        "avg(last_5m):avg:trace.http.request.duration.by.service.99p{{service:{s},env:prod}} > 2",
        {"critical": 2.0, "warning": 1.5},
    ),
    (
        "{name} error rate is high",
        "query alert",
        (
            "sum(last_10m):sum:trace.http.request.errors{{service:{s},env:prod}}.as_count() / "
            "sum:trace.http.request.hits{{service:{s},env:prod}}.as_count() > 0.05"
        ),
        {"critical": 0.05, "warning": 0.02},
    ),
    (
        "{name} health check is failing",
        "service check",
        '"http.can_connect".over("service:{s}").by("host").last(3).count_by_status()',
        {"ok": 1.0, "warning": 1.0, "critical": 1.0},
    ),
    (
        "{name} is logging errors",
        "log alert",
        'logs("service:{s} status:error").index("*").rollup("count").last("5m") > 100',
        {"critical": 100.0, "warning": 50.0},
    ),
    (
        "{name} disk usage is high",
        "metric alert",
        "avg(last_15m):avg:system.disk.in_use{{service:{s}}} by {{host}} > 0.9",
        {"critical": 0.9, "warning": 0.8, "critical_recovery": 0.85},
    ),
    (
        "{name} consumer lag is growing",
        "query alert",
        "avg(last_10m):max:kafka.consumer_lag{{service:{s}}} > 10000",
        {"critical": 10000.0, "warning": 5000.0},
    ),
)
_TARGETS = (99.9, 99.5, 99.95, 99.0)


class ApiError(Exception):
    """A Datadog error response (``{"errors": [...]}``)."""

    def __init__(self, status: int, *errors: str) -> None:
        """Create the error with its status and ``errors`` strings."""
        super().__init__("; ".join(errors))
        self.status = status
        self.body = {"errors": list(errors)}


def _h(*parts: object) -> int:
    """A stable 64-bit hash (independent of PYTHONHASHSEED)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else f"{dt.astimezone(UTC):%Y-%m-%dT%H:%M:%S}+00:00"


def _iso_z(dt: datetime) -> str:
    return f"{dt.astimezone(UTC):%Y-%m-%dT%H:%M:%S}.000Z"


def _ts(dt: datetime) -> int:
    return int(dt.timestamp())


def _day_floor(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(slots=True)
class MonitorDef:
    """A monitor's static definition."""

    id: int
    service: Service
    name: str
    type: str
    query: str
    thresholds: dict[str, float]
    priority: int | None
    created: datetime
    modified: datetime
    test_index: int | None = None  # synthetics monitors: the test they watch


@dataclass(slots=True)
class SloDef:
    """An SLO's static definition."""

    id: str
    service: Service
    index: int
    name: str
    type: str  # metric | monitor
    target: float
    monitor_ids: list[int]
    created: datetime
    modified: datetime
    daily_requests: int
    base_error: float


@dataclass(slots=True)
class TestDef:
    """A synthetic test's static definition."""

    index: int
    public_id: str
    service: Service
    name: str
    type: str  # api | browser
    subtype: str | None
    locations: list[str]
    status: str
    tick_every: int
    monitor_id: int
    created: datetime
    modified: datetime


@dataclass(slots=True)
class Draws:
    """Per-incident random facts, drawn once from the incident's key (stable across epochs)."""

    declare_delay: int
    impacted: bool
    detect_lag: int
    impact_end_slack: int
    monitor_slot: int
    late_alert: int | None  # customer-detected: seconds after creation the monitor caught it
    burn_rate: float
    open_recovery: int  # impact of a still-open incident ends this many seconds after its page
    todos: list[
        tuple[int, int | None, int, int]
    ]  # (created after resolve, completed after, text, who)


@dataclass(slots=True)
class Facts:
    """An incident's Datadog view at the org's current clock."""

    inc: Incident
    uuid: str
    detected: datetime
    declared: datetime
    impact_start: datetime | None
    impact_end: datetime | None
    monitor: MonitorDef
    alert_at: datetime | None
    recover_at: datetime | None
    modified: datetime
    todos: list[dict[str, Any]] = field(default_factory=list)
    #: A test incident (Datadog's ``is_test``): declared to try the tooling, on the service
    #: of ``inc`` a few minutes after its page; it describes no real incident.
    is_test: bool = False


@dataclass(slots=True)
class _TestIncident:
    source: Facts  # the real incident it was declared next to
    facts: Facts


@dataclass(slots=True)
class MonitorEvent:
    """One monitor alert transition."""

    seq: int
    at: datetime
    monitor: MonitorDef
    transition: str  # Triggered | Recovered
    facts: Facts


class DatadogAPI:
    """The Datadog API over an :class:`~reliability_sandbox.org.Org`.

    Attributes:
        prefix: Mount point in the sandbox's URL space.
        org: The world it serves.
        api_key: Accepted ``DD-API-KEY``.
        app_key: Accepted ``DD-APPLICATION-KEY``.
        incident_management: Whether the account has Incident Management; when ``False``
            every ``/api/v2/incidents`` path answers 404.
        denied_permissions: Permissions the application key lacks (e.g. ``{"slos_read"}``):
            endpoints needing one answer 403 naming it.
    """

    prefix = "/datadog"

    def __init__(
        self, org: Org, api_key: str = DEFAULT_API_KEY, app_key: str = DEFAULT_APP_KEY
    ) -> None:
        """Create the API view (static objects are generated once, lazily)."""
        self.org = org
        self.api_key = api_key
        self.app_key = app_key
        self.incident_management = True
        self.denied_permissions: set[str] = set()
        self._seed = org.config.seed
        self._static: tuple[list[MonitorDef], list[SloDef], list[TestDef], list[dict]] | None = None
        self._dyn_version: tuple[int, int] = (-1, -1)
        self._facts: list[Facts] = []
        self._events: list[MonitorEvent] = []
        self._event_keys: list[tuple[int, int]] = []
        self._open_monitors: dict[int, datetime] = {}
        self._last_transition: dict[int, datetime] = {}
        self._impact: dict[int, list[tuple[datetime, datetime]]] = {}
        self._burn: dict[int, dict[int, float]] = {}
        self._down: dict[int, dict[int, float]] = {}
        self._draws: dict[str, Draws] = {}
        self._pending_rl: tuple[int, int, int] | None = None
        self._routes: list[tuple[str, re.Pattern[str], str, str, Callable[..., Any]]] = [
            (
                "GET",
                re.compile(r"/api/v1/monitor"),
                "monitors_read",
                "monitor_list",
                self._monitors,
            ),
            (
                "GET",
                re.compile(r"/api/v1/monitor/(\d+)"),
                "monitors_read",
                "monitor_get",
                self._monitor,
            ),
            ("GET", re.compile(r"/api/v1/downtime"), "monitors_read", "downtime", self._downtimes),
            ("GET", re.compile(r"/api/v2/events"), "events_read", "events_list", self._events_list),
            (
                "GET",
                re.compile(r"/api/v1/synthetics/tests"),
                "synthetics_read",
                "synthetics_list",
                self._tests,
            ),
            (
                "GET",
                re.compile(r"/api/v1/synthetics/tests/(browser/)?([a-z0-9-]+)/results"),
                "synthetics_read",
                "synthetics_results",
                self._results,
            ),
            ("GET", re.compile(r"/api/v1/slo"), "slos_read", "slo_list", self._slos),
            (
                "GET",
                re.compile(r"/api/v1/slo/([0-9a-f]{32})/history"),
                "slos_read",
                "slo_history",
                self._slo_history,
            ),
            (
                "GET",
                re.compile(r"/api/v2/incidents"),
                "incident_read",
                "incidents",
                self._incidents,
            ),
            (
                "GET",
                re.compile(r"/api/v2/incidents/([0-9a-f-]{36})"),
                "incident_read",
                "incidents",
                self._incident,
            ),
            (
                "GET",
                re.compile(r"/api/v2/incidents/([0-9a-f-]{36})/relationships/todos"),
                "incident_read",
                "incident_todos",
                self._todos,
            ),
        ]

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
        allowed = False
        for method, pattern, permission, _name, func in self._routes:
            m = pattern.fullmatch(path)
            if m is None:
                continue
            allowed = True
            if method != request.method:
                continue
            if path.startswith("/api/v2/incidents") and not self.incident_management:
                raise ApiError(404, "Not Found")
            if permission in self.denied_permissions:
                raise ApiError(
                    403,
                    "Forbidden",
                    f"This request requires the `{permission}` permission, which the "
                    "application key does not have.",
                )
            return func(request, *m.groups())
        if allowed:
            raise ApiError(405, "Method Not Allowed")
        raise ApiError(404, "Not Found")

    @staticmethod
    def _rl_headers(name: str, limit: int, remaining: int, reset: int) -> list[tuple[bytes, bytes]]:
        return [
            (b"x-ratelimit-limit", b"%d" % limit),
            (b"x-ratelimit-period", b"%d" % NOMINAL_PERIOD),
            (b"x-ratelimit-remaining", b"%d" % max(remaining, 0)),
            (b"x-ratelimit-reset", b"%d" % reset),
            (b"x-ratelimit-name", name.encode()),
        ]

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
        if status == 500:  # noqa: PLR2004
            return Response.json(500, ApiError(500, "Internal Server Error").body)
        reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        html = f"<html><body><h1>{status} {reason}</h1></body></html>\n".encode()
        return Response(status, html, [(b"content-type", b"text/html")])

    # ============================================================ static world
    def _static_world(self) -> tuple[list[MonitorDef], list[SloDef], list[TestDef], list[dict]]:
        if self._static is None:
            self._static = self._build_static()
        return self._static

    def _build_static(  # noqa: C901 - the whole static world in one readable recipe
        self,
    ) -> tuple[list[MonitorDef], list[SloDef], list[TestDef], list[dict]]:
        cfg = self.org.config
        anchor: datetime = cfg.anchor  # type: ignore[assignment]
        start = anchor - timedelta(days=cfg.history_days)
        rng = random.Random(f"{self._seed}:datadog")
        base_id = 10_000_000 + (self._seed * 7919) % 1_000_000
        monitors: list[MonitorDef] = []
        n_mon = max(1, cfg.datadog_monitors_per_service)
        for s in self.org.services:
            for j in range(n_mon):
                name, mtype, query, thresholds = _MONITORS[j % len(_MONITORS)]
                variant = j // len(_MONITORS)
                label = s.name if variant == 0 else f"{s.name} shard {variant + 1}"
                q = query.format(s=s.slug)
                if variant:
                    q = q.replace(f"service:{s.slug}", f"service:{s.slug},shard:{variant + 1}")
                created = start - timedelta(days=rng.randrange(1, 400), seconds=rng.randrange(DAY))
                monitors.append(
                    MonitorDef(
                        id=base_id + len(monitors),
                        service=s,
                        name=name.format(name=label),
                        type=mtype,
                        query=q,
                        thresholds=dict(thresholds),
                        priority=rng.choice((1, 2, 3, 3, 4, None)),
                        created=created,
                        modified=created + timedelta(days=rng.randrange(0, 60)),
                    )
                )
        tests: list[TestDef] = []
        n_tests = max(0, cfg.datadog_synthetics_per_service)
        for s in self.org.services:
            for k in range(n_tests):
                browser = k % 3 == 1
                subtype = None if browser else ("http", "ssl", "dns", "tcp")[k % 4]
                created = start - timedelta(days=rng.randrange(1, 300))
                pid = _public_id(_h(self._seed, "test", len(tests)))
                monitor_id = base_id + len(monitors)
                test = TestDef(
                    index=len(tests),
                    public_id=pid,
                    service=s,
                    name=f"{s.name} {'checkout journey' if browser else subtype} check"
                    + (f" #{k // 3 + 1}" if k >= 3 else ""),  # noqa: PLR2004
                    type="browser" if browser else "api",
                    subtype=subtype,
                    locations=sorted(rng.sample(_LOCATIONS, rng.randrange(2, 5))),
                    status="paused" if rng.random() < 0.1 else "live",  # noqa: PLR2004
                    tick_every=14400 if browser else 3600,
                    monitor_id=monitor_id,
                    created=created,
                    modified=created + timedelta(days=rng.randrange(0, 30)),
                )
                tests.append(test)
                monitors.append(
                    MonitorDef(
                        id=monitor_id,
                        service=s,
                        name=f"[Synthetics] {test.name}",
                        type="synthetics alert",
                        query=f'"synthetics.http.response.check".over("check_id:{pid}")'
                        ".last(2).count_by_status()",
                        thresholds={"critical": 1.0},
                        priority=None,
                        created=created,
                        modified=test.modified,
                        test_index=test.index,
                    )
                )
        by_service: dict[int, list[MonitorDef]] = {}
        for m in monitors:
            if m.test_index is None:
                by_service.setdefault(m.service.index, []).append(m)
        self._service_monitors = by_service
        slos: list[SloDef] = []
        for s in self.org.services:
            for k in range(max(0, cfg.datadog_slos_per_service)):
                kind = "metric" if k % 2 == 0 else "monitor"
                created = start - timedelta(days=rng.randrange(1, 200))
                slos.append(
                    SloDef(
                        id=hashlib.md5(f"{self._seed}:slo:{len(slos)}".encode()).hexdigest(),  # noqa: S324 - an id, not a secret
                        service=s,
                        index=len(slos),
                        name=f"{s.name} {'availability' if kind == 'metric' else 'uptime'}"
                        + (f" #{k // 2 + 1}" if k >= 2 else ""),  # noqa: PLR2004
                        type=kind,
                        target=_TARGETS[(s.index + k) % len(_TARGETS)],
                        monitor_ids=[m.id for m in by_service[s.index][:3]],
                        created=created,
                        modified=created + timedelta(days=rng.randrange(0, 30)),
                        daily_requests=rng.randrange(50_000, 2_000_000),
                        base_error=rng.uniform(0.00002, 0.0003),
                    )
                )
        downtimes: list[dict[str, Any]] = []
        base_dt = 500_000_000 + self._seed % 1000 * 1000
        for t in self.org.teams:
            downtimes.append(
                {
                    "kind": "recurring",
                    "id": base_dt + len(downtimes),
                    "team": t,
                    "service": None,
                    "start": start + timedelta(days=(6 - start.weekday()) % 7, hours=2),
                    "duration": 7200,
                    "created": start - timedelta(days=rng.randrange(1, 60)),
                }
            )
        for s in self.org.services:
            for _ in range(2):
                at = start + timedelta(seconds=rng.randrange(cfg.history_days * DAY))
                downtimes.append(
                    {
                        "kind": "once",
                        "id": base_dt + len(downtimes),
                        "team": s.team,
                        "service": s,
                        "start": at.replace(microsecond=0),
                        "duration": rng.choice((1800, 3600, 5400)),
                        "created": at - timedelta(hours=rng.randrange(1, 72)),
                    }
                )
        return monitors, slos, tests, downtimes

    # ============================================================ dynamic world
    def _draw(self, inc: Incident) -> Draws:
        d = self._draws.get(inc.key)
        if d is None:
            rng = random.Random(f"{inc.key}:datadog")
            declare_delay = rng.randint(30, 300)
            impacted = (
                inc.detection == "customer"
                or inc.priority in ("P1", "P2")
                or (inc.urgency == "high" and rng.random() < 0.3)  # noqa: PLR2004
            )
            if inc.detection == "customer":
                detect_lag = rng.randint(600, 3600)
                late = rng.randint(60, 1800) if rng.random() < 0.5 else None  # noqa: PLR2004
            else:
                detect_lag = rng.randint(60, 600)
                late = None
                rng.random()
            todos = []
            n_todos = rng.randint(1, 4)
            for _ in range(n_todos):
                created_after = rng.randint(600, 2 * DAY)
                completed_after = (
                    rng.randint(3600, 20 * DAY) if rng.random() < 0.6 else None  # noqa: PLR2004
                )
                todos.append(
                    (created_after, completed_after, rng.randrange(len(_TODOS)), rng.randrange(99))
                )
            d = Draws(
                declare_delay=declare_delay,
                impacted=impacted,
                detect_lag=detect_lag,
                impact_end_slack=rng.randint(0, 600),
                monitor_slot=rng.randrange(1 << 30),
                late_alert=late,
                burn_rate=rng.uniform(0.005, 0.08)
                if inc.urgency == "high"
                else rng.uniform(0.0005, 0.005),
                todos=todos if inc.priority in ("P1", "P2", "P3") else [],
                # Drawn last: the draws above keep their values.
                open_recovery=int(min(6 * 3600, rng.lognormvariate(math.log(2400), 0.8))),
            )
            self._draws[inc.key] = d
        return d

    def _refresh(self) -> None:  # noqa: C901, PLR0912, PLR0915 - one pass derives every view
        org = self.org
        version = (org.version, len(org.incidents))
        if self._dyn_version == version:
            return
        self._static_world()
        now = org.now
        facts: list[Facts] = []
        raw_events: list[tuple[datetime, int, int, str, Facts]] = []
        impact: dict[int, list[tuple[datetime, datetime]]] = {}
        burn: dict[int, dict[int, float]] = {}
        for inc in org.incidents:
            d = self._draw(inc)
            truth = story(org, inc)
            # Detection is the page (the monitor's alert, or support escalating a customer's
            # report); the incident is declared in Datadog a little later, never after it was
            # resolved. Impact starts and ends when the incident's story says.
            detected = inc.created_at
            delay = d.declare_delay
            if inc.resolved_at is not None:
                delay = min(delay, int((inc.resolved_at - inc.created_at).total_seconds()) // 2)
            declared = inc.created_at + timedelta(seconds=delay)
            open_end = inc.created_at + timedelta(seconds=d.open_recovery)
            impact_start = truth.impact_started_at if d.impacted else None
            impact_end = None
            if d.impacted and truth.recovered_at is not None:
                impact_end = max(detected + timedelta(seconds=1), truth.recovered_at)
            elif d.impacted and open_end <= now:
                # Nobody resolved the incident yet, but the service recovered.
                impact_end = open_end
            mons = self._service_monitors[inc.service.index]
            monitor = mons[d.monitor_slot % len(mons)]
            if inc.detection == "internal":
                alert_at: datetime | None = detected
            elif d.late_alert is not None:
                alert_at = inc.created_at + timedelta(seconds=d.late_alert)
            else:
                alert_at = None
            if alert_at is not None and alert_at > now:
                alert_at = None
            recover_at = None
            if alert_at is not None and inc.resolved_at is not None:
                recover_at = max(alert_at + timedelta(seconds=1), impact_end or inc.resolved_at)
                if recover_at > now:
                    recover_at = None
            f = Facts(
                inc=inc,
                uuid=str(
                    uuid.UUID(int=_h(self._seed, "inc", inc.key) << 64 | _h(inc.key), version=4)
                ),
                detected=detected,
                declared=declared,
                impact_start=impact_start,
                impact_end=impact_end,
                monitor=monitor,
                alert_at=alert_at,
                recover_at=recover_at,
                modified=inc.updated_at,
            )
            f.todos = self._build_todos(f, d, now)
            stamps = [
                f.modified,
                *(datetime.fromisoformat(t["attributes"]["modified"]) for t in f.todos),
            ]
            f.modified = max(stamps)
            if declared <= now:
                facts.append(f)
            if alert_at is not None:
                raw_events.append((alert_at, inc.number, 0, "Triggered", f))
            if recover_at is not None:
                raw_events.append((recover_at, inc.number, 1, "Recovered", f))
            # Customer impact makes the service down (monitor SLOs, synthetic tests) and
            # burns request budgets; internal-only high-urgency incidents burn a little.
            if impact_start is not None:
                lo, hi, rate = impact_start, impact_end or now, d.burn_rate
            elif inc.urgency == "high":
                lo, hi, rate = inc.created_at, inc.resolved_at or open_end, d.burn_rate / 10
            else:
                continue
            hi = min(hi, now)
            if hi <= lo:
                continue
            # Only a major incident takes the service down (monitor SLOs, synthetic tests);
            # a minor one degrades it, which the request SLOs' burn above already counts.
            if impact_start is not None and truth.severity in ("SEV1", "SEV2"):
                impact.setdefault(inc.service.index, []).append((lo, hi))
            per_day = burn.setdefault(inc.service.index, {})
            for day, secs in _split_days(lo, hi):
                per_day[day] = per_day.get(day, 0.0) + secs * rate
        test = self._test_incident(facts)
        if test is not None:
            # Listed right after the incident it was declared next to (creation order).
            facts.insert(facts.index(test.source) + 1, test.facts)
        raw_events.sort(key=lambda e: (e[0], e[1], e[2]))
        events = [
            MonitorEvent(seq=i, at=at, monitor=f.monitor, transition=tr, facts=f)
            for i, (at, _n, _k, tr, f) in enumerate(raw_events)
        ]
        open_monitors: dict[int, datetime] = {}
        last: dict[int, datetime] = {}
        for e in events:
            last[e.monitor.id] = e.at
            if e.transition == "Triggered":
                open_monitors[e.monitor.id] = e.at
            else:
                open_monitors.pop(e.monitor.id, None)
        down: dict[int, dict[int, float]] = {}
        merged: dict[int, list[tuple[datetime, datetime]]] = {}
        for sidx, intervals in impact.items():
            out: list[tuple[datetime, datetime]] = []
            for lo, hi in sorted(intervals):
                if out and lo <= out[-1][1]:
                    out[-1] = (out[-1][0], max(out[-1][1], hi))
                else:
                    out.append((lo, hi))
            merged[sidx] = out
            per_day = down.setdefault(sidx, {})
            for lo, hi in out:
                for day, secs in _split_days(lo, hi):
                    per_day[day] = per_day.get(day, 0.0) + secs
        self._facts = facts
        self._events = events
        self._event_keys = [(int(e.at.timestamp() * 1000), e.seq) for e in events]
        self._open_monitors = open_monitors
        self._last_transition = last
        self._impact = merged
        self._burn = burn
        self._down = down
        self._facts_by_uuid = {f.uuid: f for f in facts}
        self._dyn_version = version

    def _test_incident(self, facts: list[Facts]) -> _TestIncident | None:
        """One test incident (``is_test``) declared 7 minutes after the first resolved page.

        Someone tries the incident workflow on a service while a real incident of that
        service is open: within the usual Datadog-to-PagerDuty linking window, so a pipeline
        that counts test incidents gets one incident too many (or a wrong link). Derived
        from the org's first resolved incident, it is the same in every epoch and adds one
        incident without renumbering any other.
        """
        source = next((f for f in facts if f.inc.resolved_at is not None), None)
        if source is None:
            return None
        inc = source.inc
        detected = inc.created_at + timedelta(minutes=TEST_INCIDENT_DELAY_MINUTES)
        declared = detected + timedelta(minutes=1)
        resolved = declared + timedelta(minutes=20)
        if resolved > self.org.now:
            return None
        test = Facts(
            inc=inc,
            uuid=str(uuid.UUID(int=_h(self._seed, "test-incident", inc.key) << 64 | 1, version=4)),
            detected=detected,
            declared=declared,
            impact_start=None,
            impact_end=None,
            monitor=source.monitor,
            alert_at=None,
            recover_at=None,
            modified=resolved,
            is_test=True,
        )
        return _TestIncident(source=source, facts=test)

    def _build_todos(self, f: Facts, d: Draws, now: datetime) -> list[dict[str, Any]]:
        inc = f.inc
        if inc.resolved_at is None or not d.todos:
            return []
        team = inc.team
        people = [u for u, _ in team.members]
        out = []
        for i, (created_after, completed_after, text, who) in enumerate(d.todos):
            created = inc.resolved_at + timedelta(seconds=created_after)
            if created > now:
                continue
            completed = (
                created + timedelta(seconds=completed_after)
                if completed_after is not None
                else None
            )
            if completed is not None and completed > now:
                completed = None
            assignee = people[who % len(people)]
            out.append(
                {
                    "id": str(
                        uuid.UUID(int=_h(f.uuid, "todo", i) << 64 | _h(i, f.uuid), version=4)
                    ),
                    "type": "incident_todos",
                    "attributes": {
                        "assignees": [f"@{assignee.email}"],
                        "completed": _iso(completed),
                        "content": _TODOS[text].format(slug=inc.service.slug),
                        "created": _iso(created),
                        "due_date": (created + timedelta(days=14)).date().isoformat(),
                        "incident_id": f.uuid,
                        "modified": _iso(completed or created),
                        # Undocumented but always sent (ids of the relationships below).
                        "created_by_uuid": self.user_uuid(team.manager()),
                        "last_modified_by_uuid": self.user_uuid(
                            assignee if completed else team.manager()
                        ),
                    },
                    "relationships": {
                        "created_by_user": {
                            "data": {"id": self.user_uuid(team.manager()), "type": "users"}
                        },
                        "last_modified_by_user": {
                            "data": {
                                "id": self.user_uuid(assignee if completed else team.manager()),
                                "type": "users",
                            }
                        },
                    },
                }
            )
        return out

    # ================================================================= objects
    def user_uuid(self, u: User) -> str:
        """Datadog user id (UUID) of an org user."""
        return str(uuid.UUID(int=_h(self._seed, "user", u.index) << 64 | _h(u.index), version=4))

    @staticmethod
    def _creator(u: User, *, with_id: bool = False) -> dict[str, Any]:
        """Datadog's `creator` object (monitors and downtimes also send the numeric id)."""
        out: dict[str, Any] = {"email": u.email, "handle": u.email, "name": u.name}
        if with_id:
            out = {"id": 1000 + u.index, **out}
        return out

    def _tags(self, s: Service) -> list[str]:
        return [f"service:{s.slug}", f"team:{s.team.slug}", "env:prod"]

    def _message(self, m: MonitorDef) -> str:
        team = m.service.team
        return (
            f"{{{{#is_alert}}}}{m.name}.{{{{/is_alert}}}}\n"
            f"{{{{#is_recovery}}}}{m.name} recovered.{{{{/is_recovery}}}}\n"
            f"@pagerduty-{team.slug} @slack-{team.slug}-alerts @{team.manager().email}"
        )

    def monitor(self, m: MonitorDef, *, with_downtimes: bool = False) -> dict[str, Any]:
        """A full monitor object (``GET /api/v1/monitor``)."""
        self._refresh()
        state = "OK"
        if m.test_index is not None:
            state = "Alert" if self._test_failing(m.test_index) else "OK"
        elif m.id in self._open_monitors:
            state = "Alert"
        else:
            r = _h(self._seed, "state", m.id) % 100
            state = "No Data" if r < 3 else "Warn" if r < 6 else "OK"  # noqa: PLR2004
        manager = m.service.team.manager()
        body: dict[str, Any] = {
            "id": m.id,
            "org_id": 1_000_000 + self._seed % 1000,
            "name": m.name,
            "type": m.type,
            "query": m.query,
            "message": self._message(m),
            "tags": self._tags(m.service),
            "options": {
                "thresholds": m.thresholds,
                "notify_no_data": m.type in ("service check", "synthetics alert"),
                "no_data_timeframe": 10 if m.type == "service check" else None,
                "notify_audit": False,
                "renotify_interval": 60 if m.priority in (1, 2) else 0,
                "include_tags": True,
                "require_full_window": False,
                "new_group_delay": 60,
                "evaluation_delay": None,
                "escalation_message": "",
                "locked": False,
                "silenced": {},
            },
            "priority": m.priority,
            "multi": "by {" in m.query or ".by(" in m.query,
            # Undocumented but always sent: creation time in epoch milliseconds.
            "created_at": int(m.created.timestamp()) * 1000,
            "created": _iso(m.created),
            "modified": _iso(m.modified),
            "deleted": None,
            "restricted_roles": None,
            "overall_state": state,
            "overall_state_modified": _iso(self._last_transition.get(m.id, m.modified)),
            "creator": self._creator(manager, with_id=True),
            # The list sends the key even without `with_downtimes` (empty then).
            "matching_downtimes": [],
        }
        if with_downtimes:
            body["matching_downtimes"] = [
                {
                    "id": d["id"],
                    "start": _ts(d["start"]),
                    "end": _ts(d["start"]) + d["duration"],
                    "scope": self._downtime_scope(d),
                }
                for d in self._static_world()[3]
                if d["team"] is m.service.team and self._downtime_active(d)
            ]
        return body

    def _downtime_active(self, d: dict[str, Any]) -> bool:
        now = self.org.now
        start: datetime = d["start"]
        if d["kind"] == "once":
            return start <= now < start + timedelta(seconds=d["duration"])
        if now < start:
            return False
        into = (now - start).total_seconds() % (7 * DAY)
        return into < d["duration"]

    def downtime(self, d: dict[str, Any], *, with_creator: bool = False) -> dict[str, Any]:
        """A v1 downtime object (with its `creator` when asked `with_creator=true`)."""
        now = self.org.now
        start: datetime = d["start"]
        team: Team = d["team"]
        creator = team.manager()
        recurring = d["kind"] == "recurring"
        if recurring and now >= start:
            weeks = int((now - start).total_seconds() // (7 * DAY))
            current = start + timedelta(weeks=weeks)
        else:
            current = start
        scope = self._downtime_scope(d)
        active = self._downtime_active(d)
        if active:
            status = "active"
        elif recurring or now < start:
            status = "scheduled"
        else:
            status = "ended"
        created = _ts(d["created"])
        body: dict[str, Any] = {
            "id": d["id"],
            "active": active,
            "canceled": None,
            "creator_id": 1000 + creator.index,
            "updater_id": None,
            "disabled": False,
            "downtime_type": 2,
            "start": _ts(current),
            "end": _ts(current) + d["duration"],
            "message": (
                f"Weekly maintenance window of {team.name}"
                if recurring
                else f"Deploying {d['service'].name}"
            ),
            "monitor_id": None,
            "monitor_tags": [f"team:{team.slug}"] if recurring else ["*"],
            "scope": scope,
            "timezone": "UTC",
            "recurrence": (
                {"type": "weeks", "period": 1, "week_days": ["Sun"], "until_date": None}
                if recurring
                else None
            ),
            "parent_id": None,
            "child_id": None,
            "mute_first_recovery_notification": False,
            "notify_end_states": ["alert", "no data", "warn"],
            "notify_end_types": ["canceled", "expired"],
            # Undocumented but always sent (v1 downtimes are views of v2 ones).
            "org_id": 1_000_000 + self._seed % 1000,
            "created": created,
            "modified": created,
            "status": status,
            "uuid": str(uuid.UUID(int=_h(self._seed, "downtime", d["id"]) << 64 | d["id"])),
        }
        if with_creator:
            body["creator"] = self._creator(creator, with_id=True)
        return body

    @staticmethod
    def _downtime_scope(d: dict[str, Any]) -> list[str]:
        return [f"service:{d['service'].slug}"] if d["service"] else [f"team:{d['team'].slug}"]

    def synthetics_test(self, t: TestDef) -> dict[str, Any]:
        """A synthetic test as listed by ``GET /api/v1/synthetics/tests``."""
        manager = t.service.team.manager()
        url = f"https://{t.service.slug}.example.com/healthz"
        if t.type == "browser":
            config: dict[str, Any] = {
                "request": {"method": "GET", "url": f"https://shop.example.com/{t.service.slug}"},
                "assertions": [],
                "variables": [],
            }
        elif t.subtype == "http":
            config = {
                "request": {"method": "GET", "url": url, "timeout": 30},
                "assertions": [
                    {"type": "statusCode", "operator": "is", "target": 200},
                    {"type": "responseTime", "operator": "lessThan", "target": 2000},
                ],
            }
        else:
            config = {
                "request": {"host": f"{t.service.slug}.example.com", "port": 443},
                "assertions": [{"type": "responseTime", "operator": "lessThan", "target": 1000}],
            }
        body: dict[str, Any] = {
            "public_id": t.public_id,
            "name": t.name,
            "type": t.type,
            "status": t.status,
            "locations": t.locations,
            "tags": self._tags(t.service),
            "message": f"@pagerduty-{t.service.team.slug} {t.name} is failing",
            "monitor_id": t.monitor_id,
            "config": config,
            "options": {
                "tick_every": t.tick_every,
                "min_location_failed": 1,
                "min_failure_duration": 0,
                "retry": {"count": 1, "interval": 300},
                "monitor_options": {"renotify_interval": 120},
                **({"device_ids": ["chrome.laptop_large"]} if t.type == "browser" else {}),
            },
            "creator": {"email": manager.email, "handle": manager.email, "name": manager.name},
            "created_at": _iso(t.created),
            "modified_at": _iso(t.modified),
        }
        if t.subtype is not None:
            # Browser tests have no subtype: the list leaves the key out.
            body["subtype"] = t.subtype
        return body

    def slo(self, o: SloDef) -> dict[str, Any]:
        """An SLO object (``GET /api/v1/slo``)."""
        s = o.service
        manager = s.team.manager()
        warning = round(o.target + (100 - o.target) / 2, 3)
        thresholds = [
            {
                "timeframe": tf,
                "target": o.target,
                "target_display": f"{o.target}",
                "warning": warning,
                "warning_display": f"{warning}",
            }
            for tf in ("7d", "30d", "90d")
        ]
        body: dict[str, Any] = {
            "id": o.id,
            "name": o.name,
            "description": f"{o.name} of {s.name}, owned by {s.team.name}",
            "type": o.type,
            "type_id": 1 if o.type == "metric" else 0,
            "tags": self._tags(s),
            "thresholds": thresholds,
            "target_threshold": o.target,
            "warning_threshold": warning,
            "timeframe": "30d",
            "created_at": _ts(o.created),
            "modified_at": _ts(o.modified),
            "creator": {"email": manager.email, "handle": manager.email, "name": manager.name},
            "monitor_ids": o.monitor_ids if o.type == "monitor" else [],
            "monitor_tags": [],
            "groups": [],
        }
        if o.type == "metric":
            # Only metric SLOs have queries: monitor SLOs leave the key out.
            body["query"] = {
                "numerator": f"sum:trace.http.request.hits{{service:{s.slug}}}.as_count() - "
                f"sum:trace.http.request.errors{{service:{s.slug}}}.as_count()",
                "denominator": f"sum:trace.http.request.hits{{service:{s.slug}}}.as_count()",
            }
        return body

    def slo_day(self, o: SloDef, day: int) -> dict[str, float]:
        """The SLI facts of one UTC day (``day`` = days since the epoch), as of now.

        Metric SLOs: ``good`` and ``total`` requests; monitor SLOs: ``uptime`` and
        ``total`` seconds. ``total`` covers only the part of the day before the clock.
        """
        self._refresh()
        now = self.org.now
        day_start = day * DAY
        covered = max(0.0, min(float(DAY), now.timestamp() - day_start))
        if o.type == "metric":
            total = round(o.daily_requests * (0.8 + 0.4 * (_h(o.id, day) % 1000) / 1000))
            total = round(total * covered / DAY)
            bad_secs = self._burn.get(o.service.index, {}).get(day, 0.0)
            bad = round(total * o.base_error + total * bad_secs / DAY)
            bad = min(bad, total)
            return {"good": float(total - bad), "total": float(total)}
        down = min(self._down.get(o.service.index, {}).get(day, 0.0), covered)
        return {"good": covered - down, "total": covered}

    def slo_history(self, o: SloDef, from_ts: int, to_ts: int) -> dict[str, Any]:
        """``GET /api/v1/slo/{id}/history`` for ``[from_ts, to_ts)``, daily buckets."""
        self._refresh()
        now_ts = _ts(self.org.now)
        first = from_ts // DAY
        last = (min(to_ts, now_ts) - 1) // DAY
        days = list(range(first, last + 1)) if last >= first else []
        per_day = [self.slo_day(o, d) for d in days]
        good = sum(p["good"] for p in per_day)
        total = sum(p["total"] for p in per_day)
        sli = round(100.0 * good / total, 6) if total else None
        thresholds = {
            th["timeframe"]: {k: th[k] for k in ("timeframe", "target", "target_display")}
            for th in self.slo(o)["thresholds"]
        }
        # No data in the window: no SLI and no budget, and an error saying why.
        budget = (
            {tf: round((sli - o.target) / (100 - o.target) * 100, 4) for tf in thresholds}
            if sli is not None
            else {}
        )
        overall: dict[str, Any] = {
            "sli_value": sli,
            "span_precision": 2.0,
            "precision": dict.fromkeys(thresholds, 2.0),
            "error_budget_remaining": budget,
            "preview": False,
        }
        if sli is None:
            overall["errors"] = [
                {
                    "error_message": "The denominator is zero valued",
                    "error_type": "ZERO_VALUED_DENOMINATOR",
                }
            ]
        data: dict[str, Any] = {
            "from_ts": from_ts,
            "to_ts": to_ts,
            "type": o.type,
            "type_id": 1 if o.type == "metric" else 0,
            "thresholds": thresholds,
            "group_by": [],
            "overall": overall,
        }
        if o.type == "metric":
            q = self.slo(o)["query"]
            data["series"] = {
                "interval": DAY,
                "res_type": "time_series",
                "resp_version": 2,
                "query": f"{q['numerator']},{q['denominator']}",
                "message": "",
                "times": [float(d * DAY * 1000) for d in days],
                "numerator": {
                    "count": len(days),
                    "sum": good,
                    "values": [p["good"] for p in per_day],
                },
                "denominator": {
                    "count": len(days),
                    "sum": total,
                    "values": [p["total"] for p in per_day],
                },
            }
        else:
            overall["uptime"] = sli
            overall["monitor_type"] = "query alert"
            overall["monitor_modified"] = _ts(o.modified)
            overall["history"] = self._transitions(o.service, from_ts, min(to_ts, now_ts))
            if to_ts > now_ts:
                # Nothing is known after the clock: "no data" (state 2) from there on.
                overall["history"].append([float(now_ts), 2.0])
        return {"data": data, "errors": None}

    def _transitions(self, s: Service, lo: int, hi: int) -> list[list[float]]:
        """Monitor-SLO state transitions in ``[lo, hi)``: ``[ts, 0]`` up, ``[ts, 1]`` down."""
        if hi <= lo:
            return [[float(lo), 2.0]]
        out: list[list[float]] = [[float(lo), 0.0]]
        for a, b in self._impact.get(s.index, []):
            a_ts, b_ts = a.timestamp(), b.timestamp()
            if b_ts <= lo or a_ts >= hi:
                continue
            start = max(a_ts, lo)
            if start == lo:
                out[0][1] = 1.0
            else:
                out.append([start, 1.0])
            if b_ts < hi:
                out.append([b_ts, 0.0])
        return out

    def _test_failing(self, test_index: int) -> bool:
        t = self._static_world()[2][test_index]
        now = self.org.now
        return t.status == "live" and any(
            a <= now <= b for a, b in self._impact.get(t.service.index, [])[-3:]
        )

    def results(self, t: TestDef, lo_ms: int, hi_ms: int) -> list[dict[str, Any]]:
        """Every result of ``t`` with ``lo_ms <= check_time <= hi_ms``, newest first."""
        self._refresh()
        if t.status != "live":
            return []
        now = self.org.now
        lo = max(lo_ms / 1000, (now - RESULTS_RETENTION).timestamp(), t.created.timestamp())
        hi = min(hi_ms / 1000, now.timestamp())
        intervals = self._impact.get(t.service.index, [])
        starts = [a.timestamp() for a, _ in intervals]
        out: list[dict[str, Any]] = []
        for li, loc in enumerate(t.locations):
            offset = _h(t.public_id, loc) % t.tick_every
            k = math.ceil((lo - offset) / t.tick_every)
            while (at := k * t.tick_every + offset) <= hi:
                i = bisect.bisect_right(starts, at) - 1
                impacted = i >= 0 and at < intervals[i][1].timestamp()
                h = _h(t.public_id, li, k)
                passed = not impacted and h % 200 != 0
                check_ms = float(at * 1000 + h % 997)
                if lo_ms <= check_ms <= hi_ms:
                    out.append(self._result(t, loc, k, check_ms, h, passed=passed))
                k += 1
        out.sort(key=lambda r: (-r["check_time"], r["result_id"]))
        return out

    @staticmethod
    def _result(  # noqa: PLR0913 - the facts of one result
        t: TestDef, loc: str, k: int, check_ms: float, h: int, *, passed: bool
    ) -> dict[str, Any]:
        result: dict[str, Any]
        if t.type == "browser":
            steps = 8
            result = {
                "device": {
                    "id": "chrome.laptop_large",
                    "name": "Laptop Large",
                    "height": 1100,
                    "width": 1440,
                    "isMobile": False,
                    "browser": "chrome",
                },
                "passed": passed,
                "duration": 4000 + h % 9000,
                "errorCount": 0 if passed else 1 + h % 3,
                "stepCountCompleted": steps if passed else h % steps,
                "stepCountTotal": steps,
            }
        else:
            dns, tcp, ssl, wait, dl = (
                1 + h % 20,
                2 + h % 30,
                5 + h % 40,
                20 + h % 300,
                1 + h % 15,
            )
            total = dns + tcp + ssl + wait + dl + (0 if passed else 5000)
            result = {
                "passed": passed,
                "timings": {
                    "dns": float(dns),
                    "tcp": float(tcp),
                    "ssl": float(ssl),
                    "wait": float(wait),
                    "download": float(dl),
                    "total": float(total),
                },
            }
        out: dict[str, Any] = {
            "check_time": check_ms,
            # Undocumented but always sent: the result format version (1 API, 2 browser).
            "check_version": 2 if t.type == "browser" else 1,
            "probe_dc": loc,
            "result_id": str(_h(t.public_id, loc, k) % 10**19),
            "status": 0 if passed else 1,
            "result": result,
        }
        if t.type == "browser":
            out["device_id"] = result["device"]["id"]
        return out

    def incident(self, f: Facts) -> dict[str, Any]:
        """A v2 incident object."""
        inc = f.inc
        now = self.org.now
        state = _STATE[inc.status]
        severity = _SEVERITY.get(inc.priority or "", "UNKNOWN")
        commander = inc.acknowledged_by or (inc.assignees[0] if inc.assignees else None)
        commander = commander or inc.team.manager()
        creator = inc.events[0].actor or inc.team.manager()
        last_by = inc.last_status_change_by or creator
        resolved = inc.resolved_at
        impact_duration = 0
        if f.impact_start is not None:
            impact_duration = int(((f.impact_end or now) - f.impact_start).total_seconds())
        attributes: dict[str, Any] = {
            "public_id": inc.number,
            "title": inc.title,
            "created": _iso(f.declared),
            "modified": _iso(f.modified),
            "declared": _iso(f.declared),
            "detected": _iso(f.detected),
            "resolved": _iso(resolved),
            "archived": None,
            "customer_impacted": f.impact_start is not None,
            "customer_impact_start": _iso(f.impact_start),
            "customer_impact_end": _iso(f.impact_end),
            "customer_impact_duration": impact_duration,
            "customer_impact_scope": (
                f"Customers of {inc.service.name} saw errors" if f.impact_start else None
            ),
            "time_to_detect": (
                int((f.detected - f.impact_start).total_seconds()) if f.impact_start else 0
            ),
            "time_to_internal_response": int((f.declared - f.detected).total_seconds()),
            "time_to_repair": (
                int((f.impact_end - f.detected).total_seconds()) if f.impact_end else 0
            ),
            "time_to_resolve": int((resolved - f.declared).total_seconds()) if resolved else 0,
            "severity": severity,
            "state": state,
            "visibility": "organization",
            "is_test": False,
            "case_id": None,
            "incident_type_uuid": "00000000-0000-4000-8000-000000000001",
            "declared_by_uuid": self.user_uuid(creator),
            # Undocumented but always sent by the list (its own examples omit them).
            "created_by_uuid": self.user_uuid(creator),
            "last_modified_by_uuid": self.user_uuid(last_by),
            "creation_idempotency_key": None,
            "field_analytics": None,
            "non_datadog_creator": None,
            "fields": {
                "severity": {"type": "dropdown", "value": severity},
                "state": {"type": "dropdown", "value": state},
                "detection_method": {
                    "type": "dropdown",
                    "value": "monitor" if inc.detection == "internal" else "customer",
                },
                "root_cause": {"type": "textbox", "value": None},
                "services": {"type": "autocomplete", "value": [inc.service.slug]},
                "teams": {"type": "autocomplete", "value": [inc.team.slug]},
                "summary": {"type": "textbox", "value": None},
            },
            "notification_handles": [
                {
                    "display_name": f"{inc.team.name} on-call",
                    "handle": f"@pagerduty-{inc.team.slug}",
                },
                {
                    "display_name": f"#{inc.team.slug}-incidents",
                    "handle": f"@slack-{inc.team.slug}-incidents",
                },
            ],
        }

        if f.is_test:
            self._as_test_incident(attributes, f)

        def user(u: User) -> dict[str, Any]:
            return {"data": {"id": self.user_uuid(u), "type": "users"}}

        return {
            "id": f.uuid,
            "type": "incidents",
            "attributes": attributes,
            "relationships": {
                "commander_user": user(commander),
                "created_by_user": user(creator),
                "declared_by_user": user(creator),
                "last_modified_by_user": user(last_by),
                "attachments": {"data": []},
                "integrations": {"data": []},
                "impacts": {"data": []},
                # One responder record (its own id, not the user's) per person involved.
                "responders": {
                    "data": [
                        {
                            "id": str(uuid.UUID(int=_h(f.uuid, "responder", u.index) << 64 | 1)),
                            "type": "incident_responders",
                        }
                        for u in sorted(
                            {e.actor for e in inc.events if e.actor is not None}
                            | ({commander} if commander else set()),
                            key=lambda u: u.index,
                        )
                    ]
                },
                "user_defined_fields": {
                    "data": [
                        {"id": self._field_uuid(name), "type": "user_defined_field"}
                        for name in attributes["fields"]
                    ]
                },
            },
        }

    @staticmethod
    def _as_test_incident(attributes: dict[str, Any], f: Facts) -> None:
        """Turn the attributes built from ``f.inc`` into those of a resolved test incident."""
        resolved = f.modified
        attributes.update(
            {
                "public_id": TEST_INCIDENT_PUBLIC_ID,
                "title": f"[Test] Trying the incident workflow of {f.inc.service.name}",
                "created": _iso(f.declared),
                "modified": _iso(resolved),
                "declared": _iso(f.declared),
                "detected": _iso(f.detected),
                "resolved": _iso(resolved),
                "time_to_detect": 0,
                "time_to_internal_response": int((f.declared - f.detected).total_seconds()),
                "time_to_repair": 0,
                "time_to_resolve": int((resolved - f.declared).total_seconds()),
                "severity": "UNKNOWN",
                "state": "resolved",
                "is_test": True,
            }
        )
        fields = attributes["fields"]
        fields["severity"]["value"] = "UNKNOWN"
        fields["state"]["value"] = "resolved"
        fields["detection_method"]["value"] = "employee"

    def _field_uuid(self, name: str) -> str:
        """Id of the organisation's user-defined incident field `name`."""
        return str(uuid.UUID(int=_h(self._seed, "field", name) << 64 | _h(name), version=4))

    def monitor_event(self, e: MonitorEvent) -> dict[str, Any]:
        """A v2 event for one monitor transition."""
        m = e.monitor
        inc = e.facts.inc
        triggered = e.transition == "Triggered"
        ms = int(e.at.timestamp() * 1000)
        title = f"[{e.transition} on {{service:{m.service.slug}}}] {m.name}"
        evt_id = str(7_000_000_000_000_000_000 + _h(self._seed, "evt", e.seq, ms) % 10**18)
        tags = [*self._tags(m.service), f"monitor:{m.id}", "source:alert"]
        event: dict[str, Any] = {
            "id": _event_id(self._seed, e.seq, ms),
            "type": "event",
            "attributes": {
                "timestamp": _iso_z(e.at),
                "message": f"%%%\n{inc.title}\n\n{self._message(m)}\n%%%",
                "tags": tags,
                "attributes": {
                    "evt": {"id": evt_id, "source_id": 36, "type": "monitor_alert"},
                    "timestamp": ms,
                    "title": title,
                    "status": "error" if triggered else "success",
                    "priority": "normal",
                    "source_type_name": "Monitor Alert",
                    "sourcecategory": "monitor",
                    "service": m.service.slug,
                    "hostname": f"{m.service.slug}-{_h(inc.key) % 9 + 1}",
                    "aggregation_key": f"monitor:{m.id}",
                    "monitor_id": m.id,
                    "monitor_groups": [f"service:{m.service.slug}"],
                    "monitor": {
                        "id": m.id,
                        "name": m.name,
                        "query": m.query,
                        "type": m.type,
                        "tags": self._tags(m.service),
                        "group_status": 2 if triggered else 0,
                        "groups": [f"service:{m.service.slug}"],
                        "created_at": int(m.created.timestamp() * 1000),
                        "modified": int(m.modified.timestamp() * 1000),
                        "templated_name": m.name,
                        "message": self._message(m),
                    },
                    "tags": tags,
                },
            },
        }
        if not triggered and e.facts.alert_at is not None:
            # Recoveries say how long the alert lasted (nanoseconds); triggers do not.
            nanos = int((e.at - e.facts.alert_at).total_seconds() * 1e9)
            event["attributes"]["attributes"]["duration"] = nanos
        return event

    # ================================================================== truth
    def truth(self, quirks: frozenset[str] | Sequence[str] = ()) -> dict[str, Any]:
        """Exactly what the API serves, per collection, in API order.

        ``downtimes`` are listed ``with_creator=true``; ``monitor_events`` are every monitor
        alert event (oldest first), ``synthetics_results`` every result within retention
        keyed by test public id, ``slo_days`` the daily SLI facts keyed by
        ``(slo_id, "YYYY-MM-DD")`` for the whole history, and ``incident_todos`` the todos
        keyed by incident id. Quirks are not applied (they are per request), except
        ``deleted_inventory``: the deleted monitor is left out, and listed in ``deleted``.
        """
        self._refresh()
        monitors, slos, tests, downtimes = self._static_world()
        now_ts = _ts(self.org.now)
        history_start = _ts(self.org.config.anchor) - self.org.config.history_days * DAY  # type: ignore[arg-type]
        slo_days: dict[tuple[str, str], dict[str, float]] = {}
        for o in slos:
            for d in range(history_start // DAY, (now_ts - 1) // DAY + 1):
                slo_days[(o.id, datetime.fromtimestamp(d * DAY, UTC).date().isoformat())] = (
                    self.slo_day(o, d)
                )
        big = 10**16
        deleted = self.deleted_monitor_id(quirks)
        return {
            "monitors": [
                self.monitor(m) for m in sorted(monitors, key=lambda m: m.id) if m.id != deleted
            ],
            "deleted": {"monitors": [] if deleted is None else [deleted]},
            "monitor_events": [self.monitor_event(e) for e in self._events],
            "downtimes": [self.downtime(d, with_creator=True) for d in downtimes],
            "synthetics_tests": [self.synthetics_test(t) for t in tests],
            "synthetics_results": {t.public_id: self.results(t, 0, big) for t in tests},
            "slos": [self.slo(o) for o in slos],
            "slo_days": slo_days,
            "incidents": [self.incident(f) for f in self._facts],
            "incident_todos": {f.uuid: f.todos for f in self._facts if f.todos},
        }

    # ============================================================== endpoints
    @staticmethod
    def _int(req: Request, name: str, default: int | None = None) -> int | None:
        raw = req.arg(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise ApiError(400, f"Invalid value for parameter {name}: {raw!r}") from None

    def vanished_children(self) -> dict[str, str]:
        """Children that answer 404 under the `vanished_children` quirk, by stream.

        One synthetic test's results (a live test, deleted after the listing), one SLO's
        history and one incident's todos (an incident that has some).
        """
        self._refresh()
        _monitors, slos, tests, _downtimes = self._static_world()
        test = next((t for t in tests if t.status == "live"), tests[0])
        incident = next((f for f in self._facts if f.todos), self._facts[0])
        return {
            "synthetics_results": test.public_id,
            "slo_history": slos[min(1, len(slos) - 1)].id,
            "incident_todos": incident.uuid,
        }

    def deleted_monitor_id(self, quirks: frozenset[str] | Sequence[str]) -> int | None:
        """Under ``deleted_inventory``, from the first epoch on: the monitor deleted in Datadog.

        Gone from ``GET /api/v1/monitor``; ``GET /api/v1/monitor/{id}`` answers Datadog's
        404 (``{"errors": ["Monitor not found"]}``). Its past alert events are still served.
        """
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return None
        return max(m.id for m in self._static_world()[0])

    def _vanished(self, req: Request, stream: str, child_id: str) -> bool:
        return "vanished_children" in req.quirks and self.vanished_children()[stream] == child_id

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
        tests = self._static_world()[2]
        size = self._int(req, "page_size", SYNTHETICS_PAGE_DEFAULT) or SYNTHETICS_PAGE_DEFAULT
        number = self._int(req, "page_number", 0) or 0
        if size < 1 or number < 0:
            raise ApiError(400, "page_size must be positive and page_number at least 0")
        if "short_pages" in req.quirks:
            size = min(size, SHORT_PAGES["synthetics_tests"])
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
        if self._vanished(req, "synthetics_results", public_id):
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
        limit = self._int(req, "limit", SLO_LIMIT_DEFAULT) or SLO_LIMIT_DEFAULT
        offset = self._int(req, "offset", 0) or 0
        if limit < 1 or offset < 0:
            raise ApiError(400, "limit must be positive and offset at least 0")
        if "short_pages" in req.quirks:
            limit = min(limit, SHORT_PAGES["slos"])
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
        body = self.slo_history(slo, lo, hi)
        deviations: tuple[str, ...] = ()
        overall = body["data"]["overall"]
        if "spec_nulls" in req.quirks and "errors" not in overall:
            overall["errors"] = None
            deviations = ("response.data.overall.errors",)
        return Response(200, dumps(body), deviations=deviations)

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
        size = self._int(req, "page[size]", INCIDENT_PAGE_DEFAULT) or INCIDENT_PAGE_DEFAULT
        offset = self._int(req, "page[offset]", 0) or 0
        if size < 1 or size > INCIDENT_PAGE_MAX or offset < 0:
            raise ApiError(400, f"page[size] must be between 1 and {INCIDENT_PAGE_MAX}")
        if "short_pages" in req.quirks:
            size = min(size, SHORT_PAGES["incidents"])
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

    # ============================================================ convenience
    @property
    def monitors_defs(self) -> list[MonitorDef]:
        """Static monitor definitions."""
        return self._static_world()[0]

    @property
    def slo_defs(self) -> list[SloDef]:
        """Static SLO definitions."""
        return self._static_world()[1]

    @property
    def test_defs(self) -> list[TestDef]:
        """Static synthetic test definitions."""
        return self._static_world()[2]


def _unknown_monitor_fields(items: list[dict[str, Any]]) -> tuple[str, ...]:
    """The `unknown_fields` quirk on monitors: a new field, a new option, a new state."""
    deviations = []
    for i, item in enumerate(items):
        item[UNRELEASED] = {"note": "a field the vendor's document does not list yet"}
        item["options"][UNRELEASED] = True
        if item["id"] % 4 == 0:
            item["overall_state"] = "Paused"
            deviations.append(f"response[{i}].overall_state")
    return tuple(deviations)


def _event_quirks(events: list[dict[str, Any]], quirks: frozenset[str]) -> tuple[str, ...]:
    """`unsorted`, `unknown_fields` and `spec_nulls` on one page of events."""
    if "unsorted" in quirks:
        # Within a page, neighbours swap places: timestamps are not in order.
        for i in range(0, len(events) - 1, 2):
            events[i], events[i + 1] = events[i + 1], events[i]
    deviations = []
    for i, event in enumerate(events):
        inner = event["attributes"]["attributes"]
        if "unknown_fields" in quirks:
            inner[UNRELEASED] = "a field the vendor's document does not list yet"
        if "spec_nulls" in quirks and "duration" not in inner:
            inner["duration"] = None
            deviations.append(f"response.data[{i}].attributes.attributes.duration")
    return tuple(deviations)


def _public_id(n: int) -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    chars = []
    for _ in range(9):
        n, r = divmod(n, len(alphabet))
        chars.append(alphabet[r])
    s = "".join(chars)
    return f"{s[:3]}-{s[3:6]}-{s[6:]}"


def _event_id(seed: int, seq: int, ms: int) -> str:
    raw = ms.to_bytes(8, "big") + _h(seed, "event", seq).to_bytes(8, "big")
    return "AAAAA" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _split_days(lo: datetime, hi: datetime) -> list[tuple[int, float]]:
    """``[(day number, seconds)]`` of ``[lo, hi)`` cut at UTC midnights."""
    out = []
    a, b = lo.timestamp(), hi.timestamp()
    while a < b:
        day = int(a // DAY)
        end = min(b, (day + 1) * DAY)
        out.append((day, end - a))
        a = end
    return out


_DATE_MATH = re.compile(r"now(?:-(\d+)([smhdw]))?")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": DAY, "w": 7 * DAY}


def _date_math(value: str, now: datetime) -> datetime | None:
    """``now``, ``now-15m``, milliseconds since the epoch, or ISO-8601."""
    value = value.strip()
    m = _DATE_MATH.fullmatch(value)
    if m:
        n, unit = m.groups()
        return now - timedelta(seconds=int(n or 0) * _UNITS.get(unit or "s", 1))
    if value.isdigit():
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    try:
        dt = datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


__all__ = ["DEFAULT_API_KEY", "DEFAULT_APP_KEY", "DatadogAPI"]
