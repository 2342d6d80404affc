"""A full sync against the sandbox: every record served arrives once, fully declared."""

from __future__ import annotations

import json

from pytest_reliability_sandbox.tap_runner import undeclared
from sentry_harness import TapRun, all_issues, run_tap, served, tap_config


def test_inventory_streams_match_what_the_sandbox_serves(sentry_full_run: TapRun, sentry_sandbox):
    truth = sentry_sandbox.vendor("sentry").truth()
    assert sentry_full_run.ids("organizations") == [o["id"] for o in truth["organizations"]]
    for stream in ("projects", "teams", "releases"):
        key = "version" if stream == "releases" else "id"
        expected = [r[key] for r in truth[stream]]
        assert expected, f"the sandbox serves no {stream}"
        assert sorted(sentry_full_run.ids(stream, key)) == sorted(expected), stream
    # Every service of the organisation is a project, as PagerDuty's services are.
    assert {p["slug"] for p in sentry_full_run.records["projects"]} == {
        s.slug for s in sentry_sandbox.org.services
    }
    links = {(r["project_slug"], r["team_slug"]) for r in sentry_full_run.records["project_teams"]}
    assert links == {
        (slug, t["slug"]) for slug, teams in truth["project_teams"].items() for t in teams
    }


def test_every_issue_of_every_status_arrives(sentry_full_run: TapRun, sentry_sandbox):
    issues = all_issues(sentry_sandbox)
    assert len(issues) > 100, "the test organisation must span several pages"
    assert sorted(sentry_full_run.ids("issues")) == sorted(i["id"] for i in issues)
    statuses = {r["status"] for r in sentry_full_run.records["issues"]}
    # Resolved and ignored issues are included by default (query= is always sent).
    assert statuses == {"resolved", "unresolved", "ignored"}
    by_id = {i["id"]: i for i in issues}
    for record in sentry_full_run.records["issues"]:
        source = by_id[record["id"]]
        for key in ("status", "substatus", "lastSeen", "firstSeen", "count", "assignedTo"):
            assert record[key] == source[key], key


def test_events_activity_and_deploys_equal_what_was_served(sentry_full_run: TapRun, sentry_sandbox):
    truth = sentry_sandbox.vendor("sentry").truth()
    served_events = {e["id"] for events in truth["issue_events"].values() for e in events}
    assert len(served_events) > 1000
    assert set(sentry_full_run.ids("issue_events")) == served_events
    assert len(sentry_full_run.records["issue_events"]) == len(served_events)
    served_activity = {a["id"] for acts in truth["issue_activity"].values() for a in acts}
    assert set(sentry_full_run.ids("issue_activity")) == served_activity
    kinds = {a["type"] for a in sentry_full_run.records["issue_activity"]}
    assert {"first_seen", "set_resolved", "assigned"} <= kinds
    served_deploys = {d["id"] for deploys in truth["release_deploys"].values() for d in deploys}
    assert set(sentry_full_run.ids("release_deploys")) == served_deploys
    assert {d["environment"] for d in sentry_full_run.records["release_deploys"]} == {
        "production",
        "staging",
    }


def test_spikes_line_up_with_the_incidents(sentry_full_run: TapRun, sentry_sandbox):
    incident = sentry_sandbox.org.incidents[0]
    first_seen = [
        r["firstSeen"]
        for r in sentry_full_run.records["issues"]
        if r["project"]["slug"] == incident.service.slug
    ]
    created = incident.created_at.strftime("%Y-%m-%dT%H:%M")
    assert any(abs(_minutes(f) - _minutes(created)) <= 10 for f in first_seen)


def _minutes(value: str) -> int:
    from datetime import datetime  # noqa: PLC0415

    return int(datetime.fromisoformat(value[:16]).timestamp()) // 60


