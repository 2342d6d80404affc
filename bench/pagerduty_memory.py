"""What holds tap-pagerduty's memory: RSS over time and the top allocation sites at the peak.

Usage (from the project root):

    .venv/bin/python bench/pagerduty_memory.py               # 10,000 incidents, one window
    .venv/bin/python bench/pagerduty_memory.py --incidents 20000 --days 731  # peers.py's world
    .venv/bin/python bench/pagerduty_memory.py --tracemalloc  # also where the peak is
    .venv/bin/python bench/pagerduty_memory.py --pythonpath /tmp/before  # a previous copy

The shape (issue 18): one PagerDuty window of `--incidents` incidents, created within
`--days` days (default 2: far less than the API's six-month window, so the tap's only way to
bound memory is its own splitting), served by the sandbox (`Sandbox` in a process of its own:
this script with `--serve`). The tap reads the `incidents` stream alone (as `bench/peers.py`
does; `--all` selects every stream), first sync; the script samples its RSS every half
second (`/proc/<pid>/status`) and reads the peak from `wait4`. With `--tracemalloc` the tap
runs under `tracemalloc` (slower, and the figure includes its own overhead): a thread keeps
the snapshot of the highest traced size and the tap prints its top allocation sites at exit.
A measurement, never a test: nothing is asserted. JSON: output/bench/pagerduty-memory-*.json.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _harness import (
    BIN,
    env_with_pythonpath,
    http_json,
    log,
    rss_curve,
    run_measured,
    start_sandbox,
    write_result,
)

TOKEN = "sandbox-pagerduty-token"  # noqa: S105 - the sandbox's public default token
PEER_RSS_MIB = 39  # tap-pagerduty 0.3.0 on peers.py's 20,000-incident world (bench/README.md)
TARGET_RSS_MIB = 150

#: Run the tap with tracemalloc; keep the snapshot at the highest traced size.
TRACED = """
import atexit, sys, threading, time, tracemalloc
tracemalloc.start(int(sys.argv.pop(1)))
best = {"size": 0, "snap": None}
def watch():
    while True:
        time.sleep(0.25)
        size = tracemalloc.get_traced_memory()[0]
        if size > best["size"] * 1.02:
            best["size"], best["snap"] = size, tracemalloc.take_snapshot()
threading.Thread(target=watch, daemon=True).start()
def report():
    snap = best["snap"]
    if snap is None:
        return
    print(f"[tracemalloc] peak sampled {best['size'] / 2**20:.1f} MiB traced; top sites:",
          file=sys.stderr)
    for stat in snap.statistics("traceback")[:12]:
        print(f"[tracemalloc] {stat.size / 2**20:7.1f} MiB {stat.count:>8} blocks", file=sys.stderr)
        for line in stat.traceback.format(limit=6)[-12:]:
            print(f"[tracemalloc]     {line}", file=sys.stderr)
atexit.register(report)
from tap_pagerduty.tap import TapPagerDuty
TapPagerDuty.cli()
"""


def serve(port: int, incidents: int, days: int) -> None:
    """Serve the world until SIGTERM (`--serve`; a process of its own)."""
    from reliability_sandbox import OrgConfig, Sandbox  # noqa: PLC0415

    anchor = datetime.now(UTC).replace(second=0, microsecond=0)
    world = OrgConfig.preset("bench", anchor=anchor, incidents=incidents, history_days=days)
    sandbox = Sandbox(world, port=port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with sandbox:
        while True:
            time.sleep(3600)


def _catalog(cfg: Path, workdir: Path, *, every: bool) -> Path:
    out = subprocess.run(
        [str(BIN / "tap-pagerduty"), "--config", str(cfg), "--discover"],
        capture_output=True,
        check=True,
    ).stdout
    catalog = json.loads(out)
    for entry in catalog["streams"]:
        for md in entry["metadata"]:
            if md["breadcrumb"] == []:
                md["metadata"]["selected"] = every or entry["tap_stream_id"] == "incidents"
    path = workdir / "catalog.json"
    path.write_text(json.dumps(catalog))
    return path


def run_tap(base: str, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One first sync: records per stream, RSS over time, peak RSS, CPU, requests."""
    health = http_json(f"{base}/_sandbox/health")
    now = datetime.fromisoformat(health["now"])
    start = (now - timedelta(days=args.days + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    config = {"token": TOKEN, "api_url": f"{base}/pagerduty", "start_date": start}
    config["requests_per_minute"] = 0
    cfg = workdir / "config.json"
    cfg.write_text(json.dumps(config))
    catalog = _catalog(cfg, workdir, every=args.all)
    tap_args = ["--config", str(cfg), "--catalog", str(catalog)]
    if args.tracemalloc:
        cmd = [sys.executable, "-c", TRACED, str(args.frames), *tap_args]
    else:
        cmd = [sys.executable, "-m", "tap_pagerduty", *tap_args]
    http_json(f"{base}/_sandbox/stats/reset", "POST")
    err_path = workdir / "tap.stderr"
    run = run_measured(cmd, err_path, env=env_with_pythonpath(args.pythonpath))
    stderr = err_path.read_text(errors="replace")
    return {
        **run,
        "requests": http_json(f"{base}/_sandbox/stats")["requests"],
        "tracemalloc": [ln for ln in stderr.splitlines() if ln.startswith("[tracemalloc]")],
        "stderr_tail": stderr[-3000:],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with `--serve`, the sandbox) and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=2, help="history the incidents span")
    parser.add_argument("--all", action="store_true", help="every stream, not only incidents")
    parser.add_argument("--tracemalloc", action="store_true", help="top allocation sites")
    parser.add_argument("--frames", type=int, default=12, help="tracemalloc frames kept")
    parser.add_argument("--pythonpath", default=None, help="put this path first (old code)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.port, args.incidents, args.days)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        log(f"sandbox: {args.incidents:,} incidents over {args.days} days")
        cmd = [sys.executable, __file__, "--serve"]
        cmd += ["--incidents", str(args.incidents), "--days", str(args.days)]
        proc, base = start_sandbox("", workdir, 600, cmd)
        try:
            run = run_tap(base, workdir, args)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    if run["returncode"] != 0:
        log(run["stderr_tail"])
    title = f"tap-pagerduty, {args.incidents:,} incidents over {args.days} days"
    print(f"\n{title} ({args.pythonpath or 'this checkout'})")
    for stream, n in sorted(run["records"].items()):
        print(f"  {stream:<28}{n:>10,}")
    print(f"  RSS while it ran (records emitted: MiB): {rss_curve(run['rss_samples'])}")
    print(
        f"peak RSS {run['max_rss_mib']:.0f} MiB (target <= {TARGET_RSS_MIB}, peer "
        f"{PEER_RSS_MIB}); {run['wall_s']:.1f}s, tap CPU {run['cpu_s']:.1f}s; "
        f"{run['requests']:,} requests"
    )
    for line in run["tracemalloc"]:
        print(line)
    write_result("pagerduty-memory", {"args": vars(args), **run})
    return 0 if run["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
