"""Benchmark tap-sentry against the local sandbox: speed, request economy, memory.

Usage (from the project root):

    .venv/bin/python bench/sentry.py            # bench world (>= 50,000 issues)
    .venv/bin/python bench/sentry.py --quick    # demo world, a smoke run

As in bench/pagerduty.py, every process under test runs apart from this script: the
sandbox is `reliability-sandbox serve` on a free port, the tap is `tap-sentry`; the script
counts RECORD lines per stream in the pipe (without parsing JSON), times the run, reads
the tap's peak RSS from `wait4` and the sandbox's request counters, and compares the
requests with the minimum possible. A measurement, never a test: nothing is asserted.
JSON goes to output/bench/sentry-<timestamp>.json.

Minimum requests: one per organisation, project list page, team list page; one per 100
issues; per issue one events request per 100 events (issues with events in range) and
one details request (activity); one per 100 releases; one per release with deploys.
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

from _harness import ANCHOR, BIN, ROOT, free_port, http_json, log, start_sandbox

TOKEN = "sandbox-sentry-token"  # noqa: S105 - the sandbox's public default token
TARGET_RECORDS_PER_S = 10_000
TARGET_REQUEST_OVERHEAD = 0.05


def minimum_requests(preset: str) -> tuple[dict[str, int], dict[str, int]]:
    """Records the sandbox serves and the fewest requests that could read them."""
    from reliability_sandbox.org import Org, OrgConfig  # noqa: PLC0415
    from reliability_sandbox.vendors.sentry import SentryAPI  # noqa: PLC0415

    api = SentryAPI(Org(OrgConfig.preset(preset, anchor=ANCHOR)))
    states = api.issue_states()
    events = [len(api.events(st)) for st in states]
    releases = api.visible_releases()
    deploys = [len([d for d in api._deploys_of(r) if d["_finished"] <= api.now]) for r in releases]  # noqa: SLF001
    records = {
        "organizations": 1,
        "projects": len(api.org.services),
        "teams": len(api.org.teams),
        "project_teams": sum(len(api.world.project_teams[s.index]) for s in api.org.services),
        "issues": len(states),
        "issue_events": sum(events),
        "issue_activity": sum(len(api.activity(st)) for st in states),
        "releases": len(releases),
        "release_deploys": sum(deploys),
    }
    minimum = {
        "organizations": 1,
        "projects": math.ceil(len(api.org.services) / 100),
        "teams": math.ceil(len(api.org.teams) / 100),
        "issues": math.ceil(len(states) / 100),
        "issue_events": sum(math.ceil(n / 100) for n in events if n),
        "issue_activity": len(states),
        "releases": math.ceil(len(releases) / 100),
        "release_deploys": sum(1 for n in deploys if n),
    }
    return records, minimum


def group(by_path: dict[str, int]) -> dict[str, int]:
    """Sandbox request counts per stream endpoint."""
    out: Counter[str] = Counter()
    for path, n in by_path.items():
        p = path.removeprefix("/sentry/api/0/")
        if p.endswith("/events/"):
            out["issue_events"] += n
        elif "/issues/" in p and p.rstrip("/").split("/")[-1].isdigit():
            out["issue_activity"] += n
        elif p.endswith("/issues/"):
            out["issues"] += n
        elif p.endswith("/deploys/"):
            out["release_deploys"] += n
        elif p.endswith("/releases/"):
            out["releases"] += n
        elif p.endswith("/teams/") and p.startswith("projects/"):
            out["project_teams"] += n
        elif p.endswith("/teams/"):
            out["teams"] += n
        elif p.endswith("/projects/"):
            out["projects"] += n
        else:
            out["organizations"] += n
    return dict(out)


def run_tap(base: str, workdir: Path, **settings: Any) -> dict[str, Any]:  # noqa: ANN401
    """One tap run, stdout counted by stream; wall time and the tap's peak RSS."""
    config = {
        "auth_token": TOKEN,
        "organization": "acme",
        "base_url": f"{base}/sentry",
        "start_date": (ANCHOR - timedelta(days=800)).isoformat(),
        "max_events_per_issue": 0,
        "issue_window_days": 30,
        **settings,
    }
    cfg = workdir / "config.json"
    cfg.write_text(json.dumps(config))
    http_json(f"{base}/_sandbox/stats/reset", "POST")
    errf = (workdir / "tap.stderr").open("wb")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "tap-sentry"), "--config", str(cfg)],
        stdout=subprocess.PIPE,
        stderr=errf,
    )
    counts: Counter[str] = Counter()
    assert proc.stdout is not None  # noqa: S101
    for line in proc.stdout:
        if line.startswith(b'{"type":"RECORD"'):
            stream = line[27 : line.index(b'"', 27)].decode()
            counts[stream] += 1
    _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stats = http_json(f"{base}/_sandbox/stats")
    return {
        "returncode": proc.returncode,
        "wall_s": wall,
        "records": dict(counts),
        "total": sum(counts.values()),
        "records_per_s": sum(counts.values()) / wall,
        "max_rss_mib": rusage.ru_maxrss / 1024,
        "cpu_s": rusage.ru_utime + rusage.ru_stime,
        "requests": group(stats["by_path"]),
        "requests_total": stats["requests"],
        "statuses": stats["by_status"],
    }


TARGET_POSTGRES = (
    ROOT / ".meltano" / "loaders" / "target-postgres" / "venv" / "bin" / "target-postgres"
)


