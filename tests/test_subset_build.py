"""A dbt build on one source's data: PagerDuty loaded, nothing else yet — a new user's first
state, not an error. And the frequent scheduled build (`dbt-postgres:build-changed`), which
builds only what new rows of a source reach.

The session's loaded world (tests/conftest.py) is copied, every other source's raw schema and
everything dbt built are dropped — a fresh warehouse that holds PagerDuty's raw data only — and
the models fed by PagerDuty alone are built, as `bench/faults.py --marts` does. The marts that
keep history read retention's purge log, which such a build does not select (it is upstream of
them, not downstream of the source): on a warehouse that never purged they recompute every
period. What they hold is checked against the world's full build, on the same data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

#: dbt's sources (transform/models/staging/*/_*__sources.yml) other than PagerDuty's.
OTHER_SOURCES = ("sentry", "datadog", "github", "postmortems", "survey")
#: PagerDuty-only marts, among them the ones that keep history (retention's purge log).
MARTS = (
    "reliability.oncall_responder_weekly",
    "reliability.oncall_load_monthly",
    "reliability.oncall_service_noise_monthly",
    "reliability.oncall_shift_load",
    "reliability.pagerduty_users",
)


@pytest.fixture(scope="module")
def pagerduty_only(world, tmp_path_factory):
    """A copy of the world with PagerDuty's raw data alone and nothing built."""
    world.loaded("tap-pagerduty")
    with world.copy(tmp_path_factory.mktemp("subset")) as copy:
        schemas = [
            name
            for (name,) in copy.db.query(
                "select nspname from pg_namespace where nspname not like 'pg\\_%' "
                "and nspname not in ('information_schema', 'public', 'raw_pagerduty')"
            )
        ]
        for name in schemas:
            copy.db.execute(f'drop schema "{name}" cascade')
        yield copy


def _rows(db, table: str) -> list[tuple]:
    return sorted(db.query(f"select * from {table}"), key=repr)


def test_a_build_of_pagerduty_alone_succeeds(world, pagerduty_only):
    proc = pagerduty_only.project.meltano(
        *("invoke", "dbt-postgres", "build", "--indirect-selection=cautious"),
        *("--select", "source:pagerduty+", "resource_type:seed"),
        *("--exclude", *(f"source:{name}+" for name in OTHER_SOURCES)),
        check=False,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]
    db = pagerduty_only.db
    assert not db.query(
        "select 1 from information_schema.tables where table_schema like 'raw\\_%' "
        "and table_schema <> 'raw_pagerduty'"
    )
    for table in MARTS:
        rows = _rows(db, table)
        assert rows, f"{table} is empty"
        assert rows == _rows(world.db, table), table


def _executed(project) -> dict[str, str]:
    """Node -> status of the last dbt invocation (run_results.json)."""
    target = Path(project.env["DBT_TARGET_PATH"])
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"]: r["status"] for r in results}


def test_the_frequent_build_builds_what_new_rows_of_one_source_reach(scheduled, tmp_path_factory):
    """On a copy of the built world: the first frequent build has no saved state and builds
    every node (conftest's `scheduled`); then one PagerDuty incident is loaded again with a
    new title (what the target does when the tap re-sends it). The next frequent build
    rebuilds the PagerDuty staging model and the cross-source incidents mart (the new title
    reaches it) and the alerting mart, and leaves a GitHub-only model alone; a state the
    warehouse did not record is not used."""
    first = scheduled.build
    assert "scheduled build: every node (no saved state" in first.stderr + first.stdout
    tmp = tmp_path_factory.mktemp("changed")
    with scheduled.copy(tmp / "copy") as copy:
        project = copy.project
        # The first build's results, copied with its target/.
        nodes = _executed(project)
        assert "model.reliability.stg_github__teams" in nodes
        assert not any(u.startswith("unit_test.") for u in nodes)
        assert (Path(project.env["DBT_SCHEDULED_STATE_DIR"]) / "sources.json").is_file()

        db = copy.db
        # An incident whose cross-source title is PagerDuty's (no postmortem names it).
        (incident,) = db.query(
            "select pagerduty_incident_id from reliability.incidents "
            "where postmortem_id is null and pagerduty_incident_id is not null "
            "order by 1 limit 1"
        )[0]
        db.execute(
            "update raw_pagerduty.incidents set title = 'Re-sent by the tap', "
            f"_sdc_batched_at = _sdc_batched_at + interval '1 hour' where id = '{incident}'"
        )
        second = project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        assert "scheduled build: state of build" in second.stderr + second.stdout
        nodes = _executed(project)
        assert set(nodes.values()) <= {"success", "pass", "warn", "no-op"}, nodes
        for reached in (
            "model.reliability.stg_pagerduty__incidents",
            "model.reliability.incidents",
            "model.reliability.alert_breaches",
        ):
            assert reached in nodes, reached
        assert "model.reliability.stg_github__teams" not in nodes
        assert "model.reliability.stg_sentry__issue_events" not in nodes
        assert any(u.startswith("test.") and "stg_pagerduty__incidents" in u for u in nodes)
        titles = db.query(
            "select incident_title from reliability.incidents "
            f"where pagerduty_incident_id = '{incident}'"
        )
        assert titles == [("Re-sent by the tap",)]

        # A state this warehouse did not record (e.g. the warehouse was re-created): not used.
        db.execute("delete from scheduling.scheduled_builds")
        third = project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        assert "is not of this warehouse's last scheduled build" in third.stderr + third.stdout
        assert "model.reliability.stg_github__teams" in _executed(project)


