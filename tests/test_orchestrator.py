"""The Dagster definitions (orchestrate/dagster): they load, mirror Meltano, and run the demo.

The `dagster` Meltano utility is installed into its own virtualenv (`meltano install utility
dagster`; a few seconds with uv's cache) and everything Dagster runs there, in subprocesses:
the project's .venv never imports Dagster.

- Loading: every Meltano job is a Dagster job, every schedule of `meltano schedule list` a
  Dagster schedule with the same cron, in UTC, on the job of the same name.
- Running: PagerDuty's load (`meltano run tap-pagerduty target-postgres`) and every dbt
  asset it alone feeds (with the seeds), materialised by Dagster against the session's sandbox
  and a database of this module's own: every selected asset materialised, dbt's tests passed
  as asset checks. The whole `demo` job (six loads, the whole build, purge, report, notifier)
  takes ~4 minutes idle, too long for the suite: run it by hand (docs/orchestration.md).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".meltano" / "utilities" / "dagster" / "venv" / "bin"
MODULE = "reliability_orchestrate.definitions"

# Run in the utility's interpreter: what the definitions hold, as JSON.
DESCRIBE = """
import json
from reliability_orchestrate.definitions import defs
repo = defs.get_repository_def()
print(json.dumps({
    "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
    "schedules": sorted(
        [s.name, s.cron_schedule, s.execution_timezone, s.job_name]
        for s in repo.schedule_defs
    ),
    "assets": sorted(k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()),
    "demo": sorted(
        k.to_user_string() for k in defs.resolve_job_def("demo").asset_layer.executable_asset_keys
    ),
    "deps": {
        name: sorted(d.to_user_string() for d in repo.asset_graph.get(
            __import__("dagster").AssetKey(name)).parent_keys)
        for name in ("notifications", "reliability_report", "raw_retention")
    },
}))
"""

# PagerDuty's load and the dbt assets that need no other source (with the seeds), in process.
MATERIALISE_ONE_SOURCE = """
import json
import os
# A data test between a selected and an unselected model (a relationships test from a
# PagerDuty mart to a cross-source one) cannot pass on a subset: dbt's cautious indirect
# selection runs only the tests whose models are all selected.
os.environ["DBT_INDIRECT_SELECTION"] = "cautious"
from dagster import AssetSelection, DagsterEventType, DagsterInstance
from reliability_orchestrate.definitions import EL_ASSETS, defs, reliability_dbt
graph = defs.resolve_asset_graph()
mine = next(a for pair, a in EL_ASSETS.items() if pair[0] == "tap-pagerduty")
others = [a for pair, a in EL_ASSETS.items() if pair[0] != "tap-pagerduty"]
seeds = [k for k in reliability_dbt.keys if graph.get(k).parent_keys == set()]
selection = (
    AssetSelection.assets(mine).downstream()
    - AssetSelection.assets(*others).downstream()
    - AssetSelection.keys("raw_retention", "reliability_report", "notifications")
    | AssetSelection.keys(*seeds)
)
keys = selection.resolve(graph)
instance = DagsterInstance.get()
result = defs.get_implicit_global_asset_job_def().execute_in_process(
    asset_selection=list(keys), instance=instance, raise_on_error=False
)
checks = [e for e in result.all_events if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION]
print(json.dumps({
    "success": result.success,
    "failures": [str(e.message)[:2000] for e in result.all_events
                 if e.event_type == DagsterEventType.STEP_FAILURE],
    "selected": sorted(k.to_user_string() for k in keys),
    "materialised": sorted({
        e.event_specific_data.materialization.asset_key.to_user_string()
        for e in result.all_events if e.event_type == DagsterEventType.ASSET_MATERIALIZATION
    }),
    "checks_passed": sum(1 for e in checks if e.event_specific_data.passed),
    "checks_failed": sorted(
        e.event_specific_data.asset_check_key.name for e in checks
        if not e.event_specific_data.passed
    ),
}))
"""


@pytest.fixture(scope="module")
def dagster_venv(project):
    if not (VENV / "dagster").exists():
        project.meltano("install", "utility", "dagster", timeout=900)
    return VENV


@pytest.fixture(scope="module")
def orchestrated(private_project, tmp_path_factory):
    project, database = private_project
    tmp = tmp_path_factory.mktemp("dagster")
    (tmp / "home").mkdir()
    # No telemetry from an offline test.
    (tmp / "home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    # A private Meltano system directory (the installed plugins linked): the runs Dagster
    # starts never wait for, or lock out, another session's run of the same plugin.
    sys_dir = tmp / "meltano-sys"
    sys_dir.mkdir()
    for name in ("extractors", "loaders", "utilities", "mappers"):
        (sys_dir / name).symlink_to(ROOT / ".meltano" / name)
    env = {
        **project.env,
        "MELTANO_ENVIRONMENT": "ci",
        "MELTANO_PROJECT_ROOT": str(ROOT),
        "MELTANO_SYS_DIR_ROOT": str(sys_dir),
        "DAGSTER_HOME": str(tmp / "home"),
        "WAREHOUSE_URL": database.url,
        "WAREHOUSE_REPORT_PATH": str(tmp / "report.html"),
        "NOTIFIER_URL": database.url,
        "NOTIFIER_OUTBOX_DIR": str(tmp / "outbox"),
    }
    return replace(project, env=env), database, tmp


def _python(venv: Path, code: str, env: dict[str, str], timeout: float = 600) -> dict:
    proc = subprocess.run(
        [str(venv / "python"), "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_definitions_mirror_the_meltano_jobs_and_schedules(dagster_venv, orchestrated):
    project, _, _ = orchestrated
    described = _python(dagster_venv, DESCRIBE, project.env)

    listed = json.loads(project.meltano("schedule", "list", "--format=json").stdout)
    schedules = listed["schedules"]["job"]
    expected = sorted(
        [s["name"].replace("-", "_"), s["interval"], "UTC", s["job"]["name"].replace("-", "_")]
        for s in schedules
    )
    assert described["schedules"] == expected
    jobs = {s["job"]["name"] for s in schedules} | {"demo", "notify", "transform"}
    assert {j.replace("-", "_") for j in jobs} <= set(described["jobs"])
    # Lineage: the load feeds dbt's sources; the report follows its marts, the notifier the
    # report and alert_breaches; the purge follows the whole build.
    assets = set(described["assets"])
    assert {
        "pagerduty/incidents",
        "survey/form_responses_1",
        "staging/stg_pagerduty__incidents",
    } <= assets
    assert "reliability_report" in described["deps"]["notifications"]
    assert "reliability/alert_breaches" in described["deps"]["notifications"]
    assert "reliability/service_scorecard_monthly" in described["deps"]["reliability_report"]
    assert len(described["deps"]["raw_retention"]) > 100
    assert {"pagerduty/log_entries", "notifications", "raw_retention"} <= set(described["demo"])


def test_one_source_and_its_dbt_assets_materialise_offline(dagster_venv, orchestrated):
    """PagerDuty's load, then every dbt asset that needs no other source, through Dagster.

    The whole demo job takes ~4 min on an idle machine (six loads, the whole build): here
    one source and the dbt assets it alone feeds, with the seeds they read. The `demo` job
    runs the same code for every source: `dagster job execute -j demo` by hand
    (docs/orchestration.md).
    """
    project, database, _ = orchestrated
    recorded = _python(dagster_venv, MATERIALISE_ONE_SOURCE, project.env, timeout=1500)

    assert recorded["success"], recorded["failures"]
    assert set(recorded["materialised"]) == set(recorded["selected"])
    selected = set(recorded["selected"])
    # The load and what it feeds: staging, the PagerDuty marts; nothing of another source.
    assert {"pagerduty/incidents", "pagerduty/log_entries"} <= selected
    assert "staging/stg_pagerduty__incidents" in selected
    assert any(key.startswith("reliability/") for key in selected)
    assert not [k for k in selected if k.startswith(("sentry/", "datadog/", "staging/stg_sentry"))]
    # dbt's tests ran as asset checks and passed.
    assert recorded["checks_passed"] > 10
    assert recorded["checks_failed"] == []
    # It is all in the warehouse.
    assert database_count(database, "raw_pagerduty.incidents") > 0
    assert database_count(database, "staging.stg_pagerduty__incidents") > 0


def database_count(database, table: str) -> int:
    return int(database.scalar(f"select count(*) from {table}"))
