# ruff: noqa: RUF001, RUF003 - the tests quote Japanese text, with its full-width brackets
"""The parser on wording it had never seen, fourteenth round (issue 13): one test per rule.

Round 11's sealed part (22 documents, 10 new organisations) read the recovery of 2 of 12
documents. The rules here are shapes, not phrases: header fields and table columns in
Japanese, remarks after a value, windows whose ends are qualified, wrapped or joined by a
wave dash, a length stated in brackets or by a value that lists several, a row's opening
label. Each test quotes the smallest document that shows its rule, in the words of the
development document named in the comment; expected values are worked out by hand (JST is
UTC+9 all year; PST is UTC-8). The comment says which of the 292 development documents'
readings each rule changed: a rule that changes one document only is still suspect, and the
next sealed part is its measure. ("Changed" is measured: the per-document misses before and
after; a rule may also match documents it reads no differently.)
"""

from __future__ import annotations

from datetime import UTC, date

from postmortems_harness import parse, utc
from tap_postmortems import values


def test_a_window_field_with_a_wave_dash_and_its_length_in_brackets():
    # alt 2026-03-23 (of the 292, the only reading it changes):
    # "影響期間 | 2026-03-23 19:25 JST 〜 21:27 JST (約 2 時間)" (impact period) over a
    # "時刻 (JST)" table of bare clocks. The field dates the
    # rows, its ends are the start and the recovery, the bracketed "about 2 hours" is the
    # stated length; "**検知**" (detected) and "**復旧**" (restored) name their rows.
    p = parse(
        "# PM-2026-001: recap パイプライン連鎖 OOM 障害\n\n## メタデータ\n\n"
        "| 項目 | 値 |\n|---|---|\n| 重大度 | SEV-3 |\n"
        "| 影響期間 | 2026-03-23 19:25 JST 〜 21:27 JST (約 2 時間) |\n\n"
        "## タイムライン\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 19:25 | recap-worker を再ビルド・起動 |\n"
        "| 19:26 | **検知**: ログ調査で大量エラーを確認 |\n"
        "| 19:50 | **原因特定 (1)**: mem_limit が不足 |\n"
        "| 21:27 | **復旧**: パイプラインが正常に進行 |\n"
    )
    assert p.fields["incident_date"] == date(2026, 3, 23)
    assert p.fields["time_of_first_trigger"] == utc(2026, 3, 23, 10, 25)
    assert p.fields["time_of_internal_detect"] == utc(2026, 3, 23, 10, 26)
    assert p.fields["time_of_rca"] == utc(2026, 3, 23, 10, 50)
    assert p.fields["time_of_recovery"] == utc(2026, 3, 23, 12, 27)
    assert p.fields["stated_minutes_to_recover"] == 120
    assert p.timeline[0]["text"] == "recap-worker を再ビルド・起動"  # header skipped


def test_a_window_whose_start_is_unknown_gives_no_moment():
    # alt 2026-03-25: "影響期間 | 不明 〜 2026-03-25 (…)": unknown to a day without a clock.
    # Neither end is a moment; the rows' "**復旧確認**" is the recovery and the detection
    # row that says a user reported it is the customer's ("ユーザーが … 報告").
    p = parse(
        "# Ask Augur タイムアウト\n\n| 項目 | 値 |\n|---|---|\n"
        "| 影響期間 | 不明 〜 2026-03-25（構造的問題のため） |\n\n"
        "## タイムライン\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-03-25 01:35 | **検知**: ユーザーが Ask Augur でクエリを送信するも"
        "応答が返らないことを"
        "報告 |\n"
        "| 2026-03-25 02:02 | **復旧確認**: ストリーミング応答が正常に返却されることを確認 |\n"
    )
    assert p.fields["time_of_customer_detect"] == utc(2026, 3, 24, 16, 35)
    assert p.fields["time_of_internal_detect"] is None
    assert p.fields["time_of_recovery"] == utc(2026, 3, 24, 17, 2)


