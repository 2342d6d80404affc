"""The parser on wording it had never seen, eighty-fourth round (issue 13): one test per rule.

From dev's Wikinews article on Wikimedia's 2006-08-18 outage (sealed part 80): the page opens
on its headline as a level-1 heading ("Wikimedia servers unreachable for 3 hours due to
network outage"), then the dateline as a heading of its own ("Friday, August 18, 2006"), and
the whole story under it, among it "The downtime lasted from about 17:20 UTC to 20:00 UTC".
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from postmortems_harness import parse, parse_html, utc

STORY = (
    "Earlier today the shop was unreachable for most visitors after a routing change "
    "upstream. The downtime lasted from about 09:10 UTC to 10:25 UTC, said the operator.\n"
)


def test_the_story_under_a_dateline_heading_is_the_articles_lead():
    # The window 09:10 to 10:25 UTC on the dateline's day: start and recovery, 75 minutes.
    parsed = parse(f"# Shop offline after routing change\n\n## Friday, March 3, 2023\n\n{STORY}")
    assert parsed.fields["time_of_first_trigger"] == utc(2023, 3, 3, 9, 10)
    assert parsed.fields["time_of_recovery"] == utc(2023, 3, 3, 10, 25)


def test_dated_headings_one_after_another_are_no_dateline():
    # Two days as headings are a log of days, not an article's dateline: the text under the
    # second day is no lead, and its window is not the incident's impact window.
    parsed = parse(
        "# Shop offline after routing change\n\n## 2023-03-02\n\nA quiet day.\n\n"
        f"## 2023-03-03\n\n{STORY}"
    )
    assert not any(w.startswith("impact window") for w in parsed.warnings)
    assert parsed.fields["stated_minutes_to_recover"] is None


def test_a_level_one_headline_states_the_length_when_the_text_does_not():
    # "unreachable for 3 hours" in the headline of a saved page with no <title>: 180
    # minutes, as a reader takes a title's length (the text states none).
    parsed = parse_html(
        "<html><body><h1>Servers unreachable for 3 hours due to network outage</h1>"
        "<p>Visitors could not reach the site after a routing change upstream.</p></body></html>"
    )
    assert parsed.fields["stated_minutes_to_recover"] == 180
    assert any("the length the title states" in w for w in parsed.warnings)


def test_a_level_one_heading_without_a_length_states_none():
    parsed = parse_html(
        "<html><body><h1>Servers unreachable due to network outage</h1>"
        "<p>Visitors could not reach the site after a routing change upstream.</p></body></html>"
    )
    assert parsed.fields["stated_minutes_to_recover"] is None
