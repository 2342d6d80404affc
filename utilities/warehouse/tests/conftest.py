"""A Postgres holding hand-made marts (fixtures/marts.sql) for the report's tests."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
from reliability_warehouse.embedded import EmbeddedWarehouse

FIXTURE = Path(__file__).parent / "fixtures" / "marts.sql"
# Like the project suite: point at an existing server instead of starting an embedded one, e.g.
# RELIABILITY_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres
EXTERNAL_URL_ENV = "RELIABILITY_TEST_POSTGRES_URL"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[arg-type]
        # A second schema with nothing in it: every section must say so, not crash.
        conn.execute("create schema reliability_empty")


@pytest.fixture(scope="session")
def marts_url(tmp_path_factory):
    """The URL of a database whose schema `reliability` holds the fixture marts."""
    external = os.environ.get(EXTERNAL_URL_ENV)
    if external:
        database = f"report_test_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(external, autocommit=True) as conn:
            conn.execute(f'create database "{database}"')
        url = urlparse(external)._replace(path=f"/{database}").geturl()
        _load(url)
        yield url
        with psycopg.connect(external, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{database}" with (force)')
        return
    embedded = EmbeddedWarehouse(
        data_dir=tmp_path_factory.mktemp("report-marts") / "pgdata", port=_free_port()
    )
    url = embedded.start()
    try:
        _load(url)
        yield url
    finally:
        embedded.stop()
