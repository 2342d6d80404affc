"""The parser on wording it had never seen, thirty-eighth round (issue 13): one test per rule.

Round 31's sealed part brought a genre the corpus had not held: an agency's outage notice, a
statement or a status-blog entry, published a day or more after the outage and dated then
(a dateline under its heading), or a post that dates the code change behind it long before.
Each test is a minimal document written for the habit (not a copy of a corpus document), and
its expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _notice(dateline: str, story: str) -> str:
    """An agency's notice: its heading, a line that only dates it, then its story."""
    return (
        "<html><head><title>Network notice</title></head><body><main>"
        "<h1>Statement on the network outage</h1>"
        f"<p>{dateline}</p><p>{story}</p>"
        "<p>We apologize for the inconvenience and will keep you informed.</p>"
        "</main></body></html>"
    )


def test_a_dateline_dates_the_notice_and_the_story_dates_the_incident():
    # "Dec 19, 2025, 8:18:52 PM (16 hours ago)": a list archive's stamp, the notice's day;
    # the story's "Wednesday (Dec. 17 2025)" is the outage's (nist 2025-12-17), also in a
    # sentence that names no outage.
    f = _html(
        _notice(
            "Mar 6, 2024, 9:02:11 AM (3 hours ago)",
            "Our data centre lost utility power Monday (Mar. 4 2024) and the time "
            "service stopped answering.",
        )
    ).fields
    assert f["incident_date"] == date(2024, 3, 4)


def test_a_day_in_a_sentence_is_no_dateline():
    # Guard: a sentence that writes its day ("On March 6, 2024 the site was down for all
    # users") is the story, though an earlier day follows it (a deploy that hurt nobody).
    f = _html(
        _notice(
            "On March 6, 2024 the site was down for all users after a failed upgrade.",
            "The upgrade had been prepared on March 4, 2024 and tested in staging.",
        )
    ).fields
    assert f["incident_date"] == date(2024, 3, 6)


def test_a_weekday_with_its_part_of_the_day_before_the_day_dates_the_story():
    # "On Tuesday night, December 22, a major power disruption …" under a statement's
    # "(December 24, 2015)" (uspto 2015-12-22): the night is between the weekday and the
    # day; the day takes the dateline's year.
    f = _html(
        _notice(
            "(March 6, 2024)",
            "On Monday night, March 4, a power failure at our data centre shut down the "
            "filing systems.",
        )
    ).fields
    assert f["incident_date"] == date(2024, 3, 4)


def _post(lead: str, story: str) -> str:
    """A developer-blog post: front matter dated after the incident, a lead, 'What happened?'."""
    return (
        "---\ntitle: API update\ndate: 2024-03-20\n---\n\n"
        f"{lead}\n\n## What happened?\n\n{story}\n\n## What are we doing now?\n\n"
        "We are reviewing every change before it is committed.\n"
    )


def test_an_update_box_headed_deeper_than_the_sections_is_in_the_lead():
    # "### 12/27/2019 Update" over the post's lead and "## What happened?" (cms
    # 2019-12-04): Markdown runs the lead on under the box's heading; its "On December 4th"
    # still dates the incident, not the day the faulty code was committed.
    f = _md(
        _post(
            "### 03/25/2024 Update\n\nUpdate: the API is available again.\n\n"
            "On March 4th, a partner reported wrong data from the API.",
            "The code that caused this error was committed on May 2, 2023.",
        )
    ).fields
    assert f["incident_date"] == date(2024, 3, 4)


def test_a_day_the_faulty_change_was_committed_long_before_is_the_causes():
    # "The code that caused this bug was committed on January 11, 2018" in a post about
    # "On December 4th, a third-party application partner reported a data anomaly" (cms
    # 2019-12-04): the change lay unseen for more than a write-up's lag; the story's later
    # day is the incident's.
    f = _md(
        _post(
            "On March 4th, a partner reported wrong data from the API.",
            "The code that caused this error was committed on May 2, 2023.",
        )
    ).fields
    assert f["incident_date"] == date(2024, 3, 4)


