"""PagerDuty's own contract, and the live API's behaviour that a tidy account never shows.

The authority here is PagerDuty's published OpenAPI document (the sandbox's
`contracts/pagerduty.json`), not the sandbox: stream schemas are compared with it, and a
full sync runs against a sandbox that checks every request and response against it, with
every real-API rule (`reliability_sandbox.faults.QUIRKS`) switched on.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
import requests
from pagerduty_harness import (
    ANCHOR,
    run_tap,
    served,
    served_analytics,
    served_windowed,
    tap_config,
)
from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.contracts import HERE, load_contract, readme_exclusions, schema_gaps
from reliability_sandbox.faults import QUIRKS
from reliability_tap_runtime.inventory import INVENTORY_SYNCS
from tap_pagerduty.client import PagerDutyPaginator
from tap_pagerduty.tap import TapPagerDuty
from tap_pagerduty.windows import Window, WindowedFetcher

README = Path(__file__).parents[1] / "README.md"
ALL_QUIRKS = sorted(QUIRKS)

#: The operation each stream reads: (method, path template, key of the listed items).
OPERATIONS: dict[str, tuple[str, str, str]] = {
    "services": ("GET", "/services", "services"),
    "teams": ("GET", "/teams", "teams"),
    "team_members": ("GET", "/teams/{id}/members", "members"),
    "users": ("GET", "/users", "users"),
    "user_contact_methods": ("GET", "/users/{id}/contact_methods", "contact_methods"),
    "escalation_policies": ("GET", "/escalation_policies", "escalation_policies"),
    "schedules": ("GET", "/schedules", "schedules"),
    "oncalls": ("GET", "/oncalls", "oncalls"),
    "priorities": ("GET", "/priorities", "priorities"),
    "incidents": ("GET", "/incidents", "incidents"),
    "log_entries": ("GET", "/log_entries", "log_entries"),
    "incident_analytics": ("POST", "/analytics/raw/incidents", "data"),
}
#: Called only when `/users?include[]=contact_methods` did not embed a user's contact
#: methods, which the API always does: exercised by its own test below, not by a sync.
FALLBACK_ONLY = {"GET /users/{id}/contact_methods"}
#: Query parameters the tap sends with every page of the inventory streams.
PARAMS: dict[str, dict[str, Any]] = {
    "services": {"time_zone": "UTC"},
    "users": {"include[]": "contact_methods"},
    "schedules": {"include[]": "schedule_layers"},
}
REFERENCE_KEYS = ("id", "type", "summary", "self", "html_url")


def _tap() -> TapPagerDuty:
    config = {"token": "t", "api_url": "http://127.0.0.1:9/pagerduty", "requests_per_minute": 0}
    return TapPagerDuty(config=config, parse_env_config=False)


# --- a) schema completeness ------------------------------------------------------------


def test_every_field_the_vendor_documents_is_declared_or_explained():
    tap = _tap()
    contract = load_contract("pagerduty")
    # inventory_syncs is the runtime's completion marker, not a PagerDuty resource.
    vendor_streams = set(tap.streams) - {INVENTORY_SYNCS}
    assert set(OPERATIONS) == vendor_streams, "a stream without its operation here"
    undeclared: set[tuple[str, str]] = set()
    incompatible: list[str] = []
    for stream, (method, path, collection) in OPERATIONS.items():
        vendor = contract.item_schema(method, path, collection)
        for gap in schema_gaps(tap.streams[stream].schema, vendor, contract.defs):
            if gap.problem.startswith("documented by the vendor"):
                undeclared.add((stream, gap.path))
            else:
                incompatible.append(f"{stream}.{gap}")
    assert incompatible == []
    explained = readme_exclusions(README.read_text(encoding="utf-8"))
    assert all(explained.values()), "a README row without a reason"
    unexplained = sorted(undeclared - explained.keys())
    assert unexplained == [], "documented, not declared, not in the README table"
    # A row for a field the document does not list, or one the stream declares, is stale.
    stale = sorted(explained.keys() - undeclared)
    assert stale == [], "README rows naming fields the vendor does not document or we emit"


def test_fields_are_nullable_and_not_enum_restricted():
    def walk(schema: dict[str, Any], path: str) -> list[str]:
        found = [f"{path}: enum"] if "enum" in schema else []
        for name, prop in (schema.get("properties") or {}).items():
            found += walk(prop, f"{path}.{name}")
        if isinstance(schema.get("items"), dict):
            found += walk(schema["items"], f"{path}[]")
        return found

    for name, stream in _tap().streams.items():
        assert walk(stream.schema, name) == []
        # Keys, and what the tap fills in itself (`team_id` from the parent), are required.
        required = set(stream.primary_keys or ()) | set(stream.schema.get("required") or ())
        for field, prop in stream.schema["properties"].items():
            types = prop.get("type")
            assert field in required or "null" in (types or []), f"{name}.{field} not nullable"


# --- b) a full sync against the contract, every real-API rule on -----------------------


@pytest.fixture(scope="module")
def quirky():
    """One sync of every stream against a contract-checking sandbox with every quirk on."""
    config = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(config, check_contracts=True, faults={"quirks": ALL_QUIRKS}) as sandbox:
        run = run_tap(tap_config(sandbox))
        report = sandbox.contract_report()
        yield sandbox, run, report


def test_every_stream_syncs_with_every_quirk_on(quirky):
    _, run, _ = quirky
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(run.records) == set(OPERATIONS) | {INVENTORY_SYNCS}


def test_no_request_or_response_breaks_the_contract(quirky):
    _, _, report = quirky
    assert report["violations"] == []


def test_every_listed_operation_is_exercised_with_success(quirky):
    _, _, report = quirky
    listed = {
        " ".join(line.split("#", 1)[0].split()[:2])
        for line in (HERE / "pagerduty.operations").read_text().splitlines()
        if line.split("#", 1)[0].strip()
    }
    ok = {
        key.split(" ", 1)[1].rsplit(" ", 1)[0]
        for key, count in report["exercised"].items()
        if count and key.rsplit(" ", 1)[1].startswith("2")
    }
    assert listed - FALLBACK_ONLY <= ok
    assert listed >= FALLBACK_ONLY


def test_the_vanished_team_is_reported_and_the_run_goes_on(quirky):
    sandbox, run, _ = quirky
    team_id = sandbox.vendor("pagerduty").api.team_id(
        sandbox.vendor("pagerduty").api.vanished_team()
    )
    warning = (
        f"team_members: skipped team {team_id} (HTTP 404 Not Found): it was deleted "
        "between listing and reading; the team record is kept"
    )
    assert run.stderr.count(warning) == 1
    assert "Run summary: skipped 1 child resource that vanished (team_members: 1)" in run.stderr
    assert team_id in run.ids("teams")
    assert team_id not in {r["team_id"] for r in run.records["team_members"]}


def _compare(stream: str, records: list[dict], truth: list[dict], schema: dict) -> None:
    """Records equal the served objects key by key, on every field the stream declares."""
    declared = set(schema["properties"])
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), f"{stream}: a record emitted twice"
    by_id = {o["id"]: o for o in truth}
    assert set(ids) == set(by_id), stream
    for record in records:
        assert set(record) <= declared, f"{stream}: undeclared {set(record) - declared}"
        source = by_id[record["id"]]
        for key in declared & (set(record) | set(source)):
            assert record.get(key) == source.get(key), f"{stream} {record['id']}.{key}"


def test_records_equal_what_was_served_key_by_key(quirky):
    sandbox, run, _ = quirky
    schemas = {name: message["schema"] for name, message in run.schemas.items()}
    for stream in ("services", "teams", "escalation_policies", "schedules", "priorities"):
        truth = served(sandbox, f"/{stream}", stream, **PARAMS.get(stream, {}))
        _compare(stream, run.records[stream], truth, schemas[stream])

    users = served(sandbox, "/users", "users", **PARAMS["users"])
    # The tap keeps the reference form in `users` and the full objects as their own stream.
    as_refs = [
        {
            **u,
            "contact_methods": [
                {k: m[k] for k in REFERENCE_KEYS if k in m} for m in u["contact_methods"]
            ],
        }
        for u in users
    ]
    _compare("users", run.records["users"], as_refs, schemas["users"])
    methods = [{**m, "user_id": u["id"]} for u in users for m in u["contact_methods"]]
    _compare(
        "user_contact_methods",
        run.records["user_contact_methods"],
        methods,
        schemas["user_contact_methods"],
    )

    vanished = sandbox.vendor("pagerduty").api.team_id(
        sandbox.vendor("pagerduty").api.vanished_team()
    )
    members = {
        (team["id"], m["user"]["id"]): {**m, "team_id": team["id"], "user_id": m["user"]["id"]}
        for team in served(sandbox, "/teams", "teams")
        if team["id"] != vanished
        for m in served(sandbox, f"/teams/{team['id']}/members", "members")
    }
    got = {(r["team_id"], r["user_id"]): r for r in run.records["team_members"]}
    assert got == members

    incidents = served_windowed(sandbox, "/incidents", "incidents", time_zone="UTC")
    _compare("incidents", run.records["incidents"], incidents, schemas["incidents"])
    # The fields PagerDuty sends and its document does not list were dropped, nothing else.
    dropped = {k for i in incidents for k in i} - set(schemas["incidents"]["properties"])
    assert dropped == {"basic_alert_grouping", "importance", "metadata", "external_references"}
    assert "were present in the 'incidents' stream but not found in catalog schema" in run.stderr

    entries = served_windowed(
        sandbox, "/log_entries", "log_entries", is_overview="false", time_zone="UTC"
    )
    _compare("log_entries", run.records["log_entries"], entries, schemas["log_entries"])
    types = {r["type"] for r in run.records["log_entries"]}
    assert {"acknowledge_log_entry", "responder_request_log_entry"} <= types

    analytics = served_analytics(sandbox)
    _compare(
        "incident_analytics",
        run.records["incident_analytics"],
        analytics,
        schemas["incident_analytics"],
    )


# --- c) the bugs the issue names ------------------------------------------------------


def test_a_404_for_one_teams_members_skips_that_team_only():
    """Issue 12: the tap died (exit 1) on a 404 for one team's member list."""
    with Sandbox(
        OrgConfig.preset("test", anchor=ANCHOR), faults={"quirks": ["vanished_children"]}
    ) as sandbox:
        run = run_tap(
            tap_config(sandbox),
            streams=["teams", "team_members", "priorities", "incidents"],
        )
        team_id = sandbox.vendor("pagerduty").api.team_id(
            sandbox.vendor("pagerduty").api.vanished_team()
        )
        expected = len(served(sandbox, "/priorities", "priorities"))
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"skipped team {team_id} (HTTP 404 Not Found)" in run.stderr
    assert "Run summary: skipped 1 child resource that vanished (team_members: 1)" in run.stderr
    assert team_id in run.ids("teams")
    # The streams after it still ran.
    assert len(run.records["priorities"]) == expected
    assert run.records["incidents"]


