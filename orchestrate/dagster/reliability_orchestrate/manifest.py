"""The dbt manifest the dbt assets are built from: parsed when missing or out of date.

`dbt parse` runs as the Meltano utility `dbt-postgres` (through `reliability-dbt`) into a
target folder of the orchestrator's own (`RELIABILITY_DAGSTER_DBT_TARGET`, default
`orchestrate/dagster/.dbt-target/`), so it never races a `dbt build` writing
`transform/target/`. It is parsed again when a file of the dbt project is newer than it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reliability_orchestrate.meltano import MeltanoProject

#: What a parse reads in transform/ (a change there makes the manifest stale).
DBT_INPUTS = ("dbt_project.yml", "models", "macros", "seeds", "snapshots", "tests", "analyses")


def target_dir(project: MeltanoProject) -> Path:
    """Where the orchestrator's parse writes its manifest."""
    configured = os.environ.get("RELIABILITY_DAGSTER_DBT_TARGET")
    if configured:
        return Path(configured)
    return project.root / "orchestrate" / "dagster" / ".dbt-target"


def _newest_input(transform: Path) -> float:
    newest = 0.0
    for name in DBT_INPUTS:
        path = transform / name
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for file in path.rglob("*"):
                if file.is_file():
                    newest = max(newest, file.stat().st_mtime)
    return newest


def prepare_manifest(project: MeltanoProject) -> Path:
    """The path of an up-to-date manifest.json (runs `dbt parse` when needed)."""
    target = target_dir(project)
    manifest = target / "manifest.json"
    if manifest.is_file() and manifest.stat().st_mtime >= _newest_input(project.root / "transform"):
        return manifest
    # Parsed in a folder of its own, then moved into place: two loads at once never read a
    # half-written manifest.
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".parse-", dir=target) as scratch:
        executable = str(Path(sys.executable).parent / "reliability-dbt")
        result = subprocess.run(  # noqa: S603 - our own entry point, fixed arguments
            [executable, "parse", "--quiet"],
            cwd=project.root,
            env={**os.environ, "DBT_TARGET_PATH": scratch, "DBT_LOG_PATH": scratch},
            capture_output=True,
            text=True,
            check=False,
        )
        parsed = Path(scratch) / "manifest.json"
        if result.returncode != 0 or not parsed.is_file():
            msg = (
                f"dbt parse for the Dagster definitions failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
            raise RuntimeError(msg)
        parsed.replace(manifest)
    return manifest
