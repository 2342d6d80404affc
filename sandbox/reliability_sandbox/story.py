"""What really happened in each incident: the ground truth behind every vendor's view.

:mod:`reliability_sandbox.org` knows what the paging system saw (trigger, acknowledge,
resolve). An organisation's reliability metrics also need what no pager records: when
the impact really started, who noticed first (a customer or a monitor), when the
service recovered, whether a deployment caused it, when the root cause was found and
the postmortem written. This module draws those facts once per incident, so that every
view agrees on them: the Google Drive module writes them into postmortem documents, the
GitHub module places the causing deployment before the incident, and the end-to-end
tests compare the warehouse's metrics with them.

Determinism: each story is drawn from a generator seeded with ``(org seed, incident
key)``, never from the org's own generators, so adding stories changes nothing any
other vendor serves. A story is final once its incident is resolved; for an open
incident only the facts known so far are set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reliability_sandbox.org import Incident, Org, User

#: Severity by PagerDuty priority; incidents without a priority use their urgency.
SEVERITY_BY_PRIORITY = {"P1": "SEV1", "P2": "SEV2", "P3": "SEV3", "P4": "SEV4", "P5": "SEV4"}

#: What set each incident off: (kind, root-cause sentence template).
TRIGGERS = (
    ("deploy", "A deployment of {service} shipped a change that {defect}."),
    ("config", "A configuration change to {service} {defect}."),
    (
        "dependency",
        "An upstream dependency of {service} ({dep}) degraded and {service} had no fallback.",
    ),
    ("capacity", "{service} ran out of capacity under a traffic peak; autoscaling lagged behind."),
    ("certificate", "An expired TLS certificate on {service} broke connections from {dep}."),
    ("database", "A long-running migration on the {service} database locked a hot table."),
)
_DEFECTS = (
    "doubled the number of database queries per request",
    "removed a retry around calls to the payment provider",
    "broke serialisation of a rarely used field",
    "set the connection pool size to one",
    "disabled the cache for every tenant",
)
_DEPENDENCIES = ("postgres", "redis", "kafka", "the identity provider", "the CDN", "S3")
_PRODUCTS = ("Web", "Mobile app", "Public API", "Partner API", "Admin console", "Webhooks")
_GAPS = (
    "No alert on the error rate of the dependency.",
    "Runbook missing for failover.",
    "Canary analysis did not cover the changed endpoint.",
    "On-call had no access to the production dashboard.",
    "Status page updated late.",
    "Rollback took longer than the deploy.",
)
_ACTIONS = (
    "Add an alert on {service} error rate above 2% for 5 minutes",
    "Write a runbook for failing over {service}",
    "Add a canary stage to the {service} deploy pipeline",
    "Load-test {service} at twice the peak traffic",
    "Automate certificate renewal for {service}",
    "Add a circuit breaker around calls to {dep}",
    "Make {service} migrations online (no table locks)",
)


@dataclass(slots=True, frozen=True)
class ActionItem:
    """A follow-up agreed in the postmortem."""

    text: str
    owner: User
    due_at: datetime
    ticket: str
    status: str  # "open" | "in progress" | "done"


@dataclass(slots=True, frozen=True)
class Story:
    """The true course of one incident (UTC, whole seconds).

    Attributes:
        incident_key: The incident's stable key.
        trigger_kind: What set it off, one of :data:`TRIGGERS`' kinds.
        impact_started_at: When customers started to be affected ("first trigger").
        deploy_at: When the causing deployment finished (``trigger_kind == "deploy"``).
        customer_detected_at: When a customer reported it (customer-detected only).
        internal_detected_at: When the organisation knew: the page (the incident's
            creation time).
        recovered_at: When the service was healthy again (before the responder
            resolved the incident); ``None`` while open.
        reconciled_at: When the data affected was repaired; ``None`` if nothing needed
            repair or while open.
        rca_at: When the root cause was established; ``None`` while open.
        postmortem_at: When the postmortem document was last edited; ``None`` when the
            incident gets no postmortem.
        severity: ``SEV1`` … ``SEV4``.
        impacted_customers: Customers affected.
        failed_requests: Requests that failed.
        root_causes: Root-cause sentences.
        affected: ``(entity, [products])`` pairs.
        reliability_gaps: Gaps the postmortem names.
        action_items: Follow-ups.
        authors: Who wrote the postmortem.
    """

    incident_key: str
    trigger_kind: str
    impact_started_at: datetime
    deploy_at: datetime | None
    customer_detected_at: datetime | None
    internal_detected_at: datetime
    recovered_at: datetime | None
    reconciled_at: datetime | None
    rca_at: datetime | None
    postmortem_at: datetime | None
    severity: str
    impacted_customers: int
    failed_requests: int
    root_causes: tuple[str, ...]
    affected: tuple[tuple[str, tuple[str, ...]], ...]
    reliability_gaps: tuple[str, ...]
    action_items: tuple[ActionItem, ...] = field(default_factory=tuple)
    authors: tuple[User, ...] = field(default_factory=tuple)

    @property
    def has_postmortem(self) -> bool:
        """Whether a postmortem document exists for the incident."""
        return self.postmortem_at is not None


def story(org: Org, inc: Incident) -> Story:
    """The story of ``inc``: a pure function of the org seed and the incident's facts."""
    rng = random.Random(f"{org.config.seed}:story:{inc.key}")
    created = inc.created_at
    kind, cause = rng.choice(TRIGGERS)
    customer = inc.detection == "customer"
    # Monitors catch most problems within minutes; customers notice later, and the page
    # is opened only once support has escalated their report.
    lag = rng.randint(600, 5400) if customer else rng.randint(60, 900)
    impact = created - timedelta(seconds=lag)
    deploy_at = impact - timedelta(seconds=rng.randint(30, 600)) if kind == "deploy" else None
    customer_at = (
        impact + timedelta(seconds=rng.randint(120, max(121, lag - 120))) if customer else None
    )
    service = inc.service
    dep = rng.choice(_DEPENDENCIES)
    severity = SEVERITY_BY_PRIORITY.get(
        inc.priority or "", "SEV2" if inc.urgency == "high" else "SEV4"
    )
    major = severity in ("SEV1", "SEV2")
    customers = rng.randint(50, 5000) if major else rng.randint(0, 200)
    failed = customers * rng.randint(3, 40)
    products = tuple(sorted(rng.sample(_PRODUCTS, rng.randint(1, 3))))
    affected: tuple[tuple[str, tuple[str, ...]], ...] = ((service.name, products),)
    if rng.random() < 0.3:  # noqa: PLR2004 - a third of incidents spill over to a neighbour
        other = rng.choice(org.services)
        if other is not service:
            affected += ((other.name, (rng.choice(_PRODUCTS),)),)
    causes = (cause.format(service=service.name, defect=rng.choice(_DEFECTS), dep=dep),)
    gaps = tuple(rng.sample(_GAPS, rng.randint(1, 2)))
    recovered = reconciled = rca = written = None
    items: tuple[ActionItem, ...] = ()
    authors: tuple[User, ...] = ()
    if inc.resolved_at is not None:
        span = max(60, int((inc.resolved_at - created).total_seconds()))
        recovered = inc.resolved_at - timedelta(seconds=rng.randint(0, min(900, span // 2)))
        recovered = max(recovered, created + timedelta(seconds=30))
        if failed and rng.random() < 0.5:  # noqa: PLR2004
            reconciled = recovered + timedelta(seconds=rng.randint(1800, 2 * 86400))
        rca = recovered + timedelta(seconds=rng.randint(3600, 10 * 86400))
        wants_pm = major or (inc.urgency == "high" and rng.random() < 0.3)  # noqa: PLR2004
        if wants_pm and rca <= org.now:
            written = min(org.now, rca + timedelta(seconds=rng.randint(0, 5 * 86400)))
            responders = service.team.responders()
            authors = tuple(rng.sample(responders, min(len(responders), rng.randint(1, 2))))
            items = tuple(
                ActionItem(
                    text=rng.choice(_ACTIONS).format(service=service.name, dep=dep),
                    owner=rng.choice(responders),
                    due_at=(written + timedelta(days=rng.randint(7, 45))).replace(
                        hour=0, minute=0, second=0
                    ),
                    ticket=f"REL-{rng.randint(100, 9999)}",
                    status=rng.choice(("open", "open", "in progress", "done")),
                )
                for _ in range(rng.randint(1, 4))
            )
    return Story(
        incident_key=inc.key,
        trigger_kind=kind,
        impact_started_at=impact,
        deploy_at=deploy_at,
        customer_detected_at=customer_at,
        internal_detected_at=created,
        recovered_at=recovered,
        reconciled_at=reconciled,
        rca_at=rca if written else None,
        postmortem_at=written,
        severity=severity,
        impacted_customers=customers,
        failed_requests=failed,
        root_causes=causes,
        affected=affected,
        reliability_gaps=gaps,
        action_items=items,
        authors=authors,
    )
