"""Test harness: run tap-sentry for real against the sandbox and read what it wrote."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from reliability_sandbox import Sandbox

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
STREAMS = (
    "organizations",
    "projects",
    "project_teams",
    "teams",
    "issues",
    "issue_events",
    "issue_activity",
    "releases",
    "release_deploys",
)


@dataclass
class TapRun:
    """What one tap process wrote."""

    returncode: int
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    states: list[dict[str, Any]] = field(default_factory=list)
    stderr: str = ""

    @property
    def state(self) -> dict[str, Any]:
        return self.states[-1] if self.states else {}

    def ids(self, stream: str, key: str = "id") -> list[Any]:
        return [r[key] for r in self.records.get(stream, [])]


def tap_config(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "auth_token": sandbox.sentry_token,
        "organization": "acme",
        "base_url": sandbox.sentry_url,
        "start_date": (ANCHOR - timedelta(days=100)).isoformat(),
        "max_retries": 3,
        "max_retry_wait": 60,
        "issue_window_days": 30,
    }
    config.update(overrides)
    return config


def run_tap(
    config: dict[str, Any],
    *,
    state: dict[str, Any] | None = None,
    streams: list[str] | None = None,
    timeout: float = 300,
) -> TapRun:
    """Run `python -m tap_sentry` in a subprocess and parse its Singer output."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cfg = tmp_path / "config.json"
        cfg.write_text(json.dumps(config))
        args = [sys.executable, "-m", "tap_sentry", "--config", str(cfg)]
        if state is not None:
            (tmp_path / "state.json").write_text(json.dumps(state))
            args += ["--state", str(tmp_path / "state.json")]
        if streams is not None:
            args += ["--catalog", str(_catalog(cfg, streams, tmp_path))]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    run = TapRun(returncode=proc.returncode, stderr=proc.stderr)
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        if message["type"] == "RECORD":
            run.records.setdefault(message["stream"], []).append(message["record"])
        elif message["type"] == "SCHEMA":
            run.schemas[message["stream"]] = message
        elif message["type"] == "STATE":
            run.states.append(message["value"])
    return run


def _catalog(config_path: Path, streams: list[str], tmp_path: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "tap_sentry", "--config", str(config_path), "--discover"],
        capture_output=True,
        text=True,
        check=True,
    )
    catalog = json.loads(proc.stdout)
    for entry in catalog["streams"]:
        selected = entry["tap_stream_id"] in streams
        for metadata in entry["metadata"]:
            if metadata["breadcrumb"] == []:
                metadata["metadata"]["selected"] = selected
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    return path


def served(sandbox: Sandbox, path: str, **params: Any) -> list[dict[str, Any]]:
    """Everything served at `path`, following `rel="next"` while `results="true"`."""
    out: list[dict[str, Any]] = []
    url: str | None = f"{sandbox.sentry_url}{path}"
    query: dict[str, Any] | None = {**params}
    while url:
        response = requests.get(url, params=query, headers=sandbox.sentry_headers(), timeout=30)
        response.raise_for_status()
        out.extend(response.json())
        link = response.links.get("next") or {}
        url = link.get("url") if link.get("results") == "true" else None
        query = None
    return out


def all_issues(sandbox: Sandbox) -> list[dict[str, Any]]:
    return served(sandbox, "/api/0/organizations/acme/issues/", query="", collapse="stats")