def run_load(base: str, workdir: Path, **settings: Any) -> dict[str, Any]:  # noqa: ANN401
    """tap-sentry | target-postgres (use_copy) into a throwaway embedded Postgres."""
    from reliability_warehouse.embedded import EmbeddedWarehouse  # noqa: PLC0415

    warehouse = EmbeddedWarehouse(data_dir=workdir / "pgdata", port=free_port())
    warehouse.start()
    try:
        tap_cfg = workdir / "load-tap.json"
        tap_cfg.write_text(
            json.dumps(
                {
                    "auth_token": TOKEN,
                    "organization": "acme",
                    "base_url": f"{base}/sentry",
                    "start_date": (ANCHOR - timedelta(days=800)).isoformat(),
                    "max_events_per_issue": 0,
                    "issue_window_days": 30,
                    **settings,
                }
            )
        )
        target_cfg = workdir / "target.json"
        target_cfg.write_text(
            json.dumps(
                {
                    "sqlalchemy_url": (
                        warehouse.url().replace("postgresql://", "postgresql+psycopg://", 1)
                    ),
                    "default_target_schema": "raw_sentry",
                    # As the project's Meltano loader is configured.
                    "use_copy": True,
                    "validate_records": False,
                }
            )
        )
        start = time.perf_counter()
        with (workdir / "load.stderr").open("wb") as errf:
            tap = subprocess.Popen(
                [str(BIN / "tap-sentry"), "--config", str(tap_cfg)],
                stdout=subprocess.PIPE,
                stderr=errf,
            )
            target = subprocess.run(
                [str(TARGET_POSTGRES), "--config", str(target_cfg)],
                stdin=tap.stdout,
                stdout=subprocess.DEVNULL,
                stderr=errf,
                check=False,
            )
            tap.wait()
        wall = time.perf_counter() - start
        import psycopg  # noqa: PLC0415

        with psycopg.connect(warehouse.url()) as conn:
            tables = [
                r[0]
                for r in conn.execute(
                    "select table_name from information_schema.tables "
                    "where table_schema = 'raw_sentry'"
                )
            ]
            rows = {
                t: conn.execute(f'select count(*) from raw_sentry."{t}"').fetchone()[0]  # type: ignore[index]  # noqa: S608
                for t in tables
            }
    finally:
        warehouse.stop()
    total = sum(rows.values())
    return {
        "returncode": tap.returncode or target.returncode,
        "wall_s": wall,
        "rows": rows,
        "total": total,
        "records_per_s": total / wall,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="demo-size world: a smoke run")
    parser.add_argument("--concurrency", type=int, default=8, help="tap max_concurrency")
    parser.add_argument("--skip-load", action="store_true", help="skip tap | target-postgres")
    args = parser.parse_args(argv)
    preset = "demo" if args.quick else "bench"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc, base = start_sandbox(preset, workdir)
        try:
            log("tap alone, no latency")
            run = run_tap(base, workdir, max_concurrency=args.concurrency)
            if run["returncode"] != 0:
                log((workdir / "tap.stderr").read_text()[-3000:])
            load = None
            if not args.skip_load:
                log("tap | target-postgres (use_copy) into an embedded Postgres")
                load = run_load(base, workdir, max_concurrency=args.concurrency)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    # Only now build the world in this process: a child forked from a large parent
    # reports the parent's size as its peak RSS (`ru_maxrss` survives exec).
    log(f"computing the {preset} world's truth and request minimum")
    records, minimum = minimum_requests(preset)
    rows = []
    for stream in records:
        got = run["records"].get(stream, 0)
        req = run["requests"].get(stream, 0)
        low = minimum.get(stream)
        rows.append((stream, records[stream], got, req, low))
    print(f"\ntap-sentry on the {preset} world (anchor {ANCHOR:%Y-%m-%d}), no added latency")
    print(f"{'stream':<16}{'served':>10}{'emitted':>10}{'requests':>10}{'minimum':>10}")
    for stream, served, got, req, low in rows:
        low_s = "-" if low is None else str(low)
        print(f"{stream:<16}{served:>10,}{got:>10,}{req:>10,}{low_s:>10}")
    total_min = sum(minimum.values())
    overhead = run["requests_total"] / total_min - 1
    print(
        f"\nrecords: {run['total']:,} in {run['wall_s']:.1f}s = {run['records_per_s']:,.0f} "
        f"records/s (target {TARGET_RECORDS_PER_S:,}); tap CPU {run['cpu_s']:.1f}s"
    )
    print(
        f"requests: {run['requests_total']:,} vs minimum {total_min:,} "
        f"({overhead:+.1%}; target <= +{TARGET_REQUEST_OVERHEAD:.0%}); statuses {run['statuses']}"
    )
    print(f"peak RSS of the tap: {run['max_rss_mib']:.0f} MiB")
    if load is not None:
        same = load["rows"] == {k: v for k, v in run["records"].items() if v}
        print(
            f"tap | target-postgres: {load['total']:,} rows in {load['wall_s']:.1f}s = "
            f"{load['records_per_s']:,.0f} records/s end to end; rows equal the records "
            f"emitted alone: {'yes' if same else 'NO'}"
        )
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"sentry-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(
        json.dumps({"preset": preset, "served": records, "minimum": minimum, **run, "load": load})
    )
    print(f"written to {path.relative_to(ROOT)}")
    return 0 if run["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
