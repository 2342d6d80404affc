"""The PagerDuty REST API contract: auth, pagination, windows, filters, sorting, shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from reliability_sandbox import Sandbox
from reliability_sandbox.contracts import load_contract
from reliability_sandbox.faults import QUIRKS
from reliability_sandbox.vendor import Request
from reliability_sandbox.vendors.pagerduty import SHORT_PAGE_LIMIT, PagerDutyAPI

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # as in conftest.py

OFFSET_CAP_BODY = {
    "error": {
        "message": "Arguments Caused Error",
        "code": 2002,
        "errors": [
            (
                "Offset+limit exceeds maximum allowed value of 10000. Please try to refine your "
                "search to reduce the returned set of records below this number, like adding a "
                "date range."
            )
        ],
    }
}


def iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------------- auth
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Token token=wrong"},
        {"Authorization": "Bearer sandbox-pagerduty-token"},
    ],
)
def test_auth_rejects_missing_or_wrong_token(sandbox: Sandbox, headers: dict[str, str]) -> None:
    resp = requests.get(f"{sandbox.vendor('pagerduty').url}/incidents", headers=headers, timeout=5)
    assert resp.status_code == 401
    assert resp.json() == {"error": {"message": "Authentication Required", "code": 2006}}


def test_auth_accepts_token_and_versioned_accept_header(sandbox: Sandbox) -> None:
    resp = requests.get(
        f"{sandbox.vendor('pagerduty').url}/services",
        timeout=5,
        headers={
            "Authorization": "Token token=sandbox-pagerduty-token",
            "Accept": "application/vnd.pagerduty+json;version=2",
        },
    )
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/json")


def test_custom_token(private) -> None:
    sbx, _ = private(token="s3cret")
    ok = requests.get(
        f"{sbx.vendor('pagerduty').url}/teams",
        timeout=5,
        headers={"Authorization": "Token token=s3cret"},
    )
    bad = requests.get(
        f"{sbx.vendor('pagerduty').url}/teams",
        timeout=5,
        headers={"Authorization": "Token token=sandbox-pagerduty-token"},
    )
    assert (ok.status_code, bad.status_code) == (200, 401)


# ---------------------------------------------------------------- pagination
def test_classic_pagination_keys_and_default_limit(pd) -> None:
    body = pd.get("/incidents", date_range="all").json()
    assert set(body) == {"incidents", "limit", "offset", "more", "total"}
    assert body["limit"] == 25
    assert body["offset"] == 0
    assert len(body["incidents"]) == 25
    assert body["more"] is True
    assert body["total"] is None


def test_total_only_when_asked(pd, sandbox: Sandbox) -> None:
    body = pd.get("/incidents", date_range="all", total="true").json()
    assert body["total"] == len(sandbox.org.incidents)


def test_limit_above_100_is_clamped(pd) -> None:
    body = pd.get("/incidents", date_range="all", limit=500).json()
    assert body["limit"] == 100
    assert len(body["incidents"]) == 100


def test_more_false_on_last_page_and_pages_cover_everything(pd, sandbox: Sandbox) -> None:
    got = pd.all("/incidents", "incidents", date_range="all")
    assert [i["id"] for i in got] == [
        i["id"] for i in sandbox.vendor("pagerduty").truth()["incidents"]
    ]
    assert len({i["id"] for i in got}) == len(sandbox.org.incidents)


def test_offset_cap(pd) -> None:
    assert pd.get("/log_entries", limit=100, offset=9900).status_code == 200
    resp = pd.get("/log_entries", limit=100, offset=9901)
    assert resp.status_code == 400
    assert resp.json() == OFFSET_CAP_BODY
    # The clamped limit counts: 9950 + min(500, 100) > 10000.
    assert pd.get("/incidents", date_range="all", limit=500, offset=9950).json() == OFFSET_CAP_BODY


def test_offset_cap_hits_a_big_account(private) -> None:
    sbx, client = private("bench")
    offset, pages = 0, 0
    while True:
        resp = client.get("/incidents", date_range="all", limit=100, offset=offset)
        if resp.status_code != 200:
            break
        pages += 1
        offset += 100
    assert pages == 100  # 10,000 of the 20,000 incidents, then the cap
    assert resp.status_code == 400
    assert resp.json() == OFFSET_CAP_BODY
    assert len(sbx.org.incidents) >= 20_000


# --------------------------------------------------------------- time window
def test_default_window_is_last_month(pd, sandbox: Sandbox) -> None:
    got = pd.all("/incidents", "incidents")
    month_ago = datetime(2026, 5, 15, 12, 0, tzinfo=UTC)
    expected = [i for i in sandbox.org.incidents if i.created_at >= month_ago]
    assert len(got) == len(expected) > 0
    assert len(got) < len(sandbox.org.incidents)


def test_since_inclusive_until_exclusive(pd, sandbox: Sandbox) -> None:
    inc = sandbox.org.incidents[100]
    got = pd.all(
        "/incidents",
        "incidents",
        since=iso(inc.created_at),
        until=iso(inc.created_at + timedelta(seconds=1)),
    )
    assert inc.number in [i["incident_number"] for i in got]
    got = pd.all(
        "/incidents",
        "incidents",
        since=iso(inc.created_at - timedelta(days=1)),
        until=iso(inc.created_at),
    )
    assert inc.number not in [i["incident_number"] for i in got]


def test_offsets_and_naive_times(pd, sandbox: Sandbox) -> None:
    since = ANCHOR - timedelta(days=60)
    until = ANCHOR - timedelta(days=30)
    a = pd.all("/incidents", "incidents", since=iso(since), until=iso(until))
    b = pd.all(
        "/incidents",
        "incidents",
        since=since.astimezone().isoformat(),
        until=(until - timedelta(hours=2)).replace(tzinfo=None).isoformat() + "-02:00",
    )
    c = pd.all(
        "/incidents",
        "incidents",
        since=since.replace(tzinfo=None).isoformat(),
        until=until.replace(tzinfo=None).isoformat(),
    )
    expected = [i.number for i in sandbox.org.incidents if since <= i.created_at < until]
    for got in (a, b, c):
        assert [i["incident_number"] for i in got] == expected


def test_only_since_gives_one_month(pd, sandbox: Sandbox) -> None:
    since = datetime(2026, 3, 1, tzinfo=UTC)
    got = pd.all("/incidents", "incidents", since=iso(since))
    expected = [
        i for i in sandbox.org.incidents if since <= i.created_at < datetime(2026, 4, 1, tzinfo=UTC)
    ]
    assert len(got) == len(expected) > 0


def test_only_until_gives_one_month(pd, sandbox: Sandbox) -> None:
    until = datetime(2026, 4, 1, tzinfo=UTC)
    got = pd.all("/incidents", "incidents", until=iso(until))
    expected = [
        i for i in sandbox.org.incidents if datetime(2026, 3, 1, tzinfo=UTC) <= i.created_at < until
    ]
    assert len(got) == len(expected) > 0


def test_window_over_six_months_is_rejected(pd) -> None:
    ok = pd.get("/incidents", since="2026-01-01T00:00:00Z", until="2026-07-01T00:00:00Z")
    assert ok.status_code == 200
    resp = pd.get("/incidents", since="2026-01-01T00:00:00Z", until="2026-07-01T00:00:01Z")
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] == 2001
    assert error["message"] == "Invalid Input Provided"
    assert error["errors"]


def test_invalid_dates_are_rejected(pd) -> None:
    assert pd.get("/incidents", since="yesterday").status_code == 400
    assert (
        pd.get("/incidents", since="2026-02-01T00:00:00Z", until="2026-01-01T00:00:00Z").status_code
        == 400
    )


def test_date_range_all_ignores_since_until(pd, sandbox: Sandbox) -> None:
    body = pd.get(
        "/incidents",
        date_range="all",
        since="2026-01-01T00:00:00Z",
        until="2026-01-02T00:00:00Z",
        total="true",
    ).json()
    assert body["total"] == len(sandbox.org.incidents)


# ---------------------------------------------------------- filters and sort
def test_default_order_is_created_at_ascending(pd) -> None:
    got = pd.all("/incidents", "incidents", date_range="all")
    created = [i["created_at"] for i in got]
    assert created == sorted(created)


@pytest.mark.parametrize(
    ("sort_by", "field", "reverse"),
    [
        ("created_at:desc", "created_at", True),
        ("incident_number:desc", "incident_number", True),
        ("incident_number", "incident_number", False),
        ("urgency:asc", "urgency", False),
    ],
)
def test_sort_by(pd, sort_by: str, field: str, reverse: bool) -> None:  # noqa: FBT001
    got = pd.all("/incidents", "incidents", date_range="all", sort_by=sort_by)
    values = [i[field] for i in got]
    assert values == sorted(values, reverse=reverse)


def test_sort_by_resolved_at_puts_open_last(pd) -> None:
    got = pd.all("/incidents", "incidents", date_range="all", sort_by="resolved_at:asc")
    resolved = [i["resolved_at"] for i in got if i["resolved_at"]]
    assert resolved == sorted(resolved)
    assert all(i["resolved_at"] is None for i in got[len(resolved) :])


def test_sort_by_two_fields_and_bad_field(pd) -> None:
    got = pd.all("/incidents", "incidents", date_range="all", sort_by="urgency:desc,created_at:asc")
    keys = [(i["urgency"], i["created_at"]) for i in got]
    assert keys == sorted(keys, key=lambda k: (k[0] == "high", k[1]))
    assert pd.get("/incidents", sort_by="title").status_code == 400


def test_status_service_team_urgency_filters(pd, sandbox: Sandbox) -> None:
    org = sandbox.org
    api = sandbox.vendor("pagerduty").api
    open_ = pd.all(
        "/incidents", "incidents", date_range="all", **{"statuses[]": ["triggered", "acknowledged"]}
    )
    assert {i["status"] for i in open_} == {"triggered", "acknowledged"}
    assert len(open_) == sum(1 for i in org.incidents if i.status != "resolved")
    service = org.services[0]
    got = pd.all(
        "/incidents", "incidents", date_range="all", **{"service_ids[]": api.service_id(service)}
    )
    assert len(got) == sum(1 for i in org.incidents if i.service is service) > 0
    team = org.teams[1]
    got = pd.all("/incidents", "incidents", date_range="all", **{"team_ids[]": api.team_id(team)})
    assert {i["teams"][0]["id"] for i in got} == {api.team_id(team)}
    got = pd.all("/incidents", "incidents", date_range="all", **{"urgencies[]": "low"})
    assert {i["urgency"] for i in got} == {"low"}


def test_time_zone_renders_offsets(pd) -> None:
    body = pd.get("/incidents", date_range="all", limit=1, time_zone="America/New_York").json()
    created = body["incidents"][0]["created_at"]
    assert created.endswith(("-04:00", "-05:00"))
    assert pd.get("/incidents", time_zone="Mars/Olympus").status_code == 400


# ------------------------------------------------------------------ objects
def test_get_incident_by_id_and_number(pd, sandbox: Sandbox) -> None:
    inc = sandbox.org.incidents[5]
    iid = sandbox.vendor("pagerduty").api.incident_id(inc)
    by_id = pd.get(f"/incidents/{iid}").json()["incident"]
    by_number = pd.get(f"/incidents/{inc.number}").json()["incident"]
    assert by_id == by_number
    assert by_id["incident_number"] == inc.number
    assert by_id["summary"] == f"[#{inc.number}] {inc.title}"
    resp = pd.get("/incidents/PNOPE00")
    assert resp.status_code == 404
    assert resp.json() == {"error": {"message": "Not Found", "code": 2100}}


def test_ids_look_like_pagerduty_ids(sandbox: Sandbox) -> None:
    truth = sandbox.vendor("pagerduty").truth()
    ids = [
        o["id"]
        for key in ("services", "teams", "users", "incidents", "escalation_policies")
        for o in truth[key]
    ]
    assert all(len(i) == 7 and i[0] == "P" and i[1:].isalnum() and i.upper() == i for i in ids)
    assert len(set(ids)) == len(ids)


def test_reference_shapes(pd) -> None:
    inc = pd.get("/incidents", date_range="all", limit=1).json()["incidents"][0]
    for key, ref_type in (
        ("service", "service_reference"),
        ("escalation_policy", "escalation_policy_reference"),
    ):
        assert set(inc[key]) == {"id", "type", "summary", "self", "html_url"}
        assert inc[key]["type"] == ref_type
    assert inc["teams"][0]["type"] == "team_reference"
    assert inc["first_trigger_log_entry"]["type"] == "trigger_log_entry_reference"
    assert inc["self"] == f"https://api.pagerduty.com/incidents/{inc['id']}"


def test_services_teams_schedules_eps_priorities(pd, sandbox: Sandbox) -> None:
    truth = sandbox.vendor("pagerduty").truth()
    for path, key in (
        ("/services", "services"),
        ("/teams", "teams"),
        ("/schedules", "schedules"),
        ("/escalation_policies", "escalation_policies"),
        ("/priorities", "priorities"),
        ("/users", "users"),
    ):
        assert pd.all(path, key) == truth[key], path
    names = [s["name"] for s in truth["services"]]
    assert names == sorted(names, key=str.lower)
    assert [p["name"] for p in truth["priorities"]] == ["P1", "P2", "P3", "P4", "P5"]


def test_team_members(pd, sandbox: Sandbox) -> None:
    team = sandbox.org.teams[0]
    tid = sandbox.vendor("pagerduty").api.team_id(team)
    members = pd.all(f"/teams/{tid}/members", "members")
    assert members == sandbox.vendor("pagerduty").truth()["team_members"][tid]
    assert {m["role"] for m in members} <= {"manager", "responder", "observer"}
    assert "manager" in {m["role"] for m in members}
    assert all(m["user"]["type"] == "user_reference" for m in members)
    assert pd.get("/teams/PNOPE00/members").status_code == 404


def test_users_include_contact_methods(pd, sandbox: Sandbox) -> None:
    plain = pd.get("/users", limit=1).json()["users"][0]
    assert plain["contact_methods"][0]["type"].endswith("_contact_method_reference")
    full = pd.get("/users", limit=1, **{"include[]": "contact_methods"}).json()["users"][0]
    methods = full["contact_methods"]
    assert {m["type"] for m in methods} >= {"email_contact_method", "phone_contact_method"}
    assert all("address" in m and "label" in m for m in methods)
    direct = pd.get(f"/users/{full['id']}/contact_methods").json()
    assert direct == {"contact_methods": methods}
    assert direct == {
        "contact_methods": sandbox.vendor("pagerduty").truth()["contact_methods"][full["id"]]
    }


def test_unknown_path_and_method(pd) -> None:
    assert pd.get("/nope").status_code == 404
    assert (
        pd.session.delete(f"{pd.sbx.vendor('pagerduty').url}/incidents", timeout=5).status_code
        == 405
    )


# -------------------------------------------------------------- log entries
def test_log_entries_newest_first_and_complete(pd, sandbox: Sandbox) -> None:
    since = ANCHOR - timedelta(days=20)
    got = pd.all("/log_entries", "log_entries", since=iso(since))
    created = [e["created_at"] for e in got]
    assert created == sorted(created, reverse=True)
    assert len(got) == sum(1 for e in sandbox.org.events if e.at >= since)
    assert len({e["id"] for e in got}) == len(got)


def test_log_entries_without_window_serve_everything(pd, sandbox: Sandbox) -> None:
    body = pd.get("/log_entries", total="true").json()
    assert body["total"] == len(sandbox.org.events)


def test_log_entry_types_and_shapes(sandbox: Sandbox) -> None:
    entries = sandbox.vendor("pagerduty").truth()["log_entries"]
    types = {e["type"] for e in entries}
    assert types == {
        "trigger_log_entry",
        "assign_log_entry",
        "notify_log_entry",
        "escalate_log_entry",
        "acknowledge_log_entry",
        "annotate_log_entry",
        "resolve_log_entry",
    }
    for e in entries:
        assert {
            "id",
            "type",
            "summary",
            "self",
            "html_url",
            "created_at",
            "agent",
            "channel",
            "service",
            "incident",
            "teams",
            "contexts",
        } <= set(e)
        assert e["incident"]["type"] == "incident_reference"
        assert e["self"].endswith(f"?incident_id={e['incident']['id']}")


def test_is_overview(pd) -> None:
    body = pd.get("/log_entries", limit=100, is_overview="true").json()
    assert "notify_log_entry" not in {e["type"] for e in body["log_entries"]}
    assert "annotate_log_entry" not in {e["type"] for e in body["log_entries"]}
    full = pd.get("/log_entries", total="true").json()["total"]
    overview = pd.get("/log_entries", total="true", is_overview="true").json()["total"]
    assert overview < full


def test_log_entries_team_filter_and_include(pd, sandbox: Sandbox) -> None:
    tid = sandbox.vendor("pagerduty").api.team_id(sandbox.org.teams[0])
    got = pd.get("/log_entries", limit=100, **{"team_ids[]": tid}).json()["log_entries"]
    assert got
    assert {e["teams"][0]["id"] for e in got} == {tid}
    inc = pd.get("/log_entries", limit=1, **{"include[]": "incidents"}).json()["log_entries"][0]
    assert inc["incident"]["type"] == "incident"


def test_log_entries_match_incident_timelines(pd, sandbox: Sandbox) -> None:
    for inc in sandbox.org.incidents[::37]:
        iid = sandbox.vendor("pagerduty").api.incident_id(inc)
        incident = pd.get(f"/incidents/{iid}").json()["incident"]
        entries = list(reversed(pd.all(f"/incidents/{iid}/log_entries", "log_entries")))
        assert entries[0]["type"] == "trigger_log_entry"
        assert entries[0]["created_at"] == incident["created_at"]
        assert entries[0]["id"] == incident["first_trigger_log_entry"]["id"]
        times = [e["created_at"] for e in entries]
        assert times == sorted(times)
        acks = [e for e in entries if e["type"] == "acknowledge_log_entry"]
        resolves = [e for e in entries if e["type"] == "resolve_log_entry"]
        if incident["status"] == "resolved":
            assert len(resolves) == 1
            assert resolves[0]["created_at"] == incident["resolved_at"] == entries[-1]["created_at"]
            assert incident["last_status_change_at"] == incident["resolved_at"]
        else:
            assert not resolves
            assert incident["resolved_at"] is None
        if incident["status"] == "acknowledged":
            assert acks
            assert incident["acknowledgements"][0]["at"] == acks[0]["created_at"]
        if incident["status"] == "triggered":
            assert not acks
        assert incident["updated_at"] == entries[-1]["created_at"]


def test_every_event_in_the_org_is_bounded_by_the_clock(sandbox: Sandbox) -> None:
    org = sandbox.org
    assert all(e.at <= org.now for e in org.events)
    for inc in org.incidents:
        assert inc.events[0].kind == "trigger"
        assert inc.events[0].at == inc.created_at
        if inc.acknowledged_at:
            assert inc.created_at <= inc.acknowledged_at
        if inc.resolved_at:
            assert inc.events[-1].kind == "resolve"
            assert inc.resolved_at >= (inc.acknowledged_at or inc.created_at)


# ---------------------------------------------------------------- analytics
def test_analytics_raw_incidents_shape_and_cursor(pd, sandbox: Sandbox) -> None:
    first = pd.post("/analytics/raw/incidents", {"limit": 50}).json()
    assert set(first) >= {
        "data",
        "more",
        "first",
        "last",
        "limit",
        "starting_after",
        "ending_before",
        "order",
        "order_by",
        "filters",
        "time_zone",
    }
    assert (first["order"], first["order_by"], first["limit"]) == ("desc", "created_at", 50)
    rows = list(first["data"])
    body = first
    while body["more"]:
        body = pd.post(
            "/analytics/raw/incidents", {"limit": 50, "starting_after": body["last"]}
        ).json()
        rows.extend(body["data"])
    assert [r["id"] for r in rows] == [
        r["id"] for r in sandbox.vendor("pagerduty").truth()["analytics_raw_incidents"]
    ]
    created = [r["created_at"] for r in rows]
    assert created == sorted(created, reverse=True)


def test_analytics_values_follow_the_timeline(sandbox: Sandbox) -> None:
    api = sandbox.vendor("pagerduty").api
    for inc in sandbox.org.incidents[::23]:
        row = api.analytics_row(inc)
        if inc.acknowledged_at:
            assert row["seconds_to_first_ack"] == int(
                (inc.acknowledged_at - inc.created_at).total_seconds()
            )
        else:
            assert row["seconds_to_first_ack"] is None
        if inc.resolved_at:
            assert row["seconds_to_resolve"] == int(
                (inc.resolved_at - inc.created_at).total_seconds()
            )
        assert row["escalation_count"] == len(inc.escalations)
        assert row["status"] == inc.status


def test_analytics_filters_and_limits(pd, sandbox: Sandbox) -> None:
    service = sandbox.org.services[1]
    sid = sandbox.vendor("pagerduty").api.service_id(service)
    body = pd.post(
        "/analytics/raw/incidents",
        {
            "filters": {
                "created_at_start": "2026-01-01T00:00:00Z",
                "created_at_end": "2026-06-01T00:00:00Z",
                "service_ids": [sid],
                "urgency": "high",
            },
            "limit": 1000,
            "order": "asc",
        },
    ).json()
    assert body["data"]
    assert {r["service_id"] for r in body["data"]} == {sid}
    assert {r["urgency"] for r in body["data"]} == {"high"}
    assert all("2026-01-01" <= r["created_at"] < "2026-06-01" for r in body["data"])
    assert pd.post("/analytics/raw/incidents", {"limit": 1001}).status_code == 400
    too_long = {
        "filters": {
            "created_at_start": "2024-01-01T00:00:00Z",
            "created_at_end": "2026-01-01T00:00:00Z",
        }
    }
    assert pd.post("/analytics/raw/incidents", too_long).status_code == 400
    assert pd.post("/analytics/raw/incidents", {"starting_after": "PNOPE00"}).status_code == 400


# ------------------------------------------------- PagerDuty's own contract, quirks
ALL_QUIRKS = frozenset(QUIRKS)


def _exchange(  # noqa: PLR0913 - the parts of one request
    api: PagerDutyAPI,
    method: str,
    path: str,
    query: dict[str, Any] | None = None,
    *,
    body: dict[str, Any] | None = None,
    quirks: frozenset[str] = frozenset(),
) -> tuple[int, Any, list[str], list[str]]:
    """Serve one request; check the whole answer (every item, no cap) against the contract.

    Returns:
        Status, body, problems the answer's deviations do not excuse, and deviations that
        excuse nothing (a sandbox that over-excuses would hide its own mistakes).
    """
    request = Request(
        method=method,
        path=path,
        query={k: v if isinstance(v, list) else [str(v)] for k, v in (query or {}).items()},
        headers={"authorization": f"Token token={api.token}"},
        body=json.dumps(body).encode() if body is not None else b"",
        quirks=quirks,
    )
    response = api.handle(request)
    answer = json.loads(response.body)
    op = load_contract("pagerduty").match(method, path)
    assert op is not None, path
    assert op.check_request(path, request.query, body) == []
    problems, unused = op.audit_response(response.status, answer, response.deviations)
    return response.status, answer, problems, unused


def _requests(api: PagerDutyAPI) -> list[tuple[str, str, dict[str, Any], dict[str, Any] | None]]:
    truth = api.truth()
    calls: list[tuple[str, str, dict[str, Any], dict[str, Any] | None]] = [
        ("GET", f"/{key}", {"limit": 100, **extra}, None)
        for key, extra in (
            ("services", {"time_zone": "UTC"}),
            ("teams", {}),
            ("users", {}),
            ("users", {"include[]": "contact_methods"}),
            ("escalation_policies", {}),
            ("schedules", {}),
            ("schedules", {"include[]": "schedule_layers"}),
            ("priorities", {}),
        )
    ]
    calls += [
        ("GET", "/incidents", {"limit": 100, "offset": o, "date_range": "all"}, None)
        for o in (0, 50)
    ]
    calls += [
        ("GET", "/log_entries", {"limit": 100, "offset": o, "is_overview": "false"}, None)
        for o in range(0, len(truth["log_entries"]), 100)
    ]
    calls += [("GET", f"/teams/{t['id']}/members", {}, None) for t in truth["teams"]]
    calls += [("GET", f"/users/{u['id']}/contact_methods", {}, None) for u in truth["users"]]
    calls += [
        ("POST", "/analytics/raw/incidents", {}, {"limit": 1000, "order": "asc"}),
        ("POST", "/analytics/raw/incidents", {}, {"filters": {"service_ids": ["PNOPE00"]}}),
    ]
    return calls


@pytest.mark.parametrize("quirks", [frozenset(), ALL_QUIRKS], ids=["plain", "all_quirks"])
def test_every_answer_follows_pagerdutys_document_except_declared_deviations(small, quirks):
    statuses = []
    for method, path, query, body in _requests(small.vendor("pagerduty").api):
        status, _, problems, unused = _exchange(
            small.vendor("pagerduty").api, method, path, query, body=body, quirks=quirks
        )
        statuses.append(status)
        assert problems == [], (method, path, query)
        assert unused == [], (method, path, query)
    # With the quirks on, one team's members and one user's contact methods are gone.
    assert statuses.count(404) == (2 if quirks else 0)


def test_deviations_name_what_the_live_api_sends(small):
    _, body, _, _ = _exchange(small.vendor("pagerduty").api, "GET", "/log_entries", {"limit": 100})
    types = {e["type"] for e in body["log_entries"]}
    # The live API's name; the document's AcknowledgeLogEntry says `acknowledgement_`.
    assert "acknowledge_log_entry" in types
    assert "acknowledgement_log_entry" not in types
    _, body, _, _ = _exchange(
        small.vendor("pagerduty").api, "GET", "/incidents", {"date_range": "all"}
    )
    assert any(i["priority"] is None for i in body["incidents"])
    assert all(i["resolve_reason"] is None for i in body["incidents"])


def test_vanished_children_answer_404_and_stay_listed(small):
    api = small.vendor("pagerduty").api
    quirks = frozenset({"vanished_children"})
    team_id = api.team_id(api.vanished_team())
    user_id = api.user_id(api.vanished_user())
    _, teams, _, _ = _exchange(api, "GET", "/teams", {"limit": 100}, quirks=quirks)
    assert team_id in {t["id"] for t in teams["teams"]}
    status, body, problems, _ = _exchange(api, "GET", f"/teams/{team_id}/members", quirks=quirks)
    assert (status, body, problems) == (404, {"error": {"message": "Not Found", "code": 2100}}, [])
    status, _, _, _ = _exchange(api, "GET", f"/users/{user_id}/contact_methods", quirks=quirks)
    assert status == 404
    other = api.team_id(small.org.teams[0])
    assert _exchange(api, "GET", f"/teams/{other}/members", quirks=quirks)[0] == 200
    assert _exchange(api, "GET", f"/teams/{team_id}/members")[0] == 200
    truth = api.truth(quirks)
    assert team_id not in truth["team_members"]
    assert user_id not in truth["contact_methods"]


def _read_all(
    api: PagerDutyAPI, path: str, key: str, quirks: frozenset[str], **query: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every row as served, the pages' bodies), following what the server returned."""
    rows: list[dict[str, Any]] = []
    bodies: list[dict[str, Any]] = []
    offset = 0
    while True:
        _, body, problems, _ = _exchange(
            api, "GET", path, {**query, "limit": 100, "offset": offset}, quirks=quirks
        )
        assert problems == []
        rows += body[key]
        bodies.append(body)
        if not body["more"]:
            return rows, bodies
        offset += len(body[key])


