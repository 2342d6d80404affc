"""The parser on wording it had never seen, seventy-seventh round (issue 13): one test per rule.

From sealed part 73 (now in dev): a Zine site's front matter, whose fields open with a dot
('.title = "…",'), and a night's window whose end is written without the zone its start gives
("9 May 2012 23:24 PDT until the following morning at 07:20").
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def test_a_zine_front_matter_names_and_dates_the_post():
    # '.title = "The First Site Outage",' names the post; '.date' (8 September 2025) dates it,
    # and "On September 1st" is that year's 1 September.
    text = (
        '---\n.title = "The First Site Outage",\n.date = "2025-09-08T00:00:00.000Z",\n'
        '.author = "Sam",\n---\n\n'
        "On September 1st a community member notified us that the site was returning HTTP 500 "
        "replies.\n"
    )
    f = parse_document(read_document(text, html=False), ParseOptions(), None).fields
    assert f["incident_name"] == "The First Site Outage"
    assert f["incident_date"].isoformat() == "2025-09-01"


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def test_a_nights_window_ends_the_next_morning_in_its_starts_zone():
    # 23:24 PDT on 9 May 2012 is 06:24 UTC on 10 May; "the following morning at 07:20" is 07:20
    # PDT on 10 May, 14:20 UTC: 476 minutes.
    f = _html(
        "<html><body><h1>Login outage last week</h1>"
        "<p>Last week (9 May 2012 23:24 PDT until the following morning at 07:20), the login "
        "service had an outage affecting 50% of login requests.</p></body></html>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2012, 5, 10, 6, 24, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2012, 5, 10, 14, 20, tzinfo=UTC)
