"""Does the loader keep up? Each API tap alone against tap | target-postgres, per setting.

Usage (from the project root):

    .venv/bin/python bench/loader.py                  # bench world, every tap and setting
    .venv/bin/python bench/loader.py --quick          # demo world, a smoke run
    .venv/bin/python bench/loader.py --vendor sentry --setting meltano --setting insert

Target (issue 18): tap | target-postgres >= 80 % of the tap-alone rate, for every tap on
its bench world.

Per tap (the configs of `compare.py`; one `reliability-sandbox serve` for the whole run):

- tap alone: one run into a pipe this script reads (RECORD lines counted: the records), then
  `--repeat` runs with stdout to /dev/null (nothing reads it, as if the loader were free):
  records / wall time, median;
- tap | target-postgres, once per setting: the loader is MeltanoLabs target-postgres as the
  project's Meltano plugin installs it (`.meltano/loaders/target-postgres/venv/bin/
  target-postgres`, without the project's guard wrapper), into a fresh database on the local
  Postgres (`--pg`, default postgresql://postgres@127.0.0.1:5432, trust auth; created and
  dropped per run); rows counted after the run: rows / wall time, and its ratio to the tap
  alone. With `--pairs N`, each setting runs N times, each run right after a tap-alone run
  of its own, and the table gives the pair of the median ratio (with every pair's ratio):
  on a machine other sessions share, the load moves between runs minutes apart.

Alternatives (`--setting pipelinewise`, `pipelinewise-1-thread`): another loader a Meltano user
could pick, installed pinned from PyPI into .bench/loaders/ on first use; the table also gives
the target's own CPU per 10,000 rows (the pipeline's CPU less the tap's alone), which a loaded
machine hardly moves.

Settings (`hard_delete` off in all): `meltano` is the plugin's configuration in
`meltano/loaders.meltano.yml` (COPY, no validation, record metadata, activate_version); each
other one changes one thing from it. `fastpath` is `meltano` run through the project's fast
COPY path (`reliability_tap_runtime.target_fastpath`, the same target-postgres with cheaper
row formatting; `python -m` in the loader's venv, so no reinstall is needed; `--fastpath
FILE` runs another version of target_fastpath.py instead, for a before/after at one load).
target-postgres 0.8.1 has no parallelism setting (its constructor sets `max_parallelism =
1`, but the SDK's constructor then resets it to 8: the final drain of all sinks runs in 8
threads, mid-stream drains in the main thread).

CPU, per run (a loaded machine stretches wall times, hardly CPU seconds): the tap and the
target together (this script's children), the sandbox process, and the local Postgres server
(its postmaster's reaped children and live backends, read from /proc: every session on that
server counts, so run it alone). A measurement, never a test: nothing is asserted. JSON goes
to output/bench/loader-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from _harness import BIN, ROOT, count_rows, log, pipe_timed, start_sandbox
from compare import TARGET_POSTGRES, VENDORS, tap_alone

TARGET = 0.80
MELTANO = {"use_copy": True, "validate_records": False, "hard_delete": False}
SETTINGS: dict[str, dict[str, Any]] = {
    "meltano": MELTANO,
    "insert": {**MELTANO, "use_copy": False},
    "validate": {**MELTANO, "validate_records": True},
    # activate_version needs the _sdc_ columns: off together.
    "no-metadata": {**MELTANO, "add_record_metadata": False, "activate_version": False},
    "batch-1k": {**MELTANO, "batch_size_rows": 1_000},
    "batch-50k": {**MELTANO, "batch_size_rows": 50_000},
}
#: `--fastpath FILE`: the `fastpath` setting from another version of target_fastpath.py (e.g.
#: `git show <commit>:runtime/reliability_tap_runtime/target_fastpath.py > before.py`), run
#: after the same package import as `python -m`, so both start alike.
FASTPATH_FILE: list[Path] = []
RUN_FILE = (
    "import runpy, sys, reliability_tap_runtime; "
    "runpy.run_path(sys.argv.pop(1), run_name='__main__')"
)
#: Settings run through the project's fast COPY path (target_fastpath.py) instead of the
#: plugin's executable; the configuration is the setting's own.
FASTPATH = {"fastpath": "meltano"}
#: Other loaders a Meltano user could pick (`pip_url` of a custom loader), installed by this
#: script on first use from PyPI into a virtualenv of its own under .bench/loaders/.
#: name -> (pinned requirement, console script)
LOADERS = {"pipelinewise": ("pipelinewise-target-postgres==2.1.2", "target-postgres")}
#: setting -> (loader, its settings besides the connection and schema). The project's
#: staging de-duplicates on `_sdc_batched_at`: metadata columns stay on.
PIPELINEWISE = {"add_metadata_columns": True, "hard_delete": False, "primary_key_required": False}
ALTERNATIVES: dict[str, tuple[str, dict[str, Any]]] = {
    "pipelinewise": ("pipelinewise", PIPELINEWISE),
    "pipelinewise-1-thread": (
        "pipelinewise",
        {**PIPELINEWISE, "parallelism": 1},
    ),
}


def psql(pg: str, sql: str) -> None:
    """One statement on the maintenance database of the local Postgres."""
    import psycopg  # noqa: PLC0415

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(sql.encode())


def tap_to_null(executable: Path, config: Path) -> float:
    """Wall seconds of one tap run with stdout to /dev/null."""
    started = time.perf_counter()
    subprocess.run(
        [str(executable), "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def process_cpu(pid: int, *, reaped: bool = False) -> float:
    """CPU seconds of a live process (with `reaped`: plus its waited-for children), /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_cpu(postmaster: int | None) -> float | None:
    """CPU seconds of a local Postgres server: its postmaster, reaped and live backends."""
    if postmaster is None:
        return None
    total = process_cpu(postmaster, reaped=True)
    for child in Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split():
        with contextlib.suppress(OSError, ValueError):  # a backend that just exited
            total += process_cpu(int(child))
    return total


