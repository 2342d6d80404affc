"""Test harness: run tap-datadog for real against the sandbox and read what it wrote."""

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
#: Days of SLO history that reach back past the test world's history from today.
HISTORY_DAYS = (datetime.now(UTC) - ANCHOR).days + 100


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
        "api_key": sandbox.datadog_api_key,
        "app_key": sandbox.datadog_app_key,
        "api_url": sandbox.datadog_url,
        "start_date": (ANCHOR - timedelta(days=400)).isoformat(),
        "slo_history_days": HISTORY_DAYS,
        "requests_per_minute": 0,
        "max_retries": 3,
        "max_retry_wait": 60,
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
    """Run `python -m tap_datadog` in a subprocess and parse its Singer output."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cfg = tmp_path / "config.json"
        cfg.write_text(json.dumps(config))
        args = [sys.executable, "-m", "tap_datadog", "--config", str(cfg)]
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


_DISCOVERED: dict[str, str] = {}


def _catalog(config_path: Path, streams: list[str], tmp_path: Path) -> Path:
    # The catalog does not depend on the settings: discover once per test session.
    if "catalog" not in _DISCOVERED:
        proc = subprocess.run(
            [sys.executable, "-m", "tap_datadog", "--config", str(config_path), "--discover"],
            capture_output=True,
            text=True,
            check=True,
        )
        _DISCOVERED["catalog"] = proc.stdout
    catalog = json.loads(_DISCOVERED["catalog"])
    for entry in catalog["streams"]:
        selected = entry["tap_stream_id"] in streams
        for metadata in entry["metadata"]:
            if metadata["breadcrumb"] == []:
                metadata["metadata"]["selected"] = selected
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    return path


def get(sandbox: Sandbox, path: str, **params: Any) -> Any:
    """One GET against the sandbox's Datadog API."""
    response = requests.get(
        f"{sandbox.datadog_url}{path}", params=params, headers=sandbox.datadog_headers(), timeout=30
    )
    response.raise_for_status()
    return response.json()


def undeclared(value: Any, schema: dict[str, Any], path: str) -> set[str]:
    """Paths of object keys present in `value` that `schema` does not declare."""
    found: set[str] = set()
    if isinstance(value, dict):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        if props is None:
            if isinstance(extra, dict):
                for key, item in value.items():
                    found |= undeclared(item, extra, f"{path}.{key}")
            return found  # a free-form object: declared as such
        for key, item in value.items():
            if key not in props:
                if not extra:
                    found.add(f"{path}.{key}")
                continue
            found |= undeclared(item, props[key], f"{path}.{key}")
    elif isinstance(value, list):
        items = schema.get("items") or {}
        for item in value:
            found |= undeclared(item, items, f"{path}[]")
    return found
