"""What the SDK seam's shortcuts are worth, end to end: each API tap with and without them.

The runtime replaces two SDK paths: record messages without per-field walks that do nothing
(`sdk_seam.FastRecordMessages`) and a writer that writes Singer messages in chunks instead of
one flush per message (`writer.BufferedMsgSpecWriter`). `RELIABILITY_TAP_SDK_PATHS=plain` puts
the SDK's own behaviour back. This runs each tap both ways against one sandbox — alone, and
into target-postgres — so that an override is kept only where it moves the end-to-end figure.

    .venv/bin/python bench/seam.py                      # demo world, every API tap
    .venv/bin/python bench/seam.py --vendor pagerduty --preset bench
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import ROOT, http_json, log, start_sandbox
from compare import VENDORS, end_to_end, tap_alone

MODES = {"sdk": "plain", "seam": ""}


def measure(vendor: str, preset: str, repeat: int) -> dict[str, Any]:
    """Both modes of one tap against one sandbox: tap alone (median) and end to end."""
    executable, schema, make_config = VENDORS[vendor]
    tap = ROOT / ".venv" / "bin" / executable
    report: dict[str, Any] = {"vendor": vendor, "preset": preset}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        proc, base = start_sandbox(preset, workdir)
        try:
            config = workdir / "config.json"
            config.write_text(json.dumps(make_config(base)))
            alone: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
            loads: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
            for i in range(repeat):
                for mode in MODES if i % 2 == 0 else reversed(list(MODES)):
                    os.environ["RELIABILITY_TAP_SDK_PATHS"] = MODES[mode]
                    log(f"{vendor} {mode} paths, run {i + 1}/{repeat}")
                    http_json(f"{base}/_sandbox/stats/reset", "POST")
                    alone[mode].append(tap_alone(tap, config))
                    loads[mode].append(end_to_end(tap, config, schema, workdir))
            for mode in MODES:
                report[mode] = {
                    "records": alone[mode][0]["records"],
                    "records_per_s": statistics.median(r["records_per_s"] for r in alone[mode]),
                    "cpu_s": statistics.median(r["cpu_s"] for r in alone[mode]),
                    "rows": loads[mode][0]["rows"],
                    "e2e_rows_per_s": statistics.median(r["rows_per_s"] for r in loads[mode]),
                }
        finally:
            os.environ.pop("RELIABILITY_TAP_SDK_PATHS", None)
            proc.terminate()
            proc.wait(timeout=30)
    return report


def main(argv: list[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendor", choices=[*VENDORS, "all"], default="all")
    parser.add_argument("--preset", choices=["test", "demo", "bench"], default="demo")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    columns = ("records", "rec/s", "cpu s", "rows")
    print(f"{'tap':<24}{'paths':<6}" + "".join(f"{c:>9}" for c in columns) + f"{'e2e rows/s':>11}")
    for vendor in list(VENDORS) if args.vendor == "all" else [args.vendor]:
        report = measure(vendor, args.preset, args.repeat)
        (out / f"seam-{vendor}.json").write_text(json.dumps(report, indent=2))
        for mode in MODES:
            r = report[mode]
            print(
                f"{VENDORS[vendor][0]:<24}{mode:<6}{r['records']:>9}{r['records_per_s']:>9.0f}"
                f"{r['cpu_s']:>7.1f}{r['rows']:>9}{r['e2e_rows_per_s']:>11.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
