"""The reliability report as one self-contained HTML file, built from the dbt marts only.

Every figure names its mart: a table cell's `title` is `reliability.<mart>.<column>`, and each
table and chart has a "Source" line. Charts are inline SVG (`charts.py`), styles are inline, and
the page has no script and no external reference, so it opens from a file with no network.
A section whose mart is missing or empty says so in one line; the other sections still render.
The report is declared as a dbt exposure (`transform/models/exposures.yml`): keep its list of
marts in step with `MARTS_READ` below.
"""

from __future__ import annotations

import html
import typing as t
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from reliability_warehouse import charts
from reliability_warehouse.marts import Marts, MartUnavailable, Period, Row
from reliability_warehouse.report import duration

if t.TYPE_CHECKING:
    from pathlib import Path

# The marts this report reads (the dbt exposure `reliability_report` lists the same).
MARTS_READ = (
    "service_scorecard_monthly",
    "incidents",
    "incident_response_monthly",
    "slo_status",
    "slo_error_budget_daily",
    "dora_monthly",
    "team_standards",
    "service_alert_noise_monthly",
    "datadog_monitor_alerts_monthly",
    "data_quality_checks",
    "data_quality_issues",
    "data_quality_daily",
    "services",
)
NO_TEAM = "(no owning team)"

Format = t.Callable[[t.Any], str]


DASH = "\N{EN DASH}"  # an unknown value (null), not zero


