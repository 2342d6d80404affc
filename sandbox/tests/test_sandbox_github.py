"""The GitHub module: GitHub's REST contract over the shared organisation."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.contracts import load_contract
from reliability_sandbox.org import Org
from reliability_sandbox.story import story
from reliability_sandbox.vendors.github import SHORT_PAGE, UNKNOWN_FIELD, UNKNOWN_STATE, GitHubAPI

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _headers(sb: Sandbox, token: str | None = None) -> dict[str, str]:
    headers = sb.vendor("github").headers()
    return {**headers, "Authorization": f"Bearer {token}"} if token else headers


def get(sb: Sandbox, path: str, token: str | None = None, **params: Any) -> requests.Response:
    return requests.get(
        f"{sb.vendor('github').url}{path}", params=params, headers=_headers(sb, token), timeout=10
    )


def read_all(sb: Sandbox, path: str, key: str | None = None, **params: Any) -> list[Any]:
    out: list[Any] = []
    url: str | None = f"{sb.vendor('github').url}{path}"
    query: dict[str, Any] | None = {"per_page": 100, **params}
    while url:
        resp = requests.get(url, params=query, headers=sb.vendor("github").headers(), timeout=10)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        out.extend(body[key] if key else body)
        url = resp.links.get("next", {}).get("url")
        query = None
    return out


def _z(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_auth_contract(sbx):
    url = f"{sbx.vendor('github').url}/orgs/acme/repos"
    missing = requests.get(url, timeout=10)
    assert missing.status_code == 401
    assert missing.json()["message"] == "Requires authentication"
    wrong = requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=10)
    assert wrong.status_code == 401
    assert wrong.json() == {
        "message": "Bad credentials",
        "documentation_url": "https://docs.github.com/rest",
        "status": "401",
    }
    legacy = requests.get(
        url,
        headers={"Authorization": f"token {sbx.vendor('github').credentials['auth_token']}"},
        timeout=10,
    )
    assert legacy.status_code == 200
    bad_version = requests.get(
        url,
        headers={**sbx.vendor("github").headers(), "X-GitHub-Api-Version": "2001-01-01"},
        timeout=10,
    )
    assert bad_version.status_code == 400
    assert "Invalid API version" in bad_version.json()["message"]


def test_missing_scope_is_a_403_naming_the_scope(sbx):
    denied = get(sbx, "/repos/acme/checkout-api/hooks", "sandbox-github-token-no-hooks")
    assert denied.status_code == 403
    assert denied.headers["x-accepted-oauth-scopes"] == "admin:repo_hook"
    assert "admin:repo_hook" not in denied.headers["x-oauth-scopes"]
    teams = get(sbx, "/orgs/acme/teams", "sandbox-github-token-no-org")
    assert teams.status_code == 403
    assert teams.headers["x-accepted-oauth-scopes"] == "read:org"
    assert get(sbx, "/orgs/nope/repos").status_code == 404


def test_link_pagination(sbx):
    first = get(sbx, "/orgs/acme/repos", per_page=5)
    assert len(first.json()) == 5
    links = first.links
    assert set(links) == {"next", "last"}
    assert "page=2" in links["next"]["url"]
    assert "per_page=5" in links["next"]["url"]
    last = requests.get(links["last"]["url"], headers=sbx.vendor("github").headers(), timeout=10)
    assert "next" not in last.links
    assert {"prev", "first"} <= set(last.links)
    everything = read_all(sbx, "/orgs/acme/repos")
    paged: list[dict[str, Any]] = []
    url: str | None = f"{sbx.vendor('github').url}/orgs/acme/repos?per_page=3"
    while url:
        resp = requests.get(url, headers=sbx.vendor("github").headers(), timeout=10)
        paged.extend(resp.json())
        url = resp.links.get("next", {}).get("url")
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    assert len(get(sbx, "/orgs/acme/repos", per_page=500).json()) == len(everything)
    assert get(sbx, "/orgs/acme/repos", page=99).json() == []


def test_ghes_prefix_keeps_its_links(sbx):
    resp = get(sbx, "/api/v3/orgs/acme/repos", per_page=5)
    assert resp.status_code == 200
    assert "/github/api/v3/orgs/acme/repos?" in resp.links["next"]["url"]


def test_repositories_are_the_services_and_more(sbx):
    org = sbx.org
    repos = read_all(sbx, "/orgs/acme/repos")
    names = {r["name"] for r in repos}
    assert {s.slug for s in org.services} <= names
    assert len(repos) == org.config.github_repos
    teams = read_all(sbx, "/orgs/acme/teams")
    assert sorted(t["slug"] for t in teams) == sorted(t.slug for t in org.teams)
    for service in org.services:
        owners = read_all(sbx, f"/repos/acme/{service.slug}/teams")
        assert (service.team.slug, "admin") in {(t["slug"], t["permission"]) for t in owners}
    members = read_all(sbx, f"/orgs/acme/teams/{org.teams[0].slug}/members", role="maintainer")
    assert len(members) == 1  # the team's manager


def test_standards_violations_on_purpose(sbx):
    truth = sbx.vendor("github").truth()
    assert any(not owners for owners in truth["repo_teams"].values())
    required = "https://hooks.reliability.acme.example/github"
    without_hook = [
        n
        for n, hooks in truth["repo_hooks"].items()
        if not any(h["config"]["url"] == required and h["active"] for h in hooks)
    ]
    assert without_hook
    protection = truth["branch_protection"]
    assert any(b.get("status") == 404 for b in protection.values())
    assert sum(b.get("status") == 409 for b in protection.values()) == 1
    assert any("url" in b and "required_pull_request_reviews" not in b for b in protection.values())
    assert any("url" in b and "required_status_checks" not in b for b in protection.values())
    assert any(r["archived"] for r in truth["repositories"])
    assert any(isinstance(v, dict) and v["status"] == 410 for v in truth["workflow_runs"].values())
    empty = next(n for n, b in protection.items() if b.get("status") == 409)
    resp = get(sbx, f"/repos/acme/{empty}/branches/main/protection")
    assert (resp.status_code, resp.json()["message"]) == (409, "Git Repository is empty.")
    unprotected = next(n for n, b in protection.items() if b.get("status") == 404)
    resp = get(sbx, f"/repos/acme/{unprotected}/branches/main/protection")
    assert (resp.status_code, resp.json()["message"]) == (404, "Branch not protected")
    for hooks in truth["repo_hooks"].values():
        for hook in hooks:
            assert hook["config"]["secret"] == "********"  # noqa: S105 - masked, as GitHub does


def test_deployments_that_caused_incidents(sbx):
    org = sbx.org
    truth = sbx.vendor("github").truth()
    caused = [inc for inc in org.incidents if story(org, inc).trigger_kind == "deploy"]
    assert caused
    for inc in caused:
        dep = truth["incident_deployments"][inc.key]
        assert dep["environment"] == "production"
        assert dep["repository_url"].endswith(f"/repos/acme/{inc.service.slug}")
        statuses = truth["deployment_statuses"][dep["id"]]
        assert statuses[0]["state"] == "success"
        assert statuses[0]["created_at"] == _z(story(org, inc).deploy_at)
        assert dep["created_at"] < statuses[0]["created_at"]
        served = read_all(sbx, f"/repos/acme/{inc.service.slug}/deployments")
        assert dep["id"] in {d["id"] for d in served}


def _shipped_by(truth: dict[str, Any]) -> dict[tuple[str, int], int]:
    """(repository, pull number) -> the deployment that shipped it, as the warehouse decides.

    int_github_pull_requests_joined_to_deployments: a pull request merged into the default
    branch ships with the first successful production deployment of its repository created
    at or after the merge (by success time, then id).
    """
    out: dict[tuple[str, int], int] = {}
    for name, pulls in truth["pull_requests"].items():
        succeeded = []
        for d in truth["deployments"][name]:
            states = {s["state"]: s["created_at"] for s in truth["deployment_statuses"][d["id"]]}
            if d["production_environment"] and "success" in states:
                succeeded.append((states["success"], d["id"], d["created_at"]))
        for p in pulls:
            if p["merged_at"] is None or p["base"]["ref"] != "main":
                continue
            after = [(at, i) for at, i, created in succeeded if created >= p["merged_at"]]
            if after:
                out[(name, p["number"])] = min(after)[1]
    return out


def test_each_causing_deployment_shipped_a_merged_pull_request(sbx):
    org = sbx.org
    truth = sbx.vendor("github").truth()
    shipped_by = _shipped_by(truth)
    caused = [inc for inc in org.incidents if story(org, inc).trigger_kind == "deploy"]
    assert set(truth["incident_pull_requests"]) == {inc.key for inc in caused}
    for inc in caused:
        repo = inc.service.slug
        dep = truth["incident_deployments"][inc.key]
        pull = truth["incident_pull_requests"][inc.key]
        assert pull["base"]["repo"]["full_name"] == f"acme/{repo}"
        assert pull["html_url"] == f"https://github.com/acme/{repo}/pull/{pull['number']}"
        assert pull["state"] == "closed"
        assert pull["merged_at"] is not None
        assert pull["merged_at"] <= dep["created_at"]
        # Served as it is in the truth, and shipped by the causing deployment.
        served = read_all(sbx, f"/repos/acme/{repo}/pulls", state="closed")
        assert pull in served
        assert shipped_by[(repo, pull["number"])] == dep["id"]
    # Both kinds occur: a regular pull request the deployment happened to ship, and one
    # made for the incident because the deployment shipped no other.
    made = {c.made_for_incident for c in sbx.vendor("github").api.world.incident_changes().values()}
    assert made == {True, False}


def test_pull_requests_made_for_incidents_keep_numbers_as_the_world_grows():
    org = Org(OrgConfig.preset("test", anchor=ANCHOR))
    api = GitHubAPI(org)
    before = api.truth()["incident_pull_requests"]
    org.advance(ANCHOR + timedelta(days=3))
    after = api.truth()["incident_pull_requests"]
    assert before.keys() <= after.keys()
    for key, pull in before.items():
        assert (pull["id"], pull["number"], pull["merged_at"]) == (
            after[key]["id"],
            after[key]["number"],
            after[key]["merged_at"],
        )


def test_lists_are_ordered_as_github_orders_them(sbx):
    pulls = read_all(
        sbx, "/repos/acme/checkout-api/pulls", state="all", sort="updated", direction="desc"
    )
    assert [p["updated_at"] for p in pulls] == sorted(
        (p["updated_at"] for p in pulls), reverse=True
    )
    assert any(p["merged_at"] for p in pulls)
    by_created = read_all(sbx, "/repos/acme/checkout-api/pulls", state="all", sort="created")
    assert [p["created_at"] for p in by_created] == sorted(
        (p["created_at"] for p in by_created), reverse=True
    )
    truth = sbx.vendor("github").truth()["pull_requests"]
    with_open = next(n for n, rows in truth.items() if any(p["state"] == "open" for p in rows))
    opened = read_all(sbx, f"/repos/acme/{with_open}/pulls")
    assert opened
    assert {p["id"] for p in opened} == {p["id"] for p in truth[with_open] if p["state"] == "open"}
    deploys = read_all(sbx, "/repos/acme/checkout-api/deployments")
    assert [d["created_at"] for d in deploys] == sorted(
        (d["created_at"] for d in deploys), reverse=True
    )
    runs = read_all(sbx, "/repos/acme/checkout-api/actions/runs", "workflow_runs")
    assert [r["created_at"] for r in runs] == sorted((r["created_at"] for r in runs), reverse=True)
    since = runs[len(runs) // 2]["created_at"]
    recent = read_all(
        sbx, "/repos/acme/checkout-api/actions/runs", "workflow_runs", created=f">={since}"
    )
    assert {r["id"] for r in recent} == {r["id"] for r in runs if r["created_at"] >= since}
    env = get(sbx, "/repos/acme/checkout-api/environments").json()
    assert env["total_count"] == len(env["environments"]) == 2


def test_advance_completes_runs_and_adds_work():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        before = sb.vendor("github").truth()
        running = {
            r["id"]
            for runs in before["workflow_runs"].values()
            if isinstance(runs, list)
            for r in runs
            if r["status"] != "completed"
        }
        assert running
        unprotected_before = {
            n for n, b in before["branch_protection"].items() if b.get("status") == 404
        }
        sb.advance(ANCHOR + timedelta(days=3))
        after = sb.vendor("github").truth()
        runs_after = {
            r["id"]: r
            for runs in after["workflow_runs"].values()
            if isinstance(runs, list)
            for r in runs
        }
        assert all(runs_after[i]["status"] == "completed" for i in running)
        assert all(runs_after[i]["conclusion"] for i in running)

        def count(truth: dict[str, Any], key: str) -> int:
            return sum(len(v) for v in truth[key].values() if isinstance(v, list))

        for key in ("pull_requests", "deployments", "workflow_runs", "releases"):
            assert count(after, key) > count(before, key), key
        unprotected_after = {
            n for n, b in after["branch_protection"].items() if b.get("status") == 404
        }
        assert unprotected_after < unprotected_before  # a fix landed


def test_rate_limits_primary_and_secondary():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), faults={"requests_per_minute": 3}) as sb:
        ok = get(sb, "/orgs/acme/repos")
        assert ok.headers["x-ratelimit-limit"] == "3"
        assert ok.headers["x-ratelimit-remaining"] == "2"
        get(sb, "/orgs/acme/repos")
        get(sb, "/orgs/acme/repos")
        limited = get(sb, "/orgs/acme/repos")
        assert limited.status_code == 403
        assert limited.headers["x-ratelimit-remaining"] == "0"
        assert int(limited.headers["x-ratelimit-reset"]) >= int(time.time())
        assert "rate limit exceeded" in limited.json()["message"]
        # Another token has its own budget.
        assert get(sb, "/orgs/acme/repos", "sandbox-github-token-2").status_code == 200
        sb.vendor("github").configure(primary_limit_status=429)
        assert get(sb, "/orgs/acme/repos").status_code == 429
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        sb.vendor("github").configure(secondary_limit={"times": 1, "retry_after": 30})
        sb.vendor("github").configure(secondary_limit={"times": 1, "retry_after": None})
        first = get(sb, "/orgs/acme/repos")
        assert (first.status_code, first.headers["retry-after"]) == (403, "30")
        assert "secondary rate limit" in first.json()["message"]
        second = get(sb, "/orgs/acme/repos")
        assert second.status_code == 403
        assert "retry-after" not in second.headers
        assert get(sb, "/orgs/acme/repos").status_code == 200


def test_world_is_deterministic_and_sized_by_config():
    config = OrgConfig.preset("test", anchor=ANCHOR, github_repos=20, github_pulls_per_repo=40)
    a, b = GitHubAPI(Org(config)), GitHubAPI(Org(config))
    assert a.truth() == b.truth()
    truth = a.truth()
    assert len(truth["repositories"]) == 20
    # Every repository but the empty one has exactly the configured history.
    counts = [len(v) for v in truth["pull_requests"].values()]
    assert min(counts) == 0
    assert all(c >= 40 for c in sorted(counts)[1:])
    bench = OrgConfig.preset("bench")
    assert bench.github_repos >= 2000
    assert (bench.github_repos - 1) * bench.github_pulls_per_repo >= 200_000


# ------------------------------------------------------------- the vendor's contract


ALL_QUIRKS = ["short_pages", "spec_nulls", "unknown_fields", "unsorted", "vanished_children"]


def _walk_everything(sb: Sandbox) -> dict[str, Any]:
    """Read every operation a client of the contract would, following every `next` link."""

    def pages(path: str, key: str | None = None, **params: Any) -> list[Any]:
        out: list[Any] = []
        url: str | None = f"{sb.vendor('github').url}{path}"
        query: dict[str, Any] | None = {"per_page": 100, **params}
        while url:
            resp = requests.get(
                url, params=query, headers=sb.vendor("github").headers(), timeout=10
            )
            if resp.status_code != 200:
                return out
            body = resp.json()
            out.extend(body[key] if key else body)
            url = resp.links.get("next", {}).get("url")
            query = None
        return out

    read: dict[str, Any] = {"org": get(sb, "/orgs/acme").json()}
    read["teams"] = pages("/orgs/acme/teams")
    for team in read["teams"]:
        pages(f"/orgs/acme/teams/{team['slug']}/members", role="member")
        pages(f"/orgs/acme/teams/{team['slug']}/repos")
    read["repos"] = pages("/orgs/acme/repos", type="all", sort="full_name")
    for repo in read["repos"]:
        base = f"/repos/acme/{repo['name']}"
        get(sb, f"{base}/branches/main/protection")
        for path in ("hooks", "rulesets", "releases"):
            pages(f"{base}/{path}")
        pages(f"{base}/environments", "environments")
        pages(f"{base}/pulls", state="all", sort="updated", direction="desc")
        pages(f"{base}/actions/runs", "workflow_runs")
        for deployment in pages(f"{base}/deployments"):
            pages(f"{base}/deployments/{deployment['id']}/statuses")
    return read


@pytest.mark.parametrize("quirks", [[], ALL_QUIRKS], ids=["plain", "every-quirk"])
def test_every_answer_is_valid_against_githubs_description(quirks):
    config = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(config, faults={"quirks": quirks}, check_contracts=True) as sb:
        _walk_everything(sb)
        report = sb.contract_report()
    assert report["violations"] == []
    ok = {k.rsplit(" ", 1)[0] for k in report["exercised"] if k.endswith(" 200")}
    assert ok == {f"github GET {op.path}" for op in load_contract("github").operations}


def test_vanished_children_answer_404_while_their_parents_are_listed():
    config = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(config, faults={"quirks": ["vanished_children"]}) as sb:
        team = sb.vendor("github").api.vanished_team().slug
        repo = sb.vendor("github").api.vanished_repo().name
        deployment = sb.vendor("github").api.vanished_deployment()
        assert team in {t["slug"] for t in read_all(sb, "/orgs/acme/teams")}
        assert repo in {r["name"] for r in read_all(sb, "/orgs/acme/repos")}
        first = sb.vendor("github").api.world.repos[0].name
        assert deployment in {d["id"] for d in read_all(sb, f"/repos/acme/{first}/deployments")}
        gone = [
            get(sb, f"/orgs/acme/teams/{team}/members"),
            get(sb, f"/orgs/acme/teams/{team}/repos"),
            get(sb, f"/repos/acme/{repo}/hooks"),
            get(sb, f"/repos/acme/{repo}/deployments"),
            get(sb, f"/repos/acme/{repo}/branches/main/protection"),
            get(sb, f"/repos/acme/{first}/deployments/{deployment}/statuses"),
        ]
        for resp in gone:
            assert resp.status_code == 404
            assert resp.json()["message"] == "Not Found"
        truth = sb.vendor("github").truth()
        assert truth["team_members"][team] == {"status": 404, "message": "Not Found"}
        assert truth["repo_hooks"][repo] == {"status": 404, "message": "Not Found"}
        assert truth["deployment_statuses"][deployment]["status"] == 404
        sb.set_faults(quirks=[])
        assert get(sb, f"/orgs/acme/teams/{team}/members").status_code == 200
        assert get(sb, f"/repos/acme/{repo}/hooks").status_code == 200


def test_short_pages_hold_fewer_rows_and_still_link_the_next():
    config = OrgConfig.preset("test", anchor=ANCHOR, github_repos=6, github_pulls_per_repo=40)
    with Sandbox(config) as sb:
        everything = read_all(sb, "/repos/acme/checkout-api/pulls", state="all")
        sb.set_faults(quirks=["short_pages"])
        first = get(sb, "/repos/acme/checkout-api/pulls", state="all", per_page=100)
        assert len(first.json()) == SHORT_PAGE
        assert "next" in first.links
        paged = read_all(sb, "/repos/acme/checkout-api/pulls", state="all")
    assert [p["id"] for p in paged] == [p["id"] for p in everything]


def test_shifting_pages_repeat_one_row_and_lose_none():
    config = OrgConfig.preset("test", anchor=ANCHOR, github_repos=6, github_pulls_per_repo=40)
    with Sandbox(config, faults={"quirks": ["unsorted"]}) as sb:
        query = {"state": "all", "sort": "updated", "direction": "desc", "per_page": 10}
        rows: list[dict[str, Any]] = []
        url: str | None = f"{sb.vendor('github').url}/repos/acme/checkout-api/pulls"
        params: dict[str, Any] | None = query
        while url:
            resp = requests.get(
                url, params=params, headers=sb.vendor("github").headers(), timeout=10
            )
            rows.extend(resp.json())
            url, params = resp.links.get("next", {}).get("url"), None
        truth = {p["id"] for p in sb.vendor("github").truth()["pull_requests"]["checkout-api"]}
    ids = [p["id"] for p in rows]
    assert set(ids) == truth
    assert len(ids) == len(truth) + 1  # the last row of page 1 comes again on page 2
    assert ids[9] in ids[10:12]
    # ... and the first two rows of a page are out of order.
    assert rows[0]["updated_at"] <= rows[1]["updated_at"]


def test_unknown_fields_and_nulls_against_the_description_are_declared_deviations():
    config = OrgConfig.preset("test", anchor=ANCHOR)
    quirks = ["unknown_fields", "spec_nulls"]
    with Sandbox(config, faults={"quirks": quirks}, check_contracts=True) as sb:
        pulls = read_all(sb, "/repos/acme/checkout-api/pulls", state="all")
        deployments = read_all(sb, "/repos/acme/checkout-api/deployments")
        states = [
            s["state"]
            for d in deployments
            for s in read_all(sb, f"/repos/acme/checkout-api/deployments/{d['id']}/statuses")
        ]
        report = sb.contract_report()
    assert all(UNKNOWN_FIELD in p for p in pulls)
    assert UNKNOWN_STATE in states
    forks_gone = [p for p in pulls if p["head"]["repo"] is None]
    assert forks_gone
    assert all(p["head"]["label"] is None for p in forks_gone)
    assert report["violations"] == []


def test_error_answers_have_githubs_documented_shape():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), check_contracts=True) as sb:
        assert get(sb, "/orgs/acme/teams", "sandbox-github-token-no-org").status_code == 403
        assert get(sb, "/orgs/nope").status_code == 404
        assert get(sb, "/repos/acme/nope/hooks").status_code == 404
        assert get(sb, "/repos/acme/checkout-api/pulls", state="bogus").status_code == 422
        report = sb.contract_report()
    assert {
        "github GET /orgs/{org}/teams 403",
        "github GET /orgs/{org} 404",
        "github GET /repos/{owner}/{repo}/hooks 404",
        "github GET /repos/{owner}/{repo}/pulls 422",
    } <= report["exercised"].keys()
    problems = [p for v in report["violations"] for p in v["problems"]]
    # Only the request the test made wrong on purpose is outside the contract.
    assert problems == [
        "request: parameter 'state': 'bogus' is not one of ['open', 'closed', 'all']"
    ]
