"""The vendor's failure modes: waited out when transient, explained when not."""

from __future__ import annotations

import socket

import pytest
from pagerduty_harness import run_tap, served_windowed, tap_config


def _incident_ids(sandbox) -> list[str]:
    return sorted(i["id"] for i in served_windowed(sandbox, "/incidents", "incidents"))


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "429", "times": 3, "reset": 1},
        {"kind": "500", "times": 2},
        {"kind": "503", "times": 2},
        {"kind": "malformed_json", "times": 2},
        {"kind": "drop", "times": 2},
        {"kind": "timeout", "times": 2, "seconds": 3},
    ],
    ids=lambda r: r["kind"],
)
def test_transient_faults_are_retried_and_nothing_is_lost(fresh_sandbox, rule):
    expected = _incident_ids(fresh_sandbox)
    fresh_sandbox.set_faults({"rules": [{**rule, "path": "/pagerduty/incidents"}]})
    run = run_tap(tap_config(fresh_sandbox, request_timeout=1), streams=["incidents"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(run.ids("incidents")) == expected
    assert fresh_sandbox.faults()["rules"][0]["fired"] == rule["times"]


def test_rate_limit_wait_honours_ratelimit_reset(fresh_sandbox):
    fresh_sandbox.set_faults(
        {"rules": [{"kind": "429", "path": "/pagerduty/incidents", "times": 1, "reset": 2}]}
    )
    run = run_tap(tap_config(fresh_sandbox), streams=["incidents"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Waiting 2.0s as the vendor asks" in run.stderr


def test_endless_rate_limiting_fails_within_the_retry_budget(fresh_sandbox):
    # Rate limits are waited out within `max_retry_wait` (not counted by `max_retries`).
    fresh_sandbox.set_faults({"rules": [{"kind": "429", "times": 10_000, "reset": 1}]})
    config = tap_config(fresh_sandbox, max_retries=2, max_retry_wait=3)
    run = run_tap(config, streams=["priorities"], timeout=60)
    assert run.returncode != 0
    assert "429" in run.stderr
    assert "rate limit kept refusing requests for more than `max_retry_wait` (3s)" in run.stderr
    assert not run.records.get("priorities")


def test_wrong_token_names_the_setting(fresh_sandbox):
    run = run_tap(tap_config(fresh_sandbox, token="not-the-token"), streams=["services"])
    assert run.returncode != 0
    assert "HTTP 401" in run.stderr
    assert "TAP_PAGERDUTY_TOKEN" in run.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"token": "  "}, "`token` is empty"),
        ({"token": "Token token=abc"}, "without the `Token token=` prefix"),
        ({"start_date": "last tuesday"}, "start_date"),
        ({"region": "mars"}, "mars"),
        ({"page_size": 500}, "500"),
    ],
)
def test_bad_settings_are_rejected_before_any_request(fresh_sandbox, override, message):
    before = fresh_sandbox.stats()["requests"]
    run = run_tap(tap_config(fresh_sandbox, **override))
    assert run.returncode != 0
    assert message in run.stderr
    assert fresh_sandbox.stats()["requests"] == before


def test_missing_token_is_rejected(fresh_sandbox):
    config = tap_config(fresh_sandbox)
    del config["token"]
    run = run_tap(config)
    assert run.returncode != 0
    assert "token" in run.stderr


def test_unreachable_host_fails_fast_with_a_clear_message():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the tap starts
    config = {"token": "x", "api_url": f"http://127.0.0.1:{port}/pagerduty"}
    run = run_tap({**config, "requests_per_minute": 0}, timeout=60)
    assert run.returncode != 0
    assert f"Cannot reach PagerDuty at http://127.0.0.1:{port}/pagerduty" in run.stderr
    assert "Connection refused" in run.stderr
    assert "`api_url`/`region`" in run.stderr


def test_404_on_a_top_level_list_names_the_api_url(fresh_sandbox):
    # Not a vanished child: the whole API is not where `api_url` points.
    config = tap_config(fresh_sandbox, api_url=f"{fresh_sandbox.base_url}/pagerdutyy")
    run = run_tap(config, streams=["services"], timeout=60)
    assert run.returncode != 0
    assert "PagerDuty answered HTTP 404 Not Found for /pagerdutyy/services" in run.stderr
    assert "Check the `api_url`/`region` settings" in run.stderr
