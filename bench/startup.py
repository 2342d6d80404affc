"""What each tap costs before its first request: peak RSS and time of import, --about, discovery.

Usage (from the project root):

    .venv/bin/python bench/startup.py                    # five taps, 5 runs each, medians
    .venv/bin/python bench/startup.py --repeat 9 --tap tap-pagerduty
    .venv/bin/python bench/startup.py --venv meltano     # each tap's Meltano virtualenv

Each measurement is a process of its own, started under `nice` like the taps of the other
scripts: `python -c "import <tap>.tap"`, `<tap> --about`, and `<tap> --config <c>
--discover` with the few settings the tap requires (no request is made: every tap's
catalog is static). Peak RSS and CPU come from `wait4`, wall time from the clock around
the process; the median of `--repeat` runs, interleaved across taps, is printed with the
load average before and after. `--venv dev` (default) runs the project's `.venv`, as
`peers.py` does; `--venv meltano` runs `.meltano/extractors/<tap>/venv`, what `meltano run`
starts (the same sources: both install the taps and the runtime editable). A measurement,
never a test: nothing is asserted.
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
from pathlib import Path

from _harness import BIN, ROOT

#: tap -> (its module with the Tap class, the settings it requires to build its streams).
TAPS: dict[str, tuple[str, dict[str, object]]] = {
    "tap-pagerduty": ("tap_pagerduty.tap", {"token": "x"}),
    "tap-sentry": ("tap_sentry.tap", {"auth_token": "x", "organization": "acme"}),
    "tap-datadog": ("tap_datadog.tap", {"api_key": "x", "app_key": "y"}),
    "tap-github-reliability": (
        "tap_github_reliability.tap",
        {"auth_token": "x", "organizations": ["acme"]},
    ),
    "tap-postmortems": ("tap_postmortems.tap", {"source": "local", "local_path": "."}),
}


def bin_dir(tap: str, venv: str) -> Path:
    """Where the tap's interpreter and executable are."""
    if venv == "dev":
        return BIN
    return ROOT / ".meltano" / "extractors" / tap / "venv" / "bin"


def run(cmd: list[str]) -> dict[str, float]:
    """Run `cmd` under nice; its wall time, CPU seconds and peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(["nice", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else b""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd} failed:\n{err.decode(errors='replace')[-2000:]}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,
    }


def commands(tap: str, venv: str, workdir: Path) -> dict[str, list[str]]:
    """The three measured commands of one tap."""
    module, settings = TAPS[tap]
    bindir = bin_dir(tap, venv)
    config = workdir / f"{tap}.json"
    config.write_text(json.dumps(settings), encoding="utf-8")
    return {
        "import": [str(bindir / "python"), "-c", f"import {module}"],
        "about": [str(bindir / tap), "--about"],
        "discover": [str(bindir / tap), "--config", str(config), "--discover"],
    }


def main() -> None:
    """Measure and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tap", action="append", choices=sorted(TAPS), help="default: all")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--venv", choices=("dev", "meltano"), default="dev")
    args = parser.parse_args()
    taps = args.tap or list(TAPS)
    load_before = os.getloadavg()
    results: dict[str, dict[str, list[dict[str, float]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cmds = {tap: commands(tap, args.venv, Path(tmp)) for tap in taps}
        for tap in taps:  # one unmeasured start each: the page cache, not the code
            run(cmds[tap]["about"])
        for _ in range(args.repeat):
            for tap in taps:
                for what, cmd in cmds[tap].items():
                    results.setdefault(tap, {}).setdefault(what, []).append(run(cmd))
    load_after = os.getloadavg()
    print(f"venv {args.venv}; median of {args.repeat}; load average before", end=" ")
    print(f"{load_before[0]:.1f}, after {load_after[0]:.1f}\n")
    print("| tap | import: RSS, wall, CPU | --about | --discover |")
    print("|---|---|---|---|")
    for tap in taps:
        cells = []
        for what in ("import", "about", "discover"):
            runs = results[tap][what]
            rss = statistics.median(r["rss_mib"] for r in runs)
            wall = statistics.median(r["wall_s"] for r in runs)
            cpu = statistics.median(r["cpu_s"] for r in runs)
            cells.append(f"{rss:.1f} MiB, {wall:.2f} s, {cpu:.2f} s")
        print(f"| {tap} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