def test_short_pages_say_the_limit_they_used(small):
    api = small.vendor("pagerduty").api
    rows, bodies = _read_all(api, "/priorities", "priorities", frozenset({"short_pages"}))
    assert [b["limit"] for b in bodies] == [SHORT_PAGE_LIMIT, SHORT_PAGE_LIMIT]
    assert [len(b["priorities"]) for b in bodies] == [3, 2]
    assert rows == api.truth()["priorities"]
    _, body, _, _ = _exchange(
        api, "POST", "/analytics/raw/incidents", body={"limit": 1000}, quirks=frozenset(ALL_QUIRKS)
    )
    assert (body["limit"], len(body["data"])) == (SHORT_PAGE_LIMIT, SHORT_PAGE_LIMIT)


def test_unsorted_pages_repeat_a_row_and_lose_none(small):
    api = small.vendor("pagerduty").api
    quirks = frozenset({"unsorted", "short_pages"})
    rows, bodies = _read_all(api, "/log_entries", "log_entries", quirks)
    truth = [e["id"] for e in api.truth()["log_entries"]]
    ids = [r["id"] for r in rows]
    assert len(ids) > len(set(ids)), "later pages repeat the previous page's last row"
    assert set(ids) == set(truth)
    assert ids != truth
    # A sorted request keeps its order.
    incidents, _ = _read_all(
        api, "/incidents", "incidents", quirks, date_range="all", sort_by="created_at:asc"
    )
    assert [i["id"] for i in incidents] == [i["id"] for i in api.truth()["incidents"]]
    assert len(bodies) > 1


