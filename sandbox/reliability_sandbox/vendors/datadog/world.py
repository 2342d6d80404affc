"""The Datadog API (v1 and v2), served from the generated organisation.

Mounted under ``/datadog``: a client's base URL is ``http://127.0.0.1:PORT/datadog`` and
requests go to ``/datadog/api/v1/...`` and ``/datadog/api/v2/...``. Everything is a view
of the same :class:`~reliability_sandbox.org.Org` the PagerDuty API serves:

- **monitors**: ``datadog_monitors_per_service`` per service (latency, error rate, health
  check, logs, disk, ...), tagged ``service:<slug>``, ``team:<slug>``, ``env:prod``, plus
  one ``synthetics alert`` monitor per synthetic test. Every org incident is attributed to
  one monitor of its service; the monitor is in ``Alert`` while its incident is open.
- **monitor events** (``GET /api/v2/events``, ``source:alert``): a ``Triggered`` event when
  the monitor caught the incident (at ``detected`` for internally detected incidents, later
  or never for customer-detected ones) and a ``Recovered`` event when impact ended.
- **incidents** (``/api/v2/incidents``): one per org incident once declared, with severity
  (P1..P5 -> SEV-1..SEV-5), state (triggered -> active, acknowledged -> stable, resolved ->
  resolved), ``detected`` at the page and ``declared`` 30 s to 5 min later, the customer
  impact window of the incident's story (:mod:`reliability_sandbox.story`: the same truth
  postmortems tell) and Datadog's ``time_to_*`` fields derived from them;
  **todos** (postmortem action items) on resolved SEV-1..3 incidents; and one **test
  incident** (``is_test``, as Datadog flags incidents declared to try the tooling) next to
  the first resolved one, which no real incident corresponds to.
- **SLOs** per service (metric and monitor based, 7d/30d/90d thresholds) whose daily
  history is burned by the service's incidents (monitor SLOs only by major ones, SEV1/SEV2,
  which take the service down); **SLO status corrections** on metric SLOs (planned
  maintenance entered ahead, and one per epoch excluding hours 3 to 6 days in the past, so
  the history of days already read changes; the history answers honour them);
  **synthetic tests** (API and browser) whose results fail
  while their service is down; **downtimes**.

Contract: ``DD-API-KEY`` + ``DD-APPLICATION-KEY`` headers (403 ``{"errors": ["Forbidden"]}``
otherwise), per-endpoint pagination, ``X-RateLimit-*`` headers on every response, a 429
with them, an account switch for Incident Management (404 when off) and per-permission
403s. Deviations are listed in the package README.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reliability_sandbox.story import story
from reliability_sandbox.vendors.datadog.definitions import (
    DAY,
    TEST_INCIDENT_DELAY_MINUTES,
    CorrectionDef,
    Draws,
    Facts,
    MonitorDef,
    MonitorEvent,
    SloDef,
    TestDef,
    _h,
    _iso,
    _public_id,
    _split_days,
    _TestIncident,
)

if TYPE_CHECKING:
    from reliability_sandbox.org import Incident, Org, Service, User

_LOCATIONS = (
    "aws:us-east-1",
    "aws:eu-west-1",
    "aws:ap-northeast-1",
    "aws:eu-central-1",
    "gcp:us-west1",
    "azure:eastus",
)
_TODOS = (
    "Add an alert on {slug} saturation before it pages customers",
    "Write the postmortem for {slug} and share it with support",
    "Add a runbook link to the {slug} monitors",
    "Load-test {slug} at twice the peak traffic",
    "Make the {slug} rollback a one-click operation",
    "Add a synthetic test covering the failing {slug} path",
    "Review the {slug} error budget policy with product",
)
#: The monitors drawn for each service, in turn: ``(name, type, query, thresholds)``, where
#: ``{name}`` is the service's name and ``{s}`` its slug (monitors.json: data, not code).
_MONITORS: tuple[tuple[str, str, str, dict[str, float]], ...] = tuple(
    (m["name"], m["type"], m["query"], m["thresholds"])
    for m in json.loads(Path(__file__).with_name("monitors.json").read_text(encoding="utf-8"))
)
_TARGETS = (99.9, 99.5, 99.95, 99.0)


def _served_recovered(inc: Incident, open_end: datetime, marks: list[datetime]) -> bool:
    """Whether an epoch before the one that resolved ``inc`` showed it recovered already.

    ``marks``: the anchor and every epoch's time. While an incident is open its service
    recovers at ``open_end``; an epoch that ended after that, with the incident still open,
    served the SLO days and synthetic results that way.
    """
    if inc.resolved_at is None:
        return False
    i = bisect.bisect_left(marks, inc.resolved_at)
    return i >= 1 and open_end <= marks[i - 1]


def _known_since(inc: Incident, marks: list[datetime]) -> datetime:
    """The last epoch time before ``inc`` existed (the anchor's history: the distant past).

    ``marks``: the anchor and every epoch's time. An incident created by an epoch did not
    exist at the one before, which served its service's synthetic results up to then.
    """
    i = bisect.bisect_left(marks, inc.created_at)
    return marks[i - 1] if i >= 1 else datetime.min.replace(tzinfo=UTC)


class DatadogWorld:
    """Datadog's account over an :class:`~reliability_sandbox.org.Org`: definitions and facts.

    Monitors, SLOs and synthetic tests are drawn once (lazily); what the org's incidents do
    to them (alerts, burned error budget, failing results) is refreshed per world version.
    """

    def __init__(self, org: Org) -> None:
        """Create the view (static objects are generated once, lazily)."""
        self.org = org
        self._seed = org.config.seed
        self._static: tuple[list[MonitorDef], list[SloDef], list[TestDef], list[dict]] | None = None
        self._dyn_version: tuple[int, int] = (-1, -1)
        self._facts: list[Facts] = []
        self._events: list[MonitorEvent] = []
        self._event_keys: list[tuple[int, int]] = []
        self._open_monitors: dict[int, datetime] = {}
        self._last_transition: dict[int, datetime] = {}
        self._impact: dict[int, list[tuple[datetime, datetime]]] = {}
        self._burn: dict[int, dict[int, float]] = {}
        self._down: dict[int, dict[int, float]] = {}
        #: Per service: every burn span ``(lo_ts, hi_ts, rate)`` (what ``_burn`` sums).
        self._burn_spans: dict[int, list[tuple[float, float, float]]] = {}
        self._corrections: list[CorrectionDef] = []
        #: Per SLO id: its corrected windows ``[(start, end)]``, merged and sorted.
        self._corrected: dict[str, list[tuple[int, int]]] = {}
        self._draws: dict[str, Draws] = {}

    # ============================================================ static world
    def _static_world(self) -> tuple[list[MonitorDef], list[SloDef], list[TestDef], list[dict]]:
        if self._static is None:
            self._static = self._build_static()
        return self._static

    def _build_static(  # noqa: C901 - the whole static world in one readable recipe
        self,
    ) -> tuple[list[MonitorDef], list[SloDef], list[TestDef], list[dict]]:
        cfg = self.org.config
        anchor: datetime = cfg.anchor  # type: ignore[assignment]
        start = anchor - timedelta(days=cfg.history_days)
        rng = random.Random(f"{self._seed}:datadog")
        base_id = 10_000_000 + (self._seed * 7919) % 1_000_000
        monitors: list[MonitorDef] = []
        n_mon = max(1, cfg.datadog_monitors_per_service)
        for s in self.org.services:
            for j in range(n_mon):
                name, mtype, query, thresholds = _MONITORS[j % len(_MONITORS)]
                variant = j // len(_MONITORS)
                label = s.name if variant == 0 else f"{s.name} shard {variant + 1}"
                q = query.format(s=s.slug)
                if variant:
                    q = q.replace(f"service:{s.slug}", f"service:{s.slug},shard:{variant + 1}")
                created = start - timedelta(days=rng.randrange(1, 400), seconds=rng.randrange(DAY))
                monitors.append(
                    MonitorDef(
                        id=base_id + len(monitors),
                        service=s,
                        name=name.format(name=label),
                        type=mtype,
                        query=q,
                        thresholds=dict(thresholds),
                        priority=rng.choice((1, 2, 3, 3, 4, None)),
                        created=created,
                        modified=created + timedelta(days=rng.randrange(0, 60)),
                    )
                )
        tests: list[TestDef] = []
        n_tests = max(0, cfg.datadog_synthetics_per_service)
        for s in self.org.services:
            for k in range(n_tests):
                browser = k % 3 == 1
                subtype = None if browser else ("http", "ssl", "dns", "tcp")[k % 4]
                created = start - timedelta(days=rng.randrange(1, 300))
                pid = _public_id(_h(self._seed, "test", len(tests)))
                monitor_id = base_id + len(monitors)
                test = TestDef(
                    index=len(tests),
                    public_id=pid,
                    service=s,
                    name=f"{s.name} {'checkout journey' if browser else subtype} check"
                    + (f" #{k // 3 + 1}" if k >= 3 else ""),  # noqa: PLR2004
                    type="browser" if browser else "api",
                    subtype=subtype,
                    locations=sorted(rng.sample(_LOCATIONS, rng.randrange(2, 5))),
                    status="paused" if rng.random() < 0.1 else "live",  # noqa: PLR2004
                    tick_every=14400 if browser else 3600,
                    monitor_id=monitor_id,
                    created=created,
                    modified=created + timedelta(days=rng.randrange(0, 30)),
                )
                tests.append(test)
                monitors.append(
                    MonitorDef(
                        id=monitor_id,
                        service=s,
                        name=f"[Synthetics] {test.name}",
                        type="synthetics alert",
                        query=f'"synthetics.http.response.check".over("check_id:{pid}")'
                        ".last(2).count_by_status()",
                        thresholds={"critical": 1.0},
                        priority=None,
                        created=created,
                        modified=test.modified,
                        test_index=test.index,
                    )
                )
        by_service: dict[int, list[MonitorDef]] = {}
        for m in monitors:
            if m.test_index is None:
                by_service.setdefault(m.service.index, []).append(m)
        self._service_monitors = by_service
        slos: list[SloDef] = []
        for s in self.org.services:
            for k in range(max(0, cfg.datadog_slos_per_service)):
                kind = "metric" if k % 2 == 0 else "monitor"
                created = start - timedelta(days=rng.randrange(1, 200))
                slos.append(
                    SloDef(
                        id=hashlib.md5(f"{self._seed}:slo:{len(slos)}".encode()).hexdigest(),  # noqa: S324 - an id, not a secret
                        service=s,
                        index=len(slos),
                        name=f"{s.name} {'availability' if kind == 'metric' else 'uptime'}"
                        + (f" #{k // 2 + 1}" if k >= 2 else ""),  # noqa: PLR2004
                        type=kind,
                        target=_TARGETS[(s.index + k) % len(_TARGETS)],
                        monitor_ids=[m.id for m in by_service[s.index][:3]],
                        created=created,
                        modified=created + timedelta(days=rng.randrange(0, 30)),
                        daily_requests=rng.randrange(50_000, 2_000_000),
                        base_error=rng.uniform(0.00002, 0.0003),
                    )
                )
        downtimes: list[dict[str, Any]] = []
        base_dt = 500_000_000 + self._seed % 1000 * 1000
        for t in self.org.teams:
            downtimes.append(
                {
                    "kind": "recurring",
                    "id": base_dt + len(downtimes),
                    "team": t,
                    "service": None,
                    "start": start + timedelta(days=(6 - start.weekday()) % 7, hours=2),
                    "duration": 7200,
                    "created": start - timedelta(days=rng.randrange(1, 60)),
                }
            )
        for s in self.org.services:
            for _ in range(2):
                at = start + timedelta(seconds=rng.randrange(cfg.history_days * DAY))
                downtimes.append(
                    {
                        "kind": "once",
                        "id": base_dt + len(downtimes),
                        "team": s.team,
                        "service": s,
                        "start": at.replace(microsecond=0),
                        "duration": rng.choice((1800, 3600, 5400)),
                        "created": at - timedelta(hours=rng.randrange(1, 72)),
                    }
                )
        return monitors, slos, tests, downtimes

    # ============================================================ dynamic world
    def _draw(self, inc: Incident) -> Draws:
        d = self._draws.get(inc.key)
        if d is None:
            rng = random.Random(f"{inc.key}:datadog")
            declare_delay = rng.randint(30, 300)
            impacted = (
                inc.detection == "customer"
                or inc.priority in ("P1", "P2")
                or (inc.urgency == "high" and rng.random() < 0.3)  # noqa: PLR2004
            )
            if inc.detection == "customer":
                detect_lag = rng.randint(600, 3600)
                late = rng.randint(60, 1800) if rng.random() < 0.5 else None  # noqa: PLR2004
            else:
                detect_lag = rng.randint(60, 600)
                late = None
                rng.random()
            todos = []
            n_todos = rng.randint(1, 4)
            for _ in range(n_todos):
                created_after = rng.randint(600, 2 * DAY)
                completed_after = (
                    rng.randint(3600, 20 * DAY) if rng.random() < 0.6 else None  # noqa: PLR2004
                )
                todos.append(
                    (created_after, completed_after, rng.randrange(len(_TODOS)), rng.randrange(99))
                )
            d = Draws(
                declare_delay=declare_delay,
                impacted=impacted,
                detect_lag=detect_lag,
                impact_end_slack=rng.randint(0, 600),
                monitor_slot=rng.randrange(1 << 30),
                late_alert=late,
                burn_rate=rng.uniform(0.005, 0.08)
                if inc.urgency == "high"
                else rng.uniform(0.0005, 0.005),
                todos=todos if inc.priority in ("P1", "P2", "P3") else [],
                # Drawn last: the draws above keep their values.
                open_recovery=int(min(6 * 3600, rng.lognormvariate(math.log(2400), 0.8))),
            )
            self._draws[inc.key] = d
        return d

    def _refresh(self) -> None:  # noqa: C901, PLR0912, PLR0915 - one pass derives every view
        org = self.org
        version = (org.version, len(org.incidents))
        if self._dyn_version == version:
            return
        self._static_world()
        now = org.now
        facts: list[Facts] = []
        raw_events: list[tuple[datetime, int, int, str, Facts]] = []
        impact: dict[int, list[tuple[datetime, datetime]]] = {}
        burn: dict[int, dict[int, float]] = {}
        spans: dict[int, list[tuple[float, float, float]]] = {}
        marks: list[datetime] = [org.config.anchor, *org.epoch_times]  # type: ignore[list-item]
        for inc in org.incidents:
            d = self._draw(inc)
            truth = story(org, inc)
            # Detection is the page (the monitor's alert, or support escalating a customer's
            # report); the incident is declared in Datadog a little later, never after it was
            # resolved. Impact starts and ends when the incident's story says.
            detected = inc.created_at
            delay = d.declare_delay
            if inc.resolved_at is not None:
                delay = min(delay, int((inc.resolved_at - inc.created_at).total_seconds()) // 2)
            declared = inc.created_at + timedelta(seconds=delay)
            open_end = inc.created_at + timedelta(seconds=d.open_recovery)
            impact_start = truth.impact_started_at if d.impacted else None
            impact_end = None
            if d.impacted and truth.recovered_at is not None:
                impact_end = max(detected + timedelta(seconds=1), truth.recovered_at)
            elif d.impacted and open_end <= now:
                # Nobody resolved the incident yet, but the service recovered.
                impact_end = open_end
            mons = self._service_monitors[inc.service.index]
            monitor = mons[d.monitor_slot % len(mons)]
            if inc.detection == "internal":
                alert_at: datetime | None = detected
            elif d.late_alert is not None:
                alert_at = inc.created_at + timedelta(seconds=d.late_alert)
            else:
                alert_at = None
            if alert_at is not None and alert_at > now:
                alert_at = None
            recover_at = None
            if alert_at is not None and inc.resolved_at is not None:
                recover_at = max(alert_at + timedelta(seconds=1), impact_end or inc.resolved_at)
                if recover_at > now:
                    recover_at = None
            f = Facts(
                inc=inc,
                uuid=str(
                    uuid.UUID(int=_h(self._seed, "inc", inc.key) << 64 | _h(inc.key), version=4)
                ),
                detected=detected,
                declared=declared,
                impact_start=impact_start,
                impact_end=impact_end,
                monitor=monitor,
                alert_at=alert_at,
                recover_at=recover_at,
                modified=inc.updated_at,
            )
            f.todos = self._build_todos(f, d, now)
            stamps = [
                f.modified,
                *(datetime.fromisoformat(t["attributes"]["modified"]) for t in f.todos),
            ]
            f.modified = max(stamps)
            if declared <= now:
                facts.append(f)
            if alert_at is not None:
                raw_events.append((alert_at, inc.number, 0, "Triggered", f))
            if recover_at is not None:
                raw_events.append((recover_at, inc.number, 1, "Recovered", f))
            # Customer impact makes the service down (monitor SLOs, synthetic tests) and
            # burns request budgets; internal-only high-urgency incidents burn a little.
            if impact_start is not None:
                lo, hi, rate = impact_start, impact_end or now, d.burn_rate
            elif inc.urgency == "high":
                lo, hi, rate = inc.created_at, inc.resolved_at or open_end, d.burn_rate / 10
            else:
                continue
            if _served_recovered(inc, open_end, marks):
                # An earlier epoch already served the service as recovered at `open_end`
                # (the incident was open then): Datadog does not rewrite those days when the
                # incident is resolved later, however long the story says the impact was.
                hi = min(hi, open_end)
            hi = min(hi, now)
            if hi <= lo:
                continue
            # Only a major incident takes the service down (monitor SLOs, synthetic tests);
            # a minor one degrades it, which the request SLOs' burn above already counts.
            if impact_start is not None and truth.severity in ("SEV1", "SEV2"):
                # Checks that ran before the world knew of the incident were served passing
                # (and the service up) by an earlier epoch: Datadog never rewrites a result,
                # so an impact the story starts earlier takes the service down only from then.
                down_from = max(lo, _known_since(inc, marks))
                if hi > down_from:
                    impact.setdefault(inc.service.index, []).append((down_from, hi))
            per_day = burn.setdefault(inc.service.index, {})
            for day, secs in _split_days(lo, hi):
                per_day[day] = per_day.get(day, 0.0) + secs * rate
            spans.setdefault(inc.service.index, []).append((lo.timestamp(), hi.timestamp(), rate))
        test = self._test_incident(facts)
        if test is not None:
            # Listed right after the incident it was declared next to (creation order).
            facts.insert(facts.index(test.source) + 1, test.facts)
        raw_events.sort(key=lambda e: (e[0], e[1], e[2]))
        events = [
            MonitorEvent(seq=i, at=at, monitor=f.monitor, transition=tr, facts=f)
            for i, (at, _n, _k, tr, f) in enumerate(raw_events)
        ]
        open_monitors: dict[int, datetime] = {}
        last: dict[int, datetime] = {}
        for e in events:
            last[e.monitor.id] = e.at
            if e.transition == "Triggered":
                open_monitors[e.monitor.id] = e.at
            else:
                open_monitors.pop(e.monitor.id, None)
        down: dict[int, dict[int, float]] = {}
        merged: dict[int, list[tuple[datetime, datetime]]] = {}
        for sidx, intervals in impact.items():
            out: list[tuple[datetime, datetime]] = []
            for lo, hi in sorted(intervals):
                if out and lo <= out[-1][1]:
                    out[-1] = (out[-1][0], max(out[-1][1], hi))
                else:
                    out.append((lo, hi))
            merged[sidx] = out
            per_day = down.setdefault(sidx, {})
            for lo, hi in out:
                for day, secs in _split_days(lo, hi):
                    per_day[day] = per_day.get(day, 0.0) + secs
        self._facts = facts
        self._events = events
        self._event_keys = [(int(e.at.timestamp() * 1000), e.seq) for e in events]
        self._open_monitors = open_monitors
        self._last_transition = last
        self._impact = merged
        self._burn = burn
        self._burn_spans = spans
        self._down = down
        self._corrections = self._build_corrections()
        corrected: dict[str, list[tuple[int, int]]] = {}
        for c in sorted(self._corrections, key=lambda c: (c.start, c.end)):
            windows = corrected.setdefault(c.slo.id, [])
            if windows and c.start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], c.end))
            else:
                windows.append((c.start, c.end))
        self._corrected = corrected
        self._facts_by_uuid = {f.uuid: f for f in facts}
        self._dyn_version = version

    def _build_corrections(self) -> list[CorrectionDef]:
        """SLO status corrections (metric SLOs), in creation order.

        Planned maintenance entered ahead of time on every third metric SLO, once in the
        history; and at each epoch one correction made after the fact (created in the
        epoch's span) excluding 2 to 6 hours that lie 3 to 6 days before its creation: a
        bad deploy's errors nobody saw, a load test. Monitor SLOs get none: how Datadog
        shows a corrected window in a monitor SLO's ``overall.history`` is not documented.
        """
        slos = [o for o in self._static_world()[1] if o.type == "metric"]
        if not slos:
            return []
        cfg = self.org.config
        anchor: datetime = cfg.anchor  # type: ignore[assignment]
        history_start = anchor - timedelta(days=cfg.history_days)
        out: list[CorrectionDef] = []

        def make(  # noqa: PLR0913, PLR0917 - the facts of one correction
            key: str,
            o: SloDef,
            category: str,
            what: str,
            lo: datetime,
            secs: int,
            created: datetime,
        ) -> CorrectionDef:
            return CorrectionDef(
                id=str(uuid.UUID(int=_h(self._seed, "correction", key) << 64 | _h(key), version=4)),
                slo=o,
                category=category,
                description=what,
                start=int(lo.timestamp()),
                end=int(lo.timestamp()) + secs,
                created=int(created.timestamp()),
            )

        for o in slos[::3]:
            rng = random.Random(f"{self._seed}:datadog:maintenance:{o.index}")
            lo = history_start + timedelta(
                seconds=rng.randrange(max(1, cfg.history_days - 1) * DAY)
            )
            lo = lo.replace(minute=0, second=0, microsecond=0)
            created = lo - timedelta(hours=rng.randint(2, 72))
            secs = rng.choice((3600, 7200, 10800))
            what = f"Planned maintenance of {o.service.name}"
            out.append(make(f"m{o.index}", o, "Scheduled Maintenance", what, lo, secs, created))
        prev = anchor
        for n, now in enumerate(self.org.epoch_times, 1):
            rng = random.Random(f"{self._seed}:datadog:correction:{n}")
            span = max(1, int((now - prev).total_seconds()))
            created = prev + timedelta(seconds=rng.randint(1, span))
            o = rng.choice(slos)
            lo = created - timedelta(seconds=rng.randint(3 * DAY, 6 * DAY))
            lo = lo.replace(second=0, microsecond=0)
            secs = rng.choice((2, 4, 6)) * 3600
            category, what = rng.choice(
                (
                    ("Deployment", f"Errors of a bad {o.service.slug} deploy no customer saw"),
                    ("Other", f"Load test against {o.service.slug}"),
                )
            )
            out.append(make(f"e{n}", o, category, what, lo, secs, created))
            prev = now
        return out

    def corrected_windows(self, o: SloDef, lo: float, hi: float) -> list[tuple[float, float]]:
        """The parts of ``[lo, hi)`` that ``o``'s corrections exclude (disjoint, sorted)."""
        out = []
        for a, b in self._corrected.get(o.id, ()):
            a2, b2 = max(float(a), lo), min(float(b), hi)
            if a2 < b2:
                out.append((a2, b2))
        return out

    def burn_within(self, service_index: int, windows: list[tuple[float, float]]) -> float:
        """Rate-weighted burn seconds of a service inside ``windows`` (cf. ``_burn``)."""
        total = 0.0
        for lo, hi, rate in self._burn_spans.get(service_index, ()):
            for a, b in windows:
                overlap = min(hi, b) - max(lo, a)
                if overlap > 0:
                    total += overlap * rate
        return total

    @property
    def corrections(self) -> list[CorrectionDef]:
        """Every SLO status correction, in creation order."""
        self._refresh()
        return self._corrections

    def _test_incident(self, facts: list[Facts]) -> _TestIncident | None:
        """One test incident (``is_test``) declared 7 minutes after the first resolved page.

        Someone tries the incident workflow on a service while a real incident of that
        service is open: within the usual Datadog-to-PagerDuty linking window, so a pipeline
        that counts test incidents gets one incident too many (or a wrong link). Derived
        from the org's first resolved incident, it is the same in every epoch and adds one
        incident without renumbering any other.
        """
        source = next((f for f in facts if f.inc.resolved_at is not None), None)
        if source is None:
            return None
        inc = source.inc
        detected = inc.created_at + timedelta(minutes=TEST_INCIDENT_DELAY_MINUTES)
        declared = detected + timedelta(minutes=1)
        resolved = declared + timedelta(minutes=20)
        if resolved > self.org.now:
            return None
        test = Facts(
            inc=inc,
            uuid=str(uuid.UUID(int=_h(self._seed, "test-incident", inc.key) << 64 | 1, version=4)),
            detected=detected,
            declared=declared,
            impact_start=None,
            impact_end=None,
            monitor=source.monitor,
            alert_at=None,
            recover_at=None,
            modified=resolved,
            is_test=True,
        )
        return _TestIncident(source=source, facts=test)

    def _build_todos(self, f: Facts, d: Draws, now: datetime) -> list[dict[str, Any]]:
        inc = f.inc
        if inc.resolved_at is None or not d.todos:
            return []
        team = inc.team
        people = [u for u, _ in team.members]
        out = []
        for i, (created_after, completed_after, text, who) in enumerate(d.todos):
            created = inc.resolved_at + timedelta(seconds=created_after)
            if created > now:
                continue
            completed = (
                created + timedelta(seconds=completed_after)
                if completed_after is not None
                else None
            )
            if completed is not None and completed > now:
                completed = None
            assignee = people[who % len(people)]
            out.append(
                {
                    "id": str(
                        uuid.UUID(int=_h(f.uuid, "todo", i) << 64 | _h(i, f.uuid), version=4)
                    ),
                    "type": "incident_todos",
                    "attributes": {
                        "assignees": [f"@{assignee.email}"],
                        "completed": _iso(completed),
                        "content": _TODOS[text].format(slug=inc.service.slug),
                        "created": _iso(created),
                        "due_date": (created + timedelta(days=14)).date().isoformat(),
                        "incident_id": f.uuid,
                        "modified": _iso(completed or created),
                        # Undocumented but always sent (ids of the relationships below).
                        "created_by_uuid": self.user_uuid(team.manager()),
                        "last_modified_by_uuid": self.user_uuid(
                            assignee if completed else team.manager()
                        ),
                    },
                    "relationships": {
                        "created_by_user": {
                            "data": {"id": self.user_uuid(team.manager()), "type": "users"}
                        },
                        "last_modified_by_user": {
                            "data": {
                                "id": self.user_uuid(assignee if completed else team.manager()),
                                "type": "users",
                            }
                        },
                    },
                }
            )
        return out

    def _downtime_active(self, d: dict[str, Any]) -> bool:
        now = self.org.now
        start: datetime = d["start"]
        if d["kind"] == "once":
            return start <= now < start + timedelta(seconds=d["duration"])
        if now < start:
            return False
        into = (now - start).total_seconds() % (7 * DAY)
        return into < d["duration"]

    def _transitions(self, s: Service, lo: int, hi: int) -> list[list[float]]:
        """Monitor-SLO state transitions in ``[lo, hi)``: ``[ts, 0]`` up, ``[ts, 1]`` down."""
        if hi <= lo:
            return [[float(lo), 2.0]]
        out: list[list[float]] = [[float(lo), 0.0]]
        for a, b in self._impact.get(s.index, []):
            a_ts, b_ts = a.timestamp(), b.timestamp()
            if b_ts <= lo or a_ts >= hi:
                continue
            start = max(a_ts, lo)
            if start == lo:
                out[0][1] = 1.0
            else:
                out.append([start, 1.0])
            if b_ts < hi:
                out.append([b_ts, 0.0])
        return out

    def _test_failing(self, test_index: int) -> bool:
        t = self._static_world()[2][test_index]
        now = self.org.now
        return t.status == "live" and any(
            a <= now <= b for a, b in self._impact.get(t.service.index, [])[-3:]
        )

    # ============================================================ convenience
    @property
    def monitors_defs(self) -> list[MonitorDef]:
        """Static monitor definitions."""
        return self._static_world()[0]

    @property
    def slo_defs(self) -> list[SloDef]:
        """Static SLO definitions."""
        return self._static_world()[1]

    @property
    def test_defs(self) -> list[TestDef]:
        """Static synthetic test definitions."""
        return self._static_world()[2]

    def user_uuid(self, u: User) -> str:
        """Datadog user id (UUID) of an org user."""
        return str(uuid.UUID(int=_h(self._seed, "user", u.index) << 64 | _h(u.index), version=4))
