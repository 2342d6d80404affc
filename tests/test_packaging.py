"""Each tap stands alone: its wheel installs in a clean virtualenv and describes itself.

Other Meltano projects install one tap, not this workspace: a tap that imports the sandbox,
another tap or an undeclared dependency would work here and break there. The API taps share
one runtime package (`runtime/`), the only other wheel offered to the install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

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


def _built_version(uv: str, project: Path, out: Path) -> str:
    subprocess.run([uv, "build", "--wheel", "-q", "-o", str(out), str(project)], check=True)
    wheel = next(out.glob("*.whl"))
    return wheel.name.split("-")[1]


def test_versions_come_from_the_taps_own_git_tags(tmp_path):
    """`tap-x-v<version>` tags a release; another tap's tag does not count."""
    uv = _uv()
    repo = tmp_path / "repo"
    shutil.copytree(
        ROOT / "taps" / "tap-pagerduty",
        repo / "taps" / "tap-pagerduty",
        ignore=shutil.ignore_patterns("tests", "__pycache__", "*.egg-info"),
    )
    git = ["git", "-C", str(repo), "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tap"], check=True)
    project = repo / "taps" / "tap-pagerduty"
    # No tag of its own (a fresh clone without tags): counted from the fallback, still 0.1.x.
    subprocess.run([*git, "tag", "tap-sentry-v3.0.0"], check=True)
    untagged = _built_version(uv, project, tmp_path / "untagged")
    assert untagged.startswith("0.1.1.dev"), untagged
    subprocess.run([*git, "tag", "tap-pagerduty-v0.2.0"], check=True)
    assert _built_version(uv, project, tmp_path / "tagged") == "0.2.0"


def test_a_wheel_built_outside_git_has_the_fallback_version(tmp_path):
    copy = tmp_path / "tap-pagerduty"
    shutil.copytree(
        ROOT / "taps" / "tap-pagerduty",
        copy,
        ignore=shutil.ignore_patterns("tests", "__pycache__", "*.egg-info"),
    )
    assert _built_version(_uv(), copy, tmp_path / "dist") == "0.1.0"


@pytest.mark.parametrize("tap", sorted(TAPS))
def test_each_tap_carries_the_projects_lint_settings(tap):
    """A tap checked on its own (`cd taps/<tap>; ruff check .`) is checked as in the project."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    own = tomllib.loads((ROOT / "taps" / tap / "pyproject.toml").read_text())["tool"]
    assert own["mypy"] == root["mypy"]
    for key in ("target-version", "line-length"):
        assert own["ruff"][key] == root["ruff"][key], key
    assert own["ruff"]["lint"]["select"] == root["ruff"]["lint"]["select"]
    assert own["ruff"]["lint"]["ignore"] == root["ruff"]["lint"]["ignore"]
    assert own["ruff"]["lint"]["pydocstyle"] == root["ruff"]["lint"]["pydocstyle"]
    tests = "**/tests/**"
    assert (
        own["ruff"]["lint"]["per-file-ignores"][tests]
        == root["ruff"]["lint"]["per-file-ignores"][tests]
    )


def test_pre_commit_config_is_valid_and_runs_only_local_tools():
    config = ROOT / ".pre-commit-config.yaml"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pre-commit"), "validate-config", str(config)],
        check=True,
        capture_output=True,
    )
    hooks = yaml.safe_load(config.read_text())["repos"]
    assert {repo["repo"] for repo in hooks} == {"local"}
    ids = {hook["id"] for repo in hooks for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "meltano-config", "settings-drift"} <= ids
    for repo in hooks:
        for hook in repo["hooks"]:
            executable = hook["entry"].split()[0]
            assert (ROOT / executable).exists(), hook["id"]
