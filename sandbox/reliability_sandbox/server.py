"""The sandbox's ASGI app, its control endpoints, and an in-process runner for tests.

URL space::

    /pagerduty/ /sentry/ /datadog/ /github/ /google/ /gsheets/   the vendors (vendors/)
    /_sandbox/health        GET: {"status": "ok", "epoch", "now", "seed", "vendors"}
    /_sandbox/advance       POST: one mutation epoch; optional body {"now": ISO-8601}
    /_sandbox/faults        GET / PUT: fault rules, latency, rate limit (see faults.py)
    /_sandbox/stats         GET: request counts per path and status
    /_sandbox/stats/reset   POST
    /_sandbox/contracts     GET: what the contract check found (when switched on)
    /_sandbox/truth/VENDOR  GET: per stream, every primary key and its version (truth_keys.py)
    /_sandbox/vendors       GET: every vendor: name, path, credentials, switches
    /_sandbox/vendors/NAME  GET / PUT: a vendor's account switches (Vendor.configure)

A vendor request goes: latency -> fault rules -> authentication -> rate limit -> the
vendor's handler. Handlers are synchronous and run under one lock shared with
:meth:`Sandbox.advance`, so a page is always served from one consistent world.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections import Counter, defaultdict
from datetime import UTC, datetime
from email.utils import formatdate
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import orjson
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from reliability_sandbox.conformance import ContractLog
from reliability_sandbox.faults import FaultConfig, FaultRule, RateLimiter
from reliability_sandbox.truth_keys import VENDORS, truth_keys
from reliability_sandbox.vendor import Request, Response, Vendor, dumps
from reliability_sandbox.vendors import mount_all
from reliability_sandbox.vendors.pagerduty import DEFAULT_TOKEN

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable
    from pathlib import Path

    from reliability_sandbox.org import Org

    Scope = dict[str, Any]
    Receive = Callable[[], Awaitable[dict[str, Any]]]
    Send = Callable[[dict[str, Any]], Awaitable[None]]

_TRANSPORT_KEY = "reliability_sandbox.transport"


class SandboxHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, exposing the transport so a fault can drop it.

    ASGI has no way to close a connection without answering; the ``drop`` fault needs
    exactly that (a client must see "connection closed without response").
    """

    def on_headers_complete(self) -> None:
        """Let uvicorn build the scope, then attach the transport to it."""
        super().on_headers_complete()
        # The ASGI task is only scheduled here, so the scope can still be extended.
        extensions: dict[str, Any] = self.scope.setdefault("extensions", {})
        extensions[_TRANSPORT_KEY] = self.transport


class Stats:
    """Request counters for ``/_sandbox/stats``."""

    def __init__(self) -> None:
        """Start from zero."""
        self.reset()

    def reset(self) -> None:
        """Forget everything counted so far."""
        self.requests = 0
        self.by_path: Counter[str] = Counter()
        self.by_status: Counter[str] = Counter()
        self.by_path_status: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def count(self, path: str, status: int | str) -> None:
        """Count one answered vendor request (``status`` may be ``drop``)."""
        self.requests += 1
        self.by_path[path] += 1
        self.by_status[str(status)] += 1
        self.by_path_status[path][str(status)] += 1

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "requests": self.requests,
            "by_path": dict(self.by_path),
            "by_status": dict(self.by_status),
            "by_path_status": {p: dict(c) for p, c in self.by_path_status.items()},
        }


