"""One registry: the app and the Sandbox handle iterate it; switches go through control."""

from __future__ import annotations

import requests

from reliability_sandbox.vendors import NAMES


def test_every_vendor_is_mounted_and_has_a_handle(sandbox):
    assert sandbox.vendors == list(NAMES)
    for name in NAMES:
        handle = sandbox.vendor(name)
        assert handle.url.startswith(sandbox.base_url + "/")
        assert handle.credentials
        assert isinstance(handle.truth(), dict)


def test_the_vendors_endpoint_lists_paths_and_credentials(sandbox):
    body = requests.get(f"{sandbox.base_url}/_sandbox/vendors", timeout=10).json()
    listed = {v["name"]: v for v in body["vendors"]}
    assert set(listed) == set(NAMES)
    assert listed["pagerduty"]["path"] == "/pagerduty"
    assert listed["pagerduty"]["credentials"] == sandbox.vendor("pagerduty").credentials


def test_headers_log_in(sandbox):
    for name, path in (("pagerduty", "/services"), ("datadog", "/api/v1/monitor")):
        handle = sandbox.vendor(name)
        resp = requests.get(f"{handle.url}{path}", headers=handle.headers(), timeout=10)
        assert resp.status_code == 200, name


def test_switches_over_http_and_through_the_handle(private):
    sbx, _ = private()
    url = f"{sbx.base_url}/_sandbox/vendors/datadog"
    switched = requests.put(url, json={"denied_permissions": ["slos_read"]}, timeout=10)
    assert switched.json() == {"incident_management": True, "denied_permissions": ["slos_read"]}
    datadog = sbx.vendor("datadog")
    slos = requests.get(f"{datadog.url}/api/v1/slo", headers=datadog.headers(), timeout=10)
    assert slos.status_code == 403
    assert datadog.configure(denied_permissions=[]) == requests.get(url, timeout=10).json()
    bad = requests.put(url, json={"no_such_switch": 1}, timeout=10)
    assert bad.status_code == 400
    assert "no_such_switch" in bad.json()["error"]
    assert (
        requests.put(f"{sbx.base_url}/_sandbox/vendors/nope", json={}, timeout=10).status_code
        == 404
    )


def test_sentry_accepts_a_configured_token(private):
    sbx, _ = private()
    sentry = sbx.vendor("sentry")
    sentry.configure(token="rotated-token")
    resp = requests.get(
        f"{sentry.url}/api/0/organizations/",
        headers={"Authorization": "Bearer rotated-token"},
        timeout=10,
    )
    assert resp.status_code == 200
    assert sentry.credentials["auth_token"] == "rotated-token"  # noqa: S105 - a fake token
