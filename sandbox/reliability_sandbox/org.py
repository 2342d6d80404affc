"""A deterministic, generated engineering organisation: the single source of truth.

Everything the vendor emulators serve (PagerDuty today; Sentry, Datadog, GitHub and
Google Drive later) is a *view* of the facts held here: services, teams, users and
incidents with a vendor-neutral timeline. Nothing in this module knows about any
vendor's ids, URLs or JSON shapes.

Determinism: the organisation is a pure function of :class:`OrgConfig` (the anchor
included). Every random choice goes through a ``random.Random`` seeded from the config
seed, and each mutation epoch (:meth:`Org.advance`) uses its own generator seeded from
``(seed, epoch number)``, so replaying the same epochs at the same times rebuilds the
same world.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

Urgency = Literal["high", "low"]
Status = Literal["triggered", "acknowledged", "resolved"]
Detection = Literal["customer", "internal"]
TeamRole = Literal["manager", "responder", "observer"]

# Kinds of timeline events; vendors map them onto their own vocabulary.
EVENT_KINDS = ("trigger", "assign", "notify", "escalate", "acknowledge", "annotate", "resolve")
PRIORITIES = ("P1", "P2", "P3", "P4", "P5")
#: One turn of every team's first-level on-call rotation. Turns hand over at whole multiples
#: of it since the Unix epoch (Thursdays 00:00 UTC), so who is on call never depends on when
#: the world was generated.
ROTATION_SECONDS = 7 * 86400

_SERVICE_SLUGS = (
    "checkout-api",
    "payments-service",
    "search",
    "auth",
    "notifications",
    "user-profile",
    "inventory",
    "orders-api",
    "shipping",
    "recommendations",
    "billing",
    "api-gateway",
    "web-frontend",
    "mobile-backend",
    "data-pipeline",
    "reporting",
    "email-sender",
    "image-resizer",
    "feature-flags",
    "cart-service",
    "pricing",
    "fraud-detection",
    "ledger",
    "webhooks",
    "identity-provider",
    "media-cdn",
    "chat",
    "analytics-ingest",
    "scheduler",
    "admin-console",
)
_ACRONYMS = {"api": "API", "cdn": "CDN"}
_TEAM_NAMES = (
    "Platform",
    "Payments",
    "Storefront",
    "Identity",
    "Growth",
    "Data",
    "Mobile",
    "Infrastructure",
    "Search & Discovery",
    "Messaging",
    "Fulfilment",
    "Security",
)
_FIRST_NAMES = (
    "Ada",
    "Ben",
    "Chloe",
    "Dmitri",
    "Elena",
    "Farah",
    "Gustavo",
    "Hana",
    "Ibrahim",
    "Julia",
    "Kenji",
    "Lena",
    "Mateo",
    "Nadia",
    "Oscar",
    "Priya",
    "Quentin",
    "Rosa",
    "Samir",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amara",
    "Bruno",
    "Carmen",
    "Diego",
    "Emeka",
    "Freya",
    "Goran",
    "Helga",
    "Ines",
    "Jonas",
    "Kofi",
    "Liam",
    "Mei",
    "Nils",
)
_LAST_NAMES = (
    "Adeyemi",
    "Bergstrom",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Varga",
    "Wagner",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Alvarez",
    "Becker",
    "Chen",
    "Novak",
)
_TIME_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
)
_JOB_TITLES = (
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Site Reliability Engineer",
    "Engineering Manager",
    "Platform Engineer",
    "Backend Engineer",
    "Principal Engineer",
)
_TITLE_TEMPLATES = (
    "{name}: p99 latency above 2s",
    "High 5xx error rate on {name}",
    "{name} health check failing",
    "{name}: error budget burn rate critical",
    "Disk usage above 90% on {slug}-db-{n}",
    "{name}: consumer lag growing on {slug}-events",
    "Elevated timeouts calling {name}",
    "{name} pods crash-looping in prod-eu-{n}",
    "{name}: TLS certificate expires in 7 days",
    "Memory usage above 95% on {slug}-{n}",
    "{name}: synthetic check failed from 3 locations",
    "Customers report failures in {name}",
    "{name}: queue depth above threshold",
    "{name}: replication lag above 60s",
)
_NOTES = (
    "Rolled back the last deploy; watching error rate.",
    "Scaled out to 12 replicas, latency recovering.",
    "Root cause looks like an expired credential, rotating.",
    "Upstream provider confirms degraded service.",
    "Failing over to the secondary region.",
    "Customer support is collecting affected account ids.",
)


@dataclass(slots=True)
class OrgConfig:
    """Size and shape of the generated organisation.

    Attributes:
        seed: Seed of every random choice; same seed and config give the same org.
        incidents: Number of incidents generated over the history window.
        services: Number of services.
        teams: Number of teams (each owns services and has members).
        users: Number of users.
        history_days: Length of the history window ending at ``anchor``.
        anchor: End of the history ("now" of the initial world). ``None`` means the
            real UTC time at creation, floored to the minute.
        datadog_monitors_per_service: Datadog monitors defined per service (besides
            one monitor per synthetic test).
        datadog_slos_per_service: Datadog SLOs defined per service.
        datadog_synthetics_per_service: Datadog synthetic tests per service.
        github_repos: GitHub repositories (one per service, then libraries and tools).
        github_pulls_per_repo: Pull requests per repository over the history window.
        github_runs_per_repo: Workflow runs per repository over the history window.
        github_deploys_per_service: Deployments per service repository over the history
            window (besides the deployments that caused incidents).
        github_releases_per_repo: Releases per repository over the history window.
    """

    seed: int = 42
    incidents: int = 200
    services: int = 12
    teams: int = 4
    users: int = 30
    history_days: int = 180
    anchor: datetime | None = None
    datadog_monitors_per_service: int = 5
    datadog_slos_per_service: int = 2
    datadog_synthetics_per_service: int = 2
    github_repos: int = 40
    github_pulls_per_repo: int = 25
    github_runs_per_repo: int = 20
    github_deploys_per_service: int = 20
    github_releases_per_repo: int = 6

    @classmethod
    def preset(cls, name: str, **overrides: object) -> OrgConfig:
        """Return a named preset, optionally with some fields overridden.

        Args:
            name: ``"test"`` (~60 incidents, fast), ``"demo"`` (~400 incidents) or
                ``"bench"`` (20,000 incidents and >100,000 log entries over ~2 years).
            **overrides: Fields to replace, e.g. ``seed=7``.

        Returns:
            The configuration.

        Raises:
            ValueError: If the preset name is unknown.
        """
        presets = {
            "test": cls(
                incidents=60,
                services=6,
                teams=3,
                users=12,
                history_days=90,
                github_repos=14,
                github_pulls_per_repo=12,
                github_runs_per_repo=10,
                github_deploys_per_service=8,
                github_releases_per_repo=3,
            ),
            "demo": cls(incidents=400, services=12, teams=4, users=30, history_days=180),
            "bench": cls(
                incidents=20_000,
                services=30,
                teams=10,
                users=150,
                history_days=730,
                datadog_monitors_per_service=340,
                datadog_slos_per_service=34,
                datadog_synthetics_per_service=4,
                github_repos=2_000,
                github_pulls_per_repo=101,
                github_runs_per_repo=20,
                github_deploys_per_service=60,
                github_releases_per_repo=4,
            ),
        }
        if name not in presets:
            msg = f"unknown preset {name!r}; choose one of {', '.join(presets)}"
            raise ValueError(msg)
        return replace(presets[name], **overrides)  # type: ignore[arg-type]


@dataclass(slots=True, eq=False)
class Team:
    """A team: owns services, has members and an escalation path."""

    index: int
    name: str
    slug: str
    description: str
    members: list[tuple[User, TeamRole]] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)

    def responders(self) -> list[User]:
        """Members who take pages (managers and responders), in membership order."""
        return [u for u, role in self.members if role != "observer"]

    def manager(self) -> User:
        """The team's first manager (every generated team has one)."""
        return next(u for u, role in self.members if role == "manager")


