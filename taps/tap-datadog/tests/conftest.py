"""Fixtures: a sandbox Datadog on a local port and complete tap runs against it."""

from __future__ import annotations

import pytest
from datadog_harness import ANCHOR, TapRun, run_tap, tap_config
from reliability_sandbox import OrgConfig, Sandbox


@pytest.fixture(scope="session")
def dd_sandbox():
    """A small, read-only organisation shared by tests that do not mutate it."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture
def fresh_dd_sandbox():
    """A private organisation for tests that mutate it or inject faults."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture(scope="session")
def dd_full_run(dd_sandbox) -> TapRun:
    """One complete sync of every stream, with small pages so every style pages."""
    run = run_tap(tap_config(dd_sandbox, page_size=7, max_concurrency=4))
    assert run.returncode == 0, run.stderr[-3000:]
    return run