def test_a_faulty_change_committed_days_before_still_dates_the_incident():
    # Guard: a change merged three days before users saw it is within a write-up's lag; its
    # day is kept (the impact may have begun with it).
    f = _md(
        _post(
            "On March 4th, a partner reported wrong data from the API.",
            "The code that caused this error was merged on March 1, 2024.",
        )
    ).fields
    assert f["incident_date"] == date(2024, 3, 1)


def test_a_page_laid_out_in_one_table_cell_reads_its_paragraphs():
    # An older announcement laid out in a table of one cell: "Publication Date: September
    # 9, 2008", "Summary: …", then the story (fsa 2008-09-08). The cell is no table of
    # values: its paragraphs are the page's, so the publication's line is a byline and the
    # story's "began late in the afternoon of September 8, 2008" dates the outage.
    f = _html(
        "<html><head><title>Summary: Network outage</title></head><body><main>"
        "<table><tr><td>"
        "<p><strong>Publication Date:</strong> March 6, 2024</p>"
        "<p><strong>Summary:</strong> Network outage resolved</p>"
        "<p>In an earlier announcement we informed schools of a network outage that began "
        "late in the afternoon of March 4, 2024 and blocked access to the web sites.</p>"
        "<p>All affected web sites are functional again.</p>"
        "</td></tr></table></main></body></html>"
    ).fields
    assert f["incident_date"] == date(2024, 3, 4)


def test_a_table_of_values_stays_a_table():
    # Guard: a one-row table of several cells is a table, its cells no paragraphs of a page.
    doc = read_document(
        "<html><body><h1>Outage</h1><table><tr><td><p>Start</p></td><td><p>March 4, 2024"
        "</p></td></tr></table></body></html>",
        html=True,
    )
    assert [b.kind for s in doc.sections for b in s.blocks] == ["table"]


def test_a_clock_with_a_us_region_after_it_is_read_in_that_region():
    # "At approximately 4:30 a.m. ET on August 15, 2018, PALM experienced an issue" (uspto
    # 2018-08-15): ET in August is EDT, UTC-4.
    f = _html(
        _notice(
            "(August 20, 2024)",
            "At approximately 4:30 a.m. ET on August 15, 2024, the filing system experienced "
            "an issue during maintenance.",
        )
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 8, 15, 8, 30, tzinfo=UTC)


