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


def _phish(recovery: str) -> str:
    """A security report: a timeline of 12-hour clocks over two days, then its resolution."""
    return (
        "# Phishing attempt\n\n## Timeline (all times UTC) 7/5/2023-7/6/2023\n_7/5/2023_\n\n"
        "12:11 PM: An impersonator emails the first employee asking for gift cards.\n\n"
        "1:36 PM: Employee two forwards the email to IPS and informs the #warroom channel of "
        "the phishing email.\n\n"
        "1:43 PM: The email was reported as phishing.\n\n"
        "2:29 PM: Employee two's laptop is scanned with the endpoint tool.\n\n"
        "6:41 PM: All machines are verified to be clean.\n\n"
        "_7/6/23_\n\n"
        "7:05 AM: The attachment has been confirmed clean upon a scan for malware.\n\n"
        "8:15 AM: A reminder about phishing is posted in the general channel.\n\n"
        f"## Resolution and recovery\n\n{recovery}\n"
    )


def test_a_recovery_told_as_its_steps_ends_with_the_last_row_doing_one():
    # "Recovery was performed by scanning the email attachment and the two machines": the
    # recovery is over when its last step is done, the row "7:05 AM: The attachment has been
    # confirmed clean upon a scan" on 6 July (07:05 UTC); the later reminder is none of its
    # steps (Chia 2023-07-05; also Chia 2023-04-21's "Recovery included a reset of passwords
    # … SentinelOne has been installed and a full disk scan completed").
    f = _parse(
        _phish(
            "The situation was contained by reporting the incident.\n"
            "Recovery was performed by scanning the email attachment and the two machines "
            "that interacted with the email."
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2023, 7, 6, 7, 5, tzinfo=UTC)


def test_a_recovery_whose_steps_no_row_does_is_not_dated():
    # Guard: "Recovery included rotating the API keys": no row rotates anything, and a row
    # sharing one word ("the email") with it is not one of its steps: no recovery time.
    f = _parse(_phish("Recovery included rotating the API keys named in the email.")).fields
    assert f["time_of_recovery"] is None


def _deployment_post(fix: str) -> str:
    """A blog post telling its timeline in sentences, times in CEST (UTC+2 in June)."""
    return (
        '---\nlayout: post\ntitle: "Post-mortem: Downtime on June 13, 2019"\n---\n\n'
        "After today's deployment, some users faced a downtime.\n\n## Problems/Timeline\n"
        "Around **09:50** (CEST), we ran a deployment. After the deployment finished, we saw\n"
        f"that some URLs produced an exception. Around\n10:00, {fix}\n"
    )


def test_the_team_patching_the_running_code_is_the_recovery():
    # "Around 10:00, we monkey-patched the code path responsible to disable the beta program
    # globally": a stopgap patched into the running service ends the impact, as "Production
    # is monkey-patched" does; 10:00 CEST = 08:00 UTC, 10 min after the 09:50 deployment
    # (OBS 2019-06-13).
    f = _parse(
        _deployment_post("we monkey-patched the code path to disable the beta program.")
    ).fields
    assert f["time_of_recovery"] == datetime(2019, 6, 13, 8, 0, tzinfo=UTC)


def test_a_patch_only_planned_is_no_recovery():
    # Guard: "we decided that the code would need to be monkey-patched" is no patch applied.
    f = _parse(
        _deployment_post("we decided that the code would need to be monkey-patched later.")
    ).fields
    assert f["time_of_recovery"] is None


def _key_events(first_row: str) -> str:
    """A Google-Docs-style report: key events, a user-report 'Identified' line, context rows."""
    return (
        "# Incident on 2024-07-25 Logs no longer received\n\n## Key events\n\n"
        "First detected: 2024-07-25 12:10\n\nIncident declared: 2024-07-25 14:54\n\n"
        "Repaired declared: 2024-07-25 15:18\n\n"
        "Identified: User reported that the log store was no longer receiving logs\n\n"
        "Context:\n\n"
        f"- 2024-07-25 12:10: {first_row}\n"
        "- 2024-07-25 13:45: The log viewer no longer receives any logs\n"
        "- 2024-07-25 14:27: User notifies team via #ask-platform that logs are missing\n"
        "- 2024-07-25 15:18: The disk is increased and logs flow again\n"
    )


def test_a_named_alarm_starting_at_the_first_detection_is_the_teams_own_signal():
    # "First detected 12:10" beside "Identified: User reported …": the detection is the
    # team's own when the row at 12:10 is its alarm changing state ("cp-live-app-logs -
    # ClusterIndexWritesBlocked starts", an alarm rule's name): internal detection 12:10, the
    # user's report at 14:27 the customer's (MoJ 2024-07-25).
    f = _parse(_key_events("cp-live-app-logs - ClusterIndexWritesBlocked starts")).fields
    assert f["time_of_internal_detect"] == datetime(2024, 7, 25, 12, 10, tzinfo=UTC)
    assert f["time_of_customer_detect"] == datetime(2024, 7, 25, 14, 27, tzinfo=UTC)


def test_a_person_named_in_camel_case_starting_work_is_no_alarm():
    # Guard: "BenTheElder starts the nightly reindex" is a person (a user name) at work, not an
    # alarm: the field's user report stands, no internal detection.
    f = _parse(_key_events("BenTheElder starts the nightly reindex")).fields
    assert f["time_of_internal_detect"] is None


def _blog_post(sentence: str) -> str:
    """A Portuguese blog post without a timeline, the day in its title."""
    return (
        "Title: Post Mortem: Incidente de 14 de Novembro de 2019 - Quebra de build\n"
        "Date: 2019-11-17 11:58:00\n\n## Resumo\nO build do ambiente de staging quebrou. Foi "
        f"resolvido em 17 de Novembro.\n\n## Contexto\n{sentence}\n\n## Investigação\n"
        "O primeiro passo da investigação foi olhar o pull request.\n"
    )


def test_a_ci_email_notifying_the_broken_build_is_the_detection_and_the_start():
    # "no dia 14 de Novembro às 12:04, recebi um e-mail notificando a quebra do build" (on
    # 14 November at 12:04 I received an e-mail notifying the build's break): "às" is "at",
    # and the CI's own e-mail is the team's detection (corpus rule 1), at the story's first
    # moment, so the start too: 12:04 (no zone: UTC), 0 min (PyLadies Brasil 2019-11-14).
    f = _parse(
        _blog_post(
            "Como uma das mantenedoras do site, eu tenho acesso ao Codeship e, no dia 14 de "
            "Novembro às 12:04, recebi um e-mail notificando a quebra do _build_."
        )
    ).fields
    assert f["time_of_internal_detect"] == datetime(2019, 11, 14, 12, 4, tzinfo=UTC)
    assert f["time_of_first_trigger"] == datetime(2019, 11, 14, 12, 4, tzinfo=UTC)


def test_an_email_from_a_user_at_a_clock_is_no_ci_notice():
    # Guard: "às 12:04, uma usuária mandou um e-mail dizendo que o site caiu" (a user wrote
    # that the site was down) is no notice of the team's own CI: no internal detection.
    f = _parse(
        _blog_post("No dia 14 de Novembro às 12:04, uma usuária mandou um e-mail ao time.")
    ).fields
    assert f["time_of_internal_detect"] is None


def _two_parts(second: str) -> str:
    """A Japanese report of two failures (A and B) found by one user's report."""
    return (
        "# ポストモーテム: 二つの障害\n\n| 項目 | 内容 |\n|---|---|\n"
        "| 発生日時 | 2026-04-14 17:00 UTC |\n| 検知日時 | 2026-04-17 09:11 JST |\n\n"
        "## 検知\n\n- **検知方法:** ユーザー報告\n"
        "- **TTD (障害 A):** 5 時間 14 分 (03:57 JST → 09:11 JST)\n"
        f"{second}"
        "- **検知の評価:** 両方とも遅い。\n"
    )


def test_times_to_detect_stated_per_part_give_the_longest():
    # "TTD (障害 A): 5 時間 14 分" and "TTD (障害 B): 2 日 16 時間 30 分" listed together: one
    # per failure, both up to the same user's report; the incident's runs from the earlier
    # start, B's: 2 * 1440 + 16 * 60 + 30 = 3870 min (Alt 2026-04-14, mTLS cutover).
    f = _parse(_two_parts("- **TTD (障害 B):** 2 日 16 時間 30 分 (04-14 17:00 → 04-17 09:30)\n"))
    assert f.fields["stated_minutes_to_detect"] == 3870


def test_a_single_time_to_detect_is_read_as_it_is():
    # Guard: one part's time to detect alone is the value, 5 h 14 min = 314 min.
    f = _parse(_two_parts(""))
    assert f.fields["stated_minutes_to_detect"] == 314


def _channel(row: str) -> str:
    """A report of a chat channel opened to writing by mistake; rows in US Central time."""
    return (
        "# Channel permissions\n\n## Timeline (all times CST)\n\n"
        "10/20/2022 - 15:38 CST - a user converted the public channel to a big team\n"
        "10/20/2022 - 15:41 CST - Discovered that the channel was converted\n"
        f"10/20/2022 - 16:00 CST - {row}\n"
    )


def test_permissions_taken_back_to_read_only_end_an_exposure():
    # "Permission updated for all users from “writers” to “readers”": the access that was too
    # wide is taken back, as revoking it is: recovery at 16:00 CST. 20 October is on summer
    # time (CDT, UTC-5), as the rows' zone reads on that day: 21:00 UTC, 22 min after 15:38
    # (Chia 2022-10-20).
    f = _parse(
        _channel("Permission updated for all users from \u201cwriters\u201d to \u201creaders\u201d")
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 10, 20, 21, 0, tzinfo=UTC)


def test_permissions_widened_are_no_recovery():
    # Guard: "Permission updated for the admins from readers to writers" widens access.
    f = _parse(_channel("Permission updated for the admins from readers to writers")).fields
    assert f["time_of_recovery"] is None


def _salt(last_row: str) -> str:
    """A deployment gone wrong, its length stated, a list of UTC rows."""
    return (
        "# Certificate error downtime on February 23, 2023\n\n"
        "A missing configuration rollback caused a certificate error.\n\n## Impact\n\n"
        "Our server was providing an outdated certificate for around 20 minutes.\n\n"
        "## Timeline (times in UTC)\n\n- 10:00 started to deploy the new Salt setup\n"
        "- 10:05 noticed a problem with the webserver on the main login-proxy\n"
        "- 10:10 found the issue on the failover machine and started keepalived again\n"
        "- 10:20 found the issue on the main machine and fixed the scripts\n"
        f"- 10:25 {last_row}\n"
    )


def test_a_fix_made_then_rolled_out_ends_the_impact_when_rolled_out():
    # "10:20 … fixed the scripts", then "10:25 final rollout of the fixed scripts and rollback
    # of the services to the main machine": users see the fix when it is rolled out, 10:25;
    # the stated 20 minutes then run from 10:05, when the problem was noticed, after the
    # deployment's run-up, so detection is at the start (OBS 2023-02-23).
    f = _parse(
        _salt("final rollout of the fixed scripts and rollback of the services to the main")
    ).fields
    assert f["time_of_recovery"] == datetime(2023, 2, 23, 10, 25, tzinfo=UTC)
    assert f["time_of_first_trigger"] == datetime(2023, 2, 23, 10, 5, tzinfo=UTC)


def test_a_later_row_that_rolls_out_something_else_leaves_the_fix():
    # Guard: "10:25 rollout of the new monitoring dashboard" rolls out no fix: the fix at
    # 10:20 stays the recovery.
    f = _parse(_salt("rollout of the new monitoring dashboard")).fields
    assert f["time_of_recovery"] == datetime(2023, 2, 23, 10, 20, tzinfo=UTC)


def test_the_noticing_row_is_no_start_after_a_first_row_that_breaks_something():
    # Guard: a first row that breaks something ("10:00 accidentally deleted the proxy
    # configuration") is itself the impact's start: the stated 20 minutes do not move it to
    # the 10:05 noticing (OBS 2023-06-20: "We accidentally deleted the architecture").
    f = _parse(
        _salt("final rollout of the fixed scripts").replace(
            "started to deploy the new Salt setup", "accidentally deleted the proxy configuration"
        )
    ).fields
    assert f["time_of_first_trigger"] == datetime(2023, 2, 23, 10, 0, tzinfo=UTC)
