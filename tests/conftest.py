"""Project-level fixtures: a real Postgres, the sandbox, and Meltano run as a user would."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import psycopg
import pytest
from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.vendors.google import SPREADSHEET_ID as SURVEY_SPREADSHEET_ID
from reliability_warehouse.embedded import EmbeddedWarehouse

if TYPE_CHECKING:
    from collections.abc import Iterator

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


def _new_sandbox() -> Sandbox:
    """The suite's sandbox world: the same preset and anchor serve the same data every time."""
    return Sandbox(OrgConfig.preset("test", anchor=ANCHOR))


@pytest.fixture(scope="session")
def sandbox():
    with _new_sandbox() as sb:
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


def _sandbox_env(sandbox: Sandbox) -> dict[str, str]:
    """The taps' settings for a sandbox (conftest's worlds and the copies with a sandbox of
    their own)."""
    oauth = sandbox.vendor("gdrive").credentials
    return {
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
        "TAP_POSTMORTEMS_CLIENT_ID": oauth["client_id"],
        "TAP_POSTMORTEMS_CLIENT_SECRET": oauth["client_secret"],
        "TAP_POSTMORTEMS_REFRESH_TOKEN": oauth["refresh_token"],
        "TAP_POSTMORTEMS_FOLDER_IDS": json.dumps(sandbox.vendor("gdrive").truth()["folder_ids"]),
        "TAP_POSTMORTEMS_MAX_RETRIES": "1",
        # The Developer Survey's sheet (tap-google-sheets via its launcher's api_url/token_uri).
        "TAP_GOOGLE_SHEETS_API_URL": f"{sandbox.base_url}/gsheets/",
        "TAP_GOOGLE_SHEETS_TOKEN_URI": f"{sandbox.vendor('gdrive').url}/token",
        "TAP_GOOGLE_SHEETS_CLIENT_ID": oauth["client_id"],
        "TAP_GOOGLE_SHEETS_CLIENT_SECRET": oauth["client_secret"],
        "TAP_GOOGLE_SHEETS_REFRESH_TOKEN": oauth["refresh_token"],
        "TAP_GOOGLE_SHEETS_SPREADSHEET_ID": SURVEY_SPREADSHEET_ID,
    }


#: The frequent build's saved state, in a project's directory under the suite's tmp.
SCHEDULED_STATE = "scheduled-state"


def _database_env(database: Warehouse, tmp: Path) -> dict[str, str]:
    """Where a project loads and builds: a database, and a Meltano system database and dbt
    target/ and logs of its own under `tmp`."""
    password = f":{database.password}" if database.password else ""
    return {
        # A private system database: the suite never touches the developer's state.
        "MELTANO_DATABASE_URI": f"sqlite:///{tmp / 'meltano.db'}",
        "TARGET_POSTGRES_SQLALCHEMY_URL": (
            f"postgresql+psycopg://{database.user}{password}@{database.host}:"
            f"{database.port}/{database.database}"
        ),
        "DBT_POSTGRES_HOST": database.host,
        "DBT_POSTGRES_PORT": str(database.port),
        "DBT_POSTGRES_USER": database.user,
        "DBT_POSTGRES_PASSWORD": database.password,
        "DBT_POSTGRES_DBNAME": database.database,
        "DBT_TARGET_PATH": str(tmp / "dbt-target"),
        "DBT_LOG_PATH": str(tmp / "dbt-logs"),
        # Not the checkout's transform/scheduled-state/: the state describes this database.
        "DBT_SCHEDULED_STATE_DIR": str(tmp / SCHEDULED_STATE),
    }


@pytest.fixture(scope="session")
def project(warehouse: Warehouse, sandbox: Sandbox, tmp_path_factory) -> Project:
    tmp = tmp_path_factory.mktemp("meltano")
    env = {
        **os.environ,
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "MELTANO_PLUGIN_LOCK_WAIT": "1800",
        # dbt's unit tests read fixtures, never loaded data: the world's build runs every one
        # of them (ALL_RESOURCES; test_pipeline.py checks its result), and every other build
        # of the suite leaves them out, as dbt advises for builds of data (they were almost
        # half of each full build's time: 69 s with them, 36 s without, on 2 cores).
        "DBT_EXCLUDE_RESOURCE_TYPES": "unit_test",
        **_sandbox_env(sandbox),
        **_database_env(warehouse, tmp),
    }
    return Project(env)


def _create_database(server: Warehouse, name: str, template: str | None = None) -> Warehouse:
    admin = replace(server, database="postgres")
    clause = f' template "{template}"' if template else ""
    with psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"{clause}')
    return replace(server, database=name)


def _rename_database(database: Warehouse, name: str) -> None:
    admin = replace(database, database="postgres")
    with psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(f'alter database "{database.database}" rename to "{name}"')