class SandboxApp:
    """The ASGI application: vendors, control endpoints, faults and stats.

    Attributes:
        org: The world every vendor serves.
        vendors: Mounted vendor APIs.
        faults: Current fault configuration (replaced as a whole by ``set_faults``).
        stats: Request counters.
        lock: Serialises vendor handlers and world mutations.
        world_file: If set, every epoch applied through the control endpoint is
            appended there, so a restarted daemon replays the same world.
        contracts: When set, every vendor exchange is checked against the vendor's
            published contract and what fails is recorded here (see conformance.py).
    """

    def __init__(
        self,
        org: Org,
        vendors: Iterable[Vendor],
        faults: FaultConfig | None = None,
        world_file: Path | None = None,
        *,
        check_contracts: bool = False,
    ) -> None:
        """Create the app.

        Args:
            org: The world.
            vendors: Vendor APIs, each mounted at its ``prefix``.
            faults: Initial fault configuration.
            world_file: JSON state file to record epochs in (CLI daemon mode).
            check_contracts: Check every exchange against the vendors' contracts.
        """
        self.org = org
        self.vendors = {v.prefix: v for v in vendors}
        self.by_name = {v.name: v for v in self.vendors.values()}
        self.lock = threading.RLock()
        self.stats = Stats()
        self.world_file = world_file
        self.contracts = ContractLog() if check_contracts else None
        self.faults = FaultConfig()
        self._limiter: RateLimiter | None = None
        self.set_faults(faults or FaultConfig())

    # ------------------------------------------------------------ control API
    def set_faults(self, faults: FaultConfig | dict[str, Any]) -> None:
        """Replace rules, latency and rate limit (rate-limit buckets start full)."""
        if isinstance(faults, dict):
            faults = FaultConfig.from_dict(faults)
        rpm = faults.requests_per_minute
        self._limiter = RateLimiter(rpm) if rpm else None
        self.faults = faults

    def configure_vendor(self, name: str, settings: dict[str, Any]) -> dict[str, Any]:
        """Apply a vendor's account switches under the world lock; return those in force.

        Raises:
            KeyError: If no vendor of that name is mounted.
            ValueError: On an unknown setting or a bad value.
        """
        vendor = self.by_name[name]
        with self.lock:
            return vendor.configure(settings)

    def advance(self, now: datetime | None = None) -> int:
        """Apply one mutation epoch under the world lock; return the new epoch."""
        with self.lock:
            epoch = self.org.advance(now)
            if self.world_file is not None:
                _record_epoch(self.world_file, self.org)
            return epoch

    # ------------------------------------------------------------------ ASGI
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # noqa: C901
        """ASGI entry point."""
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        body = b""
        if scope["method"] in ("POST", "PUT", "PATCH"):
            more = True
            chunks = []
            while more:
                message = await receive()
                chunks.append(message.get("body", b""))
                more = message.get("more_body", False)
            body = b"".join(chunks)
        # Like a real server, every answer carries a `Date` header: the world's clock,
        # which a client needs to reason about retention (uvicorn's own is turned off).
        date = formatdate(self.org.now.timestamp(), usegmt=True).encode("latin-1")
        send = _dated(send, date)
        if path.startswith("/_sandbox/"):
            resp = self._control(scope["method"], path, body)
            await _send(send, resp)
            return
        for prefix, vendor in self.vendors.items():
            if path == prefix or path.startswith(prefix + "/"):
                await self._vendor(vendor, scope, send, path, body)
                return
        await _send(
            send,
            Response.json(
                404,
                {
                    "error": {
                        "message": "Not Found",
                        "code": 404,
                        "errors": [f"no vendor at {path}"],
                    }
                },
            ),
        )

    async def _vendor(
        self, vendor: Vendor, scope: Scope, send: Send, path: str, body: bytes
    ) -> None:
        faults = self.faults
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000.0)
        method: str = scope["method"]
        rule = faults.match(method, path)
        if (
            rule is not None
            and rule.kind != "malformed_json"
            and await self._inject(rule, vendor, scope, send, path)
        ):
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = Request(
            method=method,
            path=path[len(vendor.prefix) :] or "/",
            query=parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True),
            headers=headers,
            body=body,
            quirks=faults.quirks,
        )
        key, denied = vendor.authenticate(request)
        if denied is not None:
            self.stats.count(path, denied.status)
            self._check(vendor, request, denied)
            await _send(send, denied)
            return
        rl_headers: list[tuple[bytes, bytes]] = []
        limiter = self._limiter
        if limiter is not None:
            allowed, remaining, reset = limiter.take(f"{vendor.prefix}:{key}")
            if not allowed:
                resp = vendor.too_many_requests(limiter.limit, reset)
                self.stats.count(path, 429)
                self._check(vendor, request, resp)
                await _send(send, resp)
                return
            rl_headers = vendor.rate_limit_headers(limiter.limit, remaining, reset)
        with self.lock:
            resp = vendor.handle(request)
        resp.headers.extend(rl_headers)
        # A body broken on purpose below is a transport fault, not the vendor's answer.
        self._check(vendor, request, resp)
        if rule is not None and rule.kind == "malformed_json":
            # A proxy cut the body short: status 200, valid headers, half a document.
            resp = Response(200, resp.body[: max(1, len(resp.body) // 2)], resp.headers)
        self.stats.count(path, resp.status)
        await _send(send, resp)

    async def _inject(
        self, rule: FaultRule, vendor: Vendor, scope: Scope, send: Send, path: str
    ) -> bool:
        """Apply a fault; return True if the request has been answered (or dropped)."""
        kind = rule.kind
        if kind == "429":
            limit = self._limiter.limit if self._limiter else 960
            self.stats.count(path, 429)
            await _send(send, vendor.too_many_requests(limit, rule.reset))
            return True
        if kind in ("500", "502", "503"):
            self.stats.count(path, int(kind))
            await _send(send, vendor.server_error(int(kind)))
            return True
        if kind == "timeout":
            # Slow, not dead: the answer comes, after the client should have given up.
            await asyncio.sleep(rule.seconds)
            return False
        # drop
        self.stats.count(path, "drop")
        transport = scope.get("extensions", {}).get(_TRANSPORT_KEY)
        if transport is not None:
            transport.close()
            # Let uvicorn see the disconnect before the app returns, so that it does not
            # try to answer the closed connection with a 500.
            for _ in range(3):
                await asyncio.sleep(0)
            return True
        # Fallback without the custom protocol: start a response and break it off.
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]}
        )
        msg = "injected connection drop"
        raise ConnectionAbortedError(msg)

    def _check(self, vendor: Vendor, request: Request, response: Response) -> None:
        if self.contracts is not None:
            self.contracts.check(vendor.prefix, request, response)

    def _control(self, method: str, path: str, body: bytes) -> Response:  # noqa: C901, PLR0911, PLR0912 - a router
        try:
            payload = orjson.loads(body) if body.strip() else {}
        except orjson.JSONDecodeError:
            return Response.json(400, {"error": "request body is not valid JSON"})
        route = (method, path.rstrip("/"))
        if route == ("GET", "/_sandbox/health"):
            return Response.json(
                200,
                {
                    "status": "ok",
                    "epoch": self.org.epoch,
                    "now": self.org.now.isoformat(),
                    "seed": self.org.config.seed,
                    "vendors": sorted(self.vendors),
                    "incidents": len(self.org.incidents),
                    "log_entries": len(self.org.events),
                },
            )
        if route == ("POST", "/_sandbox/advance"):
            now = payload.get("now") if isinstance(payload, dict) else None
            try:
                when = datetime.fromisoformat(now) if now else None
            except ValueError:
                return Response.json(400, {"error": "now must be an ISO-8601 date-time"})
            epoch = self.advance(when)
            return Response.json(200, {"epoch": epoch, "now": self.org.now.isoformat()})
        if route == ("PUT", "/_sandbox/faults"):
            try:
                self.set_faults(payload if isinstance(payload, dict) else {})
            except (TypeError, ValueError) as exc:
                return Response.json(400, {"error": str(exc)})
            return Response.json(200, self.faults.to_dict())
        if route == ("GET", "/_sandbox/faults"):
            return Response.json(200, self.faults.to_dict())
        if route == ("GET", "/_sandbox/stats"):
            return Response.json(200, self.stats.to_dict())
        if route == ("GET", "/_sandbox/contracts"):
            if self.contracts is None:
                return Response.json(404, {"error": "the contract check is off"})
            return Response.json(200, self.contracts.to_dict())
        if route == ("GET", "/_sandbox/truth"):
            return Response.json(200, {"vendors": [v for v in VENDORS if _mounted(self, v)]})
        if method == "GET" and route[1].startswith("/_sandbox/truth/"):
            vendor = route[1].removeprefix("/_sandbox/truth/")
            if vendor not in VENDORS or not _mounted(self, vendor):
                return Response.json(404, {"error": f"no truth for vendor {vendor!r}"})
            return Response.json(200, truth_keys(self, vendor))
        if route == ("GET", "/_sandbox/vendors"):
            return Response.json(
                200,
                {
                    "vendors": [
                        {"name": v.name, "path": v.prefix, "credentials": v.credentials()}
                        for v in self.vendors.values()
                    ]
                },
            )
        if route[1].startswith("/_sandbox/vendors/") and method in ("GET", "PUT"):
            name = route[1].removeprefix("/_sandbox/vendors/")
            if name not in self.by_name:
                return Response.json(404, {"error": f"no vendor {name!r}"})
            try:
                switches = self.configure_vendor(
                    name, payload if method == "PUT" and isinstance(payload, dict) else {}
                )
            except (TypeError, ValueError) as exc:
                return Response.json(400, {"error": str(exc)})
            return Response.json(200, switches)
        if route == ("POST", "/_sandbox/stats/reset"):
            self.stats.reset()
            return Response.json(200, self.stats.to_dict())
        return Response.json(404, {"error": f"no control endpoint {method} {path}"})


