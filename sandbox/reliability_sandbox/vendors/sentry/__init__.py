"""Sentry's web API: world, base, releases, objects (rendering) and api (routes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reliability_sandbox.vendors.sentry.api import SentryAPI
from reliability_sandbox.vendors.sentry.objects import UNKNOWN_FIELDS
from reliability_sandbox.vendors.sentry.world import DEFAULT_TOKEN, READ_SCOPES, SentryWorld

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reliability_sandbox.org import Org
    from reliability_sandbox.vendor import Vendor

__all__ = ["DEFAULT_TOKEN", "READ_SCOPES", "UNKNOWN_FIELDS", "SentryAPI", "SentryWorld", "mount"]


def mount(org: Org, tokens: Mapping[str, str]) -> list[Vendor]:
    """The Sentry API over ``org`` (``tokens["sentry"]``: the main auth token)."""
    return [SentryAPI(org, tokens.get("sentry", DEFAULT_TOKEN))]