def test_pages_shorter_than_asked_lose_nothing():
    """Issue 12: offsets advanced by the page size asked; priorities 1 of 5 were read."""
    with Sandbox(
        OrgConfig.preset("test", anchor=ANCHOR), faults={"quirks": ["short_pages"]}
    ) as sandbox:
        streams = ["priorities", "users", "log_entries", "incidents", "incident_analytics"]
        run = run_tap(tap_config(sandbox), streams=streams)
        truth = sandbox.vendor("pagerduty").truth()
    assert run.returncode == 0, run.stderr[-3000:]
    assert len(run.ids("priorities")) == 5
    assert sorted(run.ids("priorities")) == sorted(p["id"] for p in truth["priorities"])
    assert sorted(run.ids("users")) == sorted(u["id"] for u in truth["users"])
    assert sorted(run.ids("incidents")) == sorted(i["id"] for i in truth["incidents"])
    assert sorted(run.ids("log_entries")) == sorted(e["id"] for e in truth["log_entries"])
    assert sorted(run.ids("incident_analytics")) == sorted(i["id"] for i in truth["incidents"])


def _page_response(body: dict[str, Any]) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = json.dumps(body).encode()
    response.url = "http://127.0.0.1:9/pagerduty/priorities"
    return response


def test_the_paginator_advances_by_the_records_served_not_the_limit_asked():
    paginator = PagerDutyPaginator(start_value=0, page_size=100, collection="priorities")
    body = {"priorities": [{"id": "A"}, {"id": "B"}], "limit": 2, "offset": 0, "more": True}
    paginator.advance(_page_response(body))
    assert paginator.current_value == 2
    assert not paginator.finished
    paginator.advance(_page_response({**body, "offset": 2, "more": False}))
    assert paginator.finished


