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
    preset: str, workdir: Path, seconds: float = 180
) -> tuple[subprocess.Popen[bytes], str]:
    """`reliability-sandbox serve` on a free port; returns the process and its base URL."""
    port = free_port()
    logf = (workdir / "sandbox.log").open("wb")
    proc = subprocess.Popen(
        [
            str(BIN / "reliability-sandbox"),
            "serve",
            "--preset",
            preset,
            "--port",
            str(port),
            "--anchor",
            ANCHOR.isoformat(),
        ],
        stdout=logf,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            http_json(f"{base}/_sandbox/health")
        except OSError:
            time.sleep(0.2)
        else:
            return proc, base
    proc.kill()
    msg = f"the sandbox did not answer within {seconds:.0f} s; see {workdir / 'sandbox.log'}"
    raise RuntimeError(msg)
