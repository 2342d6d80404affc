"""Secrets stay where they belong: a run with distinctive fake secrets leaves none of them behind.

The pipeline runs as a user runs it (`scripts/meltano run tap-pagerduty target-postgres`, then
`dbt run` of the PagerDuty staging models) with a PagerDuty token, a Sentry token and
a warehouse password no other test uses, all given through the environment (the place they may
be, with `.env`). Then everything the run left is searched for them: every file it wrote or
changed in the project folder (`.meltano/`, `output/`, logs), Meltano's system database and its
log folder, the state (`meltano state get`), dbt's `target/` and logs, the warehouse's data
directory and server log, every text, JSON and array column of every table in the warehouse, and
what the commands printed. 0 hits. While the run is under way, the plugins' config files are
owner-only (mode 0600 in a 0700 `.meltano/run`); after it, none is left.
"""

from __future__ import annotations

import os
import secrets
import socket
import stat
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import psycopg
import pytest
from psycopg import sql
from reliability_sandbox import OrgConfig, Sandbox
from reliability_warehouse.embedded import EmbeddedWarehouse

ROOT = Path(__file__).resolve().parents[1]
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
GUARD = ROOT / "scripts" / "meltano"
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb", "ARRAY", "USER-DEFINED")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _secret(kind: str) -> str:
    return f"leakcheck-{kind}-{secrets.token_hex(8)}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("secrets")
    fake = {
        "pagerduty token": _secret("pd"),
        "sentry token": _secret("sentry"),
        "warehouse password": _secret("whpw"),
    }
    warehouse = EmbeddedWarehouse(
        data_dir=tmp / "warehouse" / "pgdata",
        port=_free_port(),
        password=fake["warehouse password"],
    )
    warehouse.start()
    sandbox = Sandbox(OrgConfig.preset("test", anchor=ANCHOR), token=fake["pagerduty token"])
    sandbox.vendor("sentry").configure(token=fake["sentry token"])
    with sandbox:
        env = {
            **os.environ,
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "MELTANO_DATABASE_URI": f"sqlite:///{tmp / 'meltano.db'}",
            "TAP_PAGERDUTY_API_URL": sandbox.vendor("pagerduty").url,
            "TAP_PAGERDUTY_TOKEN": fake["pagerduty token"],
            "TAP_PAGERDUTY_START_DATE": "2025-01-01T00:00:00Z",
            "TAP_SENTRY_BASE_URL": sandbox.vendor("sentry").url,
            "TAP_SENTRY_AUTH_TOKEN": fake["sentry token"],
            "TAP_SENTRY_ORGANIZATION": "acme",
            "TAP_SENTRY_START_DATE": "2025-01-01T00:00:00Z",
            # The ci environment reads the embedded warehouse's password from here, as dev
            # reads it from .env.
            "WAREHOUSE_PASSWORD": fake["warehouse password"],
            "TARGET_POSTGRES_PORT": str(warehouse.port),
            "TARGET_POSTGRES_DATABASE": warehouse.database,
            "DBT_POSTGRES_PORT": str(warehouse.port),
            "DBT_POSTGRES_DBNAME": warehouse.database,
            "DBT_TARGET_PATH": str(tmp / "dbt-target"),
            "DBT_LOG_PATH": str(tmp / "dbt-logs"),
            # Other sessions may run the same taps in this checkout: wait for them.
            "MELTANO_PLUGIN_LOCK_WAIT": "240",
        }
        for name in ("TARGET_POSTGRES_SQLALCHEMY_URL", "DBT_POSTGRES_PASSWORD"):
            env.pop(name, None)
        try:
            yield {"tmp": tmp, "env": env, "fake": fake, "warehouse": warehouse}
        finally:
            warehouse.stop()


