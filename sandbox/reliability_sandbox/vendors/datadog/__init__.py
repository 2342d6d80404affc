"""The Datadog API: the account (``definitions``, ``world``), rendering, routes.

``definitions`` and ``world`` hold the account, ``objects`` renders it, ``contract`` and ``api``
serve it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reliability_sandbox.vendors.datadog.api import DatadogAPI
from reliability_sandbox.vendors.datadog.contract import (
    DEFAULT_API_KEY,
    DEFAULT_APP_KEY,
    UNRELEASED,
)
from reliability_sandbox.vendors.datadog.world import DatadogWorld

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reliability_sandbox.org import Org
    from reliability_sandbox.vendor import Vendor

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_APP_KEY",
    "UNRELEASED",
    "DatadogAPI",
    "DatadogWorld",
    "mount",
]


def mount(org: Org, tokens: Mapping[str, str]) -> list[Vendor]:  # noqa: ARG001 - fixed keys
    """The Datadog API over ``org``."""
    return [DatadogAPI(org)]
