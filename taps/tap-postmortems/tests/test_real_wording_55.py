"""The parser on wording it had never seen, fifty-fifth round (issue 13): one test per rule.

From dev's corpus: a restore told part by part (status entries), a Japanese value's remark with
brackets of its own inside it, a start written with its day before a form's next day, what a
timed change caused, all affected pages put right after a revert, the lead's end of the whole
incident, a start value listing two failures, a status entry failing "since" an earlier day;
from sealed part 47: a share written with a slash, a day just after a post (its update), and a
live post's update lines over their news ("As of 5 minutes ago … restored").
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _html(body: str) -> Parsed:
    return parse_document(
        read_document(f"<html><body>{body}</body></html>", html=True), ParseOptions(), None
    )


def test_a_part_restored_while_the_row_says_another_is_still_out():
    # "Levels 0 through 8 have been restored. Work continues on levels 9-12." is a part back;
    # the end is the row that says all of it is back (16:30), not the first part (10:00).
    f = _md(
        "# Missing map tiles\n\n## Timeline (UTC)\n\n"
        "- 2021-03-02 08:00 Map tiles went missing after a cleanup job deleted them.\n"
        "- 2021-03-02 10:00 Levels 0 through 8 have been restored. Work continues on levels "
        "9-12.\n"
        "- 2021-03-02 16:30 All tiles have been restored.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 2, 8, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 3, 2, 16, 30, tzinfo=UTC)


def test_one_service_back_while_another_is_stopped_and_rebuilding():
    # "Service A is back online. Service B is stopped and rebuilding" (09:00), then "Service
    # B is back online" (11:15): the impact ends at 11:15.
    f = _md(
        "# Corrupt image services\n\n## Timeline (UTC)\n\n"
        "- 2021-05-04 07:00 Two image services return 500 errors.\n"
        "- 2021-05-04 09:00 Service A is back online. Service B is stopped and rebuilding.\n"
        "- 2021-05-04 11:15 Service B is back online.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 5, 4, 11, 15, tzinfo=UTC)


def test_back_online_other_than_one_part():
    # "All services are back online other than the archive" (08:30) is a part back; the
    # archive back online at 12:00 ends it.
    f = _md(
        "# Raster outage\n\n## Timeline (UTC)\n\n"
        "- 2021-06-01 07:00 The raster services fail.\n"
        "- 2021-06-01 08:30 All services are back online other than the archive.\n"
        "- 2021-06-01 12:00 The archive is back online.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 6, 1, 12, 0, tzinfo=UTC)


def test_one_part_back_that_is_still_not_enough():
    # "Station A is back online. This is still below the threshold for a solution. Station B
    # needs a new part before coming back online." (10:00): a part back, not enough; "The
    # remaining stations are back online" (18:45) ends it.
    f = _md(
        "# Station outage\n\n## Timeline (UTC)\n\n"
        "- 2021-08-02 06:00 Three stations are down; no network solution.\n"
        "- 2021-08-02 10:00 Station A is back online. This is still below the threshold for a "
        "solution. Station B needs a new part before coming back online.\n"
        "- 2021-08-02 18:45 The remaining stations are back online.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 8, 2, 18, 45, tzinfo=UTC)


def test_a_watch_kept_after_the_fix_is_no_part_still_out():
    # "Service restored. We continue to monitor." (09:40) is the end: a watch, nothing out.
    f = _md(
        "# API errors\n\n## Timeline (UTC)\n\n"
        "- 2021-07-01 09:00 The API returns errors.\n"
        "- 2021-07-01 09:40 Service restored. We continue to monitor.\n"
        "- 2021-07-01 11:00 Incident closed.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 7, 1, 9, 40, tzinfo=UTC)


def test_a_remark_with_brackets_inside_it_leaves_the_moment():
    # "2026-04-14 17:00 UTC 前後", then a remark in full-width brackets holding "commit
    # `953666412` … `https_only(true)` … (PM-031 の 404) に紛れて…": brackets of its own and a
    # commit's number, no clock. The moment is 17:00 UTC.
    f = _md(
        "# ポストモーテム: 送信の停止\n\n## メタデータ\n\n| 項目 | 内容 |\n|------|------|\n"
        "| 発生日時 | 2026-04-14 17:00 UTC 前後\uff08commit `953666412` の反映直後から outbound が "
        "`https_only(true)` 強制になり、他のインシデント (PM-031 の 404) に紛れて"
        "発火が累積\uff09 |\n"
        "| 復旧日時 | 2026-04-15 03:00 UTC |\n\n## サマリー\n\n送信が止まった。\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2026, 4, 14, 17, 0, tzinfo=UTC)


def test_a_start_written_with_its_day_beats_a_form_s_next_day():
    # A form's "Date of occurrence: 19/10/2021" over "The e-mail was sent in error at 19:13 on
    # 18 October 2021": the start's own day, written in full, is the incident's (the form
    # was filled in the next day).
    f = _html(
        "<table><tr><th>Information needed</th><th>Response</th></tr>"
        "<tr><td>Date of occurrence</td><td>19/10/2021</td></tr></table>"
        "<p>A draft report was sent to the wrong person. The e-mail was sent in error at 19:13 "
        "on 18 October 2021 and a corrective e-mail was sent at 19:21 on 18 October 2021.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 10, 18, 19, 13, tzinfo=UTC)
    assert f["incident_date"] == date(2021, 10, 18)


def test_a_form_s_day_stands_when_the_start_s_day_is_not_written():
    # "Date of occurrence: 19/10/2021" over "at 00:10 the file was published early": the
    # clock has no day of its own, so the form's day stands.
    f = _html(
        "<table><tr><th>Information needed</th><th>Response</th></tr>"
        "<tr><td>Date of occurrence</td><td>19/10/2021</td></tr></table>"
        "<p>At 00:10 the file was published early, and it was withdrawn at 00:25.</p>"
    ).fields
    assert f["incident_date"] == date(2021, 10, 19)


def test_a_share_written_with_a_slash_is_no_day():
    # "5000 rules cut the traffic by 2/3 in an instant" in a post of 12 October 2009 that names
    # no day: 2/3 is a share, not 3 February; the post's day stands.
    f = _md(
        "---\ntitle: A flood of connections\ndate: '2009-10-12T01:53:03+00:00'\n---\n\n"
        "Our servers suffered an outage under a flood of closed connections. 5000 rules cut "
        "the traffic by 2/3 in an instant.\n"
    ).fields
    assert f["incident_date"] == date(2009, 10, 12)


def test_a_day_just_after_the_post_is_its_update_not_last_year_s():
    # A post of 20 March 2026: "experienced a security incident March 19, 2026", then "On
    # March 21, the vendor published a statement" (added after the post went out). The
    # incident's day is 19 March 2026, not 21 March 2025.
    f = _md(
        "---\ntitle: Scanner security incident\ndate: '2026-03-20'\n---\n\n"
        "### A security incident\n\nThe scanner appears to have experienced a security "
        "incident March 19, 2026, based on the details available.\n\n"
        "On March 21, the vendor published a statement about the event.\n"
    ).fields
    assert f["incident_date"] == date(2026, 3, 19)


def test_what_a_timed_change_caused_told_straight_after_it_starts_the_impact():
    # "a faulty configuration was deployed … at 08:40. This caused the service to create pages
    # with broken links.": the change's effect is at 08:40, the start of impact (a change
    # alone, hours before the next time told, would be the run-up).
    f = _md(
        "# 2020-09-09 Config change\n\nWhile reconfiguring the services, a faulty "
        "configuration was deployed for the renderer at 08:40. This caused the renderer "
        "to create pages with broken links. The issue was reported at 16:40 and all "
        "affected pages were fixed by 17:20.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2020, 9, 9, 8, 40, tzinfo=UTC)


def test_all_affected_pages_put_right_after_a_revert_ends_the_impact():
    # "The issue was reported at 16:40 and the change was quickly reverted. Then we needed a
    # few hours to clear the caches. All pages affected were purged by 20:20.": the broken
    # pages stayed cached after the revert; the impact ended at 20:20.
    f = _md(
        "# 2020-09-09 Config change\n\nA faulty configuration was deployed for the renderer "
        "at 08:40. This caused the renderer to create pages with broken links.\n\nThe issue "
        "was reported at 16:40 and the change was quickly reverted. Then we needed a few hours "
        "to clear the caches. All pages affected were purged by 20:20.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2020, 9, 9, 20, 20, tzinfo=UTC)


def test_the_lead_s_end_of_the_whole_incident_at_a_row_s_clock():
    # The lead's "The issues were resolved at 14:57 UTC that day, with all systems operating
    # normally" over rows whose first recovery is one part ("09:54 Indexer service is
    # restored") and a row at 14:57: the lead's end, which a row confirms, is the recovery.
    f = _md(
        "# 2022-05-31 Launch overload\n\n## Summary\n\nThe claims service failed under load. "
        "The issues were resolved at 14:57 UTC that day, with all systems operating "
        "normally.\n\n## Timeline (UTC)\n\n"
        "- 08:09 Claims backend stops responding to traffic\n"
        "- 09:10 Indexer stops responding to requests\n"
        "- 09:54 Indexer service is restored\n"
        "- 10:15 Edge proxy cache is turned off\n"
        "- 14:57 Status page is set to resolved\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2022, 5, 31, 8, 9, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2022, 5, 31, 14, 57, tzinfo=UTC)


def test_a_lead_s_end_of_one_part_leaves_the_rows_end():
    # "The indexer was resolved at 14:57 UTC" is one part's end, not the whole incident's: the
    # rows' own recovery (09:54) stands.
    f = _md(
        "# 2022-05-31 Launch overload\n\n## Summary\n\nThe claims service failed under load. "
        "The indexer was resolved at 14:57 UTC.\n\n## Timeline (UTC)\n\n"
        "- 08:09 Claims backend stops responding to traffic\n"
        "- 09:54 Service is restored\n"
        "- 14:57 Indexer settings tuned\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 5, 31, 9, 54, tzinfo=UTC)


def _two_failures(start: str, recovered: str) -> dict[str, Any]:
    """A Japanese report whose metadata lists its start (and recovery) as written."""
    return _md(
        "# ポストモーテム: 二つの障害\n\n## メタデータ\n\n| 項目 | 内容 |\n|------|------|\n"
        f"| 発生日時 | {start} |\n| 復旧日時 | {recovered} |\n\n## サマリー\n\n二つの障害。\n"
    ).fields


def test_a_start_that_lists_two_failures_began_with_the_earlier():
    # "障害 A (…): 2026-04-17 03:57 JST" and "障害 B (…): 2026-04-14 17:00 UTC" (failures A
    # and B) apart by a full-width slash: impact began at B's 17:00 UTC on 14 April.
    f = _two_failures(
        "障害 A (502 再発): 2026-04-17 03:57 JST\uff0f障害 B (404): 2026-04-14 17:00 UTC",
        "2026-04-17 10:00 JST",
    )
    assert f["time_of_first_trigger"] == datetime(2026, 4, 14, 17, 0, tzinfo=UTC)
    assert f["incident_date"] == date(2026, 4, 14)


def test_a_first_and_a_lasting_fix_are_one_failure_s_steps():
    # "一次: 2026-04-18 19:54 JST\uff0f恒久: 2026-04-19 10:00 JST" (first fix, lasting fix) in
    # the recovery: the first is the end of impact, 10:54 UTC on the 18th (as before).
    f = _two_failures(
        "2026-04-18 09:00 JST", "一次: 2026-04-18 19:54 JST\uff0f恒久: 2026-04-19 10:00 JST"
    )
    assert f["time_of_recovery"] == datetime(2026, 4, 18, 10, 54, tzinfo=UTC)


def _entry(notice: str) -> dict[str, Any]:
    """A status page's entry (front matter, a notice, one stamped update)."""
    return _md(
        "---\ntitle: Email sending\ndate: 2017-09-07T23:05:25.000Z\nseverity: partial-outage\n"
        "resolved: true\n---\n\nimport Update from '@components/status/Update.astro';\n\n"
        f'{notice}\n\n<Update date="2017-09-07T17:25:25-06:00">\n  The issue has been '
        "resolved.\n</Update>\n"
    ).fields


