"""The GitHub REST API (``api.github.com``, or GitHub Enterprise Server's ``/api/v3``).

Mounted under ``/github``: a client's ``api_url`` is ``http://127.0.0.1:PORT/github`` and
paths are GitHub's own (``/orgs/{org}/repos``); the same paths answer under
``/github/api/v3/...`` as on a GitHub Enterprise Server (links then keep that prefix).

The world is a *view* of :class:`~reliability_sandbox.org.Org`: organisation ``acme``,
the org's teams (PagerDuty's slugs) with their members, one repository per service owned
by the service's team, then library and tool repositories up to ``github_repos``. Some
repositories break the engineering standards on purpose (no owning team, no required
webhook, unprotected default branch, no required reviews or status checks), some are
archived, one is empty (409) and some have Actions disabled (410). Service repositories
deploy to production and staging; every incident whose story says a deployment caused it
has a successful production deployment finishing at the story's ``deploy_at`` and a merged
pull request that deployment shipped, which the postmortem cites
(:meth:`GitHubWorld.incident_changes`). Pull requests, releases, workflow runs and
deployments are plans drawn per repository from the org seed that reach past the anchor:
the org clock reveals them, so a mutation epoch (``org.advance``) shows new pull requests,
finished runs and new deployments without any hook in ``org.py``.

Contract: ``Authorization: Bearer <token>`` (or ``token <token>``); ``X-GitHub-Api-Version``
(unknown versions get 400); ``page``/``per_page`` (at most 100) with a ``Link`` header
(``next``, ``last``, ``first``, ``prev``); ``x-ratelimit-*`` headers; the primary limit
answers 403 (or 429, :attr:`GitHubAPI.primary_limit_status`) with
``x-ratelimit-remaining: 0`` and ``x-ratelimit-reset`` in epoch seconds; secondary limits
(:meth:`GitHubAPI.secondary_limit`) answer 403 with ``retry-after``; errors are
``{"message", "documentation_url", "status"}``; a token lacking a scope gets 403 with
``x-accepted-oauth-scopes``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import operator
import random
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from reliability_sandbox.story import story
from reliability_sandbox.vendor import Request, Response, dumps

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Incident, Org, Service, Team, User

ORG_LOGIN = "acme"
WEB = "https://github.com"
API = "https://api.github.com"
DEFAULT_TOKEN = "sandbox-github-token"  # noqa: S105 - a public, fake sandbox credential
#: Tokens accepted with every scope the tap needs (each has its own rate-limit bucket).
EXTRA_TOKENS = ("sandbox-github-token-2", "sandbox-github-token-3")
FULL_SCOPES = frozenset({"repo", "read:org", "admin:repo_hook"})
#: Tokens with fewer scopes, to exercise the 403 that names the missing scope.
LIMITED_TOKENS: dict[str, frozenset[str]] = {
    "sandbox-github-token-no-hooks": frozenset({"repo", "read:org"}),
    "sandbox-github-token-no-org": frozenset({"repo", "admin:repo_hook"}),
}
API_VERSIONS = frozenset({"2022-11-28", "2026-03-10"})
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30
DOCS = "https://docs.github.com/rest"
REQUIRED_HOOK_URL = "https://hooks.reliability.acme.example/github"
REQUIRED_HOOK_EVENTS = ("deployment", "deployment_status", "pull_request", "push", "workflow_run")
CI_HOOK_URL = "https://ci.acme.example/hooks/github"
STATUS_CHECKS = ("ci/build", "ci/test", "security/codeql")
WORKFLOWS = (("CI", ".github/workflows/ci.yml"), ("Deploy", ".github/workflows/deploy.yml"))
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


class ApiError(Exception):
    """A GitHub error response: ``{"message", "documentation_url", "status"}``."""

    def __init__(
        self, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Create the error with its HTTP status, message and extra headers."""
        super().__init__(message)
        self.status = status
        self.body = {"message": message, "documentation_url": DOCS, "status": str(status)}
        self.headers = headers or []


_DAYS: dict[int, str] = {}


