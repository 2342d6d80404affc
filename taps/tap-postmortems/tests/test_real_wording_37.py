"""The parser on wording it had never seen, thirty-seventh round (issue 13): one test per rule.

Alt's later post-mortems name a user's report as one noun ("ユーザー報告") in the detection
field, and state the time to detect from two moments at once. Each test is a minimal document
written for the habit (not a copy of a corpus document), and its expected values are worked
out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _detected(detection: str, ttd: str = "不明") -> str:
    """A later Alt-style post-mortem: metadata with 発生日時 / 検知日時, all times JST."""
    return (
        "# ポストモーテム: mTLS 証明書期限切れ障害\n\n## メタデータ\n\n"
        "| 項目 | 内容 |\n|------|------|\n"
        "| 発生日時 | 2026-08-10 05:46 (JST) |\n"
        f"| 検知日時 | {detection} |\n| 重大度 | SEV-2 |\n\n"
        "## 検知\n\n"
        f"- **検知までの時間 (TTD):** {ttd}\n"
    )


def test_a_detection_field_naming_a_user_report_as_one_noun_is_the_customers():
    # "12:50 頃 (JST)(ユーザー報告「…」)": detected by a user's report, written as one noun
    # (alt PM-2026-054). A user's report is no internal detection (corpus rule 3): customer
    # detection at 12:50 JST = 03:50 UTC; internal detection not stated.
    f = _parse(
        _detected("2026-08-10 12:50 頃 (JST)\uff08ユーザー報告「プレビューが死んでいる」\uff09")
    ).fields
    assert f["time_of_customer_detect"] == datetime(2026, 8, 10, 3, 50, tzinfo=UTC)
    assert f["time_of_internal_detect"] is None


def test_a_detection_field_naming_a_monitor_stays_internal():
    # Guard: "(Grafana アラート)" names the team's own monitor (corpus rule 1): internal.
    f = _parse(_detected("2026-08-10 12:50 (JST)\uff08Grafana アラート\uff09")).fields
    assert f["time_of_internal_detect"] == datetime(2026, 8, 10, 3, 50, tzinfo=UTC)
    assert f["time_of_customer_detect"] is None


def test_a_user_report_field_giving_a_day_and_no_clock_is_no_moment():
    # "2026-08-10(ユーザー報告: …)": the day of the report, its clock unknown (alt PM-2026-029):
    # neither the customer's nor the team's detection has a time; midnight is none.
    f = _parse(_detected("2026-08-10\uff08ユーザー報告: 「Acolyte が死んでいる」\uff09")).fields
    assert f["time_of_customer_detect"] is None
    assert f["time_of_internal_detect"] is None


def test_a_time_to_detect_stated_from_two_moments_is_the_one_from_the_start():
    # "失効到達から約 7 時間 4 分、ユーザー可視の影響開始から約 1 時間 24 分": the same report
    # measured from the expiry (the impact start) and from when users first saw it. The
    # longer runs from the earlier moment, the start: 7 h 4 min = 424 min, the stated time
    # to detect (corpus rule 3: a stated time to detect wins), kept with a user's report.
    f = _parse(
        _detected(
            "2026-08-10 12:50 (JST)\uff08ユーザー報告\uff09",
            "失効到達から約 7 時間 4 分、ユーザー可視の影響開始から約 1 時間 24 分",
        )
    ).fields
    assert f["stated_minutes_to_detect"] == 424
    assert f["time_of_internal_detect"] is None


def test_a_stated_time_to_detect_up_to_a_dayless_user_report_invents_no_detection():
    # Guard: "検知日時 | 2026-08-18 (ユーザーが … と報告)" beside "TTD: 約 8 日" (alt
    # PM-2026-036): the 8 days run to the user's report, whose clock is unknown; the team's
    # own detection is not stated, so start + 8 days is no internal detection.
    f = _parse(
        _detected("2026-08-18 (ユーザーが「Job が失敗し続けている」と報告)", "約 8 日間")
    ).fields
    assert f["stated_minutes_to_detect"] == 8 * 24 * 60
    assert f["time_of_internal_detect"] is None
