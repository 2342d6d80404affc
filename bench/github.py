"""Benchmark tap-github-reliability against the local sandbox: speed, requests, memory.

Usage (from the project root):

    .venv/bin/python bench/github.py              # bench world (>= 2,000 repositories,
                                                  # >= 200,000 pull requests)
    .venv/bin/python bench/github.py --quick      # demo world, a smoke run
    .venv/bin/python bench/github.py --latency 150  # also a run with 150 ms per request

As in bench/sentry.py, every process under test runs apart from this script: the sandbox
is `reliability-sandbox serve` on a free port, the tap is `tap-github-reliability`; the
script counts RECORD lines per stream in the pipe (without parsing JSON), times the run,
reads the tap's peak RSS from `wait4` and the sandbox's request counters, and compares the
requests with the minimum possible. A first, unmeasured run lets the sandbox derive its
world (`--cold` skips it). A measurement, never a test: nothing is asserted.
JSON goes to output/bench/github-<timestamp>.json.

Minimum requests of a first sync: one per 100 teams and repositories; two per team for
members (the list is read once per role: it carries no role); one per 100 repositories of
each team; per repository one per 100 hooks, rulesets, environments, deployments,
releases, pull requests and workflow runs (at least one each) and one for the branch
protection; one per deployment for its statuses.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _harness import ANCHOR, BIN, ROOT, http_json, log, start_sandbox

TOKEN = "sandbox-github-token"  # noqa: S105 - the sandbox's public default token
TARGET_RECORDS_PER_S = 10_000
TARGET_REQUEST_OVERHEAD = 0.05
PER_REPO = (
    "repo_hooks",
    "branch_protection",
    "rulesets",
    "environments",
    "deployments",
    "releases",
    "pull_requests",
    "workflow_runs",
)


def minimum_requests(preset: str) -> tuple[dict[str, int], dict[str, int]]:
    """Records the sandbox serves and the fewest requests that could read them."""
    from reliability_sandbox.org import Org, OrgConfig  # noqa: PLC0415
    from reliability_sandbox.vendors.github import GitHubAPI  # noqa: PLC0415

    truth = GitHubAPI(Org(OrgConfig.preset(preset, anchor=ANCHOR))).truth()

    def pages(n: int) -> int:
        return max(1, math.ceil(n / 100))

    def listed(value: Any) -> int:  # noqa: ANN401
        return len(value) if isinstance(value, list) else 0

    team_repos = Counter(slug for owners in truth["repo_teams"].values() for slug, _ in owners)
    records = {
        "teams": len(truth["teams"]),
        "team_members": sum(len(m) for m in truth["team_members"].values()),
        "repo_teams": sum(len(v) for v in truth["repo_teams"].values()),
        "repositories": len(truth["repositories"]),
        "branch_protection": len(truth["branch_protection"]),
        "deployment_statuses": sum(len(v) for v in truth["deployment_statuses"].values()),
    }
    minimum = {
        "teams": pages(len(truth["teams"])),
        "team_members": 2 * len(truth["teams"]),
        "repo_teams": sum(pages(team_repos[t["slug"]]) for t in truth["teams"]),
        "repositories": pages(len(truth["repositories"])),
        "branch_protection": len(truth["branch_protection"]),
        "deployment_statuses": sum(len(v) for v in truth["deployments"].values()),
    }
    for stream in PER_REPO:
        if stream == "branch_protection":
            continue
        records[stream] = sum(listed(v) for v in truth[stream].values())
        minimum[stream] = sum(pages(listed(v)) for v in truth[stream].values())
    return records, minimum


#: Path suffix -> stream, first match wins (team repositories before org repositories).
_SUFFIXES = (
    ("/statuses", "deployment_statuses"),
    ("/members", "team_members"),
    ("/hooks", "repo_hooks"),
    ("/protection", "branch_protection"),
    ("/rulesets", "rulesets"),
    ("/environments", "environments"),
    ("/deployments", "deployments"),
    ("/releases", "releases"),
    ("/pulls", "pull_requests"),
    ("/actions/runs", "workflow_runs"),
    ("/teams", "teams"),
)


def group(by_path: dict[str, int]) -> dict[str, int]:
    """Sandbox request counts per stream endpoint."""
    out: Counter[str] = Counter()
    for path, n in by_path.items():
        p = path.removeprefix("/github")
        stream = next((name for suffix, name in _SUFFIXES if p.endswith(suffix)), None)
        if stream is None and p.startswith("/orgs/") and p.endswith("/repos"):
            stream = "repo_teams" if "/teams/" in p else "repositories"
        out[stream or "other"] += n
    return dict(out)


def run_tap(base: str, workdir: Path, **settings: Any) -> dict[str, Any]:  # noqa: ANN401
    """One tap run, stdout counted by stream; wall time and the tap's peak RSS."""
    config = {
        "auth_token": TOKEN,
        "organizations": ["acme"],
        "api_url": f"{base}/github",
        **settings,
    }
    cfg = workdir / "config.json"
    cfg.write_text(json.dumps(config))
    http_json(f"{base}/_sandbox/stats/reset", "POST")
    errf = (workdir / "tap.stderr").open("wb")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "tap-github-reliability"), "--config", str(cfg)],
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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="demo-size world: a smoke run")
    parser.add_argument("--concurrency", type=int, default=8, help="tap max_concurrency")
    parser.add_argument(
        "--latency", type=float, default=0, help="also run with this latency (ms) per request"
    )
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up run (the sandbox's world build counts)"
    )
    args = parser.parse_args(argv)
    preset = "demo" if args.quick else "bench"
    latency_run = None
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc, base = start_sandbox(preset, workdir)
        try:
            if not args.cold:
                # The sandbox derives each repository's history on first use (seconds for
                # the bench world): one unmeasured run, so the figures are the tap's.
                log("warm-up run (not measured): the sandbox derives its world")
                run_tap(base, workdir, max_concurrency=args.concurrency)
            log("tap alone, no latency")
            run = run_tap(base, workdir, max_concurrency=args.concurrency)
            if run["returncode"] != 0:
                log((workdir / "tap.stderr").read_text()[-3000:])
            if args.latency:
                log(f"tap alone, {args.latency:.0f} ms per request")
                http_json(f"{base}/_sandbox/faults", "PUT", {"latency_ms": args.latency})
                latency_run = run_tap(base, workdir, max_concurrency=args.concurrency)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    # Only now build the world in this process: a child forked from a large parent
    # reports the parent's size as its peak RSS (`ru_maxrss` survives exec).
    log(f"computing the {preset} world's truth and request minimum")
    records, minimum = minimum_requests(preset)
    print(f"\ntap-github-reliability on the {preset} world (anchor {ANCHOR:%Y-%m-%d})")
    print(f"{'stream':<20}{'served':>10}{'emitted':>10}{'requests':>10}{'minimum':>10}")
    for stream in records:
        got = run["records"].get(stream, 0)
        req = run["requests"].get(stream, 0)
        print(f"{stream:<20}{records[stream]:>10,}{got:>10,}{req:>10,}{minimum[stream]:>10,}")
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
    if latency_run is not None:
        print(
            f"with {args.latency:.0f} ms latency: {latency_run['total']:,} records in "
            f"{latency_run['wall_s']:.1f}s = {latency_run['records_per_s']:,.0f} records/s, "
            f"{latency_run['requests_total']:,} requests, peak RSS "
            f"{latency_run['max_rss_mib']:.0f} MiB"
        )
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"github-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(
        json.dumps(
            {
                "preset": preset,
                "served": records,
                "minimum": minimum,
                **run,
                "latency_run": latency_run,
            }
        )
    )
    print(f"written to {path.relative_to(ROOT)}")
    return 0 if run["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
