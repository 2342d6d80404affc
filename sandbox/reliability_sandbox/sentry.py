"""The Sentry web API (``/api/0/``), served from the generated organisation.

Mounted under ``/sentry``: a client's base URL is ``http://127.0.0.1:PORT/sentry`` and
paths are Sentry's own (``/api/0/organizations/{org}/issues/``). The world is a *view*
of :class:`~reliability_sandbox.org.Org`: one organisation, a project per service, the
org's teams, and issues that spike around the org's incidents (same service, same times)
plus background noise. Everything is a pure function of the org seed, the org's
incidents and the org clock, so a mutation epoch (``org.advance``) shows up here as
issues resolved, regressed, escalating and new events, without any hook in ``org.py``.

Contract (see the package README for the full list and the deviations):
``Authorization: Bearer <token>``; ``Link`` header pagination with ``rel="previous"`` /
``rel="next"``, ``results`` and ``cursor`` attributes (cursor ``<value>:<offset>:<is_prev>``);
``X-Sentry-Rate-Limit-*`` headers (reset in epoch seconds); Sentry's ``{"detail": ...}``
error bodies; scopes per endpoint (403 when the token lacks them); a 90-day event
retention counted from the org clock, which every response carries in its ``Date``
header (set by the server for every vendor, as a real server's clock).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import operator
import random
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from reliability_sandbox.vendor import Request, Response, dumps

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Incident, Org, Service, Team, User

DEFAULT_TOKEN = "sandbox-sentry-token"  # noqa: S105 - a public, fake sandbox credential
#: Extra tokens with fewer scopes, to exercise 403s: token -> scopes.
LIMITED_TOKENS: dict[str, frozenset[str]] = {
    "sandbox-sentry-token-org-read": frozenset({"org:read"}),  # no project:/event: scopes
    "sandbox-sentry-token-no-events": frozenset({"org:read", "project:read"}),
}
READ_SCOPES = frozenset({"org:read", "project:read", "team:read", "event:read", "member:read"})
ORG_SLUG = "acme"
ORG_NAME = "Acme"
WEB_BASE = "https://acme.sentry.io"
RETENTION = timedelta(days=90)
MAX_PER_PAGE = 100
CONCURRENT_LIMIT = 25
MAX_ACTIVITY = 100  # the issue details endpoint returns at most the 100 newest entries

#: Issues per incident, and background issues per incident (spread over projects).
ISSUES_PER_INCIDENT = 2
BACKGROUND_PER_INCIDENT = 0.75

_DETAIL_NOT_FOUND = "The requested resource does not exist"
_DETAIL_FORBIDDEN = "You do not have permission to perform this action."
_PLATFORMS = ("python", "javascript", "go", "java", "node", "ruby")
_ERRORS = (
    ("TimeoutError", "upstream request to {dep} timed out after 30s", "fatal"),
    ("ConnectionError", "connection refused by {dep}:5432", "error"),
    ("KeyError", "'customer_id'", "error"),
    ("ValueError", "invalid literal for int() with base 10: ''", "error"),
    ("HTTPError", "503 Service Unavailable from {dep}", "error"),
    ("OperationalError", "deadlock detected while updating {slug}", "error"),
    ("TypeError", "'NoneType' object is not subscriptable", "error"),
    ("MemoryError", "worker ran out of memory processing batch", "fatal"),
    ("RateLimitError", "{dep} answered 429 Too Many Requests", "warning"),
    ("SSLError", "certificate verify failed for {dep}", "error"),
)
_FUNCS = ("handle_request", "process_batch", "charge", "render", "sync", "dispatch", "lookup")
_ENVIRONMENTS = ("production", "production", "production", "staging")


class ApiError(Exception):
    """A Sentry error response: ``{"detail": ...}``."""

    def __init__(self, status: int, detail: str) -> None:
        """Create the error with its HTTP status and ``detail`` text."""
        super().__init__(detail)
        self.status = status
        self.body = {"detail": detail}


def _z(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _zms(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def _epoch(dt: datetime) -> int:
    return int(dt.timestamp())


def _lognorm(rng: random.Random, median: float, sigma: float) -> float:
    return rng.lognormvariate(math.log(median), sigma)


def _hex32(*parts: object) -> str:
    return hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=16).hexdigest()


# ============================================================== the Sentry world


@dataclass(slots=True)
class Burst:
    """A period during which an issue fires events (a stable, growing sequence)."""

    start: int
    end: int | None  # None: still firing (an open incident); the clock bounds it
    gap: float  # mean seconds between events
    seed: str
    _times: list[int] | None = None
    _times_end: int = -1

    def times(self, now: int) -> list[int]:
        """Event times up to ``min(end, now)``; a prefix of every later answer."""
        horizon = now if self.end is None else min(self.end, now)
        if self._times is not None and self._times_end == horizon:
            return self._times
        rng = random.Random(self.seed)
        out: list[int] = []
        t = self.start
        while t <= horizon and len(out) < 5000:  # noqa: PLR2004 - a burst's hard cap
            out.append(t)
            # Errors thin out as a burst goes on (retries back off, users give up), so a
            # long-open incident does not fire thousands of events.
            k = len(out) / 6
            t += max(1, int(rng.expovariate(1.0 / self.gap) * (1 + k * k)))
        self._times, self._times_end = out, horizon
        return out


@dataclass(slots=True, eq=False)
class SIssue:
    """One Sentry issue: identity and a lifecycle plan; its state depends on the clock."""

    id: int
    project: Service
    incident: Incident | None
    error: tuple[str, str, str]
    culprit: str
    seed: str
    bursts: list[Burst] = field(default_factory=list)
    #: After burst i: (action, delay seconds) with action resolve / ignore / none.
    actions: list[tuple[str, int]] = field(default_factory=list)
    assign_delay: int | None = None
    assignee: User | None = None
    plan_key: object = None


@dataclass(slots=True)
class IssueState:
    """What the API shows for an issue at one clock value."""

    issue: SIssue
    first_seen: int
    last_seen: int
    count: int
    status: str
    substatus: str | None
    activity: list[tuple[int, str, dict[str, Any], User | None]]
    assigned: User | None
    user_count: int


class SentryWorld:
    """The Sentry objects of an org: projects, issues with plans, releases."""

    def __init__(self, org: Org) -> None:
        """Derive the static parts (projects, background issues, releases) from the org."""
        self.org = org
        seed = org.config.seed
        self.seed = seed
        self.org_id = 1_000 + seed % 1_000
        self.project_ids = {s.index: 4_500_000 + seed % 1000 * 100 + s.index for s in org.services}
        self.team_ids = {t.index: 100_000 + seed % 1000 * 100 + t.index for t in org.teams}
        self.user_ids = {u.index: 2_000_000 + u.index for u in org.users}
        self.platforms = {
            s.index: _PLATFORMS[(s.index * 7 + seed) % len(_PLATFORMS)] for s in org.services
        }
        # Some projects are shared with a second team (platform teams see the gateways).
        self.project_teams: dict[int, list[Team]] = {}
        for s in org.services:
            teams = [s.team]
            if len(org.teams) > 1 and (s.index * 5 + seed) % 3 == 0:
                teams.append(org.teams[(s.team.index + 1) % len(org.teams)])
            self.project_teams[s.index] = teams
        self._spike: dict[tuple[int, int], SIssue] = {}
        self.background: list[SIssue] = self._background_issues()
        self.releases = self._releases()

    # ------------------------------------------------------------- issue plans
    def _background_issues(self) -> list[SIssue]:
        org = self.org
        cfg = org.config
        anchor = _epoch(cfg.anchor)  # type: ignore[arg-type]
        span = cfg.history_days * 86400
        total = round(cfg.incidents * BACKGROUND_PER_INCIDENT)
        rng = random.Random(f"{self.seed}:sentry:background")
        out = []
        for k in range(total):
            service = org.services[rng.randrange(len(org.services))]
            # Denser towards the present (as incidents are), some still to come.
            first = anchor - span + int(span * 1.2 * math.sqrt(rng.random()))
            iid = 3_000_000_000 + k
            issue = self._new_issue(iid, service, None, rng)
            prng = random.Random(issue.seed)
            t = first
            for b in range(1 + min(int(prng.expovariate(0.45)), 8)):
                dur = int(_lognorm(prng, 1800, 1.0))
                gap = _lognorm(prng, 75, 0.6)
                issue.bursts.append(Burst(t, t + dur, gap, f"{issue.seed}:b{b}"))
                issue.actions.append(self._draw_action(prng, background=True))
                t = t + dur + int(prng.expovariate(1 / (12 * 86400))) + 600
            issue.assign_delay, issue.assignee = self._draw_assignee(prng, service)
            out.append(issue)
        return out

    def _new_issue(
        self, iid: int, service: Service, incident: Incident | None, rng: random.Random
    ) -> SIssue:
        error = _ERRORS[rng.randrange(len(_ERRORS))]
        deps = [s.slug for s in self.org.services if s is not service] or [service.slug]
        dep = deps[rng.randrange(len(deps))]
        etype, value, level = error
        module = service.slug.replace("-", "_")
        func = _FUNCS[rng.randrange(len(_FUNCS))]
        return SIssue(
            id=iid,
            project=service,
            incident=incident,
            error=(etype, value.format(dep=dep, slug=service.slug), level),
            culprit=f"{module}.handlers in {func}",
            seed=f"{self.seed}:sentry:issue:{iid}",
        )

    @staticmethod
    def _draw_action(rng: random.Random, *, background: bool) -> tuple[str, int]:
        r = rng.random()
        resolve = 0.5 if background else 0.85
        if r < resolve:
            return "resolve", int(_lognorm(rng, 7200, 1.0))
        if r < resolve + 0.1:
            return "ignore", int(_lognorm(rng, 3600, 1.0))
        return "none", 0

    @staticmethod
    def _draw_assignee(rng: random.Random, service: Service) -> tuple[int | None, User | None]:
        if rng.random() < 0.6:  # noqa: PLR2004
            responders = service.team.responders()
            return int(_lognorm(rng, 1200, 1.0)), responders[rng.randrange(len(responders))]
        return None, None

    def spike_issues(self) -> list[SIssue]:
        """Issues raised by incidents (created with the incident, fire until resolution)."""
        out = []
        for inc in self.org.incidents:
            for j in range(ISSUES_PER_INCIDENT):
                key = (inc.number, j)
                issue = self._spike.get(key)
                plan_key = inc.resolved_at
                if issue is None or issue.plan_key != plan_key:
                    issue = self._plan_spike(inc, j)
                    self._spike[key] = issue
                out.append(issue)
        return out

    def _plan_spike(self, inc: Incident, j: int) -> SIssue:
        iid = 1_000_000_000 + inc.number * 8 + j
        rng = random.Random(f"{self.seed}:sentry:spike:{inc.key}:{j}")
        issue = self._new_issue(iid, inc.service, inc, rng)
        issue.seed = f"{self.seed}:sentry:issue:{inc.key}:{j}"
        issue.plan_key = inc.resolved_at
        prng = random.Random(issue.seed)
        lead = prng.randrange(0, 300)
        start = _epoch(inc.created_at) - lead + j * prng.randrange(0, 120)
        gap = _lognorm(prng, 150 if inc.urgency == "high" else 600, 0.5)
        tail = prng.randrange(60, 900)
        issue.assign_delay, issue.assignee = self._draw_assignee(prng, inc.service)
        if inc.resolved_at is None:
            issue.bursts.append(Burst(start, None, gap, f"{issue.seed}:b0"))
            issue.actions.append(("none", 0))
            return issue
        end = max(start + 1, _epoch(inc.resolved_at) + tail)
        issue.bursts.append(Burst(start, end, gap, f"{issue.seed}:b0"))
        issue.actions.append(self._draw_action(prng, background=False))
        t = end
        for b in range(1, 4):
            if prng.random() >= 0.35:  # noqa: PLR2004 - about a third regress
                break
            t += int(prng.expovariate(1 / (15 * 86400))) + 3600
            dur = int(_lognorm(prng, 1200, 0.8))
            issue.bursts.append(Burst(t, t + dur, _lognorm(prng, 90, 0.5), f"{issue.seed}:b{b}"))
            issue.actions.append(self._draw_action(prng, background=False))
            t += dur
        return issue

    # ------------------------------------------------------------ issue state
    def state(self, issue: SIssue, now: int) -> IssueState | None:  # noqa: C901, PLR0912, PLR0915 - one lifecycle, read top to bottom
        """The issue as the API shows it at ``now`` (``None`` before its first event)."""
        if not issue.bursts or issue.bursts[0].start > now:
            return None
        first = issue.bursts[0].start
        acts: list[tuple[int, str, dict[str, Any], User | None]] = [(first, "first_seen", {}, None)]
        count = 0
        last = first
        status: str = "unresolved"
        substatus: str | None = "new"
        pending: tuple[str, int] | None = None  # action due at a time
        for i, burst in enumerate(issue.bursts):
            if burst.start > now:
                break
            if pending is not None:
                kind, at = pending
                if at < burst.start:
                    if kind == "resolve":
                        acts.append((at, "set_resolved", {}, issue.assignee))
                        status, substatus = "resolved", None
                    else:
                        acts.append(
                            (at, "set_ignored", {"ignoreUntilEscalating": True}, issue.assignee)
                        )
                        status, substatus = "ignored", "archived_until_escalating"
                pending = None
            if status == "resolved":
                acts.append((burst.start, "set_regression", {"version": ""}, None))
                status, substatus = "unresolved", "regressed"
            elif status == "ignored":
                acts.append((burst.start, "set_escalating", {"forecast": 10}, None))
                status, substatus = "unresolved", "escalating"
            times = burst.times(now)
            count += len(times)
            last = times[-1]
            action, delay = issue.actions[i]
            if burst.end is not None and burst.end <= now:
                if action != "none":
                    pending = (action, burst.end + delay)
                elif (triage := _triage_delay(issue, i)) is not None:
                    # Backlog triage: somebody resolves a long-idle issue, no new event.
                    pending = ("resolve", burst.end + triage)
        if pending is not None and pending[1] <= now:
            kind, at = pending
            if kind == "resolve":
                acts.append((at, "set_resolved", {}, issue.assignee))
                status, substatus = "resolved", None
            else:
                acts.append((at, "set_ignored", {"ignoreUntilEscalating": True}, issue.assignee))
                status, substatus = "ignored", "archived_until_escalating"
        if status == "unresolved" and substatus == "new" and now - first > 7 * 86400:
            substatus = "ongoing"
        assigned = None
        if issue.assignee is not None and issue.assign_delay is not None:
            at = first + issue.assign_delay
            if at <= now:
                assigned = issue.assignee
                data = {
                    "assignee": str(self.user_ids[issue.assignee.index]),
                    "assigneeEmail": issue.assignee.email,
                    "assigneeType": "user",
                }
                acts.append((at, "assigned", data, issue.assignee))
        acts.sort(key=lambda a: a[0])
        return IssueState(
            issue=issue,
            first_seen=first,
            last_seen=last,
            count=count,
            status=status,
            substatus=substatus,
            activity=acts,
            assigned=assigned,
            user_count=max(1, count // 3),
        )

    def event_times(self, issue: SIssue, now: int) -> list[tuple[int, int, int]]:
        """Every event of the issue up to ``now``: ``(time, burst, seq)``, oldest first."""
        out: list[tuple[int, int, int]] = []
        for b, burst in enumerate(issue.bursts):
            if burst.start > now:
                break
            out.extend((t, b, k) for k, t in enumerate(burst.times(now)))
        return out

    # --------------------------------------------------------------- releases
    def _releases(self) -> list[dict[str, Any]]:
        """Release plans: per project a release every few days, with deploys."""
        org = self.org
        cfg = org.config
        anchor = _epoch(cfg.anchor)  # type: ignore[arg-type]
        span = cfg.history_days * 86400
        out: list[dict[str, Any]] = []
        for s in org.services:
            rng = random.Random(f"{self.seed}:sentry:releases:{s.slug}")
            t = anchor - span + rng.randrange(0, 3 * 86400)
            minor, patch, n = 0, 0, 0
            while t < anchor + span:  # plans reach into the future; the clock reveals them
                n += 1
                if rng.random() < 0.15:  # noqa: PLR2004
                    minor, patch = minor + 1, 0
                else:
                    patch += 1
                deploys = []
                if rng.random() < 0.7:  # noqa: PLR2004
                    start = t + rng.randrange(300, 3600)
                    deploys.append(("staging", start, start + rng.randrange(60, 900)))
                if rng.random() < 0.9:  # noqa: PLR2004
                    start = t + rng.randrange(3600, 48 * 3600)
                    deploys.append(("production", start, start + rng.randrange(60, 1800)))
                out.append(
                    {
                        "id": self.project_ids[s.index] * 10_000 + n,
                        "service": s,
                        "version": f"{s.slug}@1.{minor}.{patch}",
                        "created": t,
                        "deploys": deploys,
                        "commits": rng.randrange(1, 25),
                    }
                )
                t += int(rng.expovariate(1 / (6 * 86400))) + 3600
        out.sort(key=lambda r: (r["created"], r["id"]))
        return out


# ================================================================ the API view


class SentryAPI:
    """Sentry's web API over an :class:`~reliability_sandbox.org.Org`.

    Attributes:
        prefix: Mount point in the sandbox's URL space.
        org: The world it serves.
        token: The API token accepted with every read scope.
    """

    prefix = "/sentry"

    def __init__(self, org: Org, token: str = DEFAULT_TOKEN) -> None:
        """Create the view (the Sentry world is derived lazily, then cached per version)."""
        self.org = org
        self.token = token
        self.tokens: dict[str, frozenset[str]] = {token: READ_SCOPES, **LIMITED_TOKENS}
        self._world: SentryWorld | None = None
        self._states_version: tuple[int, int] = (-1, -1)
        self._states: list[IssueState] = []
        self._by_id: dict[int, IssueState] = {}
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        org_p = r"/api/0/organizations/([^/]+)"
        self._routes: list[tuple[re.Pattern[str], str, Callable[..., Response]]] = [
            (re.compile(r"/api/0/organizations"), "org:read", self._list_orgs),
            (re.compile(org_p), "org:read", self._get_org),
            (re.compile(org_p + r"/projects"), "org:read", self._list_projects),
            (re.compile(org_p + r"/teams"), "org:read", self._list_teams),
            (re.compile(org_p + r"/issues"), "event:read", self._list_issues),
            (re.compile(org_p + r"/issues/(\d+)"), "event:read", self._get_issue),
            (re.compile(org_p + r"/issues/(\d+)/events"), "event:read", self._list_events),
            (re.compile(org_p + r"/releases"), "project:read", self._list_releases),
            (re.compile(org_p + r"/releases/([^/]+)/deploys"), "project:read", self._deploys),
            (
                re.compile(r"/api/0/projects/([^/]+)/([^/]+)/teams"),
                "project:read",
                self._project_teams,
            ),
        ]

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """Check ``Authorization: Bearer <token>``; 401 with Sentry's body if not."""
        header = request.headers.get("authorization", "")
        if not header:
            return None, Response.json(
                401, {"detail": "Authentication credentials were not provided."}
            )
        scheme, _, given = header.partition(" ")
        given = given.strip()
        if scheme.lower() != "bearer" or not any(
            hmac.compare_digest(given.encode(), t.encode()) for t in self.tokens
        ):
            return None, Response.json(401, {"detail": "Invalid token"})
        return given, None

    def handle(self, request: Request) -> Response:
        """Route and serve one authenticated request."""
        path = request.path.rstrip("/") or "/"
        token = request.headers.get("authorization", "").partition(" ")[2].strip()
        scopes = self.tokens.get(token, frozenset())
        try:
            for pattern, scope, func in self._routes:
                m = pattern.fullmatch(path)
                if m is None:
                    continue
                if request.method != "GET":
                    return Response.json(405, {"detail": f'Method "{request.method}" not allowed.'})
                groups = m.groups()
                if groups and unquote(groups[0]) not in (ORG_SLUG, str(self.world.org_id)):
                    raise ApiError(404, _DETAIL_NOT_FOUND)  # noqa: TRY301
                if scope not in scopes:
                    raise ApiError(403, _DETAIL_FORBIDDEN)  # noqa: TRY301
                return func(request, *groups[1:])
            raise ApiError(404, _DETAIL_NOT_FOUND)  # noqa: TRY301
        except ApiError as err:
            return Response.json(err.status, err.body)

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """``X-Sentry-Rate-Limit-*``: reset is the UTC epoch second the window resets."""
        return [
            (b"x-sentry-rate-limit-limit", b"%d" % limit),
            (b"x-sentry-rate-limit-remaining", b"%d" % remaining),
            (b"x-sentry-rate-limit-reset", b"%d" % (math.ceil(time.time()) + reset)),
            (b"x-sentry-rate-limit-concurrentlimit", b"%d" % CONCURRENT_LIMIT),
            (b"x-sentry-rate-limit-concurrentremaining", b"%d" % (CONCURRENT_LIMIT - 1)),
        ]

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """Sentry's 429 (the window's request limit was used up)."""
        detail = (
            "You are attempting to use this endpoint too frequently. "
            f"Limit is {limit} requests in 60 seconds"
        )
        resp = Response.json(429, {"detail": detail})
        resp.headers.extend(self.rate_limit_headers(limit, 0, max(reset, 1)))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as Sentry's JSON; 502/503 as the HTML its load balancer returns."""
        if status == 500:  # noqa: PLR2004
            return Response.json(
                500, {"detail": "Internal Error", "errorId": _hex32("err", time.time_ns())}
            )
        reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        html = f"<html><body><h1>{status} {reason}</h1></body></html>\n".encode()
        return Response(status, html, [(b"content-type", b"text/html")])

    # =================================================================== world
    @property
    def world(self) -> SentryWorld:
        """The derived Sentry world (built on first use)."""
        if self._world is None:
            self._world = SentryWorld(self.org)
        return self._world

    @property
    def now(self) -> int:
        """The org clock in epoch seconds."""
        return _epoch(self.org.now)

    def issue_states(self) -> list[IssueState]:
        """Every visible issue at the org clock, newest ``lastSeen`` first (cached)."""
        version = (self.org.version, len(self.org.incidents))
        if version != self._states_version:
            now = self.now
            world = self.world
            states = []
            for issue in (*world.spike_issues(), *world.background):
                st = world.state(issue, now)
                if st is not None:
                    states.append(st)
            states.sort(key=lambda s: (s.last_seen, s.issue.id), reverse=True)
            self._states = states
            self._by_id = {s.issue.id: s for s in states}
            self._states_version = version
            self._cache.clear()
        return self._states

    # ================================================================ objects
    def organization(self, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The organisation (the ``detailed=0`` shape)."""
        created = min(s.created_at for s in self.org.services) - timedelta(days=30)
        body: dict[str, Any] = {
            "avatar": {"avatarType": "letter_avatar", "avatarUuid": None},
            "dateCreated": _zms(_epoch(created)),
            "features": ["advanced-search", "issue-platform", "onboarding"],
            "hasAuthProvider": False,
            "id": str(self.world.org_id),
            "isEarlyAdopter": False,
            "allowMemberInvite": True,
            "allowMemberProjectCreation": True,
            "allowSuperuserAccess": False,
            "links": {"organizationUrl": WEB_BASE, "regionUrl": "https://us.sentry.io"},
            "name": ORG_NAME,
            "require2FA": False,
            "slug": ORG_SLUG,
            "status": {"id": "active", "name": "active"},
            # What the token's user may do, and the onboarding checklist (done long ago).
            "access": sorted(READ_SCOPES),
            "onboardingTasks": [],
        }
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["organization"]] = False
        return body

    def team_short(self, t: Team) -> dict[str, Any]:
        """A team as embedded in a project."""
        return {"id": str(self.world.team_ids[t.index]), "name": t.name, "slug": t.slug}

    def team(
        self, t: Team, *, detailed: bool = False, quirks: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """A team (``detailed=0`` shape; projects, external teams, org when detailed)."""
        created = min((s.created_at for s in t.services), default=self.org.now) - timedelta(days=10)
        out: dict[str, Any] = {
            "id": str(self.world.team_ids[t.index]),
            "slug": t.slug,
            "name": t.name,
            "dateCreated": _zms(_epoch(created)),
            "isMember": False,
            "teamRole": None,
            "flags": {"idp:provisioned": False},
            "access": sorted(READ_SCOPES),
            "hasAccess": True,
            "isPending": False,
            "memberCount": len(t.members),
            "avatar": {"avatarType": "letter_avatar", "avatarUuid": None, "avatarUrl": None},
        }
        if detailed:
            world = self.world
            out["projects"] = [
                self.team_project(s) for s in self.org.services if t in world.project_teams[s.index]
            ]
            out["externalTeams"] = []
            out["organization"] = self.organization()
        if "unknown_fields" in quirks:
            out[UNKNOWN_FIELDS["team"]] = None
        return out

    def project_short(self, s: Service) -> dict[str, Any]:
        """A project as embedded in issues."""
        return {
            "id": str(self.world.project_ids[s.index]),
            "name": s.name,
            "slug": s.slug,
            "platform": self.world.platforms[s.index],
        }

    def project(self, s: Service, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A project as ``/organizations/{org}/projects/`` lists it."""
        world = self.world
        teams = [self.team_short(t) for t in world.project_teams[s.index]]
        first_event = self._first_event_of(s)
        latest = self._latest_release_of(s)
        body: dict[str, Any] = {
            "slug": s.slug,
            "name": s.name,
            "dateCreated": _zms(_epoch(s.created_at)),
            "firstEvent": _zms(first_event) if first_event else None,
            "access": sorted(READ_SCOPES),
            "hasAccess": True,
            "id": str(world.project_ids[s.index]),
            "isBookmarked": False,
            "isMember": True,
            "platform": world.platforms[s.index],
            "platforms": [world.platforms[s.index]],
            "team": teams[0],
            "teams": teams,
            "environments": ["production", "staging"],
            "features": ["releases"],
            "firstTransactionEvent": False,
            "hasSessions": False,
            "hasProfiles": False,
            "hasReplays": False,
            "hasFlags": False,
            "hasMinifiedStackTrace": False,
            "hasMonitors": False,
            "hasFeedbacks": False,
            "hasNewFeedbacks": False,
            "hasUserReports": False,
            # The organisation sends errors and deploys only: no insight module has data.
            **dict.fromkeys(_INSIGHT_FLAGS, False),
            "latestRelease": {"version": latest} if latest else None,
            "latestDeploys": self._latest_deploys_of(s),
            # Sentry always expands `options`, with the ones the request named (none).
            "options": {},
        }
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["project"]] = "#3f70bf"
        return body

    def team_project(self, s: Service) -> dict[str, Any]:
        """A project as a detailed team embeds it (no teams, plus avatar and colour)."""
        body = self.project(s)
        for key in ("team", "teams", "environments", "platforms", "hasUserReports"):
            body.pop(key)
        for key in ("latestRelease", "latestDeploys", "options"):
            body.pop(key)
        body.update(
            {
                "isInternal": False,
                "isPublic": False,
                "avatar": {"avatarType": "letter_avatar", "avatarUuid": None, "avatarUrl": None},
                "color": "#3f70bf",
                "status": "active",
            }
        )
        return body

    def _latest_deploys_of(self, s: Service) -> dict[str, dict[str, str]] | None:
        """The latest finished deploy per environment (``{env: {version, dateFinished}}``)."""
        now = self.now
        latest: dict[str, tuple[int, str]] = {}
        for r in self.world.releases:
            if r["service"] is not s or r["created"] > now:
                continue
            for env, _start, finish in r["deploys"]:
                if finish <= now and (env not in latest or finish >= latest[env][0]):
                    latest[env] = (finish, r["version"])
        if not latest:
            return None
        return {
            env: {"version": version, "dateFinished": _zms(finish)}
            for env, (finish, version) in sorted(latest.items())
        }

    def _first_event_of(self, s: Service) -> int | None:
        key = ("first_event", s.index)
        cached = self._cache_get(key)
        if cached is None:
            firsts = [st.first_seen for st in self.issue_states() if st.issue.project is s]
            cached = (min(firsts) if firsts else None,)
            self._cache_put(key, cached)
        return cached[0]

    def _latest_release_of(self, s: Service) -> str | None:
        now = self.now
        latest = None
        for r in self.world.releases:
            if r["service"] is s and r["created"] <= now:
                latest = r["version"]
        return latest

    def user(self, u: User) -> dict[str, Any]:
        """A user as Sentry embeds it (activity authors, ``assignedTo``)."""
        return {
            "id": str(self.world.user_ids[u.index]),
            "name": u.name,
            "username": u.email,
            "email": u.email,
            "avatarUrl": None,
            "isActive": True,
        }

    def issue(
        self,
        st: IssueState,
        *,
        collapse: Sequence[str] = (),
        quirks: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """An issue as the org issues endpoint lists it.

        Sentry's serializer drops ``stats``, ``lifetime``, ``filtered`` and
        ``sessionCount`` under ``collapse=stats`` (and each under its own ``collapse``
        value), as this does. The fields the list document marks required although
        Sentry sends them only on ``expand=`` (``inbox``, ``owners``, ``integrationIssues``,
        ``sentryAppIssues``, ``latestEventHasAttachments``, ``sessionCount``) or for an
        event-id lookup (``matchingEvent*``) are served always, as documented; ``owners``
        is a list, as Sentry's serializer and its issue-details document have it (the list
        document says one object: a declared deviation).
        """
        issue = st.issue
        s = issue.project
        world = self.world
        etype, value, level = issue.error
        slug_up = s.slug.upper()
        # Unique within the organization, as Sentry guarantees (ids are unique, so is this).
        short = f"{slug_up}-{_b36(issue.id)}"
        body: dict[str, Any] = {
            "annotations": [],
            "assignedTo": None
            if st.assigned is None
            else {
                "type": "user",
                "id": str(world.user_ids[st.assigned.index]),
                "name": st.assigned.name,
                "email": st.assigned.email,
            },
            "count": str(st.count),
            "culprit": issue.culprit,
            "firstSeen": _z(st.first_seen),
            "hasSeen": st.assigned is not None,
            "id": str(issue.id),
            "isBookmarked": False,
            "isPublic": False,
            "isSubscribed": st.assigned is not None,
            "lastSeen": _z(st.last_seen),
            "level": level,
            "logger": None,
            "metadata": {"type": etype, "value": value, "filename": f"{s.slug}/handlers.py"},
            "numComments": 0,
            "permalink": f"{WEB_BASE}/issues/{issue.id}/",
            "project": self.project_short(s),
            "shareId": None,
            "shortId": short,
            "status": st.status,
            "substatus": st.substatus,
            "statusDetails": {},
            "subscriptionDetails": None,
            "title": f"{etype}: {value}",
            "type": "error",
            "issueType": "error",
            "issueCategory": "error",
            "priority": "high" if level == "fatal" else "medium",
            "priorityLockedAt": None,
            "platform": world.platforms[s.index],
            "userCount": st.user_count,
            "seerFixabilityScore": None,
            "seerAutofixLastTriggered": None,
            "seerExplorerAutofixLastTriggered": None,
            "derivedData": {
                "blocker": "none",
                "progress": "not_started",
                "status": "closed" if st.status == "resolved" else "open",
                "viewCount": 0,
                "hasOpenFixPr": False,
                "isAssigned": st.assigned is not None,
                "hasRootCause": False,
                "lastCompletedAutofixStep": "none",
                "lastProgressedAt": None,
            },
            "inbox": self._inbox(st, quirks),
            "owners": self._owners(st, quirks),
            "integrationIssues": [],
            "sentryAppIssues": [],
            "latestEventHasAttachments": False,
            "matchingEventId": None,
            "matchingEventEnvironment": None,
        }
        if "stats" not in collapse:
            body["stats"] = {"24h": self._stats_24h(st)}
            if "lifetime" not in collapse:
                body["lifetime"] = {
                    "count": str(st.count),
                    "userCount": st.user_count,
                    "firstSeen": body["firstSeen"],
                    "lastSeen": body["lastSeen"],
                }
            if "filtered" not in collapse:
                body["filtered"] = None
            # The organisation sends no release-health sessions (hasSessions: false).
            body["sessionCount"] = None if "spec_nulls" in quirks else 0
        if "unhandled" not in collapse:
            body["isUnhandled"] = level == "fatal"
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["issue"]] = False
            if _picked("enum", issue.id, 4):
                body["priority"] = "critical"
                if st.status == "unresolved":
                    body["substatus"] = "needs_triage"
        return body

    def _inbox(self, st: IssueState, quirks: frozenset[str]) -> dict[str, Any] | None:
        """Why the issue is in the inbox (``GroupInboxReason``); ``None`` once it left it."""
        if st.status != "unresolved" and "spec_nulls" in quirks:
            return None  # what Sentry sends for an issue out of the inbox
        reason = _INBOX_REASONS.get(st.substatus or "", 6)
        since = max(
            (at for at, kind, _d, _u in st.activity if kind in _INBOX_ACTIVITY),
            default=st.first_seen,
        )
        return {"reason": reason, "reason_details": None, "date_added": _z(since)}

    def _owners(self, st: IssueState, quirks: frozenset[str]) -> list[dict[str, Any]] | None:
        """Suggested owners: the project's team by ownership rule, once somebody was assigned."""
        issue = st.issue
        if st.assigned is None or issue.assign_delay is None:
            return None if "spec_nulls" in quirks else []
        team = self.world.team_ids[issue.project.team.index]
        return [
            {
                "type": "ownershipRule",
                "owner": f"team:{team}",
                "date_added": _z(st.first_seen + issue.assign_delay),
            }
        ]

    def _stats_24h(self, st: IssueState) -> list[list[int]]:
        now = self.now
        end = now - now % 3600 + 3600
        buckets = [0] * 24
        if st.last_seen >= end - 24 * 3600:
            for t, _b, _k in self.world.event_times(st.issue, now):
                i = (t - (end - 24 * 3600)) // 3600
                if 0 <= i < 24:  # noqa: PLR2004
                    buckets[i] += 1
        return [[end - (24 - i) * 3600, n] for i, n in enumerate(buckets)]

    def activity(
        self, st: IssueState, quirks: frozenset[str] = frozenset()
    ) -> list[dict[str, Any]]:
        """The issue's activity, newest first, at most the 100 newest (as Sentry caps it)."""
        out = []
        for seq, (at, kind, data, user) in enumerate(st.activity):
            entry = {
                "id": str(st.issue.id * 1000 + seq),
                "type": kind,
                "data": data,
                "dateCreated": _z(at),
                "user": None if user is None else self.user(user),
            }
            if "unknown_fields" in quirks:
                entry[UNKNOWN_FIELDS["activity"]] = None
            out.append(entry)
        out.reverse()
        return out[:MAX_ACTIVITY]

    def issue_detail(
        self,
        st: IssueState,
        *,
        collapse: Sequence[str] = (),
        quirks: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """An issue as the issue details endpoint returns it.

        ``collapse`` takes ``stats``, ``tags`` and ``release`` (as Sentry's); the fields
        Sentry adds only on ``expand=`` are left out (the details document does not
        require them), as are the list's aggregates.
        """
        body = self.issue(st, collapse=("stats",), quirks=quirks)
        for key in _LIST_ONLY_ISSUE_FIELDS:
            body.pop(key, None)
        body.update(
            {
                "activity": self.activity(st, quirks),
                "seenBy": [],
                "participants": [] if st.assigned is None else [self.user(st.assigned)],
                "userReportCount": 0,
            }
        )
        if "release" not in collapse:
            body["firstRelease"] = None
            body["lastRelease"] = None
        if "tags" not in collapse:
            body["tags"] = []
        if "stats" not in collapse:
            body["stats"] = {"24h": self._stats_24h(st)}
        return body

    def events(self, st: IssueState) -> list[tuple[int, int, int]]:
        """The issue's events served now: within retention, newest first."""
        now = self.now
        floor = now - int(RETENTION.total_seconds())
        times = [e for e in self.world.event_times(st.issue, now) if e[0] >= floor]
        times.reverse()
        return times

    def event(
        self,
        st: IssueState,
        ev: tuple[int, int, int],
        *,
        full: bool,
        quirks: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """One event as the issue events endpoint lists it.

        Without ``full`` Sentry's simple serializer (the list document's shape); with
        ``full=true`` its full event serializer, which the list document does not
        describe: ``type`` instead of ``event.type``, the body (``entries``, ``contexts``,
        ``sdk``, ...), no ``environment`` or ``release`` (those are tags); the
        issue-event details document describes it, less the fields only that endpoint
        adds (``release``, ``userReport``, ``sdkUpdates``, ``resolvedWith``,
        ``nextEventID``, ``previousEventID``).
        """
        t, b, k = ev
        issue = st.issue
        s = issue.project
        etype, value, level = issue.error
        eid = _hex32(self.world.seed, issue.id, b, k)
        h = int(eid[:8], 16)
        env = _ENVIRONMENTS[h % len(_ENVIRONMENTS)]
        user_n = h % max(1, st.user_count)
        release = self._release_at(s, t)
        tags = [
            {"key": "environment", "value": env},
            {"key": "level", "value": level},
            {"key": "server_name", "value": f"{s.slug}-{h % 7}"},
        ]
        if release:
            tags.append({"key": "release", "value": release})
        user = {
            "id": str(user_n),
            "email": None,
            "username": None,
            "ip_address": None,
            "name": None,
            "geo": None,
            "data": None,
        }
        platform = self.world.platforms[s.index]
        if not full:
            body: dict[str, Any] = {
                "id": eid,
                "event.type": "error",
                "groupID": str(issue.id),
                "eventID": eid,
                "projectID": str(self.world.project_ids[s.index]),
                "message": "",
                "title": f"{etype}: {value}",
                "location": f"{s.slug}/handlers.py",
                "culprit": issue.culprit,
                "user": user,
                "tags": tags,
                "platform": platform,
                "dateCreated": _z(t),
                "crashFile": None,
                "metadata": {"type": etype, "value": value},
            }
        else:
            exception = {
                "type": etype,
                "value": value,
                "module": s.slug.replace("-", "_"),
                "mechanism": {"type": "generic", "handled": level != "fatal"},
                "stacktrace": None,
            }
            body = {
                "id": eid,
                "groupID": str(issue.id),
                "eventID": eid,
                "projectID": str(self.world.project_ids[s.index]),
                "size": 2000 + h % 6000,
                "entries": [{"type": "exception", "data": {"values": [exception]}}],
                "dist": None,
                "message": "",
                "title": f"{etype}: {value}",
                "location": f"{s.slug}/handlers.py",
                "user": user,
                "contexts": {"runtime": {"name": platform, "type": "runtime"}},
                "sdk": {"name": f"sentry.{platform}", "version": "2.19.0"},
                "context": {},
                "packages": {},
                "type": "error",
                "metadata": {"type": etype, "value": value},
                "tags": tags,
                "platform": platform,
                "dateReceived": _zms(t + 1),
                "errors": [],
                "occurrence": None,
                "_meta": {
                    "entries": {},
                    "message": None,
                    "user": None,
                    "contexts": None,
                    "sdk": None,
                    "context": None,
                    "packages": None,
                    "tags": {},
                },
                "crashFile": None,
                "culprit": issue.culprit,
                "dateCreated": _z(t),
                "fingerprints": [_hex32("fingerprint", issue.id)],
                "groupingConfig": {"id": "newstyle:2023-01-11", "enhancements": "eJybzDRxY3J"},
            }
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["event"]] = _hex32("trace", issue.id, b)
        return body

    def _release_at(self, s: Service, t: int) -> str | None:
        key = ("releases_of", s.index)
        rel = self._cache_get(key)
        if rel is None:
            rel = [(r["created"], r["version"]) for r in self.world.releases if r["service"] is s]
            self._cache_put(key, rel)
        version = None
        for created, v in rel:
            if created > t:
                break
            version = v
        return version

    def release(self, r: dict[str, Any], quirks: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A release as the org releases endpoint lists it.

        With ``spec_nulls`` some releases have ``commitCount: null`` (Sentry's column is
        nullable: a release created without commits) and a deploy created without a
        name gives ``lastDeploy.name: null`` (the deploys document allows it, the
        releases document does not): declared deviations.
        """
        now = self.now
        s: Service = r["service"]
        deploys = [d for d in self._deploys_of(r, quirks) if d["_finished"] <= now]
        last = deploys[-1] if deploys else None
        package, _, version = r["version"].partition("@")
        major, minor, patch = (int(x) for x in version.split("."))
        body = {
            "id": r["id"],
            "version": r["version"],
            "shortVersion": r["version"],
            "status": "open",
            "versionInfo": {
                "package": package,
                "version": {
                    "raw": version,
                    "major": major,
                    "minor": minor,
                    "patch": patch,
                    "pre": None,
                    "buildCode": None,
                    "components": 3,
                },
                "description": version,
                "buildHash": None,
            },
            "ref": None,
            "url": None,
            "dateReleased": _zms(deploys[0]["_finished"]) if deploys else None,
            "dateCreated": _zms(r["created"]),
            "data": {},
            "newGroups": 0,
            "owner": None,
            "commitCount": r["commits"],
            "lastCommit": None,
            "deployCount": len(deploys),
            "lastDeploy": None if last is None else self._public_deploy(last),
            "authors": [],
            "projects": [
                {
                    "id": int(self.world.project_ids[s.index]),
                    "slug": s.slug,
                    "name": s.name,
                    "newGroups": 0,
                    "platform": self.world.platforms[s.index],
                    "platforms": [self.world.platforms[s.index]],
                    "hasHealthData": False,
                }
            ],
            "firstEvent": None,
            "lastEvent": None,
            "currentProjectMeta": {},
            "userAgent": None,
        }
        if "spec_nulls" in quirks and _picked("commits", r["version"], 4):
            body["commitCount"] = None
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["release"]] = None
        return body

    def _deploys_of(
        self, r: dict[str, Any], quirks: frozenset[str] = frozenset()
    ) -> list[dict[str, Any]]:
        out = []
        for n, (env, start, finish) in enumerate(r["deploys"]):
            deploy_id = str(r["id"] * 10 + n)
            unnamed = "spec_nulls" in quirks and _picked("deploy", deploy_id, 3)
            deploy: dict[str, Any] = {
                "id": deploy_id,
                "environment": env,
                "dateStarted": _zms(start),
                "dateFinished": _zms(finish),
                "name": None if unnamed else f"{r['version']} to {env}",
                "url": None,
                "_finished": finish,
            }
            if "unknown_fields" in quirks:
                deploy[UNKNOWN_FIELDS["deploy"]] = []
            out.append(deploy)
        return out

    def served_deploys(
        self, r: dict[str, Any], quirks: frozenset[str] = frozenset()
    ) -> list[dict[str, Any]]:
        """A release's finished deploys as its deploys endpoint lists them, newest first."""
        now = self.now
        return [
            self._public_deploy(d)
            for d in reversed(self._deploys_of(r, quirks))
            if d["_finished"] <= now
        ]

    @staticmethod
    def _public_deploy(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if not k.startswith("_")}

    def visible_releases(self) -> list[dict[str, Any]]:
        """Releases created by the org clock, newest first (the API's order)."""
        now = self.now
        return [r for r in reversed(self.world.releases) if r["created"] <= now]

    # ================================================================== truth
    def truth(self, quirks: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
        """Exactly what the API serves, with the parameters a complete reader uses.

        ``issues`` is every issue of every status (``query=``, nothing collapsed),
        newest ``lastSeen`` first; ``issue_events`` (events within retention, newest
        first, not ``full``) and ``issue_activity`` (newest first) are keyed by issue
        id; ``release_deploys`` by release version; ``project_teams`` by project slug.
        With ``quirks``, the bodies carry what those quirks change (unknown fields,
        nulls) and the children that vanish are empty (the server answers 404); the
        order and repetitions of ``short_pages`` and ``unsorted`` are not reproduced.
        """
        quirks = frozenset(quirks)
        org = self.org
        states = self.issue_states()
        gone_issues, gone_releases = self.vanished(quirks)
        releases = self.visible_releases()
        return {
            "organizations": [self.organization(quirks)],
            "projects": [self.project(s, quirks) for s in self._sorted_services()],
            "teams": [self.team(t, quirks=quirks) for t in self._sorted_teams()],
            "project_teams": {
                s.slug: [self.team(t, quirks=quirks) for t in self.world.project_teams[s.index]]
                for s in org.services
            },
            "issues": [self.issue(st, quirks=quirks) for st in states],
            "issue_events": {
                str(st.issue.id): []
                if st.issue.id in gone_issues
                else [self.event(st, e, full=False, quirks=quirks) for e in self.events(st)]
                for st in states
            },
            "issue_activity": {
                str(st.issue.id): [] if st.issue.id in gone_issues else self.activity(st, quirks)
                for st in states
            },
            "releases": [self.release(r, quirks) for r in releases],
            "release_deploys": {
                r["version"]: []
                if r["version"] in gone_releases
                else self.served_deploys(r, quirks)
                for r in releases
            },
        }

    def vanished(self, quirks: frozenset[str] | set[str]) -> tuple[frozenset[int], frozenset[str]]:
        """Issues and releases whose children are gone under ``vanished_children``.

        Two recently seen issues (deleted or merged after the issue list was read: their
        details and events answer 404) and the newest release with a deploy (its deploys
        answer 404); they are still listed.
        """
        if "vanished_children" not in quirks:
            return frozenset(), frozenset()
        states = self.issue_states()
        issues = frozenset(st.issue.id for st in states[1:4:2])
        now = self.now
        deployed = [
            r["version"]
            for r in self.visible_releases()
            if any(finish <= now for _env, _start, finish in r["deploys"])
        ]
        return issues, frozenset(deployed[:1])

    # ================================================================ caching
    def _cache_get(self, key: tuple[Any, ...]) -> Any:  # noqa: ANN401
        self.issue_states()  # invalidates the cache on a new version
        value = self._cache.get(key)
        if value is not None:
            self._cache.move_to_end(key)
        return value

    def _cache_put(self, key: tuple[Any, ...], value: Any) -> None:  # noqa: ANN401
        self._cache[key] = value
        while len(self._cache) > 256:  # noqa: PLR2004
            self._cache.popitem(last=False)

    # ============================================================= pagination
    def _link(self, req: Request, cursor: str, rel: str, *, results: bool) -> str:
        params = [(k, v) for k, vs in req.query.items() if k != "cursor" for v in vs]
        host = req.headers.get("host", "127.0.0.1")
        qs = urlencode(params)
        url = f"http://{host}{self.prefix}{req.path}?{qs}&cursor={cursor}"
        flag = "true" if results else "false"
        return f'<{url}>; rel="{rel}"; results="{flag}"; cursor="{cursor}"'

    @staticmethod
    def _per_page(req: Request, name: str = "per_page", *, strict: bool = True) -> int:
        raw = req.arg(name)
        if raw is None or raw == "":
            return MAX_PER_PAGE
        try:
            n = int(raw)
        except ValueError:
            raise ApiError(400, f"Invalid {name} parameter.") from None
        if strict and n > MAX_PER_PAGE:
            raise ApiError(400, f"Invalid {name} parameter. Max allowed value is 100.")
        return min(max(n, 1), MAX_PER_PAGE)

    @staticmethod
    def _cursor(req: Request) -> tuple[int, int, bool]:
        raw = req.arg("cursor")
        if not raw:
            return 0, 0, False
        parts = raw.split(":")
        try:
            if len(parts) != 3:  # noqa: PLR2004
                raise ValueError  # noqa: TRY301
            value, offset, is_prev = int(parts[0]), int(parts[1]), int(parts[2])
            if offset < 0 or is_prev not in (0, 1):
                raise ValueError  # noqa: TRY301
        except ValueError:
            raise ApiError(400, "Invalid cursor parameter.") from None
        return value, offset, bool(is_prev)

    def _page_offset(
        self,
        req: Request,
        items: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        limit: int,
        deviate: Callable[[str, dict[str, Any]], list[str]] | None = None,
    ) -> Response:
        """Offset cursors (``0:<offset>:<is_prev>``), as Sentry's OffsetPaginator."""
        _value, offset, is_prev = self._cursor(req)
        limit = _page_size(req, limit, offset)
        if is_prev:
            offset = max(0, offset - limit)
        window = items[offset : offset + limit]
        prev_c = f"0:{max(0, offset - limit) if offset else 0}:1"
        next_c = f"0:{offset + limit}:0"
        link = ", ".join(
            (
                self._link(req, prev_c, "previous", results=offset > 0),
                self._link(req, next_c, "next", results=offset + limit < len(items)),
            )
        )
        return self._page(req, items, offset, window, render, link=link, deviate=deviate)

    def _page_keyed(  # noqa: PLR0913 - a paginator's inputs
        self,
        req: Request,
        items: Sequence[Any],
        key: Callable[[Any], int],
        render: Callable[[Any], dict[str, Any]],
        *,
        limit: int,
        deviate: Callable[[str, dict[str, Any]], list[str]] | None = None,
    ) -> Response:
        """Value cursors (``<sort value>:<offset>:<is_prev>``) over a descending key."""
        value, offset, is_prev = self._cursor(req)
        keys = self._cache_get(("keys", id(items)))
        if keys is None or len(keys) != len(items):
            keys = [-key(x) for x in items]  # ascending, for bisect
            self._cache_put(("keys", id(items)), keys)
        n = len(items)
        if not req.arg("cursor"):
            start = 0
        elif is_prev:
            # Items strictly before the cursor position, then step back one page.
            end = _bisect_left(keys, -value) + offset
            start = max(0, end - limit)
        else:
            start = min(n, _bisect_left(keys, -value) + offset)
        limit = _page_size(req, limit, start)
        window = items[start : start + limit]
        if window:
            last_key = key(window[-1])
            same = sum(1 for x in window if key(x) == last_key)
            first_key = key(window[0])
            if same == len(window) and req.arg("cursor") and not is_prev and value == last_key:
                same += offset
            next_c = f"{last_key}:{same}:0"
            before = start - _bisect_left(keys, -first_key)
            prev_c = f"{first_key}:{before}:1"
        else:
            next_c = f"{value}:{offset}:0"
            prev_c = f"{value}:{offset}:1"
        link = ", ".join(
            (
                self._link(req, prev_c, "previous", results=start > 0),
                self._link(req, next_c, "next", results=start + len(window) < n),
            )
        )
        return self._page(req, items, start, window, render, link=link, deviate=deviate)

    @staticmethod
    def _page(  # noqa: PLR0913 - one page's parts
        req: Request,
        items: Sequence[Any],
        start: int,
        window: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        link: str,
        deviate: Callable[[str, dict[str, Any]], list[str]] | None,
    ) -> Response:
        """One page's body; ``unsorted`` shuffles it and repeats the previous page's last row.

        The cursors are those of the window in order, so a client that follows them
        and keeps every row (deduplicated) loses nothing whatever the shown order.
        """
        shown = list(window)
        if "unsorted" in req.quirks and shown:
            if start > 0:
                shown.append(items[start - 1])
            random.Random(f"{req.path}:{start}:{len(items)}").shuffle(shown)
        bodies = [render(x) for x in shown]
        deviations: tuple[str, ...] = ()
        if deviate is not None:
            deviations = tuple(
                d for i, body in enumerate(bodies) for d in deviate(f"response[{i}]", body)
            )
        return Response(
            200, dumps(bodies), [*_json_headers(), (b"link", link.encode())], deviations
        )

    # ============================================================== endpoints
    def _sorted_services(self) -> list[Service]:
        return sorted(self.org.services, key=lambda s: s.slug)

    def _sorted_teams(self) -> list[Team]:
        return sorted(self.org.teams, key=lambda t: t.slug)

    def _list_orgs(self, req: Request) -> Response:
        return self._page_offset(
            req, [0], lambda _x: self.organization(req.quirks), limit=self._per_page(req)
        )

    def _get_org(self, req: Request) -> Response:
        return Response.json(200, self.organization(req.quirks))

    def _list_projects(self, req: Request) -> Response:
        items = self._sorted_services()
        q = (req.arg("query") or "").strip().lower()
        if q:
            items = [s for s in items if q in s.slug or q in s.name.lower()]
        return self._page_offset(
            req, items, lambda s: self.project(s, req.quirks), limit=self._per_page(req)
        )

    def _list_teams(self, req: Request) -> Response:
        detailed = req.arg("detailed") != "0"
        items = self._sorted_teams()
        q = (req.arg("query") or "").strip().lower()
        if q:
            items = [t for t in items if q in t.slug or q in t.name.lower()]
        return self._page_offset(
            req,
            items,
            lambda t: self.team(t, detailed=detailed, quirks=req.quirks),
            limit=self._per_page(req),
        )

    def _project_teams(self, req: Request, project: str) -> Response:
        service = self._find_project(unquote(project))
        teams = sorted(self.world.project_teams[service.index], key=lambda t: t.slug)
        return self._page_offset(
            req, teams, lambda t: self.team(t, quirks=req.quirks), limit=MAX_PER_PAGE
        )

    def _find_project(self, ref: str) -> Service:
        for s in self.org.services:
            if ref in (s.slug, str(self.world.project_ids[s.index])):
                return s
        raise ApiError(404, _DETAIL_NOT_FOUND)

    def _date_range(self, req: Request) -> tuple[int | None, int | None]:
        period = req.arg("statsPeriod")
        now = self.now
        if period:
            m = re.fullmatch(r"(\d+)([smhdw])", period)
            if m is None:
                raise ApiError(400, f"Invalid statsPeriod: {period!r}")
            unit = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[m.group(2)]
            return now - int(m.group(1)) * unit, None
        start, end = req.arg("start"), req.arg("end")
        if bool(start) != bool(end):
            raise ApiError(400, "start and end are both required")
        if not start or not end:
            return None, None
        lo, hi = _parse_when(start), _parse_when(end)
        if lo > hi:
            raise ApiError(400, "start must be before end")
        return lo, hi

    def _list_issues(self, req: Request) -> Response:  # noqa: C901
        states = self.issue_states()
        query = req.arg("query")
        if query is None:
            query = "is:unresolved"  # Sentry's default: only unresolved issues
        preds = _parse_query(query)
        lo, hi = self._date_range(req)
        projects = {p for p in req.args("project") if p and p != "-1"}
        if projects:
            ids = set()
            for ref in projects:
                ids.add(self._find_project(ref).index)
        sort = req.arg("sort") or "date"
        if sort not in ("date", "new", "freq"):
            raise ApiError(400, f"Invalid sort: {sort!r}")
        limit = self._per_page(req, "limit", strict=False)
        collapse = tuple(req.args("collapse"))

        def keep(st: IssueState) -> bool:
            if lo is not None and st.last_seen < lo:
                return False
            if hi is not None and st.first_seen > hi:
                return False
            if projects and st.issue.project.index not in ids:
                return False
            return all(p(st) for p in preds)

        cache_key = ("issues", query, lo, hi, tuple(sorted(projects)), sort)
        items = self._cache_get(cache_key)
        if items is None:
            items = [st for st in states if keep(st)]
            if sort == "new":
                items.sort(key=lambda s: (s.first_seen, s.issue.id), reverse=True)
            elif sort == "freq":
                items.sort(key=lambda s: (s.count, s.issue.id), reverse=True)
            self._cache_put(cache_key, items)
        key: Callable[[IssueState], int] = {
            "date": lambda s: s.last_seen * 1000,
            "new": lambda s: s.first_seen * 1000,
            "freq": lambda s: s.count,
        }[sort]
        return self._page_keyed(
            req,
            items,
            key,
            lambda st: self.issue(st, collapse=collapse, quirks=req.quirks),
            limit=limit,
            deviate=_issue_deviations,
        )

    def _find_issue(self, iid: str, quirks: frozenset[str] = frozenset()) -> IssueState:
        self.issue_states()
        st = self._by_id.get(int(iid))
        if st is None or st.issue.id in self.vanished(quirks)[0]:
            raise ApiError(404, _DETAIL_NOT_FOUND)
        return st

    def _get_issue(self, req: Request, iid: str) -> Response:
        st = self._find_issue(iid, req.quirks)
        body = self.issue_detail(st, collapse=tuple(req.args("collapse")), quirks=req.quirks)
        return Response(200, dumps(body), deviations=tuple(_issue_deviations("response", body)))

    def _list_events(self, req: Request, iid: str) -> Response:
        st = self._find_issue(iid, req.quirks)
        lo, hi = self._date_range(req)
        full = (req.arg("full") or "").lower() in ("1", "true")
        events = self.events(st)
        if lo is not None or hi is not None:
            events = [
                e for e in events if (lo is None or e[0] >= lo) and (hi is None or e[0] <= hi)
            ]
        if (req.arg("sample") or "").lower() in ("1", "true"):
            events = sorted(events, key=lambda e: _hex32("sample", st.issue.id, e[1], e[2]))
        return self._page_offset(
            req,
            events,
            lambda e: self.event(st, e, full=full, quirks=req.quirks),
            limit=self._per_page(req),
            # The list document describes the simple body only: a full body departs
            # from it as a whole (tests check it against the event-details document).
            deviate=(lambda where, _body: [where]) if full else None,
        )

    def _list_releases(self, req: Request) -> Response:
        items = self.visible_releases()
        projects = {p for p in req.args("project") if p and p != "-1"}
        if projects:
            idx = {self._find_project(p).index for p in projects}
            items = [r for r in items if r["service"].index in idx]
        q = (req.arg("query") or "").strip().lower()
        if q:
            items = [r for r in items if q in r["version"].lower()]
        return self._page_offset(
            req,
            items,
            lambda r: self.release(r, req.quirks),
            limit=self._per_page(req),
            deviate=_release_deviations,
        )

    def _deploys(self, req: Request, version: str) -> Response:
        version = unquote(version)
        for r in self.visible_releases():
            if r["version"] == version:
                if version in self.vanished(req.quirks)[1]:
                    break  # deleted after the releases list was read
                deploys = self.served_deploys(r, req.quirks)
                # Sentry pages deploys with its default page size (no `per_page`).
                return self._page_offset(req, deploys, lambda d: d, limit=MAX_PER_PAGE)
        raise ApiError(404, _DETAIL_NOT_FOUND)

    def release_path(self, version: str) -> str:
        """URL path of a release's deploys (the version percent-encoded)."""
        return f"/api/0/organizations/{ORG_SLUG}/releases/{quote(version, safe='')}/deploys/"


# ============================================================== helpers

#: Fields the vendor's documents do not list yet, one per object (``unknown_fields``).
UNKNOWN_FIELDS = {
    "organization": "isDynamicallySampled",
    "team": "orgRole",
    "project": "color",
    "issue": "hasPendingAutofix",
    "activity": "sentry_app",
    "event": "trace",
    "release": "buildNumber",
    "deploy": "projects",
}
#: The project flags of Sentry's insight modules (the list document requires them).
_INSIGHT_FLAGS = (
    "hasInsightsHttp",
    "hasInsightsDb",
    "hasInsightsAssets",
    "hasInsightsAppStart",
    "hasInsightsScreenLoad",
    "hasInsightsVitals",
    "hasInsightsCaches",
    "hasInsightsQueues",
    "hasInsightsAgentMonitoring",
    "hasInsightsMCP",
    "hasLogs",
    "hasTraceMetrics",
)
#: Sentry's GroupInboxReason by substatus (NEW 0, REGRESSION 2, ESCALATING 5, ONGOING 6).
_INBOX_REASONS = {"new": 0, "regressed": 2, "escalating": 5, "ongoing": 6}
_INBOX_ACTIVITY = frozenset({"first_seen", "set_regression", "set_escalating"})
#: What the issue list adds that the issue details endpoint does not send.
_LIST_ONLY_ISSUE_FIELDS = (
    "lifetime",
    "filtered",
    "sessionCount",
    "matchingEventId",
    "matchingEventEnvironment",
    "inbox",
    "owners",
    "integrationIssues",
    "sentryAppIssues",
    "latestEventHasAttachments",
    "derivedData",
)
#: The enum values the issue documents list (``None`` included).
_SUBSTATUSES = frozenset(
    {
        None,
        "archived_until_escalating",
        "archived_until_condition_met",
        "archived_forever",
        "escalating",
        "ongoing",
        "regressed",
        "new",
    }
)
_PRIORITIES = frozenset({None, "low", "medium", "high"})


def _picked(kind: str, key: object, every: int) -> bool:
    """A stable pseudo-random pick of about one in ``every`` objects."""
    return int(_hex32("quirk", kind, key)[:8], 16) % every == 0


def _page_size(req: Request, limit: int, start: int) -> int:
    """The page size served: ``short_pages`` caps it below what was asked (unevenly)."""
    if "short_pages" in req.quirks and limit > 1:
        return max(1, limit * 2 // 3 - start % 3)
    return limit


def _issue_deviations(where: str, body: dict[str, Any]) -> list[str]:
    """Where an issue departs from Sentry's documents on purpose (see SOURCES.md)."""
    out = []
    if "owners" in body:
        # A list of owners (or null): the issue-details document and Sentry's serializer
        # agree; the list document says one object.
        out.append(f"{where}.owners")
    if "inbox" in body and body["inbox"] is None:
        out.append(f"{where}.inbox")
    if "sessionCount" in body and body["sessionCount"] is None:
        out.append(f"{where}.sessionCount")
    if body.get("substatus") not in _SUBSTATUSES:
        out.append(f"{where}.substatus")
    if body.get("priority") not in _PRIORITIES:
        out.append(f"{where}.priority")
    return out


def _release_deviations(where: str, body: dict[str, Any]) -> list[str]:
    """Nulls a release carries where the releases document says a value is present."""
    out = []
    if body.get("commitCount", 0) is None:
        out.append(f"{where}.commitCount")
    if (body.get("lastDeploy") or {}).get("name", "") is None:
        out.append(f"{where}.lastDeploy.name")
    return out


def _triage_delay(issue: SIssue, burst: int) -> int | None:
    """Seconds after a burst left without action until a backlog triage resolves it.

    Half of such issues are triaged 20 to 60 days later; the draw has its own generator
    so that it changes nothing else the issue does.
    """
    rng = random.Random(f"{issue.seed}:triage:{burst}")
    if rng.random() < 0.5:  # noqa: PLR2004
        return None
    return rng.randint(20 * 86400, 60 * 86400)


def _json_headers() -> list[tuple[bytes, bytes]]:
    return [(b"content-type", b"application/json")]


def _b36(n: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = alphabet[r] + out
        if n == 0:
            return out


def _bisect_left(keys: list[int], x: int) -> int:
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _parse_when(value: str) -> int:
    text = value.strip().replace(" ", "+")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"{value!r} is not a valid ISO-8601 date-time") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return math.floor(dt.timestamp())


_STATUSES = {"unresolved", "resolved", "ignored", "archived"}
_OPS: dict[str, Callable[[int, int], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


def _has_word(word: str, st: IssueState) -> bool:
    return word in f"{st.issue.error[0]}: {st.issue.error[1]}".lower()


def _has_status(status: str, negate: bool, st: IssueState) -> bool:  # noqa: FBT001
    return (st.status == status) != negate


def _has_level(level: str, negate: bool, st: IssueState) -> bool:  # noqa: FBT001
    return (st.issue.error[2] == level) != negate


def _compare(
    attr: str,
    op: Callable[[int, int], bool],
    when: int,
    negate: bool,  # noqa: FBT001
    st: IssueState,
) -> bool:
    return op(getattr(st, attr), when) != negate


_CMP = re.compile(r"(>=|<=|>|<)?(.+)")


def _parse_query(query: str) -> list[Callable[[IssueState], bool]]:
    """Sentry issue search, the subset the sandbox knows.

    ``is:unresolved|resolved|ignored|archived`` (and ``!is:``), ``lastSeen:`` and
    ``firstSeen:`` with ``>``, ``>=``, ``<``, ``<=`` and an ISO-8601 date-time, ``level:``;
    words match the title. Any other ``key:value`` is an unsupported filter: 400.
    """
    preds: list[Callable[[IssueState], bool]] = []
    for token in query.split():
        negate = token.startswith("!")
        body = token[1:] if negate else token
        key, sep, value = body.partition(":")
        if not sep:
            word = token.lower()
            preds.append(functools.partial(_has_word, word))
            continue
        if key == "is":
            status = "ignored" if value == "archived" else value
            if value not in _STATUSES:
                raise ApiError(400, f"Invalid value for is: {value!r}")
            preds.append(functools.partial(_has_status, status, negate))
        elif key in ("lastSeen", "firstSeen"):
            m = _CMP.fullmatch(value)
            if m is None:
                raise ApiError(400, f"Invalid search query: {token!r}")
            op, when = m.group(1) or ">=", _parse_when(m.group(2))
            attr = "last_seen" if key == "lastSeen" else "first_seen"
            preds.append(functools.partial(_compare, attr, _OPS[op], when, negate))
        elif key == "level":
            preds.append(functools.partial(_has_level, value, negate))
        else:
            raise ApiError(400, f"Invalid search query: unsupported filter {key!r}")
    return preds
