"""The parser on wording it had never seen, eighty-third round (issue 13): one test per rule.

From dev's Wikitech report of a deployment train (2018-03-28): the page is named by a day that
does not exist ("2018-02-29"), its rows give times of day alone, and the only day it states is
in a Grafana link of the error graph, whose window is written in epoch milliseconds
("…&from=1522263260081&to=1522265839537"). And from sealed part 80's Wikinews article: its
only day is the dateline, a line in bold alone as the article opens ("Friday, August 18,
2006"), over "Earlier today, … suffered downtime".
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _report(link: str) -> str:
    return (
        "# Train rollback\n\n## Timeline\n\n"
        "- 22:15 deployed the new branch to group1\n"
        "- 22:27 alert: exceptions and fatals per minute is CRITICAL\n"
        "- 22:33 rolled back; errors back to normal\n\n"
        f"Error graph from the same time period: {link}\n"
    )


def test_a_dashboard_links_window_dates_a_page_that_states_no_day():
    # from=1700000000000 is 2023-11-14 22:13:20 UTC (1,700,000,000 s after 1970-01-01:
    # 19,675 days and 80,000 s), to= 40 minutes later: the window holds the rows, on 2023-11-14.
    parsed = _md(
        _report(
            "https://grafana.example.org/d/abc/errors?orgId=1&from=1700000000000&to=1700002400000"
        )
    )
    assert parsed.fields["incident_date"] == date(2023, 11, 14)
    times = [e["occurred_at"] for e in parsed.timeline]
    assert datetime(2023, 11, 14, 22, 27, tzinfo=UTC) in times
    assert any("dashboard link" in w for w in parsed.warnings)


def test_a_dashboard_link_over_weeks_or_relative_dates_nothing():
    # A link to 30 days of graphs (2,592,000,000 ms) shows no incident's time; "now-6h" is
    # no moment at all.
    for link in (
        "https://grafana.example.org/d/abc?from=1700000000000&to=1702592000000",
        "https://grafana.example.org/d/abc?from=now-6h&to=now",
    ):
        assert _md(_report(link)).fields["incident_date"] is None, link


def _article(dateline: str) -> str:
    return (
        "<html><body><h1>Servers unreachable for 3 hours</h1>"
        "<p>From the news source</p>"
        f"<p><strong>{dateline}</strong></p>"
        "<p>Earlier today, the encyclopedia suffered downtime due to network issues.</p>"
        "</body></html>"
    )


def test_a_dateline_alone_as_the_article_opens_dates_it():
    parsed = parse_document(
        read_document(_article("Friday, August 18, 2006"), html=True), ParseOptions(), None
    )
    assert parsed.fields["incident_date"] == date(2006, 8, 18)
    assert any("dateline" in w for w in parsed.warnings)


def test_a_line_that_says_more_than_a_day_is_no_dateline():
    # "Updated on Friday, August 18, 2006 by the editors" is a note, not a dateline.
    article = _article("Updated on Friday, August 18, 2006 by the editors")
    parsed = parse_document(read_document(article, html=True), ParseOptions(), None)
    assert not any("dateline" in w for w in parsed.warnings)
