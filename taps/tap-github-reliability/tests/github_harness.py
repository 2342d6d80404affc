"""Test harness: run tap-github-reliability for real against the sandbox."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from pytest_reliability_sandbox import tap_runner
from pytest_reliability_sandbox.tap_runner import TapRun
from reliability_sandbox import Sandbox

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
MODULE = "tap_github_reliability"
STREAMS = (
    "teams",
    "team_members",
    "repo_teams",
    "repositories",
    "repo_hooks",
    "branch_protection",
    "rulesets",
    "environments",
    "deployments",
    "deployment_statuses",
    "releases",
    "pull_requests",
    "workflow_runs",
)
#: Primary keys of every stream.
KEYS: dict[str, tuple[str, ...]] = {
    "teams": ("id",),
    "team_members": ("team_id", "user_id"),
    "repo_teams": ("repository_id", "team_id"),
    "repositories": ("id",),
    "repo_hooks": ("id",),
    "branch_protection": ("repository_id",),
    "rulesets": ("repository_id", "id"),
    "environments": ("id",),
    "deployments": ("id",),
    "deployment_statuses": ("id",),
    "releases": ("id",),
    "pull_requests": ("id",),
    "workflow_runs": ("id",),
}


def tap_config(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "auth_token": sandbox.vendor("github").credentials["auth_token"],
        "organizations": ["acme"],
        "api_url": sandbox.vendor("github").url,
        "max_retries": 3,
        "max_retry_wait": 60,
    }
    config.update(overrides)
    return config


#: Run `python -m tap_github_reliability` in a subprocess and parse its output:
#: `run_tap(config, *, state=None, streams=None, timeout=300)`.
run_tap = functools.partial(tap_runner.run_tap, MODULE)


def keys(run: TapRun, stream: str) -> list[tuple[Any, ...]]:
    """The primary key of every record of `stream`, in emission order."""
    return [tuple(r[k] for k in KEYS[stream]) for r in run.records.get(stream, [])]


def truth_ids(truth: dict[str, Any], stream: str) -> set[Any]:
    """Ids of every object of a per-repository collection the sandbox serves."""
    out: set[Any] = set()
    for rows in truth[stream].values():
        if isinstance(rows, list):
            out |= {r["id"] for r in rows}
    return out


def bookmark(run: TapRun, stream: str) -> dict[str, Any]:
    return run.state.get("bookmarks", {}).get(stream, {})
