"""Benchmark the dbt project on a large organisation: how long `dbt build` takes.

Usage (from the project root, after ./scripts/bootstrap):

    .venv/bin/python bench/dbt.py            # bench world (the taps' benchmark sizes)
    .venv/bin/python bench/dbt.py --quick    # demo world, a smoke run
    .venv/bin/python bench/dbt.py --scheduled  # the incremental rounds as the frequent job
    .venv/bin/python bench/dbt.py --scheduled --hour-rounds  # and two rounds of one hour each
    .venv/bin/python bench/dbt.py --project-dir /tmp/before/transform  # another commit's models

The production path, measured end to end: a sandbox (`reliability-sandbox serve`) and a
throw-away embedded warehouse on free ports; `meltano run <tap> target-postgres` for each
source (timed, rows loaded counted); then `meltano invoke dbt-postgres build`: on the fresh
warehouse (every model built from nothing), again with nothing new loaded, and twice after the
sandbox advances one epoch and every tap syncs incrementally (what a scheduled run does: the
incremental models read only what was loaded since their newest row, less the lookback; the
second round is the steady state), then once more with `--full-refresh` on the same data, for
comparison. With `--scheduled` the incremental rounds are the frequent scheduled job's
(`dbt-postgres:build-changed`: freshness, then only what the new rows reach, against the state
its previous round saved; the first round has none and builds every node), and a third round
syncs only the sources whose load is scheduled hourly (meltano/notifier.meltano.yml), as in
the hours between the daily loads. Each of those epochs moves the sandbox's clock to the real
time (months after the world's anchor); `--hour-rounds` adds two rounds in which it moves on
by one hour and the hourly sources sync, as an hourly job sees it. Prints wall times, nodes,
the slowest models and the rows of the largest marts, and writes the same as JSON to
output/bench/dbt-<timestamp>.json. A measurement, never a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from _harness import ANCHOR, ROOT, free_port, log
from reliability_sandbox.vendors.google import SPREADSHEET_ID as SURVEY_SPREADSHEET_ID

BIN = ROOT / ".venv" / "bin"
START_DATE = "2024-01-01T00:00:00Z"
HOUR = timedelta(hours=1)


def wait_for(url: str, seconds: float = 180) -> None:
    """Poll `url` until it answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - local sandbox
                return
        except OSError:
            time.sleep(0.3)
    msg = f"{url} did not answer within {seconds:.0f} s"
    raise RuntimeError(msg)


