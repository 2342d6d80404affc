"""Local receivers that capture exactly what the notifier sends, and a Postgres of our own.

- Slack: a plain HTTP server standing in for an incoming webhook (slack-sdk posts JSON).
- PagerDuty: an HTTPS server with a certificate from a throw-away CA (trustme): the official
  client refuses plain-HTTP base URLs.
- E-mail: aiosmtpd's SMTP server, keeping each message.
Each receiver answers from a queue of scripted statuses (default: success) so tests can make
it rate-limit or fail.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
import pytest
import trustme
from aiosmtpd.controller import Controller

# Point the tests at an existing server instead of an embedded one, as the project's suite:
# RELIABILITY_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres
EXTERNAL_URL_ENV = "RELIABILITY_TEST_POSTGRES_URL"

BREACHES_DDL = """
create schema if not exists reliability;
create table reliability.alert_breaches (
    alert_key text, rule_id text, alert_kind text, entity_type text, entity_key text,
    service_key text, service_name text, source text, owning_team_key text, metric text,
    comparison text, threshold double precision, measured_value double precision,
    sample_size bigint, measured_for text, severity text, status integer,
    repeat_interval_hours integer, description text
);
create table reliability.notification_settings (
    team_key text, alert_kind text, channel text, min_status integer, secret_env text,
    email_to text, note text
);
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A Postgres URL to create test databases on (external, else an embedded server)."""
    external = os.environ.get(EXTERNAL_URL_ENV)
    if external:
        yield external
        return
    from reliability_warehouse.embedded import EmbeddedWarehouse  # noqa: PLC0415

    embedded = EmbeddedWarehouse(
        data_dir=tmp_path_factory.mktemp("notifier-pg") / "pgdata", port=_free_port()
    )
    embedded.start()
    try:
        yield embedded.url("postgres")
    finally:
        embedded.stop()


@pytest.fixture
def database(postgres_server):
    """A fresh database with hand-made alert_breaches and notification_settings tables."""
    name = f"notifier_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = psycopg.conninfo.make_conninfo(postgres_server, dbname=name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(BREACHES_DDL)
    yield url
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@dataclass
class Captured:
    """What one receiver got, and the statuses it will answer next."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    script: deque[int] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self, default: int) -> int:
        with self.lock:
            return self.script.popleft() if self.script else default

    def bodies(self, path: str | None = None) -> list[Any]:
        """The JSON bodies the receiver accepted (answered with success), in order."""
        return [r["json"] for r in self.requests if r["accepted"] and path in {None, r["path"]}]


def _http_server(captured: Captured, success: int, answer) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
            status = captured.next_status(success)
            captured.requests.append(
                {"path": self.path, "json": body, "accepted": status == success}
            )
            text, content_type = answer(status, body)
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if status == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture
def slack():
    """A Slack incoming-webhook stand-in: 200 `ok` on success, Slack's error bodies otherwise."""
    captured = Captured()

    def answer(status, _body):
        texts = {200: "ok", 429: "rate_limited", 400: "invalid_payload"}
        return texts.get(status, "internal_error"), "text/plain"

    server = _http_server(captured, 200, answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    captured.url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    yield captured
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def certificate_authority():
    return trustme.CA()


@pytest.fixture
def ca_bundle(certificate_authority, tmp_path):
    path = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def pagerduty_events(certificate_authority):
    """An Events API v2 stand-in over HTTPS: 202 with PagerDuty's success body."""
    captured = Captured()

    def answer(status, body):
        if status == 202:
            # https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ (response)
            return json.dumps(
                {
                    "status": "success",
                    "message": "Event processed",
                    "dedup_key": body.get("dedup_key"),
                }
            ), "application/json"
        return json.dumps({"status": "error", "message": "error"}), "application/json"

    server = _http_server(captured, 202, answer)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate_authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    captured.url = f"https://localhost:{server.server_address[1]}"  # type: ignore[attr-defined]
    yield captured
    server.shutdown()
    server.server_close()


class _Sink:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd naming
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


@pytest.fixture
def smtp():
    """An SMTP sink (aiosmtpd) keeping every message."""
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    sink.port = controller.port  # type: ignore[attr-defined]
    yield sink
    controller.stop()
