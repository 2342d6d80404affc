"""The terminal summary of the reliability report, read from the dbt marts only.

It sits at the end of the one-way flow (taps -> raw -> staging -> marts): no raw_* table is
read here, so the summary and the HTML report (`html_report.py`) show the same numbers. The
scorecard is the last complete month's; the current month is partial and only summed up.
"""

from __future__ import annotations

import sys
import typing as t
from urllib.parse import urlparse

import psycopg

from reliability_warehouse.marts import MARTS_SCHEMA, Marts, MartUnavailable, Period

SERVICE_RESPONSE = """
select service_name, incidents, open_incidents, mtta_seconds, median_tta_seconds,
       p90_tta_seconds, mttr_seconds, median_ttr_seconds, p90_ttr_seconds
from {mart}
order by incidents desc, service_name
"""

INCIDENTS = """
select count(*) as incidents,
       count(pagerduty_incident_id) as paged,
       count(*) filter (where is_customer_detected) as customer_detected,
       min(detected_month) as first_month, max(detected_month) as last_month
from {mart}
"""

SCORECARD = """
select service_name, incidents, median_seconds_to_detect, mttr_seconds, pages, off_hours_pages,
       new_sentry_issues, monitor_alerts, breached_slos, slos_reporting,
       min_error_budget_remaining_percent, deployments, median_lead_time_seconds,
       change_failure_rate, median_failed_deployment_recovery_seconds, deployment_frequency_band,
       standards_score
from {mart}
where month_start = %s
order by incidents desc, service_name
"""

PARTIAL_MONTH = """
select count(*) as services, sum(incidents) as incidents, sum(pages) as pages,
       sum(new_sentry_issues) as new_sentry_issues, sum(monitor_alerts) as monitor_alerts,
       sum(deployments) as deployments
from {mart}
where month_start = %s
"""


def duration(seconds: float | None) -> str:
    """Seconds as a short human duration (`42s`, `7m 05s`, `3h 12m`, `2d 4h`)."""
    if seconds is None:
        return "-"
    total = round(float(seconds))
    if total < 60:  # noqa: PLR2004
        return f"{total}s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:  # noqa: PLR2004
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:  # noqa: PLR2004
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h"


# What each source brought, counted in the marts that hold it (one row per thing counted).
SOURCES: dict[str, list[tuple[str, str]]] = {
    "PagerDuty": [
        ("pagerduty_services", "services"),
        ("pagerduty_incidents", "incidents"),
        ("pagerduty_log_entries", "log entries"),
    ],
    "Sentry": [
        ("sentry_projects", "projects"),
        ("sentry_issues", "issues"),
        ("sentry_issue_events", "events"),
    ],
    "Datadog": [
        ("datadog_monitors", "monitors"),
        ("slo_status", "SLOs"),
        ("datadog_synthetics", "synthetic tests"),
    ],
    "GitHub": [("github_repositories", "repositories"), ("github_teams", "teams")],
    "Postmortems": [("postmortems", "documents"), ("action_items", "action items")],
}


def render(
    url: str,
    period: Period,
    sources: dict[str, list[tuple[str, int | None]]],
    incidents: dict[str, t.Any] | None,
    rows: list[tuple[t.Any, ...]],
) -> str:
    """The summary's header and per-service response table (pure: tested without a database).

    A count of None is a mart that is not built: shown as `?`, not as 0.
    """
    parsed = urlparse(url)
    title = "Reliability report — five sources: PagerDuty, Sentry, Datadog, GitHub, postmortems"
    lines = [
        "",
        title,
        "=" * len(title),
        (
            f"Warehouse  : postgresql://{parsed.username or 'postgres'}@{parsed.hostname}:"
            f"{parsed.port or 5432}{parsed.path}"
        ),
        f"Read from  : the dbt marts in schema {MARTS_SCHEMA} (built by `dbt build`)",
        (
            f"Months     : last complete {period.last_complete_month:%B %Y}, "
            f"{period.current_month:%B %Y} is partial ({period.basis})"
        ),
    ]
    for label, counts in sources.items():
        lines.append(
            f"{label:<11}: " + ", ".join(f"{'?' if n is None else n} {what}" for what, n in counts)
        )
    if incidents is None:
        lines.append("Incidents  : ? (mart reliability.incidents is not built)")
    elif incidents["incidents"]:
        lines.append(
            f"Incidents  : {incidents['incidents']} across sources ({incidents['paged']} paged "
            f"through PagerDuty, {incidents['customer_detected']} detected by customers first), "
            f"detected {_month(incidents['first_month'])} .. {_month(incidents['last_month'])}"
        )
    else:
        lines.append("Incidents  : none in the marts yet")
    lines.append("")
    header = (
        f"{'service':<28} {'incidents':>9} {'open':>5} {'MTTA':>9} {'p50 TTA':>9} "
        f"{'MTTR':>9} {'p50 TTR':>9} {'p90 TTR':>9}"
    )
    lines += ["PagerDuty response by service, all time", header, "-" * len(header)]
    for name, count, open_, mtta, p50_tta, _p90_tta, mttr, p50_ttr, p90_ttr in rows:
        lines.append(
            f"{str(name)[:28]:<28} {count:>9} {open_:>5} {duration(mtta):>9} "
            f"{duration(p50_tta):>9} {duration(mttr):>9} {duration(p50_ttr):>9} "
            f"{duration(p90_ttr):>9}"
        )
    lines += [
        "",
        "MTTA: mean time from trigger to first acknowledgement; MTTR: mean time from trigger",
        "to resolution (PagerDuty log entries). Definitions: docs/metrics.md.",
        "",
    ]
    return "\n".join(lines)