def test_pagination_runs_to_the_results_false_stop(sentry_full_run: TapRun, sentry_sandbox):
    # page_size=25: releases needed several pages; the tap followed rel="next" while
    # results="true" and stopped at results="false" without asking for more.
    by_path = sentry_sandbox.stats()["by_path"]
    n_releases = len(sentry_full_run.records["releases"])
    assert n_releases > 75
    assert by_path["/sentry/api/0/organizations/acme/releases/"] == -(-n_releases // 25)


def test_primary_keys_are_unique(sentry_full_run: TapRun):
    for stream, message in sentry_full_run.schemas.items():
        keys = message["key_properties"]
        assert keys, f"{stream} has no primary key"
        values = [tuple(r[k] for k in keys) for r in sentry_full_run.records.get(stream, [])]
        assert len(values) == len(set(values)), f"duplicate keys in {stream}"
        assert all(None not in v for v in values), f"null key in {stream}"


def test_every_field_served_is_declared(sentry_full_run: TapRun):
    assert "not found in catalog schema" not in sentry_full_run.stderr
    for stream, records in sentry_full_run.records.items():
        schema = sentry_full_run.schemas[stream]["schema"]
        missing: set[str] = set()
        for record in records:
            missing |= undeclared(record, schema, stream)
        assert not missing, f"fields served but not declared: {sorted(missing)}"


def test_every_property_is_described(sentry_full_run: TapRun):
    assert set(sentry_full_run.schemas) == {
        "organizations",
        "projects",
        "project_teams",
        "teams",
        "issues",
        "issue_events",
        "issue_activity",
        "releases",
        "release_deploys",
        "inventory_syncs",  # the runtime's completion marker of the projects and teams inventories
    }
    for stream, message in sentry_full_run.schemas.items():
        missing = [
            name
            for name, prop in message["schema"]["properties"].items()
            if not prop.get("description")
        ]
        assert not missing, f"{stream}: undocumented properties {missing}"


def test_state_is_small_and_bookmarks_issues_per_organization(sentry_full_run: TapRun):
    state = sentry_full_run.state
    assert len(json.dumps(state)) < 4000, "state must not grow with the data"
    issues = state["bookmarks"]["issues"]["partitions"]
    assert [p["context"] for p in issues] == [{"organization": "acme"}]
    newest = max(r["lastSeen"] for r in sentry_full_run.records["issues"])
    assert issues[0]["replication_key_value"] == newest
    open_seen = [
        r["lastSeen"] for r in sentry_full_run.records["issues"] if r["status"] != "resolved"
    ]
    assert issues[0]["open_since"][:19] == min(open_seen)[:19]
    for child in ("issue_events", "issue_activity", "release_deploys"):
        assert "partitions" not in state["bookmarks"][child]
    # One SCHEMA per stream, not one per issue.
    assert "Beginning sync" in sentry_full_run.stderr


def test_projects_allow_list_narrows_projects_issues_and_releases(sentry_sandbox):
    slug = sentry_sandbox.org.services[0].slug
    run = run_tap(
        tap_config(sentry_sandbox, projects=[slug]),
        streams=["projects", "project_teams", "issues", "releases"],
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert [p["slug"] for p in run.records["projects"]] == [slug]
    assert {r["project"]["slug"] for r in run.records["issues"]} == {slug}
    expected = {i["id"] for i in all_issues(sentry_sandbox) if i["project"]["slug"] == slug}
    assert set(run.ids("issues")) == expected
    assert {p["slug"] for r in run.records["releases"] for p in r["projects"]} == {slug}
    assert {r["project_slug"] for r in run.records["project_teams"]} == {slug}


def test_event_cap_is_deterministic(sentry_sandbox):
    config = tap_config(sentry_sandbox, max_events_per_issue=3, event_sampling="sample")
    first = run_tap(config, streams=["issue_events"])
    second = run_tap(config, streams=["issue_events"])
    assert first.returncode == 0, first.stderr[-3000:]
    per_issue: dict[str, int] = {}
    for record in first.records["issue_events"]:
        per_issue[record["issue_id"]] = per_issue.get(record["issue_id"], 0) + 1
    assert max(per_issue.values()) == 3
    assert first.ids("issue_events") == second.ids("issue_events")
    path = "/api/0/organizations/acme/issues/{}/events/"
    issue_id = next(i for i, n in per_issue.items() if n == 3)
    sample = served(sentry_sandbox, path.format(issue_id), sample="true")
    assert [r["id"] for r in first.records["issue_events"] if r["issue_id"] == issue_id] == [
        e["id"] for e in sample[:3]
    ]


def test_releases_are_keyed_by_organization_and_version(sentry_full_run: TapRun):
    # A version string is unique only within an organisation.
    assert sentry_full_run.schemas["releases"]["key_properties"] == ["organization", "version"]
    assert all(r["organization"] == "acme" for r in sentry_full_run.records["releases"])


def test_children_are_synced_without_per_issue_overhead(sentry_full_run: TapRun):
    # One SDK sync (schema, signpost, metrics) per child stream, not one per issue.
    issues = len(sentry_full_run.records["issues"])
    assert issues > 100
    for stream in ("issue_events", "issue_activity", "release_deploys"):
        assert sentry_full_run.stderr.count(f"Beginning sync of '{stream}'") == 1, stream
    assert sentry_full_run.stderr.count('"metric_type": "counter"') < 50