def _z(ts: int) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` (the date part cached per day: pages render many)."""
    day, rest = divmod(ts, 86400)
    prefix = _DAYS.get(day)
    if prefix is None:
        prefix = _DAYS[day] = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%dT")
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{prefix}{hours:02d}:{minutes:02d}:{seconds:02d}Z"


def _epoch(dt: datetime) -> int:
    return int(dt.timestamp())


def _sha(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


def login_of(user: User) -> str:
    """A user's GitHub login (``ada-adeyemi``)."""
    return user.email.split("@", 1)[0].replace(".", "-")


def simple_user(login: str, uid: int, kind: str) -> dict[str, Any]:
    """GitHub's ``simple-user``: what every embedded user or organisation owner carries."""
    api = f"{API}/users/{login}"
    return {
        "login": login,
        "id": uid,
        "node_id": f"{'O' if kind == 'Organization' else 'U'}_{uid}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}",
        "gravatar_id": "",
        "url": api,
        "html_url": f"{WEB}/{login}",
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": kind,
        "user_view_type": "public",
        "site_admin": False,
    }


def repository_links(full: str) -> dict[str, str]:
    """The hypermedia links every repository object carries (``acme/name``)."""
    api = f"{API}/repos/{full}"
    return {
        "url": api,
        "archive_url": f"{api}/{{archive_format}}{{/ref}}",
        "assignees_url": f"{api}/assignees{{/user}}",
        "blobs_url": f"{api}/git/blobs{{/sha}}",
        "branches_url": f"{api}/branches{{/branch}}",
        "collaborators_url": f"{api}/collaborators{{/collaborator}}",
        "comments_url": f"{api}/comments{{/number}}",
        "commits_url": f"{api}/commits{{/sha}}",
        "compare_url": f"{api}/compare/{{base}}...{{head}}",
        "contents_url": f"{api}/contents/{{+path}}",
        "contributors_url": f"{api}/contributors",
        "deployments_url": f"{api}/deployments",
        "downloads_url": f"{api}/downloads",
        "events_url": f"{api}/events",
        "forks_url": f"{api}/forks",
        "git_commits_url": f"{api}/git/commits{{/sha}}",
        "git_refs_url": f"{api}/git/refs{{/sha}}",
        "git_tags_url": f"{api}/git/tags{{/sha}}",
        "git_url": f"git://github.com/{full}.git",
        "issue_comment_url": f"{api}/issues/comments{{/number}}",
        "issue_events_url": f"{api}/issues/events{{/number}}",
        "issues_url": f"{api}/issues{{/number}}",
        "keys_url": f"{api}/keys{{/key_id}}",
        "labels_url": f"{api}/labels{{/name}}",
        "languages_url": f"{api}/languages",
        "merges_url": f"{api}/merges",
        "milestones_url": f"{api}/milestones{{/number}}",
        "notifications_url": f"{api}/notifications{{?since,all,participating}}",
        "pulls_url": f"{api}/pulls{{/number}}",
        "releases_url": f"{api}/releases{{/id}}",
        "ssh_url": f"git@github.com:{full}.git",
        "stargazers_url": f"{api}/stargazers",
        "statuses_url": f"{api}/statuses/{{sha}}",
        "subscribers_url": f"{api}/subscribers",
        "subscription_url": f"{api}/subscription",
        "tags_url": f"{api}/tags",
        "teams_url": f"{api}/teams",
        "trees_url": f"{api}/git/trees{{/sha}}",
        "clone_url": f"{WEB}/{full}.git",
        "hooks_url": f"{api}/hooks",
        "svn_url": f"{WEB}/{full}",
    }


# ============================================================== the GitHub world


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


@dataclass(slots=True)
class _Cache:
    version: int = -1
    data: dict[Any, Any] = field(default_factory=dict)


class GitHubWorld:
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


# ================================================================ the API view


class GitHubAPI:
    """GitHub's REST API over an :class:`~reliability_sandbox.org.Org`.

    Attributes:
        prefix: Mount point in the sandbox's URL space.
        org: The world it serves.
        tokens: Accepted tokens and their scopes.
        primary_limit_status: Status of a primary rate-limit answer (GitHub sends 403 or
            429; both carry ``x-ratelimit-remaining: 0``).
    """

    prefix = "/github"

    def __init__(self, org: Org, token: str = DEFAULT_TOKEN) -> None:
        """Create the view (the GitHub world is derived lazily)."""
        self.org = org
        self.token = token
        self.tokens: dict[str, frozenset[str]] = {
            token: FULL_SCOPES,
            **dict.fromkeys(EXTRA_TOKENS, FULL_SCOPES),
            **LIMITED_TOKENS,
        }
        self.primary_limit_status = 403
        self._secondary: list[tuple[int | None, int]] = []  # (retry-after, status) per request
        self._world: GitHubWorld | None = None
        self._cache = _Cache()
        self._users: dict[int, dict[str, Any]] = {}
        self._owner_obj: dict[str, Any] | None = None
        o = r"/orgs/([^/]+)"
        rp = r"/repos/([^/]+)/([^/]+)"
        self._routes: list[tuple[re.Pattern[str], str, Callable[..., Response]]] = [
            (re.compile(o), "", self._get_org),
            (re.compile(o + r"/teams"), "read:org", self._list_teams),
            (re.compile(o + r"/teams/([^/]+)/members"), "read:org", self._team_members),
            (re.compile(o + r"/teams/([^/]+)/repos"), "read:org", self._team_repos),
            (re.compile(o + r"/repos"), "", self._list_repos),
            (re.compile(rp), "", self._get_repo),
            (re.compile(rp + r"/teams"), "", self._repo_teams),
            (re.compile(rp + r"/hooks"), "admin:repo_hook", self._hooks),
            (re.compile(rp + r"/branches/([^/]+)/protection"), "repo", self._protection),
            (re.compile(rp + r"/rulesets"), "repo", self._rulesets),
            (re.compile(rp + r"/environments"), "repo", self._environments),
            (re.compile(rp + r"/deployments"), "repo", self._deployments),
            (re.compile(rp + r"/deployments/(\d+)/statuses"), "repo", self._deployment_statuses),
            (re.compile(rp + r"/releases"), "repo", self._releases),
            (re.compile(rp + r"/pulls"), "repo", self._pulls),
            (re.compile(rp + r"/actions/runs"), "repo", self._runs),
            (re.compile(rp + r"/actions/runs/(\d+)"), "repo", self._run),
        ]

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """Check ``Authorization: Bearer|token <token>``; 401 ``Bad credentials`` if not."""
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        given = given.strip()
        if not header:
            err = ApiError(401, "Requires authentication")
            return None, Response.json(401, err.body)
        if scheme.lower() not in ("bearer", "token") or not any(
            hmac.compare_digest(given.encode(), t.encode()) for t in self.tokens
        ):
            err = ApiError(401, "Bad credentials")
            return None, Response.json(401, err.body)
        return given, None

    def handle(self, request: Request) -> Response:
        """Route and serve one authenticated request."""
        if self._secondary:
            retry_after, status = self._secondary.pop(0)
            return self._secondary_response(retry_after, status)
        path = request.path.rstrip("/") or "/"
        base = self.prefix
        if path.startswith("/api/v3/") or path == "/api/v3":
            path = path[len("/api/v3") :] or "/"
            base += "/api/v3"
        token = request.headers.get("authorization", "").partition(" ")[2].strip()
        scopes = self.tokens.get(token, frozenset())
        scope_headers = [
            (b"x-oauth-scopes", ", ".join(sorted(scopes)).encode()),
            (b"x-github-api-version-selected", b"2022-11-28"),
        ]
        try:
            version = request.headers.get("x-github-api-version")
            if version is not None and version not in API_VERSIONS:
                raise ApiError(  # noqa: TRY301
                    400,
                    f"Invalid API version provided: {version}. Supported versions: "
                    + ", ".join(sorted(API_VERSIONS)),
                )
            for pattern, scope, func in self._routes:
                m = pattern.fullmatch(path)
                if m is None:
                    continue
                if request.method != "GET":
                    raise ApiError(404, "Not Found")  # noqa: TRY301
                groups = m.groups()
                if groups[0].lower() != ORG_LOGIN:
                    raise ApiError(404, "Not Found")  # noqa: TRY301
                if scope and scope not in scopes:
                    raise ApiError(  # noqa: TRY301
                        403,
                        _SCOPE_MESSAGES.get(
                            scope, "Resource not accessible by personal access token"
                        ),
                        [(b"x-accepted-oauth-scopes", scope.encode())],
                    )
                resp: Response = func(_Ctx(request, base), *groups[1:])
                resp.headers.extend(scope_headers)
                return resp
            raise ApiError(404, "Not Found")  # noqa: TRY301
        except ApiError as err:
            resp = Response.json(err.status, err.body)
            resp.headers.extend([*scope_headers, *err.headers])
            return resp

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """``x-ratelimit-*``: reset is the UTC epoch second the window resets."""
        return [
            (b"x-ratelimit-limit", b"%d" % limit),
            (b"x-ratelimit-remaining", b"%d" % remaining),
            (b"x-ratelimit-used", b"%d" % (limit - remaining)),
            (b"x-ratelimit-reset", b"%d" % (math.ceil(time.time()) + reset)),
            (b"x-ratelimit-resource", b"core"),
        ]

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """The primary rate limit: 403 (or 429) with ``x-ratelimit-remaining: 0``."""
        status = self.primary_limit_status
        err = ApiError(status, "API rate limit exceeded for user ID 7000000.")
        resp = Response.json(status, {**err.body, "documentation_url": _RATE_DOCS})
        resp.headers.extend(self.rate_limit_headers(limit, 0, max(reset, 1)))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as GitHub's JSON; 502/503 as the unicorn page its front end returns."""
        if status == 500:  # noqa: PLR2004
            return Response.json(500, {"message": "Server Error"})
        html = (
            b"<html><body><h1>Unicorn! That page is taking way too long to load.</h1></body></html>"
        )
        return Response(status, html, [(b"content-type", b"text/html; charset=utf-8")])

    def secondary_limit(
        self, times: int = 1, retry_after: int | None = 1, status: int = 403
    ) -> None:
        """Answer the next ``times`` requests with a secondary rate limit.

        Args:
            times: Requests to refuse.
            retry_after: ``retry-after`` seconds (``None``: no header, as GitHub
                sometimes does; clients must then wait at least a minute).
            status: 403 (GitHub's usual) or 429.
        """
        self._secondary.extend([(retry_after, status)] * times)

    @staticmethod
    def _secondary_response(retry_after: int | None, status: int) -> Response:
        body = {
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes "
            "before you try again. If you reach out to GitHub Support for help, please "
            "include the request ID.",
            "documentation_url": _RATE_DOCS,
            "status": str(status),
        }
        resp = Response.json(status, body)
        if retry_after is not None:
            resp.headers.append((b"retry-after", b"%d" % retry_after))
        return resp

    # =================================================================== world
    @property
    def world(self) -> GitHubWorld:
        """The derived GitHub world (built on first use)."""
        if self._world is None:
            self._world = GitHubWorld(self.org)
        return self._world

    @property
    def now(self) -> int:
        """The org clock in epoch seconds."""
        return _epoch(self.org.now)

    def _cached(self, key: Any, make: Callable[[], Any]) -> Any:  # noqa: ANN401
        cache = self._cache
        if cache.version != self.org.version:
            cache.version = self.org.version
            cache.data.clear()
        if key not in cache.data:
            cache.data[key] = make()
        return cache.data[key]

    def _repo(self, name: str) -> Repo:
        repo = self.world.by_name.get(name)
        if repo is None:
            raise ApiError(404, "Not Found")
        return repo

    # ================================================================ objects
    def user(self, index: int) -> dict[str, Any]:
        """A user as GitHub embeds it (simple user; one shared, never mutated, dict)."""
        cached = self._users.get(index)
        if cached is None:
            cached = self._users[index] = self._user(index)
        return cached

    def _user(self, index: int) -> dict[str, Any]:
        u = self.org.users[index]
        return simple_user(login_of(u), self.world.user_ids[index], "User")

    def team(self, t: Team, permission: str | None = None) -> dict[str, Any]:
        """A team (org list shape; ``permission`` as a repository's team list adds it)."""
        tid = self.world.team_ids[t.index]
        return {
            "id": tid,
            "node_id": f"T_{tid}",
            "url": f"{API}/organizations/{self.world.org_id}/team/{tid}",
            "html_url": f"{WEB}/orgs/{ORG_LOGIN}/teams/{t.slug}",
            "name": t.name,
            "slug": t.slug,
            "description": t.description,
            "privacy": "closed",
            "notification_setting": "notifications_enabled",
            "permission": permission or "pull",
            "members_url": f"{API}/organizations/{self.world.org_id}/team/{tid}/members{{/member}}",
            "repositories_url": f"{API}/organizations/{self.world.org_id}/team/{tid}/repos",
            "type": "organization",
            "organization_id": self.world.org_id,
            "parent": None,
        }

    def _owner(self) -> dict[str, Any]:
        if self._owner_obj is None:
            self._owner_obj = self._make_owner()
        return self._owner_obj

    def _make_owner(self) -> dict[str, Any]:
        return simple_user(ORG_LOGIN, self.world.org_id, "Organization")

    def _repo_pushed(self, repo: Repo) -> int:
        now = self.now
        times = [p.created for p in self.world.all_pulls(repo) if p.created <= now]
        return max(times) if times else repo.created

    def repository(self, repo: Repo, role: str | None = None) -> dict[str, Any]:
        """A repository (org list shape; ``role`` as a team's repository list adds it).

        One shared dict per repository, role and clock: never mutate it (pull requests
        and workflow runs embed it twice each).
        """
        return self._cached(("repository", repo.index, role), lambda: self._repository(repo, role))

    def _repository(self, repo: Repo, role: str | None) -> dict[str, Any]:
        full = f"{ORG_LOGIN}/{repo.name}"
        pushed = self._repo_pushed(repo)
        listed_role = role
        role = role or "admin"
        perms = {
            "admin": role == "admin",
            "maintain": role in ("admin", "maintain"),
            "push": role in ("admin", "maintain", "write"),
            "triage": role != "read",
            "pull": True,
        }
        out: dict[str, Any] = {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.name,
            "full_name": full,
            "owner": self._owner(),
            "private": repo.private,
            "html_url": f"{WEB}/{full}",
            "description": (
                repo.service.description if repo.service else f"{repo.kind.title()} {repo.name}"
            ),
            "fork": False,
            **repository_links(full),
            "mirror_url": None,
            "created_at": _z(repo.created),
            "updated_at": _z(max(pushed, repo.created)),
            "pushed_at": None if repo.empty else _z(pushed),
            "homepage": None,
            "size": 0 if repo.empty else 1000 + repo.index * 37 % 50_000,
            "stargazers_count": repo.index % 17,
            "watchers_count": repo.index % 17,
            "language": None if repo.empty else repo.language,
            "has_issues": True,
            "has_projects": False,
            "has_downloads": True,
            "has_wiki": False,
            "has_pages": "github-pages" in repo.environments,
            "has_discussions": False,
            "forks_count": 0,
            "archived": repo.archived,
            "disabled": False,
            "open_issues_count": repo.index % 7,
            "license": None,
            "allow_forking": False,
            "is_template": False,
            "web_commit_signoff_required": False,
            "topics": [repo.kind] + ([repo.team.slug] if repo.team else []),
            "visibility": "private" if repo.private else "internal",
            "forks": 0,
            "open_issues": repo.index % 7,
            "watchers": repo.index % 17,
            "default_branch": "main",
            "permissions": perms,
            "security_and_analysis": {
                "secret_scanning": {"status": "enabled" if repo.index % 3 else "disabled"},
                "secret_scanning_push_protection": {
                    "status": "enabled" if repo.index % 3 else "disabled"
                },
                "dependabot_security_updates": {
                    "status": "enabled" if repo.kind == "service" else "disabled"
                },
            },
            "custom_properties": (
                {"service": repo.service.slug} if repo.service is not None else {}
            ),
        }
        if listed_role is not None:
            out["role_name"] = listed_role
        return out

    def hooks(self, repo: Repo) -> list[dict[str, Any]]:
        """The repository's webhooks (secrets masked, as GitHub does)."""
        full = f"{ORG_LOGIN}/{repo.name}"
        out = []
        specs: list[tuple[str, bool, tuple[str, ...]]] = []
        if repo.required_hook != "missing":
            specs.append((REQUIRED_HOOK_URL, repo.required_hook == "ok", REQUIRED_HOOK_EVENTS))
        if repo.ci_hook:
            specs.append((CI_HOOK_URL, True, ("pull_request", "push")))
        for k, (url, active, events) in enumerate(specs):
            hid = 500_000_000 + repo.index * 10 + k
            last = (
                {"code": 200, "status": "active", "message": "OK"}
                if active and (repo.index + k) % 8 != 0
                else {"code": 502, "status": "failed", "message": "Bad Gateway"}
                if active
                else {"code": None, "status": "unused", "message": None}
            )
            created = repo.created + 86400 * (k + 1)
            out.append(
                {
                    "type": "Repository",
                    "id": hid,
                    "name": "web",
                    "active": active,
                    "events": list(events),
                    "config": {
                        "content_type": "json",
                        "insecure_ssl": "0",
                        "url": url,
                        "secret": "********",
                    },
                    "updated_at": _z(created + 3600),
                    "created_at": _z(created),
                    "url": f"{API}/repos/{full}/hooks/{hid}",
                    "test_url": f"{API}/repos/{full}/hooks/{hid}/test",
                    "ping_url": f"{API}/repos/{full}/hooks/{hid}/pings",
                    "deliveries_url": f"{API}/repos/{full}/hooks/{hid}/deliveries",
                    "last_response": last,
                }
            )
        return out

    def protection_state(self, repo: Repo) -> str:
        """``full``, ``no_reviews``, ``no_checks`` or ``none`` at the org clock."""
        if repo.protection == "fixed_later":
            return "full" if self.org.epoch >= 1 else "none"
        return repo.protection

    def protection(self, repo: Repo) -> dict[str, Any] | None:
        """The default branch's protection (``None``: not protected)."""
        state = self.protection_state(repo)
        if state == "none":
            return None
        full = f"{ORG_LOGIN}/{repo.name}"
        url = f"{API}/repos/{full}/branches/main/protection"
        out: dict[str, Any] = {"url": url}
        if state != "no_checks":
            out["required_status_checks"] = {
                "url": f"{url}/required_status_checks",
                "strict": True,
                "contexts": list(STATUS_CHECKS[: 1 + repo.index % 3]),
                "checks": [
                    {"context": c, "app_id": 15368} for c in STATUS_CHECKS[: 1 + repo.index % 3]
                ],
                "contexts_url": f"{url}/required_status_checks/contexts",
            }
        if state != "no_reviews":
            out["required_pull_request_reviews"] = {
                "url": f"{url}/required_pull_request_reviews",
                "dismiss_stale_reviews": repo.index % 2 == 0,
                "require_code_owner_reviews": repo.code_owners,
                "required_approving_review_count": repo.reviews,
                "require_last_push_approval": False,
            }
            if repo.index % 5 == 0:
                # A release manager may merge without the required reviews.
                out["required_pull_request_reviews"]["bypass_pull_request_allowances"] = {
                    "users": [self.user(repo.index % len(self.org.users))],
                    "teams": [],
                    "apps": [],
                }
        if repo.index % 4 == 2 and repo.team is not None:  # noqa: PLR2004
            # Only the owning team may push to the default branch.
            out["restrictions"] = {
                "url": f"{url}/restrictions",
                "users_url": f"{url}/restrictions/users",
                "teams_url": f"{url}/restrictions/teams",
                "apps_url": f"{url}/restrictions/apps",
                "users": [],
                "teams": [self.team(repo.team)],
                "apps": [],
            }
        out["required_signatures"] = {"url": f"{url}/required_signatures", "enabled": False}
        out["enforce_admins"] = {"url": f"{url}/enforce_admins", "enabled": repo.enforce_admins}
        out["required_linear_history"] = {"enabled": repo.linear_history}
        out["allow_force_pushes"] = {"enabled": repo.force_pushes}
        out["allow_deletions"] = {"enabled": False}
        out["block_creations"] = {"enabled": False}
        out["required_conversation_resolution"] = {"enabled": repo.index % 3 == 0}
        out["lock_branch"] = {"enabled": False}
        out["allow_fork_syncing"] = {"enabled": False}
        return out

    def rulesets(self, repo: Repo) -> list[dict[str, Any]]:
        """Rulesets applying to the repository (one org-wide, some repository ones)."""
        full = f"{ORG_LOGIN}/{repo.name}"
        org_rs = {
            "id": 900_001,
            "name": "org: protect release tags",
            "target": "tag",
            "source_type": "Organization",
            "source": ORG_LOGIN,
            "enforcement": "active",
            "node_id": "RRS_900001",
            "_links": {"self": {"href": f"{API}/orgs/{ORG_LOGIN}/rulesets/900001"}},
            "created_at": _z(self.world.anchor - self.world.span),
            "updated_at": _z(self.world.anchor - self.world.span),
        }
        out = [org_rs]
        if repo.index % 4 == 0 and not repo.empty:
            rid = 910_000 + repo.index
            out.append(
                {
                    "id": rid,
                    "name": "main branch",
                    "target": "branch",
                    "source_type": "Repository",
                    "source": full,
                    "enforcement": "active" if repo.index % 8 == 0 else "evaluate",
                    "node_id": f"RRS_{rid}",
                    "_links": {
                        "self": {"href": f"{API}/repos/{full}/rulesets/{rid}"},
                        "html": {"href": f"{WEB}/{full}/rules/{rid}"},
                    },
                    "created_at": _z(repo.created + 86400),
                    "updated_at": _z(repo.created + 2 * 86400),
                }
            )
        return out

    def environments(self, repo: Repo) -> list[dict[str, Any]]:
        """The repository's deployment environments with their protection rules."""
        full = f"{ORG_LOGIN}/{repo.name}"
        out = []
        for k, name in enumerate(repo.environments):
            eid = 700_000_000 + repo.index * 10 + k
            rules: list[dict[str, Any]] = []
            policy = None
            if name == "production":
                rules.append(
                    {
                        "id": eid * 10 + 1,
                        "node_id": f"GA_{eid}1",
                        "type": "wait_timer",
                        "wait_timer": 5,
                    }
                )
                if repo.team is not None and repo.index % 2 == 0:
                    rules.append(
                        {
                            "id": eid * 10 + 2,
                            "node_id": f"GA_{eid}2",
                            "prevent_self_review": True,
                            "type": "required_reviewers",
                            "reviewers": [
                                {"type": "Team", "reviewer": self.team(repo.team)},
                            ],
                        }
                    )
                rules.append({"id": eid * 10 + 3, "node_id": f"GA_{eid}3", "type": "branch_policy"})
                policy = {"protected_branches": True, "custom_branch_policies": False}
            created = repo.created + 86400 * (k + 2)
            out.append(
                {
                    "id": eid,
                    "node_id": f"EN_{eid}",
                    "name": name,
                    "url": f"{API}/repos/{full}/environments/{name}",
                    "html_url": f"{WEB}/{full}/deployments/activity_log?environments_filter={name}",
                    "created_at": _z(created),
                    "updated_at": _z(created),
                    "can_admins_bypass": name != "production",
                    "protection_rules": rules,
                    "deployment_branch_policy": policy,
                }
            )
        return out

    def visible_deploys(self, repo: Repo) -> list[DeployPlan]:
        """Deployments created by the org clock, newest first."""

        def make() -> list[DeployPlan]:
            now = self.now
            planned = [d for d in self.world.deploys(repo) if d.created <= now]
            caused = self.world.incident_deploys()
            planned += [d for d in caused.get(repo.index, []) if d.created <= now]
            planned.sort(key=lambda d: (d.created, d.id), reverse=True)
            return planned

        return self._cached(("deploys", repo.index), make)

    def deployment(self, repo: Repo, d: DeployPlan) -> dict[str, Any]:
        """A deployment."""
        full = f"{ORG_LOGIN}/{repo.name}"
        statuses = self.status_plans(d)
        updated = statuses[0][1] if statuses else d.created
        return {
            "url": f"{API}/repos/{full}/deployments/{d.id}",
            "id": d.id,
            "node_id": f"DE_{d.id}",
            "task": "deploy",
            "original_environment": d.environment,
            "environment": d.environment,
            "description": f"Deploy {d.ref[:7]} to {d.environment}",
            "created_at": _z(d.created),
            "updated_at": _z(updated),
            "statuses_url": f"{API}/repos/{full}/deployments/{d.id}/statuses",
            "repository_url": f"{API}/repos/{full}",
            "creator": self.user(d.creator),
            "sha": d.ref,
            "ref": "main",
            "payload": {},
            "transient_environment": False,
            "production_environment": d.environment == "production",
            "performed_via_github_app": None,
        }

    def status_plans(self, d: DeployPlan) -> list[tuple[str, int, int]]:
        """Visible statuses ``(state, at, id)``, newest first."""
        now = self.now
        steps = [
            ("queued", d.created + 2),
            ("in_progress", d.created + 10),
            (d.outcome, d.finished),
        ]
        out = [(s, at, d.id * 10 + k) for k, (s, at) in enumerate(steps) if at <= now]
        out.reverse()
        return out

    def deployment_status(
        self, repo: Repo, d: DeployPlan, st: tuple[str, int, int]
    ) -> dict[str, Any]:
        """One deployment status."""
        state, at, sid = st
        full = f"{ORG_LOGIN}/{repo.name}"
        return {
            "url": f"{API}/repos/{full}/deployments/{d.id}/statuses/{sid}",
            "id": sid,
            "node_id": f"DES_{sid}",
            "state": state,
            "creator": self.user(d.creator),
            "description": f"Deployment {state}",
            "environment": d.environment,
            "target_url": f"https://ci.acme.example/deploys/{d.id}",
            "created_at": _z(at),
            "updated_at": _z(at),
            "deployment_url": f"{API}/repos/{full}/deployments/{d.id}",
            "repository_url": f"{API}/repos/{full}",
            "environment_url": f"https://{d.environment}.acme.example/{repo.name}",
            "log_url": f"https://ci.acme.example/deploys/{d.id}",
            "performed_via_github_app": None,
        }

    def visible_releases(self, repo: Repo) -> list[ReleasePlan]:
        """Releases created by the org clock, newest first."""
        now = self.now
        out = [r for r in self.world.releases(repo) if r.created <= now]
        out.reverse()
        return out

    def release(self, repo: Repo, r: ReleasePlan) -> dict[str, Any]:
        """A release."""
        full = f"{ORG_LOGIN}/{repo.name}"
        return {
            "url": f"{API}/repos/{full}/releases/{r.id}",
            "html_url": f"{WEB}/{full}/releases/tag/{r.tag}",
            "assets_url": f"{API}/repos/{full}/releases/{r.id}/assets",
            "upload_url": f"https://uploads.github.com/repos/{full}/releases/{r.id}/assets{{?name,label}}",
            "tarball_url": f"{API}/repos/{full}/tarball/{r.tag}",
            "zipball_url": f"{API}/repos/{full}/zipball/{r.tag}",
            "id": r.id,
            "node_id": f"RE_{r.id}",
            "tag_name": r.tag,
            "target_commitish": "main",
            "name": f"{repo.name} {r.tag}",
            "body": f"Release {r.tag} of {repo.name}.",
            "draft": r.published is None,
            "prerelease": r.prerelease,
            "immutable": False,
            "created_at": _z(r.created),
            "published_at": None if r.published is None else _z(r.published),
            "updated_at": _z(r.created if r.published is None else r.published),
            "author": self.user(r.author),
            "assets": self._release_assets(repo, r),
        }

    def _release_assets(self, repo: Repo, r: ReleasePlan) -> list[dict[str, Any]]:
        """Tools ship a binary with every published release; other repositories none."""
        if repo.kind != "tool" or r.published is None:
            return []
        full = f"{ORG_LOGIN}/{repo.name}"
        aid = r.id * 10 + 1
        name = f"{repo.name}-{r.tag}-linux-amd64.tar.gz"
        return [
            {
                "url": f"{API}/repos/{full}/releases/assets/{aid}",
                "browser_download_url": f"{WEB}/{full}/releases/download/{r.tag}/{name}",
                "id": aid,
                "node_id": f"RA_{aid}",
                "name": name,
                "label": None,
                "state": "uploaded",
                "content_type": "application/gzip",
                "size": 1_000_000 + r.id % 99_991,
                "digest": f"sha256:{hashlib.sha256(name.encode()).hexdigest()}",
                "download_count": r.id % 97,
                "created_at": _z(r.published),
                "updated_at": _z(r.published),
                "uploader": self.user(r.author),
            }
        ]

    def visible_pulls(self, repo: Repo) -> list[tuple[PullPlan, int]]:
        """Pull requests created by the org clock with their ``updated_at``.

        Most recently updated first (GitHub's ``sort=updated&direction=desc``).
        """

        def make() -> list[tuple[PullPlan, int]]:
            now = self.now
            out = []
            for p in self.world.all_pulls(repo):
                if p.created > now:
                    continue
                updated = p.created
                for t in p.activity:
                    if t <= now:
                        updated = max(updated, t)
                if p.closed is not None and p.closed <= now:
                    updated = max(updated, p.closed)
                out.append((p, updated))
            out.sort(key=lambda x: (x[1], x[0].number), reverse=True)
            return out

        return self._cached(("pulls", repo.index), make)

    def pull(self, repo: Repo, p: PullPlan, updated: int) -> dict[str, Any]:
        """A pull request (list shape: ``pull-request-simple``)."""
        now = self.now
        full = f"{ORG_LOGIN}/{repo.name}"
        closed = p.closed if p.closed is not None and p.closed <= now else None
        merged = closed if closed is not None and p.merged else None
        repo_obj = self.repository(repo)
        head_sha, base_sha, merge_sha = p.shas
        api = f"{API}/repos/{full}"
        url = f"{api}/pulls/{p.number}"
        html = f"{WEB}/{full}/pull/{p.number}"
        issue = f"{api}/issues/{p.number}"
        statuses = f"{api}/statuses/{head_sha}"
        is_open = closed is None
        # Labels, team review requests and auto-merge follow from the pull request's id
        # (not from the world's random streams, which must stay as they are).
        requested_teams = (
            [self.team(repo.team)] if is_open and repo.team is not None and p.id % 3 == 0 else []
        )
        auto_merge = (
            {
                "enabled_by": self.user(p.author),
                "merge_method": "squash",
                "commit_title": f"{p.title} (#{p.number})",
                "commit_message": "",
            }
            if is_open and p.id % 4 == 1
            else None
        )
        return {
            "url": url,
            "id": p.id,
            "node_id": f"PR_{p.id}",
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue,
            "commits_url": f"{url}/commits",
            "review_comments_url": f"{url}/comments",
            "review_comment_url": f"{api}/pulls/comments{{/number}}",
            "comments_url": f"{issue}/comments",
            "statuses_url": statuses,
            "number": p.number,
            "state": "closed" if closed is not None else "open",
            "locked": False,
            "title": p.title,
            "user": self.user(p.author),
            "body": None,
            "labels": self._labels(repo, p),
            "milestone": None,
            "active_lock_reason": None,
            "created_at": _z(p.created),
            "updated_at": _z(updated),
            "closed_at": None if closed is None else _z(closed),
            "merged_at": None if merged is None else _z(merged),
            "merge_commit_sha": merge_sha if merged else None,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [] if closed else [self.user(i) for i in p.reviewers],
            "requested_teams": requested_teams,
            "head": {
                "label": f"{ORG_LOGIN}:{p.branch}",
                "ref": p.branch,
                "sha": head_sha,
                "user": self._owner(),
                "repo": repo_obj,
            },
            "base": {
                "label": f"{ORG_LOGIN}:main",
                "ref": "main",
                "sha": base_sha,
                "user": self._owner(),
                "repo": repo_obj,
            },
            "_links": {
                "self": {"href": url},
                "html": {"href": html},
                "issue": {"href": issue},
                "comments": {"href": f"{issue}/comments"},
                "review_comments": {"href": f"{url}/comments"},
                "review_comment": {"href": f"{api}/pulls/comments{{/number}}"},
                "commits": {"href": f"{url}/commits"},
                "statuses": {"href": statuses},
            },
            "author_association": "MEMBER",
            "auto_merge": auto_merge,
            "draft": p.draft and closed is None,
        }

    def _labels(self, repo: Repo, p: PullPlan) -> list[dict[str, Any]]:
        """Labels by title (dependency bumps, flaky-test fixes), and some enhancements."""
        names = []
        if p.title.startswith("Bump"):
            names.append("dependencies")
        elif p.title.startswith("Fix"):
            names.append("bug")
        elif p.id % 4 == 0:
            names.append("enhancement")
        full = f"{ORG_LOGIN}/{repo.name}"
        out = []
        for name in names:
            k = _LABELS_ORDER.index(name)
            lid = 4_000_000_000 + repo.index * 10 + k
            color, description = _LABELS[name]
            out.append(
                {
                    "id": lid,
                    "node_id": f"LA_{lid}",
                    "url": f"{API}/repos/{full}/labels/{name}",
                    "name": name,
                    "description": description,
                    "color": color,
                    "default": name != "dependencies",
                }
            )
        return out

    def run_state(self, r: RunPlan) -> tuple[str, str | None, int]:
        """``(status, conclusion, updated_at)`` at the org clock."""
        now = self.now
        end = r.started + r.duration
        if end <= now:
            return "completed", r.conclusion, end
        if r.started <= now:
            return "in_progress", None, r.started
        return "queued", None, r.created

    def visible_runs(self, repo: Repo) -> list[RunPlan]:
        """Runs created by the org clock, newest first."""
        now = self.now
        out = [r for r in self.world.runs(repo) if r.created <= now]
        out.reverse()
        return out

    def run(self, repo: Repo, r: RunPlan) -> dict[str, Any]:
        """A workflow run."""
        full = f"{ORG_LOGIN}/{repo.name}"
        status, conclusion, updated = self.run_state(r)
        wname, wpath = WORKFLOWS[r.workflow]
        wid = 800_000_000 + repo.index * 10 + r.workflow
        sha = _sha(repo.name, "run", r.number)
        run_url = f"{API}/repos/{full}/actions/runs/{r.id}"
        repo_obj = self.repository(repo)
        author = self.org.users[r.actor]
        return {
            "id": r.id,
            "name": wname,
            "node_id": f"WFR_{r.id}",
            "check_suite_node_id": f"CS_{r.id + 1}",
            "referenced_workflows": [],
            "head_branch": r.branch,
            "head_sha": sha,
            "path": wpath,
            "display_title": f"{wname} on {r.branch}",
            "run_number": r.number,
            "event": r.event,
            "status": status,
            "conclusion": conclusion,
            "workflow_id": wid,
            "check_suite_id": r.id + 1,
            "url": run_url,
            "html_url": f"{WEB}/{full}/actions/runs/{r.id}",
            "pull_requests": [],
            "created_at": _z(r.created),
            "updated_at": _z(updated),
            "actor": self.user(r.actor),
            "triggering_actor": self.user(r.actor),
            "run_attempt": r.attempt,
            "run_started_at": _z(r.started),
            "jobs_url": f"{run_url}/jobs",
            "logs_url": f"{run_url}/logs",
            "check_suite_url": f"{API}/repos/{full}/check-suites/{r.id + 1}",
            "artifacts_url": f"{run_url}/artifacts",
            "cancel_url": f"{run_url}/cancel",
            "rerun_url": f"{run_url}/rerun",
            "previous_attempt_url": (
                f"{run_url}/attempts/{r.attempt - 1}" if r.attempt > 1 else None
            ),
            "workflow_url": f"{API}/repos/{full}/actions/workflows/{wid}",
            "head_commit": {
                "id": sha,
                "tree_id": _sha(sha, "tree"),
                "message": "Change",
                "timestamp": _z(r.created - 60),
                "author": {"name": author.name, "email": author.email},
                "committer": {"name": "GitHub", "email": "noreply@github.com"},
            },
            "repository": repo_obj,
            "head_repository": repo_obj,
            "head_repository_id": repo.id,
        }

    # ============================================================= pagination
    def _page(
        self,
        ctx: _Ctx,
        items: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        wrap: str | None = None,
        kind: str | None = None,
    ) -> Response:
        """``page``/``per_page`` with a ``Link`` header (``wrap``: ``{total_count, wrap: []}``).

        ``kind`` names the listed object for the quirks (:meth:`quirked`): with
        ``short_pages`` pages hold fewer rows than ``per_page`` (and the ``Link`` header
        still says where the next one is); with ``unsorted`` a newest-first list shifts
        by one between page 1 and page 2 (a row was added on top: the last row of page 1
        repeats at the top of page 2), and the first two rows of a pull request page swap.
        """
        req = ctx.request
        quirks = req.quirks
        per_page = _int_arg(req, "per_page", DEFAULT_PER_PAGE)
        per_page = min(max(per_page, 1), MAX_PER_PAGE)
        page = max(_int_arg(req, "page", 1), 1)
        short = "short_pages" in quirks
        if "unsorted" in quirks and kind in _SHIFTING:
            second = _window(2, per_page, short=short)[0]
            if len(items) > second:
                items = [*items[:second], *items[second - 1 :]]
        start, size = _window(page, per_page, short=short)
        chosen = list(items[start : start + size])
        if "unsorted" in quirks and kind == "pull" and len(chosen) > 1:
            chosen[0], chosen[1] = chosen[1], chosen[0]
        window = []
        deviations: list[str] = []
        where = f"response.{wrap}" if wrap else "response"
        for i, item in enumerate(chosen):
            obj, paths = self.quirked(kind, render(item), quirks)
            window.append(obj)
            deviations += [f"{where}[{i}]{path}" for path in paths]
        last = _last_page(len(items), per_page, short=short)
        params = [(k, v) for k, vs in req.query.items() if k != "page" for v in vs]
        host = req.headers.get("host", "127.0.0.1")

        def url(n: int) -> str:
            return f"http://{host}{ctx.base}{ctx.path_no_v3}?{urlencode([*params, ('page', n)])}"

        rels = []
        if page > 1:
            rels.append(f'<{url(page - 1)}>; rel="prev"')
        if page < last:
            rels.append(f'<{url(page + 1)}>; rel="next"')
            rels.append(f'<{url(last)}>; rel="last"')
        if page > 1:
            rels.append(f'<{url(1)}>; rel="first"')
        body = dumps({"total_count": len(items), wrap: window} if wrap else window)
        headers = [(b"content-type", b"application/json; charset=utf-8")]
        if rels:
            headers.append((b"link", ", ".join(rels).encode()))
        return Response(200, body, headers, deviations=tuple(deviations))

    # ================================================================= quirks
    def quirked(
        self, kind: str | None, obj: dict[str, Any], quirks: frozenset[str]
    ) -> tuple[dict[str, Any], list[str]]:
        """``obj`` as served with ``quirks``, and where it departs from GitHub's document.

        * ``unknown_fields``: every listed object carries a field the document does not
          list yet, and every third deployment's ``queued`` status says ``waiting`` (a
          state GitHub sends while a deployment awaits approval, outside the document's
          enum);
        * ``spec_nulls``: some pull requests come from a fork deleted since: their
          ``head.label``, ``head.user`` and ``head.repo`` are null, as GitHub sends them,
          although the document says a string and a repository.

        The returned paths are relative to the object (``.head.repo``). ``obj`` may be a
        shared dict: it is copied, never changed.
        """
        paths: list[str] = []
        if kind is None or not quirks & {"unknown_fields", "spec_nulls"}:
            return obj, paths
        if "unknown_fields" in quirks:
            obj = {**obj, UNKNOWN_FIELD: dict(UNKNOWN_VALUE)}
            if kind == "deployment_status" and obj["state"] == "queued" and obj["id"] % 3 == 0:
                obj["state"] = UNKNOWN_STATE
                paths.append(".state")
        if "spec_nulls" in quirks and kind == "pull" and obj["id"] % 7 == 3:  # noqa: PLR2004
            # github/rest-api-description#1811 and #5562: a deleted fork's head.
            obj = {**obj, "head": {**obj["head"], "label": None, "user": None, "repo": None}}
            paths += [".head.label", ".head.repo"]
        return obj, paths

    def vanished_team(self) -> Team:
        """With ``vanished_children``: the team deleted after the team list was read."""
        return max(self.org.teams, key=lambda t: t.name)

    def deleted_repo(self, quirks: frozenset[str] | Sequence[str]) -> Repo | None:
        """Under ``deleted_inventory``, from the first epoch on: the repository deleted at GitHub.

        Gone from ``/orgs/{org}/repos``; it and everything under it answer GitHub's 404
        (``{"message": "Not Found"}``). A library (no service's history depends on it).
        """
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return None
        return [r for r in self.world.repos if r.kind != "service"][-1]

    def vanished_repo(self) -> Repo:
        """With ``vanished_children``: the repository deleted after the list was read."""
        return [r for r in self.world.repos if r.kind == "service"][-1]

    def vanished_deployment(self) -> int | None:
        """With ``vanished_children``: the deployment deleted before its statuses are read.

        The newest deployment of the first service (listed, then gone).
        """
        visible = self.visible_deploys(self.world.repos[0])
        return visible[0].id if visible else None

    def _repo_of(self, ctx: _Ctx, name: str) -> Repo:
        """The repository a per-repository request names (404 if unknown or vanished)."""
        repo = self._repo(name)
        if "vanished_children" in ctx.request.quirks and repo is self.vanished_repo():
            raise ApiError(404, "Not Found")
        if repo is self.deleted_repo(ctx.request.quirks):
            raise ApiError(404, "Not Found")
        return repo

    # ============================================================== endpoints
    def organization(self) -> dict[str, Any]:
        """The organisation (``organization-full``, as its owner's token sees it)."""
        oid = self.world.org_id
        api = f"{API}/orgs/{ORG_LOGIN}"
        created = _z(self.world.anchor - self.world.span - 3 * 365 * 86400)
        return {
            "login": ORG_LOGIN,
            "id": oid,
            "node_id": f"O_{oid}",
            "url": api,
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events",
            "hooks_url": f"{api}/hooks",
            "issues_url": f"{api}/issues",
            "members_url": f"{api}/members{{/member}}",
            "public_members_url": f"{api}/public_members{{/member}}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{oid}",
            "description": "Acme engineering",
            "name": "Acme",
            "company": "Acme Corp",
            "blog": "https://acme.example/engineering",
            "location": "Remote",
            "email": "engineering@acme.example",
            "twitter_username": None,
            "is_verified": False,
            "has_organization_projects": True,
            "has_repository_projects": True,
            "public_repos": sum(not r.private for r in self.world.repos),
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "html_url": f"{WEB}/{ORG_LOGIN}",
            "type": "Organization",
            "total_private_repos": sum(r.private for r in self.world.repos),
            "owned_private_repos": sum(r.private for r in self.world.repos),
            "default_repository_permission": "read",
            "two_factor_requirement_enabled": True,
            "created_at": created,
            "updated_at": created,
            "archived_at": None,
        }

    def _get_org(self, _ctx: _Ctx) -> Response:
        return Response.json(200, self.organization())

    def _team(self, slug: str) -> Team:
        for t in self.org.teams:
            if t.slug == slug:
                return t
        raise ApiError(404, "Not Found")

    def _list_teams(self, ctx: _Ctx) -> Response:
        teams = sorted(self.org.teams, key=lambda t: t.name)
        return self._page(ctx, teams, self.team, kind="team")

    def _team_of(self, ctx: _Ctx, slug: str) -> Team:
        """The team a per-team request names (404 if unknown, or deleted since listed)."""
        team = self._team(slug)
        if "vanished_children" in ctx.request.quirks and team is self.vanished_team():
            raise ApiError(404, "Not Found")
        return team

    def _team_members(self, ctx: _Ctx, slug: str) -> Response:
        team = self._team_of(ctx, slug)
        role = ctx.request.arg("role") or "all"
        if role not in ("all", "member", "maintainer"):
            raise ApiError(422, "Validation Failed")
        members = []
        for u, r in team.members:
            gh_role = "maintainer" if r == "manager" else "member"
            if role in ("all", gh_role):
                members.append(u)
        members.sort(key=lambda u: self.world.user_ids[u.index])
        return self._page(ctx, members, lambda u: self.user(u.index), kind="user")

    def team_repo_roles(self, team: Team) -> list[tuple[Repo, str]]:
        """Repositories a team has access to, with its role."""
        out = []
        for repo in self.world.repos:
            if repo.team is team:
                out.append((repo, "admin"))
            elif team in repo.writers and repo.team is not None:
                out.append((repo, "write"))
        return out

    def _team_repos(self, ctx: _Ctx, slug: str) -> Response:
        team = self._team_of(ctx, slug)
        items = self.team_repo_roles(team)
        return self._page(ctx, items, lambda x: self.repository(x[0], x[1]), kind="repository")

    def _sorted_repos(self, req: Request) -> list[Repo]:
        sort = req.arg("sort") or "created"
        if sort not in ("created", "updated", "pushed", "full_name"):
            raise ApiError(422, "Validation Failed")
        key: Callable[[Repo], Any] = {
            "created": lambda r: (r.created, r.id),
            "updated": lambda r: (self._repo_pushed(r), r.id),
            "pushed": lambda r: (self._repo_pushed(r), r.id),
            "full_name": lambda r: r.name,
        }[sort]
        default_dir = "asc" if sort == "full_name" else "desc"
        direction = req.arg("direction") or default_dir
        repos = self._cached(
            ("repos", sort, direction),
            lambda: sorted(self.world.repos, key=key, reverse=direction == "desc"),
        )
        rtype = req.arg("type") or "all"
        if rtype in ("public", "internal"):
            return [r for r in repos if not r.private]
        if rtype == "private":
            return [r for r in repos if r.private]
        return repos

    def _list_repos(self, ctx: _Ctx) -> Response:
        deleted = self.deleted_repo(ctx.request.quirks)
        repos = [r for r in self._sorted_repos(ctx.request) if r is not deleted]
        return self._page(ctx, repos, self.repository, kind="repository")

    def _get_repo(self, ctx: _Ctx, name: str) -> Response:
        return Response.json(200, self.repository(self._repo_of(ctx, name)))

    def _repo_teams(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo(name)
        items: list[tuple[Team, str]] = []
        if repo.team is not None:
            items.append((repo.team, "admin"))
            items += [(t, "push") for t in repo.writers]
        return self._page(ctx, items, lambda x: self.team(x[0], x[1]))

    def _hooks(self, ctx: _Ctx, name: str) -> Response:
        return self._page(ctx, self.hooks(self._repo_of(ctx, name)), lambda h: h, kind="hook")

    def _protection(self, ctx: _Ctx, name: str, branch: str) -> Response:
        repo = self._repo_of(ctx, name)
        if repo.empty:
            raise ApiError(409, "Git Repository is empty.")
        if branch != "main":
            raise ApiError(404, "Branch not found")
        body = self.protection(repo)
        if body is None:
            raise ApiError(404, "Branch not protected")
        return Response.json(200, body)

    def _rulesets(self, ctx: _Ctx, name: str) -> Response:
        return self._page(ctx, self.rulesets(self._repo_of(ctx, name)), lambda x: x, kind="ruleset")

    def _environments(self, ctx: _Ctx, name: str) -> Response:
        return self._page(
            ctx,
            self.environments(self._repo_of(ctx, name)),
            lambda x: x,
            wrap="environments",
            kind="environment",
        )

    def _deployments(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        items = self.visible_deploys(repo)
        env = ctx.request.arg("environment")
        if env:
            items = [d for d in items if d.environment == env]
        return self._page(ctx, items, lambda d: self.deployment(repo, d), kind="deployment")

    def _deployment_statuses(self, ctx: _Ctx, name: str, did: str) -> Response:
        repo = self._repo_of(ctx, name)
        found = next((d for d in self.visible_deploys(repo) if d.id == int(did)), None)
        vanished = "vanished_children" in ctx.request.quirks and (
            found is not None and found.id == self.vanished_deployment()
        )
        if found is None or vanished:
            raise ApiError(404, "Not Found")
        return self._page(
            ctx,
            self.status_plans(found),
            lambda st: self.deployment_status(repo, found, st),
            kind="deployment_status",
        )

    def _releases(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        return self._page(
            ctx, self.visible_releases(repo), lambda r: self.release(repo, r), kind="release"
        )

    def _pulls(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        req = ctx.request
        state = req.arg("state") or "open"
        sort = req.arg("sort") or "created"
        direction = req.arg("direction") or "desc"
        if state not in ("open", "closed", "all") or sort not in (
            "created",
            "updated",
            "popularity",
            "long-running",
        ):
            raise ApiError(422, "Validation Failed")
        items = self.visible_pulls(repo)
        now = self.now
        if state != "all":
            want_closed = state == "closed"
            items = [
                x for x in items if (x[0].closed is not None and x[0].closed <= now) == want_closed
            ]
        if sort == "created":
            items = sorted(items, key=lambda x: (x[0].created, x[0].number), reverse=True)
        if direction == "asc":
            items = list(reversed(items))
        return self._page(ctx, items, lambda x: self.pull(repo, x[0], x[1]), kind="pull")

    def _runs(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        if repo.actions_disabled:
            raise ApiError(410, "Actions are disabled for this repository.")
        items = self.visible_runs(repo)
        created = ctx.request.arg("created")
        if created:
            items = _filter_created(items, created)
        status = ctx.request.arg("status")
        if status:
            items = [r for r in items if self.run_state(r)[0] == status or r.conclusion == status]
        return self._page(ctx, items, lambda r: self.run(repo, r), wrap="workflow_runs", kind="run")

    def _run(self, _ctx: _Ctx, name: str, rid: str) -> Response:
        repo = self._repo(name)
        if repo.actions_disabled:
            raise ApiError(410, "Actions are disabled for this repository.")
        for r in self.visible_runs(repo):
            if r.id == int(rid):
                return Response.json(200, self.run(repo, r))
        raise ApiError(404, "Not Found")

    # ================================================================ truth
    def truth(self, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:  # noqa: C901 - one pass over the world
        """Every collection exactly as served, at the org clock, with ``quirks`` switched on.

        Keys: ``organization``, ``teams``, ``team_members`` (team slug -> [(login,
        role)]), ``team_member_users`` (team slug -> [{"role", "user"}] with the served
        user objects), ``repositories``, ``repo_teams`` (repo name -> [(team slug,
        permission)]), ``team_repositories`` (team slug -> served repository objects),
        ``repo_hooks``, ``branch_protection`` (repo name -> body, or the error message and
        status), ``rulesets``, ``environments``, ``deployments``, ``deployment_statuses``
        (deployment id -> statuses), ``releases``, ``pull_requests``, ``workflow_runs``
        (repo name -> list, or the error status for runs), ``incident_deployments``
        (incident key -> the deployment that caused it) and ``incident_pull_requests``
        (incident key -> the pull request that deployment shipped, which the postmortem
        cites; see :meth:`GitHubWorld.incident_changes`).

        With ``vanished_children`` a per-team or per-repository collection that answers
        404 is ``{"status": 404, "message": "Not Found"}`` instead of a list (the team,
        repository or deployment itself is still listed). Page-level quirks (short and
        shifting pages) change how rows are paged, not which rows are served.
        """
        world = self.world
        teams = sorted(self.org.teams, key=lambda t: t.name)
        vanishing = "vanished_children" in quirks
        gone = {"status": 404, "message": "Not Found"}
        gone_team = self.vanished_team() if vanishing else None
        gone_repo = self.vanished_repo() if vanishing else None
        gone_deploy = self.vanished_deployment() if vanishing else None

        def q(kind: str, obj: dict[str, Any]) -> dict[str, Any]:
            return self.quirked(kind, obj, quirks)[0]

        changes: dict[int, list[tuple[str, IncidentChange]]] = {}
        for key, change in world.incident_changes().items():
            changes.setdefault(change.repo.index, []).append((key, change))
        out: dict[str, Any] = {
            "organization": self.organization(),
            "teams": [q("team", self.team(t)) for t in teams],
            "team_members": {},
            "team_member_users": {},
            "repositories": [q("repository", self.repository(r)) for r in world.repos],
            "repo_teams": {},
            "team_repositories": {},
            "repo_hooks": {},
            "branch_protection": {},
            "rulesets": {},
            "environments": {},
            "deployments": {},
            "deployment_statuses": {},
            "releases": {},
            "pull_requests": {},
            "workflow_runs": {},
            "incident_deployments": {},
            "incident_pull_requests": {},
        }
        for t in teams:
            if t is gone_team:
                out["team_members"][t.slug] = dict(gone)
                out["team_member_users"][t.slug] = dict(gone)
                out["team_repositories"][t.slug] = dict(gone)
                continue
            roles = {u.index: "maintainer" if r == "manager" else "member" for u, r in t.members}
            out["team_members"][t.slug] = sorted(
                (login_of(u), roles[u.index]) for u, _ in t.members
            )
            out["team_member_users"][t.slug] = [
                {"role": roles[u.index], "user": q("user", self.user(u.index))}
                for u, _ in t.members
            ]
            out["team_repositories"][t.slug] = [
                q("repository", self.repository(repo, role))
                for repo, role in self.team_repo_roles(t)
            ]
        for repo in world.repos:
            n = repo.name
            owners = [(repo.team.slug, "admin")] if repo.team else []
            owners += [(t.slug, "push") for t in repo.writers] if repo.team else []
            if gone_team is not None:
                owners = [(slug, perm) for slug, perm in owners if slug != gone_team.slug]
            out["repo_teams"][n] = owners
            if repo is gone_repo:
                for key in (
                    "repo_hooks",
                    "branch_protection",
                    "rulesets",
                    "environments",
                    "deployments",
                    "releases",
                    "pull_requests",
                    "workflow_runs",
                ):
                    out[key][n] = dict(gone)
                continue
            out["repo_hooks"][n] = [q("hook", h) for h in self.hooks(repo)]
            out["branch_protection"][n] = (
                {"status": 409, "message": "Git Repository is empty."}
                if repo.empty
                else self.protection(repo) or {"status": 404, "message": "Branch not protected"}
            )
            out["rulesets"][n] = [q("ruleset", x) for x in self.rulesets(repo)]
            out["environments"][n] = [q("environment", x) for x in self.environments(repo)]
            deploys = self.visible_deploys(repo)
            out["deployments"][n] = [q("deployment", self.deployment(repo, d)) for d in deploys]
            for d in deploys:
                out["deployment_statuses"][d.id] = (
                    dict(gone)
                    if d.id == gone_deploy
                    else [
                        q("deployment_status", self.deployment_status(repo, d, st))
                        for st in self.status_plans(d)
                    ]
                )
                if d.incident_key:
                    out["incident_deployments"][d.incident_key] = self.deployment(repo, d)
            out["releases"][n] = [
                q("release", self.release(repo, r)) for r in self.visible_releases(repo)
            ]
            pulls = self.visible_pulls(repo)
            out["pull_requests"][n] = [q("pull", self.pull(repo, p, u)) for p, u in pulls]
            updated = {p.id: u for p, u in pulls}
            for key, change in changes.get(repo.index, []):
                if change.pull.id in updated:
                    out["incident_pull_requests"][key] = self.pull(
                        repo, change.pull, updated[change.pull.id]
                    )
            out["workflow_runs"][n] = (
                {"status": 410, "message": "Actions are disabled for this repository."}
                if repo.actions_disabled
                else [q("run", self.run(repo, r)) for r in self.visible_runs(repo)]
            )
        return _without_deleted(out, self.deleted_repo(quirks))


@dataclass(slots=True)
class _Ctx:
    """A request and the URL base its links use (``/github`` or ``/github/api/v3``)."""

    request: Request
    base: str

    @property
    def path_no_v3(self) -> str:
        path = self.request.path
        return path.removeprefix("/api/v3")


_RATE_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
_LABELS = {
    "bug": ("d73a4a", "Something isn't working"),
    "dependencies": ("0366d6", "Pull requests that update a dependency file"),
    "enhancement": ("a2eeef", "New feature or request"),
}
_LABELS_ORDER = tuple(_LABELS)
_SCOPE_MESSAGES = {
    "admin:repo_hook": "Must have admin rights to Repository.",
    "read:org": "Resource not accessible by personal access token",
    "repo": "Resource not accessible by personal access token",
}


_COMPARISONS: tuple[tuple[str, Callable[[int, int], bool]], ...] = (
    (">=", operator.ge),
    ("<=", operator.le),
    (">", operator.gt),
    ("<", operator.lt),
)


#: Lists ordered newest first, where a row added while a client pages shifts the pages.
_SHIFTING = frozenset({"pull", "run", "deployment", "release", "deployment_status"})
#: With ``short_pages`` a page holds at most this many rows, then one and two fewer in turn.
SHORT_PAGE = 7
UNKNOWN_FIELD = "field_added_after_the_contract"
UNKNOWN_VALUE = {"note": "a field GitHub added after the published description"}
UNKNOWN_STATE = "waiting"


def _page_size(page: int, per_page: int, *, short: bool) -> int:
    if not short:
        return per_page
    return max(1, min(per_page, SHORT_PAGE) - (page - 1) % 3)


def _window(page: int, per_page: int, *, short: bool) -> tuple[int, int]:
    """``(start, size)`` of a page (pages are numbered from 1)."""
    if not short:
        return (page - 1) * per_page, per_page
    start = sum(_page_size(k, per_page, short=True) for k in range(1, page))
    return start, _page_size(page, per_page, short=True)


def _last_page(total: int, per_page: int, *, short: bool) -> int:
    if not short:
        return max(1, math.ceil(total / per_page))
    page, end = 1, _page_size(1, per_page, short=True)
    while end < total:
        page += 1
        end += _page_size(page, per_page, short=True)
    return page


def _int_arg(req: Request, name: str, default: int) -> int:
    raw = req.arg(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ApiError(422, f"Invalid value for {name}") from None


def _filter_created(items: list[RunPlan], expr: str) -> list[RunPlan]:
    """GitHub's ``created`` search qualifier: ``>=T``, ``>T``, ``<=T``, ``<T``, ``A..B``."""

    def ts(text: str) -> int:
        text = text.strip()
        if text in ("*", ""):
            return 0
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise ApiError(422, f"Invalid created qualifier: {expr}") from None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return _epoch(dt)

    if ".." in expr:
        lo_s, hi_s = expr.split("..", 1)
        lo = ts(lo_s)
        hi = ts(hi_s) if hi_s.strip() not in ("*", "") else 2**62
        return [r for r in items if lo <= r.created <= hi]
    for op, cmp in _COMPARISONS:
        if expr.startswith(op):
            bound = ts(expr[len(op) :])
            return [r for r in items if cmp(r.created, bound)]
    t = ts(expr)
    return [r for r in items if t <= r.created < t + 86400]


__all__ = [
    "DEFAULT_TOKEN",
    "EXTRA_TOKENS",
    "LIMITED_TOKENS",
    "GitHubAPI",
    "GitHubWorld",
    "IncidentChange",
    "login_of",
]


def _without_deleted(out: dict[str, Any], deleted: Repo | None) -> dict[str, Any]:
    """The truth without a repository deleted at GitHub (nothing under it is served)."""
    out["deleted"] = {"repositories": [deleted.id] if deleted else []}
    if deleted is not None:
        out["repositories"] = [r for r in out["repositories"] if r["id"] != deleted.id]
        for value in out.values():
            if isinstance(value, dict) and deleted.name in value:
                del value[deleted.name]
        for slug, repos in out["team_repositories"].items():
            out["team_repositories"][slug] = [r for r in repos if r["id"] != deleted.id]
    return out
