"""The memory floor of a singer-sdk tap: peak RSS of a tap that makes no request and emits nothing.

Usage (from the project root):

    .venv/bin/python bench/sdk_floor.py                 # 5 runs each, medians
    .venv/bin/python bench/sdk_floor.py --repeat 9 --peer .bench/peers/tap-pagerduty

Issue 18 asks every tap to use no more memory than its installable peer. The PagerDuty peer,
`tap-pagerduty` 0.3.0, is a singer-python tap (singer-python 6, jsonschema 2.6), not a
singer-sdk one, and this project's taps are singer-sdk taps by design (docs/architecture.md).
This script measures what any singer-sdk tap costs before it does any work, in the same
interpreter and with the same singer-sdk the project's taps run:

- `python -c pass`: the interpreter;
- `import singer_sdk`: the SDK package as a tap imports it;
- an empty tap: a `Tap` with one `Stream` that yields no record, run as a sync (`--config`
  with nothing in it), so the SDK's start-up, catalog, state and message writing all run;
- an empty REST tap: the same with a `RESTStream` (requests, the paginators), its records
  never fetched;
- the same two empty taps through the project's one SDK seam (`reliability_tap_runtime`,
  which trims the SDK's imports), when it is importable;
- with `--peer DIR` (a virtualenv holding the peer, e.g. the one `bench/peers.py` installs):
  `import tap_pagerduty` there and its `--help`.

Peak RSS and CPU come from `wait4`; the median of `--repeat` runs is printed (MiB). Set it
beside a real sync's peak (bench/peers.py, bench/pagerduty_memory.py): what is above the empty
tap is what the sync itself holds. A measurement, never a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from _harness import BIN, ROOT

EMPTY_TAP = """
from singer_sdk import Tap, Stream
from singer_sdk import typing as th


class Nothing(Stream):
    name = "nothing"
    primary_keys = ("id",)
    schema = th.PropertiesList(th.Property("id", th.StringType)).to_dict()

    def get_records(self, context):
        return iter(())


class EmptyTap(Tap):
    name = "tap-empty"
    config_jsonschema = th.PropertiesList().to_dict()

    def discover_streams(self):
        return [Nothing(self)]


EmptyTap.cli()
"""

EMPTY_REST_TAP = """
from singer_sdk import Tap
from singer_sdk.streams import RESTStream
from singer_sdk import typing as th


class Nothing(RESTStream):
    name = "nothing"
    url_base = "http://127.0.0.1:9"
    path = "/nothing"
    primary_keys = ("id",)
    records_jsonpath = "$.items[*]"
    schema = th.PropertiesList(th.Property("id", th.StringType)).to_dict()

    def get_records(self, context):
        return iter(())


class EmptyTap(Tap):
    name = "tap-empty-rest"
    config_jsonschema = th.PropertiesList().to_dict()

    def discover_streams(self):
        return [Nothing(self)]


EmptyTap.cli()
"""

#: The project's seam first: what every tap of this project imports before singer_sdk.
THROUGH_SEAM = "import reliability_tap_runtime  # noqa: F401\n"
#: GNU time, if installed (Debian's `time` package).
GNU_TIME = ["/usr/bin/time"] if Path("/usr/bin/time").exists() else []


def measure(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Peak RSS (MiB) and CPU seconds of `cmd`, run under nice; fails loudly if it fails.

    Through GNU time when the machine has it: `wait4`'s peak of a child this script starts
    is never below this script's own RSS (Linux keeps the high-water mark of the image the
    child had before its exec, a copy of ours), so a process smaller than this script would
    read as large as it; `time` is a small process of its own.
    """
    with tempfile.NamedTemporaryFile("r") as out:
        wrapped = [*GNU_TIME, "-f", "%M %U %S", "-o", out.name] if GNU_TIME else []
        proc = subprocess.Popen(
            ["nice", *wrapped, *cmd], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(proc.pid, 0)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
        if GNU_TIME:
            kib, user, system = out.read().split()[-3:]
            return int(kib) / 1024, float(user) + float(system)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    """Measure each case `--repeat` times, interleaved, and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--python", default=str(BIN / "python"), help="the taps' interpreter")
    parser.add_argument("--peer", type=Path, help="a virtualenv holding tap-pagerduty 0.3.0")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "config.json").write_text("{}")
        cases: dict[str, list[str]] = {
            "interpreter (`python -c pass`)": [args.python, "-c", "pass"],
            "`import singer_sdk`": [args.python, "-c", "import singer_sdk"],
        }
        for label, source in (("empty tap", EMPTY_TAP), ("empty REST tap", EMPTY_REST_TAP)):
            plain = tmp / f"{label.replace(' ', '_')}.py"
            plain.write_text(textwrap.dedent(source))
            cases[f"{label}, sync"] = [args.python, str(plain), "--config", "config.json"]
            seam = tmp / f"{label.replace(' ', '_')}_seam.py"
            seam.write_text(THROUGH_SEAM + textwrap.dedent(source))
            cases[f"{label} through the project's seam, sync"] = [
                args.python,
                str(seam),
                "--config",
                "config.json",
            ]
        if args.peer:
            peer_python = str(args.peer / "bin" / "python")
            cases["peer: `import tap_pagerduty` (singer-python)"] = [
                peer_python,
                "-c",
                "import tap_pagerduty",
            ]
            cases["peer: `tap-pagerduty --help`"] = [
                str(args.peer / "bin" / "tap-pagerduty"),
                "--help",
            ]
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label in cases}
        # Interleaved, so that a change in the machine's load falls on every case alike.
        for _ in range(args.repeat):
            for label, cmd in cases.items():
                runs[label].append(measure(cmd, tmp))

    version = subprocess.run(
        [args.python, "-c", "import importlib.metadata as m; print(m.version('singer-sdk'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(
        f"singer-sdk {version}, {args.python}; median of {args.repeat} runs; "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print("| process | peak RSS (MiB) | CPU (s) |")
    print("|---|---|---|")
    for label, values in runs.items():
        rss = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"| {label} | {rss:.1f} | {cpu:.2f} |")
    print(f"(project root {ROOT})")


if __name__ == "__main__":
    main()
