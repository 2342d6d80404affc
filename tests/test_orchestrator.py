"""The Dagster definitions (orchestrate/dagster): they load, mirror Meltano, and run the demo.

The `dagster` Meltano utility is installed into its own virtualenv (`meltano install utility
dagster`; a few seconds with uv's cache) and everything Dagster runs there, in subprocesses:
the project's .venv never imports Dagster.

- Loading: every Meltano job is a Dagster job, every schedule of `meltano schedule list` a
  Dagster schedule with the same cron, in UTC, on the job of the same name.
- Running: the `demo` job, materialised by Dagster offline against the session's sandbox
  and a copy of the session's loaded world (tests/conftest.py `world`; the module is one of
  WORLD_MODULES): the six Meltano loads (incremental, from the world's state), the whole dbt
  project with its data tests as asset checks, the purge and its check, the HTML report and
  the notifier writing to an outbox. Every selected asset materialised, no check failed.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
#: The demo job's extractors: the world's (tests/conftest.py WORLD_TAPS), every source.
WORLD_TAPS = (
    "tap-pagerduty",
    "tap-sentry",
    "tap-datadog",
    "tap-github-reliability",
    "tap-postmortems",
    "tap-google-sheets",
)
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

# The demo job (every Meltano load, the whole dbt build, purge and check, report, notifier),
# in process, as `dagster job execute -j demo` runs it.
MATERIALISE_DEMO = """
import json
from dagster import DagsterEventType, DagsterInstance
from reliability_orchestrate.definitions import EL_ASSETS, defs, reliability_dbt
job = defs.resolve_job_def("demo")
result = job.execute_in_process(instance=DagsterInstance.get(), raise_on_error=False)
events = result.all_events
checks = [e for e in events if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION]
print(json.dumps({
    "success": result.success,
    "failures": [str(e.message)[:3000] for e in events
                 if e.event_type == DagsterEventType.STEP_FAILURE],
    "selected": sorted(k.to_user_string() for k in job.asset_layer.executable_asset_keys),
    "loads": {
        " ".join(pair): sorted(k.to_user_string() for k in a.keys)
        for pair, a in EL_ASSETS.items()
    },
    "dbt": sorted(k.to_user_string() for k in reliability_dbt.keys),
    "materialised": sorted({
        e.event_specific_data.materialization.asset_key.to_user_string()
        for e in events if e.event_type == DagsterEventType.ASSET_MATERIALIZATION
    }),
    "report_metadata": [
        {k: str(v.value) for k, v in e.event_specific_data.materialization.metadata.items()}
        for e in events if e.event_type == DagsterEventType.ASSET_MATERIALIZATION
        and e.event_specific_data.materialization.asset_key.to_user_string()
        == "reliability_report"
    ],
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
def orchestrated(world, tmp_path_factory):
    """A copy of the session's loaded world (its database, Meltano state and dbt target), for
    Dagster to run the demo on: the loads are the incremental ones a schedule makes, not six
    first syncs, and the build starts from built models."""
    for tap in WORLD_TAPS:
        world.loaded(tap)
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
    with world.copy(tmp / "copy") as copy:
        database = copy.db
        env = {
            **copy.project.env,
            "MELTANO_ENVIRONMENT": "ci",
            "MELTANO_PROJECT_ROOT": str(ROOT),
            "MELTANO_SYS_DIR_ROOT": str(sys_dir),
            "DAGSTER_HOME": str(tmp / "home"),
            "WAREHOUSE_URL": database.url,
            "WAREHOUSE_REPORT_PATH": str(tmp / "report.html"),
            "NOTIFIER_URL": database.url,
            "NOTIFIER_OUTBOX_DIR": str(tmp / "outbox"),
        }
        yield replace(copy.project, env=env), database, tmp


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


def test_the_demo_job_materialises_every_load_the_dbt_project_report_and_notifier(
    dagster_venv, orchestrated
):
    """The `demo` job through Dagster: six Meltano loads, every dbt asset with its tests as
    asset checks (not the unit tests: the suite's builds leave them out, tests/conftest.py
    `project`; the world's build runs them), the purge and its check, the HTML report
    and the notifier (to an outbox: no channel secrets here)."""
    project, database, tmp = orchestrated
    recorded = _python(dagster_venv, MATERIALISE_DEMO, project.env, timeout=2700)

    assert recorded["success"], recorded["failures"]
    selected = set(recorded["selected"])
    assert set(recorded["materialised"]) == selected
    # Every source's Meltano load is in it, each asset its raw tables.
    in_demo = {pair for pair, keys in recorded["loads"].items() if set(keys) <= selected}
    assert {pair.split()[0] for pair in in_demo} == set(WORLD_TAPS)
    assert {"pagerduty/incidents", "sentry/issues", "datadog/monitors"} <= selected
    assert {"github/repositories", "postmortems/postmortems", "survey/form_responses_1"} <= selected
    # The whole dbt project (models, seeds, snapshots), its tests passing as asset checks.
    assert set(recorded["dbt"]) <= selected
    assert "reliability/alert_breaches" in selected
    assert recorded["checks_failed"] == []
    assert recorded["checks_passed"] > 500
    # After dbt: the purge, the report and the notifier, in that order of lineage.
    assert {"raw_retention", "reliability_report", "notifications"} <= selected
    report = tmp / "report.html"
    assert report.is_file()
    assert "<html" in report.read_text()[:2000].lower()
    assert [(ROOT / m["path"]).resolve() for m in recorded["report_metadata"]] == [report.resolve()]
    # The notifier wrote each team's message to the outbox (its one run folder).
    written = {p.name: p for p in (tmp / "outbox").glob("*/*")}
    assert written, "the notifier wrote nothing to the outbox"
    # The world has a repository no team owns (standards_compliance_low:(no team)): the
    # organisation default's message, labelled so, not a team called "(no team)".
    unowned = json.loads(
        written["default--slack_NOTIFIER_DEFAULT_SLACK_WEBHOOK_URL.json"].read_text()
    )
    assert unowned["body"]["text"].startswith(
        "Reliability alerts for no owning team (organisation default):"
    )
    assert not [name for name in written if "no_team" in name]
    # It all went to the copy's database.
    assert database_count(database, "reliability.alert_breaches") > 0
    # The world ends at its anchor (2026-06-01): the purge, as of now, found rows to age.
    assert database_count(database, "retention.retention_purges") > 0


def database_count(database, table: str) -> int:
    return int(database.scalar(f"select count(*) from {table}"))
