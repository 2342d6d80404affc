"""The parser on wording it had never seen, thirty-sixth round (issue 13): one test per rule.

Round 30's sealed part (Alt's last post-mortems, in Japanese) joined dev untuned; its two
date misses, grouped by the writer's habit behind them. Each test is a minimal document
written for the habit (not a copy of a corpus document), and its expected values are worked
out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _metadata_and_rows(window: str, clock_column: str) -> str:
    """A post-mortem whose metadata table states the impact window and whose rows follow."""
    return (
        "# PM-2026-900: フィード表示の不整合\n\n## メタデータ\n\n| 項目 | 値 |\n|------|-----|\n"
        f"| 重大度 | SEV-4 |\n| 影響期間 | {window} |\n\n## タイムライン\n\n"
        f"| {clock_column} | イベント |\n|---|---|\n"
        "| 2026-03-23 07:37 | バージョン切り替え |\n"
        "| 2026-03-23 08:50 | **検知**: ユーザーが報告 |\n"
        "| 2026-03-23 09:12 | **復旧確認** |\n"
    )


#: The metadata's impact window: the rows' first and last clocks, its length in brackets.
_WINDOW = "2026-03-23 07:37 〜 2026-03-23 09:12\uff08約 1 時間 35 分\uff09"


def test_an_impact_window_with_no_zone_is_read_in_the_zone_the_timeline_states():
    # The only zone the document states is its timeline's clock column, "時刻 (JST)"; the
    # metadata's "影響期間 | 2026-03-23 07:37 〜 2026-03-23 09:12" restates the rows' clocks
    # (alt PM-2026-010). In JST (UTC+9): 07:37 is 22:37 UTC on the 22nd, 09:12 is 00:12 UTC
    # on the 23rd; the incident began on 2026-03-22 (corpus rule 2, clock and zone stated).
    f = _parse(_metadata_and_rows(_WINDOW, "時刻 (JST)")).fields
    assert f["time_of_first_trigger"] == datetime(2026, 3, 22, 22, 37, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2026, 3, 23, 0, 12, tzinfo=UTC)
    assert f["incident_date"] == date(2026, 3, 22)


def test_an_impact_window_beside_a_timeline_with_no_zone_is_utc():
    # Guard: no zone anywhere ("時刻" alone): the clocks are UTC as written, and the day is
    # the one written, 2026-03-23.
    f = _parse(_metadata_and_rows(_WINDOW, "時刻")).fields
    assert f["time_of_first_trigger"] == datetime(2026, 3, 23, 7, 37, tzinfo=UTC)
    assert f["incident_date"] == date(2026, 3, 23)


def _date_field(value: str) -> str:
    """A later Alt-style post-mortem: a metadata table with 発生日時, all times JST."""
    return (
        "# ポストモーテム: サイドカー孤立で 502 が再発\n\n## メタデータ\n\n"
        "| 項目 | 内容 |\n|------|------|\n"
        f"| 発生日時 | {value} |\n| 重大度 | SEV-3 |\n\n"
        "## タイムライン\n\n全時刻 JST。\n\n| 時刻 | イベント |\n|---|---|\n"
        "| 2026-04-20 | **検知** — ユーザーが報告 |\n"
    )


def test_a_date_field_giving_a_day_keeps_it_though_its_remark_names_a_clock():
    # "2026-04-19 前後(… 最大遡及は 2026-04-19 09:37 JST)": around the 19th, the start's clock
    # unknown; 09:37 in the remark is only the earliest it could have been (alt PM-2026-034).
    # A day without a clock keeps the day as written (corpus rule 2): 2026-04-19, not the
    # UTC day of Tokyo's midnight (the 18th).
    f = _parse(
        _date_field(
            "2026-04-19 前後\uff08正確な開始時刻は未確定。"
            "最大遡及は 2026-04-19 09:37 JST の deploy\uff09"
        )
    ).fields
    assert f["incident_date"] == date(2026, 4, 19)


def test_a_date_field_stating_its_clock_before_a_remark_is_dated_in_utc():
    # Guard: "2026-04-19 07:37 (JST、deploy 時刻)" states the start's clock; 07:37 in Tokyo
    # is 22:37 UTC on 2026-04-18.
    f = _parse(_date_field("2026-04-19 07:37 (JST、deploy 時刻)")).fields
    assert f["incident_date"] == date(2026, 4, 18)


def _front_titled(title: str) -> str:
    """A post-mortem named only by its front matter's title."""
    return f'---\ntitle: "{title}"\ndate: 2026-04-22\n---\n\n本文。\n'


def test_a_report_number_joined_to_its_year_is_dropped_from_the_title_without_a_colon():
    # 'title: "PM-2026-038 recap-worker の rust-bert キャッシュが空 …"' (alt PM-2026-036 to
    # -038): the register's number before the name, set apart by a space alone; the name is
    # what follows it.
    f = _parse(_front_titled("PM-2026-038 recap-worker のキャッシュが空のまま起動")).fields
    assert f["incident_name"] == "recap-worker のキャッシュが空のまま起動"


def test_a_code_joined_to_a_year_that_is_no_report_number_stays_in_the_title():
    # Guard: "CVE-2021-44228 exploited on the build farm": the vulnerability's name is part of
    # the incident's.
    f = _parse(_front_titled("CVE-2021-44228 exploited on the build farm")).fields
    assert f["incident_name"] == "CVE-2021-44228 exploited on the build farm"


def _recovered_on(value: str) -> str:
    """An Alt-style post-mortem whose 復旧日時 field is ``value``; its rows are JST."""
    return (
        "# ポストモーテム: 既読操作のレイテンシスパイク\n\n## メタデータ\n\n"
        "| 項目 | 内容 |\n|------|------|\n"
        "| 発生日時 | 2026-04-06 14:23 (JST) |\n"
        f"| 復旧日時 | {value} |\n| 重大度 | SEV-3 |\n\n"
        "## タイムライン\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-04-06 14:23 | **検知** — ユーザー報告により調査開始 |\n"
        "| 2026-04-06 16:30 | **復旧確認** — 再デプロイ後 healthy を確認 |\n"
    )


def test_a_recovery_field_giving_only_a_day_leaves_the_moment_to_the_timeline():
    # "復旧日時 | 2026-04-06(同日中に修正デプロイ完了)": recovered that day, at no stated
    # clock (alt PM-2026-019); its midnight is before the 14:23 JST start. The row
    # "16:30 **復旧確認**" gives the moment: 07:30 UTC; from 05:23 UTC, 127 minutes.
    f = _parse(_recovered_on("2026-04-06\uff08同日中に修正デプロイ完了\uff09")).fields
    assert f["time_of_recovery"] == datetime(2026, 4, 6, 7, 30, tzinfo=UTC)
    assert f["time_of_recovery"] - f["time_of_first_trigger"] == timedelta(minutes=127)


def test_a_recovery_field_with_its_clock_joined_to_the_day_is_a_moment():
    # Guard: "2026-04-06T06:50Z" (ISO, its clock joined to the day) states the moment:
    # 06:50 UTC, 87 minutes after the start, over the row's later check.
    f = _parse(_recovered_on("2026-04-06T06:50Z")).fields
    assert f["time_of_recovery"] == datetime(2026, 4, 6, 6, 50, tzinfo=UTC)
    assert f["time_of_recovery"] - f["time_of_first_trigger"] == timedelta(minutes=87)
