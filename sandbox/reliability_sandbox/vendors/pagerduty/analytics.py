"""PagerDuty's incident analytics rows (``POST /analytics/raw/incidents``), from the timelines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from reliability_sandbox.vendors.pagerduty.references import (
    _K_INTEGRATION,
    PagerDutyReferences,
)

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from reliability_sandbox.org import Incident


class PagerDutyAnalytics(PagerDutyReferences):
    """Analytics rows: response times and interruptions computed from each incident's timeline."""

    # -------------------------------------------------------------- analytics
    def analytics_row(self, inc: Incident, tz: tzinfo | None = None) -> dict[str, Any]:
        """One ``/analytics/raw/incidents`` row, computed from the incident's timeline.

        Timestamps are rendered without offset in ``tz`` (default UTC), as in the API's
        example. Definitions: ``seconds_to_first_ack``/``seconds_to_engage`` = first
        acknowledgement - created; ``seconds_to_mobilize`` = last acknowledgement -
        created; ``engaged_seconds`` = (resolution or now - first ack) x engaged users;
        interruptions = notifications, split by the notified user's local time into
        business (Mon-Fri 08-18), off (other waking hours) and sleep (22-08) hours.
        """

        def naive(dt: datetime | None) -> str | None:
            if dt is None:
                return None
            local = dt if tz is None else dt.astimezone(tz)
            return f"{local:%Y-%m-%dT%H:%M:%S}"

        acks = [e for e in inc.events if e.kind == "acknowledge"]
        assigns = [e for e in inc.events if e.kind in ("assign", "escalate")]
        notifies = [e for e in inc.events if e.kind == "notify"]
        ackers = list(dict.fromkeys(e.actor for e in acks if e.actor))
        assigned = list(dict.fromkeys(e.target for e in assigns if e.target))
        joined = list(
            dict.fromkeys(
                e.actor
                for e in inc.events
                if e.actor and e.kind in ("acknowledge", "annotate", "resolve")
            )
        )
        business = off = sleep = 0
        for e in notifies:
            local = e.at.astimezone(ZoneInfo(e.target.time_zone))  # type: ignore[union-attr]
            if local.hour >= 22 or local.hour < 8:  # noqa: PLR2004
                sleep += 1
            elif local.weekday() < 5 and 8 <= local.hour < 18:  # noqa: PLR2004
                business += 1
            else:
                off += 1
        created = inc.created_at
        first_ack = acks[0].at if acks else None
        end = inc.resolved_at or self.org.now
        secs = lambda dt: int((dt - created).total_seconds()) if dt else None  # noqa: E731
        return {
            "acknowledged_user_ids": [self.user_id(u) for u in ackers],
            "acknowledged_user_names": [u.name for u in ackers],
            "acknowledgement_count": len(acks),
            "active_user_count": len(set(assigned) | set(joined)),
            "assigned_user_ids": [self.user_id(u) for u in assigned],
            "assigned_user_names": [u.name for u in assigned],
            "assignment_count": len(assigns),
            "auto_resolved": inc.resolved_at is not None and inc.resolved_by is None,
            "business_hour_interruptions": business,
            "created_at": naive(created),
            "updated_at": naive(inc.updated_at),
            "description": inc.title,
            "engaged_seconds": int((end - first_ack).total_seconds()) * max(1, len(joined))
            if first_ack
            else 0,
            "engaged_user_count": len(joined),
            "escalation_count": len(inc.escalations),
            "escalation_policy_id": self.ep_id(inc.team),
            "escalation_policy_name": f"{inc.team.name} Escalation Policy",
            "id": self.incident_id(inc),
            "incident_number": inc.number,
            "incident_type_id": self._id(_K_INTEGRATION, 999_999),
            "incident_type_name": "incident_default",
            "joined_user_ids": [self.user_id(u) for u in joined],
            "joined_user_names": [u.name for u in joined],
            "major": inc.priority in ("P1", "P2"),
            "manual_escalation_count": 0,
            "off_hour_interruptions": off,
            "priority_id": self.priority_id(inc.priority) if inc.priority else None,
            "priority_name": inc.priority,
            "priority_order": int(inc.priority[1:]) if inc.priority else None,
            "reassignment_count": 0,
            "resolved_at": naive(inc.resolved_at),
            "resolved_by_user_id": self.user_id(inc.resolved_by) if inc.resolved_by else None,
            "resolved_by_user_name": inc.resolved_by.name if inc.resolved_by else None,
            "seconds_to_engage": secs(first_ack),
            "seconds_to_first_ack": secs(first_ack),
            "seconds_to_mobilize": secs(acks[-1].at) if acks else None,
            "seconds_to_resolve": secs(inc.resolved_at),
            "service_id": self.service_id(inc.service),
            "service_name": inc.service.name,
            "sleep_hour_interruptions": sleep,
            "snoozed_seconds": 0,
            "status": inc.status,
            "team_id": self.team_id(inc.team),
            "team_name": inc.team.name,
            "timeout_escalation_count": len(inc.escalations),
            "total_interruptions": len(notifies),
            "total_notifications": len(notifies),
            "urgency": inc.urgency,
            "user_defined_effort_seconds": None,
        }
