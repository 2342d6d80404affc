"""The organisation's code delivery history, part of the shared world like ``org.py``.

Repositories, pull requests, workflow runs, deployments and releases.

GitHub serves it (:mod:`reliability_sandbox.vendors.github`) and postmortems cite it
(:mod:`reliability_sandbox.vendors.google`): the deployment that caused an incident (its
story's ``deploy_at``) and the pull request that deployment shipped are cross-vendor facts,
derived here once so that no vendor package builds another's view.

One repository per service, owned by the service's team, then library and tool
repositories up to ``github_repos``; some break the engineering standards on purpose. Pull
requests, releases, workflow runs and deployments are plans drawn per repository from the
org seed that reach past the anchor: the org clock reveals them, so a mutation epoch shows
new ones without any hook in ``org.py``. :func:`delivery` gives every view of one org the
same instance.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from reliability_sandbox.story import story

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from reliability_sandbox.org import Incident, Org, Service, Team

#: The organisation's login and web address (what a postmortem's pull request link names).
ORG_LOGIN = "acme"
WEB = "https://github.com"
_LIB_WORDS = (
    "http-client",
    "logging",
    "metrics",
    "config",
    "auth-sdk",
    "retry",
    "schema",
    "cache",
    "queue",
    "tracing",
    "feature-toggles",
    "ui-kit",
    "terraform-modules",
    "ci-templates",
    "dev-tools",
    "load-tests",
)

_PR_TITLES = (
    "Fix flaky test in {x}",
    "Bump dependencies",
    "Add retries to {x} client",
    "Refactor {x} handlers",
    "Improve logging around {x}",
    "Add metrics for {x}",
    "Remove dead code in {x}",
    "Upgrade Python runtime",
    "Tune {x} connection pool",
    "Document {x} runbook",
)


def _epoch(dt: datetime) -> int:
    return int(dt.timestamp())


def _sha(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


@dataclass(slots=True, eq=False)
class Repo:
    """One repository and its standing configuration."""

    index: int
    id: int
    name: str
    kind: str  # service | library | tool
    service: Service | None
    team: Team | None  # owning team (admin); None: a standards violation
    writers: list[Team]  # other teams with push access
    created: int
    archived: bool
    empty: bool
    actions_disabled: bool
    private: bool
    language: str
    required_hook: str  # ok | missing | inactive
    ci_hook: bool
    protection: str  # full | no_reviews | no_checks | none | fixed_later
    reviews: int
    code_owners: bool
    enforce_admins: bool
    linear_history: bool
    force_pushes: bool
    environments: tuple[str, ...]
    seed: str
    _pulls: list[PullPlan] | None = None
    _runs: list[RunPlan] | None = None
    _deploys: list[DeployPlan] | None = None
    _releases: list[ReleasePlan] | None = None


@dataclass(slots=True)
class PullPlan:
    """A pull request's whole life; the clock decides what is visible."""

    number: int
    id: int
    title: str
    author: int  # user index
    created: int
    activity: tuple[int, ...]  # later update times (pushes, comments, reviews)
    closed: int | None
    merged: bool
    reviewers: tuple[int, ...]
    draft: bool
    branch: str
    shas: tuple[str, str, str]  # head, base, merge commit


@dataclass(slots=True)
class RunPlan:
    """A workflow run: queued at ``created``, completed at ``created + duration``."""

    id: int
    number: int
    workflow: int
    created: int
    started: int
    duration: int
    conclusion: str
    attempt: int
    event: str
    branch: str
    actor: int


@dataclass(slots=True)
class DeployPlan:
    """A deployment with its status timeline."""

    id: int
    environment: str
    created: int
    finished: int
    outcome: str  # success | failure | error
    ref: str
    creator: int
    incident_key: str | None = None


@dataclass(slots=True)
class ReleasePlan:
    """A release: drafts are never published."""

    id: int
    tag: str
    created: int
    published: int | None
    prerelease: bool
    author: int


