"""The parser on wording it had never seen, sixty-sixth round (issue 13): one test per rule.

From sealed part 61 (15 Wikitech reports; now in dev): a log of rows under their days ("06-18
19:00-20:00 group0 and group1 deployed") after a paragraph that ends without a full stop; a stamp
pasted from Unix's `date` ("Tue May 31 17:09:10 UTC 2022"); an alert that came by e-mail;
failures "until the cache stampede was fixed 7 hours later"; minutes with a prime ("for 20'");
"Service checker … reports a problem" before OUTAGE BEGINS; "multiple mw* hosts report …
failures"; defanged addresses ("https://api[.]telegram[.]org"), which stopped two PyPI and Rust
reports from being read at all (sealed part 62); a start's own row that tells the end as well; a
sentence's day after its clock ("At about 02:20 on 2016-12-04, …") over the page name's; a
stopgap's hoped-for life ("a workaround that should hold us for ~12 hours") is no length; a
restart "which fixes the issue", services "able to send mail out once again".
Each test is a minimal document
written for the habit (not a copy of a corpus document); its expected values are worked out by
hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_LOG = (
    "# Incidents/2019-06-19 JobQueue\n\n"
    "Jobs stopped being processed after the rollout.\n\n"
    "Jobs were not processed for group0 and group1 wikis for 12 hours.\n\n"
    "It was found by accident due to a stuck job\n\n"
    "06-18 19:00-20:00 group0 and group1 deployed\n\n"
    "06-19 07:30 Issue discovered and ticket created\n\n"
    "06-19 07:40 group1 rolled back\n\n"
    "06-19 08:40 group0 rolled back\n"
)


def test_a_log_row_under_its_day_is_no_window_of_the_prose():
    # The first row's span (19:00-20:00 on 06-18) is when the deploy ran, written under its
    # own day: the start is its first clock on 18 June, not 19:00-20:00 on the title's day.
    f = _md(_LOG).fields
    assert f["time_of_first_trigger"] == datetime(2019, 6, 18, 19, 0, tzinfo=UTC)
    assert f["incident_date"].isoformat() == "2019-06-18"


def test_a_window_in_the_prose_is_still_read():
    # Counter-case: the same span told in a sentence is the impact's window on the title's day.
    text = _LOG.replace(
        "It was found by accident due to a stuck job\n\n06-18 19:00-20:00 group0 and group1 "
        "deployed\n\n",
        "Jobs failed from 19:00 to 20:00 on all wikis.\n\n",
    )
    f = _md(text).fields
    assert f["time_of_first_trigger"] == datetime(2019, 6, 19, 19, 0, tzinfo=UTC)


_UNIX = (
    "# Incidents/2022-05-31 Hadoop failure\n\n"
    "Start: 2022-05-31 17:09:10\n\n"
    "- At Tue May 31 17:09:10 UTC 2022 analytics-alerts@example.org received an email alert:"
    ' "NameNode is CRITICAL"\n'
    "- Otto and Ben jumped in a call to troubleshoot.\n"
)


def test_a_stamp_pasted_from_unix_date_times_its_sentence():
    # "Tue May 31 17:09:10 UTC 2022" (the `date` command's form) is 17:09:10 UTC that day: the
    # e-mailed alert is the team's own detection at the start (corpus rule 1).
    f = _md(_UNIX).fields
    assert f["time_of_internal_detect"] is not None
    assert (
        abs(
            (
                f["time_of_internal_detect"] - datetime(2022, 5, 31, 17, 9, 10, tzinfo=UTC)
            ).total_seconds()
        )
        < 60
    )


_MAILED = _UNIX.replace("Tue May 31 17:09:10 UTC 2022", "17:09 UTC")


def test_an_email_alert_is_no_users_report():
    # A monitor's alert that came by mail is not someone outside the team writing in.
    f = _md(_MAILED).fields
    assert f["time_of_customer_detect"] is None
    assert f["time_of_internal_detect"] == datetime(2022, 5, 31, 17, 9, tzinfo=UTC)


def test_an_email_from_a_user_is_still_a_report():
    # Counter-case: an e-mail (no alert) received at that moment is a report from outside.
    text = _MAILED.replace(
        "analytics-alerts@example.org received an email alert:", "we received an email from a user:"
    )
    f = _md(text).fields
    assert f["time_of_customer_detect"] is not None


def test_failures_until_a_fix_hours_later():
    # "… failures ranging up to 100%, until the cache stampede was fixed 7 hours later": the
    # failures lasted 7 hours, the impact's length (420 minutes).
    f = _md(
        "# 2017-11-28 ORES\n\n"
        "The API cluster lost worker nodes. These factors combined to cause API failures ranging "
        "up to 100%, until the cache stampede was fixed 7 hours later.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 420


def test_a_fix_later_without_until_is_no_length():
    # Counter-case: "the cause was fixed 7 hours later" does not say the failures ran till then.
    f = _md(
        "# 2017-11-28 ORES\n\n"
        "The API cluster lost worker nodes. The underlying bug was fixed 7 hours later.\n"
    ).fields
    assert f["stated_minutes_to_recover"] is None


def test_minutes_marked_with_a_prime():
    # "… non 5XX requests dropped from 138K rps to 120K rps for 20'": 20 minutes.
    f = _md(
        "# 2024-04-17 mw-on-k8s eqiad outage\n\n"
        "From HAproxy's POV, non 5XX requests dropped from 138K rps to 120K rps for 20'\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 20


def test_a_prime_after_a_year_is_no_length():
    # Counter-case: "since Dec 15' of 2021" is a date's apostrophe, not minutes.
    f = _md("# A suspected compromise\n\nWe looked at logins since Dec 15' of 2021.\n").fields
    assert f["stated_minutes_to_recover"] is None


_CHECKER = (
    "# 2019-04-07 zotero\n\nAll times in UTC.\n\n"
    "- 04:58 sudden increase in the memory used by the first pod\n"
    "- 05:05 all pods have now high memory. Service checker on citoid reports a problem\n"
    "- 05:12 The endpoint has become unresponsive to monitoring. A page is sent. OUTAGE BEGINS\n"
    "- 06:03 Giuseppe depools zotero. OUTAGE ENDS\n"
)


def test_a_service_checker_reporting_a_problem_detects_it():
    # The team's own check reports a problem seven minutes before the writer's OUTAGE BEGINS:
    # the detection is 05:05, time to detect -7 (corpus rules 1 and 4).
    f = _md(_CHECKER).fields
    assert f["time_of_first_trigger"] == datetime(2019, 4, 7, 5, 12, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2019, 4, 7, 5, 5, tzinfo=UTC)


def test_a_person_checking_the_service_is_no_checker():
    # Counter-case: someone who "checks the service and reports" nothing found is no monitor;
    # the page at the start is the detection.
    text = _CHECKER.replace("Service checker on citoid reports a problem", "Ana checks the graphs")
    f = _md(text).fields
    assert f["time_of_internal_detect"] == datetime(2019, 4, 7, 5, 12, tzinfo=UTC)


_HOSTS = (
    "# 2016-01-28 MediaWiki API\n\n## Timeline\n\n"
    "- 12:53 Luca stops Kafka on kafka1012 for a host reboot\n"
    '- 13:36 multiple mw* hosts report HHVM Rendering "Socket timeout" failures, opsens respond\n'
    "- 13:49 Giuseppe notices a lot of HHVM threads stuck at attempting to connect\n"
    "- 13:58 File is synced across the fleet, traffic recovers\n"
)


def test_hosts_reporting_failures_detect_it():
    # The team's hosts report their failures to its monitoring at 13:36: the detection (rule 1).
    f = _md(_HOSTS).fields
    assert f["time_of_internal_detect"] == datetime(2016, 1, 28, 13, 36, tzinfo=UTC)


def test_users_reporting_failures_are_no_hosts():
    # Counter-case: users who report failures are outside the team (rule 3); Giuseppe's own
    # observation at 13:49 is the team's detection.
    text = _HOSTS.replace("multiple mw* hosts report", "multiple users report")
    f = _md(text).fields
    assert f["time_of_internal_detect"] == datetime(2016, 1, 28, 13, 49, tzinfo=UTC)


def test_a_defanged_address_is_read_not_followed():
    # Security write-ups quote an attacker's address defanged ("https://api[.]telegram[.]org"),
    # in text and in a link: the document is read (Python's URL parser rejects "[.]" as a
    # bracketed host), and its timeline still is.
    parsed = _md(
        "# Malware report\n\n"
        "* Target endpoint: `https://api[.]telegram[.]org/bot1/sendMessage`\n"
        "* Also sent to https://evil[.]example/x and [here](https://evil[.]example/y)\n\n"
        "## Timeline\n\n"
        "- 2024-11-20 18:04 UTC The malicious release is uploaded\n"
        "- 2024-11-21 18:29 UTC The project is quarantined\n"
    )
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2024, 11, 20, 18, 4, tzinfo=UTC),
        datetime(2024, 11, 21, 18, 29, tzinfo=UTC),
    ]


_WHOLE_STORY = (
    "# Incidents/20150925-LabsOutage\n\n"
    "## Timeline\n\n"
    "- At around 11:00 UTC, labnet1002 suffered a kernel failure. This caused a complete labs "
    "network outage. A reboot of labnet1002 restored service.\n"
    "- [11:03] Icinga reports PROBLEM - Host labnet1002 is DOWN\n"
    "- [11:20] Mark and others notice the outage.\n"
    "- [11:29] labnet1002 is back up, most services are restored\n"
)


def test_the_starts_own_row_telling_the_end_too_is_no_end_at_the_start():
    # The first row tells the whole story ("… restored service"): it is the start (11:00), and
    # its recovery words are no end at that clock; the row that says so later is (11:29).
    f = _md(_WHOLE_STORY).fields
    assert f["time_of_first_trigger"] == datetime(2015, 9, 25, 11, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2015, 9, 25, 11, 29, tzinfo=UTC)


def test_a_text_with_one_moment_of_recovery_keeps_it():
    # Counter-case: with no timeline, a text whose one moment is the end ("The network outage
    # was resolved at 14:00") keeps it as the recovery.
    f = _md(
        "# Network outage issue resolution\n\n"
        "On September 9, 2008 the network outage was resolved at 14:00 UTC.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2008, 9, 9, 14, 0, tzinfo=UTC)


_DAY_IN_SENTENCE = (
    "# Incidents/20161104-labservices1001\n\n"
    "At about 02:20 on 2016-12-04, labservices1001 became unresponsive and unreachable.\n\n"
    "02:17 Labservices1001 locks up\n\n"
    "02:19 Page: toolschecker CRITICAL\n\n"
    "02:43 Labservices1001 is back up, all services returned to normal\n"
)


def test_a_sentences_own_day_after_its_clock_dates_the_incident():
    # "At about 02:20 on 2016-12-04, …": the text's day, not the page name's (20161104).
    f = _md(_DAY_IN_SENTENCE).fields
    assert f["incident_date"].isoformat() == "2016-12-04"


def test_without_the_sentences_day_the_page_names_day_holds():
    # Counter-case: "At about 02:20, …" states no day: the page name's 2016-11-04 dates it.
    f = _md(_DAY_IN_SENTENCE.replace(" on 2016-12-04", "")).fields
    assert f["incident_date"].isoformat() == "2016-11-04"


def test_a_stopgaps_hoped_for_life_is_no_length():
    # "a workaround that should hold us for ~12 hours": how long the fix may last, not how
    # long the impact did.
    f = _md(
        "# 20150820-OCSP\n\nThe outage started around 14:37 UTC.\n\n"
        "14:37 - First browser errors begin appearing to users\n\n"
        "15:10 - Deploy completed. At this point, reporters indicated the issue was gone.\n\n"
        "16:42 - Finished deploying a workaround that should hold us for ~12 hours\n"
    ).fields
    assert f["stated_minutes_to_recover"] is None


def test_an_outage_for_hours_is_still_a_length():
    # Counter-case: "the site was down for ~12 hours" is the impact's length.
    f = _md("# 20150820-OCSP\n\nThe site was down for ~12 hours.\n").fields
    assert f["stated_minutes_to_recover"] == 720


_MAIL = (
    "# 2018-06-06 mx\n\n## Timeline\n\n"
    "- 18:55 UTC Keith stops Exim on mx1001.\n"
    "- 19:30 UTC Email issues are reported via IRC.\n"
    "- 20:00 UTC Faidon restarts exim on mx1001 which fixes the issue. Affected services are "
    "able to send mail out once again.\n"
)


def test_a_restart_which_fixes_the_issue_ends_it():
    # "… which fixes the issue", "are able to send mail out once again": the end, 20:00.
    assert _md(_MAIL).fields["time_of_recovery"] == datetime(2018, 6, 6, 20, 0, tzinfo=UTC)


def test_a_restart_alone_is_no_end():
    # Counter-case: a restart that is not said to fix anything ends nothing.
    text = _MAIL.replace(
        " which fixes the issue. Affected services are able to send mail out once again.", "."
    )
    assert _md(text).fields["time_of_recovery"] is None
