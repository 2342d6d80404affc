"""The loader without the tap: capture a tap's output once, replay it, compare two loaders.

Usage (from the project root):

    .venv/bin/python bench/loader_replay.py capture --vendor pagerduty          # bench world
    .venv/bin/python bench/loader_replay.py capture --vendor all --quick        # demo world
    .venv/bin/python bench/loader_replay.py replay output/bench/capture/pagerduty-bench.singer
    .venv/bin/python bench/loader_replay.py equal output/bench/capture/*-demo.singer

- `capture`: one `reliability-sandbox serve` (bench or `--quick` demo world), each tap (the
  configs of `compare.py`; `postmortems`: tap-postmortems on the sandbox's Drive, the
  environment's folders) run once with stdout to `output/bench/capture/<vendor>-<world>.singer`.
- `replay`: the file into the target (`--kind stock`: MeltanoLabs target-postgres as the
  plugin installs it; `--kind fast`: the same through `reliability_tap_runtime.target_fastpath`;
  both by default, alternating, `--repeat` each) with the loader's settings (`loader.py`'s
  `meltano`), into a fresh database on the local Postgres (`--pg`; created and dropped per run).
  Per run: wall seconds, the target's CPU (user + system of the process), the Postgres
  server's CPU (as `loader.py` measures it), the load average, rows; CPU seconds per 10,000
  rows. `--fastpath FILE` runs another version of target_fastpath.py as the fast target (a
  before/after comparison). `--profile DIR` runs the target under py-spy (`PY_SPY` or `py-spy`
  on PATH; `record -r 200 -f raw`), one flame-graph input per run.
- `equal`: each file through stock and fast into two schemas of one database, compared table by
  table: columns and types from `information_schema`, every row as Postgres' text of the row,
  sorted; the clock-set `_sdc_received_at`, `_sdc_batched_at`, `_sdc_sequence`,
  `_sdc_sync_started_at` and `_sdc_deleted_at` by nullness only. Exit status 1 on any
  difference.

A measurement and a check, never a test: JSON goes to output/bench/loader-replay-<ts>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _harness import BIN, ROOT, count_rows, log, start_sandbox
from compare import TARGET_POSTGRES, VENDORS
from loader import FASTPATH_FILE, MELTANO, RUN_FILE, local_postmaster, postgres_cpu, psql

CAPTURES = ROOT / "output" / "bench" / "capture"
TARGET_PYTHON = TARGET_POSTGRES.parent / "python"
#: Set by the target from the clock: compared for nullness only.
VOLATILE = (
    "_sdc_received_at",
    "_sdc_batched_at",
    "_sdc_sequence",
    "_sdc_sync_started_at",
    "_sdc_deleted_at",
)
#: tap-postmortems on the sandbox's Google Drive (meltano/environments.meltano.yml).
POSTMORTEMS_FOLDERS = ["1EMXYRLtPioPh8nxC5rEhcSG-TffDp6oK", "14b31tDdPeZFnwk4pm88myGIpWBeTYhto"]


def postmortems_config(base: str) -> dict[str, Any]:
    """tap-postmortems' sandbox config (the environment's, with this sandbox's port)."""
    return {
        "source": "google_drive",
        "api_url": f"{base}/google/",
        "token_uri": f"{base}/google/token",
        "client_id": "sandbox-google-client-id.apps.googleusercontent.com",
        "client_secret": "sandbox-google-client-secret",
        "refresh_token": "sandbox-google-refresh-token",
        "folder_ids": POSTMORTEMS_FOLDERS,
    }


TAPS: dict[str, tuple[str, Any]] = {
    **{vendor: (spec[0], spec[2]) for vendor, spec in VENDORS.items()},
    "postmortems": ("tap-postmortems", postmortems_config),
}


