"""A full sync against the sandbox: every stream, compared with what the API serves."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

import pytest
from github_harness import ANCHOR, KEYS, STREAMS, keys, run_tap, tap_config, truth_ids
from pytest_reliability_sandbox.tap_runner import undeclared
from reliability_sandbox import OrgConfig, Sandbox


def test_every_stream_has_records_and_unique_keys(github_full_run):
    for stream in STREAMS:
        got = keys(github_full_run, stream)
        assert got, stream
        duplicates = [k for k, n in Counter(got).items() if n > 1]
        assert not duplicates, (stream, duplicates[:5])


def test_no_undeclared_fields(github_full_run):
    for stream in STREAMS:
        schema = github_full_run.schemas[stream]["schema"]
        assert schema["properties"].keys() >= set(KEYS[stream])
        for record in github_full_run.records[stream]:
            assert not undeclared(record, schema, stream), stream


def test_inventory_matches_the_api(github_sandbox, github_full_run):
    truth = github_sandbox.vendor("github").truth()
    run = github_full_run
    assert {r["id"] for r in run.records["repositories"]} == {
        r["id"] for r in truth["repositories"]
    }
    assert {r["slug"] for r in run.records["teams"]} == {t["slug"] for t in truth["teams"]}
    members = {
        slug: sorted(
            (m["login"], m["role"]) for m in run.records["team_members"] if m["team_slug"] == slug
        )
        for slug in truth["team_members"]
    }
    assert members == truth["team_members"]
    links = {
        name.split("/", 1)[1]: sorted(
            (r["team_slug"], r["permission"])
            for r in run.records["repo_teams"]
            if r["repository"] == name
        )
        for name in {r["repository"] for r in run.records["repo_teams"]}
    }
    expected = {
        repo: sorted((slug, "admin" if perm == "admin" else "write") for slug, perm in owners)
        for repo, owners in truth["repo_teams"].items()
        if owners
    }
    assert links == expected
    # Some repositories are owned by no team: a standards violation the data must show.
    assert any(not owners for owners in truth["repo_teams"].values())
    assert {r["id"] for r in run.records["repo_hooks"]} == truth_ids(truth, "repo_hooks")
    assert {r["id"] for r in run.records["environments"]} == truth_ids(truth, "environments")
    rulesets = {(r["repository"].split("/")[1], r["id"]) for r in run.records["rulesets"]}
    assert rulesets == {(n, rs["id"]) for n, rows in truth["rulesets"].items() for rs in rows}


def test_hooks_keep_the_host_only_and_never_the_secret(github_full_run):
    for hook in github_full_run.records["repo_hooks"]:
        assert hook["url_host"] in ("hooks.reliability.acme.example", "ci.acme.example")
        assert hook["has_secret"] is True
        assert "********" not in str(hook)
        assert "secret" not in hook
        assert hook["last_response_status"] in ("active", "failed", "unused")


def test_branch_protection_records_unprotected_and_empty_repositories(
    github_sandbox, github_full_run
):
    truth = github_sandbox.vendor("github").truth()["branch_protection"]
    rows = {r["repository"].split("/")[1]: r for r in github_full_run.records["branch_protection"]}
    assert rows.keys() == truth.keys()
    for name, body in truth.items():
        row = rows[name]
        if body.get("status") == 409:
            assert (row["is_protected"], row["unavailable_reason"]) == (False, "empty_repository")
        elif body.get("status") == 404:
            assert (row["is_protected"], row["unavailable_reason"]) == (False, "not_protected")
        else:
            assert row["is_protected"] is True
            reviews = body.get("required_pull_request_reviews")
            assert row["required_reviews"] is (reviews is not None)
            if reviews:
                assert (
                    row["required_approving_review_count"]
                    == reviews["required_approving_review_count"]
                )
                assert row["require_code_owner_reviews"] == reviews["require_code_owner_reviews"]
            checks = body.get("required_status_checks")
            assert row["status_check_contexts"] == (checks["contexts"] if checks else [])
            assert row["enforce_admins"] == body["enforce_admins"]["enabled"]
            assert row["allow_force_pushes"] == body["allow_force_pushes"]["enabled"]
    reasons = Counter(r["unavailable_reason"] for r in rows.values())
    assert reasons["empty_repository"] == 1
    assert reasons["not_protected"] >= 1


def test_delivery_streams_match_the_api(github_sandbox, github_full_run):
    truth = github_sandbox.vendor("github").truth()
    run = github_full_run
    for stream in ("deployments", "releases", "pull_requests", "workflow_runs"):
        assert {r["id"] for r in run.records[stream]} == truth_ids(truth, stream), stream
    statuses = {s["id"] for rows in truth["deployment_statuses"].values() for s in rows}
    assert {r["id"] for r in run.records["deployment_statuses"]} == statuses
    by_id = {p["id"]: p for rows in truth["pull_requests"].values() for p in rows}
    for pr in run.records["pull_requests"]:
        served = by_id[pr["id"]]
        assert pr["merged_at"] == served["merged_at"]
        assert pr["base_ref"] == served["base"]["ref"]
        assert pr["head_ref"] == served["head"]["ref"]
        assert pr["requested_reviewer_count"] == len(served["requested_reviewers"])
    # Actions disabled (410) is skipped and reported, not fatal.
    assert any(isinstance(v, dict) and v["status"] == 410 for v in truth["workflow_runs"].values())
    assert "410" in run.stderr


def test_each_deploy_caused_incident_has_its_production_deployment(github_sandbox, github_full_run):
    truth = github_sandbox.vendor("github").truth()
    caused = truth["incident_deployments"]
    assert caused
    deployments = {d["id"]: d for d in github_full_run.records["deployments"]}
    statuses: Counter[int] = Counter()
    for st in github_full_run.records["deployment_statuses"]:
        if st["state"] == "success":
            statuses[st["deployment_id"]] += 1
    for dep in caused.values():
        assert deployments[dep["id"]]["environment"] == "production"
        assert statuses[dep["id"]] == 1


def test_include_and_exclude_patterns(github_sandbox):
    run = run_tap(
        tap_config(
            github_sandbox,
            repositories_include=["lib-*", "acme/checkout-*"],
            repositories_exclude=["lib-logging"],
        ),
        streams=["repositories", "repo_hooks", "repo_teams"],
    )
    assert run.returncode == 0, run.stderr[-3000:]
    names = {r["name"] for r in run.records["repositories"]}
    assert "checkout-api" in names
    assert "lib-logging" not in names
    assert all(n.startswith(("lib-", "checkout-")) for n in names)
    assert {h["repository"].split("/")[1] for h in run.records["repo_hooks"]} <= names
    assert {t["repository"].split("/")[1] for t in run.records["repo_teams"]} <= names


@pytest.fixture
def many_pulls():
    config = OrgConfig.preset("test", anchor=ANCHOR, github_repos=6, github_pulls_per_repo=230)
    with Sandbox(config) as sb:
        yield sb


def test_pagination_follows_next_links_to_the_end(many_pulls):
    run = run_tap(tap_config(many_pulls), streams=["pull_requests"])
    assert run.returncode == 0, run.stderr[-3000:]
    truth = many_pulls.vendor("github").truth()
    assert {r["id"] for r in run.records["pull_requests"]} == truth_ids(truth, "pull_requests")
    assert len(run.records["pull_requests"]) > 6 * 200
    pages = [p for p in many_pulls.stats()["by_path"] if "/pulls" in p]
    assert pages  # paths are counted without the query; every repository was asked
    per_repo = Counter(urlparse(p).path for p in pages)
    assert len(per_repo) == 6
    # Three pages of 100 per repository: no more, no fewer requests.
    assert sum(many_pulls.stats()["by_path"][p] for p in pages) == 6 * 3


def test_ghes_api_url(github_sandbox):
    run = run_tap(
        tap_config(github_sandbox, api_url=f"{github_sandbox.vendor('github').url}/api/v3"),
        streams=["repositories", "pull_requests"],
    )
    assert run.returncode == 0, run.stderr[-3000:]
    truth = github_sandbox.vendor("github").truth()
    assert len(run.records["repositories"]) == len(truth["repositories"])
    assert {r["id"] for r in run.records["pull_requests"]} == truth_ids(truth, "pull_requests")
