# ruff: noqa: RUF001 - the tests quote Japanese text, with its full-width brackets
"""The parser on wording it had never seen, thirty-first round (issue 13): one test per rule.

Dev's incident-date misses (24 of 606 after round 30), grouped by the writer's habit behind
them. Each test is a minimal document written for the habit (not a copy of a corpus
document), and its expected values are worked out by hand from the text, never from the
parser's output. Each comment names the habit and where in the corpus it was seen.
"""

from __future__ import annotations

from datetime import date

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def test_a_first_row_that_writes_a_day_and_no_clock_keeps_the_written_day():
    # Corpus rule 2: a timeline whose first row writes a day and no clock ("2026-03-19 以前",
    # before the 19th; "2026-03-25 未明", before dawn) states no start clock. The row's
    # midnight in JST is 15:00 UTC the day before, a clock nobody wrote: the incident's day is
    # the day the row gives, the 19th (Alt 2026-03-19, 2026-03-25).
    f = _parse(
        "# Queue loop\n\n## Timeline\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-03-19 以前 | The count stays at 63 (exact start unknown) |\n"
        "| 2026-03-23 21:30 | 検知: a user reports the count does not fall |\n"
        "| 2026-03-23 22:17 | 緩和: the fixed worker saves placeholders |\n"
    ).fields
    assert f["incident_date"] == date(2026, 3, 19)


def test_a_first_row_with_its_clock_is_still_dated_by_its_utc_day():
    # Guard: a first row that writes its clock ("2026-03-19 05:35", 20:35 UTC on the 18th) is
    # the first moment of impact the timeline gives; its UTC day stays the incident's (as
    # dev's readers took mybinder 2018-02-22's and edgi 2019-07-21's first rows).
    f = _parse(
        "# Queue loop\n\n## Timeline\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-03-19 05:35 | The count stops falling |\n"
        "| 2026-03-19 09:30 | 検知: a user reports the count does not fall |\n"
        "| 2026-03-19 10:17 | 緩和: the fixed worker saves placeholders |\n"
    ).fields
    assert f["incident_date"] == date(2026, 3, 18)


def test_a_date_field_opening_on_a_latent_start_dates_the_incident_by_the_impact():
    # A date field that names the day a defect went latent and then the day it hurt
    # ("潜伏開始は2026-07-18 …。実害発火は2026-07-24 10:52頃"): the latent build hurt nobody,
    # so the incident began on the 24th (10:52 JST is 01:52 UTC, the same day), not on the
    # timeline's first day, the build's (Alt 2026-07-24).
    f = _parse(
        "# Log forwarding stops\n\n| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 潜伏開始は2026-07-18（the bad image is built）。"
        "実害発火は2026-07-24 10:52頃（containers recreated） |\n\n"
        "## タイムライン\n\n全時刻は JST。\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-07-18 | The image is built with a mismatched glibc |\n"
        "| 2026-07-24 10:52頃 | Containers are recreated; log forwarding stops |\n"
        "| 2026-07-24 11:30 | Runtime base rebuilt; forwarding resumes |\n"
    ).fields
    assert f["incident_date"] == date(2026, 7, 24)


def test_a_date_field_naming_only_a_latent_start_gives_its_day_as_written():
    # Corpus rule 2: "潜伏開始は2026-07-08 02:20頃" names the latent start, no impact start,
    # so no start clock is stated and the incident's day is the one the field writes, the
    # 8th — not the UTC day of 02:20 JST (17:20 on the 7th) by way of the timeline's first
    # row, which writes the same clock (Alt 2026-07-08).
    f = _parse(
        "# Recap empty\n\n| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 潜伏開始は2026-07-08 02:20頃（a dependency update）。"
        "出力が0件の観測期間は2026-07-02〜2026-07-24 |\n\n"
        "## タイムライン\n\n全時刻は JST。\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-07-08 02:20頃 | 定期依存更新 commit で scikit-learn が 1.9.0 に更新される |\n"
        "| 2026-07-17 18:00 | ガードが配備され、分類が全チャンク 502 を返す |\n"
        "| 2026-07-25 09:00 | ユーザーが手動トリガーを試みるが失敗 → 検知 |\n"
        "| 2026-07-26 00:47 | 初の completed ジョブ |\n"
    ).fields
    assert f["incident_date"] == date(2026, 7, 8)


def test_a_date_field_opening_on_its_day_is_not_read_as_latent():
    # Guard: "2026-05-29 — 顕在化は 02:29 (JST) 以降。潜在期間は … (推定 2026-05-中旬)" opens
    # on the day impact showed and states its clock; the latent period it names later does
    # not move the day: the start 02:29 JST is 17:29 UTC on the 28th (Alt 2026-05-28).
    f = _parse(
        "# CI network race\n\n| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 2026-05-29 — 顕在化は 02:29 (JST) 以降。潜在期間は matrix 常用化 "
        "(推定 2026-05-中旬) から |\n\n## Timeline (JST)\n\n"
        "- 2026-05-中旬: the e2e matrix grows to 17 legs\n"
        "- 2026-05-29 02:29: first failing run, network not found\n"
        "- 2026-05-29 02:59: fix merged, runs pass\n"
    ).fields
    assert f["incident_date"] == date(2026, 5, 28)


