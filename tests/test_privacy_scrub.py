"""Free text with privacy on: e-mail addresses, phone numbers and IPs never leave the tap.

Incident titles and descriptions, log-entry notes, Sentry error texts, Datadog monitor
messages and incident titles, pull-request texts and postmortem sections are kept (they are
the reliability content) but go through the runtime's `scrub_text` in prod's stream maps
(meltano/privacy.yml, `treatment: scrub`): an e-mail address becomes its keyed pseudonym, a
phone number `[phone]`, an IP `[ip]`.

- the scrubber itself, on what people write and on what must stay (dates, times, versions);
- the prod maps through the SDK's own mapper;
- end to end: tap-pagerduty, run as Meltano runs it with prod's maps, reads the session
  sandbox through a local proxy that writes an e-mail address, a phone number and an IP into
  every incident's title and description (the sandbox is not changed) — the records the tap
  writes for the target carry none of them, and the e-mail's pseudonym is the one
  `sha256(key + address)` gives.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from reliability_tap_runtime.scrub import scrub_text
from singer_sdk.mapper import PluginMapper

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENTS = ROOT / "meltano" / "environments.meltano.yml"
KEY = "privacy-scrub-test-key-" + "0" * 20
EMAIL, PHONE, IP = "Jane.Doe@Example.com", "+1 415 555 0134", "203.0.113.7"
PERSONAL = f" — paged {EMAIL} on {PHONE}, blocked {IP}"


def _pseudonym(value: str) -> str:
    return hashlib.sha256((KEY + value.strip().lower()).encode()).hexdigest()


def _prod_extractor(tap: str) -> dict[str, Any]:
    environments = yaml.safe_load(ENVIRONMENTS.read_text())["environments"]
    prod = next(e for e in environments if e["name"] == "prod")
    return next(e["config"] for e in prod["config"]["plugins"]["extractors"] if e["name"] == tap)


# --- the scrubber ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Paged {EMAIL} on {PHONE}", f"Paged {_pseudonym(EMAIL)} on [phone]"),
        ("@jane@x.com please look", f"@{_pseudonym('jane@x.com')} please look"),
        ("call (415) 555-0134 or 415.555.0134", "call [phone] or [phone]"),
        ("Berlin 030 1234 5678, UK 07700 900123", "Berlin [phone], UK [phone]"),
        ("+44 20 7946 0958.", "[phone]."),
        ("call me (+1 415 555 0134) or +1 (415) 555-0134", "call me ([phone]) or [phone]"),
        ("from 203.0.113.7, then 10.0.0.12.", "from [ip], then [ip]."),
        ("v6 2001:db8::1 and ::1", "v6 [ip] and [ip]"),
        (
            "mail root@db-1.internal.example.org",
            f"mail {_pseudonym('root@db-1.internal.example.org')}",
        ),
        # git trailers (git-interpret-trailers(1); GitHub's co-author syntax): the name is
        # structured, pseudonymised like a name column, and the address like every address.
        (
            f"Fix retries\n\nCo-authored-by: Jane Doe <{EMAIL}>\nSigned-off-by: ops@x.com",
            (
                f"Fix retries\n\nCo-authored-by: {_pseudonym('Jane Doe')} <{_pseudonym(EMAIL)}>\n"
                f"Signed-off-by: {_pseudonym('ops@x.com')}"
            ),
        ),
        ("* Reviewed-by: Bob Li", f"* Reviewed-by: {_pseudonym('Bob Li')}"),
    ],
)
def test_personal_details_are_scrubbed(text: str, expected: str) -> None:
    assert scrub_text(text, KEY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "at 10:42:00 on 2026-12-04 10:42 UTC (2026-12-04T10:42:00Z)",
        "04/12/2026 and 12.04.2026, 10 users",
        "v1.2.3, build 1.2.3.4.5, Python 3.11.9",
        "incident #12345678, PR 4567, ticket ABC-123-4567",
        "ID 550e8400-e29b-41d4-a716-446655440000",
        "Checkout 5xx rate > 2% for 15 minutes, p99 1200 ms, cost $1,234.56",
        "room 010 203; std::map; http://status.example.com/incidents/42",
        "@pagerduty-checkout @slack-ops-alerts",
        "paged by: the on-call, then a stand-by: failover",
    ],
)
def test_what_is_not_personal_stays(text: str) -> None:
    assert scrub_text(text, KEY) == text


def test_no_text_and_no_key() -> None:
    assert scrub_text(None, KEY) is None
    assert scrub_text("", KEY) == ""
    with pytest.raises(KeyError, match="PRIVACY_PSEUDONYM_KEY is unset or shorter than 32"):
        scrub_text("a@b.com", "short")


# --- prod's maps, through the SDK's mapper -------------------------------------------------


def test_prod_maps_scrub_free_text() -> None:
    import reliability_tap_runtime  # noqa: F401, PLC0415 - registers scrub_text with the SDK

    config = _prod_extractor("tap-pagerduty")
    mapper = PluginMapper(
        plugin_config={
            "stream_maps": config["stream_maps"],
            "stream_map_config": {"pseudonym_key": KEY, "opt_out": ""},
        },
        logger=logging.getLogger("test_privacy_scrub"),
    )
    text = {"type": ["string", "null"]}
    properties: dict[str, Any] = {"id": {"type": "string"}, "title": text}
    properties |= {"description": text, "summary": text}
    mapper.register_raw_stream_schema(
        "incidents", {"type": "object", "properties": properties}, ["id"]
    )
    record = {"id": "Q1", "title": "Checkout down" + PERSONAL, "description": None}
    outputs = [m.transform(record) for m in mapper.stream_maps["incidents"]]
    (out,) = [o for o in outputs if o is not None]
    assert out["title"] == f"Checkout down — paged {_pseudonym(EMAIL)} on [phone], blocked [ip]"
    assert out["description"] is None


# --- end to end: the tap's own output, with a sandbox record carrying the details ----------


_HOP_HEADERS = ("content-length", "transfer-encoding", "connection", "date", "server")


class _Proxy(BaseHTTPRequestHandler):
    """Forwards to the sandbox's PagerDuty; writes PERSONAL into incidents' texts."""

    upstream = ""

    def do_GET(self) -> None:
        self._forward(None)

    def do_POST(self) -> None:
        self._forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _forward(self, data: bytes | None) -> None:
        request = urllib.request.Request(  # noqa: S310 - the local sandbox
            self.upstream + self.path,
            data=data,
            headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        path = self.path.split("?", 1)[0]
        if status == 200 and (path.endswith("/incidents") or "/incidents/" in path):
            document = json.loads(body)
            for incident in document.get("incidents") or [document.get("incident") or {}]:
                for field in ("title", "description", "summary"):
                    if isinstance(incident.get(field), str):
                        incident[field] += PERSONAL
            body = json.dumps(document).encode()
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in (
                "content-length",
                "transfer-encoding",
                "connection",
                "date",
                "server",
            ):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def pagerduty_proxy(sandbox) -> Iterator[str]:
    handler = type("Proxy", (_Proxy,), {"upstream": sandbox.vendor("pagerduty").url})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.e2e
def test_a_sandbox_incident_with_personal_details_lands_scrubbed(
    sandbox, pagerduty_proxy: str, tmp_path: Path
) -> None:
    prod = _prod_extractor("tap-pagerduty")
    config = {
        "api_url": pagerduty_proxy,
        "token": sandbox.vendor("pagerduty").credentials["token"],
        "start_date": "2025-01-01T00:00:00Z",
        "max_retries": 1,
        "stream_maps": prod["stream_maps"],
        "stream_map_config": {"pseudonym_key": KEY, "opt_out": ""},
    }
    config_file = tmp_path / "config.json"
    config_file.write_text(json.dumps(config))
    tap = Path(sys.executable).parent / "tap-pagerduty"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAP_PAGERDUTY_")}
    proc = subprocess.run(
        [str(tap), "--config", str(config_file)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    incidents = [
        m["record"] for m in records if m["type"] == "RECORD" and m["stream"] == "incidents"
    ]
    assert incidents, "the sandbox served no incident"
    # The proxy did write the details: every title carries the scrubbed form.
    scrubbed = f" — paged {_pseudonym(EMAIL)} on [phone], blocked [ip]"
    assert all(i["title"].endswith(scrubbed) for i in incidents)
    output = proc.stdout + proc.stderr
    for clear in (EMAIL, EMAIL.lower(), PHONE, IP, KEY):
        assert clear not in output
