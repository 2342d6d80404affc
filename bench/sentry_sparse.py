"""Requests tap-sentry spends on issues, sparse and dense, against the minimum.

Usage (from the project root):

    .venv/bin/python bench/sentry_sparse.py                         # both shapes
    .venv/bin/python bench/sentry_sparse.py --pythonpath /tmp/old   # a previous version

Shapes (the sandbox's generator with a 90-day history ending now):

- `sparse`: ~500 issues over 90 days (200 incidents): the shape where one request per
  time window costs far more than one per 100 issues;
- `dense`: ~5,000 issues over 90 days (2,000 incidents).

The tap runs as a process with only `issues` selected (its children cost one request per
issue whatever the windows), `start_date` 90 days back, every other setting its default;
the sandbox (in this process) counts the requests on the issues endpoint. The minimum
is one per 100 issues. A measurement, never a test: nothing is asserted. JSON goes to
output/bench/sentry-sparse-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from _harness import ROOT, log

SHAPES = {"sparse": 200, "dense": 2_000}


def run_shape(name: str, incidents: int, pythonpath: str | None) -> dict[str, Any]:
    """One first sync of `issues` on a 90-day world of `incidents` incidents."""
    from pytest_reliability_sandbox import tap_runner  # noqa: PLC0415
    from reliability_sandbox import OrgConfig, Sandbox  # noqa: PLC0415

    if pythonpath:
        os.environ["PYTHONPATH"] = pythonpath + os.pathsep + os.environ.get("PYTHONPATH", "")
    # The world ends now: the tap's sync range ends at the clock, so an older anchor
    # would add empty months to the range (and empty calendar windows to the count).
    anchor = datetime.now(UTC).replace(second=0, microsecond=0)
    config = OrgConfig.preset("test", anchor=anchor, incidents=incidents, history_days=90)
    with Sandbox(config) as sb:
        served = len(sb.vendor("sentry").truth()["issues"]) if hasattr(sb, "truth_sentry") else None
        settings = {
            "auth_token": sb.vendor("sentry").credentials["auth_token"],
            "organization": "acme",
            "base_url": sb.vendor("sentry").url,
            "start_date": (anchor - timedelta(days=90)).isoformat(),
        }
        sb.reset_stats()
        start = time.perf_counter()
        run = tap_runner.run_tap("tap_sentry", settings, streams=["issues"], timeout=1800)
        wall = time.perf_counter() - start
        by_path = sb.stats()["by_path"]
    issue_requests = sum(n for path, n in by_path.items() if path.rstrip("/").endswith("/issues"))
    emitted = len(run.records.get("issues", []))
    minimum = max(1, math.ceil(emitted / 100))
    return {
        "shape": name,
        "incidents": incidents,
        "served": served,
        "emitted": emitted,
        "issue_requests": issue_requests,
        "minimum": minimum,
        "ratio": issue_requests / minimum,
        "returncode": run.returncode,
        "wall_s": wall,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the shapes and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append", default=None)
    parser.add_argument("--pythonpath", default=None, help="put this path first (old code)")
    args = parser.parse_args(argv)
    results = []
    for name in args.shape or list(SHAPES):
        log(f"{name}: {SHAPES[name]:,} incidents over 90 days")
        results.append(run_shape(name, SHAPES[name], args.pythonpath))
    print(f"\ntap-sentry issues requests ({args.pythonpath or 'this checkout'})")
    print(f"{'shape':<8}{'issues':>8}{'requests':>10}{'minimum':>9}{'ratio':>8}")
    for r in results:
        print(
            f"{r['shape']:<8}{r['emitted']:>8,}{r['issue_requests']:>10,}{r['minimum']:>9,}"
            f"{r['ratio']:>7.2f}x" + ("" if r["returncode"] == 0 else "  (tap failed)")
        )
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"sentry-sparse-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps({"pythonpath": args.pythonpath, "results": results}))
    print(f"written to {path.relative_to(ROOT)}")
    return 0 if all(r["returncode"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
