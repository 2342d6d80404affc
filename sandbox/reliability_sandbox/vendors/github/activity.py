"""GitHub's delivery objects: deployments and statuses, releases, pull requests, runs."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from reliability_sandbox.delivery import (
    ORG_LOGIN,
    WEB,
    DeployPlan,
    PullPlan,
    ReleasePlan,
    Repo,
    RunPlan,
    _sha,
)
from reliability_sandbox.vendors.github.base import _LABELS, _LABELS_ORDER, GitHubBase
from reliability_sandbox.vendors.github.world import (
    API,
    WORKFLOWS,
    _z,
)

#: A delivery plan with a creation time (runs, releases).
PlanT = TypeVar("PlanT", RunPlan, ReleasePlan)


class GitHubActivity(GitHubBase):
    """What the clock has revealed of each repository's delivery plans, rendered."""

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
        return self._newest_first(self.world.releases(repo))

    def _newest_first(self, plans: list[PlanT]) -> list[PlanT]:
        """The plans (in creation order) created by the org clock, newest first."""
        now = self.now
        return [p for p in reversed(plans) if p.created <= now]

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
        return self._newest_first(self.world.runs(repo))

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
