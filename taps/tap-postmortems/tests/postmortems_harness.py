"""Test harness: run tap-postmortems for real against the sandbox's Drive and read what it wrote."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from pytest_reliability_sandbox import tap_runner
from pytest_reliability_sandbox.tap_runner import TapRun  # noqa: F401 - re-exported for the tests
from reliability_sandbox import Sandbox
from reliability_sandbox.vendors.google import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REFRESH_TOKEN,
)
from tap_postmortems.document import from_markdown, read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
STREAMS = ("postmortems", "affected_products", "root_causes", "timeline_events", "action_items")
CHILDREN = {
    "affected_products": "affected_products",
    "root_causes": "root_causes",
    "timeline_events": "timeline_events",
    "action_items": "action_items",
}


def tap_config(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    truth = sandbox.vendor("gdrive").truth()
    config: dict[str, Any] = {
        "folder_ids": truth["folder_ids"],
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
        "refresh_token": DEFAULT_REFRESH_TOKEN,
        "api_url": f"{sandbox.vendor('gdrive').url}/",
        "token_uri": f"{sandbox.vendor('gdrive').url}/token",
        "max_retries": 3,
        "max_retry_wait": 30,
        "request_timeout": 5,
    }
    config.update(overrides)
    return config


#: `run_tap(config, *, state=None, streams=None, timeout=300)`: `python -m tap_postmortems` in a
#: subprocess, its Singer output parsed.
run_tap = functools.partial(tap_runner.run_tap, "tap_postmortems")


def parse(markdown: str, name: str | None = None) -> Parsed:
    """A Markdown document parsed with the default options (the wording tests' one call)."""
    return parse_document(from_markdown(markdown), ParseOptions(), name)


def parse_html(html: str, name: str | None = None) -> Parsed:
    """An HTML document parsed with the default options, as the tap reads one it sniffed."""
    return parse_document(read_document(html, html=True), ParseOptions(), name)


def moment(parsed: Parsed, key: str) -> str | None:
    """A parsed field as ISO 8601 text (``None`` when unread), as the wording tests compare it."""
    value = parsed.fields.get(key)
    return value.isoformat() if value is not None else None


def row_moments(parsed: Parsed) -> list[str]:
    """The timeline rows' moments as ISO 8601 text, in order (``None`` rows would fail here)."""
    return [e["occurred_at"].isoformat() for e in parsed.timeline]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC moment, as the wording tests' expected values are written."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
