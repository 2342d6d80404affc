"""What every benchmark script shares: paths, the sandbox's clock, a sandbox process, progress.

Imported as `_harness` by the scripts in this folder (run as `python bench/<name>.py`, which
puts this folder on the import path).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Every sandbox of every benchmark serves the world as of this instant: runs are comparable.
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)


def log(msg: str) -> None:
    """Progress on stderr."""
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_json(url: str, method: str = "GET", body: Any = None, timeout: float = 120) -> Any:  # noqa: ANN401
    """GET, POST or PUT a control endpoint of the sandbox; the decoded JSON answer."""
    data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
    req = urllib.request.Request(url, method=method, data=data)  # noqa: S310 - a local URL
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
        return json.loads(resp.read())


def start_sandbox(
    preset: str, workdir: Path, seconds: float = 180, command: list[str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`reliability-sandbox serve` (or `command` + `--port N`) on a free port; process, base URL."""
    port = free_port()
    logf = (workdir / "sandbox.log").open("wb")
    serve = command or [
        str(BIN / "reliability-sandbox"),
        "serve",
        "--preset",
        preset,
        "--anchor",
        ANCHOR.isoformat(),
    ]
    proc = subprocess.Popen([*serve, "--port", str(port)], stdout=logf, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            http_json(f"{base}/_sandbox/health")
        except OSError:
            time.sleep(0.2)
        else:
            return proc, base
    proc.kill()
    msg = f"the sandbox did not answer within {seconds:.0f} s; see {workdir / 'sandbox.log'}"
    raise RuntimeError(msg)


def pipe_to_target(tap: list[str], target: list[str], stderr: Path) -> tuple[float, int]:
    """`tap | target`, both stderr to one file; wall seconds and the first non-zero exit."""
    started = time.perf_counter()
    with stderr.open("wb") as err:
        tap_proc = subprocess.Popen(tap, stdout=subprocess.PIPE, stderr=err)
        target_proc = subprocess.run(
            target, stdin=tap_proc.stdout, stdout=subprocess.DEVNULL, stderr=err, check=False
        )
        tap_proc.wait()
    return time.perf_counter() - started, tap_proc.returncode or target_proc.returncode


def count_rows(url: str, schema: str) -> dict[str, int]:
    """Rows per table of one schema (libpq URL)."""
    import psycopg  # noqa: PLC0415 - only the load benchmarks need it

    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select table_name from information_schema.tables where table_schema = %s",
                (schema,),
            )
        ]
        return {
            t: conn.execute(f'select count(*) from {schema}."{t}"').fetchone()[0]  # type: ignore[index]  # noqa: S608
            for t in tables
        }