def test_a_bracketed_region_after_capital_am_keeps_the_clock_its_zone_and_day():
    # "We fully resolved the network outage issue at 10:00 A.M. (ET) on Tuesday, September
    # 9, 2008" (fsa 2008-09-08): "A.M." ends no sentence, so "(ET)" and the day are the
    # clock's: 14:00 UTC on the 9th, the recovery.
    f = _html(
        _notice(
            "(September 12, 2024)",
            "The network outage began late in the afternoon of September 9, 2024. We fully "
            "resolved the network outage issue at 10:00 A.M. (ET) on Tuesday, September 10, "
            "2024. All web sites are functional again.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2024, 9, 10, 14, 0, tzinfo=UTC)


def test_capitals_that_only_begin_a_word_after_a_clock_are_no_region():
    # Guard: "At 10:00 ETL jobs failed" names a kind of job, not Eastern time: UTC, as the
    # notice states no zone.
    f = _html(
        _notice(
            "(August 20, 2024)",
            "At 10:00 ETL jobs failed on August 15, 2024 and the reports were unavailable.",
        )
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 8, 15, 10, 0, tzinfo=UTC)


def _announcement(story: str) -> str:
    return (
        "<html><head><title>Subject: Web site available</title></head><body><main>"
        "<h1>Subject: Issue Resolution - Web Site Fully Available</h1>"
        "<p><strong>Posted Date:</strong> March 30, 2024</p>"
        f"<p>{story}</p>"
        "<p>We have implemented system fixes to resolve the issues experienced both today "
        "and yesterday, March 29, 2024.</p></main></body></html>"
    )


def test_a_paragraph_telling_of_another_post_is_no_byline():
    # "In an Electronic Announcement posted earlier today, March 30, 2010, we reported issues
    # with the Web site. From approximately 11:15 A.M. until 1:15 P.M. (ET), the Web site
    # was unavailable" (fsa 2010-03-30): "posted" is the story's, not this notice's byline;
    # its day dates the window (EDT in late March), not yesterday's untimed issues.
    f = _html(
        _announcement(
            "In an Electronic Announcement posted earlier today, March 30, 2024, we reported "
            "issues with the Web site. From approximately 11:15 A.M. until 1:15 P.M. (ET), "
            "the Web site was unavailable to users, and inaccurate messages about the "
            "unplanned outage appeared on the site during portions of the outage period."
        )
    ).fields
    assert f["incident_date"] == date(2024, 3, 30)
    assert f["time_of_first_trigger"] == datetime(2024, 3, 30, 15, 15, tzinfo=UTC)


def test_a_short_byline_still_dates_the_post():
    # Guard: "Posted on: 2014-12-09 09:58:37+00:00" alone on its line dates the post; the
    # story's earlier day is the incident's (apache 2014-12-03).
    f = _html(
        "<html><body><h1>SVN outage</h1><p>Posted on: 2024-03-30 09:58:37+00:00</p>"
        "<p>On March 25, 2024 the SVN service was down for most of the day.</p>"
        "</body></html>"
    ).fields
    assert f["incident_date"] == date(2024, 3, 25)


def test_a_notice_field_label_before_the_title_is_no_part_of_the_name():
    # "Summary: Issue Resolution - Network Outage …" (fsa 2008-09-08, the page title) and
    # "(General) Subject: Issue Resolution - Web Site Fully Available" (fsa 2010-03-30, its
    # heading): an announcement's field label, with its category in brackets.
    f = _html(
        "<html><head><title>(General) Subject: Issue Resolution - Web Site Available</title>"
        "</head><body><h1>(General) Subject: Issue Resolution - Web Site Available</h1>"
        "<p>The web site was unavailable.</p></body></html>"
    ).fields
    assert f["incident_name"] == "Issue Resolution - Web Site Available"
    f = _html(
        "<html><head><title>Summary: Network Outage Resolved | Knowledge Center</title>"
        "</head><body><p>The network was unavailable.</p></body></html>"
    ).fields
    assert f["incident_name"] == "Network Outage Resolved"


def test_a_title_that_only_begins_with_the_word_keeps_it():
    # Guard: "Subject access requests failing" names a kind of request; no label, no colon.
    f = _md("# Subject access requests failing\n\nRequests failed for an hour.\n").fields
    assert f["incident_name"] == "Subject access requests failing"


def test_a_status_blog_entry_is_named_by_its_heading_not_the_blogs():
    # "<h1>USPTO Systems Status and Availability</h1>" (the blog's banner) over "<h2>Power
    # Outage Update</h2>" on a page titled "Power Outage Update (USPTO Systems Status and
    # Availability)" (uspto 2015-12-22 update): the entry names the page, its story is the
    # lead, and its "occurred Tuesday, December 22" dates the outage, not the day box.
    f = _html(
        "<html><head><title>Power Outage Update (Systems Status and Availability)</title>"
        "</head><body><div><h1>Systems Status and Availability</h1></div>"
        "<div>Monday Dec 28, 2024</div><h2>Power Outage Update</h2>"
        "<p>A major power outage at our headquarters occurred Tuesday, December 22, "
        "resulting in damaged equipment.</p></body></html>"
    ).fields
    assert f["incident_name"] == "Power Outage Update"
    assert f["incident_date"] == date(2024, 12, 22)


def test_a_posts_updated_stamp_is_no_moment_of_the_incident():
    # "Statement updated at 4:00 PM ET December 27, 2015 to include operational status for
    # December 28" (uspto 2015-12-22 update): the entry's stamp; the outage's start has no
    # clock.
    f = _html(
        _notice(
            "Statement updated at 4:00 PM ET December 27, 2024 to include the status.",
            "A major power outage occurred Tuesday, December 22, 2024 and shut down systems.",
        )
    ).fields
    assert f["time_of_first_trigger"] is None
    assert f["incident_date"] == date(2024, 12, 22)


def test_an_h1_the_page_title_names_with_its_site_stays_the_name():
    # Guard: "<title>Database outage (Acme Blog)</title>" over "<h1>Database outage</h1>":
    # the heading is the page's own name, and its "## Timeline" a section.
    f = _html(
        "<html><head><title>Database outage (Acme Blog)</title></head><body>"
        "<h1>Database outage</h1><p>On March 4, 2024 the database was down.</p>"
        "<h2>Timeline</h2><p>10:00 UTC the database stopped.</p></body></html>"
    ).fields
    assert f["incident_name"] == "Database outage"


def _czech_post(story: str) -> str:
    return f"---\nlayout: post\ntitle: Havárie serveru\ndate: 2024-08-13\n---\n\n{story}\n"


def test_yesterday_in_another_language_counts_back_from_the_publication():
    # "Včera večer došlo k výpadku v datacentru Tower" (Czech: yesterday evening the Tower
    # data centre failed) in a post of 13 August 2019 (l10ncz 2019-08-12): the day before.
    f = _md(
        _czech_post(
            "Zdravím všechny. Včera večer došlo k výpadku v datacentru, po kterém se disky "
            "serveru odebraly do křemíkového nebe."
        )
    ).fields
    assert f["incident_date"] == date(2024, 8, 12)


def test_yesterdays_event_named_as_a_thing_is_no_day_of_the_story():
    # Guard: "yesterday's service outage" names an earlier event the post follows up.
    f = _md(_czech_post("Following up on yesterday's service outage, the mail is back.")).fields
    assert f["incident_date"] == date(2024, 8, 13)


def _broken_table(after: str) -> Parsed:
    return _md(
        "# Network Outage 2016-12-17\n\n## Timeline\n\n| Time | Description |\n| --- | --- |\n"
        "| 8:20AM PST | Electricians start planned power work. |\n"
        '| 9:12AM PST | "Staff arrive on-site and confirm the data center is powered on and |\n'
        f"\n{after}\n\n## Root Cause\n\nThe generator was out of phase.\n"
    )


def test_timeline_rows_run_together_after_a_blank_line_are_rows_again():
    # A blank line inside a Markdown table ends it; the rows after it run on as one
    # paragraph ('… had been rebooted." 9:30AM PST| "OSL confirms …" 11:07AM PST| Power
    # restored …', osuosl 2016-12-17): each time before a cell bar opens a row again, and
    # the words before the first one end the last row. PST: UTC-8.
    parsed = _broken_table(
        'that none of the systems had been rebooted." 9:30AM PST| Staff confirm the root '
        "cause.\n11:15AM PST| Network was restored."
    )
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2016, 12, 17, h, m, tzinfo=UTC)
        for h, m in ((16, 20), (17, 12), (17, 30), (19, 15))
    ]
    assert "rebooted" in parsed.timeline[1]["text"]


