"""Sentry's web API: world, base, releases, objects (rendering) and api (routes)."""

from __future__ import annotations

from reliability_sandbox.vendors._common import token_mount
from reliability_sandbox.vendors.sentry.api import SentryAPI
from reliability_sandbox.vendors.sentry.objects import UNKNOWN_FIELDS
from reliability_sandbox.vendors.sentry.world import DEFAULT_TOKEN, READ_SCOPES, SentryWorld

__all__ = ["DEFAULT_TOKEN", "READ_SCOPES", "UNKNOWN_FIELDS", "SentryAPI", "SentryWorld", "mount"]

#: The Sentry API over an org (``tokens["sentry"]``: the main auth token).
mount = token_mount(SentryAPI, "sentry", DEFAULT_TOKEN)
