"""Sentry's web API: ``world`` (issues, releases), ``objects`` (rendering), ``api`` (routes)."""

from __future__ import annotations

from reliability_sandbox.vendors.sentry.api import SentryAPI
from reliability_sandbox.vendors.sentry.objects import UNKNOWN_FIELDS
from reliability_sandbox.vendors.sentry.world import DEFAULT_TOKEN, READ_SCOPES, SentryWorld

__all__ = ["DEFAULT_TOKEN", "READ_SCOPES", "UNKNOWN_FIELDS", "SentryAPI", "SentryWorld"]
