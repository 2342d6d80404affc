"""The parser on wording it had never seen, thirty-fifth round (issue 13): one test per rule.

Round 29's sealed part joined dev untuned; its date and recovery misses, grouped by the
writer's habit behind them. Each test is a minimal document written for the habit (not a
copy of a corpus document), and its expected values are worked out by hand from the text,
never from the parser's output. Each comment names the habit and where in the corpus it was
seen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def _status_page(start: str, closed: str, text: str) -> str:
    """A cState status page's entry: its front matter and text."""
    return (
        f"---\ntitle: Repository slow\ndate: {start}\nresolved: true\nresolvedWhen: {closed}\n"
        f"severity: disrupted\nsection: issue\n---\n\n{text}\n"
    )


def test_a_recovery_before_the_start_is_read_in_the_starts_month_days_after_it():
    # An entry opened "2022-06-13T08:30:00-00:00" and closed "2022-05-15T11:00:00-00:00",
    # four weeks before it opened: impossible. Read in the start's month, 15 June 11:00 is
    # 2 days 2 h 30 min after the start (jenkins 2022-06-13, Artifactory slow, whose final
    # message blames a cloud disruption "3 days ago" and whose reader took the month for a
    # slip): 2 x 1440 + 150 = 3030 minutes.
    parsed = _parse(
        _status_page(
            "2022-06-13T08:30:00-00:00",
            "2022-05-15T11:00:00-00:00",
            "The repository is slow; the cloud provider's disruption 3 days ago caused it.",
        )
    )
    assert parsed.fields["time_of_recovery"] == datetime(2022, 6, 15, 11, 0, tzinfo=UTC)
    assert any("the start's month" in w for w in parsed.warnings)


