"""The frequent build leaves the service catalogue alone when an hour changes only the
inventories' volatile columns (a PagerDuty service's status and last incident, a Datadog
monitor's state), and what it publishes still equals a rebuild.

Every hourly sync re-sends PagerDuty's services and Datadog's monitors whole, and an hour of
incidents and monitor transitions changes a few of those rows in those columns alone (the
vendors' own fields: PagerDuty's service `status` and `last_incident_timestamp`, Datadog's
`overall_state` and `overall_state_modified`). Those columns are read by narrow staging models
through source entries of their own (`volatile_columns` in the sources yml), and left out of
the re-sent tables' content fingerprints (transform/scripts/scheduled_build.py), so the
catalogue's inputs do not move (docs/architecture.md, "The frequent build ignores re-sent
unchanged inventories").
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "transform" / "models"

#: The catalogue and the stable staging models under it: what an hour of incidents and monitor
#: transitions must not rebuild.
CATALOGUE = (
    "stg_pagerduty__services",
    "stg_datadog__monitors",
    "int_service_components_unioned",
    "service_components",
    "services",
)
#: What a rebuild of the catalogue's part of the project rebuilds: the staging models of both
#: tables, the catalogue and the compatibility views over them.
REBUILT = (
    *CATALOGUE,
    "stg_pagerduty__service_states",
    "stg_datadog__monitor_states",
    "pagerduty_services",
    "datadog_monitors",
)
#: Their relations, and the columns that stay behind within a UTC day by design (the load
#: time of the version staging keeps, and when a sync last read the row: docs/architecture.md).
RELATIONS = (
    "staging.stg_pagerduty__services",
    "staging.stg_datadog__monitors",
    "staging.stg_pagerduty__service_states",
    "staging.stg_datadog__monitor_states",
    "intermediate.int_service_components_unioned",
    "reliability.service_components",
    "reliability.services",
    "reliability.pagerduty_services",
    "reliability.datadog_monitors",
)
BEHIND_WITHIN_THE_DAY = ("loaded_at", "last_seen_at")
#: The suite's world ends here (tests/conftest.py).
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)


def _source_tables() -> list[tuple[str, dict]]:
    """Every table of the sources yml files: (source name, table entry)."""
    return [
        (source["name"], table)
        for path in sorted(MODELS.rglob("_*__sources.yml"))
        for source in yaml.safe_load(path.read_text()).get("sources", [])
        for table in source.get("tables", [])
    ]


def _meta(table: dict) -> dict:
    return {**(table.get("meta") or {}), **((table.get("config") or {}).get("meta") or {})}


def _without_comments(sql: str) -> str:
    sql = re.sub(r"\{#.*?#\}", " ", sql, flags=re.DOTALL)
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", " ", sql)


def _readers(source: str, table: str) -> dict[str, str]:
    """Model name -> SQL (comments left out) of the models that read `source(source, table)`."""
    call = re.compile(rf"source\(\s*['\"]{source}['\"]\s*,\s*['\"]{table}['\"]\s*\)")
    return {
        path.stem: _without_comments(path.read_text())
        for path in MODELS.rglob("*.sql")
        if call.search(path.read_text())
    }


def test_the_volatile_columns_of_a_re_sent_table_are_read_by_its_own_entry_only():
    """A column left out of a table's fingerprint must not reach what the fingerprint keeps
    from being rebuilt: no model reading that table entry names it, and another entry of the
    same raw table — checked for freshness and never fingerprinted, so its readers are rebuilt
    at every load — is read by a model that does. PagerDuty's services and Datadog's monitors
    name the columns their APIs change with every incident and transition."""
    tables = _source_tables()
    volatile = {
        (source, table["name"]): [str(column) for column in _meta(table)["volatile_columns"]]
        for source, table in tables
        if _meta(table).get("volatile_columns")
    }
    assert volatile.get(("pagerduty", "services"), []) >= ["status", "last_incident_timestamp"]
    assert {"overall_state", "overall_state_modified"} <= set(
        volatile.get(("datadog", "monitors"), [])
    )
    for (source, name), columns in volatile.items():
        entry = next(t for s, t in tables if (s, t["name"]) == (source, name))
        assert _meta(entry).get("resent_whole"), name
        readers = _readers(source, name)
        assert readers, name
        for model, sql in readers.items():
            named = [c for c in columns if re.search(rf"\b{re.escape(c)}\b", sql)]
            assert not named, (model, named)
        identifier = entry.get("identifier", name)
        siblings = [
            t
            for s, t in tables
            if s == source and t["name"] != name and t.get("identifier", t["name"]) == identifier
        ]
        assert len(siblings) == 1, name
        assert not _meta(siblings[0]).get("resent_whole"), name
        read = " ".join(_readers(source, siblings[0]["name"]).values())
        assert any(re.search(rf"\b{re.escape(c)}\b", read) for c in columns), name


def _executed(project) -> dict[str, str]:
    """Node -> status of the last dbt invocation (run_results.json)."""
    target = Path(project.env["DBT_TARGET_PATH"])
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"]: r["status"] for r in results}


def _rows(db, relation: str, leave_out: tuple[str, ...] = ()) -> list[tuple]:
    """The rows of `relation` (`schema.table`), every column but `leave_out`, as text, sorted."""
    schema, table = relation.split(".")
    columns = [
        name
        for (name,) in db.query(
            "select column_name from information_schema.columns "
            f"where table_schema = '{schema}' and table_name = '{table}' "
            "order by ordinal_position"
        )
        if name not in leave_out
    ]
    assert columns, relation
    listed = ", ".join(f'"{name}"::text' for name in columns)
    return sorted(db.query(f"select {listed} from {relation}"), key=repr)


def _volatile(db) -> list[tuple]:
    return db.query(
        "select 'service', id, status, last_incident_timestamp::text "
        "from raw_pagerduty.services union all "
        "select 'monitor', id::text, overall_state, overall_state_modified::text "
        "from raw_datadog.monitors order by 1, 2"
    )


def _stable(db) -> dict[str, list[tuple]]:
    """The raw services' and monitors' content but Singer's load columns and their volatile
    columns (what the fingerprints hash)."""
    out = {}
    for table, volatile in (
        ("raw_pagerduty.services", ("status", "last_incident_timestamp")),
        ("raw_datadog.monitors", ("overall_state", "overall_state_modified")),
    ):
        schema, name = table.split(".")
        columns = [
            c
            for (c,) in db.query(
                "select column_name from information_schema.columns "
                f"where table_schema = '{schema}' and table_name = '{name}' "
                "and (column_name not like '\\_sdc\\_%' or column_name = '_sdc_deleted_at')"
            )
            if c not in volatile
        ]
        out[table] = sorted(
            db.query(f"select {', '.join(f'{c}::text' for c in columns)} from {table}"), key=repr
        )
    return out


@pytest.mark.e2e
def test_an_hour_of_incidents_rebuilds_the_states_not_the_catalogue(scheduled, tmp_path_factory):
    """On a copy of the built world with a sandbox of its own, after a frequent build saved its
    state (conftest's `scheduled`): the sandbox moves on one hour (new incidents, services
    turning critical, monitors changing state) and PagerDuty and Datadog sync. The next frequent
    build rebuilds the services' and monitors' state models and the compatibility views that
    show them, and leaves the stable staging models and the catalogue alone; then rebuilding all
    of those from the raw tables changes no row (but the load times that stay behind within the
    day)."""
    tmp = tmp_path_factory.mktemp("catalogue")
    with scheduled.copy(tmp / "copy", own_sandbox=True) as copy:
        project, db = copy.project, copy.db
        volatile, stable = _volatile(db), _stable(db)
        newest = db.scalar("select max(_sdc_batched_at) from raw_pagerduty.services")
        copy.sandbox.advance(ANCHOR + timedelta(hours=1))
        for tap in ("tap-pagerduty", "tap-datadog"):
            project.meltano("run", tap, "target-postgres")
        # The hour changed some services' and monitors' states, and nothing else of them.
        after = _volatile(db)
        assert {row[0] for row in set(after) - set(volatile)} == {"service", "monitor"}
        assert _stable(db) == stable
        if db.scalar("select max(_sdc_batched_at) from raw_pagerduty.services").date() != (
            newest.date()
        ):
            # The first run of a UTC day rebuilds every re-sent table (scheduled_build.py).
            pytest.skip("the sync crossed midnight UTC")

        second = project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        assert "scheduled build: state of build" in second.stderr + second.stdout
        nodes = _executed(project)
        assert set(nodes.values()) <= {"success", "pass", "warn", "no-op"}, nodes
        for model in CATALOGUE:
            assert f"model.reliability.{model}" not in nodes, model
        for model in (
            "stg_pagerduty__service_states",
            "stg_datadog__monitor_states",
            "pagerduty_services",
            "datadog_monitors",
            "incidents",
        ):
            assert f"model.reliability.{model}" in nodes, model
        shown = db.query(
            "select 'service', service_id, service_status, last_incident_at::text "
            "from reliability.pagerduty_services union all "
            "select 'monitor', monitor_id::text, overall_state, overall_state_changed_at::text "
            "from reliability.datadog_monitors order by 1, 2"
        )
        frequent = {r: _rows(db, r, BEHIND_WITHIN_THE_DAY) for r in RELATIONS}

        project.meltano("invoke", "dbt-postgres", "run", "--select", *REBUILT, timeout=1200)
        assert {f"model.reliability.{m}" for m in REBUILT} == set(_executed(project))
        for relation in RELATIONS:
            assert _rows(db, relation, BEHIND_WITHIN_THE_DAY) == frequent[relation], relation
    # What the views showed after the frequent build is the raw tables' state after the hour.
    assert shown == after
