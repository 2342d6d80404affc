"""The fault suite, randomised: every scenario on every tap, many seeded points, one table.

Usage (from the project root):

    .venv/bin/python bench/faults.py                  # 1 run per scenario and tap, seed 1
    .venv/bin/python bench/faults.py --runs 3 --seed 7
    .venv/bin/python bench/faults.py --taps tap-sentry --scenarios kill_tap pg_crash
    .venv/bin/python bench/faults.py --taps tap-postmortems --marts   # + marts vs uninterrupted

The scenarios are tests/test_faults.py's (SIGKILL of the tap, SIGTERM of target-postgres,
Postgres crashed right after a state save, 429/5xx/dropped/truncated answers from the
vendor) and one more, Postgres crashed at a random moment of the load and restarted; each
runs `meltano run <tap> target-postgres` against the sandbox's test world and a private
embedded Postgres. Run `i` of a scenario on a tap uses seed `seed + i`. After each
case the warehouse is reconciled key by key with `GET /_sandbox/truth/<vendor>`:

- lost / duplicated / stale: summed over the runs, after recovery (all must be 0);
- interrupted lost: runs whose interrupted run left data missing (expected: that is the
  fault) and the exit codes of those runs — none may be 0;
- exit 0 after loss: runs where a run exited 0 although data was missing (must be 0);
- scenario checks failed: a scenario's own expectations that did not hold (sigterm_draining:
  stopped while draining, one ``[error]`` line, no traceback);
- not delivered: runs of kill_tap / sigterm_target whose tap ended before the seeded point
  was seen (the point is a fraction of the tap's output on the world as it is,
  `Rig.output_size`; a tap writes in 256 KiB chunks and on a loaded machine its last ones can
  go out between two polls): that run tested nothing, so it counts neither way (run more seeds);
- marts differ (with ``--marts``): cases whose marts, built by dbt on the recovered load,
  differ from those built on an uninterrupted load of the same world with the same history
  (when the case moves the world on, the reference loads it before and after; the tap's
  own models and the seeds; load-time columns left out) — must be 0.

A measurement, never a test: nothing is asserted; the process exits 1 if any cell is
non-zero so that a script can notice. JSON goes to output/bench/faults-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _harness import ROOT, log

sys.path.insert(0, str(ROOT / "tests"))
import test_faults as suite  # the suite's scenarios, from tests/


def print_table(cells: dict[tuple[str, str], dict[str, Any]], *, marts: bool) -> int:
    """The scenario x tap table; the sum of the cells that must be 0."""
    print(
        "| scenario | tap | runs | lost | duplicated | stale | extra | interrupted runs "
        "that lost data (exit codes) | exit 0 after loss | recovery failed "
        "| scenario checks failed | not delivered | marts differ |"
    )
    print("|" + "---|" * 13)
    bad = 0
    for (scenario, tap), c in cells.items():
        codes = ",".join(str(rc) for rc in c["exit_codes_after_loss"]) or "-"
        print(
            f"| {scenario} | {tap} | {c['runs']} | {c['lost']} | {c['duplicated']} | {c['stale']} "
            f"| {c['extra']} | {c['interrupted_lost']} ({codes}) | {c['exit0_after_loss']} "
            f"| {c['failed_recovery']} | {c['checks_failed']} | {c['not_delivered']} "
            f"| {c['marts_differ'] if marts else '-'} |"
        )
        bad += c["lost"] + c["duplicated"] + c["stale"] + c["extra"]
        bad += c["exit0_after_loss"] + c["failed_recovery"] + c["marts_differ"]
        bad += c["checks_failed"]
    return bad


def main(argv: list[str] | None = None) -> int:
    """Run the matrix and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="seeded runs per scenario and tap")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first run")
    parser.add_argument("--taps", nargs="+", default=list(suite.TAPS), choices=list(suite.TAPS))
    parser.add_argument(
        "--scenarios",
        nargs="+",
        default=list(suite.BENCH_SCENARIOS),
        choices=list(suite.BENCH_SCENARIOS),
    )
    parser.add_argument(
        "--marts",
        action="store_true",
        help="after each case, compare the marts with an uninterrupted run's (dbt: slower)",
    )
    args = parser.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C: the sandbox and the private Postgres are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    cells: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {
            "runs": 0,
            "lost": 0,
            "duplicated": 0,
            "stale": 0,
            "extra": 0,
            "interrupted_lost": 0,
            "exit_codes_after_loss": [],
            "exit0_after_loss": 0,
            "failed_recovery": 0,
            "marts_differ": 0,
            "checks_failed": 0,
            "not_delivered": 0,
            "seconds": 0.0,
            "notes": [],
        }
    )
    started = time.monotonic()
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp, suite.Rig(Path(tmp)) as rig:
        rig.track_reference = args.marts
        for i in range(args.runs):
            seed = args.seed + i
            for scenario in args.scenarios:
                for tap in args.taps:
                    t0 = time.monotonic()
                    out = suite.run_case(rig, scenario, tap, seed)
                    cell = cells[(scenario, tap)]
                    cell["runs"] += 1
                    cell["seconds"] += time.monotonic() - t0
                    final = out.final
                    for name in ("lost", "duplicated", "stale", "extra"):
                        cell[name] += getattr(final, name)
                    for _label, rc, rec in out.runs[:-1]:
                        if not rec.clean:
                            cell["interrupted_lost"] += 1
                            cell["exit_codes_after_loss"].append(rc)
                    cell["exit0_after_loss"] += len(out.exit_zero_after_loss)
                    cell["failed_recovery"] += out.runs[-1][1] != 0
                    cell["checks_failed"] += len(out.broken)
                    cell["not_delivered"] += out.delivered is False
                    cell["notes"] += [f"seed {seed}: {b[:300]}" for b in out.broken]
                    if args.marts:
                        differences = suite.compare_marts(rig, tap)
                        cell["marts_differ"] += bool(differences)
                        cell["notes"] += [f"seed {seed}: marts: {d[:300]}" for d in differences]
                    summary = "; ".join(
                        f"{label} exit {rc}: {rec.summary()}" for label, rc, rec in out.runs
                    )
                    cell["notes"].append(
                        f"seed {seed}: {out.note.splitlines()[0][:200]} | {summary}"
                    )
                    head = out.note.splitlines()[0][:120]
                    log(f"{scenario} {tap} seed {seed}: {head} | {summary[:300]}")

    bad = print_table(cells, marts=args.marts)
    total = sum(c["runs"] for c in cells.values())
    seeds = f"{args.seed}..{args.seed + args.runs - 1}"
    load_end = os.getloadavg()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(
        f"\n{total} cases in {time.monotonic() - started:.0f} s (seeds {seeds}), commit "
        f"{commit or '?'}, load average {load_start[0]:.1f} -> {load_end[0]:.1f}"
    )

    out_dir = ROOT / "output" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = out_dir / f"faults-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "args": vars(args),
                "commit": commit,
                "load_average": {"start": load_start, "end": load_end},
                "cells": [{"scenario": s, "tap": t, **c} for (s, t), c in cells.items()],
            },
            indent=2,
        )
    )
    log(f"wrote {path}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
