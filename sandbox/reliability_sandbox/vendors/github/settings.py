"""GitHub's repository settings: webhooks, branch protection, rulesets and environments."""

from __future__ import annotations

from typing import Any

from reliability_sandbox.delivery import (
    ORG_LOGIN,
    WEB,
    Repo,
)
from reliability_sandbox.vendors.github.base import GitHubBase
from reliability_sandbox.vendors.github.world import (
    API,
    CI_HOOK_URL,
    REQUIRED_HOOK_EVENTS,
    REQUIRED_HOOK_URL,
    STATUS_CHECKS,
    _z,
)


class GitHubSettings(GitHubBase):
    """The engineering-standards settings of each repository, as GitHub serves them."""

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
