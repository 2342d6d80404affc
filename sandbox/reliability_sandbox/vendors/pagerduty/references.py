"""PagerDuty's ids and references: how the org's objects are named in PagerDuty.

Ids look like PagerDuty's (``P`` + 6 upper-case alphanumerics; log entries ``R`` + 13),
never collide and depend only on the seed (:func:`reliability_sandbox.links.pagerduty_id`).
References (``*_reference``: ``id``, ``type``, ``summary``, ``self``, ``html_url``) follow
PagerDuty's published examples and are built once per object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reliability_sandbox.links import (
    PAGERDUTY_EP,
    PAGERDUTY_INCIDENT,
    PAGERDUTY_PRIORITY,
    PAGERDUTY_SCHEDULE,
    PAGERDUTY_SERVICE,
    PAGERDUTY_TEAM,
    PAGERDUTY_USER,
    PAGERDUTY_WEB,
    b36,
    pagerduty_id,
    pagerduty_id_offset,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from reliability_sandbox.org import Incident, Org, Service, Team, TimelineEvent, User

API_BASE = "https://api.pagerduty.com"
WEB_BASE = PAGERDUTY_WEB
_M13 = 36**13
# A multiplier coprime to 36, so x -> (a*x + b) mod 36^13 is a bijection: ids never collide.
_A13 = 7_777_777_777_777_777_777

# Object kinds, to keep ids of different collections apart (the cited ones in links.py).
_K_SERVICE, _K_TEAM, _K_USER, _K_EP = (
    PAGERDUTY_SERVICE,
    PAGERDUTY_TEAM,
    PAGERDUTY_USER,
    PAGERDUTY_EP,
)
_K_SCHEDULE, _K_PRIORITY, _K_INCIDENT = PAGERDUTY_SCHEDULE, PAGERDUTY_PRIORITY, PAGERDUTY_INCIDENT
_K_CONTACT, _K_RULE, _K_INTEGRATION, _K_EP_RULE, _K_LAYER = 8, 9, 10, 11, 12
#: Each referenced kind's reference: its ``type``, its API collection (``self``) and its
#: web page's path (``html_url``; ``None``: PagerDuty's examples give priorities none).
_REFERENCES: dict[int, tuple[str, str, str | None]] = {
    _K_SERVICE: ("service_reference", "services", "service-directory"),
    _K_TEAM: ("team_reference", "teams", "teams"),
    _K_USER: ("user_reference", "users", "users"),
    _K_EP: ("escalation_policy_reference", "escalation_policies", "escalation_policies"),
    _K_SCHEDULE: ("schedule_reference", "schedules", "schedules"),
    _K_PRIORITY: ("priority_reference", "priorities", None),
    _K_INCIDENT: ("incident_reference", "incidents", "incidents"),
}


class PagerDutyReferences:
    """Ids and reference objects of the org's services, teams, users, policies and incidents."""

    def __init__(
        self,
        org: Org,
        *,
        api_base: str = API_BASE,
        web_base: str = WEB_BASE,
    ) -> None:
        """Create the view.

        Args:
            org: The organisation to serve.
            api_base: Base of ``self`` links. Fixed (not the sandbox's address) so that the
                same world serialises identically whatever port it runs on.
            web_base: Base of ``html_url`` links.
        """
        self.org = org
        self.api = api_base.rstrip("/")
        self.web = web_base.rstrip("/")
        self._b6 = pagerduty_id_offset(org.config.seed)
        self._b13 = (org.config.seed * 11_400_714_819_323_198_485 + 67_890) % _M13
        self._refs: dict[tuple[int, int], dict[str, Any]] = {}

    # ===================================================================== ids
    def _id(self, kind: int, n: int) -> str:
        return pagerduty_id(self._b6, kind, n)

    def service_id(self, s: Service) -> str:
        """PagerDuty id of a service."""
        return self._id(_K_SERVICE, s.index)

    def team_id(self, t: Team) -> str:
        """PagerDuty id of a team."""
        return self._id(_K_TEAM, t.index)

    def user_id(self, u: User) -> str:
        """PagerDuty id of a user."""
        return self._id(_K_USER, u.index)

    def ep_id(self, t: Team) -> str:
        """PagerDuty id of a team's escalation policy."""
        return self._id(_K_EP, t.index)

    def schedule_id(self, t: Team) -> str:
        """PagerDuty id of a team's on-call schedule."""
        return self._id(_K_SCHEDULE, t.index)

    def priority_id(self, name: str) -> str:
        """PagerDuty id of a priority (``P1``..``P5``)."""
        return self._id(_K_PRIORITY, int(name[1:]))

    def incident_id(self, inc: Incident) -> str:
        """PagerDuty id of an incident."""
        return self._id(_K_INCIDENT, inc.number)

    def log_entry_id(self, ev: TimelineEvent) -> str:
        """PagerDuty id of a log entry (14 characters, like the real ones)."""
        return "R" + b36(((ev.incident.number * 1000 + ev.seq) * _A13 + self._b13) % _M13, 13)

    # ============================================================ references
    def _ref(self, kind: int, n: int, make: Callable[[], tuple[str, str]]) -> dict[str, Any]:
        # Referenced objects never change, so their reference dicts are built once and
        # shared: building an incident or log entry then costs a few dict lookups.
        key = (kind, n)
        ref = self._refs.get(key)
        if ref is None:
            ref = self._refs[key] = self._reference(kind, *make())
        return ref

    def _reference(self, kind: int, rid: str, summary: str) -> dict[str, Any]:
        rtype, collection, page = _REFERENCES[kind]
        ref = {
            "id": rid,
            "type": rtype,
            "summary": summary,
            "self": f"{self.api}/{collection}/{rid}",
        }
        if page is not None:
            ref["html_url"] = f"{self.web}/{page}/{rid}"
        return ref

    def service_ref(self, s: Service) -> dict[str, Any]:
        """``service_reference``."""
        return self._ref(_K_SERVICE, s.index, lambda: (self.service_id(s), s.name))

    def team_ref(self, t: Team) -> dict[str, Any]:
        """``team_reference``."""
        return self._ref(_K_TEAM, t.index, lambda: (self.team_id(t), t.name))

    def user_ref(self, u: User) -> dict[str, Any]:
        """``user_reference``."""
        return self._ref(_K_USER, u.index, lambda: (self.user_id(u), u.name))

    def ep_ref(self, t: Team) -> dict[str, Any]:
        """``escalation_policy_reference`` of a team's policy."""
        return self._ref(_K_EP, t.index, lambda: (self.ep_id(t), f"{t.name} Escalation Policy"))

    def schedule_ref(self, t: Team) -> dict[str, Any]:
        """``schedule_reference`` of a team's rotation."""
        return self._ref(
            _K_SCHEDULE, t.index, lambda: (self.schedule_id(t), f"{t.name} Primary Rotation")
        )

    def priority_ref(self, name: str) -> dict[str, Any]:
        """``priority_reference`` (no ``html_url``, as in PagerDuty's examples)."""
        return self._ref(_K_PRIORITY, int(name[1:]), lambda: (self.priority_id(name), name))

    def incident_ref(self, inc: Incident) -> dict[str, Any]:
        """``incident_reference``."""
        summary = f"[#{inc.number}] {inc.title}"
        return self._reference(_K_INCIDENT, self.incident_id(inc), summary)
