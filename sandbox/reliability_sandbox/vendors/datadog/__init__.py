"""The Datadog API: ``world`` (definitions, facts), ``objects`` (rendering), ``api`` (routes)."""

from __future__ import annotations

from reliability_sandbox.vendors.datadog.api import DatadogAPI
from reliability_sandbox.vendors.datadog.world import (
    DEFAULT_API_KEY,
    DEFAULT_APP_KEY,
    UNRELEASED,
    DatadogWorld,
)

__all__ = ["DEFAULT_API_KEY", "DEFAULT_APP_KEY", "UNRELEASED", "DatadogAPI", "DatadogWorld"]