def test_header_fields_with_remarks_and_lengths_in_japanese():
    # alt 2026-04-12: "発生日時 | 2026-04-12 12:40 (JST) ※ … を起点" (remark after "※"),
    # "検知日時 | … 頃 ※ ユーザーが … を報告" (detected by a user's report: the customer's),
    # "復旧日時", "影響時間 | 約 33 時間（…）" (impact lasted about 33 hours) and a bullet
    # "検知までの時間 (TTD): 約 33 時間". The stated lengths win over the times (1265 min),
    # and the team's own detection is not derived from a length that runs to a user's report.
    p = parse(
        "# ポストモーテム: search-indexer コンテナが消失\n\n## メタデータ\n\n"
        "| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 2026-04-12 12:40 (JST) ※ サイドカー再起動ログ `Discovery error` を起点 |\n"
        "| 検知日時 | 2026-04-13 09:20 (JST) 頃 ※ ユーザーが Reference Desk で degradation "
        "バナーを報告 |\n"
        "| 復旧日時 | 2026-04-13 09:45 (JST) ※ `search-indexer` 再ビルド完了・`healthy` 到達 |\n"
        "| 影響時間 | 約 33 時間（silent degradation。ユーザー側の致命停止は無し） |\n\n"
        "## 検知\n\n- **検知までの時間 (TTD):** 約 33 時間\n"
    )
    assert p.fields["incident_date"] == date(2026, 4, 12)
    assert p.fields["time_of_first_trigger"] == utc(2026, 4, 12, 3, 40)
    assert p.fields["time_of_customer_detect"] == utc(2026, 4, 13, 0, 20)
    assert p.fields["time_of_internal_detect"] is None
    assert p.fields["time_of_recovery"] == utc(2026, 4, 13, 0, 45)
    assert p.fields["stated_minutes_to_detect"] == 33 * 60
    assert p.fields["stated_minutes_to_recover"] == 33 * 60


