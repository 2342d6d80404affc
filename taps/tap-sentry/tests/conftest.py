"""Fixtures: a sandbox Sentry on a local port and complete tap runs against it."""

from __future__ import annotations

import pytest
from reliability_sandbox import OrgConfig, Sandbox
from sentry_harness import ANCHOR, TapRun, run_tap, tap_config


@pytest.fixture(scope="session")
def sentry_sandbox():
    """A small, read-only organisation shared by tests that do not mutate it."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture
def fresh_sentry():
    """A private organisation for tests that mutate it or inject faults."""
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture(scope="session")
def sentry_full_run(sentry_sandbox) -> TapRun:
    """One complete sync of every stream against the shared sandbox (small pages)."""
    run = run_tap(tap_config(sentry_sandbox, page_size=25))
    assert run.returncode == 0, run.stderr[-3000:]
    return run
