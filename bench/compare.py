"""Two versions of the API taps side by side, against one sandbox: is the new one slower?

Usage::

    git worktree add ../before <commit> && (cd ../before && ./scripts/bootstrap)
    .venv/bin/python bench/compare.py --before ../before            # demo world, every tap
    .venv/bin/python bench/compare.py --before ../before --vendor github --preset bench

Both versions' taps read the same world from this checkout's sandbox (quirks off), so the
figures differ only by the taps: tap alone (stdout counted by stream, `--repeat` runs each,
alternating before/after, median) and end to end (tap | target-postgres with the loader's
settings into a throwaway embedded Postgres, rows counted, `--load-repeat` runs each,
alternating, median). Printed, written as JSON to
`output/bench/compare-<vendor>.json`, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from _harness import ANCHOR, ROOT, free_port, http_json, log, start_sandbox

START = (ANCHOR - timedelta(days=800)).isoformat()
#: vendor -> (tap executable, schema, config for a sandbox at `base`).
VENDORS: dict[str, tuple[str, str, Any]] = {
    "pagerduty": (
        "tap-pagerduty",
        "raw_pagerduty",
        lambda base: {
            "token": "sandbox-pagerduty-token",
            "api_url": f"{base}/pagerduty",
            "start_date": START,
            "requests_per_minute": 0,
        },
    ),
    "sentry": (
        "tap-sentry",
        "raw_sentry",
        lambda base: {
            "auth_token": "sandbox-sentry-token",
            "organization": "acme",
            "base_url": f"{base}/sentry",
            "start_date": START,
            "max_events_per_issue": 0,
            "issue_window_days": 30,
        },
    ),
    "datadog": (
        "tap-datadog",
        "raw_datadog",
        lambda base: {
            "api_key": "sandbox-dd-api-key",
            "app_key": "sandbox-dd-app-key",
            "api_url": f"{base}/datadog",
            "start_date": START,
            "requests_per_minute": 0,
        },
    ),
    "github": (
        "tap-github-reliability",
        "raw_github",
        lambda base: {
            "auth_token": "sandbox-github-token",
            "organizations": ["acme"],
            "api_url": f"{base}/github",
        },
    ),
}
TARGET_POSTGRES = (
    ROOT / ".meltano" / "loaders" / "target-postgres" / "venv" / "bin" / "target-postgres"
)


def tap_alone(executable: Path, config: Path) -> dict[str, Any]:
    """One run; RECORD lines counted per stream; wall, CPU and peak RSS of the tap."""
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [str(executable), "--config", str(config)], stdout=subprocess.PIPE, stderr=err
        )
        assert proc.stdout is not None  # noqa: S101 - Popen with PIPE
        for line in proc.stdout:
            if line.startswith(b'{"type":"RECORD"'):
                start = line.index(b'"stream":"') + 10
                counts[line[start : line.index(b'"', start)].decode()] += 1
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            sys.stderr.write(err.read()[-2000:].decode(errors="replace"))
    total = sum(counts.values())
    return {
        "returncode": os.waitstatus_to_exitcode(status),
        "records": total,
        "wall_s": wall,
        "records_per_s": total / wall,
        "cpu_s": rusage.ru_utime + rusage.ru_stime,
        "max_rss_mib": rusage.ru_maxrss / 1024,
    }


def end_to_end(executable: Path, config: Path, schema: str, workdir: Path) -> dict[str, Any]:
    """The tap piped into target-postgres (use_copy, no validation), fresh embedded Postgres."""
    import psycopg  # noqa: PLC0415
    from reliability_warehouse.embedded import EmbeddedWarehouse  # noqa: PLC0415

    warehouse = EmbeddedWarehouse(data_dir=workdir / "pgdata", port=free_port())
    warehouse.start()
    try:
        target_cfg = workdir / "target.json"
        target_cfg.write_text(
            json.dumps(
                {
                    "sqlalchemy_url": warehouse.url().replace(
                        "postgresql://", "postgresql+psycopg://", 1
                    ),
                    "default_target_schema": schema,
                    "use_copy": True,
                    "validate_records": False,
                }
            )
        )
        started = time.perf_counter()
        with (workdir / "load.stderr").open("wb") as errf:
            tap = subprocess.Popen(
                [str(executable), "--config", str(config)], stdout=subprocess.PIPE, stderr=errf
            )
            target = subprocess.run(
                [str(TARGET_POSTGRES), "--config", str(target_cfg)],
                stdin=tap.stdout,
                stdout=subprocess.DEVNULL,
                stderr=errf,
                check=False,
            )
            tap.wait()
        wall = time.perf_counter() - started
        with psycopg.connect(warehouse.url()) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "select table_name from information_schema.tables where table_schema = %s",
                    (schema,),
                )
            ]
            rows = sum(
                conn.execute(f'select count(*) from {schema}."{t}"').fetchone()[0]  # type: ignore[index]  # noqa: S608
                for t in tables
            )
    finally:
        warehouse.stop()
        subprocess.run(["rm", "-rf", str(workdir / "pgdata")], check=False)
    return {
        "returncode": tap.returncode or target.returncode,
        "rows": rows,
        "wall_s": wall,
        "rows_per_s": rows / wall,
    }


def compare(vendor: str, before: Path, preset: str, repeat: int, *, load: int) -> dict[str, Any]:
    """Both versions of one tap against one sandbox (`load` end-to-end runs of each)."""
    executable, schema, make_config = VENDORS[vendor]
    taps = {
        "before": before / ".venv" / "bin" / executable,
        "after": ROOT / ".venv" / "bin" / executable,
    }
    report: dict[str, Any] = {"vendor": vendor, "preset": preset}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc, base = start_sandbox(preset, workdir)
        try:
            config = workdir / "config.json"
            config.write_text(json.dumps(make_config(base)))
            runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
            for i in range(repeat):
                for which in ("before", "after") if i % 2 == 0 else ("after", "before"):
                    log(f"{vendor} {which} tap alone, run {i + 1}/{repeat}")
                    http_json(f"{base}/_sandbox/stats/reset", "POST")
                    result = tap_alone(taps[which], config)
                    result["requests"] = http_json(f"{base}/_sandbox/stats")["requests"]
                    runs[which].append(result)
            for which in ("before", "after"):
                alone = runs[which]
                report[which] = {
                    "returncode": max(r["returncode"] for r in alone),
                    "records": alone[0]["records"],
                    "requests": alone[0]["requests"],
                    "records_per_s": statistics.median(r["records_per_s"] for r in alone),
                    "cpu_s": statistics.median(r["cpu_s"] for r in alone),
                    "max_rss_mib": max(r["max_rss_mib"] for r in alone),
                }
            loads: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
            for i in range(load):
                for which in ("before", "after") if i % 2 == 0 else ("after", "before"):
                    log(f"{vendor} {which} tap | target-postgres, run {i + 1}/{load}")
                    loads[which].append(end_to_end(taps[which], config, schema, workdir))
            for which, results in loads.items():
                if results:
                    report[which]["load"] = {
                        "returncode": max(r["returncode"] for r in results),
                        "rows": results[0]["rows"],
                        "rows_per_s": statistics.median(r["rows_per_s"] for r in results),
                        "runs": [round(r["rows_per_s"]) for r in results],
                    }
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout with its own .venv")
    parser.add_argument("--vendor", choices=[*VENDORS, "all"], default="all")
    parser.add_argument("--preset", choices=["test", "demo", "bench"], default="demo")
    parser.add_argument("--repeat", type=int, default=3, help="tap-alone runs of each version")
    parser.add_argument(
        "--load-repeat", type=int, default=1, help="tap | target-postgres runs of each (0: none)"
    )
    args = parser.parse_args(argv)
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    vendors = list(VENDORS) if args.vendor == "all" else [args.vendor]
    print(
        f"{'tap':<24}{'version':<8}{'exit':>5}{'records':>9}{'requests':>9}{'rec/s':>9}"
        f"{'cpu s':>7}{'RSS MiB':>8}{'e2e rows/s':>11}"
    )
    for vendor in vendors:
        report = compare(
            vendor, args.before.resolve(), args.preset, args.repeat, load=args.load_repeat
        )
        (out / f"compare-{vendor}.json").write_text(json.dumps(report, indent=2))
        for which in ("before", "after"):
            r = report[which]
            e2e = f"{r['load']['rows_per_s']:.0f}" if "load" in r else "-"
            print(
                f"{VENDORS[vendor][0]:<24}{which:<8}{r['returncode']:>5}{r['records']:>9}"
                f"{r['requests']:>9}{r['records_per_s']:>9.0f}{r['cpu_s']:>7.1f}"
                f"{r['max_rss_mib']:>8.0f}{e2e:>11}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
