"""The parser on real wording, eleventh round (issue 13): one test per rule.

Each test quotes the wording of a real postmortem of the development corpus (named in the
comment) in the smallest timeline that shows it; expected values are worked out by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tap_postmortems.document import from_markdown
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def parse(markdown: str, name: str | None = None) -> Parsed:
    return parse_document(from_markdown(markdown), ParseOptions(), name)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def moment_after(field: str, *rows: str) -> datetime | None:
    """``field`` as read from a timeline of these rows."""
    timeline = "".join(f"- {row}\n" for row in rows)
    return parse(f"# Outage\n\n## Timeline\n\n{timeline}").fields[field]


def test_a_recovery_for_most_users_yields_to_the_all_clear():
    # berkeley 2017-02-09: "Most users are back online now!" at 10:45 is a part of the users;
    # "All clear given for datahub.berkeley.edu" at 11:17 is the service's return.
    rows = (
        "2017-02-09 00:25 Following exception shows up in hub logs: OperationalError",
        (
            "2017-02-09 10:45 A script is run that populates cookie_id for all users, and restarts "
            "the hub. Most users are back online now! More users start testing."
        ),
        "2017-02-09 10:53 User with a '.' in their name reports an empty home directory.",
        "2017-02-09 11:17 All clear given for datahub.berkeley.edu",
    )
    assert moment_after("time_of_recovery", *rows) == utc(2017, 2, 9, 11, 17)
    # With no later row that says more, the part is still the recovery.
    assert moment_after("time_of_recovery", *rows[:3]) == utc(2017, 2, 9, 10, 45)


def test_a_node_back_up_that_halts_again_is_no_recovery():
    # galaxyeu 2018-09-20: the head node comes back twice and fails again each time; the
    # service's return is "Galaxy is back online" at 18:21.
    rows = (
        "2018-09-20 12:00 Galaxy's influence became unresponsive.",
        "2018-09-20 13:31 Node is back up, immediately halts itself again.",
        (
            "2018-09-20 14:18 We get the node back up and prevent future shutdowns, but then one "
            "of the filesystems fails to mount."
        ),
        "2018-09-20 18:21 Galaxy is back online.",
    )
    assert moment_after("time_of_recovery", *rows) == utc(2018, 9, 20, 18, 21)


def test_a_deploy_successful_except_on_production_is_no_recovery():
    # mybinder 2018-04-18: "This deploy is successful except on production" (11:07 CEST),
    # "Deploy is successful, but took close to half an hour. Memory leak is not fixed."
    # (11:27); "everything is okay again" (11:47) is the recovery.
    rows = (
        "2018-04-18 11:30 Launch success drops to zero.",
        "2018-04-19 09:07 This deploy is successful except on production, due to another bug.",
        (
            "2018-04-19 09:27 Deploy is successful, but took close to half an hour. Memory leak is "
            "not fixed."
        ),
        (
            "2018-04-19 09:47 Only the hub image is reverted. After reverting the hub image "
            "update, everything is okay again."
        ),
    )
    assert moment_after("time_of_recovery", *rows) == utc(2018, 4, 19, 9, 47)


def test_hard_down_starts_the_impact_and_a_sites_pages_are_no_page():
    # chia 2021-05-26 ("Website Outage 5-26-21", 12-hour clock in UTC): the branch rename
    # and the GitHub Pages change are the trigger; "Site is hard down" is when impact began,
    # and the engineers responding to alarms in that row are the detection (0 min). "Site
    # repo pages configuration is modified" pages nobody.
    rows = (
        "2021-05-26 04:49 PM UTC Site repo branch Master, was renamed to Main",
        (
            "2021-05-26 04:50 PM UTC Site repo pages configuration is modified to reflect new "
            "default branch name"
        ),
        (
            "2021-05-26 04:52 PM UTC Site is hard down, chia operations engineers respond to "
            "alarms and being trouble shooting."
        ),
        "2021-05-26 06:00 PM UTC Site is fully recovered",
    )
    assert moment_after("time_of_first_trigger", *rows) == utc(2021, 5, 26, 16, 52)
    assert moment_after("time_of_internal_detect", *rows) == utc(2021, 5, 26, 16, 52)


def test_a_row_that_says_what_crashed_starts_the_impact():
    # obs 2023-08-03 (times CEST, here in UTC): a deployment with a migration in the morning
    # hurt nobody that the post states; "Database cluster crashes" is the first downtime.
    rows = (
        "2023-08-03 07:03 Started the deployment with the migration",
        "2023-08-03 07:26 Ended the deployment",
        "2023-08-03 11:37 Database cluster crashes",
        "2023-08-03 12:04 Build Service goes into downtime to export the table",
        (
            "2023-08-03 17:16 Build Service comes back up after all the tables went through CHECK "
            "TABLE"
        ),
    )
    assert moment_after("time_of_first_trigger", *rows) == utc(2023, 8, 3, 11, 37)
    # A crash named inside a longer sentence is no row of its own: "ds8.berkeley.edu
    # promptly starts crashing" (berkeley 2017-02-09) is a consequence, not the start.
    assert moment_after(
        "time_of_first_trigger",
        "2017-02-09 00:26 Following exception shows up in hub logs: OperationalError",
        "2017-02-09 10:17 John advises students to use ds8.berkeley.edu; it promptly crashed.",
    ) == utc(2017, 2, 9, 0, 26)


def test_a_length_before_the_problem_was_caught_is_the_time_to_detect():
    # edgi 2019-02-12's Summary: "The problem persisted for a week before it was caught."
    # A week is 7 x 24 x 60 = 10080 minutes.
    cases = {
        "The problem persisted for a week before it was caught.": 10080,
        "The bug was live for 3 hours before it was noticed by anyone.": 180,
        # How long it lasted, with nobody catching it: no time to detect.
        "The problem persisted for nearly two months (since about the start of the shutdown).": (
            None
        ),
    }
    for body, minutes in cases.items():
        f = parse(f"# X\n\n## Summary\n\n{body}\n").fields
        assert f["stated_minutes_to_detect"] == minutes, body


def test_a_detection_section_that_says_how_long_until_someone_ran_into_it():
    # iasql 2023-03-14 (a Google Docs export of its template), under "Detection": 16 hours
    # are 960 minutes.
    f = parse(
        "# Faulty Auth0 webhook\n\n## Detection\n\nThe problem was around for roughly 16 hours "
        "when the faulty Auth0 PostLogin JS webhook was added until there was an attempt to "
        "access the production dashboard for our own usage that did not work.\n"
    ).fields
    assert f["stated_minutes_to_detect"] == 960
    # The same words under another heading say how long something lasted, not detection.
    f = parse(
        "# Faulty Auth0 webhook\n\n## Resolution\n\nThe problem was around for roughly 16 "
        "hours until the webhook was removed.\n"
    ).fields
    assert f["stated_minutes_to_detect"] is None


def test_a_row_that_states_when_the_issues_started_gives_the_start():
    # edgi 2019-02-12 ("All times in PST", UTC-8 in February): found on Feb 20; the 19:00 row
    # says "The issues started on Feb 12th at 3pm PST" = 2019-02-12 23:00 UTC, the start of
    # impact and its day.
    p = parse(
        "# 2019-02-20: Versionista Scraper Silent Failure\n\n## Timeline\n\nAll times in PST.\n\n"
        "### 2019-02-20 14:01\n\n@jjudish posts an issue describing unusual error messages.\n\n"
        "### 2019-02-20 19:00\n\n@Mr0grog gets home and checks logs to see if we are having "
        "similar issues — we are. The issues started on Feb 12th at 3pm PST "
        "(`2019-02-12T23:00:00Z`).\n\n### 2019-02-20 21:20\n\nThe hotfix is deployed.\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2019, 2, 12, 23, 0)
    assert p.fields["incident_date"] == datetime(2019, 2, 12, tzinfo=UTC).date()


def test_a_row_that_says_it_has_failed_since_a_day_dates_the_incident():
    # edgi 2018-12-12 ("All times in PST"): found on 2019-02-12 at 18:30 PST (02:30 UTC on
    # the 13th); the 18:50 row: "every Wayback run has failed immediately with a syntax error
    # since near the end of the day December 12th" - the December before February, 2018.
    # The day is stated, its time is not: no start time; the first row is the detection.
    p = parse(
        "# 2019-02-12: Wayback Machine Import Failure\n\n## Timeline\n\nAll times in PST.\n\n"
        "### 2019-02-12 18:30\n\n@Mr0grog sees a post in Slack about a page not having "
        "snapshots since December.\n\n### 2019-02-12 18:50\n\n@Mr0grog logs into the machine "
        "to check logs and sees that every Wayback run has failed immediately with a syntax "
        "error since near the end of the day December 12th.\n\n### 2019-02-12 18:55\n\n"
        "@Mr0grog fixes all merge conflicts.\n"
    )
    f = p.fields
    assert f["incident_date"] == datetime(2018, 12, 12, tzinfo=UTC).date()
    assert f["time_of_first_trigger"] is None
    assert f["time_of_internal_detect"] == utc(2019, 2, 13, 2, 30)


def test_the_teams_error_tracker_reporting_is_its_detection():
    # edgi 2019-01-18 ("All times in EST", UTC-5): "Sentry begins reporting that Versionista
    # was returning invalid URIs" at 18:02 is the first alert (the impact's start as well);
    # a person noticing the reports at ~22:00 comes later.
    rows = (
        (
            "2019-01-18 23:02 Sentry begins reporting that Versionista was returning invalid URIs "
            "for raw versions requested by the scraper."
        ),
        "2019-01-19 03:00 @Mr0grog notices the Sentry reports and begins to investigate.",
        "2019-01-19 03:18 @Mr0grog merges the fix. Incident resolved.",
    )
    assert moment_after("time_of_internal_detect", *rows) == utc(2019, 1, 18, 23, 2)
    # The reports as a noun are no monitor speaking: "@Mr0grog checks the Sentry reports".
    assert (
        moment_after(
            "time_of_internal_detect",
            "2019-01-18 23:02 Versionista started returning invalid URIs for raw versions.",
            "2019-01-19 02:00 @Mr0grog checks the Sentry reports for the scraper's errors.",
        )
        is None
    )  # the start is marked, and nothing says when the team noticed
    # An error tracker that only records errors alerts nobody (obs 2023-02-03: the alert in
    # chat at 03:08 CET is the detection).
    assert moment_after(
        "time_of_internal_detect",
        "2023-02-03 22:37 Errbit starts to track errors in delayed_job#SendEventEmailsJob.",
        "2023-02-04 02:08 Start to receive an alert in our chat that no data is received.",
    ) == utc(2023, 2, 4, 2, 8)


def test_an_impact_starting_one_day_until_another_in_the_timelines_zone():
    # obs 2023-02-03: "## Impact": "… to the users starting Feburary 3th, 2023 around 11:37PM
    # until February 6th, 2023 13:06PM." (February misspelt; "13:06PM" a 24-hour clock with
    # a PM). The only zone stated is the timeline's "(CET)", UTC+1 in February: the window
    # is 22:37 UTC on the 3rd to 12:06 UTC on the 6th. The timeline's last row (13:08 CET)
    # says emails flow again; the Impact section's end is the recovery.
    f = parse(
        "# Failing email deliveries\n\n## Impact\n\nOur reference server wasn't sending out "
        "email notifications to the users starting\nFeburary 3th, 2023 around 11:37PM until "
        "February 6th, 2023 13:06PM.\n\n## Timeline (CET)\n\n"
        "- 2023-02-03 23:37 Errbit starts to track errors in SendEventEmailsJob.\n"
        "- 2023-02-06 13:08 The alert is resolved and emails are send again.\n"
    ).fields
    assert f["time_of_first_trigger"] == utc(2023, 2, 3, 22, 37)
    assert f["time_of_recovery"] == utc(2023, 2, 6, 12, 6)


def test_an_exposure_ends_when_the_firewall_is_back():
    # hachyderm 2023-07-09 (a Redis cache exposed to the Internet after a restart left
    # nftables off): "HIE1 stops Redis and re-enables nftables on fritz, closing unbounded
    # communication from the Internet" at 11:17 UTC ends the exposure.
    rows = (
        "2023-07-09 19:16 Fritz was updated and restarted. Nftables was not started again.",
        "2023-07-16 10:45 HIE1 identifies that the Redis cache is in read-only mode.",
        (
            "2023-07-16 11:17 HIE1 stops Redis and re-enables nftables on fritz, closing unbounded "
            "communication from the Internet."
        ),
    )
    assert moment_after("time_of_recovery", *rows) == utc(2023, 7, 16, 11, 17)


def test_more_ways_of_saying_the_service_is_back():
    # Each first row starts the impact; the second is the recovery, in the words of:
    cases = (
        # obs 2023-12-07 (before "Our monitoring declared the alerts as resolved", 12 min on)
        "The application performance went back to acceptable levels",
        # obs 2022-12-05
        "Restart the affected services: systemctl restart obs-api-support.target, OBS is back",
        # obs 2025-10-29 (sic)
        "We brough back build.o.o from maintenance mode.",
        # 2i2c 2025-05-12
        "Community confirms the workshop is running smoothly",
    )
    for words in cases:
        rows = (
            "2023-12-07 11:00 The application became unresponsive.",
            f"2023-12-07 12:05 {words}",
            "2023-12-07 12:17 Our monitoring declared the alerts as resolved.",
        )
        assert moment_after("time_of_recovery", *rows) == utc(2023, 12, 7, 12, 5), words
    # "is back" needs to end its clause: "The team is back to investigating" is no recovery.
    assert moment_after(
        "time_of_recovery",
        "2023-12-07 11:00 The application became unresponsive.",
        "2023-12-07 11:30 The team is back to investigating the database.",
        "2023-12-07 12:17 Our monitoring declared the alerts as resolved.",
    ) == utc(2023, 12, 7, 12, 17)


def test_a_bad_release_unpublished_ends_the_impact_unless_the_attacker_did_it():
    # eslint 2018-07-12: the attacker published eslint-config-eslint@5.0.2 at 09:49 and
    # unpublished it at 10:25, then published eslint-scope@3.7.2 at 10:40; the npm team
    # unpublishing that at 12:37 ends the impact (npm revoking tokens at 18:42 is later).
    rows = (
        "2018-07-12 09:49 UTC The attacker used the token to publish eslint-config-eslint@5.0.2.",
        "2018-07-12 10:25 UTC The attacker unpublished eslint-config-eslint@5.0.2.",
        "2018-07-12 10:40 UTC The attacker published eslint-scope@3.7.2.",
        "2018-07-12 12:37 UTC The npm team unpublished eslint-scope@3.7.2 after being contacted.",
        "2018-07-12 18:42 UTC npm revoked all access tokens generated before 12:30 UTC.",
    )
    assert moment_after("time_of_recovery", *rows) == utc(2018, 7, 12, 12, 37)
    # carbon 2019-08-15: "@joshblack unpublished v10.5.0 of @carbon/icons-angular"
    assert moment_after(
        "time_of_recovery",
        "2019-08-15 18:30 Builds of apps using @carbon/icons-angular start failing.",
        "2019-08-15 20:07 @joshblack unpublished v10.5.0 of @carbon/icons-angular.",
    ) == utc(2019, 8, 15, 20, 7)


def test_more_ways_the_team_and_its_users_tell_of_it():
    start = "2025-05-12 17:00 Users of the workshop hub start failing to get servers."
    # 2i2c 2025-05-12: a support ticket reaching the team is its detection.
    assert moment_after(
        "time_of_internal_detect",
        start,
        "2025-05-12 17:49 Ticket is brought to attention to the team via the #support-freshdesk "
        "Slack channel",
        "2025-05-12 17:57 First engineer acknowledges the issue",
    ) == utc(2025, 5, 12, 17, 49)
    # flutter 2023-08-26: "Monitoring system sends first e-mail, incorrectly reporting
    # docs.flutter.dev is down."
    assert moment_after(
        "time_of_internal_detect",
        start,
        "2025-05-12 17:20 Monitoring system sends first e-mail, incorrectly reporting the site "
        "is down.",
    ) == utc(2025, 5, 12, 17, 20)
    # kubernetes 2019-01-23: "oncall first pinged"
    assert moment_after(
        "time_of_internal_detect", start, "2025-05-12 17:30 oncall first pinged"
    ) == utc(2025, 5, 12, 17, 30)
    # galaxyeu 2018-07-12: "We receive simultaneous reports from multiple users"
    assert moment_after(
        "time_of_customer_detect",
        start,
        "2025-05-12 17:43 We receive simultaneous reports from multiple users",
    ) == utc(2025, 5, 12, 17, 43)


def test_a_row_explaining_how_it_began_after_the_team_noticed_is_no_start():
    # galaxyeu 2017-12-11 (a status table): 16:10 "We noticed that jobs were unable to be
    # submitted"; 18:33 "… and thus all jobs began to fail" tells the cause after the patch.
    # The start is not stated: the first row is taken for it, and is the detection.
    rows = (
        (
            "2017-12-11 15:10 We noticed that jobs were unable to be submitted due to a "
            "misconfiguration on our end. We are currently investigating the issue."
        ),
        "2017-12-11 17:27 We believe the issue is now patched.",
        (
            "2017-12-11 17:33 We have verified the patch. Galaxy refused to load the python module "
            "where our configuration was defined, and thus all jobs began to fail."
        ),
    )
    assert moment_after("time_of_first_trigger", *rows) == utc(2017, 12, 11, 15, 10)
    assert moment_after("time_of_internal_detect", *rows) == utc(2017, 12, 11, 15, 10)


def test_a_change_that_ships_a_bug_starts_the_impact():
    # posthog 2025-10-03: the release that carried the bug is when impact began, although
    # four hours passed before the first customer reports.
    rows = (
        (
            "2025-10-03 10:45 SDK version 1.270.0 deployed to production with backwards "
            "compatibility issue"
        ),
        "2025-10-03 14:59 Support engineer notices two similar customer reports in tickets",
        "2025-10-03 16:11 Reverts deployed, issue mitigated. SDK version 1.270.1 released",
    )
    assert moment_after("time_of_first_trigger", *rows) == utc(2025, 10, 3, 10, 45)
    # A change that names no fault, followed by hours of quiet, is the run-up.
    assert moment_after(
        "time_of_first_trigger", "2025-10-03 10:45 SDK version 1.270.0 deployed", *rows[1:]
    ) == utc(2025, 10, 3, 14, 59)


def test_production_switched_to_the_hotfix_ends_the_impact():
    # edgi 2019-02-12 (PST; here in UTC): "He switches production to the branch with the
    # hotfix after testing with a smaller timeframe locally" in the 21:20 PST row.
    rows = (
        "2019-02-20 22:01 @jjudish posts an issue describing unusual error messages.",
        (
            "2019-02-21 05:20 @Mr0grog creates hotfix code. He switches production to the branch "
            "with the hotfix after testing with a smaller timeframe locally."
        ),
        "2019-02-21 07:20 @Mr0grog creates PR from the hotfix code.",
    )
    assert moment_after("time_of_recovery", *rows) == utc(2019, 2, 21, 5, 20)


def test_the_final_release_published_ends_the_impact():
    # chia 2021-05-09: the chain "advanced very slowly for the next 3 hours until the hotfix
    # was released"; 17:18 "The final release was published (including mac and windows
    # installers)" is that release. Creating the hotfix branch at 14:19 is not.
    rows = (
        "2021-05-09 12:48 The last transaction block before the incident was farmed.",
        "2021-05-09 14:19 The 1.1.4-hotfix branch was created.",
        (
            "2021-05-09 17:18 The final release was published (including mac and windows "
            "installers), and an announcement was made."
        ),
    )
    assert moment_after("time_of_recovery", *rows) == utc(2021, 5, 9, 17, 18)


def test_a_network_that_halted_at_a_time_the_prose_states():
    # nibiru 2023-09-30 (no timeline): "On Sept 30 @ 22:16:01 UTC time, the `nibiru-itn-2`
    # network halted at block `1131575`." ("@" for "at"); cheqd 2023-01-30: "At roughly
    # 09:30 GMT, the network halted at block height 6,427,279".
    f = parse(
        "---\ndate: 2023-10-02\n---\n# Postmortem\n\n## Summary\n\nOn Sept 30, 2023 @ 22:16:01 "
        "UTC time, the `nibiru-itn-2` network halted at block `1131575`.\n"
    ).fields
    # (its seconds as written, since round 92)
    assert f["time_of_first_trigger"] == utc(2023, 9, 30, 22, 16) + timedelta(seconds=1)
    f = parse(
        "# cheqd v1.x upgrade\n\n## Summary\n\nOn 30 January 2023, following the passing of "
        "the upgrade proposal, At roughly 09:30 GMT, the network halted at block height "
        "6,427,279.\n"
    ).fields
    assert f["time_of_first_trigger"] == utc(2023, 1, 30, 9, 30)


def test_a_trouble_that_is_back_is_no_recovery():
    # "OBS is back" ends the impact (above); "the errors were back." is the trouble again.
    assert moment_after(
        "time_of_recovery",
        "2023-12-07 11:00 The application became unresponsive.",
        "2023-12-07 11:30 We restarted the workers; ten minutes later the errors were back.",
        "2023-12-07 12:17 Our monitoring declared the alerts as resolved.",
    ) == utc(2023, 12, 7, 12, 17)
