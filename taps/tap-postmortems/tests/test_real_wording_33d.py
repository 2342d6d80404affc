# ruff: noqa: RUF001 - the tests quote Japanese text, with its full-width brackets
"""The parser on wording it had never seen, round 33d (issue 13): one test per rule.

Dev's incident-date misses (19 of 624 after round 32), grouped by the reader's rule behind
them. Each test is a minimal document written for the habit (not a copy of a corpus
document), and its expected values are worked out by hand from the text, never from the
parser's output. Each comment names the habit and where in the corpus it was seen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _parse(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def test_an_impact_period_field_dates_the_incident_over_earlier_timeline_days():
    # "影響期間 | 2026-05-04〜05 頃 〜 2026-05-07" (impact period: from about the 4th or 5th to
    # the 7th) over a timeline of days that opens with the commits that laid the fault weeks
    # before: the field says when impact began, the 4th; the earlier rows are the run-up
    # (Alt 2026-05-04, where the timeline's first day, 23 March, was taken).
    f = _parse(
        "# Disk fills on the staging host\n\n## メタデータ\n\n| 項目 | 値 |\n|---|---|\n"
        "| 影響期間 | 2026-05-04〜05 頃 〜 2026-05-07（推定） |\n\n"
        "## タイムライン\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-03-23 | The client is written without a codec option |\n"
        "| 2026-04-26 | Traffic moves to the new path |\n"
        "| 2026-05-04 〜 05 頃 | The slice is deployed and starts an endless retry loop |\n"
        "| 2026-05-07 | The host's disk is found nearly full |\n"
    ).fields
    assert f["incident_date"] == date(2026, 5, 4)


def test_a_recovery_field_does_not_say_when_impact_began():
    # Guard: "復旧日時 | 2026-05-07 12:00" says when service came back, not when impact
    # began: the timeline's days date the story, which began on the 4th (as before).
    f = _parse(
        "# Disk fills on the staging host\n\n## メタデータ\n\n| 項目 | 値 |\n|---|---|\n"
        "| 復旧日時 | 2026-05-07 12:00 |\n\n"
        "## タイムライン\n\n| 時刻 (JST) | イベント |\n|---|---|\n"
        "| 2026-05-04 | The slice starts an endless retry loop |\n"
        "| 2026-05-07 | The host's disk is found nearly full |\n"
    ).fields
    assert f["incident_date"] == date(2026, 5, 4)


def test_a_day_the_trouble_was_found_on_yields_to_the_earlier_day_it_began():
    # "This attack was discovered and reported in the early morning hours of April 22nd, 2025"
    # dates the finding; "On April 21st, 2025, several versions … were published with malicious
    # code" is when it began, the incident's day (XRPLF 2025-04-21, where the 22nd was taken).
    f = _parse(
        "# Export broken\n\n## Summary\n\n"
        "The incident was discovered and reported on June 3rd, 2024, and closed that "
        "afternoon.\n\nOn June 1st, 2024, the nightly export wrote empty files.\n"
    ).fields
    assert f["incident_date"] == date(2024, 6, 1)


def test_a_day_whose_sentence_reports_the_trouble_itself_stays():
    # Guard: "On June 3rd, 2024, the site was down and users reported errors" dates the
    # outage (the report comes after its day in the sentence); the upgrade two days before
    # is no start.
    f = _parse(
        "# Site down\n\n## Summary\n\n"
        "On June 3rd, 2024, the site was down and users reported errors.\n\n"
        "On June 1st, 2024, we upgraded the database.\n"
    ).fields
    assert f["incident_date"] == date(2024, 6, 3)


def test_a_posting_word_after_its_day_is_the_storys_verb_not_a_byline():
    # "On April 21st, 2025, several versions … were published with malicious code": the
    # word that dates a post ("Published: …") written after the day is the story's verb, so
    # the sentence is no byline and its day counts (XRPLF 2025-04-21).
    f = _parse(
        "# Broken packages\n\n## Summary\n\n"
        "Downloads failed on June 3rd, 2024, and the outage was announced.\n\n"
        "Since June 1st, 2024, the packages published were broken.\n"
    ).fields
    assert f["incident_date"] == date(2024, 6, 1)


def test_a_posting_word_before_its_day_is_still_a_byline():
    # Guard: "Posted on: June 5th, 2024" dates the post; the story's day is the 3rd.
    f = _parse(
        "# Export broken\n\n## Summary\n\nPosted on: June 5th, 2024\n\n"
        "On June 3rd, 2024, the nightly export wrote empty files.\n"
    ).fields
    assert f["incident_date"] == date(2024, 6, 3)


def test_a_summary_of_vulnerability_is_the_summary():
    # A security advisory's "## Summary of Vulnerability" is its summary: the day it
    # states dates the incident, not the day the timeline begins with its discovery
    # (XRPLF 2025-04-21).
    f = _parse(
        "# Malicious package\n\n## Summary of Vulnerability\n\n"
        "On April 21st, 2025, several versions were published with malicious code.\n\n"
        "## Timeline\n\n| Key action | Timestamp |\n|---|---|\n"
        "| Discovery | April 22nd, 2025 08:14 UTC |\n| Resolved | April 22nd, 2025 12:34 UTC |\n"
    ).fields
    assert f["incident_date"] == date(2025, 4, 21)


def test_a_from_after_its_day_is_no_impact_running_from_it():
    # "On Jan 29, 2024, a connection was established … the IP address the integration ran
    # from was changed": "from" after the day is about something else, so the setup day is
    # no day the impact ran from; the alert on February 15 dates the incident (Chia
    # 2024-02-15, where 29 January was taken).
    f = _parse(
        "# Bank alert\n\n"
        "On Feb 15, 2024 the bank reported a login from a new address as malicious.\n\n"
        "On Jan 29, 2024, a connector was set up. It worked as expected until the address "
        "it ran from was changed.\n"
    ).fields
    assert f["incident_date"] == date(2024, 2, 15)


def test_a_since_before_its_day_still_dates_the_start():
    # Guard: "Since Feb 12, 2024, logins from the connector have failed" says the impact ran
    # from the 12th, before the day the lead names first.
    f = _parse(
        "# Bank alert\n\n"
        "On Feb 15, 2024 the bank reported a login from a new address as malicious.\n\n"
        "Since Feb 12, 2024, logins from the connector have failed.\n"
    ).fields
    assert f["incident_date"] == date(2024, 2, 12)


def test_a_posts_front_matter_date_wins_over_its_file_names():
    # A Jekyll post saved as "_posts/2020-03-22-router-pod.md" under "date: 2020-03-23
    # 14:42:00 +0000", whose text dates nothing: the front matter's day is the one the post
    # went out on (it overrides the name's), the incident's for want of any other (BC Gov
    # 2020-03-23, where the name's 22nd was taken).
    f = _parse(
        '---\nlayout: post\ntitle: "Routing Issue"\ndate: 2020-03-23 14:42:00 +0000\n---\n\n'
        "One of the three router pods kept crashing, which caused some connection slowness. "
        "We've disabled the defective pod for now.\n",
        "_posts/2020-03-22-router-pod.md",
    ).fields
    assert f["incident_date"] == date(2020, 3, 23)


def test_a_file_names_date_still_dates_a_post_without_front_matter():
    # Guard: with no front matter, the name's date is the only one.
    f = _parse(
        "# Routing Issue\n\nOne of the three router pods kept crashing, which caused some "
        "connection slowness.\n",
        "_posts/2020-03-22-router-pod.md",
    ).fields
    assert f["incident_date"] == date(2020, 3, 22)


def test_a_report_of_no_outage_takes_no_first_row_for_the_start():
    # "we never encountered an actual outage": the alarm in the first row (21:01 Pacific,
    # 04:01 UTC on the 12th) is no start of impact, so the incident's day is the one the
    # title gives, the 11th (corpus rule 2; UNIVAF 2021-06-11, where the alarm's UTC day was
    # taken). "There was no user impact, and no lasting impact." says the same (GOV.UK One
    # Login 2026-07-01).
    f = _parse(
        "# 2021-06-11: Database Storage Low\n\n## Summary\n\nThe alarms alerted us before the "
        "disk filled, so we never encountered an actual outage.\n\n## Timeline\n\n"
        "*(All times US/Pacific.)*\n\n### 2021-06-11 21:01\n\nCloudWatch alarm posts to Slack "
        "about low disk space.\n\n### 2021-06-12 09:51\n\nOld log rows are deleted.\n"
    ).fields
    assert f["incident_date"] == date(2021, 6, 11)
    assert f["time_of_first_trigger"] is None


def test_no_impact_on_a_part_still_takes_the_first_row_for_the_start():
    # Guard: "There was no impact to other client applications" spares a part; the first
    # row is still taken as the start, and its UTC day dates the incident.
    f = _parse(
        "# 2021-06-11: Login failures\n\n## Summary\n\nLogins failed for one application. "
        "There was no impact to other client applications.\n\n## Timeline\n\n"
        "*(All times US/Pacific.)*\n\n### 2021-06-11 21:01\n\nLogins start failing.\n\n"
        "### 2021-06-11 22:30\n\nThe configuration is reverted.\n"
    ).fields
    assert f["incident_date"] == date(2021, 6, 12)


def test_an_impact_window_a_day_off_the_row_naming_its_start_moves_onto_that_row():
    # "Impact time: Sep 6 at 05:25 to Sep 6 at 10:48" beside a timeline whose "Sep 7, 2022"
    # holds "5:25 AM … marking the beginning of the outage": the row names the start at the
    # window's clock under its own day, so the window's day is a slip; start and recovery
    # move onto the 7th (2i2c 2022-09-07, where the 6th was taken).
    f = _parse(
        "Login errors\n\nImpact time: Sep 6, 2022 at 05:25 to Sep 6, 2022 at 10:48\n\n"
        "Timeline\n\nAug 31, 2022\n\n2:35 PM The hub is reported as down (one week prior)\n\n"
        "Sep 7, 2022\n\n5:25 AM The hub is redeployed with the expired credentials, marking "
        "the beginning of the outage\n\n10:50 AM A local redeploy fixes the issue\n"
    ).fields
    assert f["incident_date"] == date(2022, 9, 7)
    assert f["time_of_first_trigger"] == datetime(2022, 9, 7, 5, 25, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2022, 9, 7, 10, 48, tzinfo=UTC)


def test_an_impact_window_stays_when_no_row_names_its_start():
    # Guard: the row at the window's clock a day later only deploys; nothing says the outage
    # began there, so the window keeps its day.
    f = _parse(
        "Login errors\n\nImpact time: Sep 6, 2022 at 05:25 to Sep 6, 2022 at 10:48\n\n"
        "Timeline\n\nAug 31, 2022\n\n2:35 PM The hub is reported as down (one week prior)\n\n"
        "Sep 7, 2022\n\n5:25 AM The hub is redeployed with the expired credentials\n\n"
        "10:50 AM A local redeploy fixes the issue\n"
    ).fields
    assert f["incident_date"] == date(2022, 9, 6)


def test_an_advisorys_dated_title_yields_to_the_day_its_story_opens_on():
    # "2023-01-19 - Security Advisory: …" dates the advisory; "On the 16th January, 2023, we
    # were informed about a possible vulnerability" dates the incident (Wire 2023-01-16,
    # where the title's 19th was taken).
    f = _parse(
        "# 2023-01-19 - Security Advisory: HTML Injection in the website\n\n"
        "Last updated: 2023-01-31\n\n## Introduction\n\n"
        "On the 16th January, 2023, we were informed about a possible vulnerability in our "
        "website. The patch was rolled out on the 18th of January.\n"
    ).fields
    assert f["incident_date"] == date(2023, 1, 16)


def test_a_dated_title_naming_the_incident_keeps_its_day():
    # Guard: "2023-01-04 - Outage of the website caused by a DoS attack" names the incident,
    # so its day stands over an earlier day the story opens on (a change made before).
    f = _parse(
        "# 2023-01-04 - Outage of the website caused by a DoS attack\n\n## Introduction\n\n"
        "On the 2nd January, 2023, we raised the rate limits of the website.\n"
    ).fields
    assert f["incident_date"] == date(2023, 1, 4)
