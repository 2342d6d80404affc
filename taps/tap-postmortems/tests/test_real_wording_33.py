"""The parser on wording it had never seen, thirty-third round (issue 13): one test per rule.

Dev's time-to-detect and time-to-recover misses (14 of 177 and 26 of 440 after round 32),
grouped by the writer's habit behind them. Each test is a minimal document written for the
habit (not a copy of a corpus document), and its expected values are worked out by hand from
the text, never from the parser's output. Each comment names the habit and where in the
corpus it was seen.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def _metadata(detected: str) -> str:
    """A Japanese report's metadata table, all times JST (UTC+9), detection as given."""
    return (
        "# ポストモーテム: 設定移行の障害\n\n## メタデータ\n\n| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 2026-07-24 09:49 JST |\n"
        f"| 検知日時 | {detected} |\n"
        "| 復旧日時 | 2026-07-24 11:25 JST |\n"
    )


def test_a_detection_value_whose_second_sentence_names_a_later_clock_is_its_first():
    # 検知日時 "2026-07-24 09:55 JST (ガードがデプロイを阻止した時点)。ただし全貌が判明したの
    # は10:44以降" (its brackets full-width): the first sentence is the detection (09:55 JST =
    # 00:55 UTC); the sentence after the full stop ("however, the whole picture was known only
    # after 10:44") remarks on it (Alt 2026-07-24, canonical config migration): 6 min after
    # the 09:49 start.
    f = _parse(
        _metadata(
            "2026-07-24 09:55 JST\uff08ガードがデプロイを阻止した時点\uff09。"
            "ただし多段障害の全貌が判明したのは10:44以降"
        )
    ).fields
    assert f["time_of_internal_detect"] == datetime(2026, 7, 24, 0, 55, tzinfo=UTC)


def test_a_second_sentence_without_a_moment_leaves_the_value_whole():
    # Guard: "2026-07-24。10:05 JST" - nothing before the full stop but a day: the clock
    # after it is the value's own (10:05 JST = 01:05 UTC), not a remark.
    f = _parse(_metadata("2026-07-24。10:05 JST")).fields
    assert f["time_of_internal_detect"] == datetime(2026, 7, 24, 1, 5, tzinfo=UTC)


def test_a_full_stop_inside_a_quotation_ends_no_sentence():
    # Guard: 検知日時 "2026-04-20 19:00:51 JST — ユーザーが「Recap が死ぬ。`0 results`」と報告":
    # the stop is the quoted user's, so the sentence runs on to "と報告": a user's report,
    # never the team's own detection (Alt 2026-04-20, whose timeline gives the customer's).
    f = _parse(
        _metadata(
            "2026-04-20 19:00:51 JST — ユーザーが「Recap が死ぬ。`classification returned 0 "
            "results for 948 articles`」と報告"
        ).replace("2026-07-24", "2026-04-20")
        + "\n## 検知\n\n- **検知方法:** ユーザー報告 (チャット経由)。\n"
    ).fields
    assert f["time_of_internal_detect"] is None
