"""PagerDuty REST API v2: references, world, quirks, analytics (objects and truth), api (routes)."""

from __future__ import annotations

from reliability_sandbox.vendors._common import token_mount
from reliability_sandbox.vendors.pagerduty.api import DEFAULT_TOKEN, SHORT_PAGE_LIMIT, PagerDutyAPI
from reliability_sandbox.vendors.pagerduty.world import ONCALL_MAX_RANGE, PagerDutyWorld

__all__ = [
    "DEFAULT_TOKEN",
    "ONCALL_MAX_RANGE",
    "SHORT_PAGE_LIMIT",
    "PagerDutyAPI",
    "PagerDutyWorld",
    "mount",
]

#: The PagerDuty API over an org (``tokens["pagerduty"]``: the accepted API token).
mount = token_mount(PagerDutyAPI, "pagerduty", DEFAULT_TOKEN)
