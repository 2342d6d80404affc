"""Sentry objects' common ground: the world at the org clock, issue states, a cache, users."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors._common import LruCache
from reliability_sandbox.vendors.sentry.world import (
    IssueState,
    SentryWorld,
    _epoch,
    _hex32,
)

if TYPE_CHECKING:
    from reliability_sandbox.org import Org, Service, Team, User

#: Fields the vendor's documents do not list yet, one per object (``unknown_fields``).
UNKNOWN_FIELDS = {
    "organization": "isDynamicallySampled",
    "team": "orgRole",
    "project": "color",
    "issue": "hasPendingAutofix",
    "activity": "sentry_app",
    "event": "trace",
    "release": "buildNumber",
    "deploy": "projects",
}

#: The project flags of Sentry's insight modules (the list document requires them).
_INSIGHT_FLAGS = (
    "hasInsightsHttp",
    "hasInsightsDb",
    "hasInsightsAssets",
    "hasInsightsAppStart",
    "hasInsightsScreenLoad",
    "hasInsightsVitals",
    "hasInsightsCaches",
    "hasInsightsQueues",
    "hasInsightsAgentMonitoring",
    "hasInsightsMCP",
    "hasLogs",
    "hasTraceMetrics",
)

#: Sentry's GroupInboxReason by substatus (NEW 0, REGRESSION 2, ESCALATING 5, ONGOING 6).
_INBOX_REASONS = {"new": 0, "regressed": 2, "escalating": 5, "ongoing": 6}

_INBOX_ACTIVITY = frozenset({"first_seen", "set_regression", "set_escalating"})

#: What the issue list adds that the issue details endpoint does not send.
_LIST_ONLY_ISSUE_FIELDS = (
    "lifetime",
    "filtered",
    "sessionCount",
    "matchingEventId",
    "matchingEventEnvironment",
    "inbox",
    "owners",
    "integrationIssues",
    "sentryAppIssues",
    "latestEventHasAttachments",
    "derivedData",
)


def _picked(kind: str, key: object, every: int) -> bool:
    """A stable pseudo-random pick of about one in ``every`` objects."""
    return int(_hex32("quirk", kind, key)[:8], 16) % every == 0


def _b36(n: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = alphabet[r] + out
        if n == 0:
            return out


class SentryBase:
    """The Sentry world at the org's clock, issue states per version, a cache, short forms."""

    def __init__(self, org: Org) -> None:
        """Create the view (the Sentry world is derived lazily, then cached per version)."""
        self.org = org
        self._world: SentryWorld | None = None
        self._states_version: tuple[int, int] = (-1, -1)
        self._states: list[IssueState] = []
        self._by_id: dict[int, IssueState] = {}
        self._cache = LruCache(256)

    # =================================================================== world
    @property
    def world(self) -> SentryWorld:
        """The derived Sentry world (built on first use)."""
        if self._world is None:
            self._world = SentryWorld(self.org)
        return self._world

    @property
    def now(self) -> int:
        """The org clock in epoch seconds."""
        return _epoch(self.org.now)

    def issue_states(self) -> list[IssueState]:
        """Every visible issue at the org clock, newest ``lastSeen`` first (cached)."""
        version = (self.org.version, len(self.org.incidents))
        if version != self._states_version:
            now = self.now
            world = self.world
            states = []
            for issue in (*world.spike_issues(), *world.background):
                st = world.state(issue, now)
                if st is not None:
                    states.append(st)
            states.sort(key=lambda s: (s.last_seen, s.issue.id), reverse=True)
            self._states = states
            self._by_id = {s.issue.id: s for s in states}
            self._states_version = version
            self._cache.clear()
        return self._states

    def team_short(self, t: Team) -> dict[str, Any]:
        """A team as embedded in a project."""
        return {"id": str(self.world.team_ids[t.index]), "name": t.name, "slug": t.slug}

    def project_short(self, s: Service) -> dict[str, Any]:
        """A project as embedded in issues."""
        return {
            "id": str(self.world.project_ids[s.index]),
            "name": s.name,
            "slug": s.slug,
            "platform": self.world.platforms[s.index],
        }

    def user(self, u: User) -> dict[str, Any]:
        """A user as Sentry embeds it (activity authors, ``assignedTo``)."""
        return {
            "id": str(self.world.user_ids[u.index]),
            "name": u.name,
            "username": u.email,
            "email": u.email,
            "avatarUrl": None,
            "isActive": True,
        }

    # ================================================================ caching
    def _cache_get(self, key: tuple[Any, ...]) -> Any:  # noqa: ANN401
        self.issue_states()  # invalidates the cache on a new version
        return self._cache.get(key)

    def _cache_put(self, key: tuple[Any, ...], value: Any) -> None:  # noqa: ANN401
        self._cache.put(key, value)

    def _sorted_services(self) -> list[Service]:
        return sorted(self.org.services, key=lambda s: s.slug)

    def _sorted_teams(self) -> list[Team]:
        return sorted(self.org.teams, key=lambda t: t.slug)