class _Server:
    """A list of `n` records served `cap` at a time, one page shorter than the rest."""

    def __init__(self, n: int, cap: int, short_at: int) -> None:
        self.rows = [{"id": f"R{i:04}"} for i in range(n)]
        self.cap = cap
        self.short_at = short_at

    def fetch(self, _window: Window, offset: int, with_total: bool) -> dict[str, Any]:
        limit = self.cap - 1 if offset == self.short_at else self.cap
        page = self.rows[offset : offset + limit]
        return {
            "items": page,
            "limit": self.cap,
            "offset": offset,
            "more": offset + len(page) < len(self.rows),
            "total": len(self.rows) if with_total else None,
        }


@pytest.mark.parametrize("page_size", [7, 100])
def test_windows_step_by_what_the_server_served_and_fill_a_short_page(page_size):
    """The windowed fetch computed offsets from the page size asked, assuming full pages."""
    server = _Server(n=50, cap=7, short_at=14)
    fetcher = WindowedFetcher(
        server.fetch, collection="items", page_size=page_size, concurrency=4, cap=10_000
    )
    window = Window(ANCHOR, ANCHOR.replace(month=7))
    ((_, records),) = list(fetcher.windows([window]))
    assert {r["id"] for r in records} == {r["id"] for r in server.rows}


