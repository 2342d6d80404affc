"""Datadog's API contract as the sandbox serves it: keys, page sizes, errors, quirks, dates.

The fixed credentials, each endpoint's page limits, the nominal rate-limit budget, Datadog's
error body, what the `unknown_fields`/`unsorted`/`spec_nulls` quirks change in a page, and
the date math (``now-15m``) the events endpoint accepts.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from reliability_sandbox.vendors._common import iso_datetime
from reliability_sandbox.vendors.datadog.definitions import DAY

DEFAULT_API_KEY = "sandbox-dd-api-key"
DEFAULT_APP_KEY = "sandbox-dd-app-key"
WEB_BASE = "https://app.datadoghq.com"

MONITOR_PAGE_MAX = 1000
MONITOR_PAGE_DEFAULT = 100
SYNTHETICS_PAGE_DEFAULT = 100
SLO_LIMIT_DEFAULT = 1000
#: `GET /api/v1/slo/correction`: "Default is 25" (the operation's `limit`); no maximum given.
SLO_CORRECTION_LIMIT_DEFAULT = 25
INCIDENT_PAGE_MAX = 100
INCIDENT_PAGE_DEFAULT = 10
EVENTS_PAGE_MAX = 1000
EVENTS_PAGE_DEFAULT = 10
RESULTS_MAX = 150
RESULTS_RETENTION = timedelta(days=7)
#: Page sizes the `short_pages` quirk caps requests at (below what the taps ask).
SHORT_PAGES = {
    "monitors": 10,
    "synthetics_tests": 5,
    "slos": 5,
    "slo_corrections": 2,
    "incidents": 25,
    "events": 25,
}
#: Name of the field the `unknown_fields` quirk adds (no vendor document lists it).
UNRELEASED = "sandbox_unreleased_field"
# Nominal budget reported while the sandbox does not enforce a rate limit.
NOMINAL_LIMIT = 6000
NOMINAL_PERIOD = 60


class ApiError(Exception):
    """A Datadog error response (``{"errors": [...]}``)."""

    def __init__(self, status: int, *errors: str) -> None:
        """Create the error with its status and ``errors`` strings."""
        super().__init__("; ".join(errors))
        self.status = status
        self.body = {"errors": list(errors)}


def _unknown_monitor_fields(items: list[dict[str, Any]]) -> tuple[str, ...]:
    """The `unknown_fields` quirk on monitors: a new field, a new option, a new state."""
    deviations = []
    for i, item in enumerate(items):
        item[UNRELEASED] = {"note": "a field the vendor's document does not list yet"}
        item["options"][UNRELEASED] = True
        if item["id"] % 4 == 0:
            item["overall_state"] = "Paused"
            deviations.append(f"response[{i}].overall_state")
    return tuple(deviations)


def _event_quirks(events: list[dict[str, Any]], quirks: frozenset[str]) -> tuple[str, ...]:
    """`unsorted`, `unknown_fields` and `spec_nulls` on one page of events."""
    if "unsorted" in quirks:
        # Within a page, neighbours swap places: timestamps are not in order.
        for i in range(0, len(events) - 1, 2):
            events[i], events[i + 1] = events[i + 1], events[i]
    deviations = []
    for i, event in enumerate(events):
        inner = event["attributes"]["attributes"]
        if "unknown_fields" in quirks:
            inner[UNRELEASED] = "a field the vendor's document does not list yet"
        if "spec_nulls" in quirks and "duration" not in inner:
            inner["duration"] = None
            deviations.append(f"response.data[{i}].attributes.attributes.duration")
    return tuple(deviations)


_DATE_MATH = re.compile(r"now(?:-(\d+)([smhdw]))?")

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": DAY, "w": 7 * DAY}


def _date_math(value: str, now: datetime) -> datetime | None:
    """``now``, ``now-15m``, milliseconds since the epoch, or ISO-8601."""
    value = value.strip()
    m = _DATE_MATH.fullmatch(value)
    if m:
        n, unit = m.groups()
        return now - timedelta(seconds=int(n or 0) * _UNITS.get(unit or "s", 1))
    if value.isdigit():
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    try:
        return iso_datetime(value.replace(" ", "+"))
    except ValueError:
        return None