def capture(args: argparse.Namespace) -> None:
    """Each tap's output to a file, from one sandbox."""
    world = "demo" if args.quick else "bench"
    CAPTURES.mkdir(parents=True, exist_ok=True)
    vendors = list(TAPS) if "all" in args.vendor else args.vendor
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_sandbox(world, Path(tmp))
        try:
            for vendor in vendors:
                executable, make_config = TAPS[vendor]
                config = Path(tmp) / f"{vendor}.json"
                config.write_text(json.dumps(make_config(base)))
                out = CAPTURES / f"{vendor}-{world}.singer"
                log(f"{vendor}: capturing to {out.relative_to(ROOT)}")
                with out.open("wb") as fh:
                    subprocess.run(
                        [str(BIN / executable), "--config", str(config)],
                        stdout=fh,
                        stderr=subprocess.DEVNULL,
                        check=True,
                    )
                records = sum(1 for line in out.open("rb") if b'"type":"RECORD"' in line)
                log(f"{vendor}: {records:,} RECORD lines")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def target_argv(kind: str, config: Path) -> list[str]:
    """The stock or fast target with `config`."""
    if kind == "fast" and FASTPATH_FILE:
        return [str(TARGET_PYTHON), "-c", RUN_FILE, str(FASTPATH_FILE[0]), "--config", str(config)]
    if kind == "fast":
        fastpath = "reliability_tap_runtime.target_fastpath"
        return [str(TARGET_PYTHON), "-m", fastpath, "--config", str(config)]
    return [str(TARGET_POSTGRES), "--config", str(config)]


def run_target(
    kind: str, singer: Path, where: tuple[str, str], workdir: Path, profile: Path | None = None
) -> tuple[float, float, int, str]:
    """One load of `singer` into `where` (URL, schema): wall s, target CPU s, exit, stderr tail."""
    url, schema = where
    config = workdir / f"target-{kind}-{schema}.json"
    config.write_text(
        json.dumps(
            {
                "sqlalchemy_url": url.replace("postgresql://", "postgresql+psycopg://", 1),
                "default_target_schema": schema,
                **MELTANO,
            }
        )
    )
    argv = target_argv(kind, config)
    if profile is not None:
        spy = os.environ.get("PY_SPY") or shutil.which("py-spy") or "py-spy"
        out = profile / f"{singer.stem}-{kind}-{datetime.now(UTC):%H%M%S}.txt"
        argv = [spy, "record", "-r", "200", "-f", "raw", "--threads", "-o", str(out), "--", *argv]
    err = workdir / "target.stderr"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with singer.open("rb") as stdin, err.open("wb") as stderr:
        code = subprocess.run(
            argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=stderr, check=False
        ).returncode
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    tail = err.read_text(errors="replace").strip().splitlines()[-1:] if code else []
    return wall, cpu, code, tail[0][-400:] if tail else ""


