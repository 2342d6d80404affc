"""A full sync against the sandbox: every record served arrives once, fully declared."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime

from datadog_harness import TapRun, get
from pytest_reliability_sandbox.tap_runner import undeclared


def _by(records, key="id"):
    return {r[key]: r for r in records}


def test_inventory_streams_match_what_the_sandbox_serves(dd_full_run: TapRun, dd_sandbox):
    truth = dd_sandbox.vendor("datadog").truth()
    assert truth["monitors"] == get(dd_sandbox, "/api/v1/monitor")  # no `page`: everything
    records = _by(dd_full_run.records["monitors"])
    assert set(records) == {m["id"] for m in truth["monitors"]}
    for monitor in truth["monitors"]:
        got = dict(records[monitor["id"]])
        targets = got.pop("notification_targets")
        assert got == monitor
        assert any(t.startswith("pagerduty-") for t in targets)
        assert any("@" in t for t in targets), "the manager's email is a target"
    assert dd_full_run.records["downtimes"] == truth["downtimes"]
    assert dd_full_run.records["synthetics_tests"] == truth["synthetics_tests"]
    assert dd_full_run.records["slos"] == truth["slos"]


def test_monitor_events_are_every_transition(dd_full_run: TapRun, dd_sandbox):
    truth = dd_sandbox.vendor("datadog").truth()["monitor_events"]
    records = dd_full_run.records["monitor_events"]
    assert [r["id"] for r in records] == [e["id"] for e in truth]
    for record, event in zip(records, truth, strict=True):
        assert record["timestamp"] == event["attributes"]["timestamp"]
        assert record["attributes"] == event["attributes"]["attributes"]
        assert record["monitor_id"] == event["attributes"]["attributes"]["monitor_id"]
        assert record["transition"] in ("Triggered", "Recovered")
    assert {r["transition"] for r in records} == {"Triggered", "Recovered"}


def test_incidents_and_todos_match(dd_full_run: TapRun, dd_sandbox):
    truth = dd_sandbox.vendor("datadog").truth()
    records = _by(dd_full_run.records["incidents"])
    assert set(records) == {i["id"] for i in truth["incidents"]}
    for incident in truth["incidents"]:
        record = records[incident["id"]]
        assert record == {
            "id": incident["id"],
            "type": "incidents",
            **incident["attributes"],
            "relationships": incident["relationships"],
        }
    resolved = [r for r in records.values() if r["state"] == "resolved"]
    assert all(isinstance(r["time_to_resolve"], int) and r["time_to_resolve"] > 0 for r in resolved)
    assert any(r["time_to_detect"] > 0 for r in resolved)
    todos = _by(dd_full_run.records["incident_todos"])
    expected = {t["id"]: t for ts in truth["incident_todos"].values() for t in ts}
    assert expected, "the test organisation must have todos"
    assert set(todos) == set(expected)
    for todo_id, todo in expected.items():
        assert todos[todo_id]["content"] == todo["attributes"]["content"]
        assert todos[todo_id]["incident_id"] == todo["attributes"]["incident_id"]


def test_synthetics_results_are_complete(dd_full_run: TapRun, dd_sandbox):
    truth = dd_sandbox.vendor("datadog").truth()["synthetics_results"]
    expected = {r["result_id"]: (pid, r) for pid, rs in truth.items() for r in rs}
    records = _by(dd_full_run.records["synthetics_results"], "result_id")
    assert len(records) == len(dd_full_run.records["synthetics_results"])
    assert set(records) == set(expected)
    # More than 150 results per test: the to_ts paging was needed and went to the end.
    assert max(len(rs) for rs in truth.values()) > 150
    for result_id, (pid, served) in expected.items():
        record = records[result_id]
        assert record["public_id"] == pid
        assert {k: record[k] for k in served} == served
        assert record["passed"] == (served["status"] == 0)


def test_slo_history_has_every_slo_and_day_with_the_sandbox_values(dd_full_run: TapRun, dd_sandbox):
    api = dd_sandbox.vendor("datadog").api
    by_id = {o.id: o for o in api.slo_defs}
    rows = dd_full_run.records["slo_history"]
    assert {r["slo_id"] for r in rows} == set(by_id)
    last_day = (int(dd_sandbox.org.now.timestamp()) - 1) // 86400
    for slo_id in by_id:
        days = sorted(r["date"] for r in rows if r["slo_id"] == slo_id)
        assert days[-1] == datetime.fromtimestamp(last_day * 86400, UTC).date().isoformat()
        assert len(days) == len(set(days))
    for row in rows:
        slo = by_id[row["slo_id"]]
        day = (date.fromisoformat(row["date"]) - date(1970, 1, 1)).days
        fact = api.slo_day(slo, day)
        if slo.type == "metric":
            assert (row["good_events"], row["total_events"]) == (fact["good"], fact["total"])
        else:
            assert math.isclose(row["uptime_seconds"], fact["good"], abs_tol=1e-3)
            assert math.isclose(row["total_seconds"], fact["total"], abs_tol=1e-3)
        assert math.isclose(row["sli_value"], 100 * fact["good"] / fact["total"], rel_tol=1e-9)
        assert row["target"] == slo.target
    assert min(r["error_budget_remaining"] for r in rows) < 0, "incidents burn the budget"


def test_every_pagination_style_ran_to_its_end(dd_full_run: TapRun, dd_sandbox):
    # page_size=7 in the full run: each listing needed several pages.
    stats = dd_sandbox.stats()["by_path"]
    assert stats["/datadog/api/v1/monitor"] >= 42 // 7
    assert stats["/datadog/api/v1/synthetics/tests"] >= 2
    assert stats["/datadog/api/v1/slo"] >= 2
    assert stats["/datadog/api/v2/incidents"] >= 60 // 7
    assert stats["/datadog/api/v2/events"] >= 108 // 7


def test_primary_keys_are_unique(dd_full_run: TapRun):
    for stream, message in dd_full_run.schemas.items():
        keys = message["key_properties"]
        assert keys, f"{stream} has no primary key"
        values = [tuple(r[k] for k in keys) for r in dd_full_run.records.get(stream, [])]
        assert values, f"{stream} emitted nothing"
        assert len(values) == len(set(values)), f"duplicate keys in {stream}"
        assert all(None not in v for v in values), f"null key in {stream}"


def test_every_field_served_is_declared(dd_full_run: TapRun):
    assert "not found in catalog schema" not in dd_full_run.stderr
    for stream, records in dd_full_run.records.items():
        schema = dd_full_run.schemas[stream]["schema"]
        found: set[str] = set()
        for record in records:
            found |= undeclared(record, schema, stream)
        assert not found, f"fields served but not declared: {sorted(found)}"


def test_every_property_is_described(dd_full_run: TapRun):
    def walk(schema, path):
        for name, prop in (schema.get("properties") or {}).items():
            assert prop.get("description"), f"{path}.{name} has no description"
            walk(prop, f"{path}.{name}")
            walk(prop.get("items") or {}, f"{path}.{name}[]")

    for stream, message in dd_full_run.schemas.items():
        for name, prop in message["schema"]["properties"].items():
            assert prop.get("description"), f"{stream}.{name} has no description"
        walk(message["schema"], stream)


def test_state_is_small(dd_full_run: TapRun):
    state = dd_full_run.state
    assert len(json.dumps(state)) < 3000, "state must not grow with the data"
    for stream in ("slo_history", "synthetics_results", "incident_todos"):
        assert "partitions" not in state["bookmarks"][stream]