#: PagerDuty's tables its tap re-sends whole every sync (FULL_TABLE streams, `resent_whole` in
#: _pagerduty__sources.yml), each read by the staging model of the same name.
PAGERDUTY_INVENTORIES = (
    "services",
    "teams",
    "team_members",
    "users",
    "user_contact_methods",
    "escalation_policies",
    "schedules",
    "priorities",
)


def _content(db, table: str) -> list[tuple]:
    """The rows of `table` without Singer's load columns (but `_sdc_deleted_at`), sorted."""
    columns = [
        name
        for (name,) in db.query(
            "select column_name from information_schema.columns "
            f"where table_schema || '.' || table_name = '{table}' "
            "and (column_name not like '\\_sdc\\_%' or column_name = '_sdc_deleted_at') "
            "order by ordinal_position"
        )
    ]
    assert len(columns) > 1, table
    listed = ", ".join(f'"{name}"::text' for name in columns)
    return sorted(db.query(f"select {listed} from {table}"), key=repr)


def test_the_frequent_build_skips_re_sent_inventories_that_did_not_change(
    scheduled, tmp_path_factory
):
    """Every PagerDuty sync re-sends its inventories (services, users, teams, ...) whole, so
    their newest load moves whether or not a row changed. On a copy of the built world: the
    tap syncs again from a sandbox that did not move, and the frequent build leaves the
    inventories' staging models alone (their rows are what the raw tables held before the
    sync, column for column). Then one service comes back renamed (an update of the raw row,
    as the target's upsert of a re-sent row with a new name): its staging model and the
    service catalogue are rebuilt and hold the new name; the other inventories are still
    left alone. Then a complete users sync that did not read one user (what the tap records
    when a user was deleted at PagerDuty): the users' staging model is rebuilt and marks
    that user, and only that one, deleted."""
    tmp = tmp_path_factory.mktemp("resent")
    with scheduled.copy(tmp / "copy", own_sandbox=True) as copy:
        project, db = copy.project, copy.db
        assert (Path(project.env["DBT_SCHEDULED_STATE_DIR"]) / "fingerprints.json").is_file()

        raw = {table: _content(db, f"raw_pagerduty.{table}") for table in PAGERDUTY_INVENTORIES}
        newest = {
            table: db.scalar(f"select max(_sdc_batched_at) from raw_pagerduty.{table}")
            for table in PAGERDUTY_INVENTORIES
        }
        project.meltano("run", "tap-pagerduty", "target-postgres")
        for table in PAGERDUTY_INVENTORIES:
            # Re-sent whole: every row loaded again, nothing in them changed.
            assert (
                db.scalar(f"select min(_sdc_batched_at) from raw_pagerduty.{table}") > newest[table]
            ), table
            assert _content(db, f"raw_pagerduty.{table}") == raw[table], table
        if any(
            db.scalar(f"select max(_sdc_batched_at) from raw_pagerduty.{table}").date()
            != newest[table].date()
            for table in PAGERDUTY_INVENTORIES
        ):
            # The first run of a UTC day rebuilds every re-sent table (scheduled_build.py).
            pytest.skip("the sync crossed midnight UTC")
        second = project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        assert "scheduled build: state of build" in second.stderr + second.stdout
        nodes = _executed(project)
        assert set(nodes.values()) <= {"success", "pass", "warn", "no-op"}, nodes
        for table in PAGERDUTY_INVENTORIES:
            assert f"model.reliability.stg_pagerduty__{table}" not in nodes, table
        assert "model.reliability.alert_breaches" in nodes

        # A service re-sent with a new name; one the catalogue names it by.
        service = db.scalar(
            "select pagerduty_service_id from reliability.services "
            "where pagerduty_service_id is not null order by 1 limit 1"
        )
        db.execute(
            "update raw_pagerduty.services set name = 'Renamed at PagerDuty', "
            f"_sdc_batched_at = now() at time zone 'utc' where id = '{service}'"
        )
        project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        nodes = _executed(project)
        assert set(nodes.values()) <= {"success", "pass", "warn", "no-op"}, nodes
        assert "model.reliability.stg_pagerduty__services" in nodes
        assert "model.reliability.services" in nodes
        for table in set(PAGERDUTY_INVENTORIES) - {"services"}:
            assert f"model.reliability.stg_pagerduty__{table}" not in nodes, table
        assert db.query(
            "select service_name from staging.stg_pagerduty__services "
            f"where service_id = '{service}'"
        ) == [("Renamed at PagerDuty",)]
        assert db.query(
            "select service_name from reliability.services "
            f"where pagerduty_service_id = '{service}'"
        ) == [("Renamed at PagerDuty",)]

        # A complete users sync that read every user but one (ids from raw).
        users = [user for (user,) in db.query("select id from raw_pagerduty.users order by id")]
        gone = users[0]
        assert db.scalar("select count(*) from staging.stg_pagerduty__users where is_deleted") == 0
        # The sync started after the last one read every user (not "a minute ago": on a quiet
        # machine the last read can be less than a minute old), and read all of them but one.
        db.execute(
            "insert into raw_pagerduty.inventory_syncs "
            "(stream, sync_started_at, sync_completed_at, record_count, filters, _sdc_batched_at) "
            "select 'users', max(_sdc_extracted_at) + interval '1 second', "
            f"max(_sdc_extracted_at) + interval '3 seconds', {len(users) - 1}, '{{}}', "
            "now() at time zone 'utc' from raw_pagerduty.users"
        )
        db.execute(
            "update raw_pagerduty.users set _sdc_extracted_at = ("
            "select max(sync_started_at) from raw_pagerduty.inventory_syncs "
            "where stream = 'users') + interval '1 second', "
            "_sdc_batched_at = now() at time zone 'utc' "
            f"where id <> '{gone}'"
        )
        project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        nodes = _executed(project)
        assert set(nodes.values()) <= {"success", "pass", "warn", "no-op"}, nodes
        assert "model.reliability.stg_pagerduty__users" in nodes
        assert db.query("select user_id from staging.stg_pagerduty__users where is_deleted") == [
            (gone,)
        ]