@dataclass(slots=True, frozen=True)
class IncidentChange:
    """The change behind a deploy-caused incident: its deployment and a pull request it shipped.

    "Shipped" as the warehouse decides it: the pull request was merged into ``main`` at or
    before the deployment was created, and no other successful production deployment of the
    repository created at or after the merge succeeded before it.

    Attributes:
        repo: The service's repository.
        deploy: The production deployment that caused the incident.
        pull: The pull request the postmortem cites.
        made_for_incident: Whether the pull request exists only for this incident (no
            regular pull request was shipped by the deployment).
    """

    repo: Repo
    deploy: DeployPlan
    pull: PullPlan
    made_for_incident: bool

    @property
    def ref(self) -> str:
        """``acme/<repo>#<number>``, as postmortems and the warehouse name it."""
        return f"{ORG_LOGIN}/{self.repo.name}#{self.pull.number}"

    @property
    def html_url(self) -> str:
        """The pull request's web address (what a postmortem links)."""
        return f"{WEB}/{ORG_LOGIN}/{self.repo.name}/pull/{self.pull.number}"


class Delivery:
    """Repositories and their plans, derived from the org (lazily, per repository)."""

    def __init__(self, org: Org) -> None:
        """Lay out the repositories (plans are drawn on first use)."""
        self.org = org
        cfg = org.config
        self.seed = cfg.seed
        self.org_id = 9_000_000 + cfg.seed % 1000
        self.anchor = _epoch(cfg.anchor)  # type: ignore[arg-type]
        self.span = cfg.history_days * 86400
        self.team_ids = {t.index: 3_000_000 + cfg.seed % 1000 * 100 + t.index for t in org.teams}
        self.user_ids = {u.index: 7_000_000 + u.index for u in org.users}
        self.repos: list[Repo] = self._layout()
        self.by_name = {r.name: r for r in self.repos}
        #: What the incidents add (deployments, pull requests), for one state of the org.
        self._incident_version: tuple[int, int] | None = None
        self._incident_data: dict[str, Any] = {}

    def _layout(self) -> list[Repo]:
        org = self.org
        cfg = org.config
        teams = org.teams
        total = max(cfg.github_repos, len(org.services))
        rng = random.Random(f"{self.seed}:github:layout")
        repos: list[Repo] = []
        n_extra = total - len(org.services)
        for i in range(total):
            service = org.services[i] if i < len(org.services) else None
            if service is not None:
                name, kind, team = service.slug, "service", service.team
            else:
                k = i - len(org.services)
                word = _LIB_WORDS[k % len(_LIB_WORDS)]
                suffix = "" if k < len(_LIB_WORDS) else f"-{k // len(_LIB_WORDS) + 1}"
                kind = "tool" if k % 4 == 3 else "library"  # noqa: PLR2004
                name = f"{'tool' if kind == 'tool' else 'lib'}-{word}{suffix}"
                team = teams[k % len(teams)]
            r = random.Random(f"{self.seed}:github:repo:{name}")
            extra_index = i - len(org.services)
            # Standards violations: a few services on purpose (at fixed positions, so that
            # the smallest world has each one), more among libraries and tools.
            owner: Team | None = team
            required_hook = "ok"
            protection = "full"
            if service is not None:
                position = i % 6
                required_hook = "missing" if position == 2 else "ok"  # noqa: PLR2004
                protection = {1: "fixed_later", 3: "no_reviews", 4: "no_checks"}.get(
                    position, "full"
                )
            else:
                if r.random() < 0.1:  # noqa: PLR2004
                    owner = None
                u = r.random()
                required_hook = "missing" if u < 0.15 else "inactive" if u < 0.2 else "ok"  # noqa: PLR2004
                u = r.random()
                protection = (
                    "none"
                    if u < 0.2  # noqa: PLR2004
                    else "no_reviews"
                    if u < 0.3  # noqa: PLR2004
                    else "no_checks"
                    if u < 0.35  # noqa: PLR2004
                    else "full"
                )
            writers = []
            if len(teams) > 1 and r.random() < 0.4:  # noqa: PLR2004
                writers.append(teams[(team.index + 1) % len(teams)])
            empty = n_extra > 0 and i == total - 1
            archived = service is None and not empty and extra_index % 9 == 5  # noqa: PLR2004
            actions_disabled = service is None and not empty and extra_index % 11 == 1
            created = self.anchor - self.span - r.randrange(30, 1500) * 86400
            envs: tuple[str, ...] = ("production", "staging") if service is not None else ()
            if kind == "tool" and r.random() < 0.3:  # noqa: PLR2004
                envs = ("github-pages",)
            repos.append(
                Repo(
                    index=i,
                    id=600_000_000 + self.seed % 1000 * 10_000 + i,
                    name=name,
                    kind=kind,
                    service=service,
                    team=owner,
                    writers=writers,
                    created=created,
                    archived=archived,
                    empty=empty,
                    actions_disabled=actions_disabled,
                    private=r.random() < 0.8,  # noqa: PLR2004
                    language=r.choice(("Python", "Go", "TypeScript", "Java", "Kotlin", "HCL")),
                    required_hook="ok" if empty else required_hook,
                    ci_hook=not empty and r.random() < 0.5,  # noqa: PLR2004
                    protection="none" if empty else protection,
                    reviews=r.choice((1, 1, 2)),
                    code_owners=r.random() < 0.6,  # noqa: PLR2004
                    enforce_admins=r.random() < 0.5,  # noqa: PLR2004
                    linear_history=r.random() < 0.4,  # noqa: PLR2004
                    force_pushes=r.random() < 0.05,  # noqa: PLR2004
                    environments=envs,
                    seed=f"{self.seed}:github:repo:{name}",
                )
            )
        del rng
        return repos

    # ------------------------------------------------------------------ plans
    def _times(self, r: random.Random, count: int, *, future: bool = True) -> list[int]:
        """``count`` times over the history window, denser recently.

        With ``future``, as many again follow the anchor at the same rate: the clock
        reveals them epoch by epoch.
        """
        start = self.anchor - self.span
        past = sorted(start + int(self.span * math.sqrt(r.random())) for _ in range(count))
        past = [min(t, self.anchor - 1) for t in past]
        out = list(past)
        if future and count:
            gap = self.span / count
            t = self.anchor
            for _ in range(count):
                t += max(60, int(r.expovariate(1 / gap)))
                out.append(t)
        return out

    def pulls(self, repo: Repo) -> list[PullPlan]:
        """The repository's pull requests, by number."""
        if repo._pulls is None:  # noqa: SLF001 - the world's own cache
            out: list[PullPlan] = []
            if not repo.empty:
                r = random.Random(f"{repo.seed}:pulls")
                users = self.org.users
                for n, created in enumerate(self._times(r, self.org.config.github_pulls_per_repo)):
                    life = int(r.lognormvariate(math.log(20 * 3600), 1.2)) + 300
                    u = r.random()
                    closed = None if u < 0.08 else created + life  # noqa: PLR2004
                    merged = closed is not None and u < 0.85  # noqa: PLR2004
                    activity = tuple(
                        sorted(created + r.randrange(60, life) for _ in range(r.randrange(0, 4)))
                    )
                    out.append(
                        PullPlan(
                            number=n + 1,
                            id=1_000_000_000 + repo.index * 100_000 + n,
                            title=r.choice(_PR_TITLES).format(x=repo.name),
                            author=r.randrange(len(users)),
                            created=created,
                            activity=activity,
                            closed=closed,
                            merged=merged,
                            reviewers=tuple(
                                r.sample(range(len(users)), min(len(users), r.randrange(0, 3)))
                            ),
                            draft=r.random() < 0.05,  # noqa: PLR2004
                            branch=f"change-{n + 1}",
                            shas=(
                                f"{r.getrandbits(160):040x}",
                                f"{r.getrandbits(160):040x}",
                                f"{r.getrandbits(160):040x}",
                            ),
                        )
                    )
            repo._pulls = out  # noqa: SLF001
        return repo._pulls  # noqa: SLF001

    def runs(self, repo: Repo) -> list[RunPlan]:
        """The repository's workflow runs, oldest first."""
        if repo._runs is None:  # noqa: SLF001
            out: list[RunPlan] = []
            if not repo.empty:
                r = random.Random(f"{repo.seed}:runs")
                count = self.org.config.github_runs_per_repo
                times = self._times(r, count)
                # Every third repository has a long run started just before the anchor:
                # still in progress in the initial world, completed by the next epoch.
                if repo.index % 3 == 0:
                    times.append(self.anchor - 300)
                    times.sort()
                users = self.org.users
                for n, created in enumerate(times):
                    long = created == self.anchor - 300
                    duration = 1800 if long else int(r.lognormvariate(math.log(420), 0.7)) + 30
                    u = r.random()
                    conclusion = (
                        "success" if u < 0.8 else "failure" if u < 0.95 else "cancelled"  # noqa: PLR2004
                    )
                    out.append(
                        RunPlan(
                            id=20_000_000_000 + repo.index * 100_000 + n,
                            number=n + 1,
                            workflow=0 if r.random() < 0.75 or not repo.environments else 1,  # noqa: PLR2004
                            created=created,
                            started=created + r.randrange(1, 20),
                            duration=duration,
                            conclusion=conclusion,
                            attempt=2 if r.random() < 0.07 else 1,  # noqa: PLR2004
                            event=r.choice(("push", "pull_request", "pull_request", "schedule")),
                            branch="main" if r.random() < 0.5 else f"change-{r.randrange(1, 99)}",  # noqa: PLR2004
                            actor=r.randrange(len(users)),
                        )
                    )
            repo._runs = out  # noqa: SLF001
        return repo._runs  # noqa: SLF001

    def deploys(self, repo: Repo) -> list[DeployPlan]:
        """The repository's planned deployments (regular ones), oldest first."""
        if repo._deploys is None:  # noqa: SLF001
            out: list[DeployPlan] = []
            if repo.service is not None:
                r = random.Random(f"{repo.seed}:deploys")
                users = self.org.users
                for n, created in enumerate(
                    self._times(r, self.org.config.github_deploys_per_service)
                ):
                    env = "production" if r.random() < 0.6 else "staging"  # noqa: PLR2004
                    u = r.random()
                    out.append(
                        DeployPlan(
                            id=40_000_000 + repo.index * 10_000 + n,
                            environment=env,
                            created=created,
                            finished=created + r.randrange(60, 1200),
                            outcome="success" if u < 0.9 else "failure",  # noqa: PLR2004
                            ref=_sha(repo.name, "deploy", n)[:40],
                            creator=r.randrange(len(users)),
                        )
                    )
            repo._deploys = out  # noqa: SLF001
        return repo._deploys  # noqa: SLF001

    def _incident_cached(self, key: str, make: Callable[[], Any]) -> Any:  # noqa: ANN401
        version = (self.org.version, len(self.org.incidents))
        if self._incident_version != version:
            self._incident_version = version
            self._incident_data.clear()
        if key not in self._incident_data:
            self._incident_data[key] = make()
        return self._incident_data[key]

    def incident_deploys(self) -> dict[int, list[DeployPlan]]:
        """Deployments that caused incidents, by repository index (from the stories)."""
        return self._incident_cached("deploys", self._make_incident_deploys)

    def incident_changes(self) -> dict[str, IncidentChange]:
        """The change behind each deploy-caused incident, by incident key.

        The pull request is the last regular one merged in the window the deployment ships
        (after every earlier-succeeding production deployment was created, at or before
        this one was); when that window holds none, one is made for the incident: merged
        minutes before the deployment, with a comment when the incident was opened (so it
        counts as updated then, as GitHub does when someone links an incident). An
        incident whose deployment ships nothing at all (another deployment created after
        it succeeded first) has no entry.
        """
        return self._incident_cached("changes", self._make_incident_changes)

    def incident_pulls(self, repo: Repo) -> list[PullPlan]:
        """Pull requests made for incidents in ``repo``, by number."""
        by_repo: dict[int, list[PullPlan]] = self._incident_cached(
            "pulls", self._make_incident_pulls
        )
        return by_repo.get(repo.index, [])

    def all_pulls(self, repo: Repo) -> list[PullPlan]:
        """Every pull request of ``repo``: the planned ones, then those made for incidents."""
        made = self.incident_pulls(repo)
        return [*self.pulls(repo), *made] if made else self.pulls(repo)

    def _make_incident_pulls(self) -> dict[int, list[PullPlan]]:
        out: dict[int, list[PullPlan]] = {}
        for change in self.incident_changes().values():
            if change.made_for_incident:
                out.setdefault(change.repo.index, []).append(change.pull)
        for pulls in out.values():
            pulls.sort(key=lambda p: p.number)
        return out

    def _make_incident_changes(self) -> dict[str, IncidentChange]:
        caused = self.incident_deploys()
        incidents = {inc.key: inc for inc in self.org.incidents}
        out: dict[str, IncidentChange] = {}
        for index, incident_deploys in caused.items():
            repo = self.repos[index]
            production = [
                d
                for d in [*self.deploys(repo), *incident_deploys]
                if d.environment == "production" and d.outcome == "success"
            ]
            merged = [p for p in self.pulls(repo) if p.merged and p.closed is not None]
            first_number = len(self.pulls(repo)) + 1
            for ordinal, d in enumerate(incident_deploys):
                assert d.incident_key is not None  # noqa: S101 - incident deployments have one
                # A merge ships with `d` only after every production deployment that
                # succeeds before `d` was created (else that one would ship it first).
                earlier = [x.created for x in production if (x.finished, x.id) < (d.finished, d.id)]
                after = max(earlier, default=None)
                if after is not None and after >= d.created:
                    continue  # `d` ships nothing: a later deployment succeeded first
                shipped = [
                    p
                    for p in merged
                    if p.closed is not None
                    and p.closed <= d.created
                    and (after is None or p.closed > after)
                ]
                if shipped:
                    pull = max(shipped, key=lambda p: (p.closed or 0, p.number))
                    out[d.incident_key] = IncidentChange(repo, d, pull, made_for_incident=False)
                    continue
                inc = incidents[d.incident_key]
                pull = self._incident_pull(repo, d, inc, first_number + ordinal, after)
                out[d.incident_key] = IncidentChange(repo, d, pull, made_for_incident=True)
        return out

    def _incident_pull(
        self, repo: Repo, d: DeployPlan, inc: Incident, number: int, after: int | None
    ) -> PullPlan:
        """A pull request merged minutes before ``d`` was created (and after ``after``)."""
        r = random.Random(f"{self.seed}:github:incident-pull:{inc.key}")
        merged = d.created - r.randrange(120, 1800)
        if after is not None:
            merged = max(merged, after + 1)
        created = merged - r.randrange(3600, 3 * 86400)
        reviews = sorted(r.randrange(created + 60, merged) for _ in range(r.randrange(1, 3)))
        users = self.org.users
        return PullPlan(
            number=number,
            id=1_000_000_000 + repo.index * 100_000 + number - 1,
            title=r.choice(_PR_TITLES).format(x=repo.name),
            author=r.randrange(len(users)),
            created=created,
            activity=(*reviews, _epoch(inc.created_at)),
            closed=merged,
            merged=True,
            reviewers=tuple(r.sample(range(len(users)), min(len(users), 2))),
            draft=False,
            branch=f"change-{number}",
            shas=(
                f"{r.getrandbits(160):040x}",
                f"{r.getrandbits(160):040x}",
                f"{r.getrandbits(160):040x}",
            ),
        )

    def _make_incident_deploys(self) -> dict[int, list[DeployPlan]]:
        out: dict[int, list[DeployPlan]] = {}
        org = self.org
        for inc in org.incidents:
            st = story(org, inc)
            if st.trigger_kind != "deploy" or st.deploy_at is None:
                continue
            repo = self.repos[inc.service.index]
            finished = _epoch(st.deploy_at)
            r = random.Random(f"{self.seed}:github:incident-deploy:{inc.key}")
            out.setdefault(repo.index, []).append(
                DeployPlan(
                    id=60_000_000 + int(inc.key[:12], 16) % 900_000_000,
                    environment="production",
                    created=finished - r.randrange(60, 900),
                    finished=finished,
                    outcome="success",
                    ref=_sha(repo.name, "incident", inc.key)[:40],
                    creator=r.randrange(len(org.users)),
                    incident_key=inc.key,
                )
            )
        return out

    def releases(self, repo: Repo) -> list[ReleasePlan]:
        """The repository's releases, oldest first."""
        if repo._releases is None:  # noqa: SLF001
            out: list[ReleasePlan] = []
            if not repo.empty:
                r = random.Random(f"{repo.seed}:releases")
                minor, patch = 0, 0
                for n, created in enumerate(
                    self._times(r, self.org.config.github_releases_per_repo)
                ):
                    if r.random() < 0.2:  # noqa: PLR2004
                        minor, patch = minor + 1, 0
                    else:
                        patch += 1
                    draft = r.random() < 0.05  # noqa: PLR2004
                    out.append(
                        ReleasePlan(
                            id=80_000_000 + repo.index * 1_000 + n,
                            tag=f"v1.{minor}.{patch}",
                            created=created,
                            published=None if draft else created + r.randrange(0, 3600),
                            prerelease=r.random() < 0.1,  # noqa: PLR2004
                            author=r.randrange(len(self.org.users)),
                        )
                    )
            repo._releases = out  # noqa: SLF001
        return repo._releases  # noqa: SLF001


_DELIVERIES: WeakKeyDictionary[Org, Delivery] = WeakKeyDictionary()


def delivery(org: Org) -> Delivery:
    """The delivery history of ``org`` (one instance per org, shared by every view)."""
    found = _DELIVERIES.get(org)
    if found is None:
        found = _DELIVERIES[org] = Delivery(org)
    return found
