"""Test harness: run tap-sentry for real against the sandbox and read what it wrote."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from pytest_reliability_sandbox import tap_runner
from pytest_reliability_sandbox.tap_runner import TapRun  # noqa: F401 - re-exported for the tests
from reliability_sandbox import Sandbox

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
STREAMS = (
    "organizations",
    "projects",
    "project_teams",
    "teams",
    "issues",
    "issue_events",
    "issue_activity",
    "releases",
    "release_deploys",
)


def tap_config(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "auth_token": sandbox.vendor("sentry").credentials["auth_token"],
        "organization": "acme",
        "base_url": sandbox.vendor("sentry").url,
        "start_date": (ANCHOR - timedelta(days=100)).isoformat(),
        "max_retries": 3,
        "max_retry_wait": 60,
        "issue_window_days": 30,
    }
    config.update(overrides)
    return config


#: `run_tap(config, *, state=None, streams=None, timeout=300)`: `python -m tap_sentry` in a
#: subprocess, its Singer output parsed.
run_tap = functools.partial(tap_runner.run_tap, "tap_sentry")


def served(sandbox: Sandbox, path: str, **params: Any) -> list[dict[str, Any]]:
    """Everything served at `path`, following `rel="next"` while `results="true"`."""
    out: list[dict[str, Any]] = []
    url: str | None = f"{sandbox.vendor('sentry').url}{path}"
    query: dict[str, Any] | None = {**params}
    while url:
        response = requests.get(
            url, params=query, headers=sandbox.vendor("sentry").headers(), timeout=30
        )
        response.raise_for_status()
        out.extend(response.json())
        link = response.links.get("next") or {}
        url = link.get("url") if link.get("results") == "true" else None
        query = None
    return out


def all_issues(sandbox: Sandbox) -> list[dict[str, Any]]:
    return served(sandbox, "/api/0/organizations/acme/issues/", query="", collapse="stats")
