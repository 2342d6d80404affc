"""Rate limiting, fault injection, latency and the control endpoints."""

from __future__ import annotations

import http.client
import time

import pytest
import requests

from reliability_sandbox.faults import FaultConfig, FaultRule, RateLimiter


def test_rate_limit_headers_and_429(private) -> None:
    sbx, pd = private(faults={"requests_per_minute": 5})
    statuses = []
    for _ in range(5):
        resp = pd.get("/priorities")
        statuses.append(resp.status_code)
        assert resp.headers["ratelimit-limit"] == "5"
        assert int(resp.headers["ratelimit-remaining"]) >= 0
        assert int(resp.headers["ratelimit-reset"]) >= 0
    assert statuses == [200] * 5
    resp = pd.get("/priorities")
    assert resp.status_code == 429
    assert resp.json() == {"error": {"message": "Rate Limit Exceeded", "code": 2020}}
    assert resp.headers["ratelimit-remaining"] == "0"
    # 5/min refills a token every 12 s: that is how long the client must wait.
    assert 1 <= int(resp.headers["ratelimit-reset"]) <= 12
    assert sbx.stats()["by_status"]["429"] == 1


def test_rate_limit_is_per_token_and_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    for _ in range(60):
        assert limiter.take("a")[0]
    allowed, remaining, reset = limiter.take("a")
    assert (allowed, remaining, reset) == (False, 0, 1)
    assert limiter.take("b")[0]
    now[0] += 1.0
    assert limiter.take("a")[0]


def test_no_rate_limit_headers_when_disabled(pd) -> None:
    assert "ratelimit-limit" not in pd.get("/priorities").headers


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors(private, status: int) -> None:
    sbx, pd = private(
        faults={
            "rules": [{"kind": str(status), "path": "/pagerduty/incidents", "after": 1, "times": 2}]
        }
    )
    got = [pd.get("/incidents").status_code for _ in range(4)]
    assert got == [200, status, status, 200]
    assert pd.get("/services").status_code == 200  # path prefix did not match
    assert sbx.stats()["by_path_status"]["/pagerduty/incidents"] == {"200": 2, str(status): 2}


def test_injected_429_has_headers(private) -> None:
    _, pd = private(faults={"rules": [{"kind": "429", "times": 1, "reset": 3}]})
    resp = pd.get("/teams")
    assert resp.status_code == 429
    assert resp.headers["ratelimit-reset"] == "3"
    assert resp.json()["error"]["code"] == 2020
    assert pd.get("/teams").status_code == 200


def test_timeout(private) -> None:
    _, pd = private(faults={"rules": [{"kind": "timeout", "seconds": 2}]})
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        pd.session.get(f"{pd.sbx.vendor('pagerduty').url}/teams", timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert pd.get("/teams").status_code == 200


def test_drop_closes_connection_without_response(private) -> None:
    sbx, _ = private(faults={"rules": [{"kind": "drop", "times": 1}]})
    conn = http.client.HTTPConnection("127.0.0.1", int(sbx.base_url.rsplit(":", 1)[1]), timeout=5)
    conn.request("GET", "/pagerduty/teams", headers=sbx.vendor("pagerduty").headers())
    with pytest.raises(http.client.RemoteDisconnected):
        conn.getresponse()
    conn.close()
    resp = requests.get(
        f"{sbx.vendor('pagerduty').url}/teams", headers=sbx.vendor("pagerduty").headers(), timeout=5
    )
    assert resp.status_code == 200
    assert sbx.stats()["by_status"].get("drop") == 1


def test_malformed_json(private) -> None:
    _, pd = private(faults={"rules": [{"kind": "malformed_json", "path": "/pagerduty/users"}]})
    resp = pd.get("/users")
    assert resp.status_code == 200
    with pytest.raises(requests.exceptions.JSONDecodeError):
        resp.json()
    assert pd.get("/users").json()["users"]


def test_latency_overlaps_between_concurrent_clients(private) -> None:
    from concurrent.futures import ThreadPoolExecutor

    sbx, _ = private(faults={"latency_ms": 300})
    url, headers = f"{sbx.vendor('pagerduty').url}/priorities", sbx.vendor("pagerduty").headers()
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        codes = list(
            pool.map(lambda _: requests.get(url, headers=headers, timeout=5).status_code, range(8))
        )
    elapsed = time.monotonic() - started
    assert codes == [200] * 8
    assert 0.3 <= elapsed < 1.5


def test_control_endpoints(private) -> None:
    sbx, pd = private()
    base = sbx.base_url
    health = requests.get(f"{base}/_sandbox/health", timeout=5).json()
    assert health["status"] == "ok"
    assert health["epoch"] == 0
    put = requests.put(
        f"{base}/_sandbox/faults",
        timeout=5,
        json={"rules": [{"kind": "503", "times": 1}], "latency_ms": 0},
    )
    assert put.status_code == 200
    assert pd.get("/teams").status_code == 503
    assert (
        requests.put(
            f"{base}/_sandbox/faults", json={"rules": [{"kind": "boom"}]}, timeout=5
        ).status_code
        == 400
    )
    stats = requests.get(f"{base}/_sandbox/stats", timeout=5).json()
    assert stats["by_path"]["/pagerduty/teams"] == 1
    requests.post(f"{base}/_sandbox/stats/reset", timeout=5)
    assert requests.get(f"{base}/_sandbox/stats", timeout=5).json()["requests"] == 0
    advanced = requests.post(f"{base}/_sandbox/advance", timeout=5).json()
    assert advanced["epoch"] == 1
    assert sbx.org.epoch == 1


def test_fault_rule_validation_and_counting() -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        FaultRule(kind="404")
    with pytest.raises(ValueError, match="unknown fault rule keys"):
        FaultConfig.from_dict({"rules": [{"kind": "500", "paht": "/x"}]})
    config = FaultConfig.from_dict(
        {
            "rules": [
                {"kind": "500", "path": "/a", "after": 1, "times": None},
                {"kind": "502", "path": "/a", "times": 1},
            ]
        }
    )
    fired = [getattr(config.match("GET", "/a/b"), "kind", None) for _ in range(3)]
    assert fired == ["502", "500", "500"]
    assert config.match("GET", "/b") is None
