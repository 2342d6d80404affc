"""Fixtures: a sandbox GitHub on a local port and complete tap runs against it."""

from __future__ import annotations

import pytest
from github_harness import ANCHOR, TapRun, run_tap, tap_config
from reliability_sandbox import OrgConfig, Sandbox


@pytest.fixture(scope="session")
def github_sandbox():
    """A small, read-only organisation shared by tests that do not mutate it."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture
def fresh_github():
    """A private organisation for tests that mutate it or inject faults."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture(scope="session")
def github_full_run(github_sandbox) -> TapRun:
    """One complete sync of every stream against the shared sandbox."""
    run = run_tap(tap_config(github_sandbox))
    assert run.returncode == 0, run.stderr[-3000:]
    return run
