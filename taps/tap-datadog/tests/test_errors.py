"""The vendor's failure modes: waited out when transient, explained when not."""

from __future__ import annotations

import socket

import pytest
from datadog_harness import run_tap, tap_config


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "429", "times": 2, "reset": 1},
        {"kind": "500", "times": 2},
        {"kind": "503", "times": 1},
        {"kind": "malformed_json", "times": 1},
        {"kind": "drop", "times": 1},
    ],
    ids=lambda r: r["kind"],
)
def test_transient_faults_are_retried_and_nothing_is_lost(fresh_dd_sandbox, rule):
    # SLO history requests run on worker threads (get_json): the retry path that matters.
    sandbox = fresh_dd_sandbox
    truth = sandbox.vendor("datadog").truth()
    sandbox.set_faults({"rules": [{**rule, "path": "/datadog/api/v1/slo/"}]})
    run = run_tap(tap_config(sandbox), streams=["slo_history"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert {r["slo_id"] for r in run.records["slo_history"]} == {s["id"] for s in truth["slos"]}
    assert sandbox.faults()["rules"][0]["fired"] == rule["times"]


def test_faults_on_sdk_paginated_streams_are_retried(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    truth = sandbox.vendor("datadog").truth()
    sandbox.set_faults(
        {
            "rules": [
                # After the first answer: before it, connection failures fail fast.
                {"kind": "drop", "path": "/datadog/api/v1/monitor", "after": 1},
                {"kind": "malformed_json", "path": "/datadog/api/v2/incidents", "after": 1},
            ]
        }
    )
    run = run_tap(tap_config(sandbox, page_size=10), streams=["monitors", "incidents"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(run.ids("monitors")) == sorted(m["id"] for m in truth["monitors"])
    assert sorted(run.ids("incidents")) == sorted(i["id"] for i in truth["incidents"])
    assert [r["fired"] for r in sandbox.faults()["rules"]] == [1, 1]


def test_rate_limit_wait_honours_x_ratelimit_reset(fresh_dd_sandbox):
    fresh_dd_sandbox.set_faults(
        {"rules": [{"kind": "429", "path": "/datadog/api/v1/monitor", "times": 1, "reset": 2}]}
    )
    run = run_tap(tap_config(fresh_dd_sandbox), streams=["monitors"])
    assert run.returncode == 0, run.stderr[-3000:]
    # The runtime's wording (shared by every tap): the wait is X-RateLimit-Reset's.
    assert "Waiting 2.0s as the vendor asks" in run.stderr
    assert "Datadog rate limit (HTTP 429)" in run.stderr


def test_enforced_rate_limit_is_respected(fresh_dd_sandbox):
    # A tiny server-side budget: the tap must wait it out (429 or Remaining: 0), not fail.
    fresh_dd_sandbox.set_faults({"requests_per_minute": 120})
    run = run_tap(tap_config(fresh_dd_sandbox, page_size=5), streams=["monitors", "slos"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert len(run.records["monitors"]) == 42


def test_bad_keys_get_a_403_that_names_the_settings(fresh_dd_sandbox):
    run = run_tap(tap_config(fresh_dd_sandbox, app_key="wrong"), streams=["monitors"])
    assert run.returncode != 0
    assert "HTTP 403" in run.stderr
    assert "TAP_DATADOG_APP_KEY" in run.stderr


def test_missing_permission_is_named(fresh_dd_sandbox):
    fresh_dd_sandbox.vendor("datadog").configure(denied_permissions=["slos_read"])
    run = run_tap(tap_config(fresh_dd_sandbox), streams=["slos"])
    assert run.returncode != 0
    assert "lacks the `slos_read` permission" in run.stderr


def test_account_without_incident_management_skips_incident_streams(fresh_dd_sandbox):
    fresh_dd_sandbox.vendor("datadog").configure(incident_management=False)
    run = run_tap(tap_config(fresh_dd_sandbox))
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Skipping incidents" in run.stderr
    assert "Skipping incident_todos" in run.stderr
    assert "Incident Management" in run.stderr
    assert not run.records.get("incidents")
    assert not run.records.get("incident_todos")
    for stream in ("monitors", "monitor_events", "slo_history", "synthetics_results"):
        assert run.records.get(stream), stream


def test_todos_alone_skip_too(fresh_dd_sandbox):
    fresh_dd_sandbox.vendor("datadog").configure(incident_management=False)
    run = run_tap(tap_config(fresh_dd_sandbox), streams=["incident_todos", "downtimes"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Skipping incident_todos" in run.stderr
    assert run.records["downtimes"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"api_key": "  "}, "`api_key` is empty"),
        ({"app_key": ""}, "`app_key` is empty"),
        ({"app_key": "sandbox-dd-api-key"}, "are the same"),
        ({"start_date": "last tuesday"}, "start_date"),
        ({"site": "datadoghq.mars"}, "datadoghq.mars"),
        ({"page_size": 5000}, "5000"),
        ({"monitor_tags": ["service:a,team:b"]}, "single non-empty tags"),
        ({"slo_history_days": 0}, "slo_history_days"),
    ],
)
def test_bad_settings_are_rejected_before_any_request(fresh_dd_sandbox, override, message):
    before = fresh_dd_sandbox.stats()["requests"]
    run = run_tap(tap_config(fresh_dd_sandbox, **override))
    assert run.returncode != 0
    assert message in run.stderr
    assert fresh_dd_sandbox.stats()["requests"] == before


def test_unreachable_host_fails_fast_with_a_clear_message():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = {
        "api_key": "a",
        "app_key": "b",
        "api_url": f"http://127.0.0.1:{port}/datadog",
        "requests_per_minute": 0,
    }
    run = run_tap(config, timeout=60)
    assert run.returncode != 0
    assert f"Cannot reach Datadog at http://127.0.0.1:{port}/datadog" in run.stderr
    assert "Connection refused" in run.stderr
    assert "`site`/`api_url`" in run.stderr
