"""The schedules run jobs that exist, every source is scheduled, and the order holds.

`meltano schedule list` lists them (docs/alerting.md); this checks the same files without
starting Meltano: a schedule naming a missing job would only fail when cron fires it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

# One cron field: *, a number, a list or range of numbers, optionally /step.
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?(,\d+(-\d+)?)*)(/\d+)?$")

ROOT = Path(__file__).resolve().parents[1]
DBT_PYTHON = ROOT / ".meltano" / "utilities" / "dbt-postgres" / "venv" / "bin" / "python"


def project_files() -> list[dict]:
    return [yaml.safe_load(p.read_text()) or {} for p in (ROOT / "meltano").glob("*.meltano.yml")]


def test_every_schedule_runs_an_existing_job_on_a_valid_cron():
    jobs = {job["name"]: job for f in project_files() for job in f.get("jobs", [])}
    schedules = [s for f in project_files() for s in f.get("schedules", [])]
    assert schedules
    for schedule in schedules:
        assert schedule["job"] in jobs, schedule
        fields = schedule["interval"].split()
        assert len(fields) == 5, schedule
        assert all(CRON_FIELD.match(field) for field in fields), schedule


def test_every_extract_load_job_is_scheduled_and_notify_runs_after_the_transform():
    jobs = {job["name"] for f in project_files() for job in f.get("jobs", [])}
    by_job = {s["job"]: s["interval"] for f in project_files() for s in f.get("schedules", [])}
    assert {job for job in jobs if job.endswith("-el")} <= set(by_job)
    # Hourly: sources at minutes 5-15, the transform at 40, report and notifier at 50.
    minute = {job: int(interval.split()[0]) for job, interval in by_job.items()}
    hourly_sources = [j for j, i in by_job.items() if j.endswith("-el") and i.split()[1] == "*"]
    assert max(minute[j] for j in hourly_sources) < minute["transform"]
    assert minute["transform"] < minute["report-and-notify"]


def test_the_frequent_transform_is_scheduled_every_hour_but_the_daily_ones():
    """Every hour the frequent build (what new rows reach), once a day the whole build (every
    node, unit tests, the retention purge) after the daily sources have loaded; never both."""
    by_job = {s["job"]: s["interval"] for f in project_files() for s in f.get("schedules", [])}
    jobs = {job["name"]: job["tasks"] for f in project_files() for job in f.get("jobs", [])}
    assert jobs["transform-changed"] == ["dbt-postgres:build-changed"]
    assert jobs["transform"][0] == "dbt-postgres:build"

    def hours(interval: str) -> set[int]:
        field = interval.split()[1]
        if field == "*":
            return set(range(24))
        out: set[int] = set()
        for part in field.split(","):
            first, _, last = part.partition("-")
            out |= set(range(int(first), int(last or first) + 1))
        return out

    frequent, daily = hours(by_job["transform-changed"]), hours(by_job["transform"])
    assert len(daily) == 1
    assert frequent | daily == set(range(24))
    assert not frequent & daily
    (daily_hour,) = daily
    daily_loads = [j for j, i in by_job.items() if j.endswith("-el") and i.split()[1] != "*"]
    assert daily_loads
    assert all(max(hours(by_job[j])) < daily_hour for j in daily_loads)
    assert by_job["transform-changed"].split()[0] == by_job["transform"].split()[0]


#: Lists, in the dbt plugin's own Python, what `--selector changed` (transform/selectors.yml)
#: selects when the given sources' tables are fresher than the saved state. The freshness
#: results are written in dbt's sources.json format (schema v3), as `dbt source freshness`
#: writes them; the saved manifest is the project's own, so nothing counts as modified.
LIST_SELECTIONS = """
import json, shutil, sys
from pathlib import Path
from dbt.cli.main import dbtRunner

target, state, cases = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
common = ["--project-dir", "transform", "--profiles-dir", "transform/profiles",
          "--target-path", str(target), "--vars", "{data_tests_recent_days: 2}"]
parsed = dbtRunner().invoke(["parse", *common])
assert parsed.success, parsed.exception
runner = dbtRunner(manifest=parsed.result)
state.mkdir(parents=True, exist_ok=True)
shutil.copy(target / "manifest.json", state / "manifest.json")
checked = [s for s in parsed.result.sources.values() if s.has_freshness]

def sources_json(fresher):
    results = []
    for source in checked:
        at = "2026-12-05T01:00:00Z" if source.source_name in fresher else "2026-12-05T00:00:00Z"
        results.append({
            "unique_id": source.unique_id, "max_loaded_at": at,
            "snapshotted_at": "2026-12-05T01:05:00Z", "max_loaded_at_time_ago_in_s": 300.0,
            "status": "pass", "criteria": {"warn_after": {}, "error_after": {}, "filter": None},
            "adapter_response": {}, "timing": [], "thread_id": "Thread-1",
            "execution_time": 0.1,
        })
    return {
        "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/sources/v3.json",
                     "dbt_version": "1.11.0", "generated_at": "2026-12-05T01:05:00Z",
                     "invocation_id": None, "env": {}},
        "results": results, "elapsed_time": 1.0,
    }

