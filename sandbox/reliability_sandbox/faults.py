"""Fault injection and rate limiting: what makes the sandbox behave like a bad day.

A run's fault setup is a :class:`FaultConfig`: an ordered list of :class:`FaultRule`,
a latency added to every vendor request, and an optional per-token rate limit. It is
deterministic: rules count matching requests, so "the 3rd and 4th request to
/pagerduty/incidents get a 502" happens the same way on every run.

JSON form (``PUT /_sandbox/faults``, ``--faults FILE``)::

    {"rules": [{"kind": "429", "path": "/pagerduty/incidents", "after": 2, "times": 1,
                "reset": 1}],
     "latency_ms": 150, "requests_per_minute": 960,
     "quirks": ["vanished_children", "short_pages"]}

Quirks are the real vendors' everyday behaviours that a well-kept demo world never shows
(see :data:`QUIRKS`); each vendor module implements every quirk that applies to it, and
the taps' tests switch them all on.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = ("429", "500", "502", "503", "timeout", "drop", "malformed_json")

#: Real API behaviour a client must survive, switchable per run (``FaultConfig.quirks``).
QUIRKS = {
    "vanished_children": "a child listed by its parent is gone when read: 404/410 with the "
    "vendor's error body (a team's members, a deleted user, an incident's todos)",
    "short_pages": "the server caps the page size below what was asked and says so the "
    "way the vendor does (PagerDuty's `limit` in the body, fewer items per `Link` page)",
    "unsorted": "rows come out of the order a client might assume, and a row may repeat "
    "on the next page",
    "unknown_fields": "objects carry fields and enum values the vendor's document does "
    "not list yet",
    "spec_nulls": "null where the vendor's document says a value is always present",
    "deleted_inventory": "from the first epoch on, objects deleted at the vendor are gone: "
    "one PagerDuty service, user and team, one Datadog monitor and synthetic test, one "
    "Sentry project and team, one GitHub repository and team vanish from their lists and "
    "answer the vendor's 404 when read (with what goes with them: a team's members and "
    "links, a user's contact methods, a repository's hooks)",
}


@dataclass(slots=True)
class FaultRule:
    """One fault: which requests it hits and what happens to them.

    Attributes:
        kind: ``429``, ``500``, ``502``, ``503``, ``timeout`` (the response is delayed by
            ``seconds``, longer than a sane client timeout), ``drop`` (the connection is
            closed without a response) or ``malformed_json`` (200 with a truncated body).
        path: Prefix the request path must start with (``None``: every vendor request).
        method: HTTP method to match (``None``: any).
        after: Let this many matching requests through first.
        times: How many matching requests to affect (``None``: all after ``after``).
        reset: ``ratelimit-reset`` seconds of an injected 429.
        seconds: Delay of a ``timeout`` fault.
    """

    kind: str
    path: str | None = None
    method: str | None = None
    after: int = 0
    times: int | None = 1
    reset: int = 1
    seconds: float = 30.0
    seen: int = field(default=0, compare=False)
    fired: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        """Validate the rule.

        Raises:
            ValueError: On an unknown kind or negative counts.
        """
        self.kind = str(self.kind)
        if self.kind not in FAULT_KINDS:
            msg = f"unknown fault kind {self.kind!r}; expected one of {', '.join(FAULT_KINDS)}"
            raise ValueError(msg)
        if self.after < 0 or (self.times is not None and self.times < 0):
            msg = "after and times must be >= 0"
            raise ValueError(msg)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, with the live counters."""
        return {
            "kind": self.kind,
            "path": self.path,
            "method": self.method,
            "after": self.after,
            "times": self.times,
            "reset": self.reset,
            "seconds": self.seconds,
            "seen": self.seen,
            "fired": self.fired,
        }


