"""The embedded warehouse starts, serves SQL on its port, restarts idempotently and stops."""

from __future__ import annotations

import socket

import psycopg
import pytest
from reliability_warehouse.cli import main
from reliability_warehouse.embedded import EmbeddedWarehouse, WarehouseError


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def warehouse(tmp_path):
    wh = EmbeddedWarehouse(data_dir=tmp_path / "pgdata", port=_free_port(), database="wh_test")
    yield wh
    wh.stop()


def test_start_creates_database_and_keeps_data_across_restarts(warehouse):
    url = warehouse.start()
    assert url.endswith(f":{warehouse.port}/wh_test")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create table kept (id int primary key)")
        conn.execute("insert into kept values (1), (2)")
    # Starting again while running is a no-op that returns the same address.
    assert warehouse.start() == url
    assert warehouse.stop() is True
    assert warehouse.is_running() is False
    warehouse.start()
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from kept").fetchone() == (2,)


def test_stop_when_not_running_says_so(warehouse):
    assert warehouse.stop() is False


def test_port_taken_by_another_program_is_a_clear_error(tmp_path):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        wh = EmbeddedWarehouse(data_dir=tmp_path / "pgdata", port=port)
        with pytest.raises(WarehouseError, match=f"Port 127.0.0.1:{port} is already in use"):
            wh.start()


def test_cli_status_exit_code_reflects_state(tmp_path, capsys):
    args = ["--data-dir", str(tmp_path / "pgdata"), "--port", str(_free_port())]
    assert main([*args, "status"]) == 1
    assert "not running" in capsys.readouterr().out
    assert main([*args, "start"]) == 0
    try:
        assert main([*args, "status"]) == 0
        assert "running at postgresql://postgres@127.0.0.1:" in capsys.readouterr().out
    finally:
        assert main([*args, "stop"]) == 0


def test_commits_are_durable(warehouse):
    """A commit is on disk before it is acknowledged: state never runs ahead of the rows."""
    url = warehouse.start()
    with psycopg.connect(url) as conn:
        settings = {
            name: conn.execute(f"show {name}").fetchone()[0]
            for name in ("synchronous_commit", "fsync", "full_page_writes")
        }
    assert settings == {"synchronous_commit": "on", "fsync": "on", "full_page_writes": "on"}
