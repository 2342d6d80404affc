"""GitHub's objects, rendered from the shared delivery history at the org's clock.

Organisation, teams, repositories and their settings (webhooks, branch
protection, rulesets, environments), deployments and statuses, releases, pull requests and
workflow runs;
:meth:`GitHubObjects.truth` lists every collection exactly as the API serves it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reliability_sandbox.delivery import (
    ORG_LOGIN,
    WEB,
    DeployPlan,
    IncidentChange,
    PullPlan,
    ReleasePlan,
    Repo,
    RunPlan,
    _epoch,
    _sha,
    delivery,
)
from reliability_sandbox.vendors.github.world import (
    API,
    CI_HOOK_URL,
    REQUIRED_HOOK_EVENTS,
    REQUIRED_HOOK_URL,
    STATUS_CHECKS,
    WORKFLOWS,
    ApiError,
    GitHubWorld,
    _z,
    login_of,
    repository_links,
    simple_user,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Org, Team


@dataclass(slots=True)
class _Cache:
    version: int = -1
    data: dict[Any, Any] = field(default_factory=dict)


class GitHubObjects:
    """GitHub's objects over an :class:`~reliability_sandbox.org.Org` (cached per version)."""

    def __init__(self, org: Org) -> None:
        """Create the view (the delivery history is derived lazily, once per org)."""
        self.org = org
        self._cache = _Cache()
        self._users: dict[int, dict[str, Any]] = {}
        self._owner_obj: dict[str, Any] | None = None

    # =================================================================== world
    @property
    def world(self) -> GitHubWorld:
        """The org's delivery history, as GitHub serves it (shared with every view)."""
        return delivery(self.org)

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

    def team_repo_roles(self, team: Team) -> list[tuple[Repo, str]]:
        """Repositories a team has access to, with its role."""
        out = []
        for repo in self.world.repos:
            if repo.team is team:
                out.append((repo, "admin"))
            elif team in repo.writers and repo.team is not None:
                out.append((repo, "write"))
        return out

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


_LABELS = {
    "bug": ("d73a4a", "Something isn't working"),
    "dependencies": ("0366d6", "Pull requests that update a dependency file"),
    "enhancement": ("a2eeef", "New feature or request"),
}

_LABELS_ORDER = tuple(_LABELS)

UNKNOWN_FIELD = "field_added_after_the_contract"

UNKNOWN_VALUE = {"note": "a field GitHub added after the published description"}

UNKNOWN_STATE = "waiting"


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
