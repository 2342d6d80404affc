"""The taps against the vendors' own published examples, not against our sandbox.

The server answers each operation with the example body from the vendor's OpenAPI
document (`reliability_sandbox.contracts.examples`). Expected values were read by a person
from those examples (GitHub's `octocat/Hello-World`, Sentry's `PUMP-STATION-1`), not
computed by code written with the taps.
"""

from __future__ import annotations

import pytest
from reliability_sandbox import tap_runner
from reliability_sandbox.contracts.examples import serve_examples


@pytest.fixture(scope="module")
def examples():
    with serve_examples() as base:
        yield base


def test_tap_github_reliability_reads_githubs_examples(examples):
    run = tap_runner.run_tap(
        "tap_github_reliability",
        {
            "auth_token": "example",
            "organizations": ["github"],
            "api_url": f"{examples}/github",
            "start_date": "2010-01-01T00:00:00Z",
            "max_retries": 1,
            "max_retry_wait": 5,
        },
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (repo,) = run.records["repositories"]
    assert (repo["id"], repo["full_name"], repo["default_branch"]) == (
        1296269,
        "octocat/Hello-World",
        "master",
    )
    (pull,) = run.records["pull_requests"]
    assert (pull["number"], pull["state"], pull["draft"]) == (1347, "open", False)
    (protection,) = run.records["branch_protection"]
    assert protection["is_protected"] is True
    assert protection["required_approving_review_count"] == 2
    assert protection["status_check_contexts"] == ["continuous-integration/travis-ci"]
    assert protection["enforce_admins"] is True
    assert "not found in catalog schema" not in run.stderr


def test_tap_sentry_reads_sentrys_examples(examples):
    run = tap_runner.run_tap(
        "tap_sentry",
        {
            "auth_token": "example",
            "organization": "the-interstellar-jurisdiction",
            "base_url": f"{examples}/sentry",
            "start_date": "2018-01-01T00:00:00Z",
            "issue_window_days": 365,
            "event_retention_days": 0,
            "max_retries": 1,
            "max_retry_wait": 5,
        },
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (org,) = run.records["organizations"]
    assert org["slug"] == "the-interstellar-jurisdiction"
    issues = {r["id"]: r for r in run.records["issues"]}
    assert issues["1"]["shortId"] == "PUMP-STATION-1"
    assert issues["1"]["status"] == "ignored"
