"""One pair of variables moves the sandbox, the warehouse and everything that talks to them.

`SANDBOX_PORT` and `WAREHOUSE_PORT` (defaults 8765 and 55432 in .env) are the sandbox and
warehouse utilities' `port` settings, and meltano/environments.meltano.yml builds every dev,
ci and privacy plugin's address from them: the taps' URLs, target-postgres, dbt and the
notifier. Exported in the shell they win over .env, so a newcomer on a shared machine runs
`SANDBOX_PORT=… WAREHOUSE_PORT=… meltano run tap-pagerduty target-postgres` and the data lands
on those ports, not on someone else's services at 8765/55432.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import socket
import subprocess
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
MELTANO = ROOT / ".venv" / "bin" / "meltano"
PYTHON = ROOT / ".venv" / "bin" / "python"
# Runs take the project's per-extractor lock (scripts/meltano): other tests may run
# tap-pagerduty in this checkout at the same time.
GUARDED = ROOT / "scripts" / "meltano"
# Whatever the developer's shell exports for the plugins must not decide the outcome.
PLUGIN_PREFIXES = (
    "TAP_",
    "TARGET_POSTGRES_",
    "DBT_POSTGRES_",
    "NOTIFIER_",
    "SANDBOX_",
    "WAREHOUSE_",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """A newcomer's shell: the two ports exported, everything else from the project."""
    tmp = tmp_path_factory.mktemp("ports")
    env = {k: v for k, v in os.environ.items() if not k.startswith(PLUGIN_PREFIXES)}
    env |= {
        "SANDBOX_PORT": str(_free_port()),
        "WAREHOUSE_PORT": str(_free_port()),
        # Isolation only (the developer's own warehouse, sandbox and state stay untouched).
        "WAREHOUSE_PASSWORD": secrets.token_urlsafe(16),
        "WAREHOUSE_DATA_DIR": str(tmp / "pgdata"),
        "SANDBOX_STATE_DIR": str(tmp / "sandbox"),
        "SANDBOX_PRESET": "test",
        "MELTANO_DATABASE_URI": f"sqlite:///{tmp / 'meltano.db'}",
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        "MELTANO_PLUGIN_LOCK_WAIT": "1800",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(tmp / "dbt-target"),
        "DBT_LOG_PATH": str(tmp / "dbt-logs"),
    }
    yield env
    for utility in ("sandbox", "warehouse"):
        _run(env, str(MELTANO), "--environment=dev", "invoke", f"{utility}:stop", check=False)


def _run(
    env: dict[str, str], *command: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=900
    )
    assert proc.returncode == 0 or not check, (
        f"{' '.join(command)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    )
    return proc


def _meltano(env: dict[str, str], *args: str, meltano: Path = MELTANO) -> str:
    proc = _run(env, str(meltano), "--environment=dev", *args)
    return proc.stdout + proc.stderr


def test_every_plugin_follows_the_two_ports(moved):
    """Meltano's own resolution of every plugin's settings (scripts/check_meltano_config.py)."""
    script = ROOT / "scripts" / "check_meltano_config.py"
    out = _run(moved, str(PYTHON), str(script), "--json", "dev").stdout
    config = json.loads(out.strip().splitlines()[-1])["dev"]
    sandbox = f"http://127.0.0.1:{moved['SANDBOX_PORT']}"
    assert config["tap-pagerduty"]["api_url"] == f"{sandbox}/pagerduty"
    assert config["tap-sentry"]["base_url"] == f"{sandbox}/sentry"
    assert config["tap-datadog"]["api_url"] == f"{sandbox}/datadog"
    assert config["tap-github-reliability"]["api_url"] == f"{sandbox}/github"
    assert config["tap-postmortems"]["api_url"] == f"{sandbox}/google/"
    assert config["tap-postmortems"]["token_uri"] == f"{sandbox}/google/token"
    assert config["tap-google-sheets"]["api_url"] == f"{sandbox}/gsheets/"
    assert config["tap-google-sheets"]["token_uri"] == f"{sandbox}/google/token"
    assert str(config["sandbox"]["port"]) == moved["SANDBOX_PORT"]
    for plugin in ("warehouse", "target-postgres", "dbt-postgres", "notifier"):
        assert str(config[plugin]["port"]) == moved["WAREHOUSE_PORT"], plugin


def test_meltano_run_lands_on_the_moved_warehouse(moved):
    _meltano(
        moved,
        "run",
        "warehouse:start",
        "sandbox:start",
        "tap-pagerduty",
        "target-postgres",
        meltano=GUARDED,
    )
    url = (
        f"postgresql://postgres:{moved['WAREHOUSE_PASSWORD']}@127.0.0.1:"
        f"{moved['WAREHOUSE_PORT']}/warehouse"
    )
    with psycopg.connect(url) as conn:
        incidents = conn.execute("select count(*) from raw_pagerduty.incidents").fetchone()
    assert incidents
    assert incidents[0] > 0
    # dbt reaches the same server (`dbt debug` connects with the profile Meltano builds).
    out = _meltano(moved, "invoke", "dbt-postgres", "debug")
    assert f"port: {moved['WAREHOUSE_PORT']}" in out
    assert "All checks passed" in out


def test_meltano_configuration_resolves_in_every_environment(moved):
    """The pre-commit hook's check: every plugin's settings resolve in dev, ci, prod, privacy."""
    script = ROOT / "scripts" / "check_meltano_config.py"
    proc = _run(moved, str(PYTHON), str(script), "--json", check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    resolved = json.loads(proc.stdout.strip().splitlines()[-1])
    assert {"dev", "ci", "prod", "privacy"} <= set(resolved)
    assert resolved["prod"]["tap-github-reliability"]["api_url"] == "https://api.github.com"


def test_scripts_meltano_fills_in_only_the_ports_nobody_set(tmp_path, monkeypatch):
    """A .env from before the ports moved into it still gets working URLs (scripts/meltano)."""
    spec = importlib.util.spec_from_file_location(
        "meltano_guard", ROOT / "scripts" / "meltano_guard.py"
    )
    assert spec
    assert spec.loader
    guard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guard)
    monkeypatch.setattr(guard, "ROOT", tmp_path)
    (tmp_path / ".env").write_text("WAREHOUSE_PASSWORD=x\nWAREHOUSE_PORT=15432\n")
    monkeypatch.delenv("SANDBOX_PORT", raising=False)
    monkeypatch.delenv("WAREHOUSE_PORT", raising=False)
    # .env's WAREHOUSE_PORT stays Meltano's to read; only the unset SANDBOX_PORT is filled in.
    assert guard.default_ports() == {"SANDBOX_PORT": "8765"}
    assert os.environ["SANDBOX_PORT"] == "8765"
    assert "WAREHOUSE_PORT" not in os.environ
    # An exported value is never touched.
    monkeypatch.setenv("SANDBOX_PORT", "18765")
    assert guard.default_ports() == {}
    assert os.environ["SANDBOX_PORT"] == "18765"
