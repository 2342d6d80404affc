"""The parser on wording it had never seen, sixty-fifth round (issue 13): one test per rule.

From sealed part 60 (30 Wikitech reports; now in dev): a pager's all-clear and its page again
("Pages about recovery arrive", "Paged again about a failure"), a service that "recovers" at the
end of a row run into the next paragraph, and a length "over the course of approx. half an hour"
of errors. Each test is a minimal document written for the habit (not a copy of a corpus
document); its expected values are worked out by hand from the text, never from the parser's
output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_PAGER = (
    "# 2018-04-04 mathoid\n\n## Timeline\n\n"
    "- 22:26 UTC The SRE team gets paged for a mathoid outage.\n"
    "- 22:27 UTC Pages about recovery arrive\n"
    "- 22:36 UTC Paged again about a failure.\n"
    "- 23:08 UTC Alex removes the helm release and installs a new one\n"
    "- 23:09 UTC Mathoid recovers An operator mistake extended the outage by 10 mins.\n"
)


def test_a_pagers_all_clear_then_its_page_again():
    # The 22:27 all-clear was taken back by the 22:36 page: the service recovered at 23:09 (its
    # row runs on into the next paragraph, "An operator mistake …").
    f = _md(_PAGER).fields
    assert f["time_of_first_trigger"] == datetime(2018, 4, 4, 22, 26, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2018, 4, 4, 23, 9, tzinfo=UTC)


def test_a_pagers_all_clear_alone_ends_it():
    # Counter-case: with no page after it, "Pages about recovery arrive" is the end, 22:27.
    text = _PAGER.replace("Paged again about a failure.", "Filippo calls Alex.").replace(
        "Mathoid recovers An", "Alex writes up the"
    )
    f = _md(text).fields
    assert f["time_of_recovery"] == datetime(2018, 4, 4, 22, 27, tzinfo=UTC)


def test_errors_over_the_course_of_half_an_hour():
    # "Approx. 8000 exceptions/fatal errors thrown over the course of approx. half an hour":
    # the impact's length, 30 minutes.
    f = _md(
        "# opcache\n\n**Date:** 2019-05-07\n\n"
        "Approx. 8000 exceptions/fatal errors thrown over the course of approx. half an hour.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 30


def test_a_ramp_over_the_course_of_minutes_is_no_length():
    # Counter-case: "throughput jumped … to a peak of 95 transactions per second over the course
    # of 15 minutes" tells a ramp, nothing failing.
    f = _md(
        "# Transaction delays\n\n**Date:** 2023-04-26\n\n"
        "At 1915 UTC, sequencer throughput jumped from the usual ~8 transactions per second to a "
        "peak of 95 transactions per second over the course of 15 minutes.\n"
    ).fields
    assert f["stated_minutes_to_recover"] is None


def test_a_row_stamped_approximately_before_its_day():
    # "~2024-03-27 22:00 Ryan … notices a 'master not discovered exception'": a row at about
    # 22:00, the team noticing, 14 minutes 57 s after the 21:45:03 start.
    f = _md(
        "# Elasticsearch omega cluster failure\n\n**Start:** 2024-03-27 21:45:03\n\n"
        "All times in UTC.\n\n## Timeline\n\n"
        "- 2024-03-27 21:45:42 Brian runs the decommission cookbook\n"
        "- ~2024-03-27 22:00 Ryan Kemper notices a master not discovered exception (503)\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2024, 3, 27, 22, 0, tzinfo=UTC)
