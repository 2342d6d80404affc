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


def test_cli_status_exit_code_reflects_state(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_PASSWORD", "cli-test-password")
    args = ["--data-dir", str(tmp_path / "pgdata"), "--port", str(_free_port())]
    assert main([*args, "status"]) == 1
    assert "not running" in capsys.readouterr().out
    assert main([*args, "start"]) == 0
    try:
        assert main([*args, "status"]) == 0
        out = capsys.readouterr().out
        assert "running at postgresql://postgres@127.0.0.1:" in out
        assert "cli-test-password" not in out
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


def test_every_connection_needs_the_password(warehouse):
    """No local user is trusted: no password or a wrong one is refused, SCRAM everywhere."""
    warehouse.start()
    bare = f"postgresql://postgres@127.0.0.1:{warehouse.port}/wh_test"
    for url in (bare, bare.replace("postgres@", "postgres:wrong@")):
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(url, connect_timeout=5)
    with psycopg.connect(warehouse.url()) as conn:
        rules = conn.execute(
            "select type, auth_method from pg_hba_file_rules where error is null"
        ).fetchall()
    assert rules, "pg_hba.conf has no rules"
    assert {method for _, method in rules} == {"scram-sha-256"}
    assert {kind for kind, _ in rules} >= {"local", "host"}


def test_cli_needs_a_password(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("WAREHOUSE_PASSWORD", raising=False)
    args = ["--data-dir", str(tmp_path / "pgdata"), "--port", str(_free_port())]
    assert main([*args, "start"]) == 2
    assert "WAREHOUSE_PASSWORD is not set" in capsys.readouterr().err
    assert not (tmp_path / "pgdata" / "PG_VERSION").exists()


def test_a_trusting_cluster_from_before_gets_the_password(tmp_path):
    """A data directory initialised with --auth=trust is switched to SCRAM at its next start."""
    port = _free_port()
    old = EmbeddedWarehouse(data_dir=tmp_path / "pgdata", port=port, password="first")
    old.start()
    old.stop()
    hba = old.data_dir / "pg_hba.conf"
    hba.write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    wh = EmbeddedWarehouse(data_dir=tmp_path / "pgdata", port=port, password="from-env")
    try:
        wh.start()
        with pytest.raises(psycopg.OperationalError, match="password"):
            psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", connect_timeout=5)
        with psycopg.connect(wh.url()) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
        assert not wh._trusts_connections()
    finally:
        wh.stop()


def test_a_wrong_password_says_how_to_fix_it(warehouse):
    warehouse.start()
    other = EmbeddedWarehouse(
        data_dir=warehouse.data_dir, port=warehouse.port, database="wh_test", password="nope"
    )
    with pytest.raises(WarehouseError, match="refused the password"):
        other.start()
