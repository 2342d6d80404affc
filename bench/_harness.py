"""What every benchmark script shares: paths, the sandbox's clock, a sandbox process, progress.

Imported as `_harness` by the scripts in this folder (run as `python bench/<name>.py`, which
puts this folder on the import path).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


def wait_until_serving(base: str, tries: int = 100) -> None:
    """Wait for a mock started as a subprocess to answer its ``/_stats`` endpoint."""
    for _ in range(tries):
        try:
            http_json(f"{base}/_stats")
        except OSError:
            time.sleep(0.1)
        else:
            return


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


def pipe_timed(tap: list[str], target: list[str], stderr: Path) -> tuple[float, float, int]:
    """`tap | target` (both stderr to one file): wall seconds, the tap's, first non-zero exit.

    The tap's own wall time tells a target that holds the tap back (a full pipe) from one
    that finishes late (what it writes after the tap's last line: the tail).
    """
    started = time.perf_counter()
    with stderr.open("wb") as err:
        tap_proc = subprocess.Popen(tap, stdout=subprocess.PIPE, stderr=err)
        assert tap_proc.stdout is not None  # noqa: S101 - Popen with PIPE
        target_proc = subprocess.Popen(
            target, stdin=tap_proc.stdout, stdout=subprocess.DEVNULL, stderr=err
        )
        # Only the target reads the pipe: a target that fails early ends the tap (EPIPE)
        # instead of leaving it blocked on a pipe this process still holds open.
        tap_proc.stdout.close()
        tap_proc.wait()
        tap_wall = time.perf_counter() - started
        target_proc.wait()
    wall = time.perf_counter() - started
    return wall, tap_wall, tap_proc.returncode or target_proc.returncode


def pipe_to_target(tap: list[str], target: list[str], stderr: Path) -> tuple[float, int]:
    """`tap | target`, both stderr to one file; wall seconds and the first non-zero exit."""
    wall, _tap_wall, code = pipe_timed(tap, target, stderr)
    return wall, code


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


# ------------------------------------------------------------ small mocks and memory figures
#: `route(host, path) -> (status, body, extra header lines)` of a bench-local mock.
Route = Callable[[str, str], tuple[int, bytes, list[str]]]


def serve_mock(port: int, route: Route) -> None:
    """Serve `route` on 127.0.0.1 until killed; one write per response (no delayed-ACK stall)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # noqa: ANN401
            pass

        def do_GET(self) -> None:
            status, body, extra = route(self.headers["Host"], self.path)
            head = [
                f"HTTP/1.1 {status} {'OK' if status == HTTPStatus.OK else 'Not Found'}",
                "Content-Type: application/json; charset=utf-8",
                f"Content-Length: {len(body)}",
                f"Date: {self.date_time_string()}",
                *extra,
            ]
            self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


def rss_mib(pid: int) -> float | None:
    """The current RSS of a process (`/proc/<pid>/status`), None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class RssSampler:
    """RSS of a process every half second, with a progress count: `(seconds, count, MiB)`."""

    def __init__(self, pid: int, progress: Callable[[], int]) -> None:
        """Start sampling `pid`; `progress` says how far the run is (records emitted)."""
        self.samples: list[tuple[float, int, float]] = []
        self._done = threading.Event()
        started = time.perf_counter()

        def sample() -> None:
            while not self._done.wait(0.5):
                rss = rss_mib(pid)
                if rss is not None:
                    self.samples.append((time.perf_counter() - started, progress(), rss))

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop(self) -> list[tuple[float, int, float]]:
        """Stop sampling; the samples."""
        self._done.set()
        self._thread.join()
        return self.samples


def rss_curve(samples: list[tuple[float, int, float]], points: int = 10) -> str:
    """`count: MiB` pairs spread over a run (what `RssSampler` saw)."""
    if not samples:
        return "-"
    step = max(1, len(samples) // points)
    picked = [*samples[::step][:points], samples[-1]]
    return ", ".join(f"{n:,}: {rss:.0f}" for _t, n, rss in picked)


def write_result(prefix: str, result: dict[str, Any]) -> Path:
    """`result` as JSON in output/bench/<prefix>-<timestamp>.json; the path (printed)."""
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{prefix}-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(result))
    print(f"written to {path.relative_to(ROOT)}")
    return path


def env_with_pythonpath(pythonpath: str | None) -> dict[str, str]:
    """This environment, with `pythonpath` first on the import path (another copy of a tap)."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_measured(
    cmd: list[str], stderr: Path, *, env: dict[str, str] | None = None, progress: str | None = None
) -> dict[str, Any]:
    """Run a tap: RECORD lines per stream, RSS over time, peak RSS and CPU (`wait4`), wall time.

    `progress` names the stream whose count the RSS samples carry (default: every record).
    """
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    with stderr.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env)
        count = (lambda: counts[progress]) if progress else (lambda: sum(counts.values()))
        sampler = RssSampler(proc.pid, count)
        assert proc.stdout is not None  # noqa: S101 - Popen with PIPE
        for line in proc.stdout:
            if line.startswith(b'{"type":"RECORD"'):
                counts[line[27 : line.index(b'"', 27)].decode()] += 1
        _, status, rusage = os.wait4(proc.pid, 0)
        samples = sampler.stop()
    return {
        "returncode": os.waitstatus_to_exitcode(status),
        "wall_s": time.perf_counter() - started,
        "records": dict(counts),
        "max_rss_mib": rusage.ru_maxrss / 1024,
        "cpu_s": rusage.ru_utime + rusage.ru_stime,
        "rss_samples": samples,
    }
