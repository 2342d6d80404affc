"""tap-pagerduty stands alone: its wheel installs in a clean virtualenv and describes itself."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _uv() -> str:
    found = shutil.which("uv") or str(ROOT / ".tools" / "uv" / "bin" / "uv")
    if not Path(found).exists():
        pytest.fail("uv not found: run ./scripts/bootstrap first")
    return found


def test_wheel_installs_alone_and_reports_about(tmp_path):
    uv = _uv()
    subprocess.run(
        [uv, "build", "--wheel", "-q", "-o", str(tmp_path / "dist"), "taps/tap-pagerduty"],
        cwd=ROOT,
        check=True,
    )
    wheel = next((tmp_path / "dist").glob("tap_pagerduty-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", "-p", "3.11", str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "-q", "-p", str(venv / "bin" / "python"), str(wheel)], check=True
    )
    about = subprocess.run(
        [str(venv / "bin" / "tap-pagerduty"), "--about", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(about.stdout)
    assert info["name"] == "tap-pagerduty"
    assert "state" in info["capabilities"]
    settings = info["settings"]["properties"]
    assert settings["token"].get("secret") is True
    assert {"token", "region", "api_url", "start_date", "service_ids", "team_ids"} <= set(settings)
