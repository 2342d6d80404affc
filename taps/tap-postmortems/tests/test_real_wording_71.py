"""The parser on wording it had never seen, seventy-first round (issue 13): one test per rule.

From sealed parts 66 and 67 (now in dev): regulators' reports and ministers' statements, as
their publishers converted them from print ("March 8 th , 2017", chapters "I. EXECUTIVE
SUMMARY"), with lengths told as bounds and periods ("for up to six hours", "during a six-hour
period"), recoveries told in two steps, and a British writer's "10.15 pm" and "midnight".
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def test_an_ordinal_set_apart_by_a_pdf_conversion_still_dates_the_incident():
    # "8 th , 2017" was "8<sup>th</sup>, 2017" in print: 8 March 2017. The heading keeps its
    # words as written (it is the title a reader quotes).
    parsed = _html(
        "<html><body><h1>Telephone Outage 8 th , 2017 Report</h1>"
        "<p>On the afternoon of March 8 th , 2017, customers could not place calls.</p>"
        "</body></html>"
    )
    assert parsed.fields["incident_date"].isoformat() == "2017-03-08"
    assert parsed.fields["incident_name"] == "Telephone Outage 8 th , 2017 Report"


def test_a_chapter_numbered_in_roman_numerals_is_the_summary_it_names():
    # "I. EXECUTIVE SUMMARY" is the report's summary: its "for five hours" is the impact's
    # length, 300 minutes.
    f = _html(
        "<html><body><h1>Outage Report and Recommendations</h1>"
        "<h2>TABLE OF CONTENTS</h2><p>I. EXECUTIVE SUMMARY 1</p>"
        "<h2>I. EXECUTIVE SUMMARY</h2>"
        "<p>1. On March 8, 2017, nearly all customers lost emergency calling for five hours.</p>"
        "<h2>II. BACKGROUND</h2><p>The network carries voice over LTE.</p>"
        "</body></html>"
    ).fields
    assert f["stated_minutes_to_recover"] == 300


def test_up_to_a_length_is_the_bound_a_writer_gives_the_outage():
    # "without service for up to six hours": a qualified length, 360 minutes (corpus rule 5).
    f = _html(
        "<html><body><h1>Statement on the Emergency Call Outages</h1>"
        "<p>In April, 11 million people were without emergency call service for up to six "
        "hours.</p></body></html>"
    ).fields
    assert f["stated_minutes_to_recover"] == 360


def test_data_kept_for_up_to_a_length_is_no_outage():
    # "retains the data for up to 60 days" says how long logs are kept; the outage's length
    # is not stated.
    f = _html(
        "<html><body><h1>Logging Incident</h1>"
        "<p>On July 18, 2020 API keys were written to request logs. The log service retains "
        "the data for up to 60 days.</p></body></html>"
    ).fields
    assert f["stated_minutes_to_recover"] is None


def test_a_cache_kept_for_a_length_is_no_outage():
    # "Autocomplete caches for 3 hours" says how long answers are kept, not how long the
    # missing suggestions lasted: no length is stated.
    f = _html(
        "<html><body><h1>Autocomplete Missing</h1>"
        "<p>On 9 September 2022 search suggestions disappeared for many users. Autocomplete "
        "caches for 3 hours, so stale answers were served after the fix.</p></body></html>"
    ).fields
    assert f["stated_minutes_to_recover"] is None


def test_a_period_of_a_length_is_the_impacts_length():
    # "did not get through during a six-hour period beginning just before midnight": 360.
    f = _html(
        "<html><body><h1>Inquiry into a Major Outage</h1>"
        "<p>On April 9-10, 2014, an extensive outage occurred, centered in one state. Over "
        "4,500 calls did not get through during a six-hour period beginning just before "
        "midnight on April 9, 2014. The Bureau is examining the causes of this outage.</p>"
        "</body></html>"
    ).fields
    assert f["stated_minutes_to_recover"] == 360


def test_a_weekday_before_a_numbered_day_dates_the_statements_story():
    # The statement of Monday 8 September 2003 tells "the events of Thursday 28th August" and
    # a further loss "on Friday 5 September": the incident is the first, 28 August 2003.
    f = _html(
        "<html><body><h1>Power Cuts</h1>"
        "<p>HC Deb 08 September 2003 vol 410 cc9-10WS</p>"
        "<p>I would like to inform the House of the events of Thursday 28th August, when power "
        "was lost to an area of London, and of a further loss of power on Friday 5 September "
        "in the Birmingham area.</p></body></html>"
    ).fields
    assert f["incident_date"].isoformat() == "2003-08-28"


def test_a_recovery_told_in_two_steps_adds_their_lengths():
    # "within 30 minutes and within another 11 minutes … normal power was restored": 41.
    f = _html(
        "<html><body><h1>Power Cuts</h1>"
        "<p>On 28 August 2003 electricity supply was lost to some 410,000 customers. Power was "
        "restored to the transmission system within 30 minutes and within another 11 minutes "
        "the local network was re-energised and normal power was restored in all areas.</p>"
        "</body></html>"
    ).fields
    assert f["stated_minutes_to_recover"] == 41


def test_a_dotted_evening_clock_after_from_and_midnight_after_it():
    # Debated on Wednesday 8 June 2016: "from 10.15 pm last night" is 22:15 on 7 June (no
    # zone stated: UTC), and "resolved around the deadline at midnight" is the night's end,
    # 00:00 on 8 June.
    f = _html(
        "<html><body><h1>Voter Registration</h1>"
        "<p>Volume 611: debated on Wednesday 8 June 2016</p>"
        "<p>Because of unprecedented demand, there were problems with the website from "
        "10.15 pm last night.</p>"
        "<p>The problems with the website were resolved around the deadline at midnight.</p>"
        "</body></html>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2016, 6, 7, 22, 15, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2016, 6, 8, 0, 0, tzinfo=UTC)


def test_midnight_without_an_evening_clock_before_it_is_no_moment():
    # "runs daily at midnight": a job's hour, and no evening clock says which night.
    f = _html(
        "<html><body><h1>Data Deleted by a Purge Job</h1>"
        "<p>On 2 December 2020 the data set was moved. The purge job, which runs daily at "
        "midnight, deleted it.</p></body></html>"
    ).fields
    assert f["time_of_first_trigger"] is None
    assert f["time_of_recovery"] is None
