"""Datadog's objects, rendered from the account's definitions and facts.

Incidents and their todos and monitor events here; monitors, downtimes, synthetic tests and
results, SLOs and their history in :mod:`~reliability_sandbox.vendors.datadog.monitoring`;
:meth:`DatadogObjects.truth` lists every collection exactly as the API serves it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors.datadog.definitions import (
    _SEVERITY,
    _STATE,
    DAY,
    TEST_INCIDENT_PUBLIC_ID,
    Facts,
    MonitorEvent,
    _event_id,
    _h,
    _iso,
    _iso_z,
    _ts,
)
from reliability_sandbox.vendors.datadog.monitoring import DatadogMonitoring

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reliability_sandbox.org import User
    from reliability_sandbox.vendor import Request


class DatadogObjects(DatadogMonitoring):
    """Datadog's API objects over the account's definitions and facts."""

    # =============================================================== incidents
    def incident(self, f: Facts) -> dict[str, Any]:
        """A v2 incident object."""
        inc = f.inc
        now = self.org.now
        state = _STATE[inc.status]
        severity = _SEVERITY.get(inc.priority or "", "UNKNOWN")
        commander = inc.acknowledged_by or (inc.assignees[0] if inc.assignees else None)
        commander = commander or inc.team.manager()
        creator = inc.events[0].actor or inc.team.manager()
        last_by = inc.last_status_change_by or creator
        resolved = inc.resolved_at
        impact_duration = 0
        if f.impact_start is not None:
            impact_duration = int(((f.impact_end or now) - f.impact_start).total_seconds())
        attributes: dict[str, Any] = {
            "public_id": inc.number,
            "title": inc.title,
            "created": _iso(f.declared),
            "modified": _iso(f.modified),
            "declared": _iso(f.declared),
            "detected": _iso(f.detected),
            "resolved": _iso(resolved),
            "archived": None,
            "customer_impacted": f.impact_start is not None,
            "customer_impact_start": _iso(f.impact_start),
            "customer_impact_end": _iso(f.impact_end),
            "customer_impact_duration": impact_duration,
            "customer_impact_scope": (
                f"Customers of {inc.service.name} saw errors" if f.impact_start else None
            ),
            "time_to_detect": (
                int((f.detected - f.impact_start).total_seconds()) if f.impact_start else 0
            ),
            "time_to_internal_response": int((f.declared - f.detected).total_seconds()),
            "time_to_repair": (
                int((f.impact_end - f.detected).total_seconds()) if f.impact_end else 0
            ),
            "time_to_resolve": int((resolved - f.declared).total_seconds()) if resolved else 0,
            "severity": severity,
            "state": state,
            "visibility": "organization",
            "is_test": False,
            "case_id": None,
            "incident_type_uuid": "00000000-0000-4000-8000-000000000001",
            "declared_by_uuid": self.user_uuid(creator),
            # Undocumented but always sent by the list (its own examples omit them).
            "created_by_uuid": self.user_uuid(creator),
            "last_modified_by_uuid": self.user_uuid(last_by),
            "creation_idempotency_key": None,
            "field_analytics": None,
            "non_datadog_creator": None,
            "fields": {
                "severity": {"type": "dropdown", "value": severity},
                "state": {"type": "dropdown", "value": state},
                "detection_method": {
                    "type": "dropdown",
                    "value": "monitor" if inc.detection == "internal" else "customer",
                },
                "root_cause": {"type": "textbox", "value": None},
                "services": {"type": "autocomplete", "value": [inc.service.slug]},
                "teams": {"type": "autocomplete", "value": [inc.team.slug]},
                "summary": {"type": "textbox", "value": None},
            },
            "notification_handles": [
                {
                    "display_name": f"{inc.team.name} on-call",
                    "handle": f"@pagerduty-{inc.team.slug}",
                },
                {
                    "display_name": f"#{inc.team.slug}-incidents",
                    "handle": f"@slack-{inc.team.slug}-incidents",
                },
            ],
        }

        if f.is_test:
            self._as_test_incident(attributes, f)

        def user(u: User) -> dict[str, Any]:
            return {"data": {"id": self.user_uuid(u), "type": "users"}}

        return {
            "id": f.uuid,
            "type": "incidents",
            "attributes": attributes,
            "relationships": {
                "commander_user": user(commander),
                "created_by_user": user(creator),
                "declared_by_user": user(creator),
                "last_modified_by_user": user(last_by),
                "attachments": {"data": []},
                "integrations": {"data": []},
                "impacts": {"data": []},
                # One responder record (its own id, not the user's) per person involved.
                "responders": {
                    "data": [
                        {
                            "id": str(uuid.UUID(int=_h(f.uuid, "responder", u.index) << 64 | 1)),
                            "type": "incident_responders",
                        }
                        for u in sorted(
                            {e.actor for e in inc.events if e.actor is not None}
                            | ({commander} if commander else set()),
                            key=lambda u: u.index,
                        )
                    ]
                },
                "user_defined_fields": {
                    "data": [
                        {"id": self._field_uuid(name), "type": "user_defined_field"}
                        for name in attributes["fields"]
                    ]
                },
            },
        }

    @staticmethod
    def _as_test_incident(attributes: dict[str, Any], f: Facts) -> None:
        """Turn the attributes built from ``f.inc`` into those of a resolved test incident."""
        resolved = f.modified
        attributes.update(
            {
                "public_id": TEST_INCIDENT_PUBLIC_ID,
                "title": f"[Test] Trying the incident workflow of {f.inc.service.name}",
                "created": _iso(f.declared),
                "modified": _iso(resolved),
                "declared": _iso(f.declared),
                "detected": _iso(f.detected),
                "resolved": _iso(resolved),
                "time_to_detect": 0,
                "time_to_internal_response": int((f.declared - f.detected).total_seconds()),
                "time_to_repair": 0,
                "time_to_resolve": int((resolved - f.declared).total_seconds()),
                "severity": "UNKNOWN",
                "state": "resolved",
                "is_test": True,
            }
        )
        fields = attributes["fields"]
        fields["severity"]["value"] = "UNKNOWN"
        fields["state"]["value"] = "resolved"
        fields["detection_method"]["value"] = "employee"

    def _field_uuid(self, name: str) -> str:
        """Id of the organisation's user-defined incident field `name`."""
        return str(uuid.UUID(int=_h(self._seed, "field", name) << 64 | _h(name), version=4))

    def monitor_event(self, e: MonitorEvent) -> dict[str, Any]:
        """A v2 event for one monitor transition."""
        m = e.monitor
        inc = e.facts.inc
        triggered = e.transition == "Triggered"
        ms = int(e.at.timestamp() * 1000)
        title = f"[{e.transition} on {{service:{m.service.slug}}}] {m.name}"
        evt_id = str(7_000_000_000_000_000_000 + _h(self._seed, "evt", e.seq, ms) % 10**18)
        tags = [*self._tags(m.service), f"monitor:{m.id}", "source:alert"]
        event: dict[str, Any] = {
            "id": _event_id(self._seed, e.seq, ms),
            "type": "event",
            "attributes": {
                "timestamp": _iso_z(e.at),
                "message": f"%%%\n{inc.title}\n\n{self._message(m)}\n%%%",
                "tags": tags,
                "attributes": {
                    "evt": {"id": evt_id, "source_id": 36, "type": "monitor_alert"},
                    "timestamp": ms,
                    "title": title,
                    "status": "error" if triggered else "success",
                    "priority": "normal",
                    "source_type_name": "Monitor Alert",
                    "sourcecategory": "monitor",
                    "service": m.service.slug,
                    "hostname": f"{m.service.slug}-{_h(inc.key) % 9 + 1}",
                    "aggregation_key": f"monitor:{m.id}",
                    "monitor_id": m.id,
                    "monitor_groups": [f"service:{m.service.slug}"],
                    "monitor": {
                        "id": m.id,
                        "name": m.name,
                        "query": m.query,
                        "type": m.type,
                        "tags": self._tags(m.service),
                        "group_status": 2 if triggered else 0,
                        "groups": [f"service:{m.service.slug}"],
                        "created_at": int(m.created.timestamp() * 1000),
                        "modified": int(m.modified.timestamp() * 1000),
                        "templated_name": m.name,
                        "message": self._message(m),
                    },
                    "tags": tags,
                },
            },
        }
        if not triggered and e.facts.alert_at is not None:
            # Recoveries say how long the alert lasted (nanoseconds); triggers do not.
            nanos = int((e.at - e.facts.alert_at).total_seconds() * 1e9)
            event["attributes"]["attributes"]["duration"] = nanos
        return event

    # ================================================================== truth
    def truth(self, quirks: frozenset[str] | Sequence[str] = ()) -> dict[str, Any]:
        """Exactly what the API serves, per collection, in API order.

        ``downtimes`` are listed ``with_creator=true``; ``monitor_events`` are every monitor
        alert event (oldest first), ``synthetics_results`` every result within retention
        keyed by test public id, ``slo_days`` the daily SLI facts keyed by
        ``(slo_id, "YYYY-MM-DD")`` for the whole history (corrections applied),
        ``slo_corrections`` every SLO correction, and ``incident_todos`` the todos keyed by
        incident id. Quirks are not applied (they are per request), except
        ``deleted_inventory``: the deleted monitor is left out, and listed in ``deleted``.
        """
        self._refresh()
        monitors, slos, tests, downtimes = self._static_world()
        now_ts = _ts(self.org.now)
        history_start = _ts(self.org.config.anchor) - self.org.config.history_days * DAY  # type: ignore[arg-type]
        slo_days: dict[tuple[str, str], dict[str, float]] = {}
        for o in slos:
            for d in range(history_start // DAY, (now_ts - 1) // DAY + 1):
                slo_days[(o.id, datetime.fromtimestamp(d * DAY, UTC).date().isoformat())] = (
                    self.slo_day(o, d)
                )
        big = 10**16
        deleted = self.deleted_monitor_id(quirks)
        deleted_test = self.deleted_synthetics_test_id(quirks)
        return {
            "monitors": [
                self.monitor(m) for m in sorted(monitors, key=lambda m: m.id) if m.id != deleted
            ],
            "deleted": {
                "monitors": [] if deleted is None else [deleted],
                "synthetics_tests": [] if deleted_test is None else [deleted_test],
            },
            "monitor_events": [self.monitor_event(e) for e in self._events],
            "downtimes": [self.downtime(d, with_creator=True) for d in downtimes],
            "synthetics_tests": [
                self.synthetics_test(t) for t in tests if t.public_id != deleted_test
            ],
            "synthetics_results": {t.public_id: self.results(t, 0, big) for t in tests},
            "slos": [self.slo(o) for o in slos],
            "slo_days": slo_days,
            "slo_corrections": [self.slo_correction(c) for c in self.corrections],
            "incidents": [self.incident(f) for f in self._facts],
            "incident_todos": {f.uuid: f.todos for f in self._facts if f.todos},
        }

    def vanished_children(self) -> dict[str, str]:
        """Children that answer 404 under the `vanished_children` quirk, by stream.

        One synthetic test's results (a live test, deleted after the listing), one SLO's
        history and one incident's todos (an incident that has some).
        """
        self._refresh()
        _monitors, slos, tests, _downtimes = self._static_world()
        test = next((t for t in tests if t.status == "live"), tests[0])
        incident = next((f for f in self._facts if f.todos), self._facts[0])
        return {
            "synthetics_results": test.public_id,
            "slo_history": slos[min(1, len(slos) - 1)].id,
            "incident_todos": incident.uuid,
        }

    def deleted_monitor_id(self, quirks: frozenset[str] | Sequence[str]) -> int | None:
        """Under ``deleted_inventory``, from the first epoch on: the monitor deleted in Datadog.

        Gone from ``GET /api/v1/monitor``; ``GET /api/v1/monitor/{id}`` answers Datadog's
        404 (``{"errors": ["Monitor not found"]}``). Its past alert events are still served.
        """
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return None
        return max(m.id for m in self._static_world()[0])

    def deleted_synthetics_test_id(self, quirks: frozenset[str] | Sequence[str]) -> str | None:
        """Under ``deleted_inventory``, from the first epoch on: the synthetic test deleted.

        Gone from ``GET /api/v1/synthetics/tests``; its results answer Datadog's 404
        (``{"errors": ["Synthetic test not found"]}``). Not the test whose results vanish
        under ``vanished_children``. The results already read stay in the truth (history).
        """
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return None
        tests = self._static_world()[2]
        vanished = self.vanished_children()["synthetics_results"]
        return next(t.public_id for t in reversed(tests) if t.public_id != vanished)

    def _vanished(self, req: Request, stream: str, child_id: str) -> bool:
        return "vanished_children" in req.quirks and self.vanished_children()[stream] == child_id
