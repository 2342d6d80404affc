"""The HTML report built from hand-made marts (fixtures/marts.sql): every expected value below
is read off those rows, not computed by the code under test."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from reliability_warehouse import charts, html_report
from reliability_warehouse.cli import main
from reliability_warehouse.html_report import MARTS_READ, build_html
from reliability_warehouse.marts import Marts, Period
from reliability_warehouse.report import SOURCES

ROOT = Path(__file__).resolve().parents[3]
GENERATED = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


class Cells(HTMLParser):
    """Collects each table cell's text with the mart column its `title` names."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.sections: list[str] = []
        self._title: str | None = None
        self._text = ""
        self._row: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr":
            self._row = {}
        elif tag == "td":
            self._title, self._text = attributes.get("title"), ""
        elif tag == "section":
            self.sections.append(attributes.get("id") or "")

    def handle_endtag(self, tag):
        if tag == "td" and self._title:
            self._row[self._title] = self._text
            self._title = None
        elif tag == "tr" and self._row:
            self.rows.append(self._row)

    def handle_data(self, data):
        if self._title is not None:
            self._text += data


@pytest.fixture(scope="module")
def captured(marts_url, monkeypatch_module):
    """The report's HTML and the Vega-Lite specs it drew (their inline data)."""
    specs: list[dict] = []
    real = charts.to_svg

    def spy(spec):
        specs.append(spec)
        return real(spec)

    monkeypatch_module.setattr(charts, "to_svg", spy)
    marts = Marts.connect(marts_url)
    try:
        document = build_html(marts, GENERATED)
    finally:
        marts.close()
    parser = Cells()
    parser.feed(document)
    return document, specs, parser


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _row(parser: Cells, mart: str, **match: str) -> dict[str, str]:
    """The first table row of `mart` whose cells equal `match` (by column)."""
    for row in parser.rows:
        if all(row.get(f"reliability.{mart}.{col}") == value for col, value in match.items()):
            return {key.rsplit(".", 1)[1]: value for key, value in row.items()}
    msg = f"no row of {mart} with {match}"
    raise AssertionError(msg)


def _spec(specs: list[dict], title: str) -> dict:
    return next(s for s in specs if s["title"]["text"] == title)


def _period(url: str, schema: str) -> Period:
    marts = Marts.connect(url)
    marts.schema = schema
    try:
        return marts.period(today=date(2027, 3, 15))
    finally:
        marts.close()


def test_the_partial_month_is_the_datas_not_the_calendars(marts_url):
    period = _period(marts_url, "reliability")
    assert period == Period(
        current_month=date(2026, 12, 1),
        source="reliability.service_scorecard_monthly.is_partial_month",
        # December 1 plus 2.5 days measured, rounded up: data up to 3 December.
        as_of=date(2026, 12, 3),
        as_of_source="reliability.dora_monthly",
    )
    assert period.last_complete_month == date(2026, 11, 1)
    assert period.label(date(2026, 12, 1)) == "2026-12 (partial)"
    assert period.label(date(2026, 11, 1)) == "2026-11"
    assert Period(date(2026, 1, 1), "x").last_complete_month == date(2025, 12, 1)
    # Without the scorecard: DORA's partial month.
    assert _period(marts_url, "reliability_dora_only") == Period(
        date(2026, 12, 1), "reliability_dora_only.dora_monthly", date(2026, 12, 3)
    )
    # Every scorecard month complete (October and November): December is the partial one.
    assert _period(marts_url, "reliability_all_complete").current_month == date(2026, 12, 1)
    # Nothing tells: the run date's month.
    assert _period(marts_url, "reliability_empty") == Period(
        date(2027, 3, 1), "the report's run date", date(2027, 3, 15)
    )


def test_scorecard_is_the_last_complete_month_and_the_current_one_is_partial(captured):
    document, _, parser = captured
    checkout = _row(
        parser, "service_scorecard_monthly", service_name="Checkout API", incidents="12"
    )
    assert checkout["mtta_seconds"] == "10m 00s"
    assert checkout["mttr_seconds"] == "1h 30m"
    assert checkout["min_error_budget_remaining_percent"] == "-12.4 %"
    assert checkout["change_failure_rate"] == "12.5 %"
    assert checkout["customer_detected_incidents"] == "3"
    search = _row(parser, "service_scorecard_monthly", service_name="Search")
    assert search["mtta_seconds"] == "\N{EN DASH}"  # no incident: unknown, not zero
    assert search["new_sentry_issues"] == "4"
    # October's 99 incidents are in no table; December's 7 are, under "partial".
    incidents = [r.get("reliability.service_scorecard_monthly.incidents") for r in parser.rows]
    assert "99" not in incidents
    assert "7" in incidents
    assert "November 2026 — the last complete month" in document
    follow_up = _row(
        parser,
        "service_scorecard_monthly",
        service_name="Checkout API",
        postmortem_coverage="50.0 %",
    )
    assert follow_up["mtbf_seconds"] == "\N{EN DASH}"  # not in this build: a dash, not an error
    assert re.search(r"December 2026 so far <span class=\"badge partial\">partial", document)


