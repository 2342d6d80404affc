"""The Sentry module: Sentry's contract over the shared organisation."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.org import Org
from reliability_sandbox.vendor import Request
from reliability_sandbox.vendors.sentry import SentryAPI

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
ORG = "/api/0/organizations/acme"


def get(sb: Sandbox, path: str, token: str | None = None, **params: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {token or sb.vendor('sentry').credentials['auth_token']}"}
    return requests.get(
        f"{sb.vendor('sentry').url}{path}", params=params, headers=headers, timeout=10
    )


def links(resp: requests.Response) -> dict[str, dict[str, str]]:
    return {rel: dict(v) for rel, v in resp.links.items()}


def read_all(sb: Sandbox, path: str, **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        resp = get(sb, path, **params, **({"cursor": cursor} if cursor else {}))
        assert resp.status_code == 200, resp.text
        out.extend(resp.json())
        nxt = links(resp)["next"]
        if nxt["results"] != "true":
            return out
        cursor = nxt["cursor"]


def test_auth_contract(sbx):
    url = f"{sbx.vendor('sentry').url}{ORG}/projects/"
    missing = requests.get(url, timeout=10)
    assert missing.status_code == 401
    assert missing.json() == {"detail": "Authentication credentials were not provided."}
    wrong = requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=10)
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "Invalid token"}
    scheme = requests.get(
        url,
        headers={"Authorization": f"Token {sbx.vendor('sentry').credentials['auth_token']}"},
        timeout=10,
    )
    assert scheme.status_code == 401


def test_scopes_and_unknown_org(sbx):
    limited = "sandbox-sentry-token-org-read"
    assert get(sbx, f"{ORG}/projects/", limited).status_code == 200
    denied = get(sbx, f"{ORG}/issues/", limited)
    assert denied.status_code == 403
    assert denied.json() == {"detail": "You do not have permission to perform this action."}
    assert get(sbx, f"{ORG}/releases/", limited).status_code == 403
    unknown = get(sbx, "/api/0/organizations/nope/projects/")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "The requested resource does not exist"}


def test_projects_are_the_services_and_teams_are_shared(sbx):
    projects = read_all(sbx, f"{ORG}/projects/")
    assert sorted(p["slug"] for p in projects) == sorted(s.slug for s in sbx.org.services)
    teams = read_all(sbx, f"{ORG}/teams/")
    assert sorted(t["slug"] for t in teams) == sorted(t.slug for t in sbx.org.teams)
    for project in projects:
        linked = read_all(sbx, f"/api/0/projects/acme/{project['slug']}/teams/")
        assert {t["id"] for t in linked} == {t["id"] for t in project["teams"]}


def test_link_header_pagination_is_sentrys(sbx):
    first = get(sbx, f"{ORG}/issues/", query="", limit=10)
    header = first.headers["link"]
    pattern = (
        r'<[^>]+cursor=(\d+:\d+:1)>; rel="previous"; results="false"; cursor="\1", '
        r'<[^>]+cursor=(\d+:\d+:0)>; rel="next"; results="true"; cursor="\2"'
    )
    assert re.fullmatch(pattern, header), header
    every = read_all(sbx, f"{ORG}/issues/", query="", limit=7)
    assert (
        len(every) == len({i["id"] for i in every}) == len(sbx.vendor("sentry").truth()["issues"])
    )
    # The last page says results="false" on next and results="true" on previous.
    last = get(sbx, f"{ORG}/projects/", per_page=100)
    assert links(last)["next"]["results"] == "false"
    page2 = get(sbx, f"{ORG}/releases/", per_page=10, cursor="0:10:0")
    assert links(page2)["previous"]["results"] == "true"
    assert get(sbx, f"{ORG}/projects/", per_page=101).status_code == 400
    assert get(sbx, f"{ORG}/projects/", cursor="bogus").status_code == 400
    # limit on issues is silently capped at 100.
    assert len(get(sbx, f"{ORG}/issues/", query="", limit=500).json()) == 100


def test_issues_default_to_unresolved_unless_query_is_sent(sbx):
    default = read_all(sbx, f"{ORG}/issues/")
    assert {i["status"] for i in default} == {"unresolved"}
    everything = read_all(sbx, f"{ORG}/issues/", query="")
    assert {i["status"] for i in everything} == {"unresolved", "resolved", "ignored"}
    resolved = read_all(sbx, f"{ORG}/issues/", query="is:resolved")
    assert {i["status"] for i in resolved} == {"resolved"}
    assert get(sbx, f"{ORG}/issues/", query="bogus:1").status_code == 400


def test_issue_filters_and_sorts(sbx):
    everything = read_all(sbx, f"{ORG}/issues/", query="")
    assert [i["lastSeen"] for i in everything] == sorted(
        (i["lastSeen"] for i in everything), reverse=True
    )
    new = read_all(sbx, f"{ORG}/issues/", query="", sort="new")
    assert [i["firstSeen"] for i in new] == sorted((i["firstSeen"] for i in new), reverse=True)
    start, end = "2026-05-01T00:00:00", "2026-05-08T00:00:00"
    ranged = read_all(sbx, f"{ORG}/issues/", query="", start=start, end=end)
    assert {i["id"] for i in ranged} == {
        i["id"] for i in everything if i["lastSeen"] >= start + "Z" and i["firstSeen"] <= end + "Z"
    }
    exact = read_all(
        sbx, f"{ORG}/issues/", query=f"lastSeen:>={start}Z lastSeen:<{end}Z", start=start, end=end
    )
    assert {i["id"] for i in exact} == {
        i["id"] for i in everything if start + "Z" <= i["lastSeen"] < end + "Z"
    }
    recent = read_all(sbx, f"{ORG}/issues/", query="", statsPeriod="24h")
    floor = (ANCHOR - timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert {i["id"] for i in recent} == {i["id"] for i in everything if i["lastSeen"] >= floor}
    slug = sbx.org.services[0].slug
    mine = read_all(sbx, f"{ORG}/issues/", query="", project=slug)
    assert mine
    assert {i["project"]["slug"] for i in mine} == {slug}


def test_last_seen_bounds_are_exact_at_an_issues_own_second(sbx):
    # Bounds placed on issues' own `lastSeen` seconds: strict and inclusive comparisons,
    # a negated filter and a `start` later than the query's lower bound each keep exactly
    # the issues a comparison of the listed values keeps.
    everything = read_all(sbx, f"{ORG}/issues/", query="")
    seen = sorted({i["lastSeen"] for i in everything})
    low, high = seen[len(seen) // 4], seen[3 * len(seen) // 4]
    cases = {
        f"lastSeen:>{low} lastSeen:<={high}": lambda v: low < v <= high,
        f"lastSeen:>={low} lastSeen:<{high}": lambda v: low <= v < high,
        f"lastSeen:<={low}": lambda v: v <= low,
        f"!lastSeen:>{low}": lambda v: v <= low,
        f"lastSeen:>{high} lastSeen:<{low}": lambda _v: False,
    }
    for query, keeps in cases.items():
        got = read_all(sbx, f"{ORG}/issues/", query=query)
        assert [i["id"] for i in got] == [i["id"] for i in everything if keeps(i["lastSeen"])]
    start, end = high.removesuffix("Z"), seen[-1].removesuffix("Z")
    got = read_all(sbx, f"{ORG}/issues/", query=f"lastSeen:>={low}", start=start, end=end)
    assert [i["id"] for i in got] == [i["id"] for i in everything if i["lastSeen"] >= high]


def test_issues_spike_around_the_incidents(sbx):
    truth = sbx.vendor("sentry").truth()
    by_project: dict[str, list[str]] = {}
    for issue in truth["issues"]:
        by_project.setdefault(issue["project"]["slug"], []).append(issue["firstSeen"])
    for incident in sbx.org.incidents[:10]:
        created = incident.created_at
        firsts = by_project[incident.service.slug]
        assert any(
            abs((datetime.fromisoformat(f) - created).total_seconds()) <= 600 for f in firsts
        )


def test_events_respect_retention_and_activity_is_served(sbx):
    truth = sbx.vendor("sentry").truth()
    floor = (ANCHOR - timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%SZ")
    issue = next(i for i in truth["issues"] if int(i["count"]) > 3)
    events = read_all(sbx, f"{ORG}/issues/{issue['id']}/events/", per_page=2)
    assert events == truth["issue_events"][issue["id"]]
    assert all(e["dateCreated"] >= floor for e in events)
    assert [e["dateCreated"] for e in events] == sorted(
        (e["dateCreated"] for e in events), reverse=True
    )
    old = [i for i in truth["issues"] if i["lastSeen"] < floor]
    for stale in old:
        assert truth["issue_events"][stale["id"]] == []
    detail = get(sbx, f"{ORG}/issues/{issue['id']}/").json()
    assert detail["activity"] == truth["issue_activity"][issue["id"]]
    assert detail["activity"][-1]["type"] == "first_seen"
    assert get(sbx, f"{ORG}/issues/999/").status_code == 404


def test_releases_and_deploys(sbx):
    truth = sbx.vendor("sentry").truth()
    releases = read_all(sbx, f"{ORG}/releases/")
    assert releases == truth["releases"]
    with_deploys = next(r for r in releases if r["deployCount"] > 1)
    version = requests.utils.quote(with_deploys["version"], safe="")
    deploys = get(sbx, f"{ORG}/releases/{version}/deploys/").json()
    assert len(deploys) == with_deploys["deployCount"]
    assert deploys[0] == with_deploys["lastDeploy"]
    assert {"environment", "dateStarted", "dateFinished"} <= set(deploys[0])


def test_rate_limit_headers_and_429():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), faults={"requests_per_minute": 2}) as sb:
        ok = get(sb, f"{ORG}/teams/")
        assert ok.status_code == 200
        assert ok.headers["x-sentry-rate-limit-limit"] == "2"
        assert int(ok.headers["x-sentry-rate-limit-reset"]) >= int(time.time())
        assert "x-sentry-rate-limit-concurrentlimit" in ok.headers
        assert "x-sentry-rate-limit-concurrentremaining" in ok.headers
        get(sb, f"{ORG}/teams/")
        limited = get(sb, f"{ORG}/teams/")
        assert limited.status_code == 429
        assert limited.json()["detail"].startswith("You are attempting to use this endpoint")
        assert limited.headers["x-sentry-rate-limit-remaining"] == "0"


def test_the_world_is_deterministic_and_mutations_show_up():
    cfg = OrgConfig.preset("test", anchor=ANCHOR)
    a, b = SentryAPI(Org(cfg)), SentryAPI(Org(cfg))
    assert a.truth() == b.truth()
    before = {i["id"]: i for i in a.truth()["issues"]}
    a.org.advance(ANCHOR + timedelta(days=20))
    b.org.advance(ANCHOR + timedelta(days=20))
    after = {i["id"]: i for i in a.truth()["issues"]}
    assert a.truth() == b.truth()
    assert set(after) > set(before), "new incidents raise new issues"
    regressed = [
        i
        for i in before
        if before[i]["status"] == "resolved" and after[i]["substatus"] == "regressed"
    ]
    resolved = [
        i for i in before if before[i]["status"] != "resolved" and after[i]["status"] == "resolved"
    ]
    assert regressed
    assert resolved
    assert any(after[i]["lastSeen"] > before[i]["lastSeen"] for i in before)


def test_bench_world_is_large_enough():
    org = Org(OrgConfig.preset("bench", anchor=ANCHOR))
    api = SentryAPI(org)
    states = api.issue_states()
    assert len(states) >= 50_000
    assert sum(len(api.events(st)) for st in states) >= 200_000


def test_date_header_is_the_world_clock():
    # Retention counts from the server's clock: clients read it from `Date`.
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        resp = get(sb, f"{ORG}/")
        # One Date header (the server's own is off), not two joined by a comma.
        assert resp.headers["Date"] == "Mon, 15 Jun 2026 12:00:00 GMT"
        assert get(sb, f"{ORG}/", token="wrong").headers["Date"] == resp.headers["Date"]
        sb.advance(ANCHOR + timedelta(days=1))
        assert get(sb, f"{ORG}/teams/").headers["Date"] == "Tue, 16 Jun 2026 12:00:00 GMT"


def test_an_event_never_changes_once_served():
    # Sentry stores an event once: the issue gains events and users, its old events stay as
    # they were (an affected user that moved with the issue's user count changed the
    # warehouse's copy between two syncs — issue 15's marts comparison caught it).
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        ids = [i["id"] for i in sb.vendor("sentry").truth()["issues"]][:40]
        path = f"{ORG}/issues/{{}}/events/"
        before = {e["id"]: e for i in ids for e in read_all(sb, path.format(i), per_page=100)}
        sb.advance(ANCHOR + timedelta(hours=6))
        after = {e["id"]: e for i in ids for e in read_all(sb, path.format(i), per_page=100)}
        both = before.keys() & after.keys()
        assert len(after) > len(before)
        assert len(both) > 500
        assert [k for k in both if before[k] != after[k]] == []
        issues = {i["id"]: i for i in sb.vendor("sentry").truth()["issues"]}
        for issue_id in ids:
            users = {e["user"]["id"] for e in after.values() if e["groupID"] == issue_id}
            assert len(users) <= int(issues[issue_id]["userCount"])


# --- the contract: every answer is what Sentry's document describes ---------------------

QUIRK_NAMES = ("vanished_children", "short_pages", "unsorted", "unknown_fields", "spec_nulls")


def _every_endpoint(sb: Sandbox) -> None:
    """Ask every endpoint of the contract, in the shapes clients use.

    (`/api/0/projects/{org}/{project}/teams/` is served too but is not in the contract:
    tap-sentry reads project teams from the projects list.)
    """
    truth = sb.vendor("sentry").truth()
    issue = truth["issues"][0]["id"]
    release = next(r for r in truth["releases"] if r["deployCount"])
    version = requests.utils.quote(release["version"], safe="")
    get(sb, f"{ORG}/", detailed="0")
    get(sb, f"{ORG}/")
    read_all(sb, f"{ORG}/projects/", per_page=4)
    read_all(sb, f"{ORG}/teams/", detailed="0")
    read_all(sb, f"{ORG}/teams/")
    read_all(sb, f"{ORG}/issues/", query="", limit=40, expand=["inbox", "owners"])
    get(sb, f"{ORG}/issues/{issue}/", collapse=["stats", "tags", "release"])
    get(sb, f"{ORG}/issues/{issue}/")
    read_all(sb, f"{ORG}/issues/{issue}/events/", per_page=50)
    read_all(sb, f"{ORG}/issues/{issue}/events/", per_page=50, full="true")
    read_all(sb, f"{ORG}/releases/", per_page=50)
    get(sb, f"{ORG}/releases/{version}/deploys/")
    get(sb, f"{ORG}/issues/999/")  # 404, Sentry's {"detail": ...}


@pytest.mark.parametrize("quirks", [(), QUIRK_NAMES], ids=["plain", "every-quirk"])
def test_every_answer_validates_against_sentrys_document(quirks):
    faults = {"quirks": list(quirks)}
    with Sandbox(
        OrgConfig.preset("test", anchor=ANCHOR), check_contracts=True, faults=faults
    ) as sb:
        _every_endpoint(sb)
        report = sb.contract_report()
    assert report["violations"] == []
    statuses = {k.rsplit(" ", 1)[1] for k in report["exercised"]}
    assert {"200", "404"} <= statuses


def test_full_events_are_the_event_details_body_less_its_own_fields(sbx):
    from reliability_sandbox.contracts import load_contract

    template = "/api/0/organizations/{organization_id_or_slug}/issues/{issue_id}/events/{event_id}/"
    op = load_contract("sentry").operation("GET", template)
    schema = op.response_schema(200) or {}
    detail_only = {"release", "userReport", "sdkUpdates", "resolvedWith"}
    detail_only |= {"nextEventID", "previousEventID"}
    schema = {**schema, "required": sorted(set(schema["required"]) - detail_only)}
    issue = sbx.vendor("sentry").truth()["issues"][0]["id"]
    full = read_all(sbx, f"{ORG}/issues/{issue}/events/", full="true")
    simple = read_all(sbx, f"{ORG}/issues/{issue}/events/")
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    for event in full:
        validator.validate(event)
        assert "event.type" not in event  # Sentry's full serializer says `type`
        assert "environment" not in event  # environment and release are tags only
    assert [e["id"] for e in full] == [e["id"] for e in simple]


def test_vanished_children_answer_404_but_stay_listed():
    faults = {"quirks": ["vanished_children"]}
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), faults=faults) as sb:
        issues, releases = sb.vendor("sentry").api.vanished({"vanished_children"})
        assert len(issues) == 2
        assert len(releases) == 1
        listed = {i["id"] for i in read_all(sb, f"{ORG}/issues/", query="")}
        for issue in issues:
            assert str(issue) in listed
            for path in (f"{ORG}/issues/{issue}/", f"{ORG}/issues/{issue}/events/"):
                gone = get(sb, path)
                assert gone.status_code == 404
                assert gone.json() == {"detail": "The requested resource does not exist"}
        (version,) = releases
        assert version in {r["version"] for r in read_all(sb, f"{ORG}/releases/")}
        quoted = requests.utils.quote(version, safe="")
        assert get(sb, f"{ORG}/releases/{quoted}/deploys/").status_code == 404


def test_short_unsorted_pages_still_lead_to_every_row_once():
    faults = {"quirks": ["short_pages", "unsorted"]}
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), faults=faults) as sb:
        truth = sb.vendor("sentry").truth()
        first = get(sb, f"{ORG}/issues/", query="", limit=30).json()
        assert len(first) < 30  # the server capped the page below what was asked
        issues = read_all(sb, f"{ORG}/issues/", query="", limit=30)
        ids = [i["id"] for i in issues]
        assert len(ids) > len(set(ids))  # a row repeats on the next page
        assert set(ids) == {i["id"] for i in truth["issues"]}
        by_last_seen = sorted(issues, key=lambda i: i["lastSeen"], reverse=True)
        assert issues != by_last_seen  # and the order is not the documented one
        releases = read_all(sb, f"{ORG}/releases/", per_page=10)
        assert {r["version"] for r in releases} == {r["version"] for r in truth["releases"]}


def test_unknown_fields_and_nulls_are_declared_deviations_only_where_they_are():
    faults = {"quirks": ["unknown_fields", "spec_nulls"]}
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), faults=faults) as sb:
        truth = sb.vendor("sentry").truth({"unknown_fields", "spec_nulls"})
        issues = truth["issues"]
        assert all("hasPendingAutofix" in i for i in issues)
        assert {i["priority"] for i in issues} >= {"critical"}
        assert all(i["inbox"] is None for i in issues if i["status"] != "unresolved")
        assert {i["sessionCount"] for i in issues} == {None}
        assert None in {r["commitCount"] for r in truth["releases"]}
        assert None in {d["name"] for ds in truth["release_deploys"].values() for d in ds}
        assert all("color" in p for p in truth["projects"])
    plain = SentryAPI(Org(OrgConfig.preset("test", anchor=ANCHOR))).truth()
    assert all("hasPendingAutofix" not in i for i in plain["issues"])
    assert all(i["inbox"] is not None for i in plain["issues"])


def test_issue_hits_count_the_whole_query_capped_as_sentrys_paginator():
    # X-Hits on the organisation issues list: the matches of the whole query (start/end
    # and filters), on every page (not what lies past the cursor), at most X-Max-Hits =
    # 1000, Sentry's `SequencePaginator` default; no header where nothing matches (the
    # search's empty result counts no hits). Counts from the pages read, not the sandbox.
    org = Org(OrgConfig.preset("test", anchor=ANCHOR, incidents=400, history_days=90))
    api = SentryAPI(org)

    def page(**params: str) -> tuple[list[dict[str, Any]], dict[str, str], str | None]:
        request = Request(
            "GET",
            f"{ORG}/issues/",
            {k: [v] for k, v in params.items()},
            {"authorization": f"Bearer {api.token}"},
        )
        response = api.handle(request)
        assert response.status == 200, response.body
        headers = {k.decode().lower(): v.decode() for k, v in response.headers}
        nxt = requests.utils.parse_header_links(headers["link"])[1]
        return (
            json.loads(response.body),
            headers,
            nxt["cursor"] if nxt["results"] == "true" else None,
        )

    def read(**params: str) -> tuple[int, set[str]]:
        rows: list[dict[str, Any]] = []
        hits: set[str] = set()
        cursor = None
        while True:
            body, headers, cursor = page(**params, **({"cursor": cursor} if cursor else {}))
            rows.extend(body)
            hits.add(headers.get("x-hits", "-"))
            assert headers.get("x-max-hits", "1000") == "1000"
            if cursor is None:
                return len(rows), hits

    total, hits = read(query="")
    assert total > 1000
    assert hits == {"1000"}
    seen = sorted(i["lastSeen"] for i in page(query="", limit="100")[0])
    bounds = f"lastSeen:>={seen[0]} lastSeen:<{seen[-1]}"
    count, hits = read(query=bounds, limit="7")
    assert 0 < count < 100
    assert hits == {str(count)}
    count, hits = read(query="lastSeen:<2000-01-01T00:00:00Z")
    assert (count, hits) == (0, {"-"})
