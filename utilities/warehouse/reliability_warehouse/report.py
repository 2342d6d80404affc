"""The reliability report: a short summary read from the dbt marts in the warehouse."""

from __future__ import annotations

import sys
import typing as t
from urllib.parse import urlparse

import psycopg

RAW_SCHEMA = "raw_pagerduty"
MARTS_SCHEMA = "reliability"

SERVICE_RESPONSE = f"""
select service_name, incidents, open_incidents, mtta_seconds, median_tta_seconds,
       p90_tta_seconds, mttr_seconds, median_ttr_seconds, p90_ttr_seconds
from {MARTS_SCHEMA}.pagerduty_service_response
order by incidents desc, service_name
"""  # noqa: S608 - fixed schema names, no user input

TOTALS = f"""
select count(*), count(*) filter (where is_resolved),
       min(triggered_at), max(triggered_at)
from {MARTS_SCHEMA}.pagerduty_incident_response
"""  # noqa: S608

SCORECARD = f"""
select service_name, incidents, median_seconds_to_detect, mttr_seconds, pages, off_hours_pages,
       new_sentry_issues, monitor_alerts, breached_slos, slos_reporting,
       min_error_budget_remaining_percent, deployments, median_lead_time_seconds,
       change_failure_rate, median_failed_deployment_recovery_seconds, deployment_frequency_band,
       standards_score
from {MARTS_SCHEMA}.service_scorecard_monthly
where month_start = (select max(month_start) from {MARTS_SCHEMA}.service_scorecard_monthly)
order by incidents desc, service_name
"""  # noqa: S608

SCORECARD_MONTH = f"select max(month_start) from {MARTS_SCHEMA}.service_scorecard_monthly"  # noqa: S608


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


# Other sources: label -> (table, what is counted); shown when the table exists.
OTHER_SOURCES = {
    "Sentry": [
        ("raw_sentry.projects", "projects"),
        ("raw_sentry.issues", "issues"),
        ("raw_sentry.issue_events", "events"),
        ("raw_sentry.release_deploys", "deploys"),
    ],
    "Datadog": [
        ("raw_datadog.monitors", "monitors"),
        ("raw_datadog.slos", "SLOs"),
        ("raw_datadog.slo_history", "SLO days"),
        ("raw_datadog.incidents", "incidents"),
    ],
    "GitHub": [
        ("raw_github.repositories", "repositories"),
        ("raw_github.pull_requests", "pull requests"),
        ("raw_github.deployments", "deployments"),
        ("raw_github.workflow_runs", "workflow runs"),
    ],
    "Postmortems": [
        ("raw_postmortems.postmortems", "documents"),
        ("raw_postmortems.timeline_events", "timeline events"),
        ("raw_postmortems.action_items", "action items"),
    ],
}


def render(
    url: str,
    totals: tuple[t.Any, ...],
    rows: list[tuple[t.Any, ...]],
    raw_counts: dict[str, int],
    other_sources: dict[str, list[tuple[str, int]]] | None = None,
) -> str:
    """Build the report text (pure: tested without a database)."""
    parsed = urlparse(url)
    lines = [
        "",
        "Reliability report — PagerDuty incident response",
        "=" * 48,
        (
            f"Warehouse : postgresql://{parsed.username or 'postgres'}@{parsed.hostname}:"
            f"{parsed.port or 5432}{parsed.path}"
        ),
        f"Raw data  : schema {RAW_SCHEMA} ("
        + ", ".join(f"{name} {count}" for name, count in raw_counts.items())
        + ")",
        f"Models    : schemas staging (views), {MARTS_SCHEMA} (marts)",
    ]
    for label, counts in (other_sources or {}).items():
        lines.append(f"{label:<10}: " + ", ".join(f"{count} {what}" for what, count in counts))
    incidents, resolved, first, last = totals
    lines.append(
        f"Incidents : {incidents} ({resolved} resolved) triggered "
        f"{first:%Y-%m-%d} .. {last:%Y-%m-%d}"
        if incidents
        else "Incidents : none loaded yet"
    )
    lines.append("")
    header = (
        f"{'service':<28} {'incidents':>9} {'open':>5} {'MTTA':>9} {'p50 TTA':>9} "
        f"{'MTTR':>9} {'p50 TTR':>9} {'p90 TTR':>9}"
    )
    lines += [header, "-" * len(header)]
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


def _percent(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}%"


def render_scorecard(month: t.Any, rows: list[tuple[t.Any, ...]]) -> str:  # noqa: ANN401
    """The service scorecard of one month as text (pure: tested without a database)."""
    title = f"Service scorecard — {month:%B %Y} (UTC; the month may be partial)"
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


def print_report(url: str) -> int:
    """Query the warehouse and print the report; return a process exit code."""
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            totals = conn.execute(TOTALS).fetchone()
            rows = conn.execute(SERVICE_RESPONSE).fetchall()
            raw_counts = {
                name: conn.execute(f"select count(*) from {RAW_SCHEMA}.{name}").fetchone()[0]  # type: ignore[index]  # noqa: S608
                for name in ("incidents", "log_entries", "services", "users")
            }
            scorecard = None
            if conn.execute(
                "select to_regclass(%s)", (f"{MARTS_SCHEMA}.service_scorecard_monthly",)
            ).fetchone() != (None,):
                month = conn.execute(SCORECARD_MONTH).fetchone()[0]  # type: ignore[index]
                if month is not None:
                    scorecard = render_scorecard(month, conn.execute(SCORECARD).fetchall())
            other_sources = {
                label: [
                    (what, conn.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]  # noqa: S608
                    for table, what in tables
                ]
                for label, tables in OTHER_SOURCES.items()
                if conn.execute("select to_regclass(%s)", (tables[0][0],)).fetchone() != (None,)
            }
    except psycopg.errors.UndefinedTable as exc:
        print(  # noqa: T201
            f"error: the marts are not built yet ({exc.diag.message_primary}). "
            "Run `meltano run tap-pagerduty target-postgres dbt-postgres:build` first.",
            file=sys.stderr,
        )
        return 1
    except psycopg.OperationalError as exc:
        print(f"error: cannot reach the warehouse at {redact(url)}: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    assert totals is not None  # noqa: S101 - an aggregate always returns one row
    print(render(url, totals, rows, raw_counts, other_sources))  # noqa: T201
    if scorecard:
        print(scorecard)  # noqa: T201
    return 0
