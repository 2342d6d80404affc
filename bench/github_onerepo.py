"""Peak memory of tap-github-reliability on one huge repository (a monorepo).

Usage (from the project root):

    .venv/bin/python bench/github_onerepo.py --pulls 20000
    .venv/bin/python bench/github_onerepo.py --pulls 100000 --runs 50000 --deployments 2000
    .venv/bin/python bench/github_onerepo.py --pulls 20000 --pythonpath /tmp/before  # old code

The sandbox spreads its pull requests over many small repositories; this shape is the one
that hurts a tap that holds a repository's records before emitting them: one organisation,
one repository with `--pulls` pull requests (GitHub's list objects, about 15 KB each:
two embedded repositories, users, links, a body), `--runs` workflow runs (about 7 KB) and
`--deployments` deployments (one status each). It is served by a small mock in a process
of its own (`--serve`, started by this script): GitHub's `Link` pagination, 100 per page,
newest first; every other list is empty and the branch is not protected.

The tap runs as a process (`python -m tap_github_reliability`, `--pythonpath` puts another
copy of the package first, to measure a previous version), every stream selected, a first
sync; the script counts RECORD lines per stream, samples the tap's RSS every half second
(printed against the records emitted so far) and reads its peak RSS from `wait4`.
A measurement, never a test: nothing is asserted. JSON goes to
output/bench/github-onerepo-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from _harness import (
    ANCHOR,
    env_with_pythonpath,
    free_port,
    http_json,
    log,
    rss_curve,
    run_measured,
    serve_mock,
    wait_until_serving,
    write_result,
)

ORG = "acme"
REPO = "mono"
TARGET_RSS_MIB = 150
PER_PAGE = 100


def _user(login: str, uid: int) -> dict[str, Any]:
    base = f"https://api.github.com/users/{login}"
    return {
        "login": login,
        "id": uid,
        "node_id": f"MDQ6VXNlcj{uid}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
        "gravatar_id": "",
        "url": base,
        "html_url": f"https://github.com/{login}",
        **{
            f"{k}_url": f"{base}/{k}"
            for k in (
                "followers",
                "following{/other_user}",
                "gists{/gist_id}",
                "starred{/owner}{/repo}",
                "subscriptions",
                "organizations",
                "repos",
                "events{/privacy}",
                "received_events",
            )
        },
        "type": "User",
        "user_view_type": "public",
        "site_admin": False,
    }


def _repo() -> dict[str, Any]:
    full = f"{ORG}/{REPO}"
    base = f"https://api.github.com/repos/{full}"
    urls = {
        f"{k.split('{')[0]}_url": f"{base}/{k}"
        for k in (
            "forks",
            "keys{/key_id}",
            "collaborators{/collaborator}",
            "teams",
            "hooks",
            "issue_events{/number}",
            "events",
            "assignees{/user}",
            "branches{/branch}",
            "tags",
            "blobs{/sha}",
            "git_tags{/sha}",
            "git_refs{/sha}",
            "trees{/sha}",
            "statuses/{sha}",
            "languages",
            "stargazers",
            "contributors",
            "subscribers",
            "subscription",
            "commits{/sha}",
            "git_commits{/sha}",
            "comments{/number}",
            "issue_comment{/number}",
            "contents/{+path}",
            "compare/{base}...{head}",
            "merges",
            "{archive_format}{/ref}",
            "downloads",
            "issues{/number}",
            "pulls{/number}",
            "milestones{/number}",
            "notifications{?since,all,participating}",
            "labels{/name}",
            "releases{/id}",
            "deployments",
        )
    }
    return {
        "id": 1,
        "node_id": "R_kgDOAAAAAQ",
        "name": REPO,
        "full_name": full,
        "private": True,
        "owner": _user(ORG, 100),
        "html_url": f"https://github.com/{full}",
        "description": "Everything, in one repository.",
        "fork": False,
        "url": base,
        **urls,
        "created_at": "2015-01-01T00:00:00Z",
        "updated_at": "2026-05-31T00:00:00Z",
        "pushed_at": "2026-05-31T00:00:00Z",
        "git_url": f"git://github.com/{full}.git",
        "ssh_url": f"git@github.com:{full}.git",
        "clone_url": f"https://github.com/{full}.git",
        "svn_url": f"https://github.com/{full}",
        "homepage": None,
        "size": 987654,
        "stargazers_count": 0,
        "watchers_count": 0,
        "language": "Python",
        "has_issues": True,
        "has_projects": True,
        "has_downloads": True,
        "has_wiki": False,
        "has_pages": False,
        "has_discussions": False,
        "forks_count": 0,
        "mirror_url": None,
        "archived": False,
        "disabled": False,
        "open_issues_count": 12,
        "license": None,
        "allow_forking": False,
        "is_template": False,
        "web_commit_signoff_required": False,
        "topics": ["monorepo"],
        "visibility": "private",
        "forks": 0,
        "open_issues": 12,
        "watchers": 0,
        "default_branch": "main",
    }


def _at(minutes: int) -> str:
    return (ANCHOR - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


class World:
    """The monorepo's lists, rendered from templates (a row is a few string replaces)."""

    def __init__(self, pulls: int, runs: int, deployments: int) -> None:
        """Render the row templates of the three lists."""
        self.counts = {"pulls": pulls, "actions/runs": runs, "deployments": deployments}
        self.repo = _repo()
        repo = self.repo
        user = _user("dev-1", 1001)
        pr = {
            "url": f"{repo['url']}/pulls/@NUM@",
            "id": "@ID@",
            "node_id": "PR_kwDOAAAAAc@NUM@",
            "html_url": f"{repo['html_url']}/pull/@NUM@",
            "diff_url": f"{repo['html_url']}/pull/@NUM@.diff",
            "patch_url": f"{repo['html_url']}/pull/@NUM@.patch",
            "issue_url": f"{repo['url']}/issues/@NUM@",
            "number": "@NUM@",
            "state": "closed",
            "locked": False,
            "title": "Change @NUM@: tune the retry budget of the ingest path",
            "user": user,
            "body": ("Why: the ingest path retried without a budget. " * 40).strip(),
            "created_at": "@CREATED@",
            "updated_at": "@UPDATED@",
            "closed_at": "@UPDATED@",
            "merged_at": "@UPDATED@",
            "merge_commit_sha": "0123456789abcdef0123456789abcdef01234567",
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [_user("rev-1", 1002)],
            "requested_teams": [],
            "labels": [
                {
                    "id": 7,
                    "node_id": "LA_1",
                    "url": f"{repo['url']}/labels/infra",
                    "name": "infra",
                    "color": "ededed",
                    "default": False,
                    "description": None,
                }
            ],
            "milestone": None,
            "draft": False,
            "commits_url": f"{repo['url']}/pulls/@NUM@/commits",
            "review_comments_url": f"{repo['url']}/pulls/@NUM@/comments",
            "review_comment_url": f"{repo['url']}/pulls/comments{{/number}}",
            "comments_url": f"{repo['url']}/issues/@NUM@/comments",
            "statuses_url": f"{repo['url']}/statuses/0123456789abcdef",
            "head": {
                "label": f"{ORG}:change-@NUM@",
                "ref": "change-@NUM@",
                "sha": "89abcdef0123456789abcdef0123456789abcdef",
                "user": _user(ORG, 100),
                "repo": repo,
            },
            "base": {
                "label": f"{ORG}:main",
                "ref": "main",
                "sha": "fedcba9876543210fedcba9876543210fedcba98",
                "user": _user(ORG, 100),
                "repo": repo,
            },
            "_links": {
                k: {"href": f"{repo['url']}/pulls/@NUM@/{k}"}
                for k in (
                    "self",
                    "html",
                    "issue",
                    "comments",
                    "review_comments",
                    "review_comment",
                    "commits",
                    "statuses",
                )
            },
            "author_association": "MEMBER",
            "auto_merge": None,
            "active_lock_reason": None,
        }
        run = {
            "id": "@ID@",
            "name": "ci",
            "node_id": "WFR_@ID@",
            "head_branch": "main",
            "head_sha": "89abcdef0123456789abcdef0123456789abcdef",
            "path": ".github/workflows/ci.yml",
            "display_title": "ci @NUM@",
            "run_number": "@NUM@",
            "event": "push",
            "status": "completed",
            "conclusion": "success",
            "workflow_id": 5,
            "check_suite_id": "@ID@",
            "check_suite_node_id": "CS_@ID@",
            "url": f"{repo['url']}/actions/runs/@ID@",
            "html_url": f"{repo['html_url']}/actions/runs/@ID@",
            "pull_requests": [],
            "created_at": "@CREATED@",
            "updated_at": "@UPDATED@",
            "actor": user,
            "run_attempt": 1,
            "referenced_workflows": [],
            "run_started_at": "@CREATED@",
            "triggering_actor": user,
            "jobs_url": f"{repo['url']}/actions/runs/@ID@/jobs",
            "logs_url": f"{repo['url']}/actions/runs/@ID@/logs",
            "head_commit": {
                "id": "89abcdef0123456789abcdef0123456789abcdef",
                "message": "Tune the retry budget",
                "timestamp": "@CREATED@",
            },
            "repository": repo,
            "head_repository": repo,
        }
        dep = {
            "url": f"{repo['url']}/deployments/@ID@",
            "id": "@ID@",
            "node_id": "DE_@ID@",
            "sha": "89abcdef0123456789abcdef0123456789abcdef",
            "ref": "main",
            "task": "deploy",
            "payload": {},
            "original_environment": "production",
            "environment": "production",
            "description": None,
            "creator": user,
            "created_at": "@CREATED@",
            "updated_at": "@UPDATED@",
            "statuses_url": f"{repo['url']}/deployments/@ID@/statuses",
            "repository_url": repo["url"],
            "transient_environment": False,
            "production_environment": True,
        }
        self.templates = {
            "pulls": self._template(pr),
            "actions/runs": self._template(run),
            "deployments": self._template(dep),
        }

    @staticmethod
    def _template(obj: dict[str, Any]) -> str:
        text = json.dumps(obj, separators=(",", ":"))
        return text.replace('"@ID@"', "@ID@").replace('"@NUM@"', "@NUM@")

    def row(self, kind: str, i: int) -> str:
        """Row `i` (0 = newest) of a list."""
        n = self.counts[kind] - i
        offset = {"pulls": 1, "actions/runs": 2, "deployments": 3}[kind]
        return (
            self.templates[kind]
            .replace("@ID@", str(offset * 10_000_000 + n))
            .replace("@NUM@", str(n))
            .replace("@UPDATED@", _at(i))
            .replace("@CREATED@", _at(i + 60))
        )

    def page(self, kind: str, page: int) -> tuple[bytes, bool]:
        """One page of a list and whether there is a next one."""
        total = self.counts[kind]
        lo = (page - 1) * PER_PAGE
        rows = ",".join(self.row(kind, i) for i in range(lo, min(lo + PER_PAGE, total)))
        if kind == "actions/runs":
            body = f'{{"total_count":{total},"workflow_runs":[{rows}]}}'
        else:
            body = f"[{rows}]"
        return body.encode(), lo + PER_PAGE < total


