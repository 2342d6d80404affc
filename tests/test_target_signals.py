"""A target stopped before it has written everything makes `meltano run` fail.

singer-sdk's targets answer SIGTERM by draining their sinks from inside the signal handler and
exiting 0, even when the signal interrupts the final write itself: Meltano then says "Run
completed" for rows that never reached the warehouse. The project runs target-postgres through
`target-postgres-guarded` (reliability_tap_runtime.target_guard), which aborts instead.

The final write is made to wait deterministically: another session holds a lock on the table
the target loads, the test waits until the target's session is blocked on it, then sends
SIGTERM to the target.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
MELTANO = ROOT / "scripts" / "meltano"  # as conftest: waits for a busy extractor

STREAM = "services"
TABLE = f"raw_pagerduty.{STREAM}"


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _target_pid(meltano_pid: int) -> int | None:
    for pid in _descendants(meltano_pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"target-postgres" in arg for arg in argv[:2]):
            return pid
    return None


def _blocked_on_lock(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "select count(*) from pg_stat_activity "
        "where wait_event_type = 'Lock' and pid <> pg_backend_pid()"
    ).fetchone()
    return bool(row and row[0])


def test_sigterm_while_the_target_writes_fails_the_run(project, warehouse):
    env = {**project.env, "TAP_PAGERDUTY__SELECT": f'["{STREAM}.*"]'}
    # A first run creates the table the second one will be stopped while writing to.
    project.meltano("run", "tap-pagerduty", "target-postgres", env=env, timeout=120)
    first_batch = warehouse.scalar(f"select max(_sdc_batched_at) from {TABLE}")

    with psycopg.connect(warehouse.url) as lock:
        lock.execute(f"lock table {TABLE} in access exclusive mode")
        proc = subprocess.Popen(
            [str(MELTANO), "--environment=ci", "run", "tap-pagerduty", "target-postgres"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            with psycopg.connect(warehouse.url, autocommit=True) as watch:
                deadline = time.monotonic() + 90
                while not _blocked_on_lock(watch):
                    assert proc.poll() is None, proc.communicate()[0][-4000:]
                    assert time.monotonic() < deadline, "the target never reached its write"
                    time.sleep(0.1)
            pid = _target_pid(proc.pid)
            assert pid is not None
            os.kill(pid, signal.SIGTERM)
            time.sleep(1)
        finally:
            lock.rollback()
        output, _ = proc.communicate(timeout=120)

    assert proc.returncode != 0, output[-4000:]
    lines = output.splitlines()
    # Meltano 4.4 ends a failed run with "Loader failed" (and its own "Run completed" at info
    # level, whatever the outcome): the exit status is what an orchestrator reads.
    assert any("[error" in line and "Loader failed" in line for line in lines), output[-4000:]
    stopped = [line for line in lines if "stopped by SIGTERM" in line]
    assert len(stopped) == 1, output[-4000:]
    assert stopped[0].split("]")[0].endswith("[error    "), stopped[0]
    assert "Traceback" not in output
    # The interrupted write committed nothing: every row is still the first run's.
    assert warehouse.scalar(f"select max(_sdc_batched_at) from {TABLE}") == first_batch
