"""The vendor's failure modes: waited out when transient, explained when not."""

from __future__ import annotations

import re
import socket

import pytest
from sentry_harness import all_issues, run_tap, tap_config

ISSUES = "/sentry/api/0/organizations/acme/issues/"


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "429", "times": 3, "reset": 1},
        {"kind": "500", "times": 2},
        {"kind": "502", "times": 2},
        {"kind": "malformed_json", "times": 2},
        {"kind": "drop", "times": 2},
        {"kind": "timeout", "times": 1, "seconds": 3},
    ],
    ids=lambda r: r["kind"],
)
def test_transient_faults_are_retried_and_nothing_is_lost(fresh_sentry, rule):
    expected = sorted(i["id"] for i in all_issues(fresh_sentry))
    fresh_sentry.set_faults({"rules": [{**rule, "path": ISSUES}]})
    run = run_tap(tap_config(fresh_sentry, request_timeout=1), streams=["issues"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(run.ids("issues")) == expected
    assert fresh_sentry.faults()["rules"][0]["fired"] == rule["times"]


def test_rate_limit_wait_honours_the_reset_header(fresh_sentry):
    fresh_sentry.set_faults({"rules": [{"kind": "429", "path": ISSUES, "times": 1, "reset": 2}]})
    run = run_tap(tap_config(fresh_sentry), streams=["issues"])
    assert run.returncode == 0, run.stderr[-3000:]
    # The wait is the reset Sentry named (`X-Sentry-Rate-Limit-Reset`, epoch seconds).
    waited = re.search(
        rf"Sentry rate limit \(HTTP 429\) on {ISSUES}: You are attempting to use this "
        r"endpoint too frequently\..* Waiting (\d+\.\d)s as the vendor asks\.",
        run.stderr,
    )
    assert waited, run.stderr[-3000:]
    assert 1.0 <= float(waited.group(1)) <= 3.0  # reset 2 s after a whole epoch second


def test_endless_rate_limiting_fails_within_the_retry_budget(fresh_sentry):
    fresh_sentry.set_faults({"rules": [{"kind": "429", "times": 10_000, "reset": 1}]})
    # Rate limits are waited out for as long as Sentry asks, within `max_retry_wait`.
    config = tap_config(fresh_sentry, max_retries=2, max_retry_wait=4)
    run = run_tap(config, streams=["teams"], timeout=60)
    assert run.returncode != 0
    assert "429" in run.stderr
    assert "Gave up: Sentry's rate limit kept refusing requests" in run.stderr
    assert not run.records.get("teams")


def test_wrong_token_names_the_setting(fresh_sentry):
    run = run_tap(tap_config(fresh_sentry, auth_token="not-the-token"), streams=["projects"])
    assert run.returncode != 0
    assert "HTTP 401" in run.stderr
    assert "TAP_SENTRY_AUTH_TOKEN" in run.stderr
    assert "Invalid token" in run.stderr


def test_missing_scope_names_the_scope(fresh_sentry):
    config = tap_config(fresh_sentry, auth_token="sandbox-sentry-token-org-read")
    run = run_tap(config, streams=["issues"])
    assert run.returncode != 0
    assert "HTTP 403" in run.stderr
    assert "`event:read` scope" in run.stderr
    run = run_tap(config, streams=["releases"])
    assert "`project:read` scope" in run.stderr


def test_unknown_organization_names_the_setting(fresh_sentry):
    run = run_tap(tap_config(fresh_sentry, organization="no-such-org"), streams=["projects"])
    assert run.returncode != 0
    assert "organization 'no-such-org' does not exist" in run.stderr
    assert "`organization`/`organizations`" in run.stderr


def test_several_organizations_in_one_run(fresh_sentry):
    org_id = fresh_sentry.vendor("sentry").truth()["organizations"][0]["id"]
    run = run_tap(
        tap_config(fresh_sentry, organizations=[org_id]), streams=["organizations", "teams"]
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # The org by slug and by id are two partitions of the same organisation.
    assert [r["organization"] for r in run.records["organizations"]] == ["acme", org_id]
    assert len(run.records["teams"]) == 2 * len(fresh_sentry.org.teams)
    # Named by id or by slug, the children carry the organisation's slug.
    assert {r["organization"] for r in run.records["teams"]} == {"acme"}


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"auth_token": "  "}, "`auth_token` is empty"),
        ({"auth_token": "Bearer abc"}, "without the `Bearer ` prefix"),
        ({"organization": None}, "Set `organization`"),
        ({"organization": "acme/x"}, "is not a slug"),
        ({"start_date": "last tuesday"}, "start_date"),
        ({"region": "mars"}, "mars"),
        ({"page_size": 500}, "500"),
        ({"event_sampling": "random"}, "random"),
    ],
)
def test_bad_settings_are_rejected_before_any_request(fresh_sentry, override, message):
    before = fresh_sentry.stats()["requests"]
    config = {k: v for k, v in tap_config(fresh_sentry, **override).items() if v is not None}
    run = run_tap(config)
    assert run.returncode != 0
    assert message in run.stderr
    assert fresh_sentry.stats()["requests"] == before


def test_unreachable_host_fails_fast_with_a_clear_message():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the tap starts
    config = {"auth_token": "x", "organization": "acme", "base_url": f"http://127.0.0.1:{port}"}
    run = run_tap(config, timeout=60)
    assert run.returncode != 0
    assert f"Cannot reach Sentry at http://127.0.0.1:{port}" in run.stderr
    assert "Connection refused" in run.stderr
    assert "`base_url`/`region`" in run.stderr
