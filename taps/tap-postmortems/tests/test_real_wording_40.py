"""The parser on wording it had never seen, fortieth round (issue 13): one test per rule.

Round 33's sealed part brought US federal satellite-operations notices: a title that opens
on the notice's day ("Dec 23, 2019 - Recent Landsat 7 Data Recorder Anomaly"), a story that
names an earlier one. Each test is a minimal document written for the habit (not a copy of
a corpus document), and its expected values are worked out by hand from the text, never from
the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _notice(title: str, story: str) -> Parsed:
    return _md(f"# {title}\n\n{story}\n\nPlease contact customer services with any questions.\n")


def test_a_title_opening_on_the_notices_day_gives_way_to_the_earlier_day_told():
    # "Dec 23, 2019 - Recent Landsat 7 Data Recorder Anomaly" over "experienced a 'choke
    # anomaly' early December 17, 2019" (usgs 2019-12-17), "November 3, 2015 - TIRS … Anomaly"
    # over "At approximately 4:00 PM … Sunday November 1, 2015 the TIRS instrument
    # experienced" (usgs 2015-11-01): the title's day is the notice's, the story's earlier.
    f = _notice(
        "Mar 9, 2022 - Recent Recorder Anomaly",
        "The recorder experienced an anomaly early March 4, 2022. The interruption lasted "
        "two hours.",
    ).fields
    assert f["incident_date"] == date(2022, 3, 4)


def test_the_earliest_day_of_the_first_line_that_tells_one():
    # "On April 30, 2014 the Landsat 8 satellite successfully recovered from the safehold
    # condition that started at 05:44:13 GMT on April 29, 2014" under "May 1, 2014 - …"
    # (usgs 2014-04-29): the line's earlier day is the one the condition started on.
    f = _notice(
        "May 1, 2022 - Data Acquisitions Resume",
        "On April 30, 2022 the satellite recovered from the safehold condition that started "
        "on April 29, 2022.",
    ).fields
    assert f["incident_date"] == date(2022, 4, 29)


def test_a_dated_title_whose_story_names_no_earlier_day_keeps_its_day():
    # Guard: with no earlier day told, the title's day is the incident's.
    f = _notice(
        "Mar 9, 2022 - Recorder Anomaly",
        "The recorder experienced an anomaly this morning; it lasted two hours.",
    ).fields
    assert f["incident_date"] == date(2022, 3, 9)


def test_a_title_naming_a_day_after_its_name_is_no_dateline():
    # Guard: "Outage of … on March 9, 2022" names the incident's day itself; a later
    # paragraph's earlier day (an earlier change) does not move it.
    f = _notice(
        "Recorder outage on March 9, 2022",
        "The recorder failed. Its firmware had been changed on March 4, 2022.",
    ).fields
    assert f["incident_date"] == date(2022, 3, 9)


def test_days_listed_after_the_storys_first_clock_are_no_dateline_story():
    # Guard: "February 8th, 2019 - Prow responding slow" (kubernetes 2019-02-08) lists the
    # commits of the day before far below its times ("2019-02-07 | 73ab4a815 | …"): the
    # story opens before its first clock, a log after it is no day of the story's.
    f = _notice(
        "Mar 9, 2022 - Recorder slow",
        "The recorder was slow between 1:46pm and 5:30pm.\n\n"
        "2022-03-08 | 73ab4a8 | a change to the recorder",
    ).fields
    assert f["incident_date"] == date(2022, 3, 9)


def test_an_earlier_day_of_another_thing_under_a_dateline_title_is_no_story_day():
    # Guard: "On the 2nd January, 2023, we raised the rate limits" under "2023-01-04 - Outage
    # of the website" (round 33's guard): the line tells of no incident.
    f = _notice(
        "Mar 9, 2022 - Recorder outage",
        "On March 4, 2022 we raised the recorder's rate limits.",
    ).fields
    assert f["incident_date"] == date(2022, 3, 9)


def _release(header: str, story: str, name: str | None = None) -> Parsed:
    """A press release: its header (number, contact, release line), headline, story."""
    doc = read_document(f"{header}\n\n# Satellite returning to service\n\n{story}\n", html=False)
    return parse_document(doc, ParseOptions(), name)


def test_a_press_releases_release_line_dates_it_and_gives_its_year():
    # "Contact: Randee Exler   FOR IMMEDIATE RELEASE / 10/28/98" over "returning to
    # operations at 9:45 p.m. EST Oct. 27" (noaa 1998-10-27): the release's day, two-digit
    # year and all, is its publication's; a day the story writes without a year takes it.
    f = _release(
        "NOAA 05-77\n\nContact: A. Press Officer FOR IMMEDIATE RELEASE\n\n10/28/05",
        "The satellite spent approximately 19 hours in a safe hold before returning to "
        "operations at 9:45 p.m. EST Oct. 27.",
    ).fields
    assert f["incident_date"] == date(2005, 10, 27)


def test_a_web_archives_capture_address_is_no_name_of_the_document():
    # A release of 1998 kept at "/eot2008/20090507000452/http:/www.publicaffairs.noaa.gov/…"
    # (noaa 1998-10-27): the collection's year and the capture's stamp date the archive's
    # copy; the document's own address follows the captured "http:/".
    f = _release(
        "NOAA 05-77\n\nContact: A. Press Officer FOR IMMEDIATE RELEASE\n\n10/28/05",
        "The satellite returned to operations at 9:45 p.m. EST Oct. 27.",
        "/eot2008/20090507000452/http:/www.example.gov/pr05/oct05/release05-77.html",
    ).fields
    assert f["incident_date"] == date(2005, 10, 27)


def test_a_release_line_without_a_day_dates_nothing():
    # Guard: "FOR IMMEDIATE RELEASE" alone gives no day; the story's own stands.
    f = _release(
        "Contact: A. Press Officer FOR IMMEDIATE RELEASE",
        "On October 27, 2005 the satellite returned to operations at 9:45 p.m. EST.",
    ).fields
    assert f["incident_date"] == date(2005, 10, 27)


def test_a_titles_issued_stamp_is_no_part_of_its_name_or_day():
    # "Anomaly, NOAA-15, HIRS, Filter Wheel Motor Instability, 1 June 2009 - Issued: 2 june
    # 2009 1915 UTC" (noaa 2009-06-01): the stamp after the dash dates the notice; the name
    # and its day end before it.
    f = _notice(
        "Anomaly, Recorder Instability, 1 June 2022 - Issued: 2 june 2022 1915 UTC",
        "The recorder data was unusable.",
    ).fields
    assert f["incident_name"] == "Anomaly, Recorder Instability, 1 June 2022"
    assert f["incident_date"] == date(2022, 6, 1)


def test_a_title_naming_an_update_without_a_stamp_keeps_it():
    # Guard: "- updated …" with no colon is part of the name, not a stamp.
    f = _notice("Recorder outage - updated firmware rollout", "The recorder failed.").fields
    assert f["incident_name"] == "Recorder outage - updated firmware rollout"


def _hours(told: str) -> Parsed:
    return _md(
        "# Satellite in safe hold\n\nOn October 27, 2005 the satellite failed.\n\n"
        f"{told}\n\nImagery is not available while the satellite is in a safe hold.\n"
    )


def test_an_hour_without_minutes_after_at_and_before_its_zone_is_a_clock():
    # "This morning at approximately 3 a.m. EST, satellite controllers … commanded the GOES-8
    # into a neutral status, called a 'safe hold'" (noaa 1998-10-27): the hour, its a.m. and
    # its zone make a clock, as "since 2pm CEST" does (round 31b).
    f = _hours(
        "This morning at approximately 3 a.m. UTC, satellite controllers commanded the "
        "satellite into a safe hold when it experienced a problem."
    ).fields
    assert f["time_of_first_trigger"] == datetime(2005, 10, 27, 3, 0, tzinfo=UTC)


def test_an_hour_whose_day_follows_in_words_stays_unread():
    # Guard: "the full fix being put in place at approximately 8 PM UTC on the 16th" (nodejs
    # 2023-03-15): the day in words is not taken, so the hour would land on the story's day.
    f = _hours(
        "The fix was put in place at approximately 8 PM UTC on the 28th, after the outage."
    ).fields
    assert f["time_of_first_trigger"] != datetime(2005, 10, 27, 20, 0, tzinfo=UTC)
