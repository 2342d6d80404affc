# ruff: noqa: RUF001 - the tests quote Japanese text, with its full-width brackets
"""The parser on counts it had never read, round 87 (issue 13): how many were affected.

``number_of_impacted_customers`` came only from a label ("Customers affected: 120"), and dev's
readers found a count in 39 documents of which the parser read 1. Most state it in a sentence:
a breach report "the personal information of more than 10,000 officers and staff", a
regulator "failed to provide access to the emergency call service for 2,145 people", a product
team "affecting 305 teams", a power company "supply was lost to some 410,000 customers", a
Norwegian team "Rundt 23 personer opplevde feilmelding". Japanese reports label it
影響を受けたユーザー数/割合 and count with a counter ("操作ユーザー 1 名"); their other numbers
(pages, queries) are no count, nor is a value that says it cannot be counted (定量化できず).
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

import pytest
from postmortems_harness import parse


def _impacted(sentence: str) -> object:
    return parse(
        "# Login outage\n\nDate: 2024-05-14\n\n## Summary\n\n"
        f"Logins failed for two hours. {sentence}\n\n"
        "## Timeline (UTC)\n\n- 09:10 Logins start failing.\n- 11:10 Logins work again.\n"
    ).fields["number_of_impacted_customers"]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The bug was live for 5 hours, affecting 305 teams.", 305),
        ("The fault only impacted 30 authorized Blue Button 2.0 applications (apps).", 30),
        ("The team discovered that five users were impacted by this.", 5),
        ("In total 11 million people were without the service for up to six hours.", 11_000_000),
        ("We have deleted all data for the three affected users.", 3),
        ("The personal information of more than 10,000 officers and staff was published.", 10_000),
        ("The laptop holds personal information on about 600,000 people.", 600_000),
        ("Social Security Numbers (SSNs) of 21.5 million individuals were taken.", 21_500_000),
        ("The review found potential access of approximately 390,000 taxpayer accounts.", 390_000),
        ("It failed to provide access to the emergency call service for 2,145 people.", 2145),
        ("Electricity supply was lost to some 410,000 customers in the south.", 410_000),
        ("Rundt 23 personer opplevde feilmelding.", 23),
    ],
)
def test_a_sentence_that_counts_the_affected_gives_the_count(sentence: str, count: int):
    assert _impacted(sentence) == count


@pytest.mark.parametrize(
    "sentence",
    [
        # a share, not a count
        "Four fifths of users were unable to log in.",
        "About 35 % of users were affected.",
        # one of them, not how many: the count is no sentence's subject here
        "One user who was affected wrote to us.",
        # a length then another sentence
        "The outage lasted about 35 minutes. All users were affected.",
        # a clock, not a count
        "At 09:20 UTC customers experienced errors.",
        # a year
        "In 2019 users were affected by a similar bug.",
    ],
)
def test_shares_clocks_and_lengths_are_no_count(sentence: str):
    assert _impacted(sentence) is None


@pytest.mark.parametrize(
    ("label", "count"),
    [
        # a label wins over a sentence
        ("Customers affected: 120", 120),
        # a label that cannot count is the document's answer, not overruled by a sentence
        ("Affected users: unknown", None),
    ],
)
def test_a_label_is_read_before_any_sentence(label: str, count: int | None):
    parsed = parse(
        f"# Login outage\n\n{label}\n\n## Summary\n\nLogins failed, affecting 305 teams.\n"
    )
    assert parsed.fields["number_of_impacted_customers"] == count


def _japanese(value: str) -> object:
    return parse(
        "# PM-2026-099: 検索の停止\n\n## 影響\n\n"
        f"- **影響を受けたユーザー数/割合:** {value}\n"
        "- **機能への影響:** 検索が停止した\n"
    ).fields["number_of_impacted_customers"]


@pytest.mark.parametrize(
    ("value", "count"),
    [
        # one operating user of a single-host setup
        ("単一ホスト開発環境の操作ユーザー 1 名。", 1),
        # all users, one in all
        ("利用者の全員。母数は 1 ユーザだが機能全体が停止。", 1),
        # all users of the home page (two tenants)
        ("全ホームユーザー（2 テナント）", 2),
        # none: a value that opens with its count
        ("0（CI 専用の劣化）。本番には到達していない。", 0),
    ],
)
def test_a_japanese_label_counts_people_with_a_counter(value: str, count: int):
    assert _japanese(value) == count


@pytest.mark.parametrize(
    "value",
    [
        # cannot be quantified; 8 failed queries is no count of people
        "定量化できず。実クエリ8回の失敗を確認。",
        # users who scrolled 2 pages or more: pages, not people
        "同一クエリで 2 ページ以上スクロールしたユーザーのみ。",
        # all users; the real number was seen from 1 reporter, not counted
        "チャット機能を使った全ユーザー。ただし実数は報告者 1 名から観測",
    ],
)
def test_a_japanese_label_without_a_count_of_people_gives_none(value: str):
    assert _japanese(value) is None
