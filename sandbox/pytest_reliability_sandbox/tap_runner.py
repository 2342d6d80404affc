"""Run a Singer tap for real (a subprocess) and read what it wrote: the taps' test harness.

Every tap's tests run the tap the way Meltano does — a process with a config, a catalog and a
state file — against this sandbox, then assert on the SCHEMA/RECORD/STATE messages. What is
the same for every tap lives here; each tap's harness adds its own config and truth helpers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Discovery does not depend on the settings: one catalog per tap module and test session.
_CATALOGS: dict[str, str] = {}


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
        """The last STATE message's value (what Meltano would save)."""
        return self.states[-1] if self.states else {}

    def ids(self, stream: str, key: str = "id") -> list[Any]:
        """The `key` of every record of `stream`, in emission order."""
        return [r[key] for r in self.records.get(stream, [])]


def run_tap(
    module: str,
    config: dict[str, Any],
    *,
    state: dict[str, Any] | None = None,
    streams: list[str] | None = None,
    timeout: float = 300,
) -> TapRun:
    """Run `python -m <module>` in a subprocess and parse its Singer output.

    Args:
        module: The tap's module, e.g. `tap_pagerduty`.
        config: The tap's settings.
        state: A state to resume from.
        streams: Select only these streams (default: the tap's default selection).
        timeout: Seconds before the run is killed.
    """
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cfg = tmp_path / "config.json"
        cfg.write_text(json.dumps(config))
        args = [sys.executable, "-m", module, "--config", str(cfg)]
        if state is not None:
            (tmp_path / "state.json").write_text(json.dumps(state))
            args += ["--state", str(tmp_path / "state.json")]
        if streams is not None:
            args += ["--catalog", str(_catalog(module, cfg, streams, tmp_path))]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
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


def _catalog(module: str, config_path: Path, streams: list[str], tmp_path: Path) -> Path:
    if module not in _CATALOGS:
        _CATALOGS[module] = subprocess.run(  # noqa: S603
            [sys.executable, "-m", module, "--config", str(config_path), "--discover"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    catalog = json.loads(_CATALOGS[module])
    for entry in catalog["streams"]:
        selected = entry["tap_stream_id"] in streams
        for metadata in entry["metadata"]:
            if metadata["breadcrumb"] == []:
                metadata["metadata"]["selected"] = selected
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    return path


def undeclared(value: Any, schema: dict[str, Any], path: str) -> set[str]:  # noqa: ANN401
    """Paths of object keys present in `value` that `schema` does not declare (recursively)."""
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
