"""A killed run's lock is released at once; two runs of one extractor never share its files.

Meltano 4.4.1 keeps a run `RUNNING` in its system database until 5 minutes without a heartbeat
have passed, so after a `kill -9` every rerun was refused for ~5 minutes, with a message
suggesting `--force` — which lets two runs overwrite each other's `tap.properties.json` and
`state.json`. `scripts/meltano` holds a kernel lock for each run and each extractor
(`scripts/meltano_guard.py`).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUARD = ROOT / "scripts" / "meltano"


def _running_jobs(db: Path) -> list[tuple[str, str]]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute(
                "select job_name, state from runs where state = 'RUNNING'"
            ).fetchall()
        except sqlite3.OperationalError:
            return []


@pytest.fixture
def env(project, sandbox, tmp_path):
    """The session's project environment with its own system database and a slow sandbox."""
    return {**project.env, "MELTANO_DATABASE_URI": f"sqlite:///{tmp_path / 'meltano.db'}"}


def _start(env, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(GUARD), "--environment=ci", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _wait_running(db: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not _running_jobs(db):
        assert proc.poll() is None, proc.communicate()[0][-3000:]
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.1)


def test_a_killed_run_is_not_a_lock_and_its_config_files_go(env, sandbox, tmp_path):
    db = tmp_path / "meltano.db"
    sandbox.set_faults(latency_ms=400)  # slow enough to kill it mid-run
    try:
        first = _start(env, "run", "tap-datadog", "target-postgres")
        _wait_running(db, first)
        # Wait for the tap to be running with its config file.
        deadline = time.monotonic() + 60
        while not list((ROOT / ".meltano/run/tap-datadog").glob("tap.*.config.json")):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        left = set((ROOT / ".meltano/run/tap-datadog").glob("tap.*.config.json"))
        os.killpg(first.pid, signal.SIGKILL)  # meltano, the tap and the target at once
        first.communicate()  # reaps it and closes its pipe (an open one is a ResourceWarning)
        time.sleep(0.5)
        # Left behind, owner-only; aged past the grace period a just-written file gets.
        assert left, "the killed run left no config file"
        assert all(oct(path.stat().st_mode & 0o777) == "0o600" for path in left)
        for path in left:
            os.utime(path, (time.time() - 120, time.time() - 120))
        assert _running_jobs(db) == [("ci:tap-datadog-to-target-postgres", "RUNNING")]
    finally:
        sandbox.set_faults(latency_ms=0)

    # Plain Meltano still refuses for ~5 minutes (and suggests --force).
    plain = subprocess.run(
        [
            str(ROOT / ".venv/bin/meltano"),
            "--environment=ci",
            "run",
            "tap-datadog",
            "target-postgres",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert plain.returncode != 0
    assert "already running" in plain.stdout + plain.stderr

    # scripts/meltano sees the killed run's lock released and runs at once.
    started = time.monotonic()
    rerun = _start(env, "run", "tap-datadog", "target-postgres")
    out = rerun.communicate(timeout=300)[0]
    assert rerun.returncode == 0, out[-3000:]
    assert "marked the killed run of 'ci:tap-datadog-to-target-postgres' failed" in out
    assert "already running" not in out
    assert _running_jobs(db) == []
    with sqlite3.connect(db) as conn:
        states = [row[0] for row in conn.execute("select state from runs order by id")]
    assert states == ["FAIL", "SUCCESS"]
    # The killed run's config files (its resolved secrets) were removed when the rerun began.
    assert [path for path in left if path.exists()] == []
    print(f"rerun after kill -9 accepted; it took {time.monotonic() - started:.1f}s")  # noqa: T201


def test_two_runs_of_one_extractor_are_refused_even_with_force(env, sandbox, tmp_path):
    db = tmp_path / "meltano.db"
    sandbox.set_faults(latency_ms=300)
    first = _start(env, "run", "tap-datadog", "target-postgres")
    try:
        _wait_running(db, first)
        # The suite's environment waits for a busy extractor (conftest); this run must not.
        refuse = {k: v for k, v in env.items() if k != "MELTANO_PLUGIN_LOCK_WAIT"}
        second = subprocess.run(
            [str(GUARD), "--environment=ci", "run", "--force", "tap-datadog", "target-postgres"],
            cwd=ROOT,
            env=refuse,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert second.returncode == 1
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1, second.stderr
        assert lines[0].startswith("[error] tap-datadog is in use by another Meltano run (pid ")
        assert "--force" in lines[0]
        assert "ignore this check" not in second.stdout + second.stderr
    finally:
        os.killpg(first.pid, signal.SIGTERM)
        first.communicate(timeout=60)  # reaps it and closes its pipe
        sandbox.set_faults(latency_ms=0)