def test_a_paragraph_after_a_timeline_table_without_cell_bars_stays_prose():
    # Guard: "Total Outage: 2 hours 49 minutes" under the table is no row.
    assert len(_broken_table("Total Outage: 2 hours 49 minutes").timeline) == 2


def _summary_and_rows(summary: str) -> dict:
    return _md(
        "# Network Outage 2016-12-17\n\n## Issue Summary\n\n"
        f"{summary}\n\n## Timeline\n\n| Time | Description |\n| --- | --- |\n"
        "| 8:20AM PST (approx) | Electricians start a planned power outage in the building. |\n"
        "| 8:28AM PST | Staff received a page regarding several networks being off-line. |\n"
        "| 11:15AM PST | Network was restored. |\n"
    ).fields


def test_losing_network_connectivity_starts_the_impact_and_a_page_received_detects_it():
    # "At approximately 8:28 AM PST (1628 UTC) we lost all our network connectivity" over
    # rows opening on the electricians' planned work at 8:20 and "OSL received a page
    # regarding several networks being off-line" at 8:28 (osuosl 2016-12-17): impact began
    # at 8:28 (16:28 UTC), and the page is the team's own detection at that moment.
    f = _summary_and_rows(
        "At approximately 8:28 AM PST (1628 UTC) we lost all our network connectivity in our "
        "data center."
    )
    assert f["time_of_first_trigger"] == datetime(2016, 12, 17, 16, 28, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2016, 12, 17, 16, 28, tzinfo=UTC)


