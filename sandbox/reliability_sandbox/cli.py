"""Command line: ``reliability-sandbox serve | start | stop | status``.

``serve`` runs in the foreground. ``start`` runs ``serve`` in the background with its
state in a directory (default ``./.sandbox``): ``world.json`` (preset, seed, anchor and
the time of every mutation epoch), ``sandbox.pid``, ``sandbox.log``. A later ``start``
with the same state directory rebuilds the same world and applies one more epoch, so
a re-run of the demo sees acknowledgements, resolutions and new incidents.

Exit codes: 0 success, 1 failure, 2 usage error or address in use, 3 ``status`` of a
sandbox that is not running.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_NOT_RUNNING = 0, 1, 2, 3
DEFAULT_PORT = 8765
DEFAULT_STATE_DIR = ".sandbox"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reliability-sandbox",
        description=(
            "Local emulator of the vendor APIs behind the reliability taps: PagerDuty, Sentry,"
            " Datadog, GitHub and Google (Drive, Sheets), one generated organisation."
        ),
        epilog=_VENDORS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def world_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
        p.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
        )
        p.add_argument(
            "--preset",
            choices=("test", "demo", "bench"),
            default=None,
            help="size of the generated world (default demo)",
        )
        p.add_argument("--seed", type=int, default=None, help="random seed (default 42)")
        p.add_argument(
            "--anchor", default=None, help="end of the generated history, ISO-8601 (default: now)"
        )
        p.add_argument(
            "--latency-ms", type=float, default=0.0, help="latency added to each request"
        )
        p.add_argument(
            "--requests-per-minute",
            type=int,
            default=None,
            help="per-token rate limit (default: none; PagerDuty's is 960)",
        )
        p.add_argument(
            "--token",
            default=None,
            help="PagerDuty API token accepted (default sandbox-pagerduty-token)",
        )
        p.add_argument(
            "--faults", type=Path, default=None, help="JSON file of fault rules (see the README)"
        )

    serve = sub.add_parser("serve", help="run in the foreground")
    world_options(serve)
    serve.add_argument("--world", type=Path, default=None, help=argparse.SUPPRESS)

    start = sub.add_parser("start", help="run in the background (state in --state-dir)")
    world_options(start)
    start.add_argument("--state-dir", type=Path, default=Path(DEFAULT_STATE_DIR))
    start.add_argument(
        "--reset", action="store_true", help="forget the persisted world and generate a fresh one"
    )
    start.add_argument("--wait", type=float, default=60.0, help="seconds to wait for health")

    for name, text in (("stop", "stop the background sandbox"), ("status", "show its state")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--state-dir", type=Path, default=Path(DEFAULT_STATE_DIR))
    return parser


def _err(msg: str) -> None:
    print(f"reliability-sandbox: {msg}", file=sys.stderr)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _url(host: str, port: int) -> str:
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def _http(url: str, method: str = "GET", timeout: float = 2.0) -> dict[str, Any] | None:
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - local URL
            return json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


# ------------------------------------------------------------------------ serve
def _serve(args: argparse.Namespace) -> int:
    from reliability_sandbox.faults import FaultConfig  # noqa: PLC0415 - keep --help fast
    from reliability_sandbox.org import Org, OrgConfig  # noqa: PLC0415
    from reliability_sandbox.server import build_app, run_forever  # noqa: PLC0415
    from reliability_sandbox.vendors.pagerduty import DEFAULT_TOKEN  # noqa: PLC0415

    world: dict[str, Any] = {}
    if args.world is not None and args.world.exists():
        world = json.loads(args.world.read_text())
    preset = world.get("preset") or args.preset or "demo"
    config = OrgConfig.preset(preset)
    seed = world.get("seed", args.seed)
    anchor = world.get("anchor") or args.anchor
    config = replace(
        config,
        seed=config.seed if seed is None else seed,
        anchor=datetime.fromisoformat(anchor) if anchor else None,
    )
    try:
        faults = json.loads(args.faults.read_text()) if args.faults else {}
        fault_config = FaultConfig.from_dict(faults)
    except (OSError, ValueError, TypeError) as exc:
        _err(f"cannot read fault rules {args.faults}: {exc}")
        return EXIT_USAGE
    if args.latency_ms:
        fault_config.latency_ms = args.latency_ms
    if args.requests_per_minute:
        fault_config.requests_per_minute = args.requests_per_minute
    if not _port_free(args.host, args.port):
        _err(
            f"port {args.port} on {args.host} is already in use (another sandbox? try "
            "`reliability-sandbox stop`, or pick another --port)"
        )
        return EXIT_USAGE
    started = time.monotonic()
    org = Org(config)
    org.replay([datetime.fromisoformat(t) for t in world.get("epoch_times", [])])
    app = build_app(
        org, pagerduty_token=args.token or DEFAULT_TOKEN, faults=fault_config, world_file=args.world
    )
    print(
        f"reliability-sandbox: {preset} world (seed {config.seed}, anchor "
        f"{org.config.anchor.isoformat()}, epoch {org.epoch}): {len(org.incidents)} incidents, "  # type: ignore[union-attr]
        f"{len(org.events)} log entries, generated in {time.monotonic() - started:.1f}s",
        flush=True,
    )
    print(
        f"reliability-sandbox: at {_url(args.host, args.port)}: "
        f"{' '.join(sorted(app.vendors))} (PagerDuty token "
        f"{'<custom>' if args.token else DEFAULT_TOKEN}; credentials: GET /_sandbox/vendors)",
        flush=True,
    )
    try:
        run_forever(app, args.host, args.port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _err(f"port {args.port} on {args.host} is already in use")
            return EXIT_USAGE
        _err(f"cannot listen on {args.host}:{args.port}: {exc}")
        return EXIT_FAIL
    return EXIT_OK


# ------------------------------------------------------------------------ daemon
def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    # Guard against a recycled pid: on Linux, check it still is a sandbox.
    if cmdline.exists():
        try:
            return b"reliability_sandbox" in cmdline.read_bytes()
        except OSError:
            return True
    return True


def _read_pid(state: Path) -> int | None:
    try:
        pid = int((state / "sandbox.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if _pid_alive(pid) else None


def _runtime(state: Path) -> dict[str, Any]:
    try:
        return json.loads((state / "runtime.json").read_text())
    except (OSError, ValueError):
        return {}


def _start(args: argparse.Namespace) -> int:  # noqa: C901, PLR0911, PLR0912, PLR0915 - one linear recipe
    state: Path = args.state_dir
    state.mkdir(parents=True, exist_ok=True)
    world_file = state / "world.json"
    pid = _read_pid(state)
    if args.reset and pid is not None:
        _err(f"cannot --reset while the sandbox runs (pid {pid}); stop it first")
        return EXIT_USAGE
    if args.reset and world_file.exists():
        world_file.unlink()
    world: dict[str, Any] = {}
    if world_file.exists():
        try:
            world = json.loads(world_file.read_text())
        except ValueError:
            _err(f"{world_file} is not valid JSON; use --reset to start a fresh world")
            return EXIT_USAGE
        clash = [
            f"--{k} {getattr(args, k)} (world has {world.get(k)})"
            for k in ("preset", "seed")
            if getattr(args, k) is not None and getattr(args, k) != world.get(k)
        ]
        if clash:
            _err(f"{state} holds a different world: {', '.join(clash)}; add --reset to replace it")
            return EXIT_USAGE
    if pid is not None:
        base = _runtime(state).get("url", "")
        result = _http(f"{base}/_sandbox/advance", method="POST", timeout=30)
        epoch = f", advanced to epoch {result['epoch']}" if result else ""
        print(f"reliability-sandbox: already running (pid {pid}) at {base}{epoch}")
        running = _http(f"{base}/_sandbox/health") or {}
        print("  ".join(f"{base}{prefix}" for prefix in running.get("vendors", [])))
        return EXIT_OK
    if world:
        # One more mutation epoch per start: a re-run sees the world move on.
        epochs = list(world.get("epoch_times", []))
        last = max(datetime.fromisoformat(t) for t in [world["anchor"], *epochs])
        now = max(datetime.now(UTC).replace(microsecond=0), last + timedelta(seconds=1))
        epochs.append(now.isoformat())
        world["epoch_times"] = epochs
    else:
        from reliability_sandbox.org import OrgConfig  # noqa: PLC0415

        preset = args.preset or "demo"
        anchor = (
            datetime.fromisoformat(args.anchor) if args.anchor else datetime.now(UTC)
        ).replace(second=0, microsecond=0)
        if anchor.tzinfo is None:
            anchor = anchor.replace(tzinfo=UTC)
        seed = args.seed if args.seed is not None else OrgConfig.preset(preset).seed
        world = {"preset": preset, "seed": seed, "anchor": anchor.isoformat(), "epoch_times": []}
    if not _port_free(args.host, args.port):
        _err(
            f"port {args.port} on {args.host} is already in use (another sandbox? try "
            "`reliability-sandbox stop`, or pick another --port)"
        )
        return EXIT_USAGE
    world_file.write_text(json.dumps(world, indent=2))
    cmd = [
        sys.executable,
        "-m",
        "reliability_sandbox",
        "serve",
        "--world",
        str(world_file),
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    if args.latency_ms:
        cmd += ["--latency-ms", str(args.latency_ms)]
    if args.requests_per_minute:
        cmd += ["--requests-per-minute", str(args.requests_per_minute)]
    if args.token:
        cmd += ["--token", args.token]
    if args.faults:
        cmd += ["--faults", str(args.faults.resolve())]
    log_path = state / "sandbox.log"
    pid = _spawn_daemon(cmd, log_path)
    (state / "sandbox.pid").write_text(f"{pid}\n")
    base = _url(args.host, args.port)
    (state / "runtime.json").write_text(json.dumps({"url": base, "pid": pid}, indent=2))
    deadline = time.monotonic() + args.wait
    while time.monotonic() < deadline:
        health = _http(f"{base}/_sandbox/health")
        if health is not None:
            print(
                f"reliability-sandbox: started (pid {pid}), {world['preset']} world, "
                f"epoch {health['epoch']}, {health['incidents']} incidents; log {log_path}"
            )
            print("  ".join(f"{base}{prefix}" for prefix in health.get("vendors", [])))
            return EXIT_OK
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            (state / "sandbox.pid").unlink(missing_ok=True)
            tail = log_path.read_text(errors="replace").splitlines()[-5:]
            _err("the sandbox exited during start-up:\n  " + "\n  ".join(tail))
            code = os.waitstatus_to_exitcode(status)
            return code if code == EXIT_USAGE else EXIT_FAIL
        time.sleep(0.1)
    _err(f"the sandbox did not answer on {base} within {args.wait:.0f}s; see {log_path}")
    return EXIT_FAIL


def _spawn_daemon(cmd: list[str], log_path: Path) -> int:
    """Start the server in its own session, output to the log, and return its pid.

    A daemon outlives this command by design: spawning it without a `subprocess.Popen`
    object avoids the "subprocess is still running" ResourceWarning every start printed.
    """
    with log_path.open("ab") as log:
        return os.posix_spawn(
            cmd[0],
            cmd,
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, log.fileno(), 1),
                (os.POSIX_SPAWN_DUP2, log.fileno(), 2),
            ],
            setsid=True,
        )


def _stop(args: argparse.Namespace) -> int:
    state: Path = args.state_dir
    pid = _read_pid(state)
    if pid is None:
        (state / "sandbox.pid").unlink(missing_ok=True)
        print("reliability-sandbox: not running")
        return EXIT_OK
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _pid_alive(pid):
        time.sleep(0.05)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
    (state / "sandbox.pid").unlink(missing_ok=True)
    print(f"reliability-sandbox: stopped (pid {pid}); the world is kept in {state}/world.json")
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    state: Path = args.state_dir
    pid = _read_pid(state)
    world_file = state / "world.json"
    world = json.loads(world_file.read_text()) if world_file.exists() else None
    if pid is None:
        extra = (
            (
                f"; world: {world['preset']} seed {world['seed']}, "
                f"{len(world.get('epoch_times', []))} epochs"
            )
            if world
            else ""
        )
        print(f"reliability-sandbox: not running{extra}")
        return EXIT_NOT_RUNNING
    base = _runtime(state).get("url", "")
    health = _http(f"{base}/_sandbox/health")
    if health is None:
        print(f"reliability-sandbox: process {pid} alive but {base} does not answer")
        return EXIT_FAIL
    print(
        f"reliability-sandbox: running (pid {pid}) at {base} "
        f"({' '.join(health['vendors'])}); epoch "
        f"{health['epoch']}, clock {health['now']}, {health['incidents']} incidents, "
        f"{health['log_entries']} log entries"
    )
    return EXIT_OK


_VENDORS_HELP = """\
vendors (a client's base URL is http://HOST:PORT/<path>; public, fake credentials):
  /pagerduty  PagerDuty REST API v2      Authorization: Token token=sandbox-pagerduty-token
  /sentry     Sentry web API (/api/0/)   Authorization: Bearer sandbox-sentry-token (org acme)
  /datadog    Datadog API v1 and v2      DD-API-KEY sandbox-dd-api-key,
                                         DD-APPLICATION-KEY sandbox-dd-app-key
  /github     GitHub REST API            Authorization: Bearer sandbox-github-token (org acme)
  /google     Google Drive v3 + OAuth    /google/token: client sandbox-google-client-id...,
                                         refresh token sandbox-google-refresh-token
  /gsheets    Google Sheets v4           access tokens from /google/token
control: /_sandbox/health, /advance, /faults, /stats, /vendors[/NAME], /truth/VENDOR
(GET /_sandbox/vendors lists every vendor's path and credentials; see sandbox/README.md)
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``reliability-sandbox`` command."""
    args = _parser().parse_args(argv)
    handlers = {"serve": _serve, "start": _start, "stop": _stop, "status": _status}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return EXIT_OK


__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