def test_a_deleted_users_contact_methods_are_skipped_when_read_per_user(caplog):
    """The per-user fallback (`/users/{id}/contact_methods`) skips a user deleted meanwhile."""
    config = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(config, check_contracts=True, faults={"quirks": ALL_QUIRKS}) as sandbox:
        api = sandbox.vendor("pagerduty").api
        tap = TapPagerDuty(config=tap_config(sandbox), parse_env_config=False)
        stream = tap.streams["user_contact_methods"]
        gone = api.user_id(api.vanished_user())
        kept = api.user_id(sandbox.org.users[0])
        with caplog.at_level(logging.WARNING):
            assert list(stream.get_records({"user_id": gone})) == []
            context = {"user_id": kept}
            records = [
                stream.post_process(r, context)
                for r in stream.get_records(context)
                if isinstance(r, dict)
            ]
        report = sandbox.contract_report()
        expected = [{**m, "user_id": kept} for m in api.contact_methods(sandbox.org.users[0])]
    assert records == expected
    assert (
        f"user_contact_methods: skipped user {gone} (HTTP 404 Not Found): it was deleted "
        "between listing and reading; the user record is kept"
    ) in caplog.text
    assert tap.http.skips.by_stream == {"user_contact_methods": 1}
    assert report["violations"] == []
    assert report["exercised"]["pagerduty GET /users/{id}/contact_methods 200"] == 1