def local_postmaster(pg: str) -> int | None:
    """The pid of the server behind `pg` when it runs on this machine (else None)."""
    import psycopg  # noqa: PLC0415

    with psycopg.connect(f"{pg}/postgres") as conn:
        backend = conn.execute("select pg_backend_pid()").fetchone()[0]  # type: ignore[index]
        # Read while the session is open: a closed session's backend exits at once.
        try:
            stat = Path(f"/proc/{backend}/stat").read_text()
        except OSError:
            return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def loader_executable(name: str) -> Path:
    """An alternative loader's console script, installed (pinned, from PyPI) on first use."""
    requirement, script = LOADERS[name]
    venv = ROOT / ".bench" / "loaders" / name
    marker = venv / "bench-requirement.txt"
    if not (marker.exists() and marker.read_text() == requirement):
        log(f"installing {requirement} into {venv.relative_to(ROOT)}")
        uv = str(BIN / "uv")
        subprocess.run(
            [uv, "venv", "-q", "--clear", "--python", sys.executable, str(venv)], check=True
        )
        python = str(venv / "bin" / "python")
        subprocess.run([uv, "pip", "install", "-q", "--python", python, requirement], check=True)
        marker.write_text(requirement)
    return venv / "bin" / script


def target_command(setting: str, pg: str, db: str, schema: str, workdir: Path) -> list[str]:
    """The loader of `setting` with its config written: MeltanoLabs' or an alternative."""
    target_cfg = workdir / "target.json"
    if setting in ALTERNATIVES:
        loader, extra = ALTERNATIVES[setting]
        where = urlparse(pg)
        connection = {"host": where.hostname, "port": where.port or 5432, "dbname": db}
        connection |= {"user": where.username or "postgres", "password": where.password or "unused"}
        target_cfg.write_text(json.dumps({**connection, "default_target_schema": schema, **extra}))
        return [str(loader_executable(loader)), "--config", str(target_cfg)]
    url = f"{pg}/{db}".replace("postgresql://", "postgresql+psycopg://", 1)
    config = SETTINGS[FASTPATH.get(setting, setting)]
    target_cfg.write_text(
        json.dumps({"sqlalchemy_url": url, "default_target_schema": schema, **config})
    )
    if setting in FASTPATH:
        python = TARGET_POSTGRES.parent / "python"
        if FASTPATH_FILE:
            return [str(python), "-c", RUN_FILE, str(FASTPATH_FILE[0]), "--config", str(target_cfg)]
        fastpath = "reliability_tap_runtime.target_fastpath"
        return [str(python), "-m", fastpath, "--config", str(target_cfg)]
    return [str(TARGET_POSTGRES), "--config", str(target_cfg)]