def _status(dep: str) -> bytes:
    return json.dumps(
        [
            {
                "id": int(dep) + 50_000_000,
                "state": "success",
                "created_at": _at(0),
                "updated_at": _at(0),
                "creator": _user("deployer", 1003),
                "environment": "production",
            }
        ]
    ).encode()


def route(world: World, host: str, raw_path: str, stats: Counter[str]) -> tuple[int, bytes, str]:
    """`(status, body, next link or "")` of one GET."""
    url = urlparse(raw_path)
    path = url.path.removeprefix("/github")
    query = parse_qs(url.query)
    stats["requests"] += 1
    repo_prefix = f"/repos/{ORG}/{REPO}/"
    rest = path.removeprefix(repo_prefix) if path.startswith(repo_prefix) else ""
    fixed = {
        "/_stats": json.dumps(dict(stats)),
        f"/orgs/{ORG}": json.dumps({"login": ORG, "id": 100}),
        f"/orgs/{ORG}/repos": json.dumps([world.repo]),
        f"{repo_prefix}environments": '{"total_count":0,"environments":[]}',
    }
    if path in fixed:
        return 200, fixed[path].encode(), ""
    if rest in ("pulls", "actions/runs", "deployments"):
        page = int((query.get("page") or ["1"])[0])
        stats[rest] += 1
        body, more = world.page(rest, page)
        if not more:
            return 200, body, ""
        keep = "&".join(f"{k}={v[0]}" for k, v in query.items() if k != "page")
        return 200, body, f"http://{host}{url.path}?{keep}&page={page + 1}"
    if rest.startswith("deployments/") and rest.endswith("/statuses"):
        stats["statuses"] += 1
        return 200, _status(rest.split("/")[1]), ""
    if rest.endswith("/protection"):
        return 404, b'{"message":"Branch not protected"}', ""
    return 200, b"[]", ""


