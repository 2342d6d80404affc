"""Local receivers capturing exactly what the notifier sends (for tests; dev dependencies).

- `slack_receiver()`: a plain HTTP server standing in for Slack incoming webhooks.
- `pagerduty_receiver(ca)`: an HTTPS Events API v2 stand-in with a certificate from a
  throw-away CA (`trustme`): the official client refuses plain-HTTP base URLs.
- `smtp_receiver()`: aiosmtpd's SMTP server keeping each message.
Each HTTP receiver answers from a queue of scripted statuses (default: success), so a test can
make it rate-limit or fail.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import trustme

RATE_LIMITED = 429


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Captured:
    """What one HTTP receiver got, and the statuses it answers next."""

    success: int
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    script: deque[int] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self) -> int:
        """The next scripted status, else success."""
        with self.lock:
            return self.script.popleft() if self.script else self.success

    def bodies(self, path: str | None = None) -> list[Any]:
        """The JSON bodies answered with success, in order (of one path, if given)."""
        return [r["json"] for r in self.requests if r["accepted"] and path in {None, r["path"]}]


def _serve(
    captured: Captured,
    answer: Callable[[int, Any], tuple[str, str]],
    context: ssl.SSLContext | None,
    scheme: str,
    host: str,
) -> Iterator[Captured]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
            status = captured.next_status()
            captured.requests.append(
                {"path": self.path, "json": body, "accepted": status == captured.success}
            )
            text, content_type = answer(status, body)
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if status == RATE_LIMITED:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    captured.url = f"{scheme}://{host}:{server.server_address[1]}"
    try:
        yield captured
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def slack_receiver() -> Iterator[Captured]:
    """Slack incoming webhooks: 200 `ok`, else Slack's plain-text error bodies."""

    def answer(status: int, _body: Any) -> tuple[str, str]:  # noqa: ANN401 - any JSON
        texts = {200: "ok", 429: "rate_limited", 400: "invalid_payload"}
        return texts.get(status, "internal_error"), "text/plain"

    yield from _serve(Captured(success=200), answer, None, "http", "127.0.0.1")


@contextlib.contextmanager
def pagerduty_receiver(ca: trustme.CA) -> Iterator[Captured]:
    """Events API v2 over HTTPS: 202 with PagerDuty's success body, echoing the dedup_key."""

    def answer(status: int, body: Any) -> tuple[str, str]:  # noqa: ANN401 - any JSON
        if status == 202:  # noqa: PLR2004
            # developer.pagerduty.com, Events API v2, "Send an alert event": the response.
            reply = {"status": "success", "message": "Event processed"}
            return json.dumps({**reply, "dedup_key": body.get("dedup_key")}), "application/json"
        return json.dumps({"status": "invalid event", "message": "error"}), "application/json"

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    yield from _serve(Captured(success=202), answer, context, "https", "localhost")


@dataclass
class SmtpSink:
    """The messages an SMTP receiver accepted."""

    port: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)
    # Replies to give instead of accepting, in order (e.g. "451 4.3.0 Try again later").
    script: deque[str] = field(default_factory=deque)

    async def handle_DATA(self, _server: object, _session: object, envelope: Any) -> str:  # noqa: ANN401, N802 - aiosmtpd's hook
        """Keep the message (aiosmtpd's handler hook), unless a scripted refusal is due."""
        if self.script:
            return self.script.popleft()
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            {
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "subject": parsed["Subject"],
                "to": parsed["To"],
                "from": parsed["From"],
                # SMTP carries CRLF line ends; compare text as written.
                "body": parsed.get_content().replace("\r\n", "\n"),
            }
        )
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_receiver() -> Iterator[SmtpSink]:
    """An SMTP server on 127.0.0.1 (no TLS) keeping every message."""
    from aiosmtpd.controller import Controller  # noqa: PLC0415 - a dev dependency

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    try:
        yield sink
    finally:
        controller.stop()