def _drop_database(database: Warehouse) -> None:
    admin = replace(database, database="postgres")
    with contextlib.suppress(psycopg.Error), psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{database.database}" with (force)')


#: What the loaded world holds: every source, each in a `meltano run` of its own.
WORLD_TAPS = (
    "tap-pagerduty",
    "tap-sentry",
    "tap-datadog",
    "tap-github-reliability",
    "tap-postmortems",
    "tap-google-sheets",
)


#: A build's environment that runs every resource type, unit tests included (the suite's
#: default leaves them out: `project`).
ALL_RESOURCES = {"DBT_EXCLUDE_RESOURCE_TYPES": ""}


@dataclass
class Copy:
    """A copy of the loaded world: its database, Meltano state and dbt target/, to change."""

    project: Project
    db: Warehouse
    sandbox: Sandbox


@dataclass
class World:
    """The session's loaded world: every source loaded from the session's sandbox into a
    database of its own, then one `dbt build` (models, data tests, unit tests).

    Modules that only read it use it as it is and leave it as they found it; modules that
    change data, state or the sandbox take a `copy()` (a Postgres `TEMPLATE` copy of the
    database and a copy of the Meltano system database: seconds, instead of loading again).
    """

    project: Project
    db: Warehouse
    sandbox: Sandbox
    tmp: Path
    runs: dict[str, subprocess.CompletedProcess[str]]
    build: subprocess.CompletedProcess[str]
    #: Copies take the database's name (the original is renamed while a copy lives): a saved
    #: dbt state names the database it describes, and a renamed warehouse is another one
    #: (`state:modified.relation`): `scheduled`'s copies must be the warehouse it built.
    copies_keep_name: bool = False

    def loaded(self, tap: str) -> subprocess.CompletedProcess[str]:
        """The world's run of `tap`; fails the test (not the session) when it failed."""
        proc = self.runs[tap]
        if proc.returncode != 0:
            pytest.fail(
                f"meltano run {tap} target-postgres failed ({proc.returncode}):\n"
                f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
            )
        return proc

    @contextlib.contextmanager
    def copy(self, tmp: Path, *, own_sandbox: bool = False) -> Iterator[Copy]:
        """The world's database, state and dbt target/ copied into `tmp`; the taps read the
        world's sandbox, or with `own_sandbox` a new one (the same preset serves the same data)
        that the copy may advance or fault."""
        if self.copies_keep_name:
            # One copy at a time (a worker runs its tests one by one): nothing is connected
            # to the original between tests, so it can be renamed.
            held = replace(self.db, database=f"{self.db.database}_held")
            _rename_database(self.db, held.database)
            db = _create_database(self.db, self.db.database, template=held.database)
        else:
            held = None
            db = _create_database(
                self.db, f"copy_{uuid.uuid4().hex[:8]}", template=self.db.database
            )
        try:
            tmp.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.tmp / "meltano.db", tmp / "meltano.db")
            # dbt's partial parse (target/partial_parse.msgpack) is kept: no full parse.
            shutil.copytree(self.tmp / "dbt-target", tmp / "dbt-target")
            # The frequent build's saved state (transform/scripts/scheduled_build.py), when the
            # world was built by it: the copy's next frequent build starts from it.
            if (self.tmp / SCHEDULED_STATE).is_dir():
                shutil.copytree(self.tmp / SCHEDULED_STATE, tmp / SCHEDULED_STATE)
            env = {**self.project.env, **_database_env(db, tmp)}
            if not own_sandbox:
                yield Copy(Project(env), db, self.sandbox)
                return
            with _new_sandbox() as sandbox:
                yield Copy(Project({**env, **_sandbox_env(sandbox)}), db, sandbox)
        finally:
            _drop_database(db)
            if held is not None:
                _rename_database(held, self.db.database)


@pytest.fixture(scope="session")
def world(warehouse: Warehouse, sandbox: Sandbox, project: Project, tmp_path_factory) -> World:
    """Loaded once per worker (the e2e modules that use it share one: tests/conftest.py's
    scheduler), read by tests/test_pipeline.py, test_survey.py; copied by the modules that
    change it (test_pipeline.py's incremental part, test_alerting.py, test_scorecard.py)."""
    tmp = tmp_path_factory.mktemp("world")
    db = _create_database(warehouse, f"world_{uuid.uuid4().hex[:8]}")
    loader = Project({**project.env, **_database_env(db, tmp)})
    runs = {tap: loader.meltano("run", tap, "target-postgres", check=False) for tap in WORLD_TAPS}
    build = loader.meltano(
        "invoke", "dbt-postgres:build", check=False, timeout=900, env=loader.env | ALL_RESOURCES
    )
    return World(loader, db, sandbox, tmp, runs, build)


