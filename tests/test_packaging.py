"""Each tap stands alone: its wheel installs in a clean virtualenv and describes itself.

Other Meltano projects install one tap, not this workspace: a tap that imports the sandbox,
another tap or an undeclared dependency would work here and break there. The API taps share
one runtime package (`runtime/`), the only other wheel offered to the install. A tap's tests
run outside the repository too, from its sdist, with the sandbox installed as a released
package (`test_a_taps_tests_run_from_its_sdist_outside_the_repository`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
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


# The modules of tap-pagerduty's tests run outside the repository: the SDK's standard suite
# and the syncs checked against the sandbox's truth (the plugin's run_tap, sandbox_factory and
# undeclared); the retry, window and contract modules, which wait out backoffs, run in the repo.
OUTSIDE_MODULES = ("test_core.py", "test_sync.py", "test_client.py", "test_state_validation.py")


def test_a_taps_tests_run_from_its_sdist_outside_the_repository(tmp_path):
    """`tap-pagerduty[test]` from its sdist, the sandbox from a package index, tests outside.

    A local find-links folder stands in for PyPI: it holds what is released before the taps
    (the runtime's and the sandbox's wheels), so the `test` extra's `reliability-sandbox`
    resolves by name as it would for a user of the published tap.
    """
    uv = _uv()
    index = tmp_path / "index"
    for project in ("sandbox", "runtime"):
        subprocess.run(
            [uv, "build", "--wheel", "-q", "-o", str(index), project], cwd=ROOT, check=True
        )
    sandbox_wheel = next(index.glob("reliability_sandbox-*.whl"))
    names = zipfile.ZipFile(sandbox_wheel).namelist()
    # Released on its own: its licence, the pytest plugin and the vendors' contracts travel.
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert "pytest_reliability_sandbox/plugin.py" in names
    assert "reliability_sandbox/contracts/pagerduty.json" in names
    dist = tmp_path / "dist"
    subprocess.run(
        [uv, "build", "--sdist", "-q", "-o", str(dist), "taps/tap-pagerduty"], cwd=ROOT, check=True
    )
    sdist = next(dist.glob("tap_pagerduty-*.tar.gz"))
    venv = tmp_path / "venv"
    python = str(venv / "bin" / "python")
    subprocess.run([uv, "venv", "-q", "-p", "3.11", str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "-q", "-p", python, "--find-links", str(index),
         f"tap-pagerduty[test] @ {sdist.as_uri()}"],
        check=True,
    )  # fmt: skip
    installed = subprocess.run(
        [uv, "pip", "list", "-p", python, "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    versions = {p["name"]: p["version"] for p in json.loads(installed)}
    assert versions["reliability-sandbox"] == sandbox_wheel.name.split("-")[1]
    outside = tmp_path / "outside"
    with tarfile.open(sdist) as archive:
        archive.extractall(outside, filter="data")
    project = next(outside.iterdir())
    assert (project / "tests" / "conftest.py").exists()
    # Nothing of this checkout reaches the run: no PYTHONPATH, no tap settings, no addopts.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "PYTEST", "TAP_", "VIRTUAL_ENV", "RELIABILITY_"))
    }
    run = subprocess.run(
        [str(venv / "bin" / "pytest"), "-p", "no:cacheprovider", "-q", "--no-header",
         f"--basetemp={tmp_path / 'pt'}", *(f"tests/{m}" for m in OUTSIDE_MODULES)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout


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


@pytest.mark.parametrize("project", [*(f"taps/{tap}" for tap in sorted(TAPS)), "sandbox"])
def test_each_package_turns_warnings_into_errors_as_the_project_does(project):
    """Run on its own (`cd taps/<tap>; pytest`), a package's tests fail on warnings too."""

    def filters(path: Path) -> list[str]:
        return tomllib.loads(path.read_text())["tool"]["pytest"]["ini_options"]["filterwarnings"]

    root, own = filters(ROOT / "pyproject.toml"), filters(ROOT / project / "pyproject.toml")
    assert own[0] == root[0] == "error"
    # No exception of its own: each one is reasoned once, in the root's list.
    assert set(own) <= set(root)


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
