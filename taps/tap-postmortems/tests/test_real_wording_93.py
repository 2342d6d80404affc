"""The parser on days written the British way, round 93 (issue 13): what rewording showed.

``bench/postmortems_rewordings.py`` gained rewordings that write every ISO day of the
development documents as a British writer does, with its weekday and an ordinal ("Tuesday 25th
August 2020"), and as a status page does ("Aug 25, 2020"). Where the ISO day was read and the
worded one was not, the parser depended on how the writer happened to note the day:

- a heading per event whose day is day-first with an ordinal ("### Friday 24th February 2017
  11:14 PM"), and a heading that opens on such a day and goes on with words ("### Tuesday 5th
  March 2024 Data8 outage");
- a colonless clock with its zone and then its day in words ("2040 UTC Wednesday 3rd December
  2014 - machine comes up");
- a day the timeline states for all its rows in that form ("all events happened on Monday 21st
  October 2019");
- a key-events label with the weekday before its stamp ("First detected Tuesday 25th August
  2020 11:01");
- a sentence's clock followed by its day with a weekday ("At about 02:20 on Sunday 4th December
  2016, …"), and a window whose ends are written so ("starting from Thursday 9th July 2015
  17:26:35 and ending at Thursday 9th July 2015 17:34:15");
- a dot clock after a worded day ("Monday 18th September 2023 15.26 Compared …");
- rows dated by such a day without a clock ("Sunday 19th February 2017: A member … discovers
  the exploit", "- **Monday 20th March 2023**: test suite degradation", a table's "| Saturday
  8th May 2021 | … |");
- rows stamped with the whole day in words and written out of order ("Mar 25, 2024 18:30"
  above "Mar 25, 2024 17:05"): each keeps its written day, as ISO-dated rows already did;
- and, from the development part itself, a window whose end says more before its stamp
  ("unavailable from 2025-09-02 17:45 UTC and full service resumed at 2025-09-03 18:00 UTC").

And from the rewordings ``clock12ap`` (the half of the day as "p.m.", as US style guides and
government notices write it) and ``gmt`` ("UTC" written "GMT"):

- a window whose clocks say "p.m." and whose zone is on the next line ("offline from Friday
  April 30 7:09 p.m.\nUTC until Monday May 3 5:58 a.m. UTC"): the dots end no sentence;
- a row stamped "5:04 p.m. Mailman maintenance started", whose dot ends no sentence either,
  while "at 5 p.m. The team left" still ends one;
- a row stamped by a span of 12-hour clocks ("7:00 p.m.-9:00 p.m.: Troubleshooting");
- a labelled row with its half of the day ("Error introduced: 2023-11-14 10:47 a.m.");
- a colonless clock with "GMT" ("0401 GMT 2014-10-26 - daily run notes …").

And from sealed part 84 (NASA's mission-status notices), once scored: a page of updates with
no lead and no section any field names ("TESS Resumes Normal Operations", then "Oct. 12
Update") tells its impact in those sections, and a spacecraft's "safe mode" is the incident's
wording, so its day ("entered into safe mode on Oct. 10") comes before the recovery's.

Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

import pytest
from postmortems_harness import moment as _at
from postmortems_harness import parse, parse_html, row_moments
from tap_postmortems.document import clean


@pytest.mark.parametrize(
    "day",
    ["Friday 24th February 2017", "Friday, 24th February, 2017", "24th of February 2017"],
)
def test_a_heading_per_event_dated_day_first_with_an_ordinal(day):
    parsed = parse(
        f"# Autoscaler outage\n\n## Timeline\n\n### {day} 11:14 PM ###\n\n"
        f"Script is mistakenly executed.\n\n### {day} 11:26 PM ###\n\nService restored.\n"
    )
    # No zone is stated: UTC. 11:14 PM is 23:14.
    assert row_moments(parsed) == [
        "2017-02-24T23:14:00+00:00",
        "2017-02-24T23:26:00+00:00",
    ]


def test_a_heading_that_opens_on_a_day_with_its_weekday_dates_the_rows_under_it():
    parsed = parse(
        "---\ntitle: Core nodes crash\ndate: 2024-02-01\n---\n\n## Timeline\n\n"
        "### Tuesday 5th March 2024 Data8 outage\n\nThe proxy was oomkilled.\n\n"
        "### 15:12:00\n\n~280 concurrent users\n\n### 16:16:00\n\neverything back to normal\n"
    )
    # The rows are on 5 March, not on the front matter's publication day.
    assert parsed.fields["incident_date"].isoformat() == "2024-03-05"
    assert _at(parsed, "time_of_recovery") == "2024-03-05T16:16:00+00:00"


def test_a_colonless_clock_with_its_zone_then_its_day_in_words():
    parsed = parse(
        "# SVN outage\n\nPosted on: 2014-12-09\n\n## Timeline\n\n```\n"
        "0401 UTC Sunday 26th October 2014 - daily run notes the degraded disk\n"
        "0208 UTC Wednesday 3rd December 2014 - Subversion begins to crawl to a halt\n"
        "2040 UTC Wednesday 3rd December 2014 - machine finally comes up and is usable.\n```\n"
    )
    assert row_moments(parsed) == [
        "2014-10-26T04:01:00+00:00",
        "2014-12-03T02:08:00+00:00",
        "2014-12-03T20:40:00+00:00",
    ]


def test_a_day_stated_for_all_rows_with_its_weekday_and_ordinal():
    # The file is named for the day before, when the builds began to fail.
    parsed = parse(
        "# docs.rs outage\n\n## Timeline\n\nUnless otherwise noted all events happened on "
        "Monday 21st October 2019, and all times are in UTC.\n\n"
        "- 01:38: alerts fired for the website being down\n"
        "- 02:06: the website is back up\n",
        "2019-10-20-docsrs-outage.md",
    )
    assert row_moments(parsed) == [
        "2019-10-21T01:38:00+00:00",
        "2019-10-21T02:06:00+00:00",
    ]


def test_a_key_events_label_with_a_weekday_before_its_stamp():
    parsed = parse(
        "# Incident on Tuesday 25th August 2020 - Connectivity issues\n\n"
        "- **Key events**\n"
        "  - First detected Tuesday 25th August 2020 11:01\n"
        "  - Incident declared Tuesday 25th August 2020 11:26\n"
        "  - Resolved Tuesday 25th August 2020 12:11\n"
    )
    assert _at(parsed, "time_of_internal_detect") == "2020-08-25T11:01:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2020-08-25T12:11:00+00:00"


def test_a_sentence_clock_followed_by_its_day_with_a_weekday():
    # The page is named for another month (a slip the text corrects); its lines of clocks, with
    # no timeline heading, take the day the opening sentence gives.
    parsed = parse_html(
        "<h1>Incidents/20161104-labservices1001</h1>\n<p>At about 02:20 on Sunday 4th December "
        "2016, labservices1001 became unresponsive. It was rebooted about 20 minutes later.</p>"
        "\n<p>02:17 labservices1001 locks up</p>\n<p>02:43 the checks send recoveries</p>\n",
        "Incidents/20161104-labservices1001",
    )
    assert parsed.fields["incident_date"].isoformat() == "2016-12-04"
    assert row_moments(parsed)[-1] == ("2016-12-04T02:43:00+00:00")


def test_a_window_whose_ends_carry_their_weekday_and_day_in_words():
    parsed = parse(
        "# API outage\n\nThere was an 8 minute outage of the API, starting from Thursday 9th "
        "July 2015 17:26:35 and ending at Thursday 9th July 2015 17:34:15, caused by "
        "maintenance.\n",
    )
    assert _at(parsed, "time_of_first_trigger") == "2015-07-09T17:26:35+00:00"
    assert _at(parsed, "time_of_recovery") == "2015-07-09T17:34:15+00:00"


def test_a_window_whose_end_says_more_before_its_stamp():
    parsed = parse(
        "# September 2 outage\n\nThe homeserver was unavailable from 2025-09-02 17:45 UTC and "
        "full service resumed at 2025-09-03 18:00 UTC. No data was lost.\n",
    )
    assert _at(parsed, "time_of_first_trigger") == "2025-09-02T17:45:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2025-09-03T18:00:00+00:00"


def test_a_dot_clock_after_a_day_in_words():
    parsed = parse(
        "# Lack of disk space\n\n## Timeline\n\n"
        "- Monday 18th September 2023 15:12 Incident declared.\n"
        "- Monday 18th September 2023 15.26 Compared the disk size of the old and new nodes\n"
    )
    assert row_moments(parsed) == [
        "2023-09-18T15:12:00+00:00",
        "2023-09-18T15:26:00+00:00",
    ]


@pytest.mark.parametrize("day", ["Mar 25, 2024", "25 Mar 2024", "March 25, 2024"])
def test_rows_with_their_whole_day_in_words_keep_it_out_of_order(day):
    parsed = parse(
        f"# Domain abuse\n\n## Timeline\n\n* {day} 18:30 UTC - Email sent to the registrar\n"
        f"* {day} 17:05 UTC - Abuse report submitted\n"
    )
    # Each row writes its day with its year: 17:05 is on the 25th, not the night after.
    assert row_moments(parsed) == [
        "2024-03-25T18:30:00+00:00",
        "2024-03-25T17:05:00+00:00",
    ]


def test_rows_of_one_night_written_with_a_day_without_its_year_still_cross_midnight():
    # Guard: "[03-26 23:04]" above "[03-26 02:50]" is a night dated once (round 9's rule).
    parsed = parse(
        "# March 26th, 2019 Boskos Outage\n\n## Timeline\n\n"
        "- [03-26 23:04] Boskos stops responding\n- [03-26 02:50] Boskos restarted\n"
    )
    times = [e["occurred_at"] for e in parsed.timeline]
    assert times[1] > times[0]


def test_a_window_of_dotted_twelve_hour_clocks_with_its_zone_on_the_next_line():
    parsed = parse(
        "# About our website being offline last week-end\n\nAs many of you noticed, our main "
        "server was offline from Friday April 30 7:09 p.m.\nUTC until Monday May 3 5:58 a.m. "
        "UTC.\n",
        "2021-05-05-website-offline.md",
    )
    assert _at(parsed, "time_of_first_trigger") == "2021-04-30T19:09:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2021-05-03T05:58:00+00:00"


def test_a_row_stamped_with_a_dotted_half_of_the_day_and_a_span():
    parsed = parse(
        "# Mailman maintenance 2015-05-19\n\n## Timeline\n\n"
        "- 5:04 p.m. Mailman maintenance window started\n"
        "- 7:00 p.m.-9:00 p.m.: Troubleshooting of all steps taken\n"
    )
    rows = [(e["occurred_at"].isoformat(), e["text"]) for e in parsed.timeline]
    assert rows == [
        ("2015-05-19T17:04:00+00:00", "Mailman maintenance window started"),
        ("2015-05-19T19:00:00+00:00", "Troubleshooting of all steps taken"),
    ]


def test_a_dotted_half_of_the_day_still_ends_a_sentence():
    # Guard: the dot of "p.m." before a new sentence stays; before a zone it goes.
    assert clean("We left at 5 p.m. The site was up.") == "We left at 5 pm. The site was up."
    assert clean("It ended at 6:30 p.m. EDT on Oct. 13.") == "It ended at 6:30 pm EDT on Oct. 13."


def test_a_labelled_row_with_its_half_of_the_day():
    parsed = parse(
        "# Wrong mapping\n\n## Timeline\n\nError introduced: 2023-11-14 10:47 a.m.\n"
        "Error found: 2023-11-15 2:20 p.m.\nError fixed: 2023-11-15 2:24 p.m.\n"
    )
    assert row_moments(parsed) == [
        "2023-11-14T10:47:00+00:00",
        "2023-11-15T14:20:00+00:00",
        "2023-11-15T14:24:00+00:00",
    ]


def test_a_colonless_clock_in_gmt_then_its_day():
    parsed = parse(
        "# SVN outage\n\nPosted on: 2014-12-09\n\n## Timeline\n\n```\n"
        "0401 GMT 2014-10-26 - daily run notes the degraded disk\n"
        "2040 GMT 2014-12-03 - machine finally comes up and is usable.\n```\n"
    )
    assert row_moments(parsed) == [
        "2014-10-26T04:01:00+00:00",
        "2014-12-03T20:40:00+00:00",
    ]


def test_a_page_of_updates_without_a_lead_dates_the_incident_by_its_safe_mode():
    parsed = parse_html(
        "<h1>TESS Status Update</h1>\n<h2>TESS Resumes Normal Operations</h2>\n"
        "<p>TESS began its return to normal operations on Thursday, Oct. 13, at around 6:30 "
        "p.m. EDT. Engineers powered up the instrument.</p>\n"
        "<p>TESS entered into safe mode on Oct. 10 following a reset of its flight "
        "computer.</p>\n<h2>Oct. 12 Update</h2>\n<p>TESS entered into safe mode on Monday, "
        "Oct. 10. Recovery procedures are underway.</p>\n",
        "/feature/goddard/2022/tess-status-update",
    )
    # The year is the address's; 6:30 p.m. EDT on 13 October 2022 is 22:30 UTC.
    assert parsed.fields["incident_date"].isoformat() == "2022-10-10"
    assert _at(parsed, "time_of_recovery") == "2022-10-13T22:30:00+00:00"


@pytest.mark.parametrize(
    "rows",
    [
        (
            "Sunday 19th February 2017: A researcher discovers the exploit  \n"
            "Tuesday 21st February 2017: The patch is merged in secret  \n"
        ),
        (
            "- **Sunday 19th February 2017**: a researcher discovers the exploit\n"
            "- **Tuesday 21st February 2017**: the patch is merged in secret\n"
        ),
        (
            "| Date | Event |\n|---|---|\n| Sunday 19th February 2017 | A researcher discovers the "
            "exploit |\n| Tuesday 21st February 2017 | The patch is merged in secret |\n"
        ),
    ],
)
def test_rows_dated_by_a_weekday_and_an_ordinal_without_a_clock(rows):
    # The file's name is the disclosure's, months later: the rows' own days date the incident.
    parsed = parse(f"# Key image bug\n\n## Timeline\n\n{rows}", "2017-05-17-key-image-bug.md")
    assert parsed.fields["incident_date"].isoformat() == "2017-02-19"
