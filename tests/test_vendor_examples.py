"""The taps against the vendors' own published examples, not against our sandbox.

The server answers each operation with the example body from the vendor's OpenAPI
document (`reliability_sandbox.contracts.examples`). Expected values were read by a person
from those examples (GitHub's `octocat/Hello-World`, Sentry's `PUMP-STATION-1`), not
computed by code written with the taps.
"""

from __future__ import annotations

import pytest
from pytest_reliability_sandbox import tap_runner
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


def test_tap_pagerduty_reads_pagerdutys_examples_and_stops_paging(examples):
    # PagerDuty's examples always say `more: true` and never send `total`: the tap stops
    # each listing when a page repeats (one warning each) instead of paging for ever.
    run = tap_runner.run_tap(
        "tap_pagerduty",
        {
            "token": "example",
            "api_url": f"{examples}/pagerduty",
            "start_date": "2015-01-01T00:00:00Z",
            "max_retries": 1,
            "max_retry_wait": 5,
        },
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (service,) = run.records["services"]
    assert (service["id"], service["name"]) == ("PIJ90N7", "My Application Service")
    incidents = {r["id"]: r for r in run.records["incidents"]}
    assert list(incidents) == ["PT4KHLK"]
    assert incidents["PT4KHLK"]["incident_number"] == 1234
    assert incidents["PT4KHLK"]["summary"] == "[#1234] The server is on fire."
    assert {r["id"] for r in run.records["log_entries"]} == {"Q02JTSNZWHSEKV"}
    assert {r["id"] for r in run.records["escalation_policies"]} == {"PANZZEQ"}
    assert "incidents: stopped paging: page 2 held only rows already read" in run.stderr


def test_tap_datadog_reads_datadogs_examples_and_stops_paging(examples):
    run = tap_runner.run_tap(
        "tap_datadog",
        {
            "api_key": "example-api-key",
            "app_key": "example-application-key",
            "api_url": f"{examples}/datadog",
            "start_date": "2015-01-01T00:00:00Z",
            "max_retries": 1,
            "max_retry_wait": 5,
        },
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (monitor,) = run.records["monitors"]
    assert (monitor["id"], monitor["name"]) == (123, "My monitor")
    (slo,) = run.records["slos"]
    assert (slo["id"], slo["name"]) == ("abc-123", "Custom Metric SLO")
    (incident,) = run.records["incidents"]
    assert incident["title"] == "A test incident title"
    (test,) = run.records["synthetics_tests"]
    assert test["public_id"] == "abc-def-123"
    assert "monitors: stopped paging: page 2 held only rows already read" in run.stderr
