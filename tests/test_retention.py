"""Retention end to end (docs/retention.md): purge raw rows past their age, the monthly marts
keep their months, and the retention test fails on a row kept too long.

PagerDuty only (its marts read nothing else), in a database of this module's own beside the
suite's, from a sandbox of its own: the world ends at ANCHOR (2026-06-01), so every dbt call
passes its own `retention_as_of` — the machine's clock would age the whole world out.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from reliability_sandbox import OrgConfig, Sandbox

pytestmark = pytest.mark.e2e

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)  # the suite's world (tests/conftest.py)
AS_OF = ANCHOR.strftime("%Y-%m-%dT%H:%M:%SZ")
#: A 30-day policy for PagerDuty (its 400-day incident override left out on purpose):
#: everything before 2026-05-02 goes.
POLICY = {"default": 90, "pagerduty": 30}
CUTOFF = ANCHOR - timedelta(days=30)
MART = "reliability.oncall_service_noise_monthly"
#: Every mart that keeps history and reads PagerDuty only: the purge waits for them all.
SELECT = "+oncall_service_noise_monthly +oncall_responder_weekly +oncall_load_monthly"
#: Only the tests whose every parent is built (no relationships to marts left out).
CAUTIOUS = ("--indirect-selection", "cautious")


def _vars(**extra: object) -> str:
    return json.dumps({"retention_as_of": AS_OF, "raw_retention_days": POLICY, **extra})


@pytest.fixture(scope="module")
def world(private_project):
    """A private sandbox and database (tests/conftest.py), loaded once with PagerDuty."""
    project, db = private_project
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sandbox:
        env = {
            **project.env,
            "TAP_PAGERDUTY_API_URL": sandbox.vendor("pagerduty").url,
            "TAP_PAGERDUTY_TOKEN": sandbox.vendor("pagerduty").credentials["token"],
        }
        mine = replace(project, env=env)
        mine.meltano("run", "tap-pagerduty", "target-postgres")
        yield mine, db, sandbox.vendor("pagerduty").truth()


def _dbt(project, *args: str, check: bool = True):
    return project.meltano("invoke", "dbt-postgres", *args, check=check)


def _retention_check(project, *, check: bool = True):
    """The retention tests of PagerDuty's raw tables, enforced (as after a purge)."""
    selection = ("--select", "tag:retention,source:pagerduty")
    return _dbt(project, "test", *selection, "--vars", _vars(retention_enforced=True), check=check)


def _monthly(db) -> dict[str, tuple]:
    rows = db.query(
        f"select triggered_month, service_id, incidents, pages, escalated_incidents from {MART}"
    )
    return {f"{r[0]}|{r[1]}": r[2:] for r in rows}


def test_purge_deletes_old_raw_rows_and_the_monthly_mart_keeps_its_months(world):
    project, db, truth = world
    before_purge = _dbt(project, "build", "--select", SELECT, *CAUTIOUS, "--vars", _vars())
    assert "ERROR=0" in before_purge.stdout.replace(" ", "")
    months = _monthly(db)

    # What the purge must delete, from what the sandbox served (not from the macro).
    def created(row: dict) -> datetime:
        return datetime.fromisoformat(row["created_at"])

    old_incidents = sum(1 for i in truth["incidents"] if created(i) < CUTOFF)
    old_entries = sum(1 for e in truth["log_entries"] if created(e) < CUTOFF)
    assert 0 < old_incidents < len(truth["incidents"])
    assert old_entries > 0

    purge = _dbt(project, "run-operation", "purge_raw_data", "--vars", _vars())
    assert "rows deleted in all" in purge.stdout
    cutoff = CUTOFF.strftime("%Y-%m-%d %H:%M:%S")
    for table in ("incidents", "log_entries", "incident_analytics"):
        left = db.scalar(
            f"select count(*) from raw_pagerduty.{table} where created_at < '{cutoff}'"
        )
        assert left == 0, table
    assert db.scalar("select count(*) from raw_pagerduty.incidents") == (
        len(truth["incidents"]) - old_incidents
    )
    # The incremental copy of the log entries lost the same rows; the log says what went.
    assert (
        db.scalar(
            f"select count(*) from staging.stg_pagerduty__log_entries where created_at < '{cutoff}'"
        )
        == 0
    )
    logged = dict(
        db.query(
            "select relation_name, rows_deleted from retention.retention_purges "
            "where dataset = 'pagerduty.incidents'"
        )
    )
    assert list(logged.values()) == [old_incidents]
    # Inventory is never aged.
    assert db.scalar("select count(*) from raw_pagerduty.services") == len(truth["services"])

    # A later build, even one asked to rebuild everything, keeps the months whose raw rows
    # are gone exactly as they were; the months after the cutoff's month are recomputed.
    rebuilt = _dbt(
        project, "build", "--full-refresh", "--select", SELECT, *CAUTIOUS, "--vars", _vars()
    )
    assert "ERROR=0" in rebuilt.stdout.replace(" ", "")
    after = _monthly(db)
    horizon = "2026-06-01"
    kept = {k: v for k, v in months.items() if k.split("|")[0] < horizon}
    assert kept
    assert {k: v for k, v in after.items() if k.split("|")[0] < horizon} == kept
    # Those months count incidents that are no longer in raw.
    assert sum(v[0] for v in after.values()) == sum(v[0] for v in months.values())
    assert db.scalar("select count(*) from staging.stg_pagerduty__incidents") < len(
        truth["incidents"]
    )

    # After the purge, the retention check passes where it is enforced.
    check = _retention_check(project)
    assert "ERROR=0" in check.stdout.replace(" ", "")


def test_a_row_kept_past_retention_fails_the_retention_check(world):
    project, db, _ = world
    # A row loaded later with an old event time (a backfill after the purge).
    db.execute(
        "update raw_pagerduty.log_entries set created_at = '2026-01-01 00:00:00' "
        "where id = (select min(id) from raw_pagerduty.log_entries)"
    )
    enforced = _retention_check(project, check=False)
    assert enforced.returncode != 0
    assert "source_within_retention_pagerduty_log_entries_created_at" in enforced.stdout
    # Only that row fails.
    assert "ERROR=1" in enforced.stdout.replace(" ", "")
    # An ordinary build leaves the check out (the purge comes after the build).
    ordinary = _dbt(project, "ls", "--select", "tag:retention", "--resource-type", "test")
    assert "within_retention" not in ordinary.stdout


def test_the_purge_refuses_to_run_before_the_marts_are_built(world, warehouse):
    project, _, _ = world
    name = f"retention_empty_{uuid.uuid4().hex[:8]}"
    admin = replace(warehouse, database="postgres")
    with psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    try:
        empty = replace(project, env={**project.env, "DBT_POSTGRES_DBNAME": name})
        refused = _dbt(empty, "run-operation", "purge_raw_data", "--vars", _vars(), check=False)
        assert refused.returncode != 0
        assert "not built yet; run `dbt build` first" in refused.stdout + refused.stderr
    finally:
        with psycopg.connect(admin.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}"')


def test_a_malformed_as_of_is_refused_with_what_to_give(world):
    project, _, _ = world
    refused = _dbt(
        project,
        "run-operation",
        "purge_raw_data",
        "--vars",
        json.dumps({"retention_as_of": "yesterday"}),
        check=False,
    )
    assert refused.returncode != 0
    assert "retention_as_of must be an ISO-8601 date or time" in refused.stdout + refused.stderr