@dataclass(slots=True, eq=False)
class Service:
    """A running service owned by one team."""

    index: int
    slug: str
    name: str
    description: str
    team: Team
    created_at: datetime


@dataclass(slots=True, eq=False)
class User:
    """A person in the organisation."""

    index: int
    name: str
    email: str
    time_zone: str
    job_title: str
    role: str  # account role: admin, user, limited_user, observer
    phone: str
    teams: list[tuple[Team, TeamRole]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class TimelineEvent:
    """One vendor-neutral fact in an incident's timeline.

    Attributes:
        incident: The incident.
        seq: Position in the incident's timeline (0 = trigger).
        kind: One of :data:`EVENT_KINDS`.
        at: When it happened (UTC, whole seconds).
        actor: The user who acted; ``None`` means the system/monitoring integration.
        target: The user assigned, notified or escalated to, if any.
        channel: How it happened: ``api``, ``web_trigger``, ``email``, ``sms``, ``phone``,
            ``push_notification``, ``website``, ``auto``, ``timeout``, ``note``.
        level: Escalation level (1 = first responder).
        note: Free text of an annotation.
    """

    incident: Incident
    seq: int
    kind: str
    at: datetime
    actor: User | None = None
    target: User | None = None
    channel: str = "api"
    level: int = 1
    note: str | None = None


@dataclass(slots=True, eq=False)
class Incident:
    """An incident as vendor-neutral facts, with its timeline."""

    number: int
    key: str
    service: Service
    urgency: Urgency
    priority: str | None
    title: str
    detection: Detection
    created_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: User | None = None
    resolved_at: datetime | None = None
    resolved_by: User | None = None  # None with resolved_at set: auto-resolved
    assignees: list[User] = field(default_factory=list)
    escalations: list[TimelineEvent] = field(default_factory=list)
    events: list[TimelineEvent] = field(default_factory=list)

    @property
    def status(self) -> Status:
        """Current status derived from the timeline."""
        if self.resolved_at is not None:
            return "resolved"
        if self.acknowledged_at is not None:
            return "acknowledged"
        return "triggered"

    @property
    def team(self) -> Team:
        """The team owning the incident's service."""
        return self.service.team

    @property
    def updated_at(self) -> datetime:
        """Time of the latest timeline event."""
        return self.events[-1].at

    @property
    def last_status_change_at(self) -> datetime:
        """Time of the latest status change (trigger, acknowledge or resolve)."""
        return self.resolved_at or self.acknowledged_at or self.created_at

    @property
    def last_status_change_by(self) -> User | None:
        """Who made the latest status change; ``None`` for the system."""
        if self.resolved_at is not None:
            return self.resolved_by
        if self.acknowledged_at is not None:
            return self.acknowledged_by
        return self.events[0].actor


def _floor_minute(dt: datetime) -> datetime:
    return dt.replace(second=0, microsecond=0)


def _title_case(slug: str) -> str:
    return " ".join(_ACRONYMS.get(p, p.capitalize()) for p in slug.split("-"))


class Org:
    """The generated organisation and its mutable incident history.

    Attributes:
        config: The configuration it was generated from (anchor resolved).
        teams: Teams, by index.
        services: Services, by index.
        users: Users, by index.
        incidents: Incidents in creation order (``number`` = position + 1).
        events: Every timeline event, sorted by ``(at, incident number, seq)``.
        now: The organisation's clock: the anchor, then the time of the last epoch.
        epoch: Number of mutation epochs applied.
        epoch_times: The ``now`` of each applied epoch (to replay them).
        version: Bumped on every mutation; lets views cache derived data.
    """

    def __init__(self, config: OrgConfig | None = None) -> None:
        """Generate the organisation.

        Args:
            config: Size, seed and anchor; defaults to ``OrgConfig()``.
        """
        config = replace(config or OrgConfig())
        anchor = config.anchor or datetime.now(UTC)
        if anchor.tzinfo is None:
            anchor = anchor.replace(tzinfo=UTC)
        config.anchor = _floor_minute(anchor.astimezone(UTC))
        self.config = config
        self.now: datetime = config.anchor
        self.epoch = 0
        self.epoch_times: list[datetime] = []
        self.version = 0
        self.teams: list[Team] = []
        self.services: list[Service] = []
        self.users: list[User] = []
        self.incidents: list[Incident] = []
        self.events: list[TimelineEvent] = []
        self._event_keys: list[datetime] = []
        rng = random.Random(config.seed)
        self._build_people(rng)
        self._build_incidents(rng)

    # ------------------------------------------------------------------ people
    def _build_people(self, rng: random.Random) -> None:
        cfg = self.config
        anchor: datetime = cfg.anchor  # type: ignore[assignment]  # resolved in __init__
        start = anchor - timedelta(days=cfg.history_days)
        n_teams = max(1, min(cfg.teams, len(_TEAM_NAMES)))
        for i in range(n_teams):
            name = _TEAM_NAMES[i]
            self.teams.append(
                Team(
                    index=i,
                    name=name,
                    slug=name.lower().replace(" & ", "-").replace(" ", "-"),
                    description=f"The {name} team",
                )
            )
        used: set[str] = set()
        for i in range(max(cfg.users, 2 * n_teams)):
            while True:
                first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
                if f"{first} {last}" not in used or len(used) > 1000:  # noqa: PLR2004
                    break
            name = f"{first} {last}" if f"{first} {last}" not in used else f"{first} {last} {i}"
            used.add(name)
            local = name.lower().replace(" ", ".")
            self.users.append(
                User(
                    index=i,
                    name=name,
                    email=f"{local}@example.com",
                    time_zone=rng.choice(_TIME_ZONES),
                    job_title=rng.choice(_JOB_TITLES),
                    role="admin"
                    if i == 0
                    else rng.choice(("user", "user", "user", "limited_user")),
                    phone=f"555{rng.randrange(10**6, 10**7)}",
                )
            )
        # Every team gets a manager and at least one responder; the rest are spread
        # round-robin, and some people belong to a second team (as observers mostly).
        for i, user in enumerate(self.users):
            team = self.teams[i % n_teams]
            role: TeamRole = "manager" if i < n_teams else "responder"
            team.members.append((user, role))
            user.teams.append((team, role))
        for user in self.users:
            if n_teams > 1 and rng.random() < 0.2:  # noqa: PLR2004
                other = rng.choice([t for t in self.teams if t is not user.teams[0][0]])
                role = "observer" if rng.random() < 0.6 else "responder"  # noqa: PLR2004
                other.members.append((user, role))
                user.teams.append((other, role))
        for i in range(max(1, cfg.services)):
            base = _SERVICE_SLUGS[i % len(_SERVICE_SLUGS)]
            slug = base if i < len(_SERVICE_SLUGS) else f"{base}-{i // len(_SERVICE_SLUGS) + 1}"
            team = self.teams[i % n_teams]
            service = Service(
                index=i,
                slug=slug,
                name=_title_case(slug),
                description=f"{_title_case(slug)}, run by {team.name}",
                team=team,
                created_at=start
                - timedelta(days=rng.randrange(30, 900), seconds=rng.randrange(86400)),
            )
            team.services.append(service)
            self.services.append(service)

    # --------------------------------------------------------------- incidents
    def _build_incidents(self, rng: random.Random) -> None:
        cfg = self.config
        anchor: datetime = cfg.anchor  # type: ignore[assignment]
        span = cfg.history_days * 86400
        # A slowly growing incident rate (more services, more incidents) feels real and
        # keeps recent windows denser than old ones.
        offsets = sorted(int(span * math.sqrt(rng.random())) for _ in range(cfg.incidents))
        start = anchor - timedelta(seconds=span)
        n_open = max(1, round(cfg.incidents * 0.1)) if cfg.incidents else 0
        new_events: list[TimelineEvent] = []
        for i, off in enumerate(offsets):
            created = start + timedelta(seconds=off)
            forced_open = i >= cfg.incidents - n_open
            inc = self._new_incident(rng, created)
            plan = self._plan(rng, inc, force_open=forced_open)
            new_events.extend(self._apply(inc, plan, horizon=anchor))
        self._append_events(new_events)

    def _new_incident(self, rng: random.Random, created: datetime) -> Incident:
        service = self.services[
            min(int(rng.paretovariate(1.2)) - 1, len(self.services) - 1)
            if rng.random() < 0.5  # noqa: PLR2004
            else rng.randrange(len(self.services))
        ]
        urgency: Urgency = "high" if rng.random() < 0.6 else "low"  # noqa: PLR2004
        r = rng.random()
        if urgency == "high":
            priority = "P1" if r < 0.08 else "P2" if r < 0.3 else "P3" if r < 0.7 else None  # noqa: PLR2004
        else:
            priority = "P3" if r < 0.2 else "P4" if r < 0.5 else "P5" if r < 0.7 else None  # noqa: PLR2004
        title = rng.choice(_TITLE_TEMPLATES).format(
            name=service.name, slug=service.slug, n=rng.randrange(1, 9)
        )
        inc = Incident(
            number=len(self.incidents) + 1,
            key=f"{rng.getrandbits(128):032x}",
            service=service,
            urgency=urgency,
            priority=priority,
            title=title,
            detection="customer" if rng.random() < 0.2 else "internal",  # noqa: PLR2004
            created_at=created.replace(microsecond=0),
        )
        self.incidents.append(inc)
        return inc

    def _oncall(self, team: Team, at: datetime, level: int) -> User:
        """Who is on call for ``team`` at ``at``: weekly rotation; level 2 = manager."""
        responders = team.responders()
        if level >= 2 or len(responders) == 1:  # noqa: PLR2004
            manager = team.manager()
            if level >= 2 or responders[0] is manager:  # noqa: PLR2004
                return manager
        week = int(at.timestamp()) // ROTATION_SECONDS
        return responders[week % len(responders)]

    def rotation_start(self, team: Team) -> datetime:
        """When ``team``'s first-level rotation begins (its schedule layer's start).

        The earlier of the history's start and the team's oldest service: nobody is on
        call for the team before it.
        """
        anchor: datetime = self.config.anchor  # type: ignore[assignment]  # set in __init__
        history = anchor - timedelta(days=self.config.history_days)
        return min([s.created_at for s in team.services] + [history])

    def oncall_shifts(
        self, team: Team, since: datetime, until: datetime
    ) -> list[tuple[User, datetime, datetime]]:
        """First-level shifts of ``team`` that overlap ``[since, until)``, oldest first.

        One shift per rotation turn, held by whoever :meth:`_oncall` pages at level 1 in
        it (the same person pages go to); the first shift starts at
        :meth:`rotation_start`. A turn whose holder also held the previous one (a team of
        one responder) is still its own shift.
        """
        begin = self.rotation_start(team)

        def overlaps(start: datetime, end: datetime) -> bool:
            # An instant (since == until) is inside [start, end); a range overlaps it.
            return start <= since < end if since == until else start < until and end > since

        shifts: list[tuple[User, datetime, datetime]] = []
        week = int(max(since, begin).timestamp()) // ROTATION_SECONDS
        while True:
            start = max(datetime.fromtimestamp(week * ROTATION_SECONDS, UTC), begin)
            end = datetime.fromtimestamp((week + 1) * ROTATION_SECONDS, UTC)
            if start > max(since, until):
                return shifts
            if overlaps(start, end):
                shifts.append((self._oncall(team, start, 1), start, end))
            week += 1

    def _plan(  # noqa: C901 - one incident's story, easier to read in one place
        self, rng: random.Random, inc: Incident, *, force_open: bool
    ) -> list[TimelineEvent]:
        """Draw a full timeline for ``inc`` (events may lie beyond any horizon)."""
        t0 = inc.created_at
        team = inc.team
        ev: list[TimelineEvent] = []

        def add(kind: str, at: datetime, **kw: Any) -> None:  # noqa: ANN401
            ev.append(
                TimelineEvent(incident=inc, seq=0, kind=kind, at=at.replace(microsecond=0), **kw)
            )

        if inc.detection == "customer":
            # Customer-detected: somebody opened it by hand after a support ticket.
            reporter = rng.choice(team.responders())
            add("trigger", t0, actor=reporter, channel="web_trigger")
        else:
            add(
                "trigger",
                t0,
                actor=None,
                channel=rng.choice(("api", "api", "api", "email", "nagios")),
            )
        first = self._oncall(team, t0, 1)
        add("assign", t0, target=first, channel="auto", level=1)
        t = t0 + timedelta(seconds=rng.randrange(1, 20))
        for method in self._methods(rng, inc.urgency):
            add("notify", t, actor=first, target=first, channel=method)
        high = inc.urgency == "high"
        # Lognormal response times: most pages are answered in minutes, a few take long.
        ack_delay = rng.lognormvariate(math.log(180 if high else 1800), 0.9 if high else 1.1)
        will_ack = rng.random() < (0.6 if force_open else 0.92)
        responder = first
        if (will_ack and ack_delay > 1800) or (not will_ack and rng.random() < 0.3):  # noqa: PLR2004
            second = self._oncall(team, t0, 2)
            if second is first:
                second = rng.choice(team.responders())
            t_esc = t0 + timedelta(minutes=30)
            add("escalate", t_esc, target=second, channel="timeout", level=2)
            for method in self._methods(rng, inc.urgency):
                add(
                    "notify",
                    t_esc + timedelta(seconds=rng.randrange(1, 10)),
                    actor=second,
                    target=second,
                    channel=method,
                )
            responder = second
            ack_delay = max(ack_delay, 1800 + rng.randrange(30, 900))
        t_ack = t0 + timedelta(seconds=max(5, int(ack_delay)))
        if will_ack:
            add(
                "acknowledge",
                t_ack,
                actor=responder,
                channel=rng.choice(("website", "sms", "push_notification")),
            )
        if force_open:
            return ev
        # Resolution comes after everything already planned (an unacknowledged incident
        # may have escalated and paged again before somebody resolved it).
        base = max([t_ack if will_ack else t0, *(e.at for e in ev)])
        res_delay = rng.lognormvariate(math.log(2700 if high else 14400), 1.0)
        t_res = base + timedelta(seconds=max(30, int(res_delay)))
        if will_ack and rng.random() < 0.35:  # noqa: PLR2004
            t_note = base + (t_res - base) * rng.uniform(0.1, 0.9)
            add("annotate", t_note, actor=responder, channel="note", note=rng.choice(_NOTES))
        if rng.random() < 0.06:  # noqa: PLR2004
            add("resolve", t_res, actor=None, channel="auto")
        else:
            resolver = responder if rng.random() < 0.85 else rng.choice(team.responders())  # noqa: PLR2004
            add("resolve", t_res, actor=resolver, channel="website")
        return ev

    @staticmethod
    def _methods(rng: random.Random, urgency: str) -> list[str]:
        if urgency == "high":
            return rng.sample(("sms", "push_notification", "phone", "email"), rng.randrange(1, 3))
        return ["email"]

    def _apply(
        self, inc: Incident, plan: list[TimelineEvent], horizon: datetime
    ) -> list[TimelineEvent]:
        """Append the planned events at or before ``horizon`` to ``inc``; return them."""
        plan.sort(key=lambda e: e.at)  # stable: equal times keep planned order
        applied = []
        for e in plan:
            if e.at > horizon:
                break
            self._record(inc, e)
            applied.append(e)
        return applied

    def _record(self, inc: Incident, e: TimelineEvent) -> None:
        """Append one event to the incident's timeline and update its facts."""
        e.seq = len(inc.events)
        inc.events.append(e)
        if e.kind in ("assign", "escalate"):
            inc.assignees = [e.target]  # type: ignore[list-item]
            if e.kind == "escalate":
                inc.escalations.append(e)
        elif e.kind == "acknowledge" and inc.acknowledged_at is None:
            inc.acknowledged_at, inc.acknowledged_by = e.at, e.actor
        elif e.kind == "resolve":
            inc.resolved_at, inc.resolved_by = e.at, e.actor
            inc.assignees = []

    def _append_events(self, new: list[TimelineEvent]) -> None:
        new.sort(key=lambda e: (e.at, e.incident.number, e.seq))
        self.events.extend(new)
        self._event_keys.extend(e.at for e in new)

    # --------------------------------------------------------------- queries
    def events_between(self, since: datetime | None, until: datetime | None) -> tuple[int, int]:
        """Index range ``[lo, hi)`` of :attr:`events` with ``since <= at < until``."""
        lo = 0 if since is None else bisect.bisect_left(self._event_keys, since)
        hi = len(self.events) if until is None else bisect.bisect_left(self._event_keys, until)
        return lo, max(lo, hi)

    def incidents_between(self, since: datetime | None, until: datetime | None) -> tuple[int, int]:
        """Index range ``[lo, hi)`` of :attr:`incidents` with ``since <= created_at < until``."""
        keys = _CreatedAtView(self.incidents)
        lo = 0 if since is None else bisect.bisect_left(keys, since)
        hi = len(self.incidents) if until is None else bisect.bisect_left(keys, until)
        return lo, max(lo, hi)

    def incident_by_number(self, number: int) -> Incident | None:
        """The incident with this number, if any."""
        return self.incidents[number - 1] if 0 < number <= len(self.incidents) else None

    # -------------------------------------------------------------- mutation
    def advance(self, now: datetime | None = None) -> int:
        """Apply one mutation epoch: acknowledge, resolve and create incidents.

        All new events happen in ``(previous clock, now]``; the clock then moves to
        ``now``. Same seed, same epoch number and same ``now`` give the same changes.

        Args:
            now: New clock value; defaults to the real UTC time. Clamped to at least one
                second after the current clock.

        Returns:
            The new epoch number.
        """
        now = now or datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        now = max(now.astimezone(UTC).replace(microsecond=0), self.now + timedelta(seconds=1))
        prev = self.now
        self.epoch += 1
        rng = random.Random(f"{self.config.seed}:epoch:{self.epoch}")
        span = int((now - prev).total_seconds())

        def when(after: datetime) -> datetime:
            lo = max(1, int((after - prev).total_seconds()) + 1) if after > prev else 1
            return prev + timedelta(seconds=rng.randint(min(lo, span), span))

        new_events: list[TimelineEvent] = []
        for inc in self.incidents:
            if inc.resolved_at is not None:
                continue
            last = prev
            r = rng.random()
            if inc.acknowledged_at is None and r < 0.5:  # noqa: PLR2004
                t = when(last)
                e = TimelineEvent(
                    incident=inc,
                    seq=0,
                    kind="acknowledge",
                    at=t,
                    actor=inc.assignees[0] if inc.assignees else None,
                    channel=rng.choice(("website", "sms", "push_notification")),
                )
                self._record(inc, e)
                new_events.append(e)
                last = t
                r = rng.random()
            if (inc.acknowledged_at is not None and r < 0.5) or r < 0.1:  # noqa: PLR2004
                t = when(last)
                actor = inc.acknowledged_by or (inc.assignees[0] if inc.assignees else None)
                e = TimelineEvent(
                    incident=inc,
                    seq=0,
                    kind="resolve",
                    at=t,
                    actor=actor,
                    channel="website" if actor else "auto",
                )
                self._record(inc, e)
                new_events.append(e)
        n_before = len(self.incidents)
        for _ in range(max(3, round(self.config.incidents * 0.02))):
            created = when(prev)
            inc = self._new_incident(rng, created)
            plan = self._plan(rng, inc, force_open=rng.random() < 0.4)  # noqa: PLR2004
            new_events.extend(self._apply(inc, plan, horizon=now))
        # Creation times were drawn independently; keep incidents ordered by created_at
        # (and numbered in that order) so that windowed queries stay bisectable.
        self._renumber_tail(n_before)
        self._append_events(new_events)
        self.now = now
        self.epoch_times.append(now)
        self.version += 1
        return self.epoch

    def _renumber_tail(self, first_new: int) -> None:
        tail = self.incidents[first_new:]
        tail.sort(key=lambda inc: inc.created_at)
        for offset, inc in enumerate(tail):
            inc.number = first_new + offset + 1
        self.incidents[first_new:] = tail

    def replay(self, epoch_times: list[datetime]) -> None:
        """Apply :meth:`advance` once per given time (to rebuild a persisted world)."""
        for t in epoch_times:
            self.advance(t)


class _CreatedAtView:
    """A read-only sequence of incidents' created_at, for ``bisect`` without copying."""

    __slots__ = ("_incidents",)

    def __init__(self, incidents: list[Incident]) -> None:
        self._incidents = incidents

    def __len__(self) -> int:
        return len(self._incidents)

    def __getitem__(self, i: int) -> datetime:
        return self._incidents[i].created_at