out = {"checked": sorted(s.unique_id for s in checked)}
for name, fresher in cases.items():
    (state / "sources.json").write_text(json.dumps(sources_json([])))
    (target / "sources.json").write_text(json.dumps(sources_json(fresher)))
    listed = runner.invoke(["ls", "--selector", "changed", "--state", str(state),
                            "--output", "json", "--output-keys", "unique_id", *common])
    assert listed.success, listed.exception
    out[name] = sorted(json.loads(line)["unique_id"] for line in listed.result)
print(json.dumps(out))
"""
#: dbt's sources (transform/models/staging/*/_*__sources.yml).
SOURCES = ("pagerduty", "sentry", "datadog", "github", "postmortems", "survey")


@pytest.fixture(scope="module")
def selections(tmp_path_factory):
    """What the frequent build selects with each source fresh alone, and with none fresh;
    and the project's manifest, to compute what it should select."""
    tmp = tmp_path_factory.mktemp("selector")
    cases = {"none": [], **{name: [name] for name in SOURCES}}
    proc = subprocess.run(
        [DBT_PYTHON, "-c", LIST_SELECTIONS, tmp / "target", tmp / "state", json.dumps(cases)],
        cwd=ROOT,
        env={"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    listed = json.loads(proc.stdout.strip().splitlines()[-1])
    manifest = json.loads((tmp / "target" / "manifest.json").read_text())
    return listed, manifest


def _descendants(manifest: dict, roots: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        for child in manifest["child_map"].get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _always(manifest: dict) -> set[str]:
    """What the frequent build runs with no new rows: the clock-dependent models (tag
    every_run) and what the survey's CSV table feeds, with everything downstream."""
    tagged = {u for u, n in manifest["nodes"].items() if "every_run" in n.get("tags", [])}
    return tagged | _descendants(manifest, tagged | {"source.reliability.survey.responses"})


def _built(ids: set[str]) -> set[str]:
    return {u for u in ids if u.split(".")[0] in {"model", "test", "seed", "snapshot"}}


def _daily_only(manifest: dict) -> set[str]:
    """The data tests the frequent build leaves to the daily one (transform/selectors.yml):
    those of the compatibility views, those on a source table, and warn-severity ones."""
    return {
        u
        for u, n in manifest["nodes"].items()
        if n["resource_type"] == "test"
        and (
            n["original_file_path"].startswith("models/compat/")
            or any(p.startswith("source.") for p in n["depends_on"]["nodes"])
            or n["config"]["severity"].lower() == "warn"
        )
    }


def test_every_source_table_a_model_reads_has_a_freshness_clock_or_is_always_built(selections):
    """The frequent build finds new rows by `dbt source freshness`: a table without a check
    would never be seen as fresher, and what it feeds would wait for the daily build."""
    listed, manifest = selections
    unchecked = set(manifest["sources"]) - set(listed["checked"])
    read = {u for u in unchecked if manifest["child_map"].get(u)}
    assert read == {"source.reliability.survey.responses"}
    assert _built(_descendants(manifest, read)) <= set(listed["none"])


@pytest.mark.parametrize("source", SOURCES)
def test_the_frequent_build_selects_what_one_fresh_source_reaches_and_nothing_else(
    selections, source
):
    """New rows of one source: every model and data test downstream of its tables is built;
    a model that reads only sources with nothing new is not (unless it changes with the
    clock, or reads the survey's CSV table)."""
    listed, manifest = selections
    tables = {u for u in manifest["sources"] if u.split(".")[2] == source}
    reached = _built(_descendants(manifest, tables))
    always = _built(_always(manifest))
    selected = set(listed[source])
    daily_only = _daily_only(manifest)
    assert reached, source
    assert reached - selected == reached & daily_only
    assert not selected & daily_only
    models = {u for u in manifest["nodes"] if u.startswith("model.")}
    assert (models & selected) == (models & (reached | always))
    # The data tests of every selected model are in the build too, but those left to the
    # daily build.
    tests_of_selected = {
        t
        for m in models & selected
        for t in manifest["child_map"].get(m, [])
        if t.startswith("test.")
    }
    assert tests_of_selected - daily_only <= selected


def test_with_nothing_new_only_the_clock_dependent_marts_are_built(selections):
    listed, manifest = selections
    selected = set(listed["none"])
    clock = {"model.reliability.alert_breaches", "model.reliability.team_standards_daily"}
    assert clock <= selected
    assert _built(selected) == _built(_always(manifest)) - _daily_only(manifest)
    # A model of one source only, and a mart across sources: neither, with nothing new.
    assert "model.reliability.stg_github__teams" not in selected
    assert "model.reliability.incidents" not in selected
    assert not any(u.startswith("unit_test.") for u in selected)
