"""tap-sentry against Sentry's own published contract (`contracts/sentry.json`).

The authority here is Sentry's OpenAPI document, not the sandbox: every field it documents
for the operation a stream reads is declared or explained in the README; one sync of every
stream, with every real-API quirk on, sends only what the document defines, is answered
only with what it documents (or a declared deviation) and emits exactly what was served.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.contracts import (
    HERE,
    Gap,
    load_contract,
    readme_exclusions,
    schema_gaps,
)
from reliability_sandbox.faults import QUIRKS
from reliability_sandbox.vendors.sentry import UNKNOWN_FIELDS
from reliability_tap_runtime.errors import VanishedChildError
from reliability_tap_runtime.inventory import INVENTORY_SYNCS
from sentry_harness import ANCHOR, STREAMS, run_tap, tap_config
from singer_sdk.streams.rest import PageContext
from tap_sentry import schemas
from tap_sentry.tap import TapSentry

README = Path(__file__).resolve().parents[1] / "README.md"
ORG = "/api/0/organizations/{organization_id_or_slug}"
LIST_EVENTS = f"{ORG}/issues/{{issue_id}}/events/"
EVENT_DETAILS = f"{ORG}/issues/{{issue_id}}/events/{{event_id}}/"
MISSING = "documented by the vendor, not declared by the stream"
#: Sentry's 404 body (`{"detail": ...}`), named in the warning of a vanished child.
NOT_FOUND = "The requested resource does not exist"
#: The operation (and its item) each stream reads.
READS: dict[str, tuple[str, Any]] = {
    "organizations": (f"{ORG}/", schemas.ORGANIZATION),
    "projects": (f"{ORG}/projects/", schemas.PROJECT),
    "teams": (f"{ORG}/teams/", schemas.TEAM),
    "issues": (f"{ORG}/issues/", schemas.ISSUE),
    "issue_events": (LIST_EVENTS, schemas.EVENT),
    "releases": (f"{ORG}/releases/", schemas.RELEASE),
    "release_deploys": (f"{ORG}/releases/{{version}}/deploys/", schemas.DEPLOY),
}
#: What the tap adds to the records it emits (the parent's key, the organisation).
ADDED = {
    "organizations": {"organization"},
    "projects": {"organization"},
    "teams": {"organization"},
    "issues": {"organization"},
    "issue_events": {"organization", "issue_id"},
    "issue_activity": {"organization", "issue_id"},
    "releases": {"organization"},
    "release_deploys": {"organization", "release_version"},
}
PRIMARY_KEYS = {
    "organizations": ("id",),
    "projects": ("id",),
    "teams": ("id",),
    "issues": ("id",),
    "issue_events": ("id",),
    "issue_activity": ("id",),
    "releases": ("version",),
    "release_deploys": ("id",),
}


def _contract_gaps() -> dict[str, list[Gap]]:
    """Per stream, what the vendor documents that the stream lacks or types otherwise."""
    contract = load_contract("sentry")
    gaps: dict[str, list[Gap]] = {}
    for stream, (path, schema) in READS.items():
        item = contract.item_schema("GET", path)
        gaps[stream] = schema_gaps(schema.to_dict(), item, contract.defs)
    # With `full_events` the events list sends the full event body, which the list's own
    # schema does not describe: Sentry's event-details document does.
    full = contract.item_schema("GET", EVENT_DETAILS)
    known = {g.path for g in gaps["issue_events"]}
    gaps["issue_events"] += [
        g for g in schema_gaps(schemas.EVENT.to_dict(), full, contract.defs) if g.path not in known
    ]
    # The activity entries of the issue details (the document leaves them free-form).
    detail = contract.item_schema("GET", f"{ORG}/issues/{{issue_id}}/")
    activity = (detail["properties"]["activity"].get("items")) or {}
    gaps["issue_activity"] = schema_gaps(schemas.ACTIVITY.to_dict(), activity, contract.defs)
    # project_teams renames the `teams` each project record embeds (team_id, ...).
    project = contract.item_schema("GET", f"{ORG}/projects/")
    team = project["properties"]["teams"]["items"]
    mine = schemas.PROJECT_TEAM.to_dict()["properties"]
    renamed = {
        "type": "object",
        "properties": {k.removeprefix("team_"): v for k, v in mine.items() if k != "team_id"}
        | {"id": mine["team_id"]},
    }
    gaps["project_teams"] = schema_gaps(renamed, team, contract.defs)
    return gaps


def _readme_tables() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    text = README.read_text(encoding="utf-8")
    missing = readme_exclusions(text)
    retyped = readme_exclusions(text, heading="Fields the tap emits with another type")
    return missing, retyped


# --- a) schema completeness ------------------------------------------------------------


@pytest.mark.parametrize("stream", STREAMS)
def test_every_documented_field_is_declared_or_explained(stream):
    gaps = _contract_gaps()[stream]
    missing, retyped = _readme_tables()
    unexplained = [
        str(g)
        for g in gaps
        if (stream, g.path) not in (missing if g.problem == MISSING else retyped)
    ]
    assert not unexplained, f"{stream}: declare these or explain them in the README"


def test_the_readme_explains_only_real_gaps():
    # No stale excuses: each row names a field Sentry documents for the stream's
    # operation that the stream does not declare (first table) or types otherwise
    # (second table).
    gaps = _contract_gaps()
    missing, retyped = _readme_tables()
    assert missing, "the README table of fields not emitted is missing"
    for (stream, field), why in missing.items():
        found = {g.path for g in gaps.get(stream, []) if g.problem == MISSING}
        assert field in found, f"stale README row: {stream} {field} ({why})"
    for (stream, field), why in retyped.items():
        found = {g.path for g in gaps.get(stream, []) if g.problem != MISSING}
        assert field in found, f"stale README row: {stream} {field} ({why})"


def test_new_fields_admit_null_and_any_value():
    # Unknown enum values and nulls must pass: no stream property is enum-restricted,
    # every one but the primary keys admits null.
    for stream in TapSentry(config=_config(), validate_config=False).streams.values():
        for name, prop in stream.schema["properties"].items():
            assert "enum" not in prop, f"{stream.name}.{name}"
            kinds = prop.get("type")
            if name not in stream.primary_keys:
                assert "null" in (kinds if isinstance(kinds, list) else [kinds]), name


# --- b) one sync of every stream, every quirk on ----------------------------------------


@pytest.fixture(scope="module")
def quirky():
    """A contract-checking sandbox with every quirk of the real API, and one full sync."""
    faults = {"quirks": sorted(QUIRKS)}
    world = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(world, check_contracts=True, faults=faults) as sb:
        run = run_tap(tap_config(sb, page_size=25))
        truth = sb.vendor("sentry").truth(QUIRKS)
        gone_issues, gone_releases = sb.vendor("sentry").api.vanished(QUIRKS.keys())
        yield sb, run, truth, (gone_issues, gone_releases)


def test_every_stream_syncs_with_every_quirk_and_exits_0(quirky):
    _sb, run, _truth, _gone = quirky
    assert run.returncode == 0, run.stderr[-3000:]
    # inventory_syncs is the runtime's completion marker (projects, teams), not a Sentry resource.
    assert set(run.records) == set(STREAMS) | {INVENTORY_SYNCS}


def test_no_request_or_answer_departs_from_the_contract(quirky):
    sb, _run, _truth, _gone = quirky
    report = sb.contract_report()
    assert report["violations"] == []
    called = _called_operations()
    ok = {k.rsplit(" ", 1)[0] for k in report["exercised"] if k.rsplit(" ", 1)[1][0] == "2"}
    assert {f"sentry GET {path}" for path in called} <= ok
    # The quirks were really exercised: vanished children answered 404.
    assert report["exercised"][f"sentry GET {LIST_EVENTS} 404"] == 2
    assert report["exercised"][f"sentry GET {ORG}/issues/{{issue_id}}/ 404"] == 2
    assert report["exercised"][f"sentry GET {ORG}/releases/{{version}}/deploys/ 404"] == 1


def test_records_equal_what_the_sandbox_served_key_by_key(quirky):
    _sb, run, truth, _gone = quirky
    served = {
        "organizations": truth["organizations"],
        "projects": truth["projects"],
        "teams": truth["teams"],
        "issues": truth["issues"],
        "issue_events": [e for events in truth["issue_events"].values() for e in events],
        "issue_activity": [a for acts in truth["issue_activity"].values() for a in acts],
        "releases": truth["releases"],
        "release_deploys": [d for ds in truth["release_deploys"].values() for d in ds],
    }
    for stream, rows in served.items():
        keys = PRIMARY_KEYS[stream]
        declared = set(run.schemas[stream]["schema"]["properties"])
        records = run.records[stream]
        got = {tuple(r[k] for k in keys): r for r in records}
        assert len(got) == len(records), f"{stream}: a record was emitted twice"
        want = {tuple(r[k] for k in keys): r for r in rows}
        assert set(got) == set(want), stream
        for key, source in want.items():
            record = got[key]
            for name, value in source.items():
                if name in declared:
                    assert record[name] == value, (stream, key, name)
                else:
                    # Only what the document does not list yet is dropped (with the
                    # SDK's "not found in catalog schema" warning).
                    assert name in UNKNOWN_FIELDS.values(), (stream, name)
                    assert name not in record
            assert set(record) - set(source) <= ADDED[stream], (stream, key)
    links = {(r["project_slug"], r["team_id"]) for r in run.records["project_teams"]}
    assert links == {(p, t["id"]) for p, teams in truth["project_teams"].items() for t in teams}


def test_vanished_children_are_skipped_once_each_and_summed_up(quirky):
    _sb, run, _truth, (gone_issues, gone_releases) = quirky
    stderr = run.stderr
    for issue_id in gone_issues:
        assert issue_id in {int(r["id"]) for r in run.records["issues"]}  # the parent stays
        for stream in ("issue_events", "issue_activity"):
            line = (
                f"{stream}: skipped issue {issue_id} (HTTP 404 {NOT_FOUND}): it was deleted "
                "between listing and reading; the issue record is kept (an issue merged "
                "into another answers 404 too)"
            )
            assert stderr.count(line) == 1, line
    for version in gone_releases:
        assert version in {r["version"] for r in run.records["releases"]}
        line = f"release_deploys: skipped release {version} (HTTP 404 {NOT_FOUND})"
        assert stderr.count(line) == 1
    summary = re.findall(r"Run summary: .*", stderr)
    assert summary == [
        (
            "Run summary: skipped 5 child resources that vanished "
            "(issue_activity: 2, issue_events: 2, release_deploys: 1); everything else was read."
        )
    ]


def test_short_unsorted_pages_lose_nothing_and_repeat_nothing(quirky):
    sb, run, truth, _gone = quirky
    # Pages came shorter than the 25 asked and out of order, a row repeated on the next.
    by_path = sb.stats()["by_path"]
    assert by_path["/sentry/api/0/organizations/acme/releases/"] > -(-len(truth["releases"]) // 25)
    for stream in ("issues", "issue_events", "releases", "release_deploys", "projects"):
        keys = [tuple(r[k] for k in PRIMARY_KEYS[stream]) for r in run.records[stream]]
        assert len(keys) == len(set(keys)), stream
    # Issues are emitted in the tap's own (lastSeen, id) order within each window.
    last_seen = [r["lastSeen"] for r in run.records["issues"]]
    assert last_seen == sorted(last_seen)


def test_unknown_fields_and_values_and_nulls_pass_through(quirky):
    _sb, run, _truth, _gone = quirky
    issues = run.records["issues"]
    assert "critical" in {r["priority"] for r in issues}
    assert "needs_triage" in {r["substatus"] for r in issues}
    assert None in {r["sessionCount"] for r in issues}
    assert any(r["inbox"] is None for r in issues if r["status"] == "resolved")
    assert None in {r["commitCount"] for r in run.records["releases"]}
    warned = Counter(re.findall(r"Properties \('(\w+)',\) were present", run.stderr))
    assert set(warned) == set(UNKNOWN_FIELDS.values())
    assert set(warned.values()) == {1}, "one warning per unknown field, not per record"


# --- c) regressions of the bugs issue 12 names ---------------------------------------


def _config(**overrides: Any) -> dict[str, Any]:
    return {
        "auth_token": "t",
        "organization": "acme",
        "base_url": "http://127.0.0.1:9",
        **overrides,
    }


def _params(stream_name: str, context: dict[str, Any]) -> dict[str, Any]:
    tap = TapSentry(config=_config(), validate_config=False)
    stream = tap.streams[stream_name]
    page = PageContext(stream_context=context, next_page_token=None)
    request = stream.get_http_request(page=page)
    return dict(request.params or {})


def test_no_empty_named_or_undocumented_page_size_parameter():
    # Issue 12: `?detailed=0&=100` on the organisation and issue-details requests.
    assert _params("organizations", {"organization": "acme"}) == {"detailed": "0"}
    activity = _params("issue_activity", {"organization": "acme", "issue_id": "1"})
    assert activity == {"collapse": ["stats", "tags", "release"]}
    # `per_page` is not a parameter of the deploys list (and Sentry's docs document it
    # nowhere else): Sentry's default page size applies.
    deploys = _params("release_deploys", {"organization": "acme", "version": "a@1"})
    assert deploys == {}
    events = _params(
        "issue_events",
        {"organization": "acme", "issue_id": "1", "events_since": "x", "events_until": "y"},
    )
    assert events == {"start": "x", "end": "y", "per_page": 100}


def test_issue_and_project_fields_of_the_document_arrive(quirky):
    # Issue 12: 14 issue list fields and 12 project `has*` flags were dropped.
    _sb, run, _truth, _gone = quirky
    issue = run.records["issues"][0]
    for name in (
        "seerFixabilityScore",
        "seerAutofixLastTriggered",
        "seerExplorerAutofixLastTriggered",
        "derivedData",
        "inbox",
        "owners",
        "integrationIssues",
        "sentryAppIssues",
        "latestEventHasAttachments",
        "sessionCount",
        "matchingEventId",
        "matchingEventEnvironment",
        "stats",
        "lifetime",
    ):
        assert name in issue, name
    project = run.records["projects"][0]
    assert project["hasInsightsDb"] is False
    assert sum(1 for k in project if k.startswith("hasInsights")) == 10


def test_full_events_are_declared_and_match_the_event_details_document():
    # Issue 12: 17 event fields dropped with `full_events` on. The full body is the
    # event-details document's, less what only that endpoint adds.
    contract = load_contract("sentry")
    details = contract.operation("GET", EVENT_DETAILS)
    detail_only = {
        "release",
        "userReport",
        "sdkUpdates",
        "resolvedWith",
        "nextEventID",
        "previousEventID",
    }
    schema = details.response_schema(200) or {}
    schema = {**schema, "required": sorted(set(schema["required"]) - detail_only)}
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), check_contracts=True) as sb:
        run = run_tap(tap_config(sb, full_events=True), streams=["issues", "issue_events"])
        report = sb.contract_report()
        assert run.returncode == 0, run.stderr[-3000:]
        assert "not found in catalog schema" not in run.stderr
        assert report["violations"] == []
        api = sb.vendor("sentry").api  # derived facts only: the sync is over
        st = api.issue_states()[0]
        body = api.event(st, api.events(st)[0], full=True)
    import jsonschema  # noqa: PLC0415

    jsonschema.Draft202012Validator(schema).validate(body)
    events = run.records["issue_events"]
    assert events
    declared = set(run.schemas["issue_events"]["schema"]["properties"])
    assert set(body) <= declared
    for event in events:
        assert event["entries"]
        assert event["sdk"]["name"].startswith("sentry.")
        # One column name for the event type, whatever `full_events` says.
        assert event["event.type"] == event["type"] == "error"


def test_vanished_children_counter_says_what_and_how_many(caplog):
    tap = TapSentry(config=_config(), validate_config=False)
    deploys = tap.streams["release_deploys"]
    with caplog.at_level(logging.WARNING):
        tap.after_sync()
        assert caplog.messages == []
        what = deploys.describe_child({"organization": "acme", "version": "a@1"})
        deploys.skip_vanished(what, VanishedChildError(404, NOT_FOUND))
        tap.after_sync()
    assert caplog.messages == [
        (
            f"release_deploys: skipped release a@1 (HTTP 404 {NOT_FOUND}): it was deleted "
            "between listing and reading; the release record is kept"
        ),
        (
            "Run summary: skipped 1 child resource that vanished (release_deploys: 1); "
            "everything else was read."
        ),
    ]


def _called_operations() -> list[str]:
    """Operation paths of `sentry.operations` the tap calls (not the schema-only ones)."""
    out: list[str] = []
    lines = (HERE / "sentry.operations").read_text().splitlines()
    schema_only = False
    for line in lines:
        code, _, comment = line.partition("#")
        if not code.strip():
            schema_only = schema_only or "schema only" in comment
            continue
        if not schema_only and "schema only" not in comment:
            out.append(code.split()[1])
        schema_only = False
    return out
