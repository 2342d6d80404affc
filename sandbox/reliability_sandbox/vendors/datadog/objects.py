"""Datadog's objects, rendered from the account's definitions and facts.

Monitors, downtimes, synthetic tests and results, SLOs and their history, incidents and
todos, monitor events, rendered from
:class:`~reliability_sandbox.vendors.datadog.world.DatadogWorld`; :meth:`truth` lists every
collection exactly as the API serves it.
"""

from __future__ import annotations

import bisect
import math
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors.datadog.contract import RESULTS_RETENTION
from reliability_sandbox.vendors.datadog.definitions import (
    _SEVERITY,
    _STATE,
    DAY,
    TEST_INCIDENT_PUBLIC_ID,
    Facts,
    MonitorDef,
    MonitorEvent,
    SloDef,
    TestDef,
    _event_id,
    _h,
    _iso,
    _iso_z,
    _ts,
)
from reliability_sandbox.vendors.datadog.world import DatadogWorld

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reliability_sandbox.org import Service, Team, User
    from reliability_sandbox.vendor import Request


class DatadogObjects(DatadogWorld):
    """Datadog's API objects over the account's definitions and facts."""

    # ================================================================= objects
    @staticmethod
    def _creator(u: User, *, with_id: bool = False) -> dict[str, Any]:
        """Datadog's `creator` object (monitors and downtimes also send the numeric id)."""
        out: dict[str, Any] = {"email": u.email, "handle": u.email, "name": u.name}
        if with_id:
            out = {"id": 1000 + u.index, **out}
        return out

    def _tags(self, s: Service) -> list[str]:
        return [f"service:{s.slug}", f"team:{s.team.slug}", "env:prod"]

    def _message(self, m: MonitorDef) -> str:
        team = m.service.team
        return (
            f"{{{{#is_alert}}}}{m.name}.{{{{/is_alert}}}}\n"
            f"{{{{#is_recovery}}}}{m.name} recovered.{{{{/is_recovery}}}}\n"
            f"@pagerduty-{team.slug} @slack-{team.slug}-alerts @{team.manager().email}"
        )

    def monitor(self, m: MonitorDef, *, with_downtimes: bool = False) -> dict[str, Any]:
        """A full monitor object (``GET /api/v1/monitor``)."""
        self._refresh()
        state = "OK"
        if m.test_index is not None:
            state = "Alert" if self._test_failing(m.test_index) else "OK"
        elif m.id in self._open_monitors:
            state = "Alert"
        else:
            r = _h(self._seed, "state", m.id) % 100
            state = "No Data" if r < 3 else "Warn" if r < 6 else "OK"  # noqa: PLR2004
        manager = m.service.team.manager()
        body: dict[str, Any] = {
            "id": m.id,
            "org_id": 1_000_000 + self._seed % 1000,
            "name": m.name,
            "type": m.type,
            "query": m.query,
            "message": self._message(m),
            "tags": self._tags(m.service),
            "options": {
                "thresholds": m.thresholds,
                "notify_no_data": m.type in ("service check", "synthetics alert"),
                "no_data_timeframe": 10 if m.type == "service check" else None,
                "notify_audit": False,
                "renotify_interval": 60 if m.priority in (1, 2) else 0,
                "include_tags": True,
                "require_full_window": False,
                "new_group_delay": 60,
                "evaluation_delay": None,
                "escalation_message": "",
                "locked": False,
                "silenced": {},
            },
            "priority": m.priority,
            "multi": "by {" in m.query or ".by(" in m.query,
            # Undocumented but always sent: creation time in epoch milliseconds.
            "created_at": int(m.created.timestamp()) * 1000,
            "created": _iso(m.created),
            "modified": _iso(m.modified),
            "deleted": None,
            "restricted_roles": None,
            "overall_state": state,
            "overall_state_modified": _iso(self._last_transition.get(m.id, m.modified)),
            "creator": self._creator(manager, with_id=True),
            # The list sends the key even without `with_downtimes` (empty then).
            "matching_downtimes": [],
        }
        if with_downtimes:
            body["matching_downtimes"] = [
                {
                    "id": d["id"],
                    "start": _ts(d["start"]),
                    "end": _ts(d["start"]) + d["duration"],
                    "scope": self._downtime_scope(d),
                }
                for d in self._static_world()[3]
                if d["team"] is m.service.team and self._downtime_active(d)
            ]
        return body

    def downtime(self, d: dict[str, Any], *, with_creator: bool = False) -> dict[str, Any]:
        """A v1 downtime object (with its `creator` when asked `with_creator=true`)."""
        now = self.org.now
        start: datetime = d["start"]
        team: Team = d["team"]
        creator = team.manager()
        recurring = d["kind"] == "recurring"
        if recurring and now >= start:
            weeks = int((now - start).total_seconds() // (7 * DAY))
            current = start + timedelta(weeks=weeks)
        else:
            current = start
        scope = self._downtime_scope(d)
        active = self._downtime_active(d)
        if active:
            status = "active"
        elif recurring or now < start:
            status = "scheduled"
        else:
            status = "ended"
        created = _ts(d["created"])
        body: dict[str, Any] = {
            "id": d["id"],
            "active": active,
            "canceled": None,
            "creator_id": 1000 + creator.index,
            "updater_id": None,
            "disabled": False,
            "downtime_type": 2,
            "start": _ts(current),
            "end": _ts(current) + d["duration"],
            "message": (
                f"Weekly maintenance window of {team.name}"
                if recurring
                else f"Deploying {d['service'].name}"
            ),
            "monitor_id": None,
            "monitor_tags": [f"team:{team.slug}"] if recurring else ["*"],
            "scope": scope,
            "timezone": "UTC",
            "recurrence": (
                {"type": "weeks", "period": 1, "week_days": ["Sun"], "until_date": None}
                if recurring
                else None
            ),
            "parent_id": None,
            "child_id": None,
            "mute_first_recovery_notification": False,
            "notify_end_states": ["alert", "no data", "warn"],
            "notify_end_types": ["canceled", "expired"],
            # Undocumented but always sent (v1 downtimes are views of v2 ones).
            "org_id": 1_000_000 + self._seed % 1000,
            "created": created,
            "modified": created,
            "status": status,
            "uuid": str(uuid.UUID(int=_h(self._seed, "downtime", d["id"]) << 64 | d["id"])),
        }
        if with_creator:
            body["creator"] = self._creator(creator, with_id=True)
        return body

    @staticmethod
    def _downtime_scope(d: dict[str, Any]) -> list[str]:
        return [f"service:{d['service'].slug}"] if d["service"] else [f"team:{d['team'].slug}"]

    def synthetics_test(self, t: TestDef) -> dict[str, Any]:
        """A synthetic test as listed by ``GET /api/v1/synthetics/tests``."""
        manager = t.service.team.manager()
        url = f"https://{t.service.slug}.example.com/healthz"
        if t.type == "browser":
            config: dict[str, Any] = {
                "request": {"method": "GET", "url": f"https://shop.example.com/{t.service.slug}"},
                "assertions": [],
                "variables": [],
            }
        elif t.subtype == "http":
            config = {
                "request": {"method": "GET", "url": url, "timeout": 30},
                "assertions": [
                    {"type": "statusCode", "operator": "is", "target": 200},
                    {"type": "responseTime", "operator": "lessThan", "target": 2000},
                ],
            }
        else:
            config = {
                "request": {"host": f"{t.service.slug}.example.com", "port": 443},
                "assertions": [{"type": "responseTime", "operator": "lessThan", "target": 1000}],
            }
        body: dict[str, Any] = {
            "public_id": t.public_id,
            "name": t.name,
            "type": t.type,
            "status": t.status,
            "locations": t.locations,
            "tags": self._tags(t.service),
            "message": f"@pagerduty-{t.service.team.slug} {t.name} is failing",
            "monitor_id": t.monitor_id,
            "config": config,
            "options": {
                "tick_every": t.tick_every,
                "min_location_failed": 1,
                "min_failure_duration": 0,
                "retry": {"count": 1, "interval": 300},
                "monitor_options": {"renotify_interval": 120},
                **({"device_ids": ["chrome.laptop_large"]} if t.type == "browser" else {}),
            },
            "creator": {"email": manager.email, "handle": manager.email, "name": manager.name},
            "created_at": _iso(t.created),
            "modified_at": _iso(t.modified),
        }
        if t.subtype is not None:
            # Browser tests have no subtype: the list leaves the key out.
            body["subtype"] = t.subtype
        return body

    def slo(self, o: SloDef) -> dict[str, Any]:
        """An SLO object (``GET /api/v1/slo``)."""
        s = o.service
        manager = s.team.manager()
        warning = round(o.target + (100 - o.target) / 2, 3)
        thresholds = [
            {
                "timeframe": tf,
                "target": o.target,
                "target_display": f"{o.target}",
                "warning": warning,
                "warning_display": f"{warning}",
            }
            for tf in ("7d", "30d", "90d")
        ]
        body: dict[str, Any] = {
            "id": o.id,
            "name": o.name,
            "description": f"{o.name} of {s.name}, owned by {s.team.name}",
            "type": o.type,
            "type_id": 1 if o.type == "metric" else 0,
            "tags": self._tags(s),
            "thresholds": thresholds,
            "target_threshold": o.target,
            "warning_threshold": warning,
            "timeframe": "30d",
            "created_at": _ts(o.created),
            "modified_at": _ts(o.modified),
            "creator": {"email": manager.email, "handle": manager.email, "name": manager.name},
            "monitor_ids": o.monitor_ids if o.type == "monitor" else [],
            "monitor_tags": [],
            "groups": [],
        }
        if o.type == "metric":
            # Only metric SLOs have queries: monitor SLOs leave the key out.
            body["query"] = {
                "numerator": f"sum:trace.http.request.hits{{service:{s.slug}}}.as_count() - "
                f"sum:trace.http.request.errors{{service:{s.slug}}}.as_count()",
                "denominator": f"sum:trace.http.request.hits{{service:{s.slug}}}.as_count()",
            }
        return body

    def slo_day(self, o: SloDef, day: int) -> dict[str, float]:
        """The SLI facts of one UTC day (``day`` = days since the epoch), as of now.

        Metric SLOs: ``good`` and ``total`` requests; monitor SLOs: ``uptime`` and
        ``total`` seconds. ``total`` covers only the part of the day before the clock.
        """
        self._refresh()
        now = self.org.now
        day_start = day * DAY
        covered = max(0.0, min(float(DAY), now.timestamp() - day_start))
        if o.type == "metric":
            total = round(o.daily_requests * (0.8 + 0.4 * (_h(o.id, day) % 1000) / 1000))
            total = round(total * covered / DAY)
            bad_secs = self._burn.get(o.service.index, {}).get(day, 0.0)
            bad = round(total * o.base_error + total * bad_secs / DAY)
            bad = min(bad, total)
            return {"good": float(total - bad), "total": float(total)}
        down = min(self._down.get(o.service.index, {}).get(day, 0.0), covered)
        return {"good": covered - down, "total": covered}

    def slo_history(self, o: SloDef, from_ts: int, to_ts: int) -> dict[str, Any]:
        """``GET /api/v1/slo/{id}/history`` for ``[from_ts, to_ts)``, daily buckets."""
        self._refresh()
        now_ts = _ts(self.org.now)
        first = from_ts // DAY
        last = (min(to_ts, now_ts) - 1) // DAY
        days = list(range(first, last + 1)) if last >= first else []
        per_day = [self.slo_day(o, d) for d in days]
        good = sum(p["good"] for p in per_day)
        total = sum(p["total"] for p in per_day)
        sli = round(100.0 * good / total, 6) if total else None
        thresholds = {
            th["timeframe"]: {k: th[k] for k in ("timeframe", "target", "target_display")}
            for th in self.slo(o)["thresholds"]
        }
        # No data in the window: no SLI and no budget, and an error saying why.
        budget = (
            {tf: round((sli - o.target) / (100 - o.target) * 100, 4) for tf in thresholds}
            if sli is not None
            else {}
        )
        overall: dict[str, Any] = {
            "sli_value": sli,
            "span_precision": 2.0,
            "precision": dict.fromkeys(thresholds, 2.0),
            "error_budget_remaining": budget,
            "preview": False,
        }
        if sli is None:
            overall["errors"] = [
                {
                    "error_message": "The denominator is zero valued",
                    "error_type": "ZERO_VALUED_DENOMINATOR",
                }
            ]
        data: dict[str, Any] = {
            "from_ts": from_ts,
            "to_ts": to_ts,
            "type": o.type,
            "type_id": 1 if o.type == "metric" else 0,
            "thresholds": thresholds,
            "group_by": [],
            "overall": overall,
        }
        if o.type == "metric":
            q = self.slo(o)["query"]
            data["series"] = {
                "interval": DAY,
                "res_type": "time_series",
                "resp_version": 2,
                "query": f"{q['numerator']},{q['denominator']}",
                "message": "",
                "times": [float(d * DAY * 1000) for d in days],
                "numerator": {
                    "count": len(days),
                    "sum": good,
                    "values": [p["good"] for p in per_day],
                },
                "denominator": {
                    "count": len(days),
                    "sum": total,
                    "values": [p["total"] for p in per_day],
                },
            }
        else:
            overall["uptime"] = sli
            overall["monitor_type"] = "query alert"
            overall["monitor_modified"] = _ts(o.modified)
            overall["history"] = self._transitions(o.service, from_ts, min(to_ts, now_ts))
            if to_ts > now_ts:
                # Nothing is known after the clock: "no data" (state 2) from there on.
                overall["history"].append([float(now_ts), 2.0])
        return {"data": data, "errors": None}

    def results(self, t: TestDef, lo_ms: int, hi_ms: int) -> list[dict[str, Any]]:
        """Every result of ``t`` with ``lo_ms <= check_time <= hi_ms``, newest first."""
        self._refresh()
        if t.status != "live":
            return []
        now = self.org.now
        lo = max(lo_ms / 1000, (now - RESULTS_RETENTION).timestamp(), t.created.timestamp())
        hi = min(hi_ms / 1000, now.timestamp())
        intervals = self._impact.get(t.service.index, [])
        starts = [a.timestamp() for a, _ in intervals]
        out: list[dict[str, Any]] = []
        for li, loc in enumerate(t.locations):
            offset = _h(t.public_id, loc) % t.tick_every
            k = math.ceil((lo - offset) / t.tick_every)
            while (at := k * t.tick_every + offset) <= hi:
                i = bisect.bisect_right(starts, at) - 1
                impacted = i >= 0 and at < intervals[i][1].timestamp()
                h = _h(t.public_id, li, k)
                passed = not impacted and h % 200 != 0
                check_ms = float(at * 1000 + h % 997)
                if lo_ms <= check_ms <= hi_ms:
                    out.append(self._result(t, loc, k, check_ms, h, passed=passed))
                k += 1
        out.sort(key=lambda r: (-r["check_time"], r["result_id"]))
        return out

    @staticmethod
    def _result(  # noqa: PLR0913 - the facts of one result
        t: TestDef, loc: str, k: int, check_ms: float, h: int, *, passed: bool
    ) -> dict[str, Any]:
        result: dict[str, Any]
        if t.type == "browser":
            steps = 8
            result = {
                "device": {
                    "id": "chrome.laptop_large",
                    "name": "Laptop Large",
                    "height": 1100,
                    "width": 1440,
                    "isMobile": False,
                    "browser": "chrome",
                },
                "passed": passed,
                "duration": 4000 + h % 9000,
                "errorCount": 0 if passed else 1 + h % 3,
                "stepCountCompleted": steps if passed else h % steps,
                "stepCountTotal": steps,
            }
        else:
            dns, tcp, ssl, wait, dl = (
                1 + h % 20,
                2 + h % 30,
                5 + h % 40,
                20 + h % 300,
                1 + h % 15,
            )
            total = dns + tcp + ssl + wait + dl + (0 if passed else 5000)
            result = {
                "passed": passed,
                "timings": {
                    "dns": float(dns),
                    "tcp": float(tcp),
                    "ssl": float(ssl),
                    "wait": float(wait),
                    "download": float(dl),
                    "total": float(total),
                },
            }
        out: dict[str, Any] = {
            "check_time": check_ms,
            # Undocumented but always sent: the result format version (1 API, 2 browser).
            "check_version": 2 if t.type == "browser" else 1,
            "probe_dc": loc,
            "result_id": str(_h(t.public_id, loc, k) % 10**19),
            "status": 0 if passed else 1,
            "result": result,
        }
        if t.type == "browser":
            out["device_id"] = result["device"]["id"]
        return out

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
        ``(slo_id, "YYYY-MM-DD")`` for the whole history, and ``incident_todos`` the todos
        keyed by incident id. Quirks are not applied (they are per request), except
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
        return {
            "monitors": [
                self.monitor(m) for m in sorted(monitors, key=lambda m: m.id) if m.id != deleted
            ],
            "deleted": {"monitors": [] if deleted is None else [deleted]},
            "monitor_events": [self.monitor_event(e) for e in self._events],
            "downtimes": [self.downtime(d, with_creator=True) for d in downtimes],
            "synthetics_tests": [self.synthetics_test(t) for t in tests],
            "synthetics_results": {t.public_id: self.results(t, 0, big) for t in tests},
            "slos": [self.slo(o) for o in slos],
            "slo_days": slo_days,
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

    def _vanished(self, req: Request, stream: str, child_id: str) -> bool:
        return "vanished_children" in req.quirks and self.vanished_children()[stream] == child_id
