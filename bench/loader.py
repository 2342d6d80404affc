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
  alone.

Alternatives (`--setting pipelinewise`, `pipelinewise-1-thread`): another loader a Meltano user
could pick, installed pinned from PyPI into .bench/loaders/ on first use; the table also gives
the target's own CPU per 10,000 rows (the pipeline's CPU less the tap's alone), which a loaded
machine hardly moves.

Settings (`hard_delete` off in all): `meltano` is the plugin's configuration in
`meltano/loaders.meltano.yml` (COPY, no validation, record metadata, activate_version); each
other one changes one thing from it. target-postgres 0.8.1 has no parallelism setting: its
constructor sets `max_parallelism = 1` (streams drain one after the other), so there is none
to measure. A measurement, never a test: nothing is asserted. JSON goes to
output/bench/loader-<timestamp>.json.
"""

from __future__ import annotations

import argparse
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

from _harness import BIN, ROOT, count_rows, log, pipe_to_target, start_sandbox
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
    target_cfg.write_text(
        json.dumps({"sqlalchemy_url": url, "default_target_schema": schema, **SETTINGS[setting]})
    )
    return [str(TARGET_POSTGRES), "--config", str(target_cfg)]


def load(tap_cmd: tuple[Path, Path, str], setting: str, pg: str, workdir: Path) -> dict[str, Any]:
    """Tap (executable, config, schema) | the setting's loader into a fresh database; rows/s."""
    executable, config, schema = tap_cmd

    db = f"bench_loader_{os.getpid()}"
    psql(pg, f"drop database if exists {db}")
    psql(pg, f"create database {db}")
    try:
        target = target_command(setting, pg, db, schema, workdir)
        # CPU of the tap and the target together (both are this script's children): with
        # the wall time, it tells a loader that computes from one that waits (on Postgres).
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, code = pipe_to_target(
            [str(executable), "--config", str(config)],
            target,
            workdir / "load.stderr",
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
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
        "rows_per_s": rows / wall,
        "tap_target_cpu_s": cpu,
    }


def bench_vendor(vendor: str, base: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """One tap: alone, then into target-postgres with each setting."""
    executable_name, schema, make_config = VENDORS[vendor]
    executable = BIN / executable_name
    config = workdir / f"{vendor}.json"
    config.write_text(json.dumps(make_config(base)))
    log(f"{vendor}: tap alone, counted")
    counted = tap_alone(executable, config)
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
        "settings": {},
    }
    for name in args.setting or list(SETTINGS):
        log(f"{vendor}: tap | target-postgres, {name}")
        run = load((executable, config, schema), name, args.pg, workdir)
        # The target's own CPU: the pipeline's less the tap's when it ran alone.
        run["target_cpu_s"] = run["tap_target_cpu_s"] - counted["cpu_s"]
        run["ratio"] = run["rows_per_s"] / alone
        result["settings"][name] = run
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the taps and settings; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="demo world: a smoke run")
    parser.add_argument("--vendor", action="append", choices=list(VENDORS), default=None)
    parser.add_argument(
        "--setting", action="append", choices=[*SETTINGS, *ALTERNATIVES], default=None
    )
    parser.add_argument("--repeat", type=int, default=3, help="tap-alone runs (median)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args(argv)
    preset = "demo" if args.quick else "bench"
    # SIGTERM unwinds like Ctrl-C: the `finally` blocks stop the sandbox, drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc, base = start_sandbox(preset, workdir)
        try:
            vendors = args.vendor or list(VENDORS)
            results = [bench_vendor(vendor, base, args, workdir) for vendor in vendors]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"\ntap | target-postgres {preset} world; target >= {TARGET:.0%} of the tap alone")
    print(
        "| tap | records | alone rec/s | setting | loaded rows/s | ratio | rows "
        "| CPU s / wall s | target CPU s per 10k rows |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for name, run in r["settings"].items():
            rows = f"{run['rows']:,}" + (
                f" (exit {run['returncode']})" if run["returncode"] else ""
            )
            print(
                f"| {VENDORS[r['vendor']][0]} | {r['records']:,} | {r['alone_per_s']:,.0f} "
                f"| {name} | {run['rows_per_s']:,.0f} | {run['ratio']:.0%} | {rows} "
                f"| {run['tap_target_cpu_s']:.0f} / {run['wall_s']:.0f} "
                f"| {run['target_cpu_s'] / max(run['rows'], 1) * 10_000:.1f} |"
            )
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"loader-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(
        json.dumps(
            {
                "preset": preset,
                "settings": SETTINGS,
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
