"""Benchmark tap-datadog against the local sandbox: speed, request economy, memory.

Usage (from the project root, after ./scripts/bootstrap):

    .venv/bin/python bench/datadog.py            # the bench world (~10,000 monitors, ...)
    .venv/bin/python bench/datadog.py --quick    # smoke run on the demo world

As in bench/pagerduty.py, every process under test runs apart from this script: the
sandbox is `reliability-sandbox serve` on a free port, the tap is `tap-datadog`. This
script only counts RECORD lines per stream from the tap's stdout pipe, times the run,
reads the tap's peak RSS (`wait4`) and the sandbox's request counters, and compares the
requests with the minimum the API allows. It prints a table and writes JSON to
output/bench/datadog-<timestamp>.json. A measurement, never a test: nothing is asserted.

The minimum requests per stream: listings `ceil((n + 1) / page)` (the tap stops on a
short page), monitor events `ceil(n / 1000)` (cursor), synthetic results
`max(1, ceil(n / 150))` per test, SLO history `ceil(window / 90 days)` per SLO (the tap's
request span), one todos request per incident.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _harness import BIN, ROOT, free_port, http_json, log

API_KEY = "sandbox-dd-api-key"
APP_KEY = "sandbox-dd-app-key"
SLO_HISTORY_DAYS = 365


def expected(preset: str, anchor: datetime) -> dict[str, Any]:
    """Record counts and minimum requests, computed from the same world in-process."""
    from reliability_sandbox.org import Org, OrgConfig  # noqa: PLC0415
    from reliability_sandbox.vendors.datadog import DatadogAPI  # noqa: PLC0415

    api = DatadogAPI(Org(OrgConfig.preset(preset, anchor=anchor)))
    api._refresh()  # noqa: SLF001 - the benchmark reads the world, not the API
    monitors, slos, tests, downtimes = api._static_world()  # noqa: SLF001
    now = api.org.now
    results = {t.public_id: len(api.results(t, 0, 10**16)) for t in tests}
    now_ts = int(now.timestamp())
    first_day = (now - timedelta(days=SLO_HISTORY_DAYS)).date()
    first_ts = int(datetime(first_day.year, first_day.month, first_day.day, tzinfo=UTC).timestamp())
    days = (now_ts - 1) // 86400 - first_ts // 86400 + 1
    history_rows = 0
    for o in slos:
        for d in range(first_ts // 86400, (now_ts - 1) // 86400 + 1):
            if api.slo_day(o, d)["total"]:
                history_rows += 1
    chunks = math.ceil((now_ts - first_ts) / (90 * 86400))
    n_inc = len(api.org.incidents)
    counts = {
        "monitors": len(monitors),
        "monitor_events": len(api._events),  # noqa: SLF001
        "downtimes": len(downtimes),
        "synthetics_tests": len(tests),
        "synthetics_results": sum(results.values()),
        "slos": len(slos),
        "slo_history": history_rows,
        "incidents": n_inc,
        "incident_todos": sum(len(f.todos) for f in api._facts),  # noqa: SLF001
    }
    minimum = {
        "/api/v1/monitor": math.ceil((len(monitors) + 1) / 1000),
        "/api/v2/events": max(1, math.ceil(counts["monitor_events"] / 1000)),
        "/api/v1/downtime": 1,
        "/api/v1/synthetics/tests": math.ceil((len(tests) + 1) / 1000),
        "synthetics results": sum(max(1, math.ceil(n / 150)) for n in results.values()),
        "/api/v1/slo": math.ceil((len(slos) + 1) / 1000),
        "slo history": len(slos) * chunks,
        "/api/v2/incidents": math.ceil((n_inc + 1) / 100),
        "incident todos": n_inc,
    }
    return {"counts": counts, "minimum": minimum, "days": days}


def group(by_path: dict[str, int]) -> dict[str, int]:
    """Sandbox request counts per endpoint family."""
    out: Counter[str] = Counter()
    for path, n in by_path.items():
        p = path.removeprefix("/datadog")
        if p.endswith("/results"):
            out["synthetics results"] += n
        elif p.endswith("/history"):
            out["slo history"] += n
        elif p.endswith("/relationships/todos"):
            out["incident todos"] += n
        else:
            out[p] += n
    return dict(out)


def run_tap(config: Path) -> tuple[Counter[str], float, float, int]:
    """Run the tap, count RECORD lines per stream; return counts, seconds, MiB, code."""
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [str(BIN / "tap-datadog"), "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=err,
        )
        assert proc.stdout is not None  # noqa: S101 - Popen with PIPE
        for line in proc.stdout:
            if line.startswith(b'{"type":"RECORD"'):
                start = line.index(b'"stream":"') + 10
                counts[line[start : line.index(b'"', start)].decode()] += 1
        _, status, rusage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code:
            err.seek(0)
            log(err.read().decode()[-3000:])
    return counts, seconds, rusage.ru_maxrss / 1024, code


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="demo-size world: a smoke run")
    parser.add_argument("--concurrency", type=int, default=8, help="tap max_concurrency")
    args = parser.parse_args(argv)
    preset = "demo" if args.quick else "bench"
    anchor = datetime.now(UTC).replace(second=0, microsecond=0)
    log(f"computing the {preset} world's expected counts")
    want = expected(preset, anchor)
    port = free_port()
    log(f"starting the sandbox ({preset}) on port {port}")
    sandbox = subprocess.Popen(
        [
            str(BIN / "reliability-sandbox"),
            "serve",
            "--preset",
            preset,
            "--port",
            str(port),
            "--anchor",
            anchor.isoformat(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                http_json(f"{base}/_sandbox/health")
                break
            except OSError:
                time.sleep(0.1)
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.json"
            config.write_text(
                json.dumps(
                    {
                        "api_key": API_KEY,
                        "app_key": APP_KEY,
                        "api_url": f"{base}/datadog",
                        "start_date": (anchor - timedelta(days=800)).isoformat(),
                        "slo_history_days": SLO_HISTORY_DAYS,
                        "requests_per_minute": 0,
                        "max_concurrency": args.concurrency,
                    }
                )
            )
            http_json(f"{base}/_sandbox/stats/reset", "POST")
            log("running tap-datadog (all streams)")
            counts, seconds, rss, code = run_tap(config)
            stats = http_json(f"{base}/_sandbox/stats")
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=20)
    requests_by = group(stats["by_path"])
    total = sum(counts.values())
    report = {
        "preset": preset,
        "exit_code": code,
        "records": dict(counts),
        "expected_records": want["counts"],
        "records_total": total,
        "seconds": round(seconds, 2),
        "records_per_second": round(total / seconds),
        "requests": requests_by,
        "requests_total": stats["requests"],
        "minimum_requests": want["minimum"],
        "minimum_total": sum(want["minimum"].values()),
        "peak_rss_mib": round(rss, 1),
        "max_concurrency": args.concurrency,
    }
    print(f"\ntap-datadog on the {preset} world ({seconds:.1f} s, exit {code})\n")
    print(f"{'stream':<22}{'records':>10}{'expected':>10}")
    for stream, n in sorted(want["counts"].items()):
        print(f"{stream:<22}{counts.get(stream, 0):>10,}{n:>10,}")
    print(f"{'total':<22}{total:>10,}{sum(want['counts'].values()):>10,}")
    print(f"\nrecords/s (tap alone, start-up included): {report['records_per_second']:,}")
    print(f"\n{'endpoint':<28}{'requests':>10}{'minimum':>10}")
    for key, n in sorted(want["minimum"].items()):
        print(f"{key:<28}{requests_by.get(key, 0):>10,}{n:>10,}")
    print(f"{'total':<28}{stats['requests']:>10,}{report['minimum_total']:>10,}")
    print(f"\npeak RSS of the tap: {rss:.0f} MiB")
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"datadog-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\nJSON: {path.relative_to(ROOT)}")
    return code


if __name__ == "__main__":
    sys.exit(main())
