"""A full sync against the sandbox: every record served arrives once, fully declared."""

from __future__ import annotations

import json

from pagerduty_harness import TapRun, run_tap, served, served_windowed, tap_config
from pytest_reliability_sandbox.tap_runner import undeclared

INVENTORY = {
    "services": "/services",
    "teams": "/teams",
    "users": "/users",
    "escalation_policies": "/escalation_policies",
    "schedules": "/schedules",
    "priorities": "/priorities",
}


def test_inventory_streams_match_what_the_sandbox_serves(full_run: TapRun, sandbox):
    for stream, path in INVENTORY.items():
        expected = {r["id"] for r in served(sandbox, path, stream)}
        assert expected, f"the sandbox serves no {stream}"
        assert sorted(full_run.ids(stream)) == sorted(expected), stream


def test_children_cover_every_parent(full_run: TapRun, sandbox):
    members = {(r["team_id"], r["user_id"]) for r in full_run.records["team_members"]}
    expected = {
        (team["id"], m["user"]["id"])
        for team in served(sandbox, "/teams", "teams")
        for m in served(sandbox, f"/teams/{team['id']}/members", "members")
    }
    assert members == expected
    methods = {
        r["id"]: (r["user_id"], r["type"], r["address"])
        for r in full_run.records["user_contact_methods"]
    }
    expected_methods = {
        m["id"]: (user["id"], m["type"], m["address"])
        for user in served(sandbox, "/users", "users")
        for m in served(sandbox, f"/users/{user['id']}/contact_methods", "contact_methods")
    }
    assert methods == expected_methods
    assert all(address for _, _, address in methods.values())


def test_incidents_and_log_entries_are_complete(full_run: TapRun, sandbox):
    incidents = served_windowed(sandbox, "/incidents", "incidents")
    assert sorted(full_run.ids("incidents")) == sorted(i["id"] for i in incidents)
    entries = served_windowed(sandbox, "/log_entries", "log_entries", is_overview="false")
    assert len(entries) > 100, "the test organisation must span several pages"
    assert sorted(full_run.ids("log_entries")) == sorted(e["id"] for e in entries)
    # Analytics rows exist for every incident.
    assert sorted(full_run.ids("incident_analytics")) == sorted(i["id"] for i in incidents)


def test_records_carry_the_values_served(full_run: TapRun, sandbox):
    by_id = {i["id"]: i for i in served_windowed(sandbox, "/incidents", "incidents")}
    for record in full_run.records["incidents"]:
        source = by_id[record["id"]]
        assert record["status"] == source["status"]
        assert record["service"]["id"] == source["service"]["id"]
        assert (record["resolved_at"] is None) == (source["resolved_at"] is None)


def test_primary_keys_are_unique(full_run: TapRun):
    for stream, message in full_run.schemas.items():
        keys = message["key_properties"]
        assert keys, f"{stream} has no primary key"
        values = [tuple(r[k] for k in keys) for r in full_run.records.get(stream, [])]
        assert len(values) == len(set(values)), f"duplicate keys in {stream}"
        assert all(None not in v for v in values), f"null key in {stream}"


def test_every_field_served_is_declared(full_run: TapRun):
    assert "not found in catalog schema" not in full_run.stderr
    for stream, records in full_run.records.items():
        schema = full_run.schemas[stream]["schema"]
        missing: set[str] = set()
        for record in records:
            missing |= undeclared(record, schema, stream)
        assert not missing, f"fields served but not declared: {sorted(missing)}"


def test_every_property_is_described(full_run: TapRun):
    for stream, message in full_run.schemas.items():
        missing = [
            name
            for name, prop in message["schema"]["properties"].items()
            if not prop.get("description")
        ]
        assert not missing, f"{stream}: undocumented properties {missing}"


def test_state_is_small_and_bookmarks_the_incremental_streams(full_run: TapRun):
    state = full_run.state
    assert len(json.dumps(state)) < 4000, "state must not grow with the data"
    bookmarks = state["bookmarks"]
    for stream in ("incidents", "log_entries", "incident_analytics"):
        assert bookmarks[stream]["replication_key"] == "created_at"
        newest = max(r["created_at"] for r in full_run.records[stream])
        assert bookmarks[stream]["replication_key_value"][:19] == newest[:19]
        assert "partitions" not in bookmarks[stream]
    # Open incidents exist in the test organisation: the tap remembers where they start.
    open_created = [
        r["created_at"] for r in full_run.records["incidents"] if r["status"] != "resolved"
    ]
    assert open_created
    assert bookmarks["incidents"]["open_since"][:19] == min(open_created)[:19]


def test_service_and_team_filters_narrow_every_incident_stream(sandbox):
    incidents = served_windowed(sandbox, "/incidents", "incidents")
    service_id = incidents[0]["service"]["id"]
    team_id = incidents[0]["teams"][0]["id"]
    run = run_tap(
        tap_config(sandbox, service_ids=[service_id]),
        streams=["incidents", "log_entries", "incident_analytics", "services"],
    )
    assert run.returncode == 0, run.stderr[-3000:]
    expected = {i["id"] for i in incidents if i["service"]["id"] == service_id}
    assert set(run.ids("incidents")) == expected
    assert {r["service"]["id"] for r in run.records["log_entries"]} == {service_id}
    assert {r["incident"]["id"] for r in run.records["log_entries"]} == expected
    assert set(run.ids("incident_analytics")) == expected
    assert run.ids("services") == [service_id]

    by_team = run_tap(tap_config(sandbox, team_ids=[team_id]), streams=["incidents"])
    assert by_team.returncode == 0, by_team.stderr[-3000:]
    assert set(by_team.ids("incidents")) == {
        i["id"] for i in incidents if team_id in {t["id"] for t in i["teams"]}
    }
