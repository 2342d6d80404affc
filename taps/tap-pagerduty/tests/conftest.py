"""Fixtures: a sandbox PagerDuty on a local port and complete tap runs against it."""

from __future__ import annotations

import pytest
from pagerduty_harness import ANCHOR, TapRun, run_tap, tap_config
from reliability_sandbox import OrgConfig, Sandbox


@pytest.fixture(scope="session")
def sandbox():
    """A small, read-only organisation shared by tests that do not mutate it."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture
def fresh_sandbox():
    """A private organisation for tests that mutate it or inject faults."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture(scope="session")
def full_run(sandbox) -> TapRun:
    """One complete sync of every stream against the shared sandbox."""
    run = run_tap(tap_config(sandbox, page_size=25))
    assert run.returncode == 0, run.stderr[-3000:]
    return run