def _mounted(app: SandboxApp, vendor: str) -> bool:
    return vendor in app.by_name


def _dated(send: Send, date: bytes) -> Send:
    """`send` adding a `Date` header to the response start."""

    async def dated(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), (b"date", date)]}
        await send(message)

    return dated


async def _send(send: Send, resp: Response) -> None:
    headers = [*resp.headers, (b"content-length", b"%d" % len(resp.body))]
    await send({"type": "http.response.start", "status": resp.status, "headers": headers})
    await send({"type": "http.response.body", "body": resp.body})


def _record_epoch(world_file: Path, org: Org) -> None:
    """Persist the org's epoch times into the CLI's world file."""
    data = orjson.loads(world_file.read_bytes()) if world_file.exists() else {}
    data["epoch_times"] = [t.isoformat() for t in org.epoch_times]
    tmp = world_file.with_suffix(".tmp")
    tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    tmp.replace(world_file)


def build_app(
    org: Org,
    *,
    pagerduty_token: str = DEFAULT_TOKEN,
    faults: FaultConfig | dict[str, Any] | None = None,
    world_file: Path | None = None,
    check_contracts: bool = False,
) -> SandboxApp:
    """Create the ASGI app with every vendor mounted.

    Args:
        org: The world.
        pagerduty_token: Token the PagerDuty API accepts.
        faults: Initial fault configuration (object or JSON form).
        world_file: CLI world file to record epochs in.
        check_contracts: Check every exchange against the vendors' contracts.

    Returns:
        The app.
    """
    if isinstance(faults, dict):
        faults = FaultConfig.from_dict(faults)
    vendors = mount_all(org, {"pagerduty": pagerduty_token})
    return SandboxApp(org, vendors, faults, world_file, check_contracts=check_contracts)


def uvicorn_config(app: SandboxApp, **kwargs: Any) -> uvicorn.Config:  # noqa: ANN401
    """The uvicorn configuration the sandbox runs with (uvloop, httptools, quiet)."""
    options: dict[str, Any] = {
        "loop": "uvloop",
        "http": SandboxHttpProtocol,
        "lifespan": "on",
        "access_log": False,
        "log_level": "warning",
        "timeout_graceful_shutdown": 2,
        "timeout_keep_alive": 30,
        # The app sends `Date` from the world's clock (see SandboxApp.__call__).
        "date_header": False,
    }
    options.update(kwargs)
    return uvicorn.Config(app, **options)


def run_forever(app: SandboxApp, host: str, port: int) -> None:
    """Serve in the foreground until SIGINT/SIGTERM (used by the CLI).

    Raises:
        OSError: If the address cannot be bound (e.g. the port is in use).
    """
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    with contextlib.closing(sock):
        uvicorn.Server(uvicorn_config(app)).run(sockets=[sock])


def utc_now() -> datetime:
    """The real UTC time (a seam for the CLI)."""
    return datetime.now(UTC)


__all__ = ["SandboxApp", "build_app", "dumps", "run_forever", "uvicorn_config"]
