"""GitHub objects' common ground: the delivery history, the clock, a per-version cache, users."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reliability_sandbox.delivery import (
    ORG_LOGIN,
    WEB,
    Repo,
    _epoch,
    delivery,
)
from reliability_sandbox.vendors.github.world import (
    API,
    ApiError,
    GitHubWorld,
    _z,
    login_of,
    repository_links,
    simple_user,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from reliability_sandbox.org import Org, Team


@dataclass(slots=True)
class _Cache:
    version: int = -1
    data: dict[Any, Any] = field(default_factory=dict)


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
            if isinstance(repos, list):  # not a vanished team's 404 body
                out["team_repositories"][slug] = [r for r in repos if r["id"] != deleted.id]
    return out


class GitHubBase:
    """The delivery history at the org's clock, a per-version cache, users and teams."""

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

    # ================================================================= quirks
