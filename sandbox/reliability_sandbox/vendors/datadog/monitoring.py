"""Datadog's monitoring objects: monitors, downtimes, synthetic tests and results, SLOs.

Rendered from :class:`~reliability_sandbox.vendors.datadog.world.DatadogWorld`'s
definitions and the facts its incidents leave on them (alerts, failing results, burned error
budget).
"""

from __future__ import annotations

import bisect
import hashlib
import math
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors.datadog.contract import RESULTS_RETENTION
from reliability_sandbox.vendors.datadog.definitions import (
    DAY,
    CorrectionDef,
    MonitorDef,
    SloDef,
    TestDef,
    _h,
    _iso,
    _ts,
)
from reliability_sandbox.vendors.datadog.world import DatadogWorld

if TYPE_CHECKING:
    from reliability_sandbox.org import Service, Team, User


class DatadogMonitoring(DatadogWorld):
    """Datadog's monitors, downtimes, synthetics and SLOs over the account."""

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

    def slo_day(self, o: SloDef, day: int, *, corrected: bool = True) -> dict[str, float]:
        """The SLI facts of one UTC day (``day`` = days since the epoch), as of now.

        Metric SLOs: ``good`` and ``total`` requests; monitor SLOs: ``uptime`` and
        ``total`` seconds. ``total`` covers only the part of the day before the clock.
        With ``corrected`` (Datadog's default, ``apply_correction``), the events inside the
        SLO's status corrections do not count, good or bad ("For metric-based SLOs, all
        good and bad events in the correction window are not counted": Datadog's SLO
        documentation, "SLO status corrections"): requests arrive evenly over the day, and
        the incidents' burn inside the windows is dropped with them.
        """
        self._refresh()
        now = self.org.now
        day_start = day * DAY
        covered = max(0.0, min(float(DAY), now.timestamp() - day_start))
        if o.type == "metric":
            full = round(o.daily_requests * (0.8 + 0.4 * (_h(o.id, day) % 1000) / 1000))
            total = round(full * covered / DAY)
            bad_secs = self._burn.get(o.service.index, {}).get(day, 0.0)
            counted = total
            windows = self.corrected_windows(o, day_start, day_start + covered) if corrected else []
            if windows:
                counted = round(full * (covered - sum(b - a for a, b in windows)) / DAY)
                bad_secs = max(0.0, bad_secs - self.burn_within(o.service.index, windows))
            bad = round(counted * o.base_error + total * bad_secs / DAY)
            bad = min(bad, counted)
            return {"good": float(counted - bad), "total": float(counted)}
        down = min(self._down.get(o.service.index, {}).get(day, 0.0), covered)
        return {"good": covered - down, "total": covered}

    def slo_correction(self, c: CorrectionDef) -> dict[str, Any]:
        """An SLO correction (``GET /api/v1/slo/correction``): one-time, on one SLO.

        As Datadog's recordings of this list show (``DataDog/datadog-api-client-python``
        ``tests/v1/cassettes/test_scenarios/test_get_all_slo_corrections_*``): ``creator``
        is a JSON:API user (``{"data": {"type": "users", "id", "attributes"}}``), not the
        document's ``Creator``; ``modified_at`` equals ``created_at`` until someone edits
        it; ``modifier`` is null; no ``slo_query`` key for a correction made on one SLO.
        """
        creator = c.slo.service.team.manager()
        digest = hashlib.md5(creator.email.encode()).hexdigest()  # noqa: S324 - Gravatar's key
        user_id = self.user_uuid(creator)
        return {
            "type": "correction",
            "id": c.id,
            "attributes": {
                "slo_id": c.slo.id,
                "start": c.start,
                "end": c.end,
                "description": c.description,
                "category": c.category,
                "timezone": "UTC",
                "created_at": c.created,
                "modified_at": c.created,
                "rrule": None,
                "duration": None,
                "creator": {
                    "data": {
                        "type": "users",
                        "id": user_id,
                        "attributes": {
                            "uuid": user_id,
                            "handle": creator.email,
                            "email": creator.email,
                            "name": creator.name,
                            "icon": f"https://secure.gravatar.com/avatar/{digest}?s=48&d=retro",
                        },
                    }
                },
                "modifier": None,
            },
        }

    def slo_history(
        self, o: SloDef, from_ts: int, to_ts: int, *, corrected: bool = True
    ) -> dict[str, Any]:
        """``GET /api/v1/slo/{id}/history`` for ``[from_ts, to_ts)``, daily buckets."""
        self._refresh()
        now_ts = _ts(self.org.now)
        first = from_ts // DAY
        last = (min(to_ts, now_ts) - 1) // DAY
        days = list(range(first, last + 1)) if last >= first else []
        per_day = [self.slo_day(o, d, corrected=corrected) for d in days]
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
