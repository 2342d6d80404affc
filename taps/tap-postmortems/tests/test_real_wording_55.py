"""The parser on wording it had never seen, fifty-fifth round (issue 13): one test per rule.

From dev's corpus: a restore told part by part (status entries), and a Japanese value's remark
with brackets of its own inside it. Each test is a minimal
document written for the habit (not a copy of a corpus document); its expected values are
worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


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
