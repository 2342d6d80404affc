"""Test harness: run the tap for real against the sandbox and read what it wrote."""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from pytest_reliability_sandbox import tap_runner
from pytest_reliability_sandbox.tap_runner import TapRun  # noqa: F401 - re-exported for the tests
from reliability_sandbox import Sandbox

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)


def tap_config(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "token": sandbox.vendor("pagerduty").credentials["token"],
        "api_url": sandbox.vendor("pagerduty").url,
        "start_date": (ANCHOR - timedelta(days=400)).isoformat(),
        "requests_per_minute": 0,
        "max_retries": 3,
        "max_retry_wait": 60,
    }
    config.update(overrides)
    return config


#: `run_tap(config, *, state=None, streams=None, timeout=300)`: `python -m tap_pagerduty` in a
#: subprocess, its Singer output parsed.
run_tap = functools.partial(tap_runner.run_tap, "tap_pagerduty")


def served(sandbox: Sandbox, path: str, collection: str, **params: Any) -> list[dict[str, Any]]:
    """Everything the sandbox serves at `path`, read with a naive sequential client.

    It follows what the server returned (the next offset is this one plus the records the
    page held) and keeps the first copy of a row a later page repeats.
    """
    headers = {"Authorization": f"Token token={sandbox.vendor('pagerduty').credentials['token']}"}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    offset = 0
    while True:
        response = requests.get(
            f"{sandbox.vendor('pagerduty').url}{path}",
            params={**params, "limit": 100, "offset": offset},
            headers=headers,
            timeout=30,
        )
        response.raise_for_status()
        body = response.json()
        page = body[collection]
        for item in page:
            key = json.dumps(item, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(item)
        if not body.get("more") or not page:
            return out
        offset += len(page)


def served_windowed(sandbox: Sandbox, path: str, collection: str, **params: Any) -> list[dict]:
    """Everything served at a since/until endpoint, month by month from the history start."""
    out: list[dict[str, Any]] = []
    cursor = ANCHOR - timedelta(days=800)
    end = datetime.now(UTC) + timedelta(days=1)
    while cursor < end:
        upper = min(cursor + timedelta(days=30), end)
        out.extend(
            served(
                sandbox,
                path,
                collection,
                since=cursor.isoformat(),
                until=upper.isoformat(),
                **params,
            )
        )
        cursor = upper
    return out


def served_analytics(sandbox: Sandbox, **filters: Any) -> list[dict[str, Any]]:
    """Every `POST /analytics/raw/incidents` row, oldest first, following the `last` cursor."""
    headers = {"Authorization": f"Token token={sandbox.vendor('pagerduty').credentials['token']}"}
    out: list[dict[str, Any]] = []
    cursor = ANCHOR - timedelta(days=800)
    end = datetime.now(UTC) + timedelta(days=1)
    while cursor < end:
        upper = min(cursor + timedelta(days=360), end)
        body: dict[str, Any] = {
            "filters": {
                "created_at_start": cursor.isoformat(),
                "created_at_end": upper.isoformat(),
                **filters,
            },
            "limit": 1000,
            "order": "asc",
            "order_by": "created_at",
            "time_zone": "Etc/UTC",
        }
        while True:
            response = requests.post(
                f"{sandbox.vendor('pagerduty').url}/analytics/raw/incidents",
                json=body,
                headers=headers,
                timeout=30,
            )
            response.raise_for_status()
            page = response.json()
            out.extend(page["data"])
            if not page["more"] or not page["data"]:
                break
            body["starting_after"] = page["last"]
        cursor = upper
    return out
