"""GitHub's objects, rendered from the shared delivery history at the org's clock.

The organisation, the quirks of the real API (what vanishes, what is deleted) and
:meth:`GitHubObjects.truth`, which lists every collection exactly as the API serves it;
repositories' settings are rendered in ``settings``, their delivery activity in ``activity``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reliability_sandbox.delivery import (
    ORG_LOGIN,
    WEB,
    IncidentChange,
    Repo,
)
from reliability_sandbox.vendors.github.activity import GitHubActivity
from reliability_sandbox.vendors.github.base import (
    UNKNOWN_FIELD,
    UNKNOWN_STATE,
    UNKNOWN_VALUE,
    _without_deleted,
)
from reliability_sandbox.vendors.github.settings import GitHubSettings
from reliability_sandbox.vendors.github.world import (
    API,
    _z,
    login_of,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reliability_sandbox.org import Team


class GitHubObjects(GitHubActivity, GitHubSettings):
    """GitHub's objects over an :class:`~reliability_sandbox.org.Org` (cached per version)."""

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

    def deleted_team(self, quirks: frozenset[str] | Sequence[str]) -> Team | None:
        """Under ``deleted_inventory``, from the first epoch on: the team deleted at GitHub.

        Gone from ``/orgs/{org}/teams`` and from its repositories' teams; it and its members
        and repositories answer GitHub's 404 (``{"message": "Not Found"}``). Not the team
        that vanishes under ``vanished_children``.
        """
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return None
        return min(self.org.teams, key=lambda t: t.name)

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
        return self._without_deleted_team(out, self.deleted_team(quirks), self.deleted_repo(quirks))

    @staticmethod
    def _without_deleted_team(
        out: dict[str, Any], team: Team | None, repo: Repo | None
    ) -> dict[str, Any]:
        """The truth without a deleted team and repository, and what went with them.

        Listed under ``deleted``: the team, the repository, their team links and its hooks.
        """
        team_ids = {t["slug"]: t["id"] for t in out["teams"]}
        repo_ids = {r["name"]: r["id"] for r in out["repositories"]}
        slug = team.slug if team is not None else None
        name = repo.name if repo is not None else None
        links = sorted(
            [repo_ids[n], team_ids[s]]
            for n, owners in out["repo_teams"].items()
            for s, _ in owners
            if n == name or s == slug
        )
        hooks = out["repo_hooks"].get(name) if name else None
        if slug is not None:
            out["teams"] = [t for t in out["teams"] if t["slug"] != slug]
            for key in ("team_members", "team_member_users", "team_repositories"):
                out[key].pop(slug, None)
            for n, owners in out["repo_teams"].items():
                out["repo_teams"][n] = [(s, p) for s, p in owners if s != slug]
        out = _without_deleted(out, repo)
        out["deleted"]["teams"] = [] if slug is None else [team_ids[slug]]
        out["deleted"]["repo_teams"] = links
        out["deleted"]["repo_hooks"] = sorted(h["id"] for h in hooks or [])
        return out
