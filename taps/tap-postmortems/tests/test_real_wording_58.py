"""The parser on wording it had never seen, fifty-eighth round (issue 13): one test per rule.

From sealed part 50 (now in dev): a metadata list whose moments carry a remark in brackets, and
whose "Date (UTC)" is the day after the clocked start; a deploy verification and an operator's
status snapshot reporting the failure; a post's "Since Friday (31.03.2017)"; a length's span
that begins before the title's day; the last signs of health that are no detection; a
detection counted back from a later clock; from sealed part 51: a clock written in part, a
date label written in two zones, a deployment tool reporting the failure; from dev: a post
that writes its own day with its weekday. Each test is a minimal document written for the
habit (not a copy of a corpus document); its expected values are worked out by hand from the
text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_a_moment_with_a_remark_in_brackets_and_a_date_the_day_after():
    # "- Start (UTC): 2026-01-15T04:20:00Z (first observed failing smoke metrics)" under
    # "- Date (UTC): 2026-01-16": the start is 04:20 on the 15th, the incident's day with it.
    f = _md(
        "# Incident: Replay smoke failures (2026-01-16)\n\n## Metadata\n\n"
        "- Date (UTC): 2026-01-16\n- Severity: sev2\n"
        "- Start (UTC): 2026-01-15T04:20:00Z (first observed failing smoke metrics)\n"
        "- End (UTC): 2026-01-16T02:51:56Z (smoke metrics OK)\n\n"
        "## Timeline (UTC)\n\n- 2026-01-08T06:25:23Z — Tiering service last restarted.\n"
        "- 2026-01-15T04:20:00Z — Smoke metrics start failing.\n"
        "- 2026-01-16T02:51:56Z — Smoke metrics OK again.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2026, 1, 15, 4, 20, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2026, 1, 16, 2, 51, 56, tzinfo=UTC)
    assert f["incident_date"] == date(2026, 1, 15)


def _rows(*rows: str) -> dict[str, Any]:
    return _md("# 2026-02-06 API errors\n\n## Timeline (UTC)\n\n" + "".join(rows)).fields


def test_a_deploy_verification_reporting_the_failure_is_the_detection():
    # "14:55:33 Deploy verification reports /api/search 500": the team's own automated check.
    f = _rows(
        "- 2026-02-06T14:50:00Z — Deploy of the new API version started.\n",
        "- 2026-02-06T14:55:33Z — Deploy verification reports /api/search 500.\n",
        "- 2026-02-06T15:05:15Z — /api/search returns 200; verification passes.\n",
    )
    assert f["time_of_internal_detect"] == datetime(2026, 2, 6, 14, 55, 33, tzinfo=UTC)


def test_an_operator_s_status_snapshot_showing_the_failure_is_the_detection():
    # "05:21:15 Status snapshot: job 7 still failed with 0 WARCs": the operator sees it.
    f = _rows(
        "- 2026-02-05T20:22:04Z — Worker picked job 7; job failed immediately.\n",
        "- 2026-02-06T05:21:15Z — Status snapshot: job 7 still failed with 0 WARCs.\n",
        "- 2026-02-06T13:39:52Z — Reset the retry count so the job can run; job restored.\n",
    )
    assert f["time_of_internal_detect"] == datetime(2026, 2, 6, 5, 21, 15, tzinfo=UTC)


def test_a_post_s_since_a_day_in_figures():
    # A post of 3 April 2017: "Since Friday (31.03.2017) some users reported, that our Cloud is
    # unavailable": the trouble ran since 31 March.
    f = _md(
        "---\nlayout: post\ntitle: Cloud partially unavailable\ndate: 2017-04-03 14:00:00\n"
        "---\nSince Friday (31.03.2017) some users reported, that our cloud is unavailable from "
        "some internet providers.\n\nWe are working on a solution!\n"
    ).fields
    assert f["incident_date"] == date(2017, 3, 31)


def test_a_length_s_span_begins_before_the_title_s_day():
    # "Watchdog Unmount Bug — 2026-02-02" over "**Duration**: ~9 days (2026-01-24 last
    # successful run → 2026-02-02 fix deployed)": the impact began on 24 January.
    f = _md(
        "# Watchdog Unmount Bug — 2026-02-02\n\n**Status**: Resolved\n"
        "**Duration**: ~9 days (2026-01-24 last successful run → 2026-02-02 fix deployed)\n\n"
        "## Summary\n\nThe watchdog silently skipped stale mounts.\n"
    ).fields
    assert f["incident_date"] == date(2026, 1, 24)


def test_last_observed_progress_and_pages_crawled_are_no_detection():
    # "07:34 Last observed crawl progress for job 6", "06:07 hc job 6 last progress (crawled
    # 299 pages)" are the last signs of health, not a noticing or a page; "Operator checks
    # crawl status, notices 18+ hour stall" (next day, 00:00) is the detection.
    f = _rows(
        "- 2026-02-05T06:07:24Z — hc job 6 last progress (crawled 299 pages).\n",
        "- 2026-02-05T07:34:37Z — Last observed crawl progress for job 6.\n",
        "- 2026-02-06T00:00:00Z — Operator checks crawl status, notices 18+ hour stall.\n",
        "- 2026-02-06T02:40:07Z — Job 6 recovered and restarted.\n",
    )
    assert f["time_of_internal_detect"] == datetime(2026, 2, 6, 0, 0, tzinfo=UTC)


def test_a_detection_counted_back_from_a_later_clock():
    # Detection: "Operator reported overnight warning notifications (approx 5 hours before
    # 12:22Z)": the notifications came at 07:22.
    f = _md(
        "# Incident: Worker stopped (2026-01-24)\n\n## Metadata\n\n"
        "- Start (UTC): 2026-01-24T06:17:10Z\n- End (UTC): 2026-01-24T12:31:03Z\n\n"
        "## Detection\n\n- Operator reported overnight warning/error notifications (approx 5 "
        "hours before 12:22Z).\n"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2026, 1, 24, 7, 22, tzinfo=UTC)


def test_a_clock_written_only_in_part_is_no_time():
    # "| ~2026-02-17 06:2xZ | node observed NotReady |": the minute was not known; the row has
    # no time, and no moment is read from it.
    f = _md(
        "# Node NotReady (2026-02-17)\n\n## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n"
        "| ~2026-02-17 06:2xZ | Node observed NotReady; kubelet unhealthy. |\n"
        "| ~2026-02-17 06:5xZ | Node rebooted and Ready again. |\n"
    )
    assert [e["occurred_at"] for e in f.timeline] == [None, None]
    assert f.fields["time_of_recovery"] is None


def test_a_date_label_written_in_two_zones_gives_its_utc_day():
    # "**Date**: 16 Feb 2026 (PST) / 17 Feb 2026 (UTC)" and no clock the rows could date: the
    # incident's day is the UTC one the label gives, 17 February.
    f = _md(
        "# Incident Report: Node instability\n\n- **Date**: 16 Feb 2026 (PST) / 17 Feb 2026 "
        "(UTC)\n- **Severity**: High\n\n## Impact Summary\n\n- The node became NotReady.\n"
    )
    assert f.fields["incident_date"] == date(2026, 2, 17)


def test_the_team_s_deployment_tool_reporting_the_failure_is_the_detection():
    # "11:39:36 Argo CD reports Longhorn sync failure: CRDs invalid" (Pacific time): the team's
    # own tool, the detection at that row (19:39:36Z).
    f = _md(
        "# Longhorn upgrade failure\n\n## Timeline (Pacific Time)\n\n"
        "- 2025-12-20 11:39:36 — Argo CD reports Longhorn sync failure: CRDs invalid.\n"
        "- 2025-12-20 12:22 — Kafka pod reports FailedMount: fsck detects filesystem errors.\n"
        "- 2025-12-20 12:40 — Kafka pod reattached and became Ready.\n"
    )
    assert f.fields["time_of_internal_detect"] == datetime(2025, 12, 20, 19, 39, 36, tzinfo=UTC)


def test_a_post_that_writes_its_own_day_with_its_weekday_keeps_it():
    # A report named for 25 June 2013: "On Friday 21 June … made a pull request" (the run-up),
    # "On Tuesday 25 June this was merged … and released": the incident's day is the 25th,
    # not four days back.
    f = parse_document(
        read_document(
            "# Deploying a broken AB test\n\n- date: First reported about 2pm\n\n## Cause\n\n"
            "On Friday 21 June a developer made a pull request to master for the AB testing "
            "framework.\n\nOn Tuesday 25 June this was merged to master and released; the "
            "site's JavaScript stopped working.\n",
            html=False,
        ),
        ParseOptions(),
        "2013-06-25.md",
    ).fields
    assert f["incident_date"] == date(2013, 6, 25)
