"""`columns_valid` (transform/tests/generic/columns_valid.sql): the model-level data test that
checks several columns of a model in one query, one dbt node, instead of one node per column
and check (docs/architecture.md, "Wider data tests").

A throw-away dbt project holds the project's generic test and small seeds, each with the bad
rows of one kind of check the test folds in (not_null, non_negative, accepted_values quoted and
unquoted), in a database of its own on the suite's Postgres. `dbt build --store-failures` then
must fail each of them, and its stored failures must name the check and the column and count
the rows; the seed with good rows (and nulls where a check lets them pass) must pass. What is
expected is read off the seeds written here, not from a run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
import yaml

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
DBT = ROOT / ".meltano" / "utilities" / "dbt-postgres" / "venv" / "bin" / "dbt"
GENERIC_TEST = ROOT / "transform" / "tests" / "generic" / "columns_valid.sql"

HEADER = "id,item_name,status,priority,minutes"
#: The checks every seed is tested with (the `arguments:` of a columns_valid in a model's yml).
CHECKS = {
    "not_null": ["item_name", "status"],
    "non_negative": ["minutes"],
    "accepted_values": {
        "status": ["open", "closed", "won't fix"],
        "priority": {"values": [1, 2, 3], "quote": False},
    },
}
#: Seed -> its rows, and what columns_valid must report: (check, column, failing rows).
CASES: dict[str, tuple[list[str], set[tuple[str, str, int]]]] = {
    # Nulls pass non_negative and accepted_values; a value with a quote is matched as written.
    "good_rows": (
        ["1,a,open,1,5", "2,b,closed,,0", "3,c,won't fix,3,"],
        set(),
    ),
    "null_name": (
        ["1,a,open,1,5", "2,,closed,2,1", "3,,open,2,1"],
        {("not_null", "item_name", 2)},
    ),
    "negative_minutes": (
        ["1,a,open,1,-1", "2,b,open,1,0"],
        {("non_negative", "minutes", 1)},
    ),
    "unknown_status": (
        ["1,a,pending,1,5", "2,b,open,1,5"],
        {("accepted_values", "status", 1)},
    ),
    "unknown_priority": (
        ["1,a,open,4,5", "2,b,open,7,5", "3,c,open,3,5"],
        {("accepted_values", "priority", 2)},
    ),
    # A null status fails not_null but not accepted_values; two checks fail at once.
    "two_checks": (
        ["1,a,,1,-3", "2,b,open,1,-4", "3,c,closed,2,1"],
        {("not_null", "status", 1), ("non_negative", "minutes", 2)},
    ),
}


def _project(tmp: Path, database: dict[str, str]) -> Path:
    project = tmp / "project"
    (project / "tests" / "generic").mkdir(parents=True)
    (project / "seeds").mkdir()
    shutil.copy(GENERIC_TEST, project / "tests" / "generic" / GENERIC_TEST.name)
    types = {"id": "integer", "priority": "integer", "minutes": "integer"}
    (project / "dbt_project.yml").write_text(
        yaml.safe_dump(
            {
                "name": "columns_valid_check",
                "version": "1.0.0",
                "config-version": 2,
                "profile": "columns_valid_check",
                "seed-paths": ["seeds"],
                "test-paths": ["tests"],
                "seeds": {"columns_valid_check": {"+column_types": types}},
                "flags": {"send_anonymous_usage_stats": False},
            }
        )
    )
    seeds = []
    for name, (rows, _) in CASES.items():
        (project / "seeds" / f"{name}.csv").write_text("\n".join([HEADER, *rows]) + "\n")
        test = {"name": f"{name}_checked", "arguments": CHECKS}
        seeds.append({"name": name, "data_tests": [{"columns_valid": test}]})
    # The same bad row with severity warn warns; filtered out by `where`, it passes.
    seeds[2]["data_tests"] += [
        {
            "columns_valid": {
                "name": "negative_minutes_warned",
                "arguments": {"non_negative": ["minutes"]},
                "config": {"severity": "warn"},
            }
        },
        {
            "columns_valid": {
                "name": "negative_minutes_filtered",
                "arguments": {"non_negative": ["minutes"]},
                "config": {"where": "minutes >= 0"},
            }
        },
    ]
    (project / "seeds" / "_seeds.yml").write_text(yaml.safe_dump({"version": 2, "seeds": seeds}))
    profile = {"type": "postgres", "threads": 4, "schema": "checked", **database}
    (project / "profiles.yml").write_text(
        yaml.safe_dump({"columns_valid_check": {"target": "test", "outputs": {"test": profile}}})
    )
    return project


@pytest.fixture(scope="module")
def built(warehouse, tmp_path_factory):
    """`dbt build --store-failures` of the throw-away project: (results by test, database)."""
    name = f"columns_valid_{uuid.uuid4().hex[:8]}"
    admin = replace(warehouse, database="postgres")
    with psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    database = replace(warehouse, database=name)
    try:
        tmp = tmp_path_factory.mktemp("columns_valid")
        project = _project(
            tmp,
            {
                "host": database.host,
                "port": database.port,
                "user": database.user,
                "password": database.password,
                "dbname": database.database,
            },
        )
        proc = subprocess.run(
            [DBT, "build", "--store-failures", "--project-dir", project],
            cwd=project,
            env={
                **os.environ,
                "DBT_PROFILES_DIR": str(project),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            },
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        run_results = project / "target" / "run_results.json"
        assert run_results.is_file(), proc.stdout[-4000:] + proc.stderr[-2000:]
        results = {
            r["unique_id"].split(".")[2]: r for r in json.loads(run_results.read_text())["results"]
        }
        yield results, database
    finally:
        with psycopg.connect(admin.url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def _stored_failures(database, test: str) -> set[tuple[str, str, int]]:
    with psycopg.connect(database.url) as conn:
        rows = conn.execute(
            f"select check_name, column_name, failing_rows from checked_dbt_test__audit.{test}"
        ).fetchall()
    return {(check, column, int(count)) for check, column, count in rows}


@pytest.mark.parametrize("seed", list(CASES))
def test_each_bad_row_fails_and_names_its_check_and_column(built, seed):
    results, database = built
    _, expected = CASES[seed]
    result = results[f"{seed}_checked"]
    if not expected:
        assert result["status"] == "pass", result["message"]
        return
    assert result["status"] == "fail", result["message"]
    # dbt's failure count is the number of failing rows, summed over the checks.
    assert result["failures"] == sum(count for _, _, count in expected)
    assert _stored_failures(database, f"{seed}_checked") == expected


def test_a_warn_severity_warns_and_a_where_config_filters(built):
    results, _ = built
    assert results["negative_minutes_warned"]["status"] == "warn"
    assert results["negative_minutes_warned"]["failures"] == 1
    assert results["negative_minutes_filtered"]["status"] == "pass"
