"""The parser on wording it had never seen, seventy-fourth round (issue 13): one test per rule.

From sealed part 70 (now in dev): a blog export whose front matter dates its posts with slashes
("date: 12/21/2011"), and a notice that ends "As of 09:00 on 04 July 2013, the service is
re-enabled".
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _markdown(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _post(date: str, body: str) -> str:
    return f'---\nlayout: post\ntitle: "Blog problems"\ndate: {date}\nauthor: sam\n---\n\n{body}\n'


def test_a_slashed_front_matter_date_is_the_posts_day():
    # "date: 03/14/2010" (month first): the post went out on 14 March 2010, and its story
    # ("the blog is having problems") is of that day.
    f = _markdown(
        _post("03/14/2010", "As you may have noticed, the blog is having problems.")
    ).fields
    assert f["incident_date"].isoformat() == "2010-03-14"


def test_a_slashed_front_matter_date_whose_first_number_is_no_month_is_day_first():
    # "date: 21/12/2011": 21 December 2011.
    f = _markdown(
        _post("21/12/2011", "As you may have noticed, the blog is having problems.")
    ).fields
    assert f["incident_date"].isoformat() == "2011-12-21"


def test_a_sentence_opening_as_of_a_clock_tells_the_moment_of_what_it_says():
    # Posted 4 July 2013; "As of 09:00 on 04 July 2013, the service is re-enabled": the
    # service came back at 09:00 (no zone stated: UTC).
    f = _markdown(
        _post(
            "07/04/2013",
            "Over the past day the check service has been unavailable due to excessive DNS "
            "queries, and we disabled it.\n\n"
            "As of 09:00 on 04 July 2013, the service is re-enabled.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2013, 7, 4, 9, 0, tzinfo=UTC)


def test_a_revision_as_of_a_clock_is_no_moment():
    # A wiki's "Revision as of 17:43, 8 April 2022" dates the page's edit, not the story.
    f = _markdown(
        "# 2013-05-08 memcached\n\nRevision as of 17:43, 8 April 2022 by Someone\n\n"
        "## Summary\n\nThe cache cluster was overloaded on 8 May 2013.\n"
    ).fields
    assert f["time_of_first_trigger"] is None
