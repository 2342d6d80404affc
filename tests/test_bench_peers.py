"""bench/peers.py reads two protocols: what it counts must be what each protocol calls a record.

The benchmark itself is never run by the tests (it installs the peers and takes minutes);
these check the parts that decide its figures. Message lines are the examples of the Singer
specification (singer-io/getting-started, SPEC.md) and the Airbyte protocol documentation
(docs.airbyte.com, "Airbyte Protocol", AirbyteRecordMessage), plus the compact form the
singer-sdk writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

# bench/ is not a package: its scripts import `_harness` from their own folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import peers


@pytest.mark.parametrize(
    ("line", "stream"),
    [
        # Singer SPEC.md, RECORD example.
        (b'{"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "Chris"}}', "users"),
        # singer-sdk output: compact, with time_extracted after the record.
        (
            (
                b'{"type":"RECORD","stream":"incidents","record":{"id":"P1"},'
                b'"time_extracted":"2026-06-01T00:00:00+00:00"}'
            ),
            "incidents",
        ),
        # Airbyte protocol: the stream is inside `record`, before `data`.
        (
            (
                b'{"type":"RECORD","record":{"stream":"issues","data":{"id":"1","stream":"x"},'
                b'"emitted_at":1764806400000}}'
            ),
            "issues",
        ),
        # Not records: SCHEMA, STATE (even one whose value says RECORD), Airbyte LOG.
        (b'{"type": "SCHEMA", "stream": "users", "schema": {}, "key_properties": ["id"]}', None),
        (b'{"type": "STATE", "value": {"type": "RECORD", "stream": "users"}}', None),
        (b'{"type":"LOG","log":{"level":"INFO","message":"\\"type\\": \\"RECORD\\""}}', None),
        (b"INFO Starting sync", None),
    ],
)
def test_record_stream(line: bytes, stream: str | None) -> None:
    assert peers.record_stream(line) == stream


def test_discover_reads_a_singer_catalog_and_an_airbyte_catalog_message(tmp_path: Path) -> None:
    catalog = {"streams": [{"tap_stream_id": "incidents", "metadata": []}]}
    singer = json.dumps(catalog, indent=2)  # singer taps print it indented, over many lines
    airbyte = "\n".join(
        [
            json.dumps({"type": "LOG", "log": {"level": "INFO", "message": "discover"}}),
            json.dumps({"type": "CATALOG", "catalog": catalog}),
        ]
    )
    for out in (singer, airbyte):
        cmd = [sys.executable, "-c", f"print({out!r})"]
        assert peers.discover(cmd, tmp_path) == catalog


def test_select_marks_only_the_stream_asked_for() -> None:
    catalog: dict[str, Any] = {
        "streams": [
            {"tap_stream_id": name, "metadata": [{"breadcrumb": [], "metadata": {}}]}
            for name in ("incidents", "services")
        ]
    }
    chosen = peers.select(catalog, "incidents")
    flags = {
        e["tap_stream_id"]: e["metadata"][0]["metadata"]["selected"] for e in chosen["streams"]
    }
    assert flags == {"incidents": True, "services": False}


@pytest.mark.parametrize("peer", sorted(peers.PEERS))
def test_every_peer_has_a_launcher_that_compiles(peer: str) -> None:
    compile(peers.LAUNCH[peer], f"<launch {peer}>", "exec")


def test_a_target_that_fails_at_once_ends_the_pipe(tmp_path: Path) -> None:
    # A tap writing more than a pipe holds, into a target that exits without reading: the
    # tap must see EPIPE and end, not block on a pipe the bench process still holds open.
    import _harness  # noqa: PLC0415 - bench/ is on the path once peers is imported

    tap = [
        sys.executable,
        "-c",
        "import sys\nfor _ in range(10**6): sys.stdout.write('x' * 99 + '\\n')",
    ]
    target = [sys.executable, "-c", "import sys; sys.exit(3)"]
    _wall, code = _harness.pipe_to_target(tap, target, tmp_path / "stderr")
    assert code != 0