def post(url: str, body: dict[str, str] | None = None) -> None:
    """POST a JSON body (default empty) to a sandbox control endpoint."""
    request = urllib.request.Request(  # noqa: S310 - local sandbox
        url,
        data=json.dumps(body or {}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=600):  # noqa: S310 - local sandbox
        pass


def advance(sandbox: str, *, by: timedelta | None = None) -> None:
    """One mutation epoch: the sandbox's clock moves to the real time, or on by `by`."""
    if by is None:
        post(f"{sandbox}/_sandbox/advance")
        return
    with urllib.request.urlopen(f"{sandbox}/_sandbox/health", timeout=30) as health:  # noqa: S310
        now = datetime.fromisoformat(json.loads(health.read())["now"])
    post(f"{sandbox}/_sandbox/advance", {"now": (now + by).isoformat()})


def source_settings(sandbox: str) -> dict[str, dict[str, str]]:
    """Per tap: the environment that points it at the sandbox (the sandbox's public keys)."""
    history_days = str((datetime.now(UTC) - ANCHOR).days + 800)
    return {
        "tap-pagerduty": {
            "TAP_PAGERDUTY_API_URL": f"{sandbox}/pagerduty",
            "TAP_PAGERDUTY_TOKEN": "sandbox-pagerduty-token",
            "TAP_PAGERDUTY_START_DATE": START_DATE,
            "TAP_PAGERDUTY_REQUESTS_PER_MINUTE": "0",
        },
        "tap-sentry": {
            "TAP_SENTRY_BASE_URL": f"{sandbox}/sentry",
            "TAP_SENTRY_AUTH_TOKEN": "sandbox-sentry-token",
            "TAP_SENTRY_ORGANIZATION": "acme",
            "TAP_SENTRY_START_DATE": START_DATE,
        },
        "tap-datadog": {
            "TAP_DATADOG_API_URL": f"{sandbox}/datadog",
            "TAP_DATADOG_API_KEY": "sandbox-dd-api-key",
            "TAP_DATADOG_APP_KEY": "sandbox-dd-app-key",
            "TAP_DATADOG_START_DATE": START_DATE,
            "TAP_DATADOG_REQUESTS_PER_MINUTE": "0",
            "TAP_DATADOG_SLO_HISTORY_DAYS": history_days,
        },
        "tap-github-reliability": {
            "TAP_GITHUB_RELIABILITY_API_URL": f"{sandbox}/github",
            "TAP_GITHUB_RELIABILITY_AUTH_TOKEN": "sandbox-github-token",
            "TAP_GITHUB_RELIABILITY_ORGANIZATIONS": '["acme"]',
            "TAP_GITHUB_RELIABILITY_START_DATE": START_DATE,
        },
        "tap-postmortems": {
            "TAP_POSTMORTEMS_SOURCE": "google_drive",
            "TAP_POSTMORTEMS_API_URL": f"{sandbox}/google/",
            "TAP_POSTMORTEMS_TOKEN_URI": f"{sandbox}/google/token",
            # The sandbox's public OAuth client and its folders (seed 42), as in meltano/.
            "TAP_POSTMORTEMS_CLIENT_ID": "sandbox-google-client-id.apps.googleusercontent.com",
            "TAP_POSTMORTEMS_CLIENT_SECRET": "sandbox-google-client-secret",
            "TAP_POSTMORTEMS_REFRESH_TOKEN": "sandbox-google-refresh-token",
            "TAP_POSTMORTEMS_FOLDER_IDS": (
                '["1EMXYRLtPioPh8nxC5rEhcSG-TffDp6oK", "14b31tDdPeZFnwk4pm88myGIpWBeTYhto"]'
            ),
        },
        # The Developer Survey's sheet: without it the survey's source tests fail the build.
        "tap-google-sheets": {
            "TAP_GOOGLE_SHEETS_API_URL": f"{sandbox}/gsheets/",
            "TAP_GOOGLE_SHEETS_TOKEN_URI": f"{sandbox}/google/token",
            "TAP_GOOGLE_SHEETS_CLIENT_ID": "sandbox-google-client-id.apps.googleusercontent.com",
            "TAP_GOOGLE_SHEETS_CLIENT_SECRET": "sandbox-google-client-secret",
            "TAP_GOOGLE_SHEETS_REFRESH_TOKEN": "sandbox-google-refresh-token",
            "TAP_GOOGLE_SHEETS_SPREADSHEET_ID": SURVEY_SPREADSHEET_ID,
        },
    }


def psql_counts(url: str, tables: list[str]) -> dict[str, int]:
    """Row counts of `tables` (schema.table), through psycopg."""
    import psycopg  # noqa: PLC0415 - a dev dependency, only needed here

    out: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        for table in tables:
            if conn.execute("select to_regclass(%s)", (table,)).fetchone() != (None,):
                row = conn.execute(f"select count(*) from {table}").fetchone()  # noqa: S608
                out[table] = int(row[0]) if row else 0
    return out


def run(cmd: list[str], env: dict[str, str], logfile: Path, attempts: int = 1) -> float:
    """Run a command into `logfile`; return the wall time of its successful attempt.

    Raises when every attempt failed.
    """
    for attempt in range(1, attempts + 1):
        started = time.monotonic()
        with logfile.open("ab") as out:
            done = subprocess.run(
                cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
            )
        elapsed = time.monotonic() - started
        if done.returncode == 0:
            return elapsed
        log(f"{' '.join(cmd[-3:])} failed ({done.returncode}), attempt {attempt} of {attempts}")
    msg = f"{' '.join(cmd)} failed ({done.returncode}); see {logfile}"
    raise RuntimeError(msg)


def load(meltano: list[str], tap: str, env: dict[str, str], logfile: Path) -> float:
    """`meltano run <tap> target-postgres`, tried up to three times.

    Meltano writes a tap's catalog to the project's .meltano/run/<tap>/, which another `meltano
    run` of the same tap in the same checkout (a test session beside the bench) can remove
    under it ("Invalid catalog"). A failed sync saved no new state: the next attempt reads
    again from the last saved one.
    """
    return run([*meltano, "run", tap, "target-postgres"], env, logfile, attempts=3)


def node_times(target: Path) -> list[tuple[str, float]]:
    """Every node of the last dbt invocation (run_results.json), slowest first."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    timed = [(r["unique_id"], round(float(r["execution_time"]), 2)) for r in results]
    return sorted(timed, key=lambda x: -x[1])


def dbt_steps(log_dir: Path) -> list[list[Any]]:
    """Each dbt invocation of one round, in order: [command, wall seconds].

    From each one's resource report in the round's debug log (dbt rotates the file at 10 MB:
    every part is read). What a round's wall time spent outside them is Meltano's and
    Python's start and the scheduled build's own work between the invocations.
    """
    parts = sorted(log_dir.glob("dbt.log*"), key=lambda p: p.stat().st_mtime)
    steps: list[list[Any]] = []
    for part in parts:
        for line in part.read_text(errors="replace").splitlines():
            _, found, report = line.partition("Resource report: ")
            if found:
                fields = json.loads(report)
                steps.append(
                    [fields["command_name"], round(float(fields["command_wall_clock_time"]), 2)]
                )
    return steps


def scheduled_lines(logfile: Path, offset: int) -> list[str]:
    """The lines `scheduled_build.py` wrote (`scheduled build: ...`) after `offset` of the log."""
    with logfile.open("rb") as log_file:
        log_file.seek(offset)
        text = log_file.read().decode(errors="replace")
    return [
        line[line.index("scheduled build: ") :].strip()
        for line in text.splitlines()
        if "scheduled build: " in line
    ]


def by_kind(timed: list[tuple[str, float]]) -> dict[str, float]:
    """Summed node time per resource type (model, test, unit_test, seed)."""
    sums: dict[str, float] = {}
    for node, seconds in timed:
        kind = node.split(".", 1)[0]
        sums[kind] = round(sums.get(kind, 0.0) + seconds, 1)
    return sums


def hourly_taps() -> set[str]:
    """The extractors whose extract-load job is scheduled every hour (meltano/*.meltano.yml)."""
    files = [yaml.safe_load(p.read_text()) or {} for p in (ROOT / "meltano").glob("*.meltano.yml")]
    tasks = {job["name"]: job["tasks"] for f in files for job in f.get("jobs", [])}
    hourly = [
        s["job"]
        for f in files
        for s in f.get("schedules", [])
        if s["job"].endswith("-el") and s["interval"].split()[1] == "*"
    ]
    return {task.split()[0] for job in hourly for task in tasks[job]}


def sync_taps(
    taps: dict[str, dict[str, str]],
    meltano: list[str],
    env: dict[str, str],
    logfile: Path,
    label: str,
) -> dict[str, float]:
    """Sync `taps` incrementally; each load's seconds."""
    return {
        f"{tap} ({label})": round(load(meltano, tap, {**env, **settings}, logfile), 1)
        for tap, settings in taps.items()
    }


#: What a build round syncs first: nothing, every tap, or the hourly-scheduled taps only.
Sync = str | None


def build_rounds(
    *, scheduled: bool, steady_only: bool, hour_rounds: bool = False
) -> list[tuple[str, Sync, list[str]]]:
    """The builds, in order: (what, what to sync first, `meltano invoke` arguments).

    The first incremental build re-reads the initial load too (it ended within
    `incremental_lookback_minutes` of its newest row); the second shows the steady state: the
    new sync plus the tail of the one before. `scheduled` builds the incremental rounds with
    the frequent job's command (its first round has no saved state: every node) and adds a
    round after syncing the hourly sources only. `hour_rounds` adds, after those, two rounds in
    which the sandbox's clock moves on by one hour (not to the real time: the first epoch
    of the others adds months) and the hourly sources sync: what an hourly job sees.
    `steady_only` leaves out the build with nothing new and the full refresh.
    """
    build = ["dbt-postgres", "build"]
    rounds = ["dbt-postgres:build-changed"] if scheduled else build
    builds: list[tuple[str, Sync, list[str]]] = [
        ("fresh warehouse", None, build),
        ("nothing new loaded", None, build),
        ("after incremental sync 1", "all", rounds),
        ("after incremental sync 2", "all", rounds),
    ]
    if scheduled:
        builds.append(("after incremental sync 3, hourly sources only", "hourly", rounds))
    if hour_rounds:
        builds += [
            (f"after one hour ({n}), hourly sources only", "hour", rounds) for n in ("1", "2")
        ]
    builds.append(("full refresh, same data", None, [*build, "--full-refresh"]))
    if steady_only:
        return [b for b in builds if b[0] == "fresh warehouse" or b[1] is not None]
    return builds


def print_figures(figures: dict[str, Any], preset: str, *, scheduled: bool) -> None:
    """The run's figures, as a table on stdout."""
    rounds = " (incremental rounds as a scheduled run)" if scheduled else ""
    print(f"\ndbt build on the {preset} world{rounds}")
    for tap, seconds in figures["loads"].items():
        print(f"  load  {tap:<38} {seconds:>8.1f} s")
    for build in figures["builds"]:
        print(
            f"  build {build['what']:<38} {build['seconds']:>8.1f} s"
            f" (running the nodes {build['nodes_seconds']:.1f} s; {build['node_count']} nodes"
            f" {build['count_by_kind']})  {build['by_kind']}"
        )
        steps = build["dbt_steps"]
        outside = build["seconds"] - sum(step[1] for step in steps)
        print(
            "        dbt invocations: "
            + ", ".join(f"{name} {step_seconds:.1f} s" for name, step_seconds in steps)
            + f"; outside them {outside:.1f} s"
        )
        for line in build.get("scheduled_build", []):
            print(f"        {line}")
        for node, seconds in build["slowest"][:5]:
            print(f"        {node:<60} {seconds:>6.1f} s")
    if "failed" in figures:
        print(f"  FAILED {figures['failed']['what']}: {figures['failed']['error']}")
    for table, rows in figures["rows"].items():
        print(f"  rows  {table:<44} {rows:>10,}")


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one run, in order
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="demo world instead of bench")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument(
        "--project-dir",
        type=Path,
        help="the dbt project to build (default transform/): e.g. another commit's transform/"
        " (`git archive <commit> transform | tar -x -C /tmp/x`) for a before/after comparison",
    )
    parser.add_argument(
        "--scheduled",
        action="store_true",
        help="build the incremental rounds as the frequent scheduled job does"
        " (dbt-postgres:build-changed: what the new rows reach, no unit tests), and one more"
        " round after syncing only the hourly sources (docs/operations.md, Scheduling)",
    )
    parser.add_argument(
        "--steady-only",
        action="store_true",
        help="only the fresh build and the two incremental rounds (no build with nothing new,"
        " no full refresh): the steady state against a fresh build, in less time",
    )
    parser.add_argument(
        "--hour-rounds",
        action="store_true",
        help="after the other rounds, two more in which the world moves on by one hour and"
        " the hourly sources sync (an hourly job's steady state; the other rounds' epochs"
        " jump to the real time)",
    )
    args = parser.parse_args(argv)
    project_flags = ["--project-dir", str(args.project_dir.resolve())] if args.project_dir else []
    preset = "demo" if args.quick else "bench"
    work = Path(tempfile.mkdtemp(prefix="bench-dbt-"))
    logfile = work / "bench.log"
    sandbox_port, warehouse_port = free_port(), free_port()
    sandbox = f"http://127.0.0.1:{sandbox_port}"
    # The warehouse trusts no one: this run's own password (docs/operations.md).
    from reliability_warehouse.embedded import generate_password  # noqa: PLC0415

    password = generate_password()
    warehouse_url = f"postgresql://postgres:{password}@127.0.0.1:{warehouse_port}/warehouse"
    env = {
        **os.environ,
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "MELTANO_DATABASE_URI": f"sqlite:///{work / 'meltano.db'}",
        "WAREHOUSE_DATA_DIR": str(work / "warehouse"),
        "WAREHOUSE_PORT": str(warehouse_port),
        "WAREHOUSE_PASSWORD": password,
        "TARGET_POSTGRES_PASSWORD": password,
        "TARGET_POSTGRES_PORT": str(warehouse_port),
        "TARGET_POSTGRES_SQLALCHEMY_URL": (
            f"postgresql+psycopg://postgres:{password}@127.0.0.1:{warehouse_port}/warehouse"
        ),
        "DBT_POSTGRES_PORT": str(warehouse_port),
        "DBT_POSTGRES_PASSWORD": password,
        "DBT_TARGET_PATH": str(work / "dbt-target"),
        "DBT_LOG_PATH": str(work / "dbt-logs"),
        # The frequent job's saved state: this warehouse's, in the throw-away work dir.
        "DBT_SCHEDULED_STATE_DIR": str(work / "scheduled-state"),
    }
    sandbox_proc = subprocess.Popen(
        [
            str(BIN / "reliability-sandbox"),
            "serve",
            "--preset",
            preset,
            "--port",
            str(sandbox_port),
            "--anchor",
            ANCHOR.isoformat(),
        ],
        stdout=(work / "sandbox.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    figures: dict[str, Any] = {
        "preset": preset,
        "load_before": os.getloadavg(),
        "scheduled": args.scheduled,
        "steady_only": args.steady_only,
        "hour_rounds": args.hour_rounds,
        "loads": {},
        "builds": [],
    }
    meltano = [str(BIN / "meltano"), "--environment=ci"]
    try:
        log(f"sandbox ({preset}) on {sandbox}, warehouse on port {warehouse_port}; logs in {work}")
        wait_for(f"{sandbox}/_sandbox/health")
        run([*meltano, "invoke", "warehouse:start"], env, logfile)
        for tap, settings in source_settings(sandbox).items():
            log(f"loading {tap} ...")
            seconds = load(meltano, tap, {**env, **settings}, logfile)
            figures["loads"][tap] = round(seconds, 1)
        builds = build_rounds(
            scheduled=args.scheduled, steady_only=args.steady_only, hour_rounds=args.hour_rounds
        )
        hourly = hourly_taps()
        for number, (attempt, sync, command) in enumerate(builds):
            if sync is not None:
                taps = source_settings(sandbox)
                if sync != "all":
                    taps = {tap: settings for tap, settings in taps.items() if tap in hourly}
                log(f"advancing the sandbox one epoch and syncing {sorted(taps)} incrementally")
                advance(sandbox, by=HOUR if sync == "hour" else None)
                label = attempt.removeprefix("after ")
                figures["loads"] |= sync_taps(taps, meltano, env, logfile, label)
            log(f"dbt build ({attempt}: {' '.join(command)}) ...")
            # A log directory per round: its dbt invocations' own times (dbt_steps).
            log_dir = work / "dbt-logs" / f"build-{number}"
            logged = logfile.stat().st_size if logfile.exists() else 0
            try:
                seconds = run(
                    [*meltano, "invoke", *command, *project_flags],
                    {**env, "DBT_LOG_PATH": str(log_dir)},
                    logfile,
                )
            except RuntimeError as error:
                # A failed build (e.g. a data test failing on the round's data) ends the
                # rounds; the figures of those before it are still printed and written.
                log(str(error))
                figures["failed"] = {"what": attempt, "error": str(error)}
                break
            # Every node's time, so a before/after comparison can be made per model.
            timed = node_times(work / "dbt-target")
            figures["builds"].append(
                {
                    "what": attempt,
                    "seconds": round(seconds, 1),
                    # dbt's own figure for running the nodes: the wall time above less Meltano's
                    # start, dbt's parse (full on a new target dir or changed vars, else partial)
                    # and the artifacts it writes at the end.
                    "nodes_seconds": round(
                        json.loads((work / "dbt-target" / "run_results.json").read_text())[
                            "elapsed_time"
                        ],
                        1,
                    ),
                    "load_after": [round(x, 2) for x in os.getloadavg()],
                    "dbt_steps": dbt_steps(log_dir),
                    # The frequent job's own lines: which re-sent tables counted as unchanged.
                    "scheduled_build": scheduled_lines(logfile, logged),
                    "command": command,
                    "node_count": len(timed),
                    "count_by_kind": dict(Counter(node.split(".", 1)[0] for node, _ in timed)),
                    "by_kind": by_kind(timed),
                    "slowest": timed[:10],
                    "nodes": dict(timed),
                }
            )
        marts = [
            "intermediate.int_pagerduty_incidents_measured",
            "reliability.sentry_issue_events",
            "reliability.incidents",
            "reliability.incident_error_volume",
            "reliability.dora_monthly",
            "raw_github.pull_requests",
            "reliability.slo_error_budget_daily",
            "reliability.sentry_project_errors_weekly",
            "reliability.service_scorecard_monthly",
            "raw_pagerduty.log_entries",
            "raw_sentry.issue_events",
            "raw_datadog.slo_history",
        ]
        figures["rows"] = psql_counts(warehouse_url, marts)
    finally:
        subprocess.run(
            [*meltano, "invoke", "warehouse:stop"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        sandbox_proc.terminate()
        sandbox_proc.wait(timeout=30)
    print_figures(figures, preset, scheduled=args.scheduled)
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"dbt-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"\nfigures: {path}")
    if args.keep:
        # What it takes to open the kept warehouse again (`meltano invoke warehouse:start` with
        # these variables): a throw-away password, in the throw-away work dir only.
        (work / "warehouse.env").write_text(
            f"WAREHOUSE_DATA_DIR={work / 'warehouse'}\nWAREHOUSE_PORT={warehouse_port}\n"
            f"WAREHOUSE_PASSWORD={password}\n"
        )
        print(f"kept: {work} (warehouse.env to start its warehouse again)")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