def serve(port: int, pulls: int, runs: int, deployments: int) -> None:
    """Serve the monorepo until killed."""
    world = World(pulls, runs, deployments)
    stats: Counter[str] = Counter()

    def answer(host: str, path: str) -> tuple[int, bytes, list[str]]:
        status, body, link = route(world, host, path, stats)
        extra = ["X-RateLimit-Remaining: 4999"]
        return status, body, [*extra, f'Link: <{link}>; rel="next"'] if link else extra

    serve_mock(port, answer)


def run_tap(base: str, workdir: Path, pythonpath: str | None) -> dict[str, Any]:
    """One first sync; records per stream, wall time and the tap's peak RSS."""
    config = {
        "auth_token": "mock-token",
        "organizations": [ORG],
        "api_url": f"{base}/github",
    }
    cfg = workdir / "config.json"
    cfg.write_text(json.dumps(config))
    run = run_measured(
        [sys.executable, "-m", "tap_github_reliability", "--config", str(cfg)],
        workdir / "tap.stderr",
        env=env_with_pythonpath(pythonpath),
    )
    return {**run, "requests": http_json(f"{base}/_stats")}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with `--serve`, the mock) and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pulls", type=int, default=20_000, help="pull requests")
    parser.add_argument("--runs", type=int, default=0, help="workflow runs")
    parser.add_argument("--deployments", type=int, default=0, help="deployments")
    parser.add_argument("--pythonpath", default=None, help="put this path first (old code)")
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve is not None:
        serve(args.serve, args.pulls, args.runs, args.deployments)
        return 0
    port = free_port()
    mock = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            str(port),
            "--pulls",
            str(args.pulls),
            "--runs",
            str(args.runs),
            "--deployments",
            str(args.deployments),
        ]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base)
        with tempfile.TemporaryDirectory() as tmp:
            log(
                f"one repository: {args.pulls:,} PRs, {args.runs:,} runs, {args.deployments:,} deps"
            )
            run = run_tap(base, Path(tmp), args.pythonpath)
            if run["returncode"] != 0:
                log((Path(tmp) / "tap.stderr").read_text()[-3000:])
    finally:
        mock.terminate()
        mock.wait(timeout=30)
    print(f"\ntap-github-reliability, one repository ({args.pythonpath or 'this checkout'})")
    for stream in ("pull_requests", "workflow_runs", "deployments", "deployment_statuses"):
        print(f"  {stream:<22}{run['records'].get(stream, 0):>10,}")
    # Streams run one after another (deployments with their statuses, pull requests, runs):
    # flat means the same MiB at the end of each.
    print(f"  RSS while it ran (records emitted: MiB): {rss_curve(run['rss_samples'], 12)}")
    print(
        f"peak RSS {run['max_rss_mib']:.0f} MiB (target <= {TARGET_RSS_MIB}); "
        f"{run['wall_s']:.1f}s, tap CPU {run['cpu_s']:.1f}s; requests {run['requests']}"
    )
    write_result("github-onerepo", {"args": vars(args), **run})
    return 0 if run["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