def _month(value: t.Any) -> str:  # noqa: ANN401
    return "?" if value is None else f"{value:%Y-%m}"


def _percent(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}%"


def render_scorecard(month: t.Any, rows: list[tuple[t.Any, ...]]) -> str:  # noqa: ANN401
    """The service scorecard of one month as text (pure: tested without a database)."""
    title = f"Service scorecard — {month:%B %Y} (UTC; the last complete month)"
    reliability = (
        f"{'service':<22} {'incidents':>9} {'TTD':>8} {'MTTR':>8} {'pages':>5} {'off-hrs':>7} "
        f"{'errors':>6} {'alerts':>6} {'SLOs bad':>8} {'budget':>7}"
    )
    delivery = (
        f"{'service':<22} {'deploys':>7} {'lead time':>9} {'CFR':>5} {'recovery':>9} "
        f"{'DORA frequency':>14} {'standards':>9}"
    )
    lines = ["", title, "=" * len(title), reliability, "-" * len(reliability)]
    for row in rows:
        name, incidents, ttd, mttr, pages, off_hours, errors, alerts, breached, slos, budget = row[
            :11
        ]
        lines.append(
            f"{str(name)[:22]:<22} {incidents:>9} {duration(ttd):>8} {duration(mttr):>8} "
            f"{pages:>5} {off_hours:>7} {errors:>6} {alerts:>6} {f'{breached}/{slos}':>8} "
            f"{_percent(budget):>7}"
        )
    lines += ["", delivery, "-" * len(delivery)]
    for row in rows:
        name = row[0]
        deploys, lead_time, cfr, recovery, band, score = row[11:]
        lines.append(
            f"{str(name)[:22]:<22} {deploys:>7} {duration(lead_time):>9} "
            f"{_percent(None if cfr is None else 100 * cfr):>5} {duration(recovery):>9} "
            f"{band or '-':>14} {_percent(score):>9}"
        )
    lines += [
        "",
        "TTD: median impact start -> detection; MTTR: mean trigger -> resolution; pages per",
        "responder's time zone; errors: new Sentry issues; alerts: Datadog monitor alerts; SLOs",
        "below target at month end / reporting and the lowest budget left; deploys, lead time",
        "(median merge -> production), change failure rate and failed-deployment recovery (DORA);",
        "standards: the repository's engineering-standards score today. Definitions:",
        "docs/metrics.md.",
        "",
    ]
    return "\n".join(lines)


def redact(url: str) -> str:
    """The URL without its password, to print."""
    parsed = urlparse(url)
    if parsed.password is None:
        return url
    netloc = parsed.netloc.rsplit("@", 1)[1]
    user = f"{parsed.username}@" if parsed.username else ""
    return parsed._replace(netloc=f"{user}{netloc}").geturl()


def render_partial_month(period: Period, totals: dict[str, t.Any] | None) -> str:
    """One line on the current, partial month: so far, never compared with a whole month."""
    head = f"{period.current_month:%B %Y} so far (partial, {period.basis})"
    if not totals or not totals["services"]:
        return f"{head}: nothing yet."
    return (
        f"{head}: {totals['incidents']} incidents, {totals['pages']} pages, "
        f"{totals['new_sentry_issues']} new Sentry issues, {totals['monitor_alerts']} monitor "
        f"alerts, {totals['deployments']} deployments — not comparable with a whole month."
    )


def _count(marts: Marts, mart: str) -> int | None:
    try:
        return int(marts.rows(mart, "select count(*) as n from {mart}")[0]["n"])
    except MartUnavailable:
        return None


def summary(marts: Marts, url: str) -> str:
    """The whole terminal summary; a mart that cannot be read is one line, not a crash."""
    period = marts.period()
    sources = {
        label: [(what, _count(marts, mart)) for mart, what in counts]
        for label, counts in SOURCES.items()
    }
    notes = []
    try:
        incidents: dict[str, t.Any] | None = marts.rows("incidents", INCIDENTS)[0]
    except MartUnavailable as exc:
        incidents = None
        notes.append(f"note: {exc}")
    try:
        response = [
            tuple(r.values()) for r in marts.rows("service_incident_response", SERVICE_RESPONSE)
        ]
    except MartUnavailable as exc:
        response = []
        notes.append(f"note: {exc}")
    parts = [render(url, period, sources, incidents, response)]
    try:
        scorecard = [
            tuple(r.values())
            for r in marts.rows(
                "service_scorecard_monthly", SCORECARD, (period.last_complete_month,)
            )
        ]
        totals = marts.rows("service_scorecard_monthly", PARTIAL_MONTH, (period.current_month,))[0]
        if scorecard:
            parts.append(render_scorecard(period.last_complete_month, scorecard))
        else:
            parts.append(f"No scorecard row for {period.last_complete_month:%B %Y}.\n")
        parts.append(render_partial_month(period, totals))
    except MartUnavailable as exc:
        notes.append(f"note: {exc}")
    return "\n".join(parts + notes)


def print_report(url: str) -> int:
    """Print the terminal summary; return a process exit code."""
    try:
        marts = Marts.connect(url)
    except psycopg.OperationalError as exc:
        print(f"error: cannot reach the warehouse at {redact(url)}: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    try:
        print(summary(marts, url))  # noqa: T201
    finally:
        marts.close()
    return 0