def _meltano(world, *args: str, watch=None) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(
        [str(GUARD), "--environment=ci", *args],
        cwd=ROOT,
        env=world["env"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if watch is not None:
        watch(proc)
    out, err = proc.communicate(timeout=300)
    result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    world.setdefault("printed", []).append(out + err)
    assert proc.returncode == 0, f"meltano {' '.join(args)} failed:\n{out[-3000:]}\n{err[-3000:]}"
    return result


def _config_files() -> list[Path]:
    return [p for p in (ROOT / ".meltano" / "run").rglob("*.config.json") if p.is_file()]


def _watch_config_files(seen: dict[Path, int], needles: list[str]):
    """Record the mode of this run's plugin config files (those holding its fake secrets;
    other sessions' runs in this checkout write theirs beside them) while it is going."""

    def watch(proc: subprocess.Popen) -> None:
        while proc.poll() is None:
            for path in _config_files():
                if path in seen:
                    continue
                try:
                    mode = stat.S_IMODE(path.stat().st_mode)
                    text = path.read_text()
                except (FileNotFoundError, UnicodeDecodeError):
                    continue
                if any(needle in text for needle in needles):
                    seen[path] = mode
            time.sleep(0.05)

    return watch


def _files_changed_since(root: Path, since: float, skip: set[str]) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in filenames:
            path = Path(dirpath, name)
            try:
                if path.is_file() and path.stat().st_mtime >= since:
                    found.append(path)
            except OSError:
                continue
    return found


def _warehouse_hits(url: str, needles: list[str]) -> list[str]:
    hits = []
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            """
            select table_schema, table_name, column_name
            from information_schema.columns
            where table_schema not in ('pg_catalog', 'information_schema')
              and data_type = any(%s)
            """,
            (list(TEXT_TYPES),),
        ).fetchall()
        assert columns, "the warehouse has no text columns: nothing was loaded"
        for schema, table, column in columns:
            for needle in needles:
                query = sql.SQL("select count(*) from {} where strpos({}::text, %s) > 0").format(
                    sql.Identifier(schema, table), sql.Identifier(column)
                )
                count = conn.execute(query, (needle,)).fetchone()[0]  # type: ignore[index]
                if count:
                    hits.append(f"{schema}.{table}.{column}: {count} rows")
    return hits


def test_a_run_leaves_no_secret_anywhere(world):
    started = time.time() - 1
    needles = list(world["fake"].values())
    modes: dict[Path, int] = {}
    _meltano(
        world, "run", "tap-pagerduty", "target-postgres", watch=_watch_config_files(modes, needles)
    )
    _meltano(world, "invoke", "dbt-postgres", "run", "--select", "staging.pagerduty")
    state = _meltano(world, "state", "get", "ci:tap-pagerduty-to-target-postgres").stdout
    assert "bookmarks" in state

    # While the run went on, its config files were owner-only in an owner-only directory.
    assert modes, "no plugin config file was seen during the run"
    assert {oct(mode) for mode in modes.values()} == {"0o600"}, modes
    assert stat.S_IMODE((ROOT / ".meltano" / "run").stat().st_mode) == 0o700
    # ... and none of this run's is left (another session's may be running beside it).
    assert not [path for path in modes if path.exists()]

    # Everything written: the project folder (.meltano/, output/, logs; not the dependencies),
    # Meltano's log folder, and this run's system database, dbt target/ and logs, warehouse.
    files = _files_changed_since(ROOT, started, skip={".git", ".venv", "venv", "node_modules"})
    files += _files_changed_since(platformdirs.user_log_path("meltano"), started, skip=set())
    files += _files_changed_since(world["tmp"], 0, skip=set())
    assert any(p.name == "meltano.db" for p in files)
    assert any(p.parent.name == "dbt-target" for p in files)
    assert any(p.name == "postgres.log" for p in files)
    hits = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits += [
            f"{path}: {name}" for name, value in world["fake"].items() if value.encode() in data
        ]
    hits += [
        f"printed by meltano: {name}"
        for name, value in world["fake"].items()
        for text in world["printed"]
        if value in text
    ]
    hits += _warehouse_hits(world["warehouse"].url(), needles)
    assert hits == [], f"{len(files)} files and the warehouse searched; secrets found:\n" + (
        "\n".join(hits)
    )
    print(  # noqa: T201 - the measurement, shown with -s
        f"searched {len(files)} files written since {datetime.fromtimestamp(started, UTC):%X} "
        "and every text column of the warehouse: 0 hits"
    )
