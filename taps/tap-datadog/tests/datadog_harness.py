"""Test harness: run tap-datadog for real against the sandbox and read what it wrote."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from pytest_reliability_sandbox import tap_runner
from pytest_reliability_sandbox.tap_runner import TapRun  # noqa: F401 - re-exported for the tests
from reliability_sandbox import Sandbox

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
#: Days of SLO history that reach back past the test world's history from today.
HISTORY_DAYS = (datetime.now(UTC) - ANCHOR).days + 100


def tap_config(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "api_key": sandbox.vendor("datadog").credentials["api_key"],
        "app_key": sandbox.vendor("datadog").credentials["app_key"],
        "api_url": sandbox.vendor("datadog").url,
        "start_date": (ANCHOR - timedelta(days=400)).isoformat(),
        "slo_history_days": HISTORY_DAYS,
        "requests_per_minute": 0,
        "max_retries": 3,
        "max_retry_wait": 60,
    }
    config.update(overrides)
    return config


#: `run_tap(config, *, state=None, streams=None, timeout=300)`: `python -m tap_datadog` in a
#: subprocess, its Singer output parsed.
run_tap = functools.partial(tap_runner.run_tap, "tap_datadog")


def get(sandbox: Sandbox, path: str, **params: Any) -> Any:
    """One GET against the sandbox's Datadog API."""
    response = requests.get(
        f"{sandbox.vendor('datadog').url}{path}",
        params=params,
        headers=sandbox.vendor("datadog").headers(),
        timeout=30,
    )
    response.raise_for_status()
    return response.json()
