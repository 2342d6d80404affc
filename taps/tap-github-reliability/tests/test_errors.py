"""The error contract: auth, scopes, rate limits, per-repository 404/409/410, retries."""

from __future__ import annotations

from github_harness import run_tap, tap_config, truth_ids

INVENTORY = ["repositories", "repo_hooks", "rulesets"]


def test_bad_token_fails_with_a_message_naming_the_setting(github_sandbox):
    run = run_tap(tap_config(github_sandbox, auth_token="nope"), streams=["repositories"])
    assert run.returncode != 0
    assert "HTTP 401" in run.stderr
    assert "`auth_token`" in run.stderr


def test_missing_scope_names_the_scope(github_sandbox):
    run = run_tap(
        tap_config(github_sandbox, auth_token="sandbox-github-token-no-hooks"),
        streams=["repositories", "repo_hooks"],
    )
    assert run.returncode != 0
    assert "`admin:repo_hook` scope" in run.stderr
    assert "repo_hooks" in run.stderr
    run = run_tap(
        tap_config(github_sandbox, auth_token="sandbox-github-token-no-org"), streams=["teams"]
    )
    assert run.returncode != 0
    assert "`read:org` scope" in run.stderr


def test_unknown_organization_is_fatal_and_named(github_sandbox):
    run = run_tap(tap_config(github_sandbox, organizations=["nope"]), streams=["repositories"])
    assert run.returncode != 0
    assert "`organizations`" in run.stderr


def test_invalid_settings_are_named_before_any_request(github_sandbox):
    # No catalog: discovery would refuse the settings too.
    run = run_tap(tap_config(github_sandbox, organizations=["not an org"], api_url="github.com"))
    assert run.returncode != 0
    assert not run.records
    assert "`organizations`" in run.stderr
    assert "`api_url`" in run.stderr


def test_primary_rate_limit_rotates_to_the_next_token(fresh_github):
    fresh_github.set_faults({"requests_per_minute": 20})
    config = tap_config(
        fresh_github,
        additional_auth_tokens=["sandbox-github-token-2", "sandbox-github-token-3"],
        max_concurrency=1,
    )
    run = run_tap(config, streams=INVENTORY)
    assert run.returncode == 0, run.stderr[-3000:]
    truth = fresh_github.vendor("github").truth()
    assert {r["id"] for r in run.records["repo_hooks"]} == truth_ids(truth, "repo_hooks")
    assert len(run.records["rulesets"]) == sum(len(v) for v in truth["rulesets"].values())
    # The sandbox counts every rate-limit refusal under "429" (this one answered 403).
    refused = fresh_github.stats()["by_status"].get("429", 0)
    # One refusal spends the first token; the second token serves the rest.
    assert refused == 1
    assert "primary rate limit (HTTP 403)" in run.stderr
    assert "it resets in 0s" in run.stderr


def test_primary_rate_limit_429_waits_for_the_reset_with_one_token(fresh_github):
    fresh_github.vendor("github").configure(primary_limit_status=429)
    fresh_github.set_faults({"requests_per_minute": 25})
    run = run_tap(tap_config(fresh_github), streams=INVENTORY)
    assert run.returncode == 0, run.stderr[-3000:]
    assert fresh_github.stats()["by_status"].get("429", 0) >= 1
    truth = fresh_github.vendor("github").truth()
    assert {r["id"] for r in run.records["repo_hooks"]} == truth_ids(truth, "repo_hooks")


def test_reset_beyond_max_retry_wait_fails_with_a_message(fresh_github):
    fresh_github.set_faults(
        {
            "rules": [
                {"kind": "429", "path": "/github/repos/", "after": 3, "times": 100, "reset": 3600}
            ]
        }
    )
    run = run_tap(tap_config(fresh_github, max_retry_wait=5), streams=INVENTORY)
    assert run.returncode != 0
    assert "`max_retry_wait`" in run.stderr
    assert "`additional_auth_tokens`" in run.stderr


def test_secondary_rate_limit_waits_retry_after(fresh_github):
    fresh_github.vendor("github").configure(secondary_limit={"times": 2, "retry_after": 1})
    run = run_tap(tap_config(fresh_github), streams=INVENTORY)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "secondary rate limit" in run.stderr
    assert fresh_github.stats()["by_status"]["403"] == 2
    truth = fresh_github.vendor("github").truth()
    assert {r["id"] for r in run.records["repo_hooks"]} == truth_ids(truth, "repo_hooks")


def test_server_errors_and_malformed_bodies_are_retried(fresh_github):
    fresh_github.set_faults(
        {
            "rules": [
                {"kind": "502", "path": "/github/repos/", "after": 2, "times": 2},
                {"kind": "malformed_json", "path": "/github/repos/", "after": 6, "times": 1},
                {"kind": "drop", "path": "/github/orgs/acme/repos", "times": 1},
            ]
        }
    )
    run = run_tap(tap_config(fresh_github), streams=INVENTORY)
    assert run.returncode == 0, run.stderr[-3000:]
    truth = fresh_github.vendor("github").truth()
    assert {r["id"] for r in run.records["repo_hooks"]} == truth_ids(truth, "repo_hooks")
    assert len(run.records["repositories"]) == len(truth["repositories"])


def test_404_409_410_are_recorded_and_skipped(github_sandbox, github_full_run):
    truth = github_sandbox.vendor("github").truth()
    disabled = [n for n, v in truth["workflow_runs"].items() if isinstance(v, dict)]
    assert disabled
    run_repos = {r["repository"].split("/")[1] for r in github_full_run.records["workflow_runs"]}
    assert not run_repos & set(disabled)
    assert "workflow_runs: repositories skipped by status" in github_full_run.stderr
    assert "{410: 1}" in github_full_run.stderr
    assert "branch_protection: repositories skipped by status" in github_full_run.stderr
