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
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


@functools.lru_cache(maxsize=4096)
def _day_z(day: int) -> str:
    """``YYYY-MM-DDT`` of the UTC day ``day`` (days since the epoch)."""
    return datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%dT")


def _z(ts: int) -> str:
    # A page of issues formats a few timestamps per issue: the day from a cache, the time
    # by arithmetic (what `strftime` gives for whole seconds; anything else goes there).
    if type(ts) is not int:
        return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    day, sec = divmod(ts, 86400)
    hour, sec = divmod(sec, 3600)
    minute, sec = divmod(sec, 60)
    return f"{_day_z(day)}{hour:02d}:{minute:02d}:{sec:02d}Z"


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


def _triage_delay(issue: SIssue, burst: int) -> int | None:
    """Seconds after a burst left without action until a backlog triage resolves it.

    Half of such issues are triaged 20 to 60 days later; the draw has its own generator
    so that it changes nothing else the issue does.
    """
    rng = random.Random(f"{issue.seed}:triage:{burst}")
    if rng.random() < 0.5:  # noqa: PLR2004
        return None
    return rng.randint(20 * 86400, 60 * 86400)