def replay(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Each file into each kind of target, `--repeat` times, alternating kinds."""
    results = []
    postmaster = local_postmaster(args.pg)
    with tempfile.TemporaryDirectory() as tmp:
        for singer in args.files:
            for i in range(args.repeat):
                for kind in args.kind or ["stock", "fast"]:
                    db = f"bench_replay_{os.getpid()}"
                    psql(args.pg, f"drop database if exists {db}")
                    psql(args.pg, f"create database {db}")
                    try:
                        load_before = os.getloadavg()[0]
                        pg_before = postgres_cpu(postmaster)
                        wall, cpu, code, tail = run_target(
                            kind, singer, (f"{args.pg}/{db}", "raw"), Path(tmp), args.profile
                        )
                        pg_after = postgres_cpu(postmaster)
                        load_after = os.getloadavg()[0]
                        rows = sum(count_rows(f"{args.pg}/{db}", "raw").values())
                    finally:
                        psql(args.pg, f"drop database if exists {db}")
                    pg_cpu = (
                        pg_after - pg_before
                        if pg_after is not None and pg_before is not None
                        else None
                    )
                    run = {
                        "file": singer.name,
                        "kind": kind,
                        "run": i + 1,
                        "returncode": code,
                        "error": tail,
                        "rows": rows,
                        "wall_s": wall,
                        "target_cpu_s": cpu,
                        "postgres_cpu_s": pg_cpu,
                        "load_average": [load_before, load_after],
                    }
                    results.append(run)
                    per = 10_000 / max(rows, 1)
                    pg = "-" if pg_cpu is None else f"{pg_cpu * per:.3f}"
                    print(
                        f"{singer.name} {kind:<5} run {i + 1}: exit {code} rows {rows:,} "
                        f"wall {wall:.1f} s ({rows / wall:,.0f} rows/s) target CPU {cpu:.1f} s "
                        f"= {cpu * per:.3f} s/10k, Postgres {pg} s/10k, "
                        f"load {load_before:.1f} to {load_after:.1f}"
                        + (f"  {tail}" if code else ""),
                        flush=True,
                    )
    for singer in args.files:
        for kind in args.kind or ["stock", "fast"]:
            runs = [r for r in results if r["file"] == singer.name and r["kind"] == kind]
            if runs:
                median = statistics.median(r["target_cpu_s"] / max(r["rows"], 1) for r in runs)
                print(f"{singer.name} {kind}: median target CPU {median * 10_000:.3f} s/10k rows")
    return results


def _tables(conn: Any, schema: str) -> dict[str, list[str]]:  # noqa: ANN401
    """Table -> its columns in order, each 'name type udt', from information_schema."""
    return dict(
        conn.execute(
            "select table_name, array_agg(concat_ws(' ', column_name, data_type, udt_name) "
            "order by ordinal_position) from information_schema.columns "
            "where table_schema = %s group by table_name",
            (schema,),
        ).fetchall()
    )


def _rows(conn: Any, schema: str, table: str, columns: list[str]) -> list[str]:  # noqa: ANN401
    stable = ", ".join(f'"{c}"' for c in columns if c not in VOLATILE) or "true"
    nulls = ", ".join(f'"{c}" is null' for c in columns if c in VOLATILE) or "true"
    query = f'select row({stable}, {nulls})::text from "{schema}"."{table}" order by 1'  # noqa: S608
    return [r[0] for r in conn.execute(query)]


def equal(args: argparse.Namespace) -> int:
    """Each file through stock and fast; 0 when every table is identical."""
    import psycopg  # noqa: PLC0415

    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for singer in args.files:
            db = f"bench_equal_{os.getpid()}"
            psql(args.pg, f"drop database if exists {db}")
            psql(args.pg, f"create database {db}")
            url = f"{args.pg}/{db}"
            try:
                for kind in ("stock", "fast"):
                    wall, cpu, code, tail = run_target(kind, singer, (url, kind), Path(tmp))
                    log(f"{singer.name} {kind}: exit {code}, {wall:.0f} s, CPU {cpu:.0f} s {tail}")
                    if code:
                        failures += 1
                with psycopg.connect(url) as conn:
                    stock, fast = _tables(conn, "stock"), _tables(conn, "fast")
                    differ = [] if fast == stock else ["columns or types"]
                    rows = 0
                    for table, columns in stock.items():
                        names = [c.split(" ", 1)[0] for c in columns]
                        expected = _rows(conn, "stock", table, names)
                        rows += len(expected)
                        if table not in fast or _rows(conn, "fast", table, names) != expected:
                            differ.append(table)
            finally:
                psql(args.pg, f"drop database if exists {db}")
            failures += bool(differ)
            verdict = "IDENTICAL" if not differ else f"DIFFER: {', '.join(differ)}"
            print(f"{singer.name}: {len(stock)} tables, {rows:,} rows: {verdict}", flush=True)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Run capture, replay or equal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture", help="each tap's output to a file")
    cap.add_argument("--vendor", action="append", choices=[*TAPS, "all"], required=True)
    cap.add_argument("--quick", action="store_true", help="demo world")
    rep = sub.add_parser("replay", help="a captured file into stock and/or fast target")
    rep.add_argument("files", nargs="+", type=Path)
    rep.add_argument("--kind", action="append", choices=["stock", "fast"])
    rep.add_argument("--repeat", type=int, default=1)
    rep.add_argument("--profile", type=Path, default=None, help="py-spy output folder")
    rep.add_argument("--fastpath", type=Path, default=None, help="another target_fastpath.py")
    eq = sub.add_parser("equal", help="stock and fast load the same tables")
    eq.add_argument("files", nargs="+", type=Path)
    for p in (rep, eq):
        p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args(argv)
    if args.command == "capture":
        capture(args)
        return 0
    if args.command == "equal":
        return equal(args)
    if args.fastpath:
        FASTPATH_FILE.append(args.fastpath.resolve())
    results = replay(args)
    out = ROOT / "output" / "bench"
    path = out / f"loader-replay-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps({"results": results}, indent=1))
    print(f"written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
