"""target_guard: a target stopped by a signal before its input ends exits non-zero.

Each case runs a small singer-sdk target in a subprocess (signal handlers belong to a
process's main thread): its sink marks a file when a batch is being written and then takes
`DRAIN_SECONDS`, so the test can signal it exactly while it writes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from reliability_tap_runtime.target_guard import stopped_message

TARGET = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    from reliability_tap_runtime.target_guard import guarded
    from singer_sdk import Target
    from singer_sdk import typing as th
    from singer_sdk.sinks import BatchSink


    class SlowSink(BatchSink):
        def process_record(self, record, context):
            Path(os.environ["MARKER"] + ".received").touch()
            super().process_record(record, context)

        def process_batch(self, context):
            Path(os.environ["MARKER"]).write_text("writing")
            time.sleep(float(os.environ["DRAIN_SECONDS"]))


    class TargetSlow(Target):
        name = "target-slow"
        config_jsonschema = th.PropertiesList().to_dict()
        default_sink_class = SlowSink


    if __name__ == "__main__":
        kind = sys.argv.pop(1)
        (guarded(TargetSlow) if kind == "guarded" else TargetSlow).cli()
    """
)
MESSAGES = [
    {
        "type": "SCHEMA",
        "stream": "things",
        "schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "key_properties": ["id"],
    },
    {"type": "RECORD", "stream": "things", "record": {"id": 1}},
    {"type": "RECORD", "stream": "things", "record": {"id": 2}},
    {"type": "STATE", "value": {"bookmarks": {"things": {"replication_key_value": 2}}}},
]
INPUT = "".join(json.dumps(message) + "\n" for message in MESSAGES)


def _start(tmp_path: Path, kind: str, drain_seconds: float) -> tuple[subprocess.Popen, Path]:
    script = tmp_path / "target_slow.py"
    script.write_text(TARGET)
    marker = tmp_path / "marker"
    env = {**os.environ, "MARKER": str(marker), "DRAIN_SECONDS": str(drain_seconds)}
    proc = subprocess.Popen(
        [sys.executable, str(script), kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    return proc, marker


def _wait_for(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _end_input(proc: subprocess.Popen) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.stdin = None  # so that communicate() does not flush it again


def _stopped_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "was stopped by" in line]


def test_sigterm_during_the_final_write_exits_143_with_one_error_line(tmp_path):
    proc, marker = _start(tmp_path, "guarded", drain_seconds=30)
    assert proc.stdin is not None
    proc.stdin.write(INPUT)
    _end_input(proc)  # the target writes its last batch
    _wait_for(marker, proc)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert time.monotonic() - started < 10  # it does not finish (or repeat) the write
    assert _stopped_lines(stderr) == [
        line for line in stderr.splitlines() if stopped_message("target-slow", 15) in line
    ]
    assert len(_stopped_lines(stderr)) == 1
    assert "Traceback" not in stderr
    # No STATE for rows that were not written: Meltano keeps the previous state.
    assert "bookmarks" not in stdout


def test_sigint_while_waiting_for_input_fails_too(tmp_path):
    proc, marker = _start(tmp_path, "guarded", drain_seconds=0)
    assert proc.stdin is not None
    proc.stdin.write(INPUT)
    proc.stdin.flush()  # the input stays open: the target waits for more
    _wait_for(marker.with_suffix(".received"), proc)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGINT
    assert len(_stopped_lines(stderr)) == 1
    assert "SIGINT" in _stopped_lines(stderr)[0]
    assert "bookmarks" not in stdout
    assert not marker.exists()


def test_an_unsignalled_run_writes_and_emits_state(tmp_path):
    proc, marker = _start(tmp_path, "guarded", drain_seconds=0)
    stdout, stderr = proc.communicate(INPUT, timeout=30)
    assert proc.returncode == 0, stderr
    assert marker.exists()
    assert json.loads(stdout.splitlines()[-1]) == MESSAGES[-1]["value"]
    assert not _stopped_lines(stderr)


@pytest.mark.parametrize("drain_seconds", [1.0])
def test_the_sdk_alone_exits_0_when_stopped_during_its_final_write(tmp_path, drain_seconds):
    """Why the guard exists; when a singer-sdk release fails here, the guard may go."""
    proc, marker = _start(tmp_path, "plain", drain_seconds=drain_seconds)
    assert proc.stdin is not None
    proc.stdin.write(INPUT)
    _end_input(proc)
    _wait_for(marker, proc)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Gracefully shutting down" in stderr
