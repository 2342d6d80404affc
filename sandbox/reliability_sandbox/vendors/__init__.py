"""The emulated vendors, one package each, and the registry the app and ``Sandbox`` iterate.

Each package (``pagerduty``, ``sentry``, ``datadog``, ``github``, ``google``) exposes
``mount(org, tokens) -> list[Vendor]``: the APIs it serves over the shared world
(:mod:`reliability_sandbox.org`, :mod:`reliability_sandbox.story`,
:mod:`reliability_sandbox.delivery`, :mod:`reliability_sandbox.links`). No vendor package
imports another (``tests/test_vendor_isolation.py`` fails if one does): what one vendor
cites of another is derived in the shared world. To add a vendor: a package here
implementing :class:`~reliability_sandbox.vendor.Vendor`, and a line in :data:`PACKAGES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reliability_sandbox.vendors import datadog, github, google, pagerduty, sentry

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reliability_sandbox.org import Org
    from reliability_sandbox.vendor import Vendor

#: Every vendor package, in mount order.
PACKAGES = (pagerduty, datadog, sentry, github, google)
#: Registry names of the mounted APIs (``Sandbox.vendor(name)``, ``/_sandbox/vendors/<name>``).
NAMES = ("pagerduty", "datadog", "sentry", "github", "gdrive", "gsheets")


def mount_all(org: Org, tokens: Mapping[str, str] | None = None) -> list[Vendor]:
    """Every vendor API over ``org``; ``tokens`` overrides accepted tokens by vendor name."""
    return [api for package in PACKAGES for api in package.mount(org, tokens or {})]


__all__ = ["NAMES", "PACKAGES", "mount_all"]
