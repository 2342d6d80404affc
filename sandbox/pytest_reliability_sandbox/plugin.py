"""The pytest fixtures of the plugin (loaded through the ``pytest11`` entry point)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from reliability_sandbox import OrgConfig, Sandbox

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import datetime


@pytest.fixture
def sandbox_factory() -> Iterator[Callable[..., Sandbox]]:
    """Start private sandboxes for one test; every one is stopped when the test ends.

    ``sandbox_factory(preset="test", anchor=None, **options)``: ``options`` are
    :class:`~reliability_sandbox.Sandbox`'s (``faults``, ``token``, ``check_contracts``).
    """
    started: list[Sandbox] = []

    def make(preset: str = "test", anchor: datetime | None = None, **options: Any) -> Sandbox:  # noqa: ANN401
        sbx = Sandbox(OrgConfig.preset(preset, anchor=anchor), **options).start()
        started.append(sbx)
        return sbx

    yield make
    for sbx in started:
        sbx.stop()