def test_unknown_fields_and_spec_nulls(small):
    api = small.vendor("pagerduty").api
    quirks = frozenset({"unknown_fields", "spec_nulls"})
    _, body, problems, _ = _exchange(
        api, "GET", "/incidents", {"date_range": "all", "limit": 100}, quirks=quirks
    )
    assert problems == []
    incidents = body["incidents"]
    assert all({"basic_alert_grouping", "metadata"} <= set(i) for i in incidents)
    assert any(i["incident_key"] is None for i in incidents)
    assert any(i["incident_key"] is not None for i in incidents)
    entries, _ = _read_all(api, "/log_entries", "log_entries", quirks)
    assert "responder_request_log_entry" in {e["type"] for e in entries}
    truth = api.truth(quirks)
    assert truth["incidents"] == incidents
    assert {e["id"]: e for e in entries} == {e["id"]: e for e in truth["log_entries"]}
    plain = api.truth()
    assert len(plain["log_entries"]) == len(truth["log_entries"])
    assert "responder_request_log_entry" not in {e["type"] for e in plain["log_entries"]}


def test_schedule_layers_only_when_asked(small):
    api = small.vendor("pagerduty").api
    _, plain, _, _ = _exchange(api, "GET", "/schedules")
    assert all("schedule_layers" not in s for s in plain["schedules"])
    _, layered, problems, _ = _exchange(api, "GET", "/schedules", {"include[]": "schedule_layers"})
    assert problems == []
    for schedule in layered["schedules"]:
        (layer,) = schedule["schedule_layers"]
        assert [u["user"] for u in layer["users"]] == schedule["users"]
    bogus = Request("GET", "/schedules", {"include[]": ["bogus"]}, {})
    assert api.handle(bogus).status == 400