def test_a_recovery_before_the_start_whose_months_reading_is_weeks_on_is_kept():
    # Guard: "2022-05-28T11:00" before an entry opened 2022-06-13 08:30: in June it is
    # 15 days after the start, longer than a status entry stays open on a slip of the
    # month alone: no reading is sure, the value stays as written (a warning says so).
    f = _parse(
        _status_page(
            "2022-06-13T08:30:00-00:00",
            "2022-05-28T11:00:00-00:00",
            "The repository is slow.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 5, 28, 11, 0, tzinfo=UTC)


def _jst(started: str) -> str:
    """A Japanese report, all times JST, whose 発生日時 (when it happened) is ``started``."""
    return (
        "# ポストモーテム: リリースパイプラインの停止\n\n## メタデータ\n\n"
        "| 項目 | 内容 |\n|---|---|\n"
        f"| 発生日時 | {started} |\n| 復旧日時 | 2026-08-01 23:30 JST |\n\n"
        "## タイムライン\n\n全時刻はJST。\n\n| 時刻 | イベント |\n|---|---|\n"
        "| 08-01 23:30 | 全サービス正常を確認 |\n"
    )


def test_a_date_field_with_its_clock_in_jst_dates_the_incident_on_the_utc_day():
    # 発生日時 "2026-08-01 06:20 JST" and, in full-width brackets, "when the first release
    # run failed" (最初のリリース実行が失敗した時点): impact began at
    # 06:20 JST = 2026-07-31 21:20 UTC, so the incident's day is the UTC day of its start,
    # the 31st (corpus rule 2; Alt 2026-07-31, split release pipeline, and Alt 2026-08-09,
    # whose 05:46:31 JST start is 20:46:31 UTC the day before).
    f = _parse(_jst("2026-08-01 06:20 JST\uff08最初のリリース実行が失敗した時点\uff09")).fields
    assert f["time_of_first_trigger"] == datetime(2026, 7, 31, 21, 20, tzinfo=UTC)
    assert str(f["incident_date"]) == "2026-07-31"


def test_a_date_field_without_a_clock_keeps_the_day_it_writes():
    # Guard: 発生日時 "2026-08-01" and, in full-width brackets, 時刻不明 (time unknown) states
    # no start clock: the day is
    # the one the document gives, 1 August, not a UTC day of a moment nobody stated.
    f = _parse(_jst("2026-08-01\uff08時刻不明\uff09")).fields
    assert str(f["incident_date"]) == "2026-08-01"


def _fields(started: str, recovered: str = "2026-05-25 00:13 (JST)") -> str:
    """A Japanese report whose metadata alone dates it: 発生日時 and 復旧日時 as given."""
    return (
        "# PM-2026-044: 検索の無限スクロールが 20 件で止まる\n\n## メタデータ\n\n"
        "| 項目 | 値 |\n|------|-----|\n"
        f"| 発生日時 | {started} |\n| 復旧日時 | {recovered} |\n\n"
        "## サマリー\n\n検索結果の 2 ページ目以降が表示されなかった。\n"
    )


def test_a_gloss_after_a_dash_is_no_part_of_the_moment():
    # 発生日時 "2026-05-24 23:45 (JST) — ユーザーが … load-more を試した最初の確認時刻" (the
    # first time a user was seen trying load-more): after the dash the writer says what the
    # moment was, and its "load-more" is no span. 23:45 JST = 14:45 UTC on the 24th (Alt
    # 2026-05-24, feeds search duplicate keys, whose moment was not read at all).
    f = _parse(
        _fields(
            "2026-05-24 23:45 (JST) — ユーザーが `/feeds/search?q=Rust` で連続 load-more を"
            "試した最初の確認時刻"
        )
    ).fields
    assert f["time_of_first_trigger"] == datetime(2026, 5, 24, 14, 45, tzinfo=UTC)
    assert str(f["incident_date"]) == "2026-05-24"


def test_a_span_of_clocks_with_a_dash_is_no_gloss():
    # Guard: "2026-05-24 23:45 \u2013 23:50 (JST) 頃" (about 23:45 to 23:50 JST, an en dash)
    # is a span; the
    # zone after its end is the span's, so it starts at 23:45 JST = 14:45 UTC.
    f = _parse(_fields("2026-05-24 23:45 \u2013 23:50 (JST) 頃")).fields
    assert f["time_of_first_trigger"] == datetime(2026, 5, 24, 14, 45, tzinfo=UTC)


def test_a_zone_that_opens_a_bracketed_remark_is_the_clocks():
    # 復旧日時 "2026-05-09 01:01 (JST、auth-token-manager の token 再保存ログ) — その後 …":
    # the bracket opens on the clock's zone, then remarks (the token re-save log); 01:01 JST
    # is 16:01 UTC on 8 May (Alt 2026-05-05, Inoreader OAuth token).
    f = _parse(
        _fields(
            "2026-05-06 07:56 (JST)",
            "2026-05-09 01:01 (JST、auth-token-manager の token 再保存ログ) — その後 16 分以内に"
            "回復を確認",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2026, 5, 8, 16, 1, tzinfo=UTC)


def _detected(detected: str) -> str:
    """A Japanese report whose 検知日時 (when it was detected) is ``detected``."""
    return (
        "# PM-2026-030: Recap が生成されない\n\n## メタデータ\n\n| 項目 | 値 |\n|---|---|\n"
        "| 発生日時 | 2026-04-19 09:00 (JST) |\n"
        f"| 検知日時 | {detected} |\n| 復旧日時 | 2026-04-19 13:00 (JST) |\n\n"
        "## サマリー\n\n3 日分の Recap が生成されなかった。\n"
    )


def test_a_users_report_quoting_a_full_stop_is_still_the_users_report():
    # 検知日時 "2026-04-19 12:30 (JST) ※ ユーザーが「Recap が死ぬ。3 日分が空」と報告": a user
    # reported it, quoting words with a full stop of their own; the stop inside 「」 ends no
    # sentence, so this is the customer's detection, 03:30 UTC, and the team detected
    # nothing (Alt 2026-04-14 mTLS server-side gap, Alt 2026-04-20 recap subworker).
    f = _parse(
        _detected("2026-04-19 12:30 (JST) ※ ユーザーが「Recap が死ぬ。3 日分が空」と報告")
    ).fields
    assert f["time_of_customer_detect"] == datetime(2026, 4, 19, 3, 30, tzinfo=UTC)
    assert f["time_of_internal_detect"] is None


def test_a_full_stop_outside_the_quotation_still_ends_the_users_sentence():
    # Guard: "※ ユーザーが画面を再読み込みした。運用者がログを確認して報告" (a user reloaded the
    # page. The operator checked the logs and reported): the report is the operator's, the
    # team's own detection at 03:30 UTC.
    f = _parse(
        _detected(
            "2026-04-19 12:30 (JST) ※ ユーザーが画面を再読み込みした。運用者がログを確認して報告"
        )
    ).fields
    assert f["time_of_internal_detect"] == datetime(2026, 4, 19, 3, 30, tzinfo=UTC)


def _windowed(window: str) -> str:
    """A Japanese report, all times JST, whose 影響期間 (impact window) is ``window``."""
    return (
        "# PM-2026-044: 検索の無限スクロールが 20 件で止まる\n\n## メタデータ\n\n"
        "| 項目 | 値 |\n|------|-----|\n"
        "| 発生日時 | 2026-05-24 23:45 (JST) |\n| 復旧日時 | 2026-05-25 00:13 (JST) |\n"
        f"| 影響期間 | {window} |\n\n"
        "## サマリー\n\n検索結果の 2 ページ目以降が表示されなかった。\n"
    )


def test_an_impact_window_called_a_latent_period_states_no_time_to_recover():
    # 影響期間 "約 4 週間" with, in full-width brackets, "2026-04-23 既定 ON 化 〜 2026-05-25
    # 00:13 修正コミットまで", then "— 実際にユーザーが触ったときに発火する潜伏期間": the
    # field itself calls the four weeks a
    # latent period (the defect fired only when a user touched it), so it states no length of
    # the impact; the clocks give 23:45 to 00:13 JST, 28 minutes (Alt 2026-05-24).
    f = _parse(
        _windowed(
            "約 4 週間\uff082026-04-23 既定 ON 化 〜 2026-05-25 00:13 修正コミットまで\uff09— "
            "実際にユーザーが触ったときに発火する潜伏期間"
        )
    ).fields
    assert f["stated_minutes_to_recover"] is None
    assert f["time_of_recovery"] - f["time_of_first_trigger"] == timedelta(minutes=28)


def test_an_impact_windows_opening_length_is_still_stated():
    # Guard: 影響期間 "約 30 分" with "23:45 〜 00:13" in full-width brackets names no latent
    # period: its opening length
    # is the stated time to recover, 30 minutes.
    f = _parse(_windowed("約 30 分\uff0823:45 〜 00:13\uff09")).fields
    assert f["stated_minutes_to_recover"] == 30


def test_a_clock_a_plan_starts_at_is_no_start():
    # "We plan to do it monday 14th starting at 08:00am UTC": the clock is when a planned
    # operation will start, not when the trouble began; the front matter's 02:14 stays the
    # start (jenkins 2022-02-11, maven agents not allocating: 02:14 on the 11th to 19:00 on
    # the 14th, 3 x 1440 + 16 h 46 min = 5326 minutes).
    f = _parse(
        _status_page(
            "2022-02-11T02:14:00-00:00",
            "2022-02-14T19:00:00-00:00",
            "[Update 11th of February 2022 - 19:00 UTC]\nAn operation is required on the "
            "cluster. We plan to do it monday 14th starting at 08:00am UTC.\n\n"
            "[Initial Message]\nAgents fail to allocate.",
        )
    ).fields
    assert f["time_of_first_trigger"] == datetime(2022, 2, 11, 2, 14, tzinfo=UTC)


def test_a_clock_the_trouble_started_at_after_a_plan_is_still_the_start():
    # Guard: "We plan a fix. Builds failed starting at 01:50 UTC." The plan is another
    # sentence; the failures' clock, 24 minutes before the entry's 02:14, is the start.
    f = _parse(
        _status_page(
            "2022-02-11T02:14:00-00:00",
            "2022-02-14T19:00:00-00:00",
            "We plan a fix. Builds failed starting at 01:50 UTC.",
        )
    ).fields
    assert f["time_of_first_trigger"] == datetime(2022, 2, 11, 1, 50, tzinfo=UTC)


def test_an_alerting_threshold_is_no_alert():
    # "The incident was automatically closed in our monitoring system at 13:35 UTC, with the
    # average response time going below the alerting threshold": the closing of the alert,
    # its threshold named, is no detection. "We were alerted ... by our monitoring" in an
    # entry with no other moment dates the alert at the start, 07:50 (jenkins 2022-04-04,
    # Artifactory slow: TTD 0, where 13:35 gave 345).
    f = _parse(
        _status_page(
            "2022-04-04T07:50:00-00:00",
            "2022-04-04T13:36:00-00:00",
            "[Closing message]\nThe incident was automatically closed in our monitoring system "
            "at 13:35 UTC, with the average response time going below the alerting "
            "threshold.\n\n[Initial message]\nWe were alerted by our monitoring that the "
            "repository is slow to answer.",
        )
    ).fields
    assert f["time_of_internal_detect"] == datetime(2022, 4, 4, 7, 50, tzinfo=UTC)


def test_alerting_that_fires_is_still_an_alert():
    # Guard: "At 08:05 UTC alerting fired for the slow repository" is the team's alert at
    # 08:05, 15 minutes after the entry's 07:50 start.
    f = _parse(
        _status_page(
            "2022-04-04T07:50:00-00:00",
            "2022-04-04T13:36:00-00:00",
            "At 08:05 UTC alerting fired for the slow repository.",
        )
    ).fields
    assert f["time_of_internal_detect"] == datetime(2022, 4, 4, 8, 5, tzinfo=UTC)


def test_users_sent_to_a_working_alternative_at_a_clock_is_the_recovery():
    # "We've disabled the East US mirror in favor of West europe or archives.jenkins.io at
    # 08:00 UTC for now": from 08:00 users were served by working mirrors, the end of impact;
    # the entry was closed at 09:30 after the provider's maintenance (jenkins 2026-01-20,
    # update center slow: 07:30 to 08:00, 30 minutes).
    f = _parse(
        _status_page(
            "2026-01-20T07:30:00-00:00",
            "2026-01-20T09:30:00-00:00",
            "[Final Message]\nThe maintenance is finished: we've enabled the East America "
            "mirror.\n\n[Initial Message]\nSince 07:30 UTC, our monitoring detected timeouts.\n\n"
            "We've disabled the East US mirror in favor of West europe or archives.jenkins.io "
            "at 08:00 UTC for now.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2026, 1, 20, 8, 0, tzinfo=UTC)


def test_a_planned_switch_to_an_alternative_is_no_recovery():
    # Guard: a sentence that only plans to disable the mirror in favour of another at 08:00
    # ("We will disable …") is no switch made: the entry's close, 09:30, stays the recovery.
    f = _parse(
        _status_page(
            "2026-01-20T07:30:00-00:00",
            "2026-01-20T09:30:00-00:00",
            "Since 07:30 UTC, our monitoring detected timeouts. We will disable the East US "
            "mirror in favor of West Europe at 08:00 UTC.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2026, 1, 20, 9, 30, tzinfo=UTC)


def test_a_close_after_a_quiet_spell_dates_the_fix_that_long_before():
    # "We were able to fix the configuration of the service. Closing the incident after 24
    # hours without issues." on an entry opened 2022-05-28T02:00 and closed
    # 2022-05-30T11:00: the fix, the end of impact, came 24 hours before the close, 29 May
    # 11:00 (jenkins 2022-05-28, update center flaky: 1980 minutes, not the close's 3420).
    f = _parse(
        _status_page(
            "2022-05-28T02:00:00-00:00",
            "2022-05-30T11:00:00-00:00",
            "[close issue]\nWe were able to fix the configuration of the service. Closing the "
            "incident after 24 hours without issues.\n\n[Open Issue]\nThe service is flaky.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 5, 29, 11, 0, tzinfo=UTC)


def test_a_close_after_hours_of_work_is_the_close():
    # Guard: "Closing the incident after 24 hours of investigation" says how long the work
    # took, not that the service ran without trouble: the close, 30 May 11:00, stays.
    f = _parse(
        _status_page(
            "2022-05-28T02:00:00-00:00",
            "2022-05-30T11:00:00-00:00",
            "Closing the incident after 24 hours of investigation.",
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 5, 30, 11, 0, tzinfo=UTC)