#: Incremental models the test must find (transform/macros/incremental.sql): a guard on the
#: manifest reading below, which takes every incremental model the project has.
KNOWN_INCREMENTAL_MODELS = (
    "staging.stg_pagerduty__log_entries",
    "staging.stg_sentry__issue_events",
    "staging.stg_sentry__issue_activity",
    "staging.stg_sentry__issues",
    "staging.stg_datadog__monitor_events",
    "staging.stg_datadog__slo_history",
    "intermediate.int_datadog_slo_history_filled_to_days",
    "reliability.slo_error_budget_daily",
)


def _incremental_models(project) -> tuple[str, ...]:
    """Every incremental model of the project (`schema.table`, from the last invocation's
    manifest) but the marts that keep history, which `--full-refresh` never rebuilds."""
    target = Path(project.env["DBT_TARGET_PATH"])
    nodes = json.loads((target / "manifest.json").read_text())["nodes"].values()
    return tuple(
        sorted(
            f"{node['schema']}.{node['alias']}"
            for node in nodes
            if node["resource_type"] == "model"
            and node["config"]["materialized"] == "incremental"
            and node["config"].get("full_refresh") is not False
        )
    )


#: The sources whose loads are scheduled hourly (meltano/notifier.meltano.yml).
HOURLY_TAPS = ("tap-pagerduty", "tap-sentry", "tap-datadog")


def _rows_written(project) -> dict[str, int]:
    """Rows each model's last statement wrote in the last dbt invocation (run_results.json)."""
    target = Path(project.env["DBT_TARGET_PATH"])
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {
        r["unique_id"].rsplit(".", 1)[1]: int(r["adapter_response"].get("rows_affected", -1))
        for r in results
        if r["unique_id"].startswith("model.")
    }


