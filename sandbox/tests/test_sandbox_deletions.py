"""The `deleted_inventory` quirk: objects deleted at the vendor between epochs, answering the
vendors' own 404s, and the truth endpoint saying which (docs/retention.md, "Deletions")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from reliability_sandbox import OrgConfig, Sandbox

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
PD = {"Authorization": "Token token=sandbox-pagerduty-token"}


@pytest.fixture
def sbx():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sandbox:
        sandbox.set_faults(quirks=["deleted_inventory"])
        yield sandbox


def _truth(sbx: Sandbox, vendor: str) -> dict:
    return requests.get(f"{sbx.base_url}/_sandbox/truth/{vendor}", timeout=30).json()


def _pd(sbx: Sandbox, path: str) -> requests.Response:
    return requests.get(f"{sbx.vendor('pagerduty').url}{path}", headers=PD, timeout=10)


def test_nothing_is_deleted_before_the_first_epoch(sbx):
    truth = _truth(sbx, "pagerduty")
    assert truth["services"]["deleted"] == []
    assert truth["users"]["deleted"] == []
    assert _truth(sbx, "datadog")["monitors"]["deleted"] == []
    assert _truth(sbx, "github")["repositories"]["deleted"] == []


def test_pagerduty_deletes_a_service_and_a_user_with_its_404(sbx):
    listed = {s["id"] for s in _pd(sbx, "/services?limit=100").json()["services"]}
    sbx.advance(ANCHOR + timedelta(hours=1))
    truth = _truth(sbx, "pagerduty")
    [[service]] = truth["services"]["deleted"]
    [[user]] = truth["users"]["deleted"]
    now = {s["id"] for s in _pd(sbx, "/services?limit=100").json()["services"]}
    assert listed - now == {service}
    assert service not in {row[0] for row in truth["services"]["rows"]}
    assert user not in {u["id"] for u in _pd(sbx, "/users?limit=100").json()["users"]}
    for path in (f"/services/{service}", f"/users/{user}"):
        gone = _pd(sbx, path)
        # PagerDuty's error body for a missing object.
        assert gone.status_code == 404
        assert gone.json()["error"]["message"] == "Not Found"
    # The deleted service's incidents stay (they are the history a warehouse keeps).
    assert any(i["service"]["id"] == service for i in sbx.vendor("pagerduty").truth()["incidents"])


def test_datadog_deletes_a_monitor_with_its_404(sbx):
    headers = sbx.vendor("datadog").headers()
    listed = requests.get(
        f"{sbx.vendor('datadog').url}/api/v1/monitor", headers=headers, timeout=10
    )
    sbx.advance(ANCHOR + timedelta(hours=1))
    [[monitor]] = _truth(sbx, "datadog")["monitors"]["deleted"]
    assert monitor in {m["id"] for m in listed.json()}
    now = requests.get(f"{sbx.vendor('datadog').url}/api/v1/monitor", headers=headers, timeout=10)
    assert monitor not in {m["id"] for m in now.json()}
    gone = requests.get(
        f"{sbx.vendor('datadog').url}/api/v1/monitor/{monitor}", headers=headers, timeout=10
    )
    assert gone.status_code == 404
    assert gone.json() == {"errors": ["Monitor not found"]}


def _repos(sbx: Sandbox) -> dict[int, str]:
    resp = requests.get(
        f"{sbx.vendor('github').url}/orgs/acme/repos",
        params={"per_page": 100},
        headers=sbx.vendor("github").headers(),
        timeout=10,
    )
    return {r["id"]: r["name"] for r in resp.json()}


def test_github_deletes_a_repository_with_its_404(sbx):
    before = _repos(sbx)
    sbx.advance(ANCHOR + timedelta(hours=1))
    truth = _truth(sbx, "github")
    [[repo_id]] = truth["repositories"]["deleted"]
    assert repo_id not in {row[0] for row in truth["repositories"]["rows"]}
    assert set(before) - set(_repos(sbx)) == {repo_id}
    for path in ("", "/hooks"):
        gone = requests.get(
            f"{sbx.vendor('github').url}/repos/acme/{before[repo_id]}{path}",
            headers=sbx.vendor("github").headers(),
            timeout=10,
        )
        assert gone.status_code == 404
        assert gone.json()["message"] == "Not Found"


def test_github_truth_with_a_deleted_repository_and_a_vanished_team(sbx):
    # Both quirks at once: the vanished team's repositories are GitHub's 404 body (not a
    # list to filter), the deleted repository is gone from every other team's list.
    sbx.advance(ANCHOR + timedelta(hours=1))
    truth = sbx.vendor("github").truth(["deleted_inventory", "vanished_children"])
    [deleted] = truth["deleted"]["repositories"]
    entries = truth["team_repositories"].values()
    assert [e for e in entries if isinstance(e, dict)] == [{"status": 404, "message": "Not Found"}]
    assert all(r["id"] != deleted for e in entries if isinstance(e, list) for r in e)
