"""Fixtures: a sandbox Drive on a local port and a complete tap run against it."""

from __future__ import annotations

import pytest
from postmortems_harness import ANCHOR, TapRun, run_tap, tap_config
from reliability_sandbox import OrgConfig, Sandbox


@pytest.fixture(scope="session")
def drive_sandbox():
    """A small, read-only organisation shared by tests that do not mutate it."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture
def fresh_drive():
    """A private organisation for tests that mutate it or inject faults."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture(scope="session")
def full_run(drive_sandbox) -> TapRun:
    """One complete sync of every stream against the shared sandbox (small pages)."""
    run = run_tap(tap_config(drive_sandbox, page_size=5))
    assert run.returncode == 0, run.stderr[-3000:]
    return run
