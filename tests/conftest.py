"""Project-level fixtures: a real Postgres, the sandbox, and Meltano run as a user would."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.vendors.google import SPREADSHEET_ID as SURVEY_SPREADSHEET_ID
from reliability_warehouse.embedded import EmbeddedWarehouse

ROOT = Path(__file__).resolve().parents[1]
# The project's wrapper, as users run it: owner-only run files, and a run of an extractor
# that another run is using waits for it (MELTANO_PLUGIN_LOCK_WAIT below) instead of sharing
# its `.meltano/run/<tap>/` files — two pytest workers may run the same tap at once.
MELTANO = ROOT / "scripts" / "meltano"
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
# Point the suite at an existing server instead of the embedded one, e.g.
# RELIABILITY_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres
EXTERNAL_URL_ENV = "RELIABILITY_TEST_POSTGRES_URL"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Warehouse:
    """A Postgres database reserved for one test session."""

    host: str
    port: int
    user: str
    password: str
    database: str

    @property
    def url(self) -> str:
        auth = f"{self.user}:{self.password}" if self.password else self.user
        return f"postgresql://{auth}@{self.host}:{self.port}/{self.database}"

    def query(self, sql: str) -> list[tuple]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.url) as conn:
            conn.execute(sql)

    def scalar(self, sql: str):
        return self.query(sql)[0][0]


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    external = os.environ.get(EXTERNAL_URL_ENV)
    if external:
        parsed = urlparse(external)
        database = f"reliability_test_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(external, autocommit=True) as conn:
            conn.execute(f'create database "{database}"')
        yield Warehouse(
            parsed.hostname or "127.0.0.1",
            parsed.port or 5432,
            parsed.username or "postgres",
            parsed.password or "",
            database,
        )
        with psycopg.connect(external, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{database}" with (force)')
        return
    embedded = EmbeddedWarehouse(
        data_dir=tmp_path_factory.mktemp("warehouse") / "pgdata", port=_free_port()
    )
    embedded.start()
    try:
        # The embedded server trusts no one: a random password of its own (docs/operations.md).
        yield Warehouse(
            "127.0.0.1", embedded.port, "postgres", embedded.password, embedded.database
        )
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def sandbox():
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@dataclass
class Project:
    """Runs `meltano` in the project, isolated from the developer's own state and data."""

    env: dict[str, str]

    def meltano(
        self,
        *args: str,
        check: bool = True,
        timeout: float = 600,
        environment: str = "ci",
        env: dict[str, str] | None = None,
    ):
        proc = subprocess.run(
            [str(MELTANO), f"--environment={environment}", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and proc.returncode != 0:
            pytest.fail(
                f"meltano {' '.join(args)} failed ({proc.returncode}):\n"
                f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
            )
        return proc


@pytest.fixture(scope="session")
def project(warehouse: Warehouse, sandbox: Sandbox, tmp_path_factory) -> Project:
    tmp = tmp_path_factory.mktemp("meltano")
    password = f":{warehouse.password}" if warehouse.password else ""
    env = {
        **os.environ,
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "MELTANO_PLUGIN_LOCK_WAIT": "1800",
        # A private system database: the suite never touches the developer's state.
        "MELTANO_DATABASE_URI": f"sqlite:///{tmp / 'meltano.db'}",
        "TAP_PAGERDUTY_API_URL": sandbox.vendor("pagerduty").url,
        "TAP_PAGERDUTY_TOKEN": sandbox.vendor("pagerduty").credentials["token"],
        "TAP_PAGERDUTY_START_DATE": "2025-01-01T00:00:00Z",
        # Fail fast when a test injects a persistent fault.
        "TAP_PAGERDUTY_MAX_RETRIES": "1",
        "TAP_SENTRY_BASE_URL": sandbox.vendor("sentry").url,
        "TAP_SENTRY_AUTH_TOKEN": sandbox.vendor("sentry").credentials["auth_token"],
        "TAP_SENTRY_ORGANIZATION": "acme",
        "TAP_SENTRY_START_DATE": "2025-01-01T00:00:00Z",
        "TAP_SENTRY_MAX_RETRIES": "1",
        "TAP_DATADOG_API_URL": sandbox.vendor("datadog").url,
        "TAP_DATADOG_API_KEY": sandbox.vendor("datadog").credentials["api_key"],
        "TAP_DATADOG_APP_KEY": sandbox.vendor("datadog").credentials["app_key"],
        "TAP_DATADOG_START_DATE": "2025-01-01T00:00:00Z",
        "TAP_DATADOG_REQUESTS_PER_MINUTE": "0",
        # The sandbox world ends at its anchor: reach back past it.
        "TAP_DATADOG_SLO_HISTORY_DAYS": str((datetime.now(UTC) - ANCHOR).days + 100),
        "TAP_DATADOG_MAX_RETRIES": "1",
        "TAP_GITHUB_RELIABILITY_API_URL": sandbox.vendor("github").url,
        "TAP_GITHUB_RELIABILITY_AUTH_TOKEN": sandbox.vendor("github").credentials["auth_token"],
        "TAP_GITHUB_RELIABILITY_ORGANIZATIONS": '["acme"]',
        "TAP_GITHUB_RELIABILITY_START_DATE": "2025-01-01T00:00:00Z",
        "TAP_GITHUB_RELIABILITY_MAX_RETRIES": "1",
        "TAP_POSTMORTEMS_SOURCE": "google_drive",
        "TAP_POSTMORTEMS_API_URL": f"{sandbox.vendor('gdrive').url}/",
        "TAP_POSTMORTEMS_TOKEN_URI": f"{sandbox.vendor('gdrive').url}/token",
        "TAP_POSTMORTEMS_CLIENT_ID": sandbox.vendor("gdrive").credentials["client_id"],
        "TAP_POSTMORTEMS_CLIENT_SECRET": sandbox.vendor("gdrive").credentials["client_secret"],
        "TAP_POSTMORTEMS_REFRESH_TOKEN": sandbox.vendor("gdrive").credentials["refresh_token"],
        "TAP_POSTMORTEMS_FOLDER_IDS": json.dumps(sandbox.vendor("gdrive").truth()["folder_ids"]),
        "TAP_POSTMORTEMS_MAX_RETRIES": "1",
        # The Developer Survey's sheet (tap-google-sheets via its launcher's api_url/token_uri).
        "TAP_GOOGLE_SHEETS_API_URL": f"{sandbox.base_url}/gsheets/",
        "TAP_GOOGLE_SHEETS_TOKEN_URI": f"{sandbox.vendor('gdrive').url}/token",
        "TAP_GOOGLE_SHEETS_CLIENT_ID": sandbox.vendor("gdrive").credentials["client_id"],
        "TAP_GOOGLE_SHEETS_CLIENT_SECRET": sandbox.vendor("gdrive").credentials["client_secret"],
        "TAP_GOOGLE_SHEETS_REFRESH_TOKEN": sandbox.vendor("gdrive").credentials["refresh_token"],
        "TAP_GOOGLE_SHEETS_SPREADSHEET_ID": SURVEY_SPREADSHEET_ID,
        "TARGET_POSTGRES_SQLALCHEMY_URL": (
            f"postgresql+psycopg://{warehouse.user}{password}@{warehouse.host}:"
            f"{warehouse.port}/{warehouse.database}"
        ),
        "DBT_POSTGRES_HOST": warehouse.host,
        "DBT_POSTGRES_PORT": str(warehouse.port),
        "DBT_POSTGRES_USER": warehouse.user,
        "DBT_POSTGRES_PASSWORD": warehouse.password,
        "DBT_POSTGRES_DBNAME": warehouse.database,
        "DBT_TARGET_PATH": str(tmp / "dbt-target"),
        "DBT_LOG_PATH": str(tmp / "dbt-logs"),
    }
    return Project(env)


@pytest.fixture(scope="module")
def private_project(warehouse: Warehouse, project: Project, tmp_path_factory):
    """A database, Meltano state and dbt target of the test module's own, on the suite's server.

    Yields `(project, database)`: the project loads into and builds that database (point its
    taps at a sandbox of the module's own with `replace(project, env={...})`). For modules
    that purge or delete (tests/test_retention.py, tests/test_deletions.py) and must not
    touch the warehouse the other modules share.
    """
    name = f"private_{uuid.uuid4().hex[:8]}"
    admin = replace(warehouse, database="postgres")
    with psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    database = replace(warehouse, database=name)
    tmp = tmp_path_factory.mktemp(name)
    password = f":{database.password}" if database.password else ""
    env = {
        **project.env,
        "MELTANO_DATABASE_URI": f"sqlite:///{tmp / 'meltano.db'}",
        "TARGET_POSTGRES_SQLALCHEMY_URL": (
            f"postgresql+psycopg://{database.user}{password}@{database.host}:{database.port}/{name}"
        ),
        "DBT_POSTGRES_DBNAME": name,
        "DBT_TARGET_PATH": str(tmp / "dbt-target"),
        "DBT_LOG_PATH": str(tmp / "dbt-logs"),
    }
    yield replace(project, env=env), database
    # Clean-up only (the session's server goes with the session): every client has exited.
    with contextlib.suppress(psycopg.Error), psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}"')
