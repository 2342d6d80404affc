"""A server that answers every operation with the vendor's own published example.

No world, no generator: each request gets the example body the vendor's OpenAPI document
gives for that operation's 200 response (`Operation.examples`), 404 otherwise. Running a
tap against it checks the tap against material the vendor wrote, not material written
together with the tap (`tests/test_vendor_examples.py`).
"""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from reliability_sandbox.conformance import CONTRACT_OF_PREFIX
from reliability_sandbox.contracts import load_contract

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Mount prefix of each vendor, as in the sandbox.
PREFIXES = {
    "pagerduty": "/pagerduty",
    "sentry": "/sentry",
    "github": "/github",
    "datadog": "/datadog",
}


class _ExampleHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        """Quiet."""

    def _answer(self, method: str) -> None:
        path = urlparse(self.path).path
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        status, body = 404, b'{"message": "Not Found", "detail": "Not Found"}'
        for prefix, vendor in CONTRACT_OF_PREFIX.items():
            if path.startswith(f"{prefix}/"):
                op = load_contract(vendor).match(method, path[len(prefix) :])
                examples = op.examples(200) if op is not None else []
                if examples:
                    status, body = 200, json.dumps(examples[0]).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer("GET")

    def do_POST(self) -> None:
        """Answer a POST."""
        self._answer("POST")


@contextlib.contextmanager
def serve_examples() -> Iterator[str]:
    """Serve the vendors' examples on a free local port; yields `http://127.0.0.1:<port>`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ExampleHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