def test_a_day_without_its_year_shares_the_year_written_after_it():
    # "We deployed a partial fix on April 2nd and a complete fix on April 4th, 2016": the
    # year written once serves both days, and the story begins on the first, the 2nd
    # (RubyGems 2016-04-02, where the 4th was taken).
    f = _parse(
        "# Gem replacement vulnerability\n\n## Summary\n\n"
        "A bug could let an attacker replace .gem files. We deployed a partial fix on "
        "April 2nd and a complete fix on April 4th, 2016.\n"
    ).fields
    assert f["incident_date"] == date(2016, 4, 2)


def test_a_day_in_an_earlier_sentence_lends_no_year():
    # Guard: "Since March 1st …" is another sentence; the outage's day is the one written
    # in full, April 4th, 2016.
    f = _parse(
        "# Site down\n\n## Summary\n\n"
        "Since March 1st traffic has doubled. On April 4th, 2016 the site was down for "
        "an hour.\n"
    ).fields
    assert f["incident_date"] == date(2016, 4, 4)


def test_years_of_exposure_are_no_span_of_the_incident():
    # "Gems … pushed between June 11th, 2014 and April 2nd, 2016 were vulnerable": a flaw
    # that lay in the code for two years, found on the span's last day, is no span of
    # impact, so its first day does not date the incident; the day the team learned of it
    # does (RubyGems 2016-04-02).
    f = _parse(
        "# Gem replacement vulnerability\n\n## Summary\n\n"
        "On April 2nd, 2016 the security team was made aware of a vulnerability. Gems "
        "pushed between June 11th, 2014 and April 2nd, 2016 were vulnerable.\n"
    ).fields
    assert f["incident_date"] == date(2016, 4, 2)


def test_a_span_of_days_still_dates_the_incident_by_its_first():
    # Guard: "between December 25 and December 30, 2022" is the impact's span (a week); its
    # first day is the incident's, not the later day the lead also writes (PyTorch
    # 2022-12-25).
    f = _parse(
        "# Compromised nightly dependency\n\n## Summary\n\n"
        "On December 30, 2022 we learned that a malicious package was uploaded. Users who "
        "installed nightlies between December 25 and December 30, 2022 were affected.\n"
    ).fields
    assert f["incident_date"] == date(2022, 12, 25)


def test_rows_opening_on_days_without_a_year_date_the_post_story():
    # A post dated only by its address (2017-10-09) lists its story under a heading that
    # is no "Timeline" ("What was the timeline?"), each row opening on a day without its
    # year: the story began on the first row's day, October 6th, in the post's year, not on
    # the day the post went out (RubyGems 2017-10-06).
    f = _parse(
        "# Unsafe deserialization in RubyGems\n\nA vulnerability was reported to us and "
        "fixed.\n\n## What happened when?\n\n"
        "* October 6th: a researcher reported the issue\n"
        "* October 7th & 8th: the team audited all gems\n"
        "* October 9th: a release with fixes\n",
        "/2017/10/09/deserialization.html",
    ).fields
    assert f["incident_date"] == date(2017, 10, 6)


def test_one_line_opening_on_a_day_is_no_list_of_rows():
    # Guard: a single line that opens on a day ("October 6th: thanks to …") is no list of
    # rows; the post, which states no other day, keeps its publication's (2017-10-09).
    f = _parse(
        "# Unsafe deserialization in RubyGems\n\nA vulnerability was reported to us and "
        "fixed.\n\n## Credits\n\nOctober 6th: thanks to the researcher who reported it\n",
        "/2017/10/09/deserialization.html",
    ).fields
    assert f["incident_date"] == date(2017, 10, 9)


def test_yesterdays_outage_names_an_earlier_event_not_the_story_day():
    # "As an ongoing action to yesterday's Service Outage, the provisioner is being turned
    # off": the post (of 2020-10-09, by its address) announces today's impact, following
    # an outage it names by the day before; its day is the post's (BC Gov 2020-10-09).
    f = _parse(
        "# Trident provisioner disabled\n\nAs an ongoing action to yesterday's Service "
        "Outage, the Trident provisioner is being turned off while we resolve the issue. "
        "No new volumes can be provisioned.\n",
        "/2020/10/09/trident-provisioner-disabled.html",
    ).fields
    assert f["incident_date"] == date(2020, 10, 9)


def test_yesterday_still_dates_the_story_the_day_before():
    # Guard: "Yesterday the provisioner failed" tells the story's own day, the day before the
    # post (2020-10-08).
    f = _parse(
        "# Trident provisioner outage\n\nYesterday the Trident provisioner failed after an "
        "upgrade and no new volumes could be provisioned.\n",
        "/2020/10/09/trident-provisioner-outage.html",
    ).fields
    assert f["incident_date"] == date(2020, 10, 8)