@pytest.fixture(scope="session")
def scheduled(world: World, tmp_path_factory) -> Iterator[World]:
    """A copy of the world after one frequent build (`dbt-postgres:build-changed`) with no
    saved state: every node built again and the state saved. Its `copy()` starts from that
    state, so a test of the next frequent build does not pay for the first (a build of every
    node) itself. tests/test_subset_build.py, tests/test_frequent_catalogue.py."""
    for tap in WORLD_TAPS:
        world.loaded(tap)
    tmp = tmp_path_factory.mktemp("scheduled")
    with world.copy(tmp) as base:
        first = base.project.meltano("invoke", "dbt-postgres:build-changed", timeout=1200)
        yield World(
            base.project, base.db, base.sandbox, tmp, world.runs, first, copies_keep_name=True
        )


@pytest.fixture(scope="module")
def private_project(warehouse: Warehouse, project: Project, tmp_path_factory):
    """A database, Meltano state and dbt target of the test module's own, on the suite's server.

    Yields `(project, database)`: the project loads into and builds that database (point its
    taps at a sandbox of the module's own with `replace(project, env={...})`). For modules
    that purge or delete (tests/test_retention.py, tests/test_deletions.py) and must not
    touch the warehouse the other modules share.
    """
    name = f"private_{uuid.uuid4().hex[:8]}"
    database = _create_database(warehouse, name)
    tmp = tmp_path_factory.mktemp(name)
    yield replace(project, env={**project.env, **_database_env(database, tmp)}), database
    # Clean-up only (the session's server goes with the session): every client has exited.
    _drop_database(database)


# --- scheduling under pytest-xdist (scripts/test: `-n 2 --dist loadfile`) ------------------------

#: The slowest work units and a rough weight each. Only the order of dispatch uses them: the
#: longest unit goes first to whichever worker is free, so that a run does not end with one
#: worker idle while the other starts a long module. A wrong figure costs time, never a result.
HEAVY_UNITS: dict[str, float] = {
    # Minutes each took in the full `tests/` run at load ~18 before the world was shared
    # (the world's four modules then: 76; the estimate for one world below).
    "world": 55,
    "tests/test_retention.py": 20,
    "tests/test_deletions.py": 13,
    "tests/test_failure_lines.py": 11,
    "tests/test_privacy.py": 9,
    "tests/test_faults.py": 7,
    "tests/test_secrets.py": 6.5,
    "tests/test_dbt_redshift.py": 4.5,
    "tests/test_target_signals.py": 3,
    "tests/test_packaging.py": 2.3,
    "tests/test_run_lock.py": 1.8,
    "tests/test_vendor_examples.py": 1.5,
    "tests/test_sdk_seam_check.py": 1.2,
}
#: The modules that read or copy the session's loaded world (`world`): one unit, "world".
WORLD_MODULES = frozenset(
    f"tests/{name}.py"
    for name in (
        "test_pipeline",
        "test_survey",
        # A copy of the world plus the survey's CSV exports: outside this unit the other worker
        # built a second world for it (190 s of its setup in a full run).
        "test_survey_csv",
        "test_scorecard",
        "test_alerting",
        # PagerDuty's raw data alone, on a copy of the world (dbt builds one source), and the
        # frequent build on copies of `scheduled` (a copy of the world, built by it once).
        "test_subset_build",
        "test_frequent_catalogue",
        # Dagster runs the demo job on a copy of the world (its ~10 minutes are in "world").
        "test_orchestrator",
    )
)


def _unit_weight(scope: str) -> float:
    return HEAVY_UNITS.get(scope, 0.0)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """`--dist loadfile`, with three changes: the modules of WORLD_MODULES are one unit (one
    worker loads the world once and runs them while the other runs the rest), the heaviest unit
    is dispatched first, and no work is queued behind a long module.

    (Not `xdist_group` marks and `--dist loadgroup`: with pytest 9, xdist 3.8's renaming of
    the node ids no longer takes, and the marks group nothing.)
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling  # noqa: PLC0415 - only under xdist

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "world" if module in WORLD_MODULES else module

        def _assign_work_unit(self, node: object) -> None:
            heaviest = max(self.workqueue, key=_unit_weight)
            self.workqueue.move_to_end(heaviest, last=False)
            super()._assign_work_unit(node)

        def _reschedule(self, node: object) -> None:
            # A worker runs an item once it holds the next one (or is told to stop): it gets its
            # next unit when one item is left, not three (xdist's default), so that a long unit
            # is not queued behind the last tests of another while the other worker goes idle.
            if not node.shutting_down and self.workqueue:  # type: ignore[attr-defined]
                if self._pending_of(self.assigned_work[node]) > 1:
                    return
                self._assign_work_unit(node)
                return
            super()._reschedule(node)

    return Scheduling(config, log)