def test_the_frequent_build_with_the_lookback_equals_a_full_rebuild(scheduled, tmp_path_factory):
    """The hourly sources sync new data and the frequent build runs with the default lookback
    (10 minutes before each model's newest load: the tail of the last load is read again).
    The rows of that tail that a model already holds are not written again: the Sentry events
    model writes exactly the raw rows loaded after its newest row. And every incremental model
    (each the manifest lists, but the marts that keep history) is row for row what a full
    rebuild of the same data gives."""
    tmp = tmp_path_factory.mktemp("lookback")
    with scheduled.copy(tmp / "copy", own_sandbox=True) as copy:
        project, db = copy.project, copy.db
        incremental_models = _incremental_models(project)
        assert set(KNOWN_INCREMENTAL_MODELS) <= set(incremental_models), incremental_models
        newest = db.scalar("select max(loaded_at) from staging.stg_sentry__issue_events")
        in_window = db.scalar(
            "select count(*) from raw_sentry.issue_events "
            f"where _sdc_batched_at > timestamp '{newest}' - interval '10 minutes'"
        )
        assert in_window > 0

        copy.sandbox.advance()
        for tap in HOURLY_TAPS:
            project.meltano("run", tap, "target-postgres")
        new_events = db.scalar(
            f"select count(*) from raw_sentry.issue_events where _sdc_batched_at > '{newest}'"
        )
        assert new_events > 0
        before = {m: db.scalar(f"select count(*) from {m}") for m in incremental_models}
        project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        written = _rows_written(project)
        assert written["stg_sentry__issue_events"] == new_events
        after = {m: db.scalar(f"select count(*) from {m}") for m in incremental_models}
        for model in incremental_models:
            assert after[model] >= before[model], model
            # A model no new row reached (GitHub's: not synced here) was not built.
            assert 0 <= written.get(model.split(".")[1], 0) < after[model], model

        db.execute("create schema incremental_check")
        for model in incremental_models:
            name = model.split(".")[1]
            db.execute(f"create table incremental_check.{name} as select * from {model}")
        project.meltano(
            *("invoke", "dbt-postgres", "build", "--full-refresh"),
            *("--select", "config.materialized:incremental"),
            # Not the marts that keep history: never rebuilt (docs/retention.md).
            *("--exclude", "config.full_refresh:false"),
            timeout=1200,
        )
        for model in incremental_models:
            name = model.split(".")[1]
            assert db.scalar(f"select count(*) from {model}") == after[model], model
            for left, right in (
                (model, f"incremental_check.{name}"),
                (f"incremental_check.{name}", model),
            ):
                missing = db.scalar(
                    f"select count(*) from (select * from {left} except all "
                    f"select * from {right}) as d"
                )
                assert missing == 0, f"{left} has {missing} rows {right} lacks"


#: Every load: each source's data tests read its raw tables.
LOADS = (
    "tap-pagerduty",
    "tap-sentry",
    "tap-datadog",
    "tap-github-reliability",
    "tap-postmortems",
    "tap-google-sheets",
)


def test_every_source_test_the_frequent_build_leaves_out_is_kept_by_postgres(world):
    """The frequent build leaves the sources' data tests to the daily build
    (transform/selectors.yml) because each is a `not_null` on a column Postgres already keeps
    not null: a column of the primary key target-postgres gives the raw table (its stream's
    key properties). Checked on the loaded world's raw tables, from the catalog."""
    for tap in LOADS:
        world.loaded(tap)
    manifest = json.loads(
        (Path(world.project.env["DBT_TARGET_PATH"]) / "manifest.json").read_text()
    )
    checked = 0
    for node in manifest["nodes"].values():
        parents = node["depends_on"]["nodes"] if node["resource_type"] == "test" else []
        if not any(parent.startswith("source.") for parent in parents):
            continue
        assert node["test_metadata"]["name"] == "not_null", node["unique_id"]
        (source,) = parents
        table = manifest["sources"][source]
        # A quoted column (the survey sheet's camel-case headers) is named with its quotes.
        column = node["column_name"].strip('"')
        kept = world.db.query(
            "select a.attnotnull, coalesce(a.attnum = any(i.indkey), false) "
            "from pg_attribute as a "
            "join pg_class as c on c.oid = a.attrelid "
            "join pg_namespace as n on n.oid = c.relnamespace "
            "left join pg_index as i on i.indrelid = c.oid and i.indisprimary "
            f"where n.nspname = '{table['schema']}' and c.relname = '{table['identifier']}' "
            f"and a.attname = '{column}'"
        )
        assert kept == [(True, True)], (node["unique_id"], kept)
        checked += 1
    assert checked > 30
