"""Datadog's account model: the static definitions and per-incident facts, ids and times.

The dataclasses :class:`~reliability_sandbox.vendors.datadog.world.DatadogWorld` builds
(monitors, SLOs, synthetic tests, each incident's draws and facts, monitor events) and the
small helpers both the world and the rendering use (stable hashes, Datadog's id and time
formats, day splitting).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reliability_sandbox.org import Incident, Service

DAY = 86400
#: The test incident (``is_test``): minutes after the real page it follows, and its number,
#: far above the org's incident numbers so that no real incident is renumbered.
TEST_INCIDENT_DELAY_MINUTES = 7
TEST_INCIDENT_PUBLIC_ID = 900_001
_SEVERITY = {"P1": "SEV-1", "P2": "SEV-2", "P3": "SEV-3", "P4": "SEV-4", "P5": "SEV-5"}
_STATE = {"triggered": "active", "acknowledged": "stable", "resolved": "resolved"}


def _h(*parts: object) -> int:
    """A stable 64-bit hash (independent of PYTHONHASHSEED)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else f"{dt.astimezone(UTC):%Y-%m-%dT%H:%M:%S}+00:00"


def _iso_z(dt: datetime) -> str:
    return f"{dt.astimezone(UTC):%Y-%m-%dT%H:%M:%S}.000Z"


def _ts(dt: datetime) -> int:
    return int(dt.timestamp())


def _day_floor(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(slots=True)
class MonitorDef:
    """A monitor's static definition."""

    id: int
    service: Service
    name: str
    type: str
    query: str
    thresholds: dict[str, float]
    priority: int | None
    created: datetime
    modified: datetime
    test_index: int | None = None  # synthetics monitors: the test they watch


@dataclass(slots=True)
class SloDef:
    """An SLO's static definition."""

    id: str
    service: Service
    index: int
    name: str
    type: str  # metric | monitor
    target: float
    monitor_ids: list[int]
    created: datetime
    modified: datetime
    daily_requests: int
    base_error: float


@dataclass(slots=True)
class CorrectionDef:
    """An SLO status correction: ``[start, end)`` (epoch seconds) no longer counts."""

    id: str
    slo: SloDef
    category: str
    description: str
    start: int
    end: int
    created: int


@dataclass(slots=True)
class TestDef:
    """A synthetic test's static definition."""

    index: int
    public_id: str
    service: Service
    name: str
    type: str  # api | browser
    subtype: str | None
    locations: list[str]
    status: str
    tick_every: int
    monitor_id: int
    created: datetime
    modified: datetime


@dataclass(slots=True)
class Draws:
    """Per-incident random facts, drawn once from the incident's key (stable across epochs)."""

    declare_delay: int
    impacted: bool
    detect_lag: int
    impact_end_slack: int
    monitor_slot: int
    late_alert: int | None  # customer-detected: seconds after creation the monitor caught it
    burn_rate: float
    open_recovery: int  # impact of a still-open incident ends this many seconds after its page
    todos: list[
        tuple[int, int | None, int, int]
    ]  # (created after resolve, completed after, text, who)


@dataclass(slots=True)
class Facts:
    """An incident's Datadog view at the org's current clock."""

    inc: Incident
    uuid: str
    detected: datetime
    declared: datetime
    impact_start: datetime | None
    impact_end: datetime | None
    monitor: MonitorDef
    alert_at: datetime | None
    recover_at: datetime | None
    modified: datetime
    todos: list[dict[str, Any]] = field(default_factory=list)
    #: A test incident (Datadog's ``is_test``): declared to try the tooling, on the service
    #: of ``inc`` a few minutes after its page; it describes no real incident.
    is_test: bool = False


@dataclass(slots=True)
class _TestIncident:
    source: Facts  # the real incident it was declared next to
    facts: Facts


@dataclass(slots=True)
class MonitorEvent:
    """One monitor alert transition."""

    seq: int
    at: datetime
    monitor: MonitorDef
    transition: str  # Triggered | Recovered
    facts: Facts


def _public_id(n: int) -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    chars = []
    for _ in range(9):
        n, r = divmod(n, len(alphabet))
        chars.append(alphabet[r])
    s = "".join(chars)
    return f"{s[:3]}-{s[3:6]}-{s[6:]}"


def _event_id(seed: int, seq: int, ms: int) -> str:
    raw = ms.to_bytes(8, "big") + _h(seed, "event", seq).to_bytes(8, "big")
    return "AAAAA" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _split_days(lo: datetime, hi: datetime) -> list[tuple[int, float]]:
    """``[(day number, seconds)]`` of ``[lo, hi)`` cut at UTC midnights."""
    out = []
    a, b = lo.timestamp(), hi.timestamp()
    while a < b:
        day = int(a // DAY)
        end = min(b, (day + 1) * DAY)
        out.append((day, end - a))
        a = end
    return out
