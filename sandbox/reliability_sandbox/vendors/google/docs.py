"""Postmortem documents in Google Docs' HTML export style, with the values they state.

Each incident whose story has a postmortem gets one document, written in one of several
templates (the shapes of well-known public templates: PagerDuty's, the SRE book's,
Michael Kehoe's, The Practice of Cloud System Administration's, and the original
reliability ETL's key/value table), in one of several time zones and date styles, with
realistic mess: fields left out, times only given as durations, comments, wrapped links.
Alongside the HTML, :func:`render` returns what a careful reader would extract from that
exact document — the ground truth of the parser's accuracy report.

Links: a document cites its PagerDuty incident (some templates its Datadog incident too),
except a deterministic :data:`UNCITED_RATE` of documents that cite neither (they name the
service and the times only, so the warehouse must link them by service and time); when a
deployment caused the incident, the timeline's deploy entry cites the pull request that
deployment shipped (given by the GitHub module, which serves it).

Everything is a pure function of ``(org seed, incident key, story)`` and the cited pull
request.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from reliability_sandbox.vendors.google.markup import _Doc, _fmt, _minute, _span

if TYPE_CHECKING:
    from reliability_sandbox.org import Incident
    from reliability_sandbox.story import Story

#: Share of documents that leave out each droppable fact.
DROP_RATE = 0.12
#: Share of documents that cite no PagerDuty or Datadog incident at all.
UNCITED_RATE = 0.1
TEMPLATES = ("pagerduty", "srebook", "kehoe", "cloudbook", "original")
SENTRY_WEB = "https://acme.sentry.io"
DATADOG_WEB = "https://app.datadoghq.com"
STATUS_WEB = "https://status.acme-shop.example"
JIRA_WEB = "https://acme.atlassian.net/browse"

#: (zone, how the document names it, fixed abbreviation or None for a zone name)
_ZONES: tuple[tuple[str, str], ...] = (
    ("UTC", "UTC"),
    ("America/Los_Angeles", "Pacific Time"),
    ("Europe/Berlin", "Central European Time"),
)


@dataclass(slots=True)
class Rendered:
    """One document: its HTML export and what it states."""

    template: str
    html: str
    expected: dict[str, Any]
    children: dict[str, list[Any]] = field(default_factory=dict)
    #: The pull request the document cites (``owner/repo#n``), if any.
    cited_pull_request: str | None = None


def cites_incident_ids(seed: int, incident_key: str) -> bool:
    """Whether the postmortem of the incident cites its PagerDuty/Datadog incident.

    Drawn from its own generator, so the documents that do are otherwise unchanged.
    """
    return random.Random(f"{seed}:postmortem-ids:{incident_key}").random() >= UNCITED_RATE


def render(  # noqa: C901, PLR0912, PLR0913, PLR0915 - one document, easier to read in one place
    seed: int,
    inc: Incident,
    st: Story,
    *,
    pagerduty_url: str,
    doc_name: str,
    pull_request_url: str | None = None,
) -> Rendered:
    """Render the postmortem of ``inc`` and the values it states.

    ``pull_request_url`` (``https://github.com/<owner>/<repo>/pull/<n>``) is cited on the
    timeline's deploy entry when a deployment caused the incident.
    """
    cites = cites_incident_ids(seed, inc.key)
    pull_ref = _pull_ref(pull_request_url) if st.deploy_at is not None else None
    rng = random.Random(f"{seed}:postmortem:{inc.key}")
    template = rng.choice(TEMPLATES)
    zone_name, zone_label = rng.choice(_ZONES)
    zone: tzinfo = ZoneInfo(zone_name)
    d = _Doc(rng)
    title = inc.title
    authors = [u.name for u in st.authors]
    status = rng.choice(("Final", "Final", "Draft", "In review"))
    status_norm = {"Final": "final", "Draft": "draft", "In review": "in_review"}[status]
    sentry_url = f"{SENTRY_WEB}/issues/{1_000_000_000 + inc.number * 8}/"
    datadog_url = f"{DATADOG_WEB}/incidents/{inc.number}"
    statuspage_url = (
        f"{STATUS_WEB}/incidents/{inc.key[:12]}" if st.severity in ("SEV1", "SEV2") else None
    )
    times = {
        "time_of_first_trigger": _minute(st.impact_started_at),
        "time_of_customer_detect": _minute(st.customer_detected_at),
        "time_of_internal_detect": _minute(st.internal_detected_at),
        "time_of_recovery": _minute(st.recovered_at),
        "time_of_reconcile": _minute(st.reconciled_at),
        "time_of_rca": _minute(st.rca_at),
    }
    # Mess: some documents leave facts out.
    drop = {
        k
        for k in ("number_of_failed_requests", "severity_level", "time_of_rca")
        if rng.random() < DROP_RATE
    }
    if "time_of_rca" in drop:
        times["time_of_rca"] = None
    exp: dict[str, Any] = {
        "incident_name": title,
        "incident_date": times["time_of_first_trigger"].astimezone(zone).date(),  # type: ignore[union-attr]
        "severity_level": None if "severity_level" in drop else st.severity,
        "number_of_impacted_customers": st.impacted_customers,
        "number_of_failed_requests": None
        if "number_of_failed_requests" in drop
        else st.failed_requests,
        "status": status_norm,
        "authors": authors,
        "detection_method": "customer" if st.customer_detected_at else "internal",
        "statuspage_link": statuspage_url,
        "pagerduty_incident_id": pagerduty_url.rsplit("/", 1)[-1] if cites else None,
        "datadog_incident_id": None,
        **times,
    }
    products = [(e, list(p)) for e, p in st.affected]
    affected_rows = [(e, p) for e, ps in products for p in ps]
    items: list[dict[str, Any]] = [
        {
            "text": a.text,
            "owner": a.owner.name,
            "due_date": a.due_at.date(),
            "ticket": a.ticket,
            "status": a.status,
        }
        for a in st.action_items
    ]
    gaps = list(st.reliability_gaps)
    causes = list(st.root_causes)
    events = _events(st, inc, times, pull_ref)
    summary = (
        f"On {exp['incident_date']:%B %-d}, {inc.service.name} was degraded for "
        f"{_span(times['time_of_first_trigger'], times['time_of_recovery'])}: {title.lower()}."
    )
    impact = (
        f"{st.impacted_customers:,} customers saw errors; requests to {inc.service.name} failed."
    )
    trigger = {
        "deploy": f"A deployment of {inc.service.name}.",
        "config": "A configuration change.",
        "dependency": "Degradation of an upstream dependency.",
        "capacity": "A traffic peak.",
        "certificate": "A TLS certificate expired.",
        "database": "A database migration.",
    }[st.trigger_kind]
    exp["trigger"] = None
    exp["summary"] = summary
    exp["impact"] = None
    ticket_links = rng.random() < 0.5  # noqa: PLR2004

    def ticket_raw(key: str) -> str:
        return d.link(f"{JIRA_WEB}/{key}", key) if ticket_links else d.spans(key)

    def fmt(key: str, style: str) -> str:
        value = times[key]
        assert value is not None  # noqa: S101 - callers check
        return _fmt(value, zone, style)

    def cited(lines: list[str]) -> dict[int, str]:
        # The deploy entry's pull request, as a link (Google wraps it like any other).
        if pull_ref is None or pull_request_url is None:
            return {}
        return {
            i: d.spans(line.removesuffix(pull_ref)) + d.link(pull_request_url, pull_ref)
            for i, line in enumerate(lines)
            if line.endswith(pull_ref)
        }

    if template == "pagerduty":
        style = rng.choice(("iso", "long"))
        d.title(f"Postmortem: {title}")
        d.label("Postmortem Owner", ", ".join(authors))
        if "severity_level" not in drop:
            d.label("Severity", st.severity.replace("SEV", "SEV-"))
        d.label("Status", status)
        if cites:
            d.label("PagerDuty incident", "", raw=d.link(pagerduty_url))
        if statuspage_url:
            d.label("Status page", "", raw=d.link(statuspage_url))
        d.heading(2, "Overview")
        d.para(summary, comment="Can we add the exact error rate here?")
        d.heading(2, "Contributing Factors")
        for cause in causes:
            d.para(cause)
        d.heading(2, "Impact")
        rows = [["", ""], ["Time of first trigger", fmt("time_of_first_trigger", style)]]
        rows.append(["Accounts Affected", f"{st.impacted_customers:,}"])
        if "number_of_failed_requests" not in drop:
            rows.append(["Failed requests", f"{st.failed_requests:,}"])
        d.table(rows)
        d.heading(2, "Affected services")
        d.bullets([(lvl, t) for e, ps in products for lvl, t in [(0, e), *((1, p) for p in ps)]])
        d.heading(2, "Timeline")
        d.table(
            [["Time (UTC)", "Event", "Data Link"]]
            + [[_fmt(t, UTC, "iso").removesuffix(" UTC"), text, ""] for t, text in events],
            raw={(r + 1, 1): v for r, v in cited([text for _, text in events]).items()},
        )
        d.section(3, "What Didn't Go So Well?", gaps)
        d.heading(2, "Action Items")
        d.table(
            [["Action", "Owner", "Due", "Ticket", "Status"]]
            + [
                [i["text"], i["owner"], i["due_date"].isoformat(), i["ticket"], i["status"]]
                for i in items
            ],
            raw={(r + 1, 3): ticket_raw(i["ticket"]) for r, i in enumerate(items)},
        )
        # No date is stated: a reader takes the day of the first trigger, in UTC.
        exp["incident_date"] = times["time_of_first_trigger"].date()  # type: ignore[union-attr]
    elif template == "srebook":
        d.title(f"{title}")
        d.heading(3, "Date")
        d.para(_fmt(times["time_of_first_trigger"], zone, "long").split(" at ")[0])  # type: ignore[arg-type]
        d.heading(3, "Authors")
        d.para(" and ".join(authors) if len(authors) == 2 else ", ".join(authors))  # noqa: PLR2004
        d.heading(3, "Status")
        d.para(status)
        d.heading(3, "Summary")
        d.para(summary)
        d.heading(3, "Impact")
        _state(d, exp, "impact", impact)
        d.label("Customers affected", f"{st.impacted_customers:,}")
        if "number_of_failed_requests" not in drop:
            d.label("Failed requests", f"{st.failed_requests:,}")
        if "severity_level" not in drop:
            d.label("Severity", f"Sev {st.severity[-1]}")
        d.heading(3, "Affected services")
        d.para("; ".join(f"{e} ({', '.join(ps)})" for e, ps in products))
        d.section(3, "Root Causes", causes)
        d.heading(3, "Trigger")
        _state(d, exp, "trigger", trigger)
        d.heading(3, "Detection")
        d.para(
            "A customer reported it through support."
            if st.customer_detected_at
            else "Monitoring alerted the on-call engineer."
        )
        d.heading(2, "Action Items")
        d.bullets(
            [
                (
                    0,
                    (
                        f"{i['text']} — owner: {i['owner']}, due {i['due_date']:%Y-%m-%d}, "
                        f"{i['ticket']} [{i['status']}]"
                    ),
                )
                for i in items
            ]
        )
        d.heading(2, "Lessons Learned")
        d.section(3, "What went wrong", gaps)
        d.para(
            "",
            raw=(d.link(pagerduty_url, "PagerDuty incident") + d.spans(" · ") if cites else "")
            + d.link(sentry_url, "Sentry issue"),
        )
        if statuspage_url:
            d.para("", raw=d.link(statuspage_url, "Status page post"))
        d.heading(2, "Timeline")
        d.para(f"(all times in {zone_label})")
        first_day = exp["incident_date"]
        styles = {t: "time" if t.astimezone(zone).date() == first_day else "iso" for t, _ in events}
        # Times of day on the incident's day; later moments carry their date.
        lines = [f"{_fmt(t, zone, styles[t])} — {text}" for t, text in events]
        d.bullets([(0, line) for line in lines], raw=cited(lines))
    elif template == "kehoe":
        style = rng.choice(("iso", "us"))
        d.title(f"Incident report: {title}")
        sev = "" if "severity_level" in drop else f"Sev {st.severity[-1]}"
        d.table(
            [
                ["Incident Summary", "", "", ""],
                ["Incident Number", f"#{inc.number}" if cites else "", "Incident Severity", sev],
                [
                    "Postmortem Date",
                    _fmt(st.postmortem_at or st.internal_detected_at, zone, "iso").split(" ")[0],
                    "War-room Required",
                    "No",
                ],
                ["SRE Lead", authors[0], "Postmortem Lead", ", ".join(authors)],
            ],
            raw={(1, 1): d.link(pagerduty_url, f"#{inc.number}")} if cites else None,
        )
        exp["statuspage_link"] = None
        relative_detect = rng.random() < 0.4  # noqa: PLR2004
        detect_after = times["time_of_internal_detect"] - times["time_of_first_trigger"]  # type: ignore[operator]
        detect_value = f"{int(detect_after.total_seconds() // 60)} minutes"
        d.heading(3, "Incident Timing")
        d.table(
            [
                [
                    "Start Time",
                    fmt("time_of_first_trigger", style),
                    "Incident Detected By",
                    "User-reported" if st.customer_detected_at else "Alerting system",
                ],
                [
                    "Detection Time",
                    "" if relative_detect else fmt("time_of_internal_detect", style),
                    "Time to Detect (TTD)",
                    detect_value,
                ],
                [
                    "Mitigation Time",
                    fmt("time_of_recovery", style),
                    "Time to Mitigate (TTM)",
                    _span(times["time_of_first_trigger"], times["time_of_recovery"]),
                ],
            ]
        )
        exp["incident_date"] = times["time_of_first_trigger"].date()  # type: ignore[union-attr]
        d.heading(3, "Impact")
        d.heading(4, "End User Impact")
        _state(d, exp, "impact", impact)
        d.label("Customers affected", f"{st.impacted_customers:,}")
        if "number_of_failed_requests" not in drop:
            d.label("Failed requests", f"~{st.failed_requests:,}")
        d.section(4, "Affected services", (f"{e}: {', '.join(ps)}" for e, ps in products))
        d.heading(3, "What caused the incident?")
        d.heading(4, "Trigger(s)")
        _state(d, exp, "trigger", trigger)
        d.section(4, "Root Cause(s)", causes)
        d.section(4, "Process Breakdown(s)", gaps)
        d.heading(3, "Incident Timeline")
        d.table(
            [["Date/Time", "Who/What", "Action/ Impact"]]
            + [[_fmt(t, zone, style), "on-call", text] for t, text in events],
            raw={(r + 1, 2): v for r, v in cited([text for _, text in events]).items()},
        )
        d.heading(3, "Action Items & Followups")
        d.table(
            [
                [
                    "Action Item",
                    "Type (Mitigate/ Prevent/ Process/ Other)",
                    "Who",
                    "Priority",
                    "Bug #",
                    "Due Date",
                ]
            ]
            + [
                [i["text"], "Prevent", i["owner"], "P2", i["ticket"], f"{i['due_date']:%m/%d/%Y}"]
                for i in items
            ],
            raw={(r + 1, 4): ticket_raw(i["ticket"]) for r, i in enumerate(items)},
        )
        for i in items:
            i["status"] = None
        exp["status"] = None
        exp["summary"] = None
    elif template == "cloudbook":
        d.title(title)
        d.heading(3, "Report Status")
        d.para(status)
        if cites:
            d.para(
                "",
                raw=d.spans("Tracked in ")
                + d.link(datadog_url, "Datadog")
                + d.spans(" and ")
                + d.link(pagerduty_url, "PagerDuty"),
            )
        d.heading(3, "Executive Summary")
        d.para(summary)
        d.heading(3, "Outage Description")
        _state(d, exp, "impact", impact)
        if "number_of_failed_requests" not in drop:
            thousands = f"{st.failed_requests / 1000:.1f}"
            d.label("Failed requests", f"{thousands}k")
            exp["number_of_failed_requests"] = round(float(thousands) * 1000)
        d.heading(3, "Affected users")
        d.para(f"{st.impacted_customers:,} customers")
        d.heading(3, "Start Date/Time")
        d.para(fmt("time_of_first_trigger", "eu"))
        d.heading(3, "End Date/Time")
        d.para(fmt("time_of_recovery", "eu"))
        d.heading(3, "Affected products")
        d.table([["Service", "Products"]] + [[e, ", ".join(ps)] for e, ps in products])
        d.heading(2, "Timeline")
        lines = [f"{_fmt(t, zone, 'eu')}: {text}" for t, text in events]
        d.bullets([(0, line) for line in lines], raw=cited(lines))
        d.heading(2, "Contributing Conditions Analysis")
        for cause in causes:
            d.para(cause)
        d.section(3, "What could have gone better?", gaps)
        d.heading(2, "Recommendations")
        d.bullets(
            [
                (
                    0,
                    (
                        f"{'[x]' if i['status'] == 'done' else '[ ]'} {i['text']} (owner: "
                        f"{i['owner']}, due {i['due_date']:%-d %b %Y}, {i['ticket']})"
                    ),
                )
                for i in items
            ]
        )
        for i in items:
            i["status"] = "done" if i["status"] == "done" else "open"
        d.section(3, "Names of people involved", authors)
        exp["datadog_incident_id"] = str(inc.number) if cites else None
        exp["incident_date"] = times["time_of_first_trigger"].date()  # type: ignore[union-attr]
        exp["severity_level"] = None  # the template has no severity field
        exp["statuspage_link"] = None
    else:  # original: the reliability ETL's key/value table
        style = rng.choice(("us", "iso"))
        exp["summary"] = None
        d.title(f"Postmortem — {title}")
        rows = [["Incident name", title], ["Incident date", f"{exp['incident_date']:%Y-%m-%d}"]]
        for key in (
            "time_of_first_trigger",
            "time_of_customer_detect",
            "time_of_internal_detect",
            "time_of_recovery",
            "time_of_reconcile",
            "time_of_rca",
        ):
            label = key.replace("_", " ").capitalize()
            if times[key] is not None:
                rows.append([label, fmt(key, style)])
            elif key in ("time_of_customer_detect", "time_of_reconcile"):
                rows.append([label, "n/a"])
        rows.append(["Number of impacted customers", f"{st.impacted_customers}"])
        if "number_of_failed_requests" not in drop:
            rows.append(["Number of failed requests", f"{st.failed_requests}"])
        if "severity_level" not in drop:
            rows.append(["Severity level", st.severity])
        rows.append(["Status", status])
        rows.append(["Authors", ", ".join(authors)])
        raw = {}
        if cites:
            rows.append(["PagerDuty", pagerduty_url])
            raw[(len(rows) - 1, 1)] = d.link(pagerduty_url)
        if statuspage_url:
            rows.append(["Status page", statuspage_url])
            raw[(len(rows) - 1, 1)] = d.link(statuspage_url)
        d.table(rows, raw=raw)
        d.heading(1, "Affected entities")
        d.table([["Entity", "Products"]] + [[e, ", ".join(ps)] for e, ps in products])
        d.section(1, "Root causes", causes)
        d.section(1, "Reliability gaps", gaps)
        d.heading(1, "Timeline")
        d.table(
            [["Time", "Event"]] + [[_fmt(t, zone, style), text] for t, text in events],
            raw={(r + 1, 1): v for r, v in cited([text for _, text in events]).items()},
        )
        d.heading(1, "Action items")
        d.table(
            [["Action", "Owner", "Due date", "Ticket", "Status"]]
            + [
                [i["text"], i["owner"], f"{i['due_date']:%Y-%m-%d}", i["ticket"], i["status"]]
                for i in items
            ],
            raw={(r + 1, 3): ticket_raw(i["ticket"]) for r, i in enumerate(items)},
        )
    return Rendered(
        template=template,
        html=d.render(doc_name),
        cited_pull_request=pull_ref,
        expected=exp,
        children={
            "affected_products": affected_rows,
            "root_causes": causes,
            "timeline_events": [(t, text) for t, text in events],
            "action_items": items,
        },
    )


#: Which timeline phrase dates which moment (the parser's defaults recognise these).
_EVENT_KEYS: tuple[tuple[str, str], ...] = (
    ("time_of_first_trigger", "Impact began: {service} errors rose"),
    ("time_of_customer_detect", "First customer report reached support"),
    ("time_of_internal_detect", "On-call paged by monitoring"),
    ("time_of_recovery", "Service restored, error rate back to normal"),
    ("time_of_reconcile", "Data reconciled for affected accounts"),
    ("time_of_rca", "Root cause identified"),
)


def _events(
    st: Story, inc: Incident, times: dict[str, datetime | None], pull_ref: str | None
) -> list[tuple[datetime, str]]:
    out = [
        (when, text.format(service=inc.service.name))
        for key, text in _EVENT_KEYS
        if (when := times[key]) is not None
    ]
    if st.deploy_at is not None:
        text = f"Deploy of {inc.service.name} finished"
        if pull_ref is not None:
            text += f", shipping {pull_ref}"  # the cited pull request ends the entry
        out.append((_minute(st.deploy_at), text))  # type: ignore[arg-type]
    out.sort(key=lambda e: e[0])
    return out


def _pull_ref(url: str | None) -> str | None:
    """``owner/repo#n`` of a pull request's web address (``None`` stays ``None``)."""
    if url is None:
        return None
    owner, repo, kind, number = url.rstrip("/").split("/")[-4:]
    if kind != "pull" or not number.isdigit():
        msg = f"not a pull request address: {url}"
        raise ValueError(msg)
    return f"{owner}/{repo}#{number}"


def expected_json(value: Any) -> Any:  # noqa: ANN401
    """The JSON form of expected values (dates and date-times as ISO-8601 strings)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: expected_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [expected_json(v) for v in value]
    return value


def _state(d: _Doc, exp: dict[str, Any], key: str, text: str) -> None:
    """A paragraph that states the document's ``key``: what a reader takes from it."""
    d.para(text)
    exp[key] = text