@dataclass(slots=True)
class FaultConfig:
    """Everything switchable per run.

    Attributes:
        rules: Fault rules, first eligible rule wins.
        latency_ms: Added to every vendor request (``asyncio.sleep``: concurrent
            requests overlap, as they would against a distant server).
        requests_per_minute: Token-bucket rate limit per API token; ``None`` disables it.
        quirks: Names from :data:`QUIRKS` switched on (vendors read them per request).
    """

    rules: list[FaultRule] = field(default_factory=list)
    latency_ms: float = 0.0
    requests_per_minute: int | None = None
    quirks: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FaultConfig:
        """Build from the JSON form.

        Raises:
            ValueError: On unknown keys or invalid values.
        """
        data = dict(data or {})
        unknown = set(data) - {"rules", "latency_ms", "requests_per_minute", "quirks"}
        if unknown:
            msg = f"unknown fault config keys: {sorted(unknown)}"
            raise ValueError(msg)
        rules = []
        for raw in data.get("rules") or []:
            if isinstance(raw, FaultRule):
                rules.append(raw)
                continue
            allowed = {"kind", "path", "method", "after", "times", "reset", "seconds"}
            bad = set(raw) - allowed
            if bad:
                msg = f"unknown fault rule keys: {sorted(bad)}"
                raise ValueError(msg)
            rules.append(FaultRule(**raw))
        rpm = data.get("requests_per_minute")
        if rpm is not None and int(rpm) <= 0:
            msg = "requests_per_minute must be positive (or null to disable)"
            raise ValueError(msg)
        quirks = frozenset(data.get("quirks") or ())
        if quirks - QUIRKS.keys():
            unknown_quirks = sorted(quirks - QUIRKS.keys())
            msg = f"unknown quirks {unknown_quirks}; expected some of {sorted(QUIRKS)}"
            raise ValueError(msg)
        return cls(
            rules=rules,
            latency_ms=float(data.get("latency_ms") or 0.0),
            requests_per_minute=None if rpm is None else int(rpm),
            quirks=quirks,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form, with the rules' live counters."""
        return {
            "rules": [r.to_dict() for r in self.rules],
            "latency_ms": self.latency_ms,
            "requests_per_minute": self.requests_per_minute,
            "quirks": sorted(self.quirks),
        }

    def match(self, method: str, path: str) -> FaultRule | None:
        """Count the request against every matching rule; return the one that fires.

        Every matching rule counts the request (so ``after`` means "after N matching
        requests" whatever other rules did), and the first rule inside its window fires.
        """
        chosen = None
        for rule in self.rules:
            if rule.path is not None and not path.startswith(rule.path):
                continue
            if rule.method is not None and rule.method.upper() != method:
                continue
            rule.seen += 1
            if (
                chosen is None
                and rule.seen > rule.after
                and (rule.times is None or rule.fired < rule.times)
            ):
                rule.fired += 1
                chosen = rule
        return chosen


class RateLimiter:
    """Token buckets per key: ``limit`` requests a minute, refilled continuously.

    A bucket starts full (a client may burst ``limit`` requests), then earns
    ``limit / 60`` tokens a second, like PagerDuty's per-token limit of 960/min.
    """

    def __init__(self, requests_per_minute: int, clock: Any = time.monotonic) -> None:  # noqa: ANN401
        """Create the limiter.

        Args:
            requests_per_minute: Bucket size and refill per minute.
            clock: Monotonic clock (injectable for tests).
        """
        self.limit = requests_per_minute
        self._rate = requests_per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> tuple[bool, int, int]:
        """Try to spend one token.

        Returns:
            ``(allowed, remaining, reset)``: ``reset`` is the number of seconds until a
            request will succeed when none is left, else until the bucket is full again.
        """
        with self._lock:
            now = self._clock()
            tokens, last = self._buckets.get(key, (float(self.limit), now))
            tokens = min(float(self.limit), tokens + (now - last) * self._rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            remaining = int(tokens)
            if remaining < 1:
                reset = max(1, math.ceil((1.0 - tokens) / self._rate))
            else:
                reset = math.ceil((self.limit - tokens) / self._rate)
            return allowed, remaining, reset