def test_trends_are_means_per_month_with_the_partial_month_marked(captured):
    _, specs, _ = captured
    mttd = _spec(specs, "MTTD (impact start → internal detection) by service")["data"]["values"]
    # Checkout API in November: (600 + 1800) / 2 s = 1200 s = 0.33 h; December: 900 s = 0.25 h.
    assert {"month": "2026-11", "service": "Checkout API", "hours": 0.33} in mttd
    assert {"month": "2026-12 (partial)", "service": "Checkout API", "hours": 0.25} in mttd
    mtta = _spec(specs, "MTTA (PagerDuty trigger → first acknowledgement) by severity")
    # Search's incident has no severity and no acknowledgement: no point, not a zero.
    assert {"month": "2026-11", "severity": "SEV3", "hours": 0.05} in mtta["data"]["values"]
    assert all(v["severity"] != "unknown" for v in mtta["data"]["values"])
    mttr = _spec(specs, "MTTR (impact start → recovery) by team")["data"]["values"]
    # i2 has no recovery: platform's November MTTR is i1's 3600 s alone.
    assert {"month": "2026-11", "team": "platform", "hours": 1.0} in mttr
    assert {"month": "2026-11", "team": "storefront", "hours": 2.0} in mttr


def test_incidents_by_severity_and_detection(captured):
    _, specs, _ = captured
    severity = _spec(specs, "Incidents by severity and month")["data"]["values"]
    assert {"month": "2026-11", "severity": "unknown", "incidents": 1} in severity
    assert {"month": "2026-12 (partial)", "severity": "SEV2", "incidents": 1} in severity
    assert all(v["month"] != "no month" for v in severity)  # the null month is not a month
    detection = _spec(specs, "Customer- vs internally-detected incidents")["data"]["values"]
    assert {"month": "2026-11", "detected by": "customer first", "n": 1} in detection
    assert {"month": "2026-11", "detected by": "internal", "n": 2} in detection


def test_slos_dora_standards_and_noise(captured):
    _, specs, parser = captured
    slo = _row(parser, "slo_status", slo_name="Checkout availability")
    assert slo["target_percent"] == "99.9 %"
    assert slo["sli_timeframe_percent"] == "99.888 %"
    assert slo["error_budget_remaining_percent"] == "-12.4 %"
    assert slo["burn_rate_7d"] == "1.25"
    assert slo["is_breached"] == "yes"
    budget = _spec(specs, "Error budget left per SLO")["data"]["values"]
    assert {"SLO": "Search uptime", "budget left %": 80.0, "state": "within target"} in budget
    burn = _spec(specs, "7-day burn rate per SLO (1 spends the budget over the timeframe)")
    assert {
        "SLO": "Checkout availability",
        "7-day burn rate": 1.25,
        "state": "burning too fast",
    } in burn["data"]["values"]
    dora = _row(parser, "dora_monthly", service_key="checkout-api")
    assert dora["deployments"] == "8"  # November's, not December's 1
    assert dora["median_lead_time_seconds"] == "6h 00m"
    assert dora["lead_time_band"] == "elite"
    deploys = _spec(specs, "Production deployments per month")["data"]["values"]
    assert {"month": "2026-12 (partial)", "service": "checkout-api", "deployments": 1} in deploys
    owners = _row(parser, "team_standards", team=html_report.NO_TEAM)
    assert owners["mean_standards_score"] == "41.7 %"
    noise = _row(parser, "service_alert_noise_monthly", service_key="checkout-api")
    assert noise["pages"] == "15"
    assert noise["auto_resolved_share"] == "25.0 %"
    pages = _spec(specs, "Pages per service, November 2026")["data"]["values"]
    assert pages == [{"service": "checkout-api", "pages": 15}, {"service": "search", "pages": 0}]


def test_empty_and_missing_marts_are_one_line_each(captured):
    document, _, parser = captured
    assert "No data: no monitor alert in November 2026." in document
    assert (
        "Not shown: mart reliability.data_quality_daily is missing (run `dbt build` to create "
        "it)." in document
    )
    # The data-quality parts that exist still render.
    issue = _row(parser, "data_quality_issues", source="datadog")
    assert issue["records"] == "1"


