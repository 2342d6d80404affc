"""PagerDuty REST API v2: ``references`` (ids), ``world`` (objects, truth), ``api`` (routes)."""

from __future__ import annotations

from reliability_sandbox.vendors.pagerduty.api import DEFAULT_TOKEN, SHORT_PAGE_LIMIT, PagerDutyAPI
from reliability_sandbox.vendors.pagerduty.world import ONCALL_MAX_RANGE, PagerDutyWorld

__all__ = [
    "DEFAULT_TOKEN",
    "ONCALL_MAX_RANGE",
    "SHORT_PAGE_LIMIT",
    "PagerDutyAPI",
    "PagerDutyWorld",
]
