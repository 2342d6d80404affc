"""The real PagerDuty API's quirks, applied to rendered objects (``faults.QUIRKS``).

Where live responses depart from PagerDuty's own OpenAPI document (nulls it types as
non-null, a log entry type it does not list, ``include[]`` embedding full objects) and the
per-run quirks: ``spec_nulls``, ``unknown_fields``, ``vanished_children``,
``deleted_inventory``. Each departure is declared as a deviation for the contract check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors.pagerduty.references import (
    PagerDutyReferences,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reliability_sandbox.org import Team, User

# Fields PagerDuty's live API sends as null although its OpenAPI document types them as
# non-null (per collection key of the response): its own incident example has
# `resolve_reason: null`; recorded live responses in public client fixtures show
# `alert_grouping`, `conference_bridge`, `priority` and `support_hours` null; an open
# incident has no `resolved_at`, and the analytics of an incident nobody acknowledged or
# resolved have no `seconds_to_*` or `resolved_by_*` to give.
_REAL_NULLS: dict[str, tuple[str, ...]] = {
    "incidents": (
        "resolved_at",
        "resolve_reason",
        "alert_grouping",
        "conference_bridge",
        "priority",
    ),
    "services": ("support_hours", "last_incident_timestamp"),
    # A user who is an escalation rule's direct target is on call permanently: no schedule,
    # no start, no end (the document's own descriptions of `start` and `end` say so, its
    # schema types them as strings and the schedule as a reference).
    "oncalls": ("schedule", "start", "end"),
    "data": (
        "resolved_at",
        "resolved_by_user_id",
        "resolved_by_user_name",
        "seconds_to_engage",
        "seconds_to_first_ack",
        "seconds_to_mobilize",
        "seconds_to_resolve",
    ),
}

# The live API's name for acknowledgements; the document's AcknowledgeLogEntry says
# `acknowledgement_log_entry`, but its own LogEntry enum, its log entry references and every
# live response say `acknowledge_log_entry`.
_REAL_LOG_TYPES = frozenset({"acknowledge_log_entry"})

# The `spec_nulls` quirk: documented as a string, null on objects that were created
# without one (a service, team, policy or schedule without a description, a user without a
# job title, an incident raised without a de-duplication key). Not log entries: the
# document lists them as `anyOf` fifteen entry types, and a null in one makes the check
# name another type's mismatch instead of the null.
_SPEC_NULLS: dict[str, tuple[str, ...]] = {
    "services": ("description",),
    "teams": ("description",),
    "users": ("job_title",),
    "escalation_policies": ("description",),
    "schedules": ("description",),
    "priorities": ("description",),
    "incidents": ("incident_key",),
    "data": ("description",),
}

# The `unknown_fields` quirk: fields live incident responses carry that the document does
# not list, and a log entry type it does not list.
_UNKNOWN_INCIDENT_FIELDS: dict[str, Any] = {
    "basic_alert_grouping": None,
    "importance": None,
    "metadata": {},
    "external_references": [],
}

_UNKNOWN_LOG_TYPE = "responder_request_log_entry"

_DEVIATING_LOG_TYPES = _REAL_LOG_TYPES | {_UNKNOWN_LOG_TYPE}

# `include[]` values that replace references with full objects, per collection key:
# (field, include value). The document describes only the reference form of these fields.
_INCLUDED: dict[str, tuple[tuple[str, str], ...]] = {
    "users": (
        ("contact_methods", "contact_methods"),
        ("notification_rules", "notification_rules"),
        ("teams", "teams"),
    ),
    "members": (("user", "users"),),
    "log_entries": (("incident", "incidents"), ("service", "services"), ("teams", "teams")),
    "oncalls": (
        ("user", "users"),
        ("schedule", "schedules"),
        ("escalation_policy", "escalation_policies"),
    ),
}


class PagerDutyQuirks(PagerDutyReferences):
    """What vanishes or is deleted under a quirk, and the content quirks of rendered objects."""

    # ================================================================ quirks
    def deleted_inventory(self, quirks: frozenset[str] | Sequence[str]) -> tuple[Any, ...]:
        """Under ``deleted_inventory`` from the first epoch on: (the deleted service, user)."""
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return ()
        return (self.org.services[-1], self.org.users[-2])

    def deleted_team(self, quirks: frozenset[str] | Sequence[str]) -> Team | None:
        """Under ``deleted_inventory`` from the first epoch on: the team deleted in PagerDuty.

        Gone from ``/teams``; reading it or its members answers 404 (PagerDuty's
        ``DELETE /teams/{id}`` removes the team, its memberships go with it). Its escalation
        policy and services stay, as PagerDuty keeps them (reassigned to no team).
        """
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return None
        return self.org.teams[-2]

    def vanished_team(self) -> Team:
        """The team deleted between listing and reading under ``vanished_children``."""
        return self.org.teams[-1]

    def vanished_user(self) -> User:
        """The user deleted between listing and reading under ``vanished_children``."""
        return self.org.users[-1]

    @staticmethod
    def _picked(oid: str, every: int) -> bool:
        """A stable choice of about one object in ``every`` (by id, not by position)."""
        return sum(oid.encode()) % every == 0

    def _adjust(
        self,
        key: str,
        objs: list[dict[str, Any]],
        quirks: frozenset[str] | Sequence[str] = (),
        include: Sequence[str] = (),
    ) -> list[str]:
        """Apply the content quirks to rendered objects of ``key`` (in place).

        Returns:
            The places (as the contract check names them) where the objects depart from
            PagerDuty's document on purpose, because the live API does.
        """
        deviations: list[str] = []
        real_nulls = _REAL_NULLS.get(key, ())
        spec_nulls = _SPEC_NULLS.get(key, ()) if "spec_nulls" in quirks else ()
        unknown = "unknown_fields" in quirks
        for i in range(len(objs)):
            obj = objs[i]
            at = f"response.{key}[{i}]"
            oid = str(obj.get("id") or "")
            if spec_nulls and oid and self._picked(oid, 3):
                nulled = {f: None for f in spec_nulls if f in obj}
                objs[i] = obj = {**obj, **nulled}
                deviations += [f"{at}.{f}" for f in nulled]
            if unknown and key == "incidents":
                objs[i] = obj = {**obj, **_UNKNOWN_INCIDENT_FIELDS}
            if (
                unknown
                and key == "log_entries"
                and obj["type"] == "annotate_log_entry"
                and self._picked(oid, 2)
            ):
                objs[i] = obj = {**obj, "type": _UNKNOWN_LOG_TYPE}
            deviations += [f"{at}.{f}" for f in real_nulls if f in obj and obj[f] is None]
            if key == "log_entries" and obj["type"] in _DEVIATING_LOG_TYPES:
                deviations.append(f"{at}.type")
            # `include[]` embeds full objects where the document describes references.
            for field, inc in _INCLUDED.get(key, ()):
                if inc in include:
                    deviations.append(f"{at}.{field}")
        return deviations
