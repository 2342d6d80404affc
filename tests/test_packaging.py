"""Each tap stands alone: its wheel installs in a clean virtualenv and describes itself.

Other Meltano projects install one tap, not this workspace: a tap that imports the sandbox,
another tap or an undeclared dependency would work here and break there. The API taps share
one runtime package (`runtime/`), the only other wheel offered to the install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# tap -> (a secret setting, settings it must offer)
TAPS = {
    "tap-pagerduty": ("token", {"token", "region", "api_url", "start_date", "service_ids"}),
    "tap-sentry": ("auth_token", {"auth_token", "organization", "region", "base_url", "projects"}),
    "tap-datadog": ("api_key", {"api_key", "app_key", "site", "api_url", "start_date"}),
    "tap-github-reliability": (
        "auth_token",
        {"auth_token", "organizations", "api_url", "repositories_include", "start_date"},
    ),
    "tap-postmortems": ("client_secret", {"source", "folder_ids", "local_path", "field_aliases"}),
}


def _uv() -> str:
    found = shutil.which("uv") or str(ROOT / ".tools" / "uv" / "bin" / "uv")
    if not Path(found).exists():
        pytest.fail("uv not found: run ./scripts/bootstrap first")
    return found


@pytest.mark.parametrize("tap", sorted(TAPS))
def test_wheel_installs_alone_and_reports_about(tap, tmp_path):
    uv = _uv()
    subprocess.run(
        [uv, "build", "--wheel", "-q", "-o", str(tmp_path / "dist"), f"taps/{tap}"],
        cwd=ROOT,
        check=True,
    )
    wheel = next((tmp_path / "dist").glob(f"{tap.replace('-', '_')}-*.whl"))
    # Published on its own, a wheel carries its licence and tells type checkers it is typed.
    names = zipfile.ZipFile(wheel).namelist()
    package = tap.replace("-", "_")
    assert f"{package}/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    runtime = tmp_path / "runtime"
    subprocess.run(
        [uv, "build", "--wheel", "-q", "-o", str(runtime), "runtime"], cwd=ROOT, check=True
    )
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "-q", "-p", "3.11", str(venv)], check=True)
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "-q",
            "-p",
            str(venv / "bin" / "python"),
            "--find-links",
            str(runtime),
            str(wheel),
        ],
        check=True,
    )
    about = subprocess.run(
        [str(venv / "bin" / tap), "--about", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(about.stdout)
    assert info["name"] == tap
    assert "state" in info["capabilities"]
    secret, offered = TAPS[tap]
    settings = info["settings"]["properties"]
    assert settings[secret].get("secret") is True
    assert offered <= set(settings)
    # Nothing of the workspace came along: the sandbox is a test-only dependency.
    installed = subprocess.run(
        [uv, "pip", "list", "-p", str(venv / "bin" / "python")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "reliability-sandbox" not in installed
    assert not [line for line in installed.splitlines() if line.startswith("tap-")][1:]