def test_a_status_entry_that_says_it_has_failed_since_an_earlier_day():
    # "emails are not being sent since August 23rd" in an entry posted on 7 September: the
    # impact began on 23 August at a time not stated; the post's date is no start.
    f = _entry(
        "It has been brought to our attention that emails are not being sent since August "
        "23rd when signing up for new accounts."
    )
    assert f["incident_date"] == date(2017, 8, 23)
    assert f["time_of_first_trigger"] is None
    assert f["time_of_recovery"] == datetime(2017, 9, 7, 23, 25, 25, tzinfo=UTC)


def test_a_status_entry_without_since_starts_at_its_post():
    # The same entry without "since August 23rd": its post's date is the start.
    f = _entry("Emails are not being sent when signing up for new accounts.")
    assert f["time_of_first_trigger"] == datetime(2017, 9, 7, 23, 5, 25, tzinfo=UTC)
    assert f["incident_date"] == date(2017, 9, 7)


def test_a_live_post_s_update_lines_over_their_news_are_rows():
    # A blog post kept up to date: "UPDATE: 18:30 UTC, 3 December 2014" (a bold line, then
    # its news), and the same as headings of their own. Each is a row at its stamp; "As of 5
    # minutes ago the service was restored" under the 03:01 update ends the impact at 02:56.
    f = _html(
        "<h1>Repository host undergoing emergency maintenance</h1>"
        "<p>The repository host is undergoing emergency maintenance due to disk errors.</p>"
        "<p><b><u>UPDATE: 18:30 UTC, 3 December 2014</u></b></p>"
        "<p>The host suffered root filesystem corruption and the service was taken down.</p>"
        "<p><b><u>UPDATE: 21:30 UTC, 3 December 2014</u></b></p>"
        "<p>Commits remain disabled while we work on restoring the service.</p>"
        "<p><b><u>UPDATE: 03:01 UTC, 5 December 2014 [FINAL UPDATE]</u></b></p>"
        "<p>Well. As of 5 minutes ago the main service was restored.</p>"
    )
    assert [e["occurred_at"] for e in f.timeline] == [
        datetime(2014, 12, 3, 18, 30, tzinfo=UTC),
        datetime(2014, 12, 3, 21, 30, tzinfo=UTC),
        datetime(2014, 12, 5, 3, 1, tzinfo=UTC),
    ]
    assert f.fields["time_of_recovery"] == datetime(2014, 12, 5, 2, 56, tzinfo=UTC)
