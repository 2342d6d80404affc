"""PagerDuty's objects, served from the generated organisation (what the routes render).

Shapes follow PagerDuty's published OpenAPI examples: services, teams, users with contact
methods, escalation policies, schedules and on-calls, priorities, incidents, log entries
and analytics rows, all derived from :mod:`reliability_sandbox.org`. :meth:`truth` lists
every collection exactly as the API serves it, and the content quirks of the real API
(``faults.QUIRKS``) are applied here (see :mod:`reliability_sandbox.vendors.pagerduty`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reliability_sandbox.org import ROTATION_SECONDS
from reliability_sandbox.vendors._common import LruCache
from reliability_sandbox.vendors.pagerduty.analytics import PagerDutyAnalytics
from reliability_sandbox.vendors.pagerduty.quirks import PagerDutyQuirks
from reliability_sandbox.vendors.pagerduty.references import (
    _K_CONTACT,
    _K_EP_RULE,
    _K_INTEGRATION,
    _K_LAYER,
    _K_RULE,
    API_BASE,
    WEB_BASE,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Incident, Org, Service, Team, TimelineEvent, User
    from reliability_sandbox.vendor import Request

_TRIGGER_SUMMARY = {
    "api": "Triggered through the API",
    "email": "Triggered through an email",
    "nagios": "Triggered through Nagios",
    "web_trigger": "Triggered through the website",
}
_METHOD_TEXT = {
    "sms": "SMS",
    "email": "email",
    "phone": "phone",
    "push_notification": "push notification",
}
_PRIORITY_TEXT = {
    "P1": "Critical issue that warrants public notification and liaison with executive teams",
    "P2": "Critical system issue actively impacting many customers' ability to use the product",
    "P3": "Stability or minor customer-impacting issues that require immediate attention "
    "from service owners",
    "P4": "Minor issues requiring action, but not affecting customer ability to use the product",
    "P5": "Cosmetic issues or bugs, not affecting customer ability to use the product",
}
_COLORS = ("green", "red", "purple", "orange", "teal", "blue", "brown", "cayenne")
_LOG_TYPES = {
    k: f"{k}_log_entry"
    for k in ("trigger", "assign", "notify", "escalate", "acknowledge", "annotate", "resolve")
}

#: The longest `since`..`until` range `/oncalls` accepts, and how far ahead of now it
#: serves shifts ("on-call shifts are limited to 90 days in the future"; older versions of
#: PagerDuty's reference: "the search range cannot exceed 3 months").
ONCALL_MAX_RANGE = timedelta(days=90)
ONCALL_INCLUDES = frozenset({"users", "schedules", "escalation_policies"})


def _utc_z(dt: datetime) -> str:
    return f"{dt:%Y-%m-%dT%H:%M:%S}Z"


class PagerDutyWorld(PagerDutyQuirks, PagerDutyAnalytics):
    """PagerDuty's objects over an :class:`~reliability_sandbox.org.Org`, and its truth."""

    def __init__(self, org: Org, *, api_base: str = API_BASE, web_base: str = WEB_BASE) -> None:
        """Create the view (see :class:`PagerDutyReferences`); objects are built on demand."""
        super().__init__(org, api_base=api_base, web_base=web_base)
        self._cache = LruCache(64)
        self._by_id: dict[str, tuple[str, Any]] = {}
        self._by_id_version: tuple[int, int] = (-1, -1)

    def _agent(self, ev: TimelineEvent) -> dict[str, Any]:
        return (
            self.user_ref(ev.actor)
            if ev.actor is not None
            else self.service_ref(ev.incident.service)
        )

    # =============================================================== objects
    def _service_state(self) -> dict[int, tuple[str, datetime | None]]:
        """Per service: status from open incidents, and last incident time (cached)."""
        key = ("service_state", self.org.version, len(self.org.incidents))
        state = self._cache_get(key)
        if state is None:
            state = {}
            for inc in self.org.incidents:
                status, _ = state.get(inc.service.index, ("active", None))
                if inc.resolved_at is None:
                    status = (
                        "critical"
                        if inc.urgency == "high"
                        else ("warning" if status == "active" else status)
                    )
                state[inc.service.index] = (status, inc.created_at)
            self._cache_put(key, state)
        return state

    def service(self, s: Service) -> dict[str, Any]:
        """A full ``service`` object."""
        ref = self.service_ref(s)
        status, last = self._service_state().get(s.index, ("active", None))
        iid = self._id(_K_INTEGRATION, s.index)
        return {
            "id": ref["id"],
            "summary": s.name,
            "type": "service",
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": s.name,
            "description": s.description,
            "auto_resolve_timeout": 14400,
            "acknowledgement_timeout": 600,
            "created_at": _utc_z(s.created_at),
            "status": status,
            "last_incident_timestamp": _utc_z(last) if last else None,
            "alert_creation": "create_alerts_and_incidents",
            "alert_grouping_parameters": {"type": "intelligent"},
            "integrations": [
                {
                    "id": iid,
                    "type": "generic_events_api_inbound_integration_reference",
                    "summary": "Events API V2",
                    "self": f"{ref['self']}/integrations/{iid}",
                    "html_url": f"{self.web}/services/{ref['id']}/integrations/{iid}",
                }
            ],
            "escalation_policy": self.ep_ref(s.team),
            "teams": [self.team_ref(s.team)],
            "incident_urgency_rule": {"type": "constant", "urgency": "high"},
            "support_hours": None,
            "scheduled_actions": [],
            # Disabled: no timeout (the document's enum has no null).
            "auto_pause_notifications_parameters": {"enabled": False},
        }

    def team(self, t: Team) -> dict[str, Any]:
        """A full ``team`` object."""
        ref = self.team_ref(t)
        return {
            "id": ref["id"],
            "type": "team",
            "summary": t.name,
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": t.name,
            "description": t.description,
        }

    def contact_methods(self, u: User) -> list[dict[str, Any]]:
        """A user's full contact method objects (email, phone, SMS, and push for most)."""
        uid = self.user_id(u)
        base = f"{self.api}/users/{uid}/contact_methods"
        methods: list[dict[str, Any]] = []

        def add(k: int, ctype: str, label: str, address: str, **extra: Any) -> None:  # noqa: ANN401
            cid = self._id(_K_CONTACT, u.index * 10 + k)
            methods.append(
                {
                    "id": cid,
                    "type": ctype,
                    "summary": label,
                    "self": f"{base}/{cid}",
                    "html_url": None,
                    "label": label,
                    "address": address,
                    **extra,
                }
            )

        add(
            0,
            "email_contact_method",
            "Work",
            u.email,
            send_short_email=False,
            send_html_email=False,
        )
        add(1, "phone_contact_method", "Mobile", u.phone, country_code=1, blacklisted=False)
        add(
            2,
            "sms_contact_method",
            "Mobile",
            u.phone,
            country_code=1,
            blacklisted=False,
            enabled=True,
        )
        if u.index % 3:
            add(
                3,
                "push_notification_contact_method",
                "Phone",
                f"{u.index:08x}" * 8,
                device_type="ios" if u.index % 2 else "android",
                blacklisted=False,
            )
        return methods

    def user(self, u: User, include: Sequence[str] = ()) -> dict[str, Any]:
        """A full ``user``; ``include`` may hold contact_methods, notification_rules, teams."""
        ref = self.user_ref(u)
        methods = self.contact_methods(u)
        if "contact_methods" not in include:
            methods = [
                {
                    "id": m["id"],
                    "type": f"{m['type']}_reference",
                    "summary": m["summary"],
                    "self": m["self"],
                }
                for m in methods
            ]
        nid = self._id(_K_RULE, u.index)
        rule: dict[str, Any] = {
            "id": nid,
            "type": "assignment_notification_rule_reference",
            "summary": "Default",
            "self": f"{ref['self']}/notification_rules/{nid}",
            "html_url": None,
        }
        if "notification_rules" in include:
            rule = {
                "id": nid,
                "type": "assignment_notification_rule",
                "summary": "Default",
                "self": rule["self"],
                "html_url": None,
                "start_delay_in_minutes": 0,
                "contact_method": {k: methods[0][k] for k in ("id", "self")}
                | {"type": "email_contact_method_reference", "summary": "Work"},
                "urgency": "high",
            }
        teams = [self.team(t) if "teams" in include else self.team_ref(t) for t, _ in u.teams]
        return {
            "id": ref["id"],
            "type": "user",
            "summary": u.name,
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": u.name,
            "email": u.email,
            "time_zone": u.time_zone,
            "color": _COLORS[u.index % len(_COLORS)],
            "role": u.role,
            "avatar_url": "https://pd-static-assets.pagerduty.com/users/blank-avatar.png",
            "description": u.job_title,
            "invitation_sent": False,
            "created_via_sso": False,
            "contact_methods": methods,
            "notification_rules": [rule],
            "job_title": u.job_title,
            "teams": teams,
        }

    def escalation_policy(self, t: Team) -> dict[str, Any]:
        """A team's full ``escalation_policy``: its rotation, then its manager."""
        ref = self.ep_ref(t)
        return {
            "id": ref["id"],
            "type": "escalation_policy",
            "summary": ref["summary"],
            "on_call_handoff_notifications": "if_has_services",
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": ref["summary"],
            "description": f"Pages the {t.name} rotation, then its manager",
            "escalation_rules": [
                {
                    "id": self._id(_K_EP_RULE, t.index * 10 + 1),
                    "escalation_delay_in_minutes": 30,
                    "targets": [self.schedule_ref(t)],
                },
                {
                    "id": self._id(_K_EP_RULE, t.index * 10 + 2),
                    "escalation_delay_in_minutes": 30,
                    "targets": [self.user_ref(t.manager())],
                },
            ],
            "services": [self.service_ref(s) for s in t.services],
            "num_loops": 0,
            "teams": [self.team_ref(t)],
        }

    def schedule(self, t: Team, include: Sequence[str] = ()) -> dict[str, Any]:
        """A team's full ``schedule`` (weekly rotation of its responders).

        ``include`` may hold ``schedule_layers`` (one weekly layer of the responders, as in
        PagerDuty's list example that asks for them).
        """
        ref = self.schedule_ref(t)
        schedule = {
            "id": ref["id"],
            "type": "schedule",
            "summary": ref["summary"],
            "self": ref["self"],
            "html_url": ref["html_url"],
            "name": ref["summary"],
            "time_zone": t.manager().time_zone,
            "description": f"Weekly on-call rotation of the {t.name} team",
            "escalation_policies": [self.ep_ref(t)],
            "users": [self.user_ref(u) for u in t.responders()],
            "teams": [self.team_ref(t)],
        }
        if "schedule_layers" in include:
            start = self.org.rotation_start(t)
            # The rotation hands over on whole turns since the epoch, the users in this
            # order: its virtual start is the last turn boundary before the layer's start on
            # which the first user took over (what /oncalls serves follows from it).
            turns = len(t.responders())
            first = int(start.timestamp()) // ROTATION_SECONDS
            virtual = datetime.fromtimestamp((first - first % turns) * ROTATION_SECONDS, UTC)
            schedule["schedule_layers"] = [
                {
                    "id": self._id(_K_LAYER, t.index),
                    "name": "Layer 1",
                    "start": _utc_z(start),
                    "rotation_virtual_start": _utc_z(virtual),
                    "rotation_turn_length_seconds": ROTATION_SECONDS,
                    "users": [{"user": self.user_ref(u)} for u in t.responders()],
                    "restrictions": [],
                }
            ]
        return schedule

    def oncall_entries(  # noqa: PLR0913 - one argument per documented filter
        self,
        since: datetime,
        until: datetime,
        *,
        user_ids: Sequence[str] = (),
        escalation_policy_ids: Sequence[str] = (),
        schedule_ids: Sequence[str] = (),
        earliest: bool = False,
    ) -> list[tuple[Team, int, User, datetime | None, datetime | None]]:
        """The on-calls ``/oncalls`` lists for a range: ``(team, level, user, start, end)``.

        Level 1 of a team's escalation policy is its schedule: one entry per rotation turn
        that overlaps ``[since, until)`` and starts less than :data:`ONCALL_MAX_RANGE`
        after the world's clock. Level 2 targets the team's manager directly: a permanent
        on-call (no start, no end) in every answer. Ordered by policy (as `/escalation_
        policies` lists them), level, start. ``schedule_ids`` keeps only those schedules'
        entries, and the permanent ones only when it holds ``"null"`` (as documented).
        """
        horizon = self.org.now + ONCALL_MAX_RANGE
        users, policies = set(user_ids), set(escalation_policy_ids)
        schedules = set(schedule_ids)
        out: list[tuple[Team, int, User, datetime | None, datetime | None]] = []
        for t in self._sorted_teams():
            if policies and self.ep_id(t) not in policies:
                continue
            level1: list[tuple[Team, int, User, datetime | None, datetime | None]] = [
                (t, 1, user, start, end)
                for user, start, end in self.org.oncall_shifts(t, since, until)
                if start < horizon
            ]
            if schedules and self.schedule_id(t) not in schedules:
                level1 = []
            level2: list[tuple[Team, int, User, datetime | None, datetime | None]] = []
            if not schedules or "null" in schedules:
                level2 = [(t, 2, t.manager(), None, None)]
            for entries in (level1, level2):
                kept = [e for e in entries if not users or self.user_id(e[2]) in users]
                if earliest:
                    # The first entry of each user at this policy and level.
                    firsts: dict[str, tuple[Team, int, User, datetime | None, datetime | None]]
                    firsts = {}
                    for e in kept:
                        firsts.setdefault(self.user_id(e[2]), e)
                    kept = list(firsts.values())
                out += kept
        return out

    def oncall(
        self,
        entry: tuple[Team, int, User, datetime | None, datetime | None],
        ts: Callable[[datetime], str] = _utc_z,
        include: Sequence[str] = (),
    ) -> dict[str, Any]:
        """One ``/oncalls`` entry; ``include`` may hold users, schedules, escalation_policies."""
        t, level, user, start, end = entry
        schedule: dict[str, Any] | None = None
        if start is not None:
            schedule = self.schedule(t) if "schedules" in include else self.schedule_ref(t)
        return {
            "escalation_policy": self.escalation_policy(t)
            if "escalation_policies" in include
            else self.ep_ref(t),
            "escalation_level": level,
            "schedule": schedule,
            "user": self.user(user) if "users" in include else self.user_ref(user),
            "start": ts(start) if start is not None else None,
            "end": ts(end) if end is not None else None,
        }

    def priority(self, name: str) -> dict[str, Any]:
        """A full ``priority``."""
        ref = self.priority_ref(name)
        return {
            "id": ref["id"],
            "type": "priority",
            "summary": name,
            "self": ref["self"],
            "name": name,
            "description": _PRIORITY_TEXT[name],
        }

    def incident(self, inc: Incident, ts: Callable[[datetime], str] = _utc_z) -> dict[str, Any]:
        """A full ``incident`` object, timestamps rendered by ``ts``."""
        ref = self.incident_ref(inc)
        trigger = inc.events[0]
        tid = self.log_entry_id(trigger)
        status = inc.status
        by = inc.last_status_change_by
        last_event = inc.events[-1]
        return {
            "id": ref["id"],
            "type": "incident",
            "summary": ref["summary"],
            "self": ref["self"],
            "html_url": ref["html_url"],
            "incident_number": inc.number,
            "title": inc.title,
            "description": inc.title,
            "created_at": ts(inc.created_at),
            "updated_at": ts(last_event.at),
            "status": status,
            "incident_key": inc.key,
            "service": self.service_ref(inc.service),
            "assignments": [
                {"at": ts(self._assigned_at(inc)), "assignee": self.user_ref(u)}
                for u in inc.assignees
            ],
            "assigned_via": "escalation_policy",
            "last_status_change_at": ts(inc.last_status_change_at),
            "resolved_at": ts(inc.resolved_at) if inc.resolved_at else None,
            "first_trigger_log_entry": {
                "id": tid,
                "type": "trigger_log_entry_reference",
                "summary": _TRIGGER_SUMMARY.get(trigger.channel, "Triggered"),
                "self": f"{self.api}/log_entries/{tid}?incident_id={ref['id']}",
                "html_url": f"{self.web}/incidents/{ref['id']}/log_entries/{tid}",
            },
            "alert_counts": {
                "all": 1,
                "triggered": 0 if inc.resolved_at else 1,
                "resolved": 1 if inc.resolved_at else 0,
            },
            "is_mergeable": True,
            "incident_type": {"name": "incident_default"},
            "escalation_policy": self.ep_ref(inc.team),
            "teams": [self.team_ref(inc.team)],
            "pending_actions": [],
            "acknowledgements": [
                {
                    "at": ts(inc.acknowledged_at),
                    "acknowledger": self._agent_of(inc.acknowledged_by, inc),
                }
            ]
            if status == "acknowledged" and inc.acknowledged_at
            else [],
            "alert_grouping": None,
            "last_status_change_by": self._agent_of(by, inc),
            "priority": self.priority_ref(inc.priority) if inc.priority else None,
            "resolve_reason": None,
            "conference_bridge": {
                "conference_number": f"+1-415-555-0100,,,,{inc.number}#",
                "conference_url": f"https://meet.example.com/incident-{inc.number}",
            }
            if inc.priority in ("P1", "P2")
            else None,
            "incidents_responders": [],
            "responder_requests": [],
            "urgency": inc.urgency,
        }

    @staticmethod
    def _assigned_at(inc: Incident) -> datetime:
        return next(e.at for e in reversed(inc.events) if e.kind in ("assign", "escalate"))

    def _agent_of(self, user: User | None, inc: Incident) -> dict[str, Any]:
        return self.user_ref(user) if user is not None else self.service_ref(inc.service)

    def log_entry(  # noqa: C901 - one branch per log entry type
        self, ev: TimelineEvent, ts: Callable[[datetime], str] = _utc_z, include: Sequence[str] = ()
    ) -> dict[str, Any]:
        """A full log entry of the event's type; ``include`` may hold incidents, services, teams."""
        inc = ev.incident
        lid = self.log_entry_id(ev)
        iref = self.incident(inc, ts) if "incidents" in include else self.incident_ref(inc)
        kind = ev.kind
        target = ev.target
        if kind == "trigger":
            summary = _TRIGGER_SUMMARY.get(ev.channel, "Triggered")
        elif kind == "assign":
            summary = f"Assigned to {target.name}."  # type: ignore[union-attr]
        elif kind == "notify":
            summary = f"Notified {target.name} by {_METHOD_TEXT[ev.channel]}."  # type: ignore[union-attr]
        elif kind == "escalate":
            summary = f"Escalated to {target.name} (level {ev.level}) due to timeout."  # type: ignore[union-attr]
        elif kind == "acknowledge":
            summary = f"Acknowledged by {ev.actor.name}."  # type: ignore[union-attr]
        elif kind == "annotate":
            summary = f"Note added by {ev.actor.name}."  # type: ignore[union-attr]
        else:
            summary = f"Resolved by {ev.actor.name}." if ev.actor else "Resolved through the API"
        entry: dict[str, Any] = {
            "id": lid,
            "type": _LOG_TYPES[kind],
            "summary": summary,
            "self": f"{self.api}/log_entries/{lid}?incident_id={iref['id']}",
            "html_url": f"{self.web}/incidents/{iref['id']}/log_entries/{lid}",
            "created_at": ts(ev.at),
            "agent": self._agent(ev),
            "channel": {"type": ev.channel},
            "service": self.service(inc.service)
            if "services" in include
            else self.service_ref(inc.service),
            "incident": iref,
            "teams": [self.team(inc.team) if "teams" in include else self.team_ref(inc.team)],
            "contexts": [],
        }
        if kind == "trigger":
            entry["event_details"] = {"description": inc.title}
        elif kind in ("assign", "escalate"):
            entry["assignees"] = [self.user_ref(target)]  # type: ignore[arg-type]
        elif kind == "notify":
            entry["user"] = self.user_ref(target)  # type: ignore[arg-type]
        elif kind == "acknowledge":
            entry["acknowledgement_timeout"] = 600
        elif kind == "annotate":
            entry["note"] = ev.note
            entry["channel"] = {"type": "note", "summary": ev.note}
        return entry

    # ========================================================== truth helpers
    def truth(self, quirks: frozenset[str] | Sequence[str] = ()) -> dict[str, Any]:
        """Exactly what the API serves, per collection, with default parameters.

        ``incidents`` and ``log_entries`` are the complete collections (as paged through
        with ``date_range=all`` / no window), in API order; ``team_members`` and
        ``contact_methods`` are keyed by team/user id. ``quirks`` applies the content quirks
        (``spec_nulls``, ``unknown_fields``) and leaves out the children that vanish
        (``vanished_children``); the paging quirks change pages, not content.
        """
        org = self.org
        log = [self.log_entry(org.events[i]) for i in range(len(org.events) - 1, -1, -1)]
        truth: dict[str, Any] = {
            "services": [self.service(s) for s in self._sorted_services()],
            "teams": [self.team(t) for t in self._sorted_teams()],
            "team_members": {self.team_id(t): self._members(t) for t in org.teams},
            "users": [self.user(u) for u in self._sorted_users()],
            "contact_methods": {self.user_id(u): self.contact_methods(u) for u in org.users},
            "escalation_policies": [self.escalation_policy(t) for t in self._sorted_teams()],
            "schedules": [self.schedule(t) for t in self._sorted_teams()],
            "priorities": [self.priority(p) for p in ("P1", "P2", "P3", "P4", "P5")],
            "incidents": [self.incident(i) for i in org.incidents],
            "log_entries": log,
            "analytics_raw_incidents": [self.analytics_row(i) for i in reversed(org.incidents)],
            # Every on-call that began by the world's clock (and the permanent ones), as
            # `/oncalls` lists them over ranges from the first rotation's start to now.
            "oncalls": [
                self.oncall(e) for e in self.oncall_entries(self._first_rotation(), org.now)
            ],
        }
        quirks = frozenset(quirks)
        for key, collection in (
            ("services", "services"),
            ("teams", "teams"),
            ("users", "users"),
            ("escalation_policies", "escalation_policies"),
            ("schedules", "schedules"),
            ("priorities", "priorities"),
            ("incidents", "incidents"),
            ("log_entries", "log_entries"),
            ("analytics_raw_incidents", "data"),
        ):
            self._adjust(collection, truth[key], quirks)
        if "vanished_children" in quirks:
            del truth["team_members"][self.team_id(self.vanished_team())]
            del truth["contact_methods"][self.user_id(self.vanished_user())]
        # Deleted objects are no longer served; `deleted` says which (truth_keys reports it).
        deleted = self.deleted_inventory(quirks)
        gone = {self.service_id(s) for s in deleted[:1]}
        gone_users = {self.user_id(u) for u in deleted[1:]}
        truth["services"] = [s for s in truth["services"] if s["id"] not in gone]
        truth["users"] = [u for u in truth["users"] if u["id"] not in gone_users]
        gone_cms = sorted(
            c["id"] for uid in gone_users for c in truth["contact_methods"].pop(uid, None) or []
        )
        team = self.deleted_team(quirks)
        gone_teams = {self.team_id(team)} if team is not None else set()
        truth["teams"] = [t for t in truth["teams"] if t["id"] not in gone_teams]
        gone_members = sorted(
            [tid, m["user"]["id"]]
            for tid in gone_teams
            for m in truth["team_members"].pop(tid, None) or []
        )
        for tid, members in truth["team_members"].items():
            gone_members += [
                [tid, m["user"]["id"]] for m in members if m["user"]["id"] in gone_users
            ]
            members[:] = [m for m in members if m["user"]["id"] not in gone_users]
        gone_members.sort()
        truth["deleted"] = {
            "services": sorted(gone),
            "users": sorted(gone_users),
            "teams": sorted(gone_teams),
            # Children go with their parent: a deleted team's members, a deleted user's
            # contact methods.
            "team_members": gone_members,
            "user_contact_methods": gone_cms,
        }
        return truth

    def _first_rotation(self) -> datetime:
        return min(self.org.rotation_start(t) for t in self.org.teams)

    # ================================================================ caching
    def _cache_get(self, key: tuple[Any, ...]) -> Any:  # noqa: ANN401
        return self._cache.get(key)

    def _cache_put(self, key: tuple[Any, ...], value: Any) -> None:  # noqa: ANN401
        self._cache.put(key, value)

    def _lookup(self, kind: str, oid: str) -> Any:  # noqa: ANN401
        """The org object of ``kind`` with PagerDuty id ``oid``, or ``None``."""
        org = self.org
        version = (org.version, len(org.incidents))
        if self._by_id_version != version:
            by: dict[str, tuple[str, Any]] = {}
            for s in org.services:
                by[self.service_id(s)] = ("service", s)
            for t in org.teams:
                by[self.team_id(t)] = ("team", t)
                by[self.ep_id(t)] = ("ep", t)
                by[self.schedule_id(t)] = ("schedule", t)
            for u in org.users:
                by[self.user_id(u)] = ("user", u)
            for inc in org.incidents:
                by[self.incident_id(inc)] = ("incident", inc)
            self._by_id = by
            self._by_id_version = version
        found = self._by_id.get(oid)
        return found[1] if found is not None and found[0] == kind else None

    # ============================================================== endpoints
    def _sorted_services(self, req: Request | None = None) -> list[Service]:
        items = sorted(self.org.services, key=lambda s: (s.name.lower(), s.index))
        if req is not None:
            if req.arg("sort_by") == "name:desc":
                items.reverse()
            team_ids = set(req.args("team_ids[]"))
            if team_ids:
                items = [s for s in items if self.team_id(s.team) in team_ids]
            q = (req.arg("query") or "").lower()
            if q:
                items = [s for s in items if q in s.name.lower()]
            name = req.arg("name")
            if name is not None:
                items = [s for s in items if s.name == name]
        return items

    def _sorted_teams(self, req: Request | None = None) -> list[Team]:
        items = sorted(self.org.teams, key=lambda t: (t.name.lower(), t.index))
        q = (req.arg("query") or "").lower() if req else ""
        return [t for t in items if q in t.name.lower()] if q else items

    def _sorted_users(self, req: Request | None = None) -> list[User]:
        items = sorted(self.org.users, key=lambda u: (u.name.lower(), u.index))
        if req is not None:
            team_ids = set(req.args("team_ids[]"))
            if team_ids:
                items = [u for u in items if any(self.team_id(t) in team_ids for t, _ in u.teams)]
            q = (req.arg("query") or "").lower()
            if q:
                items = [u for u in items if q in u.name.lower() or q in u.email.lower()]
        return items

    def _members(self, t: Team, include: Sequence[str] = ()) -> list[dict[str, Any]]:
        return [
            {"user": self.user(u) if "users" in include else self.user_ref(u), "role": role}
            for u, role in t.members
        ]