def load(
    tap_cmd: tuple[Path, Path, str], setting: str, pg: str, workdir: Path, sandbox: int
) -> dict[str, Any]:
    """Tap (executable, config, schema) | the setting's loader into a fresh database; rows/s."""
    executable, config, schema = tap_cmd
    postmaster = local_postmaster(pg)

    db = f"bench_loader_{os.getpid()}"
    psql(pg, f"drop database if exists {db}")
    psql(pg, f"create database {db}")
    try:
        target = target_command(setting, pg, db, schema, workdir)
        # CPU of the tap and the target together (both are this script's children): with
        # the wall time, it tells a loader that computes from one that waits (on Postgres).
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        sandbox_before, pg_before = process_cpu(sandbox), postgres_cpu(postmaster)
        load_before = os.getloadavg()[0]
        wall, tap_wall, code = pipe_timed(
            [str(executable), "--config", str(config)],
            target,
            workdir / "load.stderr",
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_after = os.getloadavg()[0]
        sandbox_cpu = process_cpu(sandbox) - sandbox_before
        pg_after = postgres_cpu(postmaster)
        pg_cpu = pg_after - pg_before if pg_after is not None and pg_before is not None else None
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        rows = sum(count_rows(f"{pg}/{db}", schema).values())
    finally:
        psql(pg, f"drop database if exists {db}")
    if code:
        tail = (workdir / "load.stderr").read_text(errors="replace").strip().splitlines()[-1:]
        log(f"  exit {code}: {tail[0][-300:] if tail else ''}")
    return {
        "returncode": code,
        "rows": rows,
        "wall_s": wall,
        "tap_wall_s": tap_wall,
        "rows_per_s": rows / wall,
        "tap_target_cpu_s": cpu,
        "sandbox_cpu_s": sandbox_cpu,
        "postgres_cpu_s": pg_cpu,
        "load_average": [load_before, load_after],
    }


def bench_vendor(
    vendor: str, base: str, args: argparse.Namespace, workdir: Path, sandbox: int
) -> dict[str, Any]:
    """One tap: alone, then into target-postgres with each setting."""
    executable_name, schema, make_config = VENDORS[vendor]
    executable = BIN / executable_name
    config = workdir / f"{vendor}.json"
    config.write_text(json.dumps(make_config(base)))
    log(f"{vendor}: tap alone, counted")
    sandbox_before = process_cpu(sandbox)
    counted = tap_alone(executable, config)
    sandbox_alone = process_cpu(sandbox) - sandbox_before
    walls = []
    for i in range(args.repeat):
        log(f"{vendor}: tap alone to /dev/null, run {i + 1}/{args.repeat}")
        walls.append(tap_to_null(executable, config))
    alone = counted["records"] / statistics.median(walls)
    result: dict[str, Any] = {
        "vendor": vendor,
        "records": counted["records"],
        "alone_counted_per_s": counted["records_per_s"],
        "alone_per_s": alone,
        "alone_walls_s": walls,
        "alone_cpu_s": counted["cpu_s"],
        "alone_sandbox_cpu_s": sandbox_alone,
        "settings": {},
    }
    for name in args.setting or list(SETTINGS):
        runs = []
        for i in range(max(args.pairs, 1)):
            pair_alone = alone
            if args.pairs:
                log(f"{vendor}: pair {i + 1}/{args.pairs}: tap alone to /dev/null")
                pair_alone = counted["records"] / tap_to_null(executable, config)
            log(f"{vendor}: tap | target-postgres, {name}")
            run = load((executable, config, schema), name, args.pg, workdir, sandbox)
            # The target's own CPU: the pipeline's less the tap's when it ran alone.
            run["target_cpu_s"] = run["tap_target_cpu_s"] - counted["cpu_s"]
            run["alone_per_s"] = pair_alone
            run["ratio"] = run["rows_per_s"] / pair_alone
            runs.append(run)
        # With --pairs: the run of the median ratio, each against the tap alone just before.
        run = sorted(runs, key=lambda r: r["ratio"])[(len(runs) - 1) // 2]
        run["pair_ratios"] = [r["ratio"] for r in runs]
        run["pair_alone_per_s"] = [r["alone_per_s"] for r in runs]
        result["settings"][name] = run
    return result


def per_10k(cpu: float | None, rows: int) -> str:
    """CPU seconds per 10,000 rows, or '-' when not measured."""
    return "-" if cpu is None else f"{cpu / max(rows, 1) * 10_000:.2f}"


def print_table(results: list[dict[str, Any]], preset: str) -> None:
    """The Markdown table of bench/README.md."""
    cores = os.cpu_count() or 1
    print(f"\ntap | target-postgres {preset} world; target >= {TARGET:.0%} of the tap alone")
    print(
        "| tap | records | alone rec/s | setting | loaded rows/s | ratio | rows "
        "| CPU s / wall s | tap ends / target ends s | load "
        "| CPU s per 10k rows: tap / target / sandbox / Postgres "
        f"| {cores}-core bound rows/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        tap = r["alone_cpu_s"] / r["records"] * 10_000
        for name, run in r["settings"].items():
            rows = f"{run['rows']:,}" + (
                f" (exit {run['returncode']})" if run["returncode"] else ""
            )
            parts = [
                f"{tap:.2f}",
                per_10k(run["target_cpu_s"], run["rows"]),
                per_10k(run["sandbox_cpu_s"], run["rows"]),
                per_10k(run["postgres_cpu_s"], run["rows"]),
            ]
            # Every process of the pipeline shares the cores: rows/s cannot exceed this.
            total = sum(float(x) for x in parts if x != "-")
            ratio = f"{run['ratio']:.0%}"
            if len(run.get("pair_ratios", [])) > 1:
                ratio += " (" + ", ".join(f"{x:.0%}" for x in run["pair_ratios"]) + ")"
            print(
                f"| {VENDORS[r['vendor']][0]} | {r['records']:,} "
                f"| {run.get('alone_per_s', r['alone_per_s']):,.0f} "
                f"| {name} | {run['rows_per_s']:,.0f} | {ratio} | {rows} "
                f"| {run['tap_target_cpu_s']:.0f} / {run['wall_s']:.0f} "
                f"| {run.get('tap_wall_s', float('nan')):.1f} / {run['wall_s']:.1f} "
                f"| {run['load_average'][0]:.1f} to {run['load_average'][1]:.1f} "
                f"| {' / '.join(parts)} | {cores * 10_000 / total:,.0f} |"
            )


def main(argv: list[str] | None = None) -> int:
    """Run the taps and settings; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="demo world: a smoke run")
    parser.add_argument("--vendor", action="append", choices=list(VENDORS), default=None)
    parser.add_argument(
        "--setting",
        action="append",
        choices=[*SETTINGS, *FASTPATH, *ALTERNATIVES],
        default=None,
    )
    parser.add_argument("--repeat", type=int, default=3, help="tap-alone runs (median)")
    parser.add_argument(
        "--pairs",
        type=int,
        default=0,
        help="per setting, N pairs of (tap alone, pipeline) run back to back; the median "
        "pair's ratio (each pipeline against the tap alone just before it: on a shared "
        "machine the load moves between runs minutes apart)",
    )
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--fastpath", type=Path, default=None, help="another target_fastpath.py for `fastpath`"
    )
    args = parser.parse_args(argv)
    if args.fastpath:
        FASTPATH_FILE.append(args.fastpath.resolve())
    preset = "demo" if args.quick else "bench"
    # SIGTERM unwinds like Ctrl-C: the `finally` blocks stop the sandbox, drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc, base = start_sandbox(preset, workdir)
        try:
            vendors = args.vendor or list(VENDORS)
            results = [bench_vendor(vendor, base, args, workdir, proc.pid) for vendor in vendors]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print_table(results, preset)
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"loader-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(
        json.dumps(
            {
                "preset": preset,
                "settings": SETTINGS,
                "fastpath": FASTPATH,
                "alternatives": ALTERNATIVES,
                "results": results,
            },
            indent=1,
        )
    )
    print(f"written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
