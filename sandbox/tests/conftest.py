"""Shared fixtures: one read-only sandbox per session, and a factory for private ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from reliability_sandbox import OrgConfig, Sandbox

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


class Client:
    """A tiny PagerDuty client over requests, for assertions."""

    def __init__(self, sbx: Sandbox) -> None:
        self.sbx = sbx
        self.session = requests.Session()
        self.session.headers.update(sbx.vendor("pagerduty").headers())

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(
            f"{self.sbx.vendor('pagerduty').url}{path}", params=params, timeout=10
        )

    def post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return self.session.post(f"{self.sbx.vendor('pagerduty').url}{path}", json=body, timeout=10)

    def all(self, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
        """Page through a classic-paginated collection."""
        out: list[dict[str, Any]] = []
        offset = 0
        while True:
            resp = self.get(path, limit=100, offset=offset, **params)
            resp.raise_for_status()
            body = resp.json()
            out.extend(body[key])
            if not body["more"]:
                return out
            offset += len(body[key])


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """A shared sandbox (demo preset, fixed anchor). Tests must not mutate it."""
    with Sandbox(OrgConfig.preset("demo", anchor=ANCHOR)) as sbx:
        yield sbx


@pytest.fixture(scope="module")
def sbx(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A module's own sandbox (its ``PRESET``, ``"test"`` unless it names one; fixed anchor)."""
    preset = getattr(request.module, "PRESET", "test")
    with Sandbox(OrgConfig.preset(preset, anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture(scope="module")
def small() -> Sandbox:
    """The tap tests' world, not started: its API object is called directly."""
    return Sandbox(OrgConfig.preset("test", anchor=ANCHOR))


@pytest.fixture(scope="session")
def pd(sandbox: Sandbox) -> Client:
    return Client(sandbox)


@pytest.fixture
def private() -> Iterator[Any]:
    """Factory of private sandboxes (for faults, rate limits, mutations)."""
    started: list[Sandbox] = []

    def make(preset: str = "test", **kwargs: Any) -> tuple[Sandbox, Client]:
        sbx = Sandbox(OrgConfig.preset(preset, anchor=ANCHOR), **kwargs).start()
        started.append(sbx)
        return sbx, Client(sbx)

    yield make
    for sbx in started:
        sbx.stop()
