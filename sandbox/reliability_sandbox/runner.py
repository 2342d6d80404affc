"""``Sandbox``: the sandbox in-process on a free port, and its vendors by name.

For tests and benchmarks::

    with Sandbox(OrgConfig.preset("test", anchor=datetime(2026, 1, 1, tzinfo=UTC))) as sbx:
        pagerduty = sbx.vendor("pagerduty")
        requests.get(f"{pagerduty.url}/incidents", headers=pagerduty.headers())
        pagerduty.truth()                                    # what the API serves
        sbx.vendor("datadog").configure(incident_management=False)   # an account switch

Everything a test changes goes through the control API's code paths
(:meth:`SandboxApp.configure_vendor`, :meth:`SandboxApp.set_faults`,
:meth:`SandboxApp.advance`), the same as ``PUT /_sandbox/vendors/<name>``,
``PUT /_sandbox/faults`` and ``POST /_sandbox/advance`` over HTTP.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING, Any, Self

import uvicorn

from reliability_sandbox.org import Org, OrgConfig
from reliability_sandbox.server import build_app, uvicorn_config
from reliability_sandbox.vendors.pagerduty import DEFAULT_TOKEN

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from reliability_sandbox.faults import FaultConfig
    from reliability_sandbox.vendor import Vendor


class VendorHandle:
    """One mounted vendor of a running :class:`Sandbox`: where it is, how to log in, truth.

    Attributes:
        name: Registry name (``pagerduty``, ``sentry``, ``datadog``, ``github``, ``gdrive``,
            ``gsheets``).
        api: The vendor's in-process view, for reading derived facts (ids, what vanishes
            under a quirk); change it only through :meth:`configure`.
    """

    def __init__(self, sandbox: Sandbox, api: Vendor) -> None:
        """Wrap ``api`` mounted in ``sandbox``."""
        self._sandbox = sandbox
        self.name = api.name
        self.api = api

    @property
    def url(self) -> str:
        """The base URL a client configures (``http://127.0.0.1:PORT/<prefix>``)."""
        return f"{self._sandbox.base_url}{self.api.prefix}"

    @property
    def credentials(self) -> dict[str, str]:
        """What a client configures to log in (tokens, keys, OAuth client)."""
        return self.api.credentials()

    def headers(self) -> dict[str, str]:
        """Headers an authenticated client sends (empty for Google: get a token first)."""
        return self.api.client_headers()

    def truth(self, quirks: Iterable[str] | None = None) -> dict[str, Any]:
        """Every collection exactly as the API serves it.

        Args:
            quirks: Quirks to apply. ``None``: none, except for vendors whose truth follows
                the run's quirks (GitHub: what is served now).
        """
        app = self._sandbox.app
        with app.lock:
            if quirks is None:
                follows = getattr(self.api, "truth_follows_run_quirks", False)
                chosen = app.faults.quirks if follows else frozenset()
            else:
                chosen = frozenset(quirks)
            return self.api.truth(chosen)

    def configure(self, **settings: Any) -> dict[str, Any]:  # noqa: ANN401
        """Apply account switches (as ``PUT /_sandbox/vendors/<name>``); return those in force."""
        return self._sandbox.app.configure_vendor(self.name, settings)


class Sandbox:
    """Run the sandbox in-process on a free 127.0.0.1 port (for tests and benchmarks)."""

    def __init__(  # noqa: PLR0913 - keyword settings of a test fixture
        self,
        config: OrgConfig | None = None,
        token: str = DEFAULT_TOKEN,
        faults: FaultConfig | dict[str, Any] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        check_contracts: bool = False,
    ) -> None:
        """Generate the world (the server starts with :meth:`start`).

        Args:
            config: World configuration; defaults to the ``test`` preset.
            token: PagerDuty API token accepted.
            faults: Initial faults, latency and rate limit.
            host: Interface to listen on.
            port: Port; 0 picks a free one.
            check_contracts: Check every exchange against the vendors' published
                contracts (:meth:`contract_report`).
        """
        self.org = Org(config or OrgConfig.preset("test"))
        self.app = build_app(
            self.org, pagerduty_token=token, faults=faults, check_contracts=check_contracts
        )
        self.host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running server."""
        return f"http://{self.host}:{self._port}"

    @property
    def vendors(self) -> list[str]:
        """Registry names of the mounted vendors."""
        return list(self.app.by_name)

    def vendor(self, name: str) -> VendorHandle:
        """The mounted vendor ``name`` (see :data:`reliability_sandbox.vendors.NAMES`).

        Raises:
            KeyError: If no vendor of that name is mounted.
        """
        return VendorHandle(self, self.app.by_name[name])

    def start(self, timeout: float = 10.0) -> Sandbox:
        """Start uvicorn in a background thread and wait until it accepts requests.

        Raises:
            RuntimeError: If the server does not come up in ``timeout`` seconds.
        """
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        self._port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn_config(self.app))
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name=f"sandbox-{self._port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                msg = "sandbox server did not start"
                raise RuntimeError(msg)
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop the server (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        """Start on entering the context."""
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop on leaving the context."""
        self.stop()

    def advance(self, now: datetime | None = None) -> int:
        """Apply one mutation epoch (safe while serving); return the new epoch."""
        return self.app.advance(now)

    def set_faults(self, faults: FaultConfig | dict[str, Any] | None = None, **kwargs: Any) -> None:  # noqa: ANN401
        """Replace the fault configuration.

        Accepts a :class:`FaultConfig`, its JSON form, or keyword arguments of the JSON
        form (``set_faults(rules=[{"kind": "500"}], latency_ms=50)``).
        """
        if faults is None:
            faults = kwargs
        self.app.set_faults(faults)

    def faults(self) -> dict[str, Any]:
        """The faults in force, with each rule's ``fired`` count (``GET /_sandbox/faults``)."""
        return self.app.faults.to_dict()

    def stats(self) -> dict[str, Any]:
        """Request counters (see ``GET /_sandbox/stats``)."""
        return self.app.stats.to_dict()

    def reset_stats(self) -> None:
        """Zero the request counters."""
        self.app.stats.reset()

    def contract_report(self) -> dict[str, Any]:
        """What the contract check found: `violations` and `exercised` operations.

        Raises:
            RuntimeError: If the sandbox was created without `check_contracts=True`.
        """
        if self.app.contracts is None:
            msg = "create the Sandbox with check_contracts=True"
            raise RuntimeError(msg)
        return self.app.contracts.to_dict()


__all__ = ["Sandbox", "VendorHandle"]