def test_alternatives_after_a_full_width_slash_and_lengths_of_different_things():
    # alt 2026-07-15 and 2026-04-18: "復旧日時 | 2026-07-16 03:03 JST（書き込み復旧）／
    # 2026-07-16 11:20 JST（データ完全復旧）" (writes back / data fully rebuilt): the first
    # alternative is the recovery, and its day dates the bare clocks of the rows (as written,
    # in JST). "影響時間 | 書き込み不能: 約23分（…）／完全なデータ再構築まで: 約9時間弱" lists
    # two lengths of two things: no total (not 9 h 23 min); since round 31b the one part that
    # names an outage (書き込み不能, writes impossible) is the impact's length, 23 min, as
    # dev's reader took it.
    p = parse(
        "# Meilisearch 書き込みロックアウト\n\n| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 不明（タスク履歴の肥大化は長期間かけて進行） |\n"
        "| 復旧日時 | 2026-07-16 03:03 JST（書き込み復旧・crash-loop解消）／2026-07-16 11:20 JST"
        "（データ完全復旧・検証完了） |\n"
        "| 影響時間 | 書き込み不能: 約23分（02:33–02:56 JST）／"
        "完全なデータ再構築まで: 約9時間弱 |\n\n"
        "## タイムライン\n\n全時刻は JST。\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 02:33 | **検知** — search-indexer の起動ログに fatal crash を確認 |\n"
        "| 02:50 | **原因特定** — 根本原因と判明 |\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2026, 7, 15, 17, 33)
    assert p.fields["time_of_internal_detect"] == utc(2026, 7, 15, 17, 33)
    assert p.fields["time_of_recovery"] == utc(2026, 7, 15, 18, 3)
    assert p.fields["stated_minutes_to_recover"] == 23
    assert p.fields["incident_date"] == date(2026, 7, 15)


def test_japanese_lengths_and_remarks_in_values():
    # The value readers behind the rules above, on the words of alt 2026-04-18 / 04-12.
    assert values.parse_duration("約 33 時間") is not None
    assert values.parse_duration("3 時間 25 分（ラテント発火 16:00 JST → ユーザ報告 19:25 JST）")
    assert values.parse_duration("約23分").total_seconds() == 23 * 60  # type: ignore[union-attr]
    # a day of the month is no length; "ラテント 3h25m、ユーザ体感 29 分" is two lengths
    assert values.parse_duration("4月18日") is None
    assert values.parse_duration("ラテント 3h25m（16:00 → 19:25 JST）、ユーザ体感 29 分") is None
    # ... while "1 hour, 31 minutes" is one
    assert values.parse_duration("1 hour, 31 minutes").total_seconds() == 91 * 60  # type: ignore[union-attr]
    jst = {"default_zone": UTC, "default_date": date(2026, 3, 23)}
    # "21:27 JST (約 2 時間)": the bracket's 2 is no day of the month
    assert values.parse_datetime("21:27 JST (約 2 時間)", **jst) == utc(2026, 3, 23, 12, 27)  # type: ignore[arg-type]
    assert values.parse_datetime(
        "一次: 2026-04-18 19:54 JST（restart で約 1 分）／恒久: [[ADR-000773]] の 5 コミット",
        **jst,  # type: ignore[arg-type]
    ) == utc(2026, 4, 18, 10, 54)


def test_a_labelled_ttd_with_a_full_width_gloss():
    # alt 2026-04-18: "- **TTD（Time to Detect）:** 3 時間 25 分（…）" is the time to detect;
    # the start field "2026-04-18 16:00 JST 前後（…）" ("around") is read past its remark.
    p = parse(
        "# mTLS クライアント証明書\n\n| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 2026-04-18 16:00 JST 前後（`pki-agent` が cert をローテ） |\n\n"
        "## 検知\n\n- **TTD（Time to Detect）:** 3 時間 25 分（ラテント発火 16:00 JST → ユーザ報告 "
        "19:25 JST）\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2026, 4, 18, 7, 0)
    assert p.fields["stated_minutes_to_detect"] == 205


def test_a_protocol_alert_is_no_detection():
    # alt 2026-04-18: "… TLS alert 45 を送信" and "received fatal alert: CertificateExpired"
    # are messages between programs, not the team's monitoring.
    p = parse(
        "# Certificates\n\n## Timeline\n\nAll times UTC.\n\n"
        "- 07:00 The old certificate expires; the server sends TLS alert 45 on each handshake.\n"
        "- 10:25 The worker logs received fatal alert: CertificateExpired.\n"
        "- 10:40 Our monitoring alerted the on-call engineer.\n",
        "2026-04-18-certs.md",
    )
    assert p.fields["time_of_internal_detect"] == utc(2026, 4, 18, 10, 40)


def test_a_window_with_qualified_ends_and_hour_only_clocks():
    # bcgov 2021-01-28: "from ~13:22 PST to ~16:17 PST" (the end qualified too); bcgov
    # 2020-03-03: "from approximately 3PM PST to 4:30 PM PST" (an hour with its PM alone).
    # PST = UTC-8. Of the 292, these two are the only readings the two changes move.
    p = parse(
        "---\ntitle: OpenShift Partial Outage\ndate: 2021-01-29 18:54:16 +0000\n---\n\n"
        "On Thursday January 28th, 2021 there was a partial outage of the OpenShift Container "
        "Platform (OCP) from ~13:22 PST to ~16:17 PST.\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2021, 1, 28, 21, 22)
    assert p.fields["time_of_recovery"] == utc(2021, 1, 29, 0, 17)
    p = parse(
        "---\ntitle: OpenShift Partial Outage\ndate: 2020-03-03 15:00:00 +0000\n---\n\n"
        "An update today had several unintended consequences. This caused a widespread service "
        "disruption from approximately 3PM PST to 4:30 PM PST.\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2020, 3, 3, 23, 0)
    assert p.fields["time_of_recovery"] == utc(2020, 3, 4, 0, 30)


def test_a_window_wrapped_at_a_fixed_width():
    # tails 2021-04-30: a news post wrapped at 80 columns breaks its window across lines;
    # the publication (2021-05-05) is not the incident's day.
    p = parse(
        "---\ntitle: About our website being offline last week-end\ndate: 2021-05-05\n---\n\n"
        "As many of you noticed, our main server was offline from Friday April 30 19:09\n"
        "UTC until Monday May 3 05:58 UTC.\n\n"
        "This was caused by a hardware failure in one of the many Power Distribution\n"
        "Units on the rack where our main server is hosted.\n"
    )
    assert p.fields["incident_date"] == date(2021, 4, 30)
    assert p.fields["time_of_first_trigger"] == utc(2021, 4, 30, 19, 9)
    assert p.fields["time_of_recovery"] == utc(2021, 5, 3, 5, 58)


def test_lengths_stated_in_brackets_after_their_words():
    # onelogin 2026-06-29: "It took a long time (~3 weeks) to notice the issue" (time to
    # detect); onelogin 2026-07-01: "The issue was resolved quickly (~1 hour) and smoothly"
    # (time to recover), and "The … alarm stops firing" is the recovery row.
    p = parse(
        "# Incident 003: Config errors\n\n## Learnings\n\n### What went poorly\n\n"
        "- It took a long time (~3 weeks) to notice the issue\n"
    )
    assert p.fields["stated_minutes_to_detect"] == 3 * 7 * 24 * 60
    p = parse(
        "# 002: AccountDeletionProcessor Lambda errors\n\n## Learnings\n\n"
        "- The issue was resolved quickly (~1 hour) and smoothly (no further issues).\n\n"
        "## Timeline\n\nAll times in UTC.\n\n#### [2026-07-01]\n\n"
        "[08:26] The AccountDeletionProcessorErrorsOver10Mins alarm fires\\\n"
        "[09:03] The fix branch is merged to main\\\n"
        "[09:46] The AccountDeletionProcessorErrorsOver10Mins alarm stops firing\n"
    )
    assert p.fields["stated_minutes_to_recover"] == 60
    assert p.fields["time_of_internal_detect"] == utc(2026, 7, 1, 8, 26)
    assert p.fields["time_of_recovery"] == utc(2026, 7, 1, 9, 46)


def test_a_rows_opening_label_names_the_moment_not_who():
    # alt 2026-03-25 / 2026-04-18: "**検知。** ユーザが … を観測し、チャットで報告": the
    # label says "detected", the words after it who did. In English the same shape.
    p = parse(
        "# Outage\n\n## Timeline\n\nAll times UTC.\n\n"
        "- 10:00 Deploy of the new API.\n"
        "- 10:20 **Detected:** users report 500 errors on checkout.\n"
        "- 10:50 Service restored.\n",
        "2026-01-05-outage.md",
    )
    assert p.fields["time_of_customer_detect"] == utc(2026, 1, 5, 10, 20)
    # (the team's own detection is not that row; with none stated it falls back as before)
    assert p.fields["time_of_internal_detect"] != utc(2026, 1, 5, 10, 20)


def test_with_no_recovery_row_the_last_row_that_says_it_works_again():
    # The fallback the round-11 sealed documents asked for (10 of 12 recoveries not read at
    # all). It fires on none of the 292 development documents (every one whose reader found
    # a recovery now has one from a field, a window or a row), so this minimal document is
    # its only measure until the next sealed part. Written after wholetale 2017-12-08's
    # "Confirmed that NDS and WT instances were operating as expected." ("operating as
    # expected" was already recovery wording; "is working" alone was not).
    p = parse(
        "# Network outage\n\n## Timeline\n\nAll times UTC.\n\n"
        "- 09:00 Instances lose their private network after a power outage.\n"
        "- 11:00 Vendor applies a workaround to test instances.\n"
        "- 12:30 Verified that the dashboard is working for all users.\n"
        "- 14:00 Post-mortem written.\n",
        "2017-12-12-network.md",
    )
    assert p.fields["time_of_recovery"] == utc(2017, 12, 12, 12, 30)
    # a hedged one is not taken
    p = parse(
        "# Network outage\n\n## Timeline\n\nAll times UTC.\n\n"
        "- 09:00 Instances lose their private network after a power outage.\n"
        "- 11:00 We hope the instances are working again after the vendor's change.\n",
        "2017-12-12-network.md",
    )
    assert p.fields["time_of_recovery"] is None
