"""The command line: start/status/stop lifecycle, persisted world, port in use."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import requests


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # Warnings shown, as Meltano's `invoke` shows them: a daemon left running used to
        # print a ResourceWarning on every start.
        [sys.executable, "-W", "default", "-m", "reliability_sandbox", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lifecycle_keeps_world_and_advances(tmp_path: Path) -> None:
    port, state = str(free_port()), str(tmp_path / "state")
    try:
        started = run(
            "start",
            "--preset",
            "test",
            "--port",
            port,
            "--state-dir",
            state,
            "--anchor",
            "2026-06-15T12:00:00+00:00",
        )
        assert started.returncode == 0, started.stderr
        assert "Warning" not in started.stderr, started.stderr
        urls = started.stdout.strip().splitlines()[-1].split()
        assert {u.rsplit("/", 1)[1] for u in urls} >= {"pagerduty", "sentry", "datadog", "github"}
        url = f"http://127.0.0.1:{port}/pagerduty"
        assert url in urls
        headers = {"Authorization": "Token token=sandbox-pagerduty-token"}

        def total() -> int:
            return requests.get(
                f"{url}/incidents",
                params={"date_range": "all", "total": "true"},
                headers=headers,
                timeout=5,
            ).json()["total"]

        first = total()
        assert run("status", "--state-dir", state).returncode == 0
        assert run("stop", "--state-dir", state).returncode == 0
        assert run("stop", "--state-dir", state).returncode == 0  # idempotent
        assert run("status", "--state-dir", state).returncode == 3

        again = run("start", "--port", port, "--state-dir", state)
        assert again.returncode == 0, again.stderr
        world = json.loads((tmp_path / "state" / "world.json").read_text())
        assert world["seed"] == 42
        assert world["anchor"] == "2026-06-15T12:00:00+00:00"
        assert len(world["epoch_times"]) == 1
        health = requests.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=5).json()
        assert health["epoch"] == 1
        second = total()
        assert second > first

        clash = run("start", "--seed", "9", "--port", port, "--state-dir", state)
        assert clash.returncode == 2
        assert "--reset" in clash.stderr
    finally:
        run("stop", "--state-dir", state)


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = str(s.getsockname()[1])
        result = run("serve", "--preset", "test", "--port", port)
        assert result.returncode == 2
        assert "already in use" in result.stderr
        result = run("start", "--preset", "test", "--port", port, "--state-dir", str(tmp_path))
        assert result.returncode == 2
        assert "already in use" in result.stderr
