"""The Datadog API view: contract, pagination, consistency with the org, mutations."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from reliability_sandbox import Org, OrgConfig, Sandbox
from reliability_sandbox.contracts import load_contract
from reliability_sandbox.faults import QUIRKS
from reliability_sandbox.story import story
from reliability_sandbox.vendor import Request
from reliability_sandbox.vendors.datadog import DatadogAPI

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # as in conftest.py


@pytest.fixture(scope="module")
def dd(sbx: Sandbox) -> Sandbox:
    return sbx


def _get(sbx: Sandbox, path: str, headers: dict[str, str] | None = None, **params: Any):
    return requests.get(
        f"{sbx.vendor('datadog').url}{path}",
        params=params,
        headers=sbx.vendor("datadog").headers() if headers is None else headers,
        timeout=10,
    )


def test_keys_are_required_and_403_is_datadogs(dd):
    for headers in (
        {},
        {"DD-API-KEY": dd.vendor("datadog").credentials["api_key"]},
        {**dd.vendor("datadog").headers(), "DD-API-KEY": "x"},
    ):
        resp = _get(dd, "/api/v1/monitor", headers=headers)
        assert resp.status_code == 403
        assert resp.json() == {"errors": ["Forbidden"]}
    assert _get(dd, "/api/v1/monitor").status_code == 200


def test_every_response_carries_rate_limit_headers(dd):
    for path in ("/api/v1/monitor", "/api/v1/slo", "/api/v2/incidents", "/api/v1/nothing"):
        resp = _get(dd, path)
        for name in ("limit", "period", "remaining", "reset", "name"):
            assert f"x-ratelimit-{name}" in resp.headers, (path, name)
    assert _get(dd, "/api/v1/slo").headers["x-ratelimit-name"] == "slo_list"


def test_monitor_pagination_without_page_returns_everything(dd):
    everything = _get(dd, "/api/v1/monitor").json()
    cfg = dd.org.config
    assert len(everything) == len(dd.org.services) * (
        cfg.datadog_monitors_per_service + cfg.datadog_synthetics_per_service
    )
    paged, page = [], 0
    while batch := _get(dd, "/api/v1/monitor", page=page, page_size=10).json():
        paged += batch
        page += 1
    assert paged == everything
    assert len(_get(dd, "/api/v1/monitor", page=0).json()) == min(100, len(everything))
    assert _get(dd, "/api/v1/monitor", page=0, page_size=1001).status_code == 400
    slug = dd.org.services[0].slug
    tagged = _get(dd, "/api/v1/monitor", monitor_tags=f"service:{slug}").json()
    assert tagged
    assert all(f"service:{slug}" in m["tags"] for m in tagged)


def test_monitors_describe_every_service_with_targets_and_state(dd):
    monitors = _get(dd, "/api/v1/monitor").json()
    assert {m["tags"][0] for m in monitors} == {f"service:{s.slug}" for s in dd.org.services}
    assert all("@pagerduty-" in m["message"] for m in monitors)
    assert {m["overall_state"] for m in monitors} >= {"OK", "Alert"}
    assert {m["type"] for m in monitors} >= {"query alert", "service check", "synthetics alert"}


def test_synthetics_and_results(dd):
    tests = _get(dd, "/api/v1/synthetics/tests", page_size=5, page_number=0).json()["tests"]
    assert len(tests) == 5
    page2 = _get(dd, "/api/v1/synthetics/tests", page_size=5, page_number=1).json()["tests"]
    assert {t["public_id"] for t in tests}.isdisjoint(t["public_id"] for t in page2)
    all_tests = _get(dd, "/api/v1/synthetics/tests").json()["tests"]
    assert {t["type"] for t in all_tests} == {"api", "browser"}
    live = next(t for t in all_tests if t["status"] == "live" and t["type"] == "api")
    body = _get(dd, f"/api/v1/synthetics/tests/{live['public_id']}/results").json()
    assert len(body["results"]) == 150
    times = [r["check_time"] for r in body["results"]]
    assert times == sorted(times, reverse=True)
    assert body["last_timestamp_fetched"] == int(times[0])
    assert (
        _get(dd, f"/api/v1/synthetics/tests/browser/{live['public_id']}/results").status_code == 404
    )


def test_results_fail_while_the_service_is_impacted(dd):
    truth = dd.vendor("datadog").truth()["synthetics_results"]
    results = [r for rs in truth.values() for r in rs]
    assert any(r["status"] == 1 for r in results)
    assert sum(r["status"] == 0 for r in results) > len(results) / 2


def test_slos_and_history(dd):
    body = _get(dd, "/api/v1/slo", limit=5, offset=0).json()
    assert len(body["data"]) == 5
    assert body["metadata"]["page"]["total_count"] == len(dd.vendor("datadog").api.slo_defs)
    slo = body["data"][0]
    assert {t["timeframe"] for t in slo["thresholds"]} == {"7d", "30d", "90d"}
    now = int(dd.org.now.timestamp())
    history = _get(dd, f"/api/v1/slo/{slo['id']}/history", from_ts=now - 30 * 86400, to_ts=now)
    data = history.json()["data"]
    assert data["type"] == "metric"
    assert len(data["series"]["times"]) == 31
    assert set(data["overall"]["error_budget_remaining"]) == {"7d", "30d", "90d"}
    assert _get(dd, f"/api/v1/slo/{slo['id']}/history").status_code == 400


def test_incidents_line_up_with_the_org(dd):
    resp = _get(dd, "/api/v2/incidents", **{"page[size]": 25, "page[offset]": 50})
    body = resp.json()
    # As Datadog's recordings show: `size` is what the page holds, `next_offset` only
    # while more remain.
    # The org's incidents and one test incident.
    assert len(body["data"]) == len(dd.org.incidents) + 1 - 50
    assert body["meta"]["pagination"] == {"offset": 50, "size": len(body["data"])}
    first = _get(dd, "/api/v2/incidents", **{"page[size]": 25}).json()["meta"]["pagination"]
    assert first == {"offset": 0, "next_offset": 25, "size": 25}
    assert _get(dd, "/api/v2/incidents", **{"page[size]": 101}).status_code == 400
    truth = dd.vendor("datadog").truth()
    real = [i for i in truth["incidents"] if not i["attributes"]["is_test"]]
    for inc, dd_inc in zip(dd.org.incidents, real, strict=True):
        a = dd_inc["attributes"]
        assert a["public_id"] == inc.number
        assert a["state"] == {"triggered": "active", "acknowledged": "stable"}.get(
            inc.status, "resolved"
        )
        assert a["severity"] == (f"SEV-{inc.priority[1]}" if inc.priority else "UNKNOWN")
        # Detected at the page, declared after it (and never after the resolution).
        detected = datetime.fromisoformat(a["detected"])
        declared = datetime.fromisoformat(a["declared"])
        assert detected == inc.created_at
        assert detected <= declared <= (inc.resolved_at or declared)
        if inc.resolved_at:
            assert a["time_to_resolve"] == int((inc.resolved_at - declared).total_seconds())
        # Customer impact is the incident's story (what postmortems tell as well).
        truth_story = story(dd.org, inc)
        if a["customer_impact_start"]:
            start = datetime.fromisoformat(a["customer_impact_start"])
            assert start == truth_story.impact_started_at
            assert a["time_to_detect"] == int((detected - start).total_seconds()) > 0
            if inc.resolved_at:
                assert datetime.fromisoformat(a["customer_impact_end"]) == max(
                    truth_story.recovered_at, detected + timedelta(seconds=1)
                )
    # One test incident (Datadog's `is_test`), declared next to the first resolved page on
    # its service, numbered apart from the real ones.
    (test,) = [i for i in truth["incidents"] if i["attributes"]["is_test"]]
    first = next(i for i in dd.org.incidents if i.resolved_at is not None)
    a = test["attributes"]
    assert a["public_id"] not in {i.number for i in dd.org.incidents}
    assert a["fields"]["services"]["value"] == [first.service.slug]
    assert datetime.fromisoformat(a["detected"]) - first.created_at == timedelta(minutes=7)
    assert a["state"] == "resolved"
    assert not a["customer_impacted"]
    assert test["id"] not in truth["incident_todos"]
    served = _get(dd, f"/api/v2/incidents/{test['id']}").json()["data"]
    assert served == test
    todos = truth["incident_todos"]
    assert todos
    one = next(iter(todos))
    served = _get(dd, f"/api/v2/incidents/{one}/relationships/todos").json()["data"]
    assert served == todos[one]


def test_monitor_events_pair_with_incidents_and_page_by_cursor(dd):
    events, cursor = [], None
    while True:
        params = {"filter[from]": "0", "filter[query]": "source:alert", "page[limit]": 7}
        if cursor:
            params["page[cursor]"] = cursor
        body = _get(dd, "/api/v2/events", **params).json()
        events += body["data"]
        cursor = body["meta"]["page"].get("after")
        if not cursor:
            break
    assert events == dd.vendor("datadog").truth()["monitor_events"]
    stamps = [e["attributes"]["timestamp"] for e in events]
    assert stamps == sorted(stamps)
    # Default window: the last 15 minutes only.
    assert len(_get(dd, "/api/v2/events").json()["data"]) < len(events)
    triggered = sum(e["attributes"]["attributes"]["status"] == "error" for e in events)
    internal = sum(i.detection == "internal" for i in dd.org.incidents)
    assert triggered >= internal


def test_incident_management_switch_and_missing_permission():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sbx:
        sbx.vendor("datadog").configure(incident_management=False)
        assert _get(sbx, "/api/v2/incidents").status_code == 404
        assert _get(sbx, "/api/v1/monitor").status_code == 200
        sbx.vendor("datadog").configure(denied_permissions=["slos_read"])
        resp = _get(sbx, "/api/v1/slo")
        assert resp.status_code == 403
        assert "slos_read" in resp.json()["errors"][1]


def test_429_has_datadogs_headers():
    with Sandbox(
        OrgConfig.preset("test", anchor=ANCHOR),
        faults={"rules": [{"kind": "429", "path": "/datadog/", "reset": 7}]},
    ) as sbx:
        resp = _get(sbx, "/api/v1/monitor")
        assert resp.status_code == 429
        assert resp.headers["x-ratelimit-reset"] == "7"
        assert resp.headers["x-ratelimit-remaining"] == "0"
        assert resp.json() == {"errors": ["Too many requests"]}


def test_enforced_rate_limit_uses_the_shared_bucket():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), faults={"requests_per_minute": 2}) as sbx:
        statuses = [_get(sbx, "/api/v1/downtime").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]


def test_advance_resolves_incidents_and_grows_history():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sbx:
        before = sbx.vendor("datadog").truth()
        sbx.advance()
        after = sbx.vendor("datadog").truth()
        b = {i["id"]: i["attributes"] for i in before["incidents"]}
        a = {i["id"]: i["attributes"] for i in after["incidents"]}
        assert set(b) < set(a)
        resolved = [i for i in b if b[i]["state"] != "resolved" and a[i]["state"] == "resolved"]
        assert resolved
        assert all(a[i]["modified"] > b[i]["modified"] for i in resolved)
        assert len(after["monitor_events"]) > len(before["monitor_events"])
        assert before["monitor_events"] == after["monitor_events"][: len(before["monitor_events"])]
        assert len(after["slo_days"]) > len(before["slo_days"])


def test_same_seed_same_world_and_bench_scale():
    one = DatadogAPI(Org(OrgConfig.preset("test", anchor=ANCHOR))).truth()
    two = DatadogAPI(Org(OrgConfig.preset("test", anchor=ANCHOR))).truth()
    assert one == two
    started = time.perf_counter()
    bench = DatadogAPI(Org(OrgConfig.preset("bench", anchor=ANCHOR)))
    assert len(bench.monitors_defs) >= 10_000
    assert len(bench.slo_defs) >= 1_000
    assert len(bench.org.incidents) >= 20_000
    assert bench.org.config.history_days >= 365
    assert time.perf_counter() - started < 60  # generation stays usable (not a benchmark)


def _sweep(sbx: Sandbox) -> dict[str, Any]:
    """Read every operation tap-datadog calls (and some errors); return what was read."""
    anchor = int(ANCHOR.timestamp())
    out: dict[str, Any] = {"monitor_pages": [], "event_pages": []}
    for page in range(8):
        out["monitor_pages"].append(_get(sbx, "/api/v1/monitor", page=page, page_size=20).json())
    out["monitors"] = _get(sbx, "/api/v1/monitor").json()
    out["downtimes"] = _get(sbx, "/api/v1/downtime", with_creator="true").json()
    out["tests"] = []
    for number in range(5):
        out["tests"] += _get(sbx, "/api/v1/synthetics/tests", page_number=number).json()["tests"]
    out["results"] = {}
    for test in out["tests"]:
        browser = "browser/" if test["type"] == "browser" else ""
        path = f"/api/v1/synthetics/tests/{browser}{test['public_id']}/results"
        out["results"][test["public_id"]] = _get(sbx, path, from_ts=0, to_ts=anchor * 1000)
    slos = _get(sbx, "/api/v1/slo").json()["data"]
    out["corrections"] = _get(sbx, "/api/v1/slo/correction", limit=1000).json()["data"]
    out["history"] = {
        o["id"]: _get(
            sbx, f"/api/v1/slo/{o['id']}/history", from_ts=anchor - 30 * 86400, to_ts=anchor
        )
        for o in slos
    }
    out["incidents"] = _get(sbx, "/api/v2/incidents", **{"page[size]": 100}).json()["data"]
    out["todos"] = {
        i["id"]: _get(sbx, f"/api/v2/incidents/{i['id']}/relationships/todos")
        for i in out["incidents"]
    }
    cursor = None
    while True:
        params = {"filter[from]": "0", "filter[query]": "source:alert", "page[limit]": 20}
        if cursor:
            params["page[cursor]"] = cursor
        body = _get(sbx, "/api/v2/events", **params).json()
        out["event_pages"].append(body["data"])
        cursor = body["meta"]["page"].get("after")
        if not cursor:
            break
    # Errors in Datadog's documented shape.
    assert _get(sbx, "/api/v1/monitor", page=0, page_size=1001).status_code == 400
    gone = "/api/v1/slo/0123456789abcdef0123456789abcdef/history"
    assert _get(sbx, gone, from_ts=anchor - 86400, to_ts=anchor).status_code == 404
    assert _get(sbx, "/api/v2/incidents", headers={}).status_code == 403
    return out


def test_every_response_is_valid_against_datadogs_own_document():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), check_contracts=True) as sbx:
        read = _sweep(sbx)
        report = sbx.contract_report()
    # Only the request the sweep sent wrong on purpose (page_size 1001) is reported.
    assert [v["request"] for v in report["violations"]] == ["GET /api/v1/monitor"]
    assert report["violations"][0]["problems"] == [
        "request: parameter 'page_size': 1001 is greater than the maximum of 1000"
    ]
    statuses = {key.rsplit(" ", 1)[1] for key in report["exercised"]}
    assert statuses == {"200", "400", "403", "404"}
    # Real fields the document leaves out, as Datadog's own recordings show them.
    assert all("created_at" in m and "id" in m["creator"] for m in read["monitors"])
    assert all({"uuid", "status", "created", "creator"} <= set(d) for d in read["downtimes"])
    assert all("subtype" not in t for t in read["tests"] if t["type"] == "browser")
    assert all("created_by_uuid" in i["attributes"] for i in read["incidents"])
    assert read["corrections"]
    assert all("data" in c["attributes"]["creator"] for c in read["corrections"])
    responders = [r for i in read["incidents"] for r in i["relationships"]["responders"]["data"]]
    assert responders
    assert {r["type"] for r in responders} == {"incident_responders"}


def test_quirks_of_the_real_api():
    quirks = ["vanished_children", "short_pages", "unsorted", "unknown_fields", "spec_nulls"]
    with Sandbox(
        OrgConfig.preset("test", anchor=ANCHOR), check_contracts=True, faults={"quirks": quirks}
    ) as sbx:
        vanished = sbx.vendor("datadog").api.vanished_children()
        read = _sweep(sbx)
        report = sbx.contract_report()
        truth = sbx.vendor("datadog").truth()
    # Every departure from the document is declared: only the deliberate bad request.
    assert [v["request"] for v in report["violations"]] == ["GET /api/v1/monitor"]
    # Vanished children: 404 with Datadog's error body; their parents are still listed.
    assert read["results"][vanished["synthetics_results"]].status_code == 404
    assert read["results"][vanished["synthetics_results"]].json() == {
        "errors": ["Synthetic test not found"]
    }
    assert read["history"][vanished["slo_history"]].status_code == 404
    assert read["todos"][vanished["incident_todos"]].json() == {"errors": ["Not Found"]}
    assert vanished["incident_todos"] in {i["id"] for i in read["incidents"]}
    # Short pages: capped below what was asked (20 monitors, 100 incidents).
    assert max(len(p) for p in read["monitor_pages"]) <= 11
    assert len(read["incidents"]) == 25 < len(truth["incidents"])
    # Unsorted: pages out of order, and a row served again on the next page.
    served = [e["id"] for page in read["event_pages"] for e in page]
    assert len(served) > len(set(served)) == len(truth["monitor_events"])
    stamps = [e["attributes"]["timestamp"] for page in read["event_pages"] for e in page]
    assert stamps != sorted(stamps)
    monitor_ids = [m["id"] for page in read["monitor_pages"] for m in page]
    assert len(monitor_ids) > len(set(monitor_ids)) == len(truth["monitors"])
    # Unknown fields and enum values; nulls against the document.
    assert all("sandbox_unreleased_field" in m for m in read["monitors"])
    assert "Paused" in {m["overall_state"] for m in read["monitors"]}
    browser = [t for t in read["tests"] if t["type"] == "browser"]
    assert browser
    assert all(t["subtype"] is None for t in browser)
    triggered = [
        e
        for page in read["event_pages"]
        for e in page
        if e["attributes"]["attributes"]["status"] == "error"
    ]
    assert all(e["attributes"]["attributes"]["duration"] is None for e in triggered)


def _answer(
    api: DatadogAPI, path: str, query: dict[str, Any], quirks: frozenset[str]
) -> tuple[int, Any, list[str], list[str]]:
    """Serve one request and check the whole answer (every item, no cap) against the document.

    Returns:
        Status, body, problems the answer's deviations do not excuse, and deviations that
        excuse nothing (a sandbox that over-excuses would hide its own mistakes).
    """
    request = Request(
        method="GET",
        path=path,
        query={k: [str(v)] for k, v in query.items()},
        headers={},
        quirks=quirks,
    )
    response = api.handle(request)
    answer = json.loads(response.body)
    op = load_contract("datadog").match("GET", path)
    assert op is not None, path
    assert op.check_request(path, request.query) == [], path
    problems, unused = op.audit_response(response.status, answer, response.deviations)
    return response.status, answer, problems, unused


@pytest.mark.parametrize("quirks", [frozenset(), frozenset(QUIRKS)], ids=["plain", "quirks"])
def test_every_answer_follows_datadogs_document_except_declared_deviations(quirks):
    api = DatadogAPI(Org(OrgConfig.preset("test", anchor=ANCHOR)))
    truth = api.truth()
    anchor = int(ANCHOR.timestamp())
    calls: list[tuple[str, dict[str, Any]]] = [
        ("/api/v1/monitor", {}),
        *(("/api/v1/monitor", {"page": n, "page_size": 1000}) for n in range(6)),
        ("/api/v1/downtime", {"with_creator": "true"}),
        *(("/api/v1/synthetics/tests", {"page_number": n, "page_size": 100}) for n in range(4)),
        ("/api/v1/slo", {"limit": 1000}),
        ("/api/v1/slo/correction", {}),
        ("/api/v1/slo/correction", {"offset": 1, "limit": 1}),
        ("/api/v2/incidents", {"page[size]": 100}),
        ("/api/v2/events", {"filter[from]": "0", "page[limit]": 1000, "sort": "timestamp"}),
    ]
    for test in truth["synthetics_tests"]:
        browser = "browser/" if test["type"] == "browser" else ""
        calls.append(
            (f"/api/v1/synthetics/tests/{browser}{test['public_id']}/results", {"from_ts": 0})
        )
    for slo in truth["slos"]:
        window = {"from_ts": anchor - 120 * 86400, "to_ts": anchor + 86400}
        calls.append((f"/api/v1/slo/{slo['id']}/history", window))
    calls += [(f"/api/v2/incidents/{i['id']}/relationships/todos", {}) for i in truth["incidents"]]
    statuses = set()
    for path, query in calls:
        status, _answer_body, problems, unused = _answer(api, path, query, quirks)
        statuses.add(status)
        assert problems == [], (path, query, problems[:5])
        assert unused == [], (path, query, unused[:5])
    assert statuses == ({200, 404} if quirks else {200})


# --- SLO status corrections ----------------------------------------------------------------


def _day(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).date().isoformat()


def _history_days(sbx: Sandbox, slo_id: str, lo: int, hi: int, **extra: Any) -> dict[str, Any]:
    body = _get(sbx, f"/api/v1/slo/{slo_id}/history", from_ts=lo, to_ts=hi, **extra).json()
    series = body["data"]["series"]
    return {
        datetime.fromtimestamp(ms / 1000, UTC).date().isoformat(): (g, n)
        for ms, g, n in zip(
            series["times"],
            series["numerator"]["values"],
            series["denominator"]["values"],
            strict=True,
        )
    }


def test_corrections_page_by_offset_and_limit_with_a_default_of_25():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sbx:
        for n in range(1, 30):
            sbx.advance(ANCHOR + timedelta(hours=n))
        everything = _get(sbx, "/api/v1/slo/correction", limit=1000).json()
        assert everything["meta"]["page"]["total_count"] == len(everything["data"]) > 25
        assert len(_get(sbx, "/api/v1/slo/correction").json()["data"]) == 25
        paged = []
        for offset in range(0, len(everything["data"]), 7):
            paged += _get(sbx, "/api/v1/slo/correction", offset=offset, limit=7).json()["data"]
        assert paged == everything["data"]
        assert _get(sbx, "/api/v1/slo/correction", offset=-1).status_code == 400


def test_a_correction_made_later_changes_past_days_of_the_history():
    # Datadog: "For metric-based SLOs, all good and bad events in the correction window are
    # not counted"; `apply_correction` "Defaults to `true`".
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sbx:
        sbx.advance(ANCHOR + timedelta(days=8))
        lo, hi = int(ANCHOR.timestamp()) - 20 * 86400, int(ANCHOR.timestamp()) + 8 * 86400
        before = {o["id"]: _history_days(sbx, o["id"], lo, hi) for o in _metric_slos(sbx)}
        known = {c["id"] for c in _get(sbx, "/api/v1/slo/correction", limit=1000).json()["data"]}

        sbx.advance(ANCHOR + timedelta(days=8, hours=1))
        corrections = _get(sbx, "/api/v1/slo/correction", limit=1000).json()["data"]
        new = [c for c in corrections if c["id"] not in known]
        assert len(new) == 1
        made = new[0]["attributes"]
        created = made["created_at"]
        assert (
            int(ANCHOR.timestamp()) + 8 * 86400
            < created
            <= int(ANCHOR.timestamp()) + 8 * 86400 + 3600
        )
        assert made["modified_at"] == created
        # It excludes hours that lie days before it was made.
        assert made["end"] <= created - 2 * 86400
        slo, start, end = made["slo_id"], made["start"], made["end"]
        after = _history_days(sbx, slo, lo, hi)
        uncorrected = _history_days(sbx, slo, lo, hi, apply_correction="false")
        touched = {_day(start), _day(end - 1)}
        for day, (good, total) in after.items():
            if day in touched:
                # Fewer events count; the excluded share of the day is the window's share.
                old_good, old_total = before[slo][day]
                assert (good, total) != (old_good, old_total)
                assert total < old_total
                assert good < old_good
                assert uncorrected[day] == (old_good, old_total)
            elif day < _day(int(ANCHOR.timestamp()) + 7 * 86400):
                assert (good, total) == before[slo][day], day
        seconds = dict.fromkeys(touched, 0)
        t = start
        while t < end:
            step = min(end, t - t % 86400 + 86400) - t
            seconds[_day(t)] += step
            t += step
        for day, secs in seconds.items():
            kept = after[day][1] / uncorrected[day][1]
            assert abs(kept - (86400 - secs) / 86400) < 1e-4, (day, kept, secs)
        # The truth carries the corrected day: a warehouse holding the old one is stale.
        truth = requests.get(f"{sbx.base_url}/_sandbox/truth/datadog", timeout=60).json()
        rows = truth["slo_history"]
        assert rows["version"] == "good_events"
        versions = {(r[0], r[1]): r[2] for r in rows["rows"]}
        for day in touched:
            assert versions[(slo, day)] == after[day][0] != before[slo][day][0]
        other = next(o for o in before if o != slo)
        settled = _day(int(ANCHOR.timestamp()) + 7 * 86400)
        assert all(versions[(other, d)] == g for d, (g, _n) in before[other].items() if d < settled)


def _metric_slos(sbx: Sandbox) -> list[dict[str, Any]]:
    return [o for o in _get(sbx, "/api/v1/slo").json()["data"] if o["type"] == "metric"]


def test_resolving_an_incident_open_for_months_does_not_rewrite_past_slo_days():
    # An incident left open while the service recovered (the SLO days served it so) and
    # resolved an epoch later, its story's impact then lasting months: Datadog's history of
    # those past days does not change; only a status correction changes a past day.
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sbx:
        api = sbx.vendor("datadog").api
        sbx.advance(ANCHOR + timedelta(days=180))
        before = sbx.vendor("datadog").truth()["slo_days"]
        known = {c.id for c in api.corrections}
        sbx.advance(ANCHOR + timedelta(days=180, minutes=90))
        after = sbx.vendor("datadog").truth()["slo_days"]
        late = [
            i
            for i in sbx.org.incidents
            if i.resolved_at is not None
            and i.resolved_at > ANCHOR + timedelta(days=180)
            and i.created_at < ANCHOR + timedelta(days=170)
        ]
        assert late, "the world must resolve an incident opened long before"
        corrected = {
            (c.slo.id, _day(t))
            for c in api.corrections
            if c.id not in known
            for t in (c.start, c.end - 1)
        }
        settled = (ANCHOR + timedelta(days=178)).date().isoformat()
        changed = {k for k in before if k[1] < settled and before[k] != after[k]}
        assert changed <= corrected, sorted(changed - corrected)[:5]


def test_a_synthetic_result_never_changes_once_served():
    # A check that ran is a recorded fact: an incident created by a later epoch, whose story
    # starts its impact earlier, must not turn results already served as passing into failures
    # (the fault suite's marts comparison found 4 such results between two syncs). Hourly
    # epochs from the June anchor of tests/test_faults.py: this world rewrote results at the
    # 3rd and the 7th before the fix.
    with Sandbox(OrgConfig.preset("test", anchor=datetime(2026, 6, 1, tzinfo=UTC))) as sb:
        tests = _get(sb, "/api/v1/synthetics/tests").json()["tests"]

        def served() -> dict[str, Any]:
            out: dict[str, Any] = {}
            for t in tests:
                kind = "browser/" if t["type"] == "browser" else ""
                path = f"/api/v1/synthetics/tests/{kind}{t['public_id']}/results"
                out.update({r["result_id"]: r for r in _get(sb, path).json()["results"]})
            return out

        before = served()
        changed = []
        for _ in range(8):
            sb.advance(sb.app.org.now + timedelta(hours=1))
            after = served()
            changed += [k for k in before.keys() & after.keys() if before[k] != after[k]]
            before = after
        assert changed == []
