"""PagerDuty REST API v2: references, world, quirks, analytics (objects and truth), api (routes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reliability_sandbox.vendors.pagerduty.api import DEFAULT_TOKEN, SHORT_PAGE_LIMIT, PagerDutyAPI
from reliability_sandbox.vendors.pagerduty.world import ONCALL_MAX_RANGE, PagerDutyWorld

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reliability_sandbox.org import Org
    from reliability_sandbox.vendor import Vendor

__all__ = [
    "DEFAULT_TOKEN",
    "ONCALL_MAX_RANGE",
    "SHORT_PAGE_LIMIT",
    "PagerDutyAPI",
    "PagerDutyWorld",
    "mount",
]


def mount(org: Org, tokens: Mapping[str, str]) -> list[Vendor]:
    """The PagerDuty API over ``org`` (``tokens["pagerduty"]``: the accepted API token)."""
    return [PagerDutyAPI(org, tokens.get("pagerduty", DEFAULT_TOKEN))]