def test_losing_utility_power_is_no_start_of_impact():
    # Guard: "lost utility power" is a cause standby generators may bridge (nist
    # 2025-12-17: "At initial power loss, there was no immediate impact").
    f = _summary_and_rows("At approximately 8:10 AM PST the campus lost utility power.")
    assert f["time_of_first_trigger"] != datetime(2016, 12, 17, 16, 10, tzinfo=UTC)


def _power_rows(*rows: str) -> dict:
    return _md(
        "# Data center outage 2024-03-04\n\n## Timeline\n\n| Time | Description |\n"
        "| --- | --- |\n| 10:00 UTC | The network went down. |\n"
        + "".join(f"| {row} |\n" for row in rows)
    ).fields


def test_power_restored_is_a_step_before_the_service_is():
    # "11:07AM PST | Power restored in basement data center." then "11:15AM PST | OSL
    # Network was restored." (osuosl 2016-12-17): the power is what the service runs on;
    # the service's own restoration is the recovery.
    f = _power_rows(
        "11:07 UTC | Power restored in the basement data center.",
        "11:15 UTC | Network was restored.",
    )
    assert f["time_of_recovery"] == datetime(2024, 3, 4, 11, 15, tzinfo=UTC)


def test_power_restored_alone_is_still_the_recovery():
    # Guard: with no later row saying more, the power's return is the recovery.
    f = _power_rows("11:07 UTC | Power restored in the basement data center.")
    assert f["time_of_recovery"] == datetime(2024, 3, 4, 11, 7, tzinfo=UTC)


def test_a_notices_only_clock_being_the_recovery_is_no_start():
    # "… a network outage that began late in the afternoon of September 8, 2008 …" and "We
    # fully resolved the network outage issue at 10:00 A.M. (ET) on Tuesday, September 9,
    # 2008" (fsa 2008-09-08): the one clock ends the impact; the start has none, and the
    # day is the one the notice gives the outage.
    f = _html(
        _notice(
            "(September 12, 2024)",
            "We informed schools of a network outage that began late in the afternoon of "
            "September 9, 2024. We fully resolved the network outage issue at 10:00 A.M. (ET) "
            "on Tuesday, September 10, 2024.",
        )
    ).fields
    assert f["time_of_first_trigger"] is None
    assert f["time_of_recovery"] == datetime(2024, 9, 10, 14, 0, tzinfo=UTC)
    assert f["incident_date"] == date(2024, 9, 9)


def test_a_first_clock_before_the_recovery_is_still_taken_for_the_start():
    # Guard: "At 09:00 UTC on March 4, 2024 the cache cluster was patched … We restored the
    # service at 09:20 UTC": the first clock is no recovery, so it stays the start taken for
    # want of any.
    f = _html(
        _notice(
            "(March 6, 2024)",
            "At 09:00 UTC on March 4, 2024 the cache cluster was patched. We restored the "
            "service at 09:20 UTC.",
        )
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def test_a_row_confirming_the_root_cause_is_is_the_cause_found():
    # "9:30AM PST | "OSL confirms the root cause is a UPS problem in the basement data
    # center …"" (osuosl 2016-12-17): the root cause found at 9:30 PST, 17:30 UTC.
    f = _power_rows(
        "10:40 UTC | The team confirms the root cause is a UPS problem in the basement.",
        "11:15 UTC | Network was restored.",
    )
    assert f["time_of_rca"] == datetime(2024, 3, 4, 10, 40, tzinfo=UTC)


def test_a_plan_to_confirm_the_root_cause_finds_nothing():
    # Guard: "We will confirm the root cause is fixed" is a plan, no moment of finding it.
    f = _power_rows(
        "10:40 UTC | We will confirm the root cause is fixed after the weekend.",
        "11:15 UTC | Network was restored.",
    )
    assert f["time_of_rca"] is None
