"""The HTML report in a real headless Chromium (Debian's `chromium`, driven by Playwright).

It must render without a console error, draw every chart, fetch nothing but the file itself
(the network is off and every other request is refused and recorded), and fit narrow screens:
screenshots at 1280 and 390 px, with no content wider than the viewport.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from reliability_warehouse.html_report import build_html, write_report
from reliability_warehouse.marts import Marts

CHROMIUM_ENV = "RELIABILITY_CHROMIUM"
SKIP_ENV = "RELIABILITY_SKIP_BROWSER_TESTS"
WIDTHS = (1280, 390)
GENERATED = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def _chromium() -> str:
    """The browser to drive, or a failed test with one line saying how to get it."""
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"
    problem = None
    if not Path(path).exists():
        problem = (
            f"Chromium not found at {path}: run ./scripts/bootstrap as root (installs Debian's "
            f"chromium) or `apt-get install chromium`, or set {CHROMIUM_ENV}"
        )
    else:
        try:
            import playwright.sync_api  # noqa: F401, PLC0415
        except ImportError:
            problem = "playwright is not installed: run ./scripts/bootstrap (uv sync)"
    if problem:
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"{problem} ({SKIP_ENV}=1)")
        pytest.fail(f"{problem}; or set {SKIP_ENV}=1 to skip the browser tests", pytrace=False)
    return path


@pytest.fixture(scope="module")
def report_file(marts_url, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "reliability-report.html"
    return write_report(marts_url, path, GENERATED)


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        # --no-sandbox: the tests may run as root (containers), where Chromium refuses its
        # sandbox.
        chromium = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"], headless=True
        )
        yield chromium
        chromium.close()


def _open(browser, report_file: Path, width: int):
    """The report in a fresh offline page; returns (page, requests, refused, errors)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    refused: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    url = report_file.as_uri()
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url == url else refuse(route)
    )
    page.goto(url, wait_until="load")
    return page, requests, refused, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_report_renders_offline_draws_every_chart_and_fits(browser, report_file, width, tmp_path):
    page, requests, refused, errors = _open(browser, report_file, width)
    try:
        assert errors == []
        assert requests == [report_file.as_uri()], "only the file itself is loaded"
        assert refused == []
        charts = page.evaluate(
            """() => [...document.querySelectorAll('figure.chart')].map(f => {
                const svg = f.querySelector('svg');
                const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                return {mart: f.dataset.mart, width: box.width, height: box.height,
                        marks: svg ? svg.querySelectorAll('g.role-mark path').length : 0};
            })"""
        )
        assert len(charts) >= 10
        for chart in charts:
            assert chart["width"] > 0, chart
            assert chart["height"] > 0, chart
            assert chart["marks"] > 0, chart
        # Nothing is clipped horizontally: the page never scrolls sideways (wide tables scroll
        # inside their own box), and every chart fits the viewport.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert all(chart["width"] <= width for chart in charts)
        # No label spills out of its chart (labels are measured when the SVG is made and drawn
        # by the browser: with different fonts, long axis labels were cut at the left edge).
        spilled = page.evaluate(
            """() => [...document.querySelectorAll('figure.chart svg')].flatMap(svg => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('text')].filter(text => {
                    const r = text.getBoundingClientRect();
                    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
                }).map(text => text.textContent);
            })"""
        )
        assert spilled == []
        shot = tmp_path / f"report-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    finally:
        page.context.close()


def test_a_page_that_asks_for_the_network_is_caught(browser, tmp_path):
    """The harness itself: a request leaving the page is recorded and refused."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!doctype html><html><body><img src="https://example.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    page, requests, refused, _ = _open(browser, leaky, 390)
    try:
        assert refused == ["https://example.invalid/x.png"]
        assert len(requests) == 2
    finally:
        page.context.close()


def test_the_empty_report_renders_too(browser, marts_url, tmp_path):
    marts = Marts.connect(marts_url)
    marts.schema = "reliability_empty"
    try:
        path = tmp_path / "empty.html"
        path.write_text(build_html(marts, GENERATED), encoding="utf-8")
    finally:
        marts.close()
    page, requests, _, errors = _open(browser, path, 390)
    try:
        assert errors == []
        assert requests == [path.as_uri()]
        assert page.locator("p.missing").count() >= 8
    finally:
        page.context.close()


def test_a_missing_chromium_fails_with_a_one_line_hint(monkeypatch, tmp_path):
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-chromium"))
    monkeypatch.delenv(SKIP_ENV, raising=False)
    with pytest.raises(pytest.fail.Exception) as failed:
        _chromium()
    message = str(failed.value)
    assert "\n" not in message
    assert "Chromium not found" in message
    assert "./scripts/bootstrap" in message
    assert f"{SKIP_ENV}=1" in message
    monkeypatch.setenv(SKIP_ENV, "1")
    with pytest.raises(pytest.skip.Exception):
        _chromium()