def _target(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else f"{float(value):g} %"


def _int(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else f"{int(value):,}"


def _dur(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else duration(value)


def _pct(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else f"{float(value):.1f} %"


def _pct3(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else f"{float(value):.3f} %"


def _ratio_pct(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else f"{100 * float(value):.1f} %"


def _num(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else f"{float(value):.2f}"


def _text(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None or value == "" else str(value)


def _yes(value: t.Any) -> str:  # noqa: ANN401
    return DASH if value is None else ("yes" if value else "no")


@dataclass(frozen=True)
class Column:
    """A table column: header, the mart column it shows, how to format it."""

    header: str
    key: str
    fmt: Format = _text
    numeric: bool = True


def _esc(value: t.Any) -> str:  # noqa: ANN401
    return html.escape(str(value), quote=True)


def _cell(column: Column, value: t.Any) -> str:  # noqa: ANN401
    """The formatted value, or the value as it is when the format cannot take it.

    NaN in an integer column or text in a number column: one odd value never costs the report.
    """
    try:
        return column.fmt(value)
    except (TypeError, ValueError, OverflowError):
        return str(value)


def table(mart: str, columns: t.Sequence[Column], rows: t.Sequence[Row], note: str = "") -> str:
    """An HTML table whose every cell names its mart column in `title`."""
    head = "".join(
        f'<th scope="col" class="{"num" if c.numeric else "txt"}">{_esc(c.header)}</th>'
        for c in columns
    )
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="{"num" if c.numeric else "txt"}" '
            f'title="reliability.{mart}.{_esc(c.key)}">{_esc(_cell(c, row.get(c.key)))}</td>'
            for c in columns
        )
        body.append(f"<tr>{cells}</tr>")
    source = f"Source: <code>reliability.{_esc(mart)}</code>" + (f" — {note}" if note else "")
    return (
        f'<div class="table-wrap"><table data-mart="reliability.{_esc(mart)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        f'<p class="source">{source}</p>'
    )


def figure(spec: dict[str, t.Any], mart: str, how: str) -> str:
    """A chart rendered to inline SVG with its source under it."""
    try:
        svg = charts.to_svg(spec)
    except Exception as exc:  # noqa: BLE001 - one chart that cannot be drawn is one line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return (
            f'<p class="missing">Chart "{_esc(spec["title"]["text"])}" could not be drawn '
            f"(from <code>reliability.{_esc(mart)}</code>): {_esc(first)}</p>"
        )
    return (
        f'<figure class="chart" title="reliability.{_esc(mart)}: {_esc(how)}" '
        f'data-mart="reliability.{_esc(mart)}">{svg}'
        f'<figcaption class="source">Source: <code>reliability.{_esc(mart)}</code> — '
        f"{_esc(how)}</figcaption></figure>"
    )


def charts_grid(parts: list[str]) -> str:
    """Charts side by side where the screen is wide enough, one under the other otherwise."""
    return f'<div class="charts">{"".join(parts)}</div>'


def no_data(what: str) -> str:
    """A section (or part) with nothing to show: said, not left blank."""
    return f'<p class="empty">No data: {_esc(what)}.</p>'


def unavailable(exc: MartUnavailable) -> str:
    """The one line that stands for a section whose mart cannot be read."""
    return f'<p class="missing">Not shown: {_esc(exc)}.</p>'


@dataclass
class Report:
    """What every section needs: the marts, the period, and an optional team filter."""

    marts: Marts
    period: Period
    generated_at: datetime

    def hours(self, seconds: t.Any) -> float | None:  # noqa: ANN401
        """Seconds as hours, for the charts' axes."""
        return None if seconds is None else round(float(seconds) / 3600, 2)


def _team_filter(column: str, team: str | None) -> tuple[str, tuple[t.Any, ...]]:
    """A `where` fragment selecting one team (`NO_TEAM` is the null key), or everything."""
    if team is None:
        return "true", ()
    if team == NO_TEAM:
        return f"{column} is null", ()
    return f"{column} = %s", (team,)


# --- sections ------------------------------------------------------------------------------

SCORECARD_COLUMNS = (
    Column("service", "service_name", numeric=False),
    Column("team", "owning_team_key", numeric=False),
    Column("incidents", "incidents", _int),
    Column("customer-detected", "customer_detected_incidents", _int),
    Column("open", "open_incidents", _int),
    Column("MTTA", "mtta_seconds", _dur),
    Column("MTTR (resolve)", "mttr_seconds", _dur),
    Column("median TTD", "median_seconds_to_detect", _dur),
    Column("median recover", "median_seconds_to_recover", _dur),
    Column("pages", "pages", _int),
    Column("off-hours pages", "off_hours_pages", _int),
    Column("new Sentry issues", "new_sentry_issues", _int),
    Column("monitor alerts", "monitor_alerts", _int),
    Column("SLOs breached", "breached_slos", _int),
    Column("SLOs reporting", "slos_reporting", _int),
    Column("lowest error budget", "min_error_budget_remaining_percent", _pct),
    Column("deploys", "deployments", _int),
    Column("change failure rate", "change_failure_rate", _ratio_pct),
    Column("deploy frequency band", "deployment_frequency_band", numeric=False),
    Column("standards score", "standards_score", _pct),
)


# The scorecard's follow-up, recurrence, uptime and on-call measures (issue 14's columns): a
# second table, so that neither is too wide to read. A build from before them shows dashes.
FOLLOW_UP_COLUMNS = (
    Column("service", "service_name", numeric=False),
    Column("severe incidents", "severe_incidents", _int),
    Column("postmortem coverage", "postmortem_coverage", _ratio_pct),
    Column("resolution to postmortem", "median_seconds_resolution_to_postmortem", _dur),
    Column("action items", "action_items", _int),
    Column("overdue", "overdue_action_items", _int),
    Column("completion rate", "action_item_completion_rate", _ratio_pct),
    Column("customer first", "customer_first_incidents", _int),
    Column("detection gap", "median_detection_gap_seconds", _dur),
    Column("repeats (90 d)", "repeat_incidents_90d", _int),
    Column("MTBF", "mtbf_seconds", _dur),
    Column("synthetic uptime", "synthetic_uptime_percent", _pct3),
    Column("on-call people", "oncall_people", _int),
    Column("on-call hours", "oncall_hours", _num),
    Column("pages / 24 h on call", "pages_per_24h_on_call", _num),
)


def scorecard(report: Report, team: str | None = None) -> str:
    """The scorecard of the last complete month, then the current month marked partial."""
    where, params = _team_filter("owning_team_key", team)
    rows = report.marts.rows(
        "service_scorecard_monthly",
        f"select * from {{mart}} where month_start = %s and {where} "  # noqa: S608 - fixed text
        "order by incidents desc, service_name",
        (report.period.last_complete_month, *params),
    )
    partial = report.marts.rows(
        "service_scorecard_monthly",
        f"select * from {{mart}} where month_start = %s and {where} "  # noqa: S608
        "order by incidents desc, service_name",
        (report.period.current_month, *params),
    )
    last = report.period.last_complete_month
    parts = [f"<h3>{last:%B %Y} — the last complete month</h3>"]
    parts.append(
        table("service_scorecard_monthly", SCORECARD_COLUMNS, rows, f"month_start = {last}")
        + f"<h4>Follow-up, recurrence, uptime and on-call, {last:%B %Y}</h4>"
        + table("service_scorecard_monthly", FOLLOW_UP_COLUMNS, rows, f"month_start = {last}")
        if rows
        else no_data(f"no scorecard row for {last:%B %Y}")
    )
    current = report.period.current_month
    parts.append(
        f'<h3>{current:%B %Y} so far <span class="badge partial">partial</span></h3>'
        f'<p class="hint">Partial ({_esc(report.period.basis)}): counts are not comparable '
        "with a whole month, and error budgets are the SLOs' as of the last day loaded.</p>"
    )
    parts.append(
        table(
            "service_scorecard_monthly",
            SCORECARD_COLUMNS,
            partial,
            f"month_start = {current}, partial",
        )
        if partial
        else no_data(f"no scorecard row for {current:%B %Y} yet")
    )
    return "".join(parts)


TREND_SQL = """
select detected_month, coalesce({dimension}, 'unknown') as grp, count(*) as incidents,
       avg(seconds_to_detect) as mttd, avg(seconds_to_acknowledge) as mtta,
       avg(seconds_to_recover) as mttr
from {{mart}}
where detected_month is not null and {where}
group by 1, 2
order by 1, 2
"""


def trends(report: Report, team: str | None = None) -> str:
    """MTTD, MTTA and MTTR by month and service (and team and severity for the whole report)."""
    dimensions = (
        [("service_name", "service")]
        if team
        else [("service_name", "service"), ("team_key", "team"), ("severity", "severity")]
    )
    where, params = _team_filter("team_key", team)
    parts = []
    for column, label in dimensions:
        rows = report.marts.rows(
            "incidents", TREND_SQL.format(dimension=column, where=where), params
        )
        if not rows:
            return no_data("no incident with a detection month")
        for measure, name in (
            ("mttd", "MTTD (impact start → internal detection)"),
            ("mtta", "MTTA (PagerDuty trigger → first acknowledgement)"),
            ("mttr", "MTTR (impact start → recovery)"),
        ):
            values = [
                {
                    "month": report.period.label(r["detected_month"]),
                    label: r["grp"],
                    "hours": report.hours(r[measure]),
                }
                for r in rows
                if r[measure] is not None
            ]
            if not values:
                parts.append(no_data(f"{name} by {label}: no incident has both ends"))
                continue
            parts.append(
                figure(
                    charts.line_chart(
                        values,
                        x="month",
                        y="hours",
                        color=label,
                        title=f"{name} by {label}",
                        y_title="mean hours",
                    ),
                    "incidents",
                    f"mean of seconds_to_{'detect' if measure == 'mttd' else 'acknowledge' if measure == 'mtta' else 'recover'}"  # noqa: E501
                    f" per detected_month and {column}, over the incidents that have it",
                )
            )
    return charts_grid(parts)


def incidents_by_month(report: Report, team: str | None = None) -> str:
    """Incidents by severity and month, and customer- vs internally-detected."""
    where, params = _team_filter("team_key", team)
    rows = report.marts.rows(
        "incident_response_monthly",
        f"select detected_month, coalesce(severity, 'unknown') as severity, "  # noqa: S608
        f"sum(incidents) as incidents, sum(customer_detected_incidents) as customer "
        f"from {{mart}} where detected_month is not null and {where} group by 1, 2 order by 1, 2",
        params,
    )
    if not rows:
        return no_data("no incident in incident_response_monthly")
    by_severity = [
        {
            "month": report.period.label(r["detected_month"]),
            "severity": r["severity"],
            "incidents": int(r["incidents"]),
        }
        for r in rows
    ]
    detection: dict[str, dict[str, int]] = defaultdict(lambda: {"customer": 0, "internal": 0})
    for r in rows:
        month = report.period.label(r["detected_month"])
        detection[month]["customer"] += int(r["customer"] or 0)
        detection[month]["internal"] += int(r["incidents"]) - int(r["customer"] or 0)
    by_detection = [
        {"month": month, "detected by": f"{who} first" if who == "customer" else who, "n": n}
        for month, counts in detection.items()
        for who, n in (("customer", counts["customer"]), ("internal", counts["internal"]))
    ]
    return charts_grid(
        [
            figure(
                charts.bar_chart(
                    by_severity,
                    x="month",
                    y="incidents",
                    color="severity",
                    title="Incidents by severity and month",
                    y_title="incidents",
                ),
                "incident_response_monthly",
                "sum of incidents per detected_month and severity (incidents with no known time, "
                "a null month, are left out)",
            ),
            figure(
                charts.bar_chart(
                    by_detection,
                    x="month",
                    y="n",
                    color="detected by",
                    title="Customer- vs internally-detected incidents",
                    y_title="incidents",
                ),
                "incident_response_monthly",
                "customer_detected_incidents and incidents minus customer_detected_incidents per "
                "detected_month",
            ),
        ]
    )


SLO_COLUMNS = (
    Column("SLO", "slo_name", numeric=False),
    Column("service", "service_slug", numeric=False),
    Column("team", "team_slug", numeric=False),
    Column("target", "target_percent", _target),
    Column("days", "timeframe_days", _int),
    Column("SLI (timeframe)", "sli_timeframe_percent", _pct3),
    Column("error budget left", "error_budget_remaining_percent", _pct),
    Column("burn rate 1d", "burn_rate_1d", _num),
    Column("burn rate 7d", "burn_rate_7d", _num),
    Column("burn rate 30d", "burn_rate_30d", _num),
    Column("breached", "is_breached", _yes, numeric=False),
    Column("burning too fast", "is_burning_faster_than_budget", _yes, numeric=False),
    Column("as of", "as_of_date", numeric=False),
)


def slos(report: Report, team: str | None = None) -> str:
    """Each SLO on its last loaded day: budget left and burn rates."""
    where, params = _team_filter("team_slug", team)
    rows = report.marts.rows(
        "slo_status",
        f"select * from {{mart}} where {where} "  # noqa: S608
        "order by error_budget_remaining_percent nulls last, slo_name",
        params,
    )
    if not rows:
        return no_data("no SLO in slo_status")
    values = [
        {
            "SLO": r["slo_name"],
            "budget left %": float(r["error_budget_remaining_percent"]),
            "state": "breached" if r["is_breached"] else "within target",
        }
        for r in rows
        if r["error_budget_remaining_percent"] is not None
    ]
    parts = [
        table(
            "slo_status",
            SLO_COLUMNS,
            rows,
            "each SLO on its last loaded day; burn rate 1 spends the budget exactly over the "
            "timeframe",
        )
    ]
    burn = [
        {
            "SLO": r["slo_name"],
            "7-day burn rate": float(r["burn_rate_7d"]),
            "state": "burning too fast" if r["is_burning_faster_than_budget"] else "sustainable",
        }
        for r in rows
        if r["burn_rate_7d"] is not None
    ]
    figures = []
    if values:
        figures.append(
            figure(
                charts.bar_chart(
                    values,
                    x="SLO",
                    y="budget left %",
                    color="state",
                    title="Error budget left per SLO",
                    y_title="% of the error budget left",
                    horizontal=True,
                    x_type="nominal",
                ),
                "slo_status",
                "error_budget_remaining_percent on as_of_date (negative: overspent)",
            )
        )
    if burn:
        figures.append(
            figure(
                charts.bar_chart(
                    burn,
                    x="SLO",
                    y="7-day burn rate",
                    color="state",
                    title="7-day burn rate per SLO (1 spends the budget over the timeframe)",
                    y_title="burn rate, last 7 days",
                    horizontal=True,
                    x_type="nominal",
                ),
                "slo_status",
                "burn_rate_7d on as_of_date; over 1 = is_burning_faster_than_budget",
            )
        )
    parts.append(charts_grid(figures))
    if team is not None:
        parts.append(_budget_history(report, team))
    return "".join(parts)


def _budget_history(report: Report, team: str) -> str:
    """The team's SLOs' error budget over the last 90 loaded days (one line per SLO)."""
    status = report.marts.rows(
        "slo_status",
        "select slo_id, slo_name from {mart} where team_slug = %s",
        (team,),
    )
    names = {r["slo_id"]: r["slo_name"] for r in status}
    if not names:
        return ""
    rows = report.marts.rows(
        "slo_error_budget_daily",
        "select slo_id, sli_date, error_budget_remaining_percent from {mart} "
        "where slo_id = any(%s) and sli_date > (select max(sli_date) from {mart}) - 90 "
        "and error_budget_remaining_percent is not null order by sli_date",
        (list(names),),
    )
    if not rows:
        return no_data("no daily error budget for the team's SLOs")
    values = [
        {
            "day": f"{r['sli_date']:%Y-%m-%d}",
            "SLO": names[r["slo_id"]],
            "budget left %": float(r["error_budget_remaining_percent"]),
        }
        for r in rows
    ]
    spec = charts.line_chart(
        values,
        x="day",
        y="budget left %",
        color="SLO",
        title="Error budget left, last 90 days",
        y_title="% of the error budget left",
    )
    spec["mark"] = {"type": "line"}
    spec["encoding"]["x"] = {"field": "day", "type": "temporal", "title": None}
    return figure(spec, "slo_error_budget_daily", "error_budget_remaining_percent per sli_date")


DORA_COLUMNS = (
    Column("service", "service_key", numeric=False),
    Column("deploys", "deployments", _int),
    Column("per week", "deployments_per_week", _num),
    Column("frequency band", "deployment_frequency_band", numeric=False),
    Column("median lead time", "median_lead_time_seconds", _dur),
    Column("lead time band", "lead_time_band", numeric=False),
    Column("change failure rate", "change_failure_rate", _ratio_pct),
    Column("CFR band", "change_failure_rate_band", numeric=False),
    Column("median recovery", "median_recovery_seconds", _dur),
    Column("recovery band", "recovery_time_band", numeric=False),
)


def _service_filter(report: Report, team: str | None) -> tuple[str, tuple[t.Any, ...]]:
    """A `where` fragment on `service_key` selecting the catalogue services a team owns."""
    if team is None:
        return "true", ()
    where, params = _team_filter("owning_team_key", team)
    rows = report.marts.rows(
        "services",
        f"select service_key from {{mart}} where {where}",  # noqa: S608
        params,
    )
    return "service_key = any(%s)", ([r["service_key"] for r in rows],)


def dora(report: Report, team: str | None = None) -> str:
    """The DORA measures and bands of the last complete month; deployments per month."""
    where, params = _service_filter(report, team)
    last = report.period.last_complete_month
    rows = report.marts.rows(
        "dora_monthly",
        f"select * from {{mart}} where month_start = %s and {where} "  # noqa: S608
        "order by deployments desc, service_key",
        (last, *params),
    )
    history = report.marts.rows(
        "dora_monthly",
        f"select month_start, service_key, deployments, is_partial_month from {{mart}} "  # noqa: S608
        f"where {where} order by 1, 2",
        params,
    )
    parts = [f"<h3>{last:%B %Y}</h3>"]
    parts.append(
        table(
            "dora_monthly",
            DORA_COLUMNS,
            rows,
            "bands after the DORA 2023 clusters (elite, high, medium, low); docs/metrics.md",
        )
        if rows
        else no_data(f"no DORA row for {last:%B %Y}")
    )
    if history:
        values = [
            {
                "month": report.period.label(r["month_start"])
                if not r["is_partial_month"]
                else f"{r['month_start']:%Y-%m} (partial)",
                "service": r["service_key"],
                "deployments": int(r["deployments"]),
            }
            for r in history
        ]
        parts.append(
            figure(
                charts.bar_chart(
                    values,
                    x="month",
                    y="deployments",
                    color="service",
                    title="Production deployments per month",
                    y_title="deployments",
                ),
                "dora_monthly",
                "deployments per month_start and service_key",
            )
        )
    return "".join(parts)


STANDARDS_COLUMNS = (
    Column("team", "team", numeric=False),
    Column("repositories", "repositories", _int),
    Column("compliant", "compliant_repositories", _int),
    Column("with webhooks", "repositories_with_webhooks", _int),
    Column("protected", "protected_repositories", _int),
    Column("services monitored", "monitored_services", _int),
    Column("services on call", "on_call_covered_services", _int),
    Column("mean score", "mean_standards_score", _pct),
)


def standards(report: Report, team: str | None = None) -> str:
    """Engineering-standards compliance by owning team (today: standards are a state)."""
    where, params = _team_filter("owning_team_key", team)
    rows = report.marts.rows(
        "team_standards",
        f"select coalesce(owning_team_key, %s) as team, * from {{mart}} where {where} "  # noqa: S608
        "order by mean_standards_score desc nulls last",
        (NO_TEAM, *params),
    )
    if not rows:
        return no_data("no repository in team_standards")
    parts = [table("team_standards", STANDARDS_COLUMNS, rows, "non-archived repositories today")]
    values = [
        {"team": r["team"], "mean score %": float(r["mean_standards_score"])}
        for r in rows
        if r["mean_standards_score"] is not None
    ]
    if values and team is None:
        parts.append(
            figure(
                charts.bar_chart(
                    values,
                    x="team",
                    y="mean score %",
                    title="Engineering-standards score by team",
                    y_title="mean score (%)",
                    horizontal=True,
                    x_type="nominal",
                ),
                "team_standards",
                "mean_standards_score per owning_team_key",
            )
        )
    return "".join(parts)


NOISE_COLUMNS = (
    Column("service", "service_key", numeric=False),
    Column("pages", "pages", _int),
    Column("PagerDuty incidents", "pagerduty_incidents", _int),
    Column("alerts", "pagerduty_alerts", _int),
    Column("alerts / incident", "alerts_per_incident", _num),
    Column("auto-resolved", "auto_resolved_share", _ratio_pct),
    Column("pages never acknowledged", "unacknowledged_page_share", _ratio_pct),
    Column("monitor alerts", "monitor_alerts", _int),
)
MONITOR_COLUMNS = (
    Column("monitor", "monitor_name", numeric=False),
    Column("service", "service_slug", numeric=False),
    Column("team", "team_slug", numeric=False),
    Column("alerts", "alerts", _int),
    Column("flaps", "flaps", _int),
    Column("flapping", "is_flapping", _yes, numeric=False),
)


def noise(report: Report, team: str | None = None) -> str:
    """The services that paged most and the monitors that alerted most, last complete month."""
    last = report.period.last_complete_month
    where, params = _service_filter(report, team)
    parts = [f"<h3>Noisiest services, {last:%B %Y}</h3>"]
    try:
        rows = report.marts.rows(
            "service_alert_noise_monthly",
            f"select * from {{mart}} where month_start = %s and {where} "  # noqa: S608
            "order by pages desc, pagerduty_alerts desc, service_key limit 10",
            (last, *params),
        )
        parts.append(
            table("service_alert_noise_monthly", NOISE_COLUMNS, rows, "top 10 by pages")
            + figure(
                charts.bar_chart(
                    [{"service": r["service_key"], "pages": int(r["pages"] or 0)} for r in rows],
                    x="service",
                    y="pages",
                    title=f"Pages per service, {last:%B %Y}",
                    y_title="pages (responders notified)",
                    horizontal=True,
                    x_type="nominal",
                ),
                "service_alert_noise_monthly",
                "pages per service_key, month_start = the last complete month",
            )
            if rows
            else no_data(f"no alert-noise row for {last:%B %Y}")
        )
    except MartUnavailable as exc:
        parts.append(unavailable(exc))
    parts.append(f"<h3>Noisiest monitors, {last:%B %Y}</h3>")
    where, params = _team_filter("team_slug", team)
    try:
        monitors = report.marts.rows(
            "datadog_monitor_alerts_monthly",
            f"select * from {{mart}} where alert_month = %s and {where} "  # noqa: S608
            "order by alerts desc, flaps desc, monitor_name limit 10",
            (last, *params),
        )
        parts.append(
            table("datadog_monitor_alerts_monthly", MONITOR_COLUMNS, monitors, "top 10 by alerts")
            if monitors
            else no_data(f"no monitor alert in {last:%B %Y}")
        )
    except MartUnavailable as exc:
        parts.append(unavailable(exc))
    return "".join(parts)


CHECK_COLUMNS = (
    Column("check", "check_name", numeric=False),
    Column("records", "records", _int),
    Column("what it catches", "check_description", numeric=False),
)
ISSUE_COLUMNS = (
    Column("source", "source", numeric=False),
    Column("check", "check_name", numeric=False),
    Column("records", "records", _int),
    Column("handling", "handling", numeric=False),
)


DAILY_COLUMNS = (
    Column("source", "source", numeric=False),
    Column("owning team", "owning_team_key", numeric=False),
    Column("last load day", "loaded_date", numeric=False),
    Column("streams", "streams", _int),
    Column("records loaded", "records_loaded", _int),
    Column("flagged", "records_flagged", _int),
    Column("excluded", "records_excluded", _int),
    Column("postmortems failed", "postmortems_failed", _int),
    Column("postmortems partial", "postmortems_partial", _int),
    Column("streams unusually high", "streams_high", _int),
    Column("streams unusually low", "streams_low", _int),
    Column("hours since previous load", "hours_since_previous_source_load", _num),
)
DAILY_LATEST = """
select source, max(owning_team_key) as owning_team_key, loaded_date, count(*) as streams,
       sum(records_loaded) as records_loaded, sum(records_flagged) as records_flagged,
       sum(records_excluded) as records_excluded, sum(postmortems_failed) as postmortems_failed,
       sum(postmortems_partial) as postmortems_partial,
       count(*) filter (where is_volume_unusually_high) as streams_high,
       count(*) filter (where is_volume_unusually_low) as streams_low,
       max(hours_since_previous_source_load) as hours_since_previous_source_load
from {mart}
where is_source_last_load_day
group by source, loaded_date
order by source
"""
DAILY_VOLUME = """
select loaded_date, source, sum(records_loaded) as records_loaded
from {mart}
where loaded_date > (select max(loaded_date) from {mart}) - 30
group by 1, 2
order by 1, 2
"""


def data_quality_daily(report: Report) -> str:
    """Per source, its latest load day (volume flags, flagged records) and 30 days of volume."""
    latest = report.marts.rows("data_quality_daily", DAILY_LATEST)
    if not latest:
        return no_data("no load day in data_quality_daily")
    volume = report.marts.rows("data_quality_daily", DAILY_VOLUME)
    values = [
        {
            "day": f"{r['loaded_date']:%Y-%m-%d}",
            "source": r["source"],
            "records": int(r["records_loaded"] or 0),
        }
        for r in volume
    ]
    return table(
        "data_quality_daily",
        DAILY_COLUMNS,
        latest,
        "each source on its latest load day, summed over its streams (is_source_last_load_day); "
        "unusually high/low against the stream's trailing 7-load-day baseline",
    ) + figure(
        charts.bar_chart(
            values,
            x="day",
            y="records",
            color="source",
            title="Records loaded per day and source, last 30 load days",
            y_title="records loaded",
        ),
        "data_quality_daily",
        "sum of records_loaded per loaded_date and source",
    )


def data_quality(report: Report, team: str | None = None) -> str:  # noqa: ARG001 - by source
    """What the checks caught, by source, and the daily loads per source when built."""
    parts = []
    for build in (
        data_quality_daily,
        _checks,
        _issues_by_source,
    ):
        try:
            parts.append(build(report))
        except MartUnavailable as exc:
            parts.append(unavailable(exc))
    return "".join(parts)


def _checks(report: Report) -> str:
    checks = report.marts.rows(
        "data_quality_checks", "select * from {mart} order by records desc, check_name"
    )
    if not checks:
        return no_data("no check in data_quality_checks")
    return table("data_quality_checks", CHECK_COLUMNS, checks)


def _issues_by_source(report: Report) -> str:
    issues = report.marts.rows(
        "data_quality_issues",
        "select coalesce(source, 'unknown') as source, check_name, handling, "
        "count(*) as records from {mart} group by 1, 2, 3 order by 1, 2",
    )
    if not issues:
        return '<p class="empty">No record flagged by any check.</p>'
    return table("data_quality_issues", ISSUE_COLUMNS, issues, "records per source and check")


@dataclass(frozen=True)
class Section:
    """A part of the report; the team pages repeat those in `TEAM_SECTIONS` per team."""

    anchor: str
    title: str
    build: t.Callable[[Report, str | None], str]
    intro: str = ""


SECTIONS = (
    Section(
        "scorecard",
        "Service scorecard",
        scorecard,
        "Each source side by side per catalogue service. MTTR here is PagerDuty's time to "
        "resolve; recovery is from customer impact (postmortems, Datadog).",
    ),
    Section("trends", "Detection, acknowledgement and recovery trends", trends),
    Section("incidents", "Incidents by severity and detection", incidents_by_month),
    Section("slos", "SLOs, error budgets and burn rates", slos),
    Section("dora", "DORA delivery metrics", dora),
    Section("standards", "Engineering standards by team", standards),
    Section("noise", "Noisiest services and alerts", noise),
    Section("data-quality", "Data quality by source", data_quality),
)
TEAM_SECTIONS = ("scorecard", "trends", "incidents", "slos", "dora", "standards", "noise")


def _render_section(report: Report, section: Section, team: str | None, level: int) -> str:
    try:
        body = section.build(report, team)
    except MartUnavailable as exc:
        body = unavailable(exc)
    anchor = section.anchor if team is None else f"team-{_slug(team)}-{section.anchor}"
    intro = f'<p class="hint">{_esc(section.intro)}</p>' if section.intro and team is None else ""
    return (
        f'<section id="{anchor}"><h{level}>{_esc(section.title)}</h{level}>{intro}{body}</section>'
    )


def _slug(team: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in team.lower()).strip("-") or "none"


def teams(report: Report) -> list[str]:
    """Teams that own a catalogue service (the null owner last, when it owns something)."""
    rows = report.marts.rows(
        "services", "select distinct owning_team_key as team from {mart} order by 1 nulls last"
    )
    return [r["team"] if r["team"] is not None else NO_TEAM for r in rows]


STYLE = """
:root { color-scheme: light; --fg:#1d2433; --muted:#5b6475; --line:#d9dde5; --accent:#2f5fb3; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--fg); background: #fff; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; padding-top: 8px; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
h4 { font-size: 0.95rem; margin: 14px 0 6px; }
nav ul { list-style: none; padding: 0; margin: 8px 0;
         display: flex; flex-wrap: wrap; gap: 4px 14px; }
a { color: var(--accent); }
.hint, .source, footer { color: var(--muted); font-size: 0.85rem; }
.source code, .hint code { font-size: 0.85em; }
.table-wrap { max-width: 100%; overflow-x: auto; border: 1px solid var(--line);
              border-radius: 4px; }
table { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { background: #f3f5f9; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.txt, th.txt { text-align: left; }
.charts { display: grid; gap: 8px 24px;
          grid-template-columns: repeat(auto-fit, minmax(min(100%, 540px), 1fr)); }
figure.chart { margin: 12px 0; max-width: 100%; min-width: 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
.badge { font-size: 0.75rem; padding: 1px 6px; border-radius: 8px; vertical-align: middle; }
.badge.partial { background: #fff1c2; color: #6b4e00; border: 1px solid #e5c95c; }
.empty { color: var(--muted); font-style: italic; }
.missing { color: #8a1c1c; background: #fdecec; padding: 4px 8px; border-radius: 4px; }
.team { margin-top: 40px; }
"""


def build_html(marts: Marts, generated_at: datetime | None = None) -> str:
    """The whole report as one HTML document."""
    now = generated_at or datetime.now(UTC)
    report = Report(marts=marts, period=marts.period(now.date()), generated_at=now)
    period = report.period
    body = [_render_section(report, section, None, 2) for section in SECTIONS]
    try:
        team_keys = teams(report)
        team_error = ""
    except MartUnavailable as exc:
        team_keys, team_error = [], unavailable(exc)
    team_nav = "".join(
        f'<li><a href="#team-{_slug(team)}">{_esc(team)}</a></li>' for team in team_keys
    )
    pages = []
    for team in team_keys:
        parts = [
            _render_section(report, section, team, 3)
            for section in SECTIONS
            if section.anchor in TEAM_SECTIONS
        ]
        pages.append(
            f'<section class="team" id="team-{_slug(team)}"><h2>Team: {_esc(team)}</h2>'
            f'<p class="hint">Services the team owns (<code>reliability.services.owning_team_key'
            f'</code>), its SLOs and monitors. <a href="#top">Back to the top</a></p>'
            f"{''.join(parts)}</section>"
        )
    nav = "".join(f'<li><a href="#{s.anchor}">{_esc(s.title)}</a></li>' for s in SECTIONS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reliability report — {period.last_complete_month:%B %Y}</title>
<style>{STYLE}</style></head>
<body id="top"><header>
<h1>Reliability report</h1>
<p class="hint">Incidents, paging, errors, monitoring, delivery and postmortems from five sources
(PagerDuty, Sentry, Datadog, GitHub, postmortem documents), read from the dbt marts in schema
<code>{_esc(marts.schema)}</code> only. Last complete month:
<strong>{period.last_complete_month:%B %Y}</strong>;
{period.current_month:%B %Y} is <span class="badge partial">partial</span>
({_esc(period.basis)}). Months are UTC. Hover a number for the
mart column it comes from; definitions: <code>docs/metrics.md</code>.</p>
<nav aria-label="Sections"><ul>{nav}</ul></nav>
<nav aria-label="Teams"><ul><li>Teams:</li>{team_nav}</ul></nav>{team_error}
</header>
<main>{"".join(body)}{"".join(pages)}</main>
<footer><p>Generated {now:%Y-%m-%d %H:%M} UTC by the <code>warehouse</code> utility
(<code>warehouse:report</code> or <code>warehouse:report-html</code>; dbt exposure
<code>reliability_report</code>).</p></footer>
</body></html>
"""


def write_report(url: str, path: Path, generated_at: datetime | None = None) -> Path:
    """Build the report from the warehouse at `url` and write it to `path`."""
    marts = Marts.connect(url)
    try:
        document = build_html(marts, generated_at)
    finally:
        marts.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(document, encoding="utf-8")
    tmp.replace(path)  # a reader never sees half a report
    return path