def test_every_number_names_its_mart_and_nothing_leaves_the_file(captured):
    document, specs, parser = captured
    assert parser.rows
    for row in parser.rows:
        for title in row:
            mart = title.split(".")[1]
            assert title.startswith("reliability."), title
            assert mart in MARTS_READ, title
    assert document.count("<figure") == len(specs)
    assert document.count("Source: <code>reliability.") >= len(specs)
    # Self-contained: no script, stylesheet link, image or font fetched from anywhere.
    assert "<script" not in document
    assert not re.search(r"""(src|href)=["'](?!#)""", document)
    assert "url(" not in document
    assert "@import" not in document


def test_one_page_per_team(captured):
    document, _, parser = captured
    for team in ("platform", "storefront", "no-owning-team"):
        assert f'id="team-{team}"' in document
        assert f'href="#team-{team}"' in document
    assert "team-platform-scorecard" in parser.sections
    # The storefront page's scorecard lists Search and not Checkout API.
    page = document[document.index('id="team-storefront"') :]
    page = page[: page.index('id="team-storefront-trends"')]
    assert ">Search<" in page
    assert ">Checkout API<" not in page


def test_an_empty_schema_renders_with_a_line_per_section(marts_url):
    marts = Marts.connect(marts_url)
    marts.schema = "reliability_empty"
    try:
        document = build_html(marts, GENERATED)
    finally:
        marts.close()
    assert document.rstrip().endswith("</html>")
    assert "<figure" not in document
    assert document.count('class="missing"') >= len(html_report.SECTIONS)
    # Nothing says when the data ends: the report's own date is the as-of, and says so.
    assert "data up to 2026-12-03, from the report&#x27;s run date" in document


def test_cli_prints_the_summary_then_writes_the_report(marts_url, tmp_path, capsys):
    path = tmp_path / "out" / "report.html"
    assert main(["report", "--url", marts_url, "--html", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Service scorecard — November 2026 (UTC; the last complete month)" in out
    assert (
        "December 2026 so far (partial, per reliability.service_scorecard_monthly."
        "is_partial_month; data up to 2026-12-03, from reliability.dora_monthly): 7 incidents"
    ) in out
    assert "? projects" in out  # sentry_projects is not in the fixture: unknown, not 0
    assert out.rstrip().splitlines()[-1] == f"HTML report: {path.resolve()}"
    assert path.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_the_dbt_exposure_lists_every_mart_the_report_reads():
    exposures = yaml.safe_load((ROOT / "transform/models/exposures.yml").read_text())
    (report,) = [e for e in exposures["exposures"] if e["name"] == "reliability_report"]
    declared = {re.fullmatch(r"ref\('(\w+)'\)", ref)[1] for ref in report["depends_on"]}
    read = set(MARTS_READ) | {mart for marts in SOURCES.values() for mart, _ in marts}
    read |= {"service_incident_response", "incidents", "service_scorecard_monthly"}
    models = {
        path.stem
        for folder in ("marts", "compat")  # compat: the original schema's tables (views)
        for path in (ROOT / "transform/models" / folder).rglob("*.sql")
    }
    # Every mart read that the project builds is declared, and nothing else is; a mart the
    # report can use but the project does not build yet (data_quality_daily, optional) cannot
    # be a ref.
    assert declared == read & models


def test_an_odd_value_degrades_one_cell():
    columns = (html_report.Column("n", "n", html_report._int),)
    document = html_report.table("m", columns, [{"n": float("nan")}, {"n": 1234}, {"n": None}])
    cells = re.findall(r'<td class="num" title="reliability.m.n">([^<]*)</td>', document)
    assert cells == ["nan", "1,234", "\N{EN DASH}"]


def test_a_chart_that_cannot_be_drawn_is_one_line(marts_url, monkeypatch):
    real = charts.to_svg

    def failing(spec):
        if spec["title"]["text"] == "Incidents by severity and month":
            msg = "cannot draw\nsecond line"
            raise RuntimeError(msg)
        return real(spec)

    monkeypatch.setattr(charts, "to_svg", failing)
    marts = Marts.connect(marts_url)
    try:
        report = html_report.Report(marts, marts.period(), GENERATED)
        document = html_report.incidents_by_month(report)
    finally:
        marts.close()
    assert (
        'Chart "Incidents by severity and month" could not be drawn (from '
        "<code>reliability.incident_response_monthly</code>): cannot draw</p>" in document
    )
    assert "Customer- vs internally-detected incidents" in document  # its neighbour is drawn
