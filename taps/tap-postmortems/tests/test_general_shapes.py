"""Round 7's general rules: facts recognised by their shape, not by a heading list.

Each test is the smallest document showing one shape, written for the test (not copied from
the corpus); expected values are what the document says, worked out by hand in comments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import from_markdown, read_document
from tap_postmortems.parser import ParseOptions, normalise, parse_document


def parse(markdown: str, name: str | None = None):
    return parse_document(from_markdown(markdown), ParseOptions(), name)


def row_times(markdown: str) -> tuple[list[datetime | None], dict]:
    """The timeline rows' times and the record's fields."""
    p = parse(markdown)
    return [e["occurred_at"] for e in p.timeline], p.fields


def texts(markdown: str) -> list[str]:
    return [a["text"] for a in parse(markdown).action_items]


def test_an_outline_number_is_not_part_of_a_heading():
    assert normalise("7. Corrective Actions") == "corrective actions"
    assert normalise("2.1 Timeline (UTC)") == "timeline"
    assert normalise("3) Root cause") == "root cause"
    # A count is a word of the heading, not its number.
    assert normalise("24 hours later") == "24 hours later"
    assert normalise("2025-07-26 Saturday") == "2025 07 26 saturday"


def test_numbered_headings_over_lists_only_group_the_items():
    # Two groups of two bullets: four items, not the two group names.
    assert texts(
        "# Chain halt\n\n## 7. Corrective Actions\n\n### 1. Short-Term\n\n"
        "- Patch the SDK\n- Restore the snapshot\n\n### 2. Long-Term\n\n"
        "- Automate upgrade simulations\n- Update the rollback playbook\n"
    ) == [
        "Patch the SDK",
        "Restore the snapshot",
        "Automate upgrade simulations",
        "Update the rollback playbook",
    ]


def test_a_heading_that_says_follow_ups_in_other_words():
    assert texts(
        "# Registry outage\n\n## What is being done to prevent future incidents?\n\n"
        "Several things:\n\n- Always be in multi-master\n- Move attachments out of the DB\n"
    ) == ["Always be in multi-master", "Move attachments out of the DB"]
    # Under such a heading, sub-headings over prose are the items ("Future works").
    assert texts(
        "# Halt\n\n# Future works\n\n## Removal of the trust flag\n\nIt skipped checks.\n\n"
        "## Enhancement of monitoring\n\nWe missed it.\n"
    ) == ["Removal of the trust flag", "Enhancement of monitoring"]
    # Prose alone under it is an essay, not a list of items.
    assert texts("# X\n\n## How we are preventing this\n\nWe could not tell why.\n") == []
    # Lists that argue the case come before the plan, which is the last list.
    assert texts(
        "# X\n\n## Prevention\n\nThe errors were due to:\n\n- no test for upgrade\n"
        "- partial coverage\n\nSo from now on:\n\n1. Every feature has a test.\n"
        "2. Every bugfix starts with a test.\n"
    ) == ["Every feature has a test", "Every bugfix starts with a test"]


def test_a_lessons_heading_is_not_a_follow_up_heading():
    # "Lessons learned" is a known section of its own: its words do not make it one.
    assert texts("# X\n\n## Lessons learned\n\n- Testing matters\n- So do backups\n") == []


def test_follow_ups_recognised_by_the_shape_of_their_list():
    # Every entry a tracked issue (Phabricator task, Jira key, issue URL): follow-ups.
    assert texts(
        "# Banner flood\n\n## Summary\n\nTraffic spiked.\n\n"
        "- bug T303155 Avoid flood of banner analytics\n"
        "- bug T303326 Cap the sample rate\n"
    ) == ["bug T303155 Avoid flood of banner analytics", "bug T303326 Cap the sample rate"]
    assert texts(
        "# 404s\n\n## Details\n\nChanges made:\n\n- https://github.com/o/r/pull/1\n\n"
        "We learned a lot.\n\n- https://github.com/o/r/issues/3235\n"
        "- https://github.com/o/r/issues/3236\n"
    ) == ["https://github.com/o/r/issues/3235", "https://github.com/o/r/issues/3236"]
    # A list a sentence introduces as the lessons taken away.
    assert texts(
        "# DNS outage\n\n## Postmortem\n\nThe lessons we take away are as follows:\n\n"
        "- Document the deploy process\n- Deploy changes one at a time\n"
    ) == ["Document the deploy process", "Deploy changes one at a time"]


def test_lists_that_are_not_follow_ups():
    # Standards' identifiers are not tickets; advice to the reader is not the team's plan.
    assert (
        texts(
            "# Phishing\n\n## Indicators\n\n- CAPEC-94 - Adversary in the Middle\n"
            "- CAPEC-98 - Phishing\n\n## Call to action\n\n"
            "Some things you can do to help prevent this in the future:\n\n"
            "- Enable 2FA\n- Remove dormant accounts\n"
        )
        == []
    )
    # A timeline's rows with ticket keys stay rows.
    assert texts("# X\n\n## Timeline\n\n- 10:00 OPS-12 opened\n- 10:05 OPS-13 opened\n") == []


def test_a_labelled_list_item_holds_its_one_follow_up():
    assert texts(
        "# Image pulls fail\n\n- Impact: nodes could not pull images\n"
        "- Review actions: We switched to a Docker Hub token. (Done)\n"
    ) == ["We switched to a Docker Hub token. (Done)"]


def test_approximate_times_and_at_least_durations():
    # "~17:00" is a time, approximately; "13+ hours" is at least 13 hours, read as stated.
    rows, f = row_times(
        "# Embeddings fail\n\nDuration: 13+ hours\n\n## Timeline\n\n"
        "- 2025-01-09 ~16:00 UTC: Last successful run\n"
        "- 2025-01-09 ~17:00 UTC: Failures begin silently\n"
        "- 2025-01-10 05:00 UTC: Issue discovered during debugging\n"
    )
    assert rows == [
        datetime(2025, 1, 9, 16, tzinfo=UTC),
        datetime(2025, 1, 9, 17, tzinfo=UTC),
        datetime(2025, 1, 10, 5, tzinfo=UTC),
    ]
    assert f["time_of_first_trigger"] == datetime(2025, 1, 9, 17, tzinfo=UTC)  # failures begin
    assert f["time_of_internal_detect"] == datetime(2025, 1, 10, 5, tzinfo=UTC)  # discovered
    assert f["stated_minutes_to_recover"] == 13 * 60
    assert f["incident_date"] == date(2025, 1, 9)


def test_rows_dated_without_a_time_date_the_incident():
    # No title date, no Date: label, a file name without a date: the timeline's first day.
    p = parse(
        "# 005 - Postmortem for faulty webhook\n\n## Timeline\n\n"
        "- 2023-03-14: @dev added the faulty webhook\n"
        "- **2023-03-15**: dev noticed the dashboard was down\n",
        "005 - Postmortem for faulty webhook.md",
    )
    assert p.fields["incident_date"] == date(2023, 3, 14)
    assert p.fields["time_of_first_trigger"] is None  # a day, no time of day


def test_offset_rows_count_from_the_row_with_a_full_time():
    # "[+1 hrs]" rows in a table after a row with a full date and time, no T0 stated.
    rows, f = row_times(
        "# Upgrade halt\n\n## Timeline (UTC)\n\n| Time (UTC) | Event |\n|---|---|\n"
        "| May 28 2025, 11:30 AM UTC | Upgrade executed; network halts |\n"
        "| [+1 hrs] | Consensus failure confirmed; initial triage begins |\n"
        "| [+6.5 hrs] | Consensus fails again |\n"
        "| +10 minutes | not in order, still after the first row |\n"
    )
    assert rows == [
        datetime(2025, 5, 28, 11, 30, tzinfo=UTC),
        datetime(2025, 5, 28, 12, 30, tzinfo=UTC),
        datetime(2025, 5, 28, 18, 0, tzinfo=UTC),  # 11:30 + 6 h 30 min
        datetime(2025, 5, 28, 11, 40, tzinfo=UTC),
    ]
    # "triage begins": the team is on it, an hour after the start.
    assert f["time_of_internal_detect"] == datetime(2025, 5, 28, 12, 30, tzinfo=UTC)


def test_a_date_label_holding_a_span_of_times_is_the_impact_window():
    # "Date: … 9:30 AM UTC - … 12:30 AM UTC": the end's AM is before the start, a slip for PM.
    f = parse(
        "# Retrial\n\n## Summary\n\n* Date: July 2 2025, 9:30 AM UTC - July 2 2025, 12:30 AM UTC\n"
    ).fields
    assert f["incident_date"] == date(2025, 7, 2)
    assert f["time_of_first_trigger"] == datetime(2025, 7, 2, 9, 30, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2025, 7, 2, 12, 30, tzinfo=UTC)


def test_a_time_without_its_colon_after_a_full_date():
    # "2024-03-12 0616": 06:16, not a year 0616; a report from a partner is an outside report.
    rows, f = row_times(
        "# Chain halt\n\n## Timeline (UTC)\n\n"
        "- 2024-03-12 0616: wrong block generated at 8171899\n"
        "- 2024-03-12 0620: notified that block generation was halted by Wemade\n"
        "- 2024-03-12 1548: recovery of the mainnet (RPC, P2P, validator) completed\n"
    )
    assert rows == [
        datetime(2024, 3, 12, 6, 16, tzinfo=UTC),
        datetime(2024, 3, 12, 6, 20, tzinfo=UTC),
        datetime(2024, 3, 12, 15, 48, tzinfo=UTC),
    ]
    assert f["time_of_customer_detect"] == datetime(2024, 3, 12, 6, 20, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2024, 3, 12, 15, 48, tzinfo=UTC)


def test_and_a_half_after_the_number():
    # "halted for about 7 and a half hours": 450 minutes, stated.
    f = parse("# X\n\n## Summary\n\nBlock generation was halted for about 7 and a half hours.\n")
    assert f.fields["stated_minutes_to_recover"] == 450


def causes(markdown: str) -> list[str]:
    return parse(markdown).root_causes


def test_sub_headings_of_a_root_cause_section_name_the_causes():
    assert causes(
        "# Halt\n\n## 3. Root Cause\n\nThe halt stemmed from two failures:\n\n"
        "### 1. State inconsistency from uneven tree heights\n\n- nodes disagreed\n\n"
        "### 2. API regression affecting key decoding\n\n- keys misread\n\n## 4. Resolution\n\nx\n"
    ) == ["State inconsistency from uneven tree heights", "API regression affecting key decoding"]
    # Follow-ups under the root-cause heading make it no list of causes.
    assert (
        len(
            causes(
                "# X\n\n## Root Cause Analysis\n\n### Execution layer issue\n\nA bad address was "
                "configured, which caused the split.\n\n### Root Cause Remediations\n\n- validate\n"
            )
        )
        == 1
    )


def test_paragraphs_that_each_state_a_cause_are_as_many_causes():
    assert causes(
        "# Two CVEs\n\n## Root Causes\n\nCVE-1 resulted from trusting the codec library.\n\n"
        "CVE-2 resulted from two views of a proxy's role.\n"
    ) == [
        "CVE-1 resulted from trusting the codec library.",
        "CVE-2 resulted from two views of a proxy's role.",
    ]
    # A paragraph pointing back explains the one before; prose with no cause wording is one.
    assert (
        len(
            causes(
                "# X\n\n## Root cause\n\nComponents failed because the config changed.\n\n"
                "This is because the PR refactored a label key.\n"
            )
        )
        == 1
    )
    # The paragraph that names *the* root cause is the cause; the others its consequences.
    assert causes(
        "# Storm\n\n## Root Cause\n\nThe ultimate root cause was slow block propagation.\n\n"
        "The full mempool also caused fee issues.\n"
    ) == ["The ultimate root cause was slow block propagation."]


def test_more_ways_a_sentence_states_a_cause():
    for sentence in (
        "The service has been restored, a misconfiguration was responsible for its outage.",
        "The issue was identified to be a missing permission on the data disk.",
        "The new table filled up all remaining disk space, causing writes to fail.",
        "The underlying hardware suffered failures on multiple disks.",
    ):
        assert causes(f"# X\n\n## Summary\n\n{sentence}\n") == [sentence], sentence


def test_a_label_with_its_value_on_the_bullet_under_it_and_a_severity_in_a_sentence():
    f = parse(
        "# Halt\n\n## Summary\n\n* Severity:\n  * SEV-2 \u2013 degraded network operations\n"
    ).fields
    assert f["severity_level"] == "SEV2"
    f = parse(
        "# Hub down\n\n## Timeline\n\n- 13:12 Alert is acknowledged as an outage and given a "
        "P1 priority\n"
    ).fields
    assert f["severity_level"] == "SEV1"  # P1 = SEV1 (corpus README)


def test_more_ways_a_row_says_the_cause_was_found():
    f = parse(
        "# Queue stuck on 2023-05-04\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 08:09 Issue with the queue is identified by the support team\n"
        "- 14:13 Issue is looked into, identified as the bot being banned from the API\n"
        "- 15:00 Bot restarted\n"
    ).fields
    # "identified by the support team" is who noticed; "identified as …" is the cause found.
    assert f["time_of_rca"] == datetime(2023, 5, 4, 14, 13, tzinfo=UTC)


def test_a_span_of_days_in_the_lead_dates_the_start():
    # The Date: label is the span's last day (the report's); impact began on its first.
    f = parse(
        "# Subscriptions not activating\n\n**Date**: October 23, 2025\n\n## Executive Summary\n\n"
        "Between October 9 and October 23, 2025, paying customers could not access features.\n"
    ).fields
    assert f["incident_date"] == date(2025, 10, 9)
    # No label: the lead's span, not the later day a sentence names with its year.
    f = parse(
        "# Registry downtime\n\nBetween November 4th and November 15th 2013 the registry had "
        "several hours of downtime.\n\nOn November 15th 2013 the secondary failed.\n"
    ).fields
    assert f["incident_date"] == date(2013, 11, 4)


def test_more_ways_a_row_says_service_is_back():
    for row, back in (
        ("Prow is once again merging at its usual rate", True),
        ("New blocks being created again with a 10 minute gap", True),
        ("Repository sync successful", True),
        ("Database resized, table repacked, all good!", True),
        # A purpose, not an event: "to get actions running again".
        ("Credit added to get actions running again", False),
    ):
        f = parse(
            f"# X on 2024-01-11\n\nAll times in UTC\n\n## Timeline\n\n- 03:00 Chain stalls\n"
            f"- 04:00 {row}\n"
        ).fields
        got = f["time_of_recovery"]
        assert (got == datetime(2024, 1, 11, 4, tzinfo=UTC)) is back, row


def test_more_ways_someone_outside_reports_it():
    for row in (
        "A user tweets concern about the site",
        "First validator notices the issue and escalates to the development team",
        "A user who has been testing the feature noticed the issue and reported it",
        "An email is sent to the moderation team reporting this user",
        "A researcher reports their finding of the leaked token",
    ):
        f = parse(
            f"# X on 2024-06-28\n\nAll times in UTC\n\n## Timeline\n\n- 10:00 Deploy finished\n"
            f"- 11:09 {row}\n"
        ).fields
        assert f["time_of_customer_detect"] == datetime(2024, 6, 28, 11, 9, tzinfo=UTC), row


def test_a_timeline_years_before_its_publication_is_a_copied_year():
    # Published 2021-03-04 (front matter); the timeline's heading says 2016-03-04, the very
    # day years earlier: a year left over from an older report. The rows are 2021's.
    times, fields = row_times(
        "---\ndate: 2021-03-04\n---\n\n# Broken release\n\n"
        "Something broke.\n\n## Timeline\n\n2016-03-04 (all times in UTC)\n\n"
        "- 10:15 Reports of broken builds\n- 11:45 Release rolled back\n"
    )
    assert times == [
        datetime(2021, 3, 4, 10, 15, tzinfo=UTC),
        datetime(2021, 3, 4, 11, 45, tzinfo=UTC),
    ]
    assert fields["incident_date"] == date(2021, 3, 4)
    # A timeline that really is years older than the post (a retrospective) keeps its
    # year: 2016-09-20 moved to 2021 would come after the publication.
    times, fields = row_times(
        "---\ndate: 2021-03-04\n---\n\n# Looking back\n\n"
        "An old outage.\n\n## Timeline\n\n2016-09-20 (all times in UTC)\n\n- 10:15 Site down\n"
    )
    assert times == [datetime(2016, 9, 20, 10, 15, tzinfo=UTC)]


def test_a_title_dated_with_slashes_and_its_year():
    # "on 28/11/2024": a day over 12 comes first, so day/month/year.
    p = parse(
        "# Outage of the relay on 28/11/2024\n\nThe relay failed.\n\n## Timeline\n\n"
        "| Time (UTC) | Event |\n|---|---|\n| 05:52 | Alert fired |\n| 07:54 | Relay stopped |\n"
    )
    assert p.fields["incident_date"] == date(2024, 11, 28)
    assert p.timeline[0]["occurred_at"] == datetime(2024, 11, 28, 5, 52, tzinfo=UTC)


def stated_recover(markdown: str) -> float | None:
    return parse(markdown).fields["stated_minutes_to_recover"]


def test_time_spent_on_the_fix_told_in_prose():
    # "the next twelve hours" = 720 min; "twenty two hours" = 22 h = 1,320 min (two number
    # words, not "two hours"); "around an hour" = 60 min.
    assert (
        stated_recover("# Site down\n\nWe spent the next twelve hours working to fix it.\n") == 720
    )
    assert stated_recover("# Mail down\n\nThe next twenty two hours was a deep dive.\n") == 1320
    assert stated_recover("# Keys leaked\n\nIt took around an hour to fix it.\n") == 60
    assert stated_recover("# Slow\n\nIt took 1 hour and 31 minutes to deploy the fix.\n") == 91
    # A cry in a poem is no measure of the impact.
    assert (
        stated_recover("# Queues\n\nWhy, for fifty-three days I've put up with it now!\n") is None
    )


def test_a_post_that_tells_its_story_dates_it_in_a_sentence_opening_on_the_day():
    # Published 2022-10-13; "On Tuesday, March 29th," under a heading of the post's own, no
    # year: the last March 29 before the publication, 2022-03-29 (not the publication's day).
    p = parse(
        "---\ndate: 2022-10-13\n---\n\n# Lessons in incident management\n\n"
        "We talk about one incident.\n\n## A bad morning\n\n"
        "On Tuesday, March 29th, at around 10:00, an engineer noticed leaked keys.\n"
    )
    assert p.fields["incident_date"] == date(2022, 3, 29)


# --- Round 8 (issue 13): shapes from the 202 development documents ----------------------------


BOLD_SECTIONS = """# Broken build in 10.6

**Summary**

The release broke every consumer's build.

**Root causes**:

A missing export in the icons package.

**Detection**

At approximately 12:30pm CT we received reports through internal chat that builds failed.

**Action Items**

| Action item | Owner |
| --- | --- |
| Add a build check for exports | @dev |
| Pin the icons package | @dev |

## Lessons learned

**What went well**

- The revert was quick
"""


def test_sections_marked_in_bold_lines_are_sections():
    # A document whose only heading is its title names its sections in bold lines: the two
    # table rows under "**Action Items**" are the follow-ups, the paragraph under "**Root
    # causes**:" the one cause. Under a real heading ("## Lessons learned") a bold line stays
    # text. 12:30pm CT on 2020-04-09 is CDT (UTC-5): 17:30 UTC, and reports received are
    # from outside the team (customer detection).
    p = parse(BOLD_SECTIONS, "2020-04-09-broken-build.md")
    assert len(p.action_items) == 2
    assert len(p.root_causes) == 1
    assert p.fields["time_of_customer_detect"] == datetime(2020, 4, 9, 17, 30, tzinfo=UTC)
    assert p.fields["time_of_internal_detect"] is None
    titles = [s.title for s in from_markdown(BOLD_SECTIONS).sections]
    assert "Action Items" in titles
    assert "What went well" not in titles


def test_a_day_line_that_states_the_zone_dates_the_rows_under_it():
    # "2019-10-04 (all times in UTC-5)" is both a day and the zone: 06:27 there is 11:27 UTC
    # on the 4th, and the next day line moves the rows on to the 7th.
    p = parse(
        "# Breaking change\n\n## Timeline\n\n"
        "2019-10-04 **(all times in UTC-5)**\n\n- 06:27 A user reported the change\n\n"
        "2019-10-07\n\n- 08:16 The revert was merged\n",
        "2019-10-09-breaking-change.md",
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        datetime(2019, 10, 4, 11, 27, tzinfo=UTC),
        datetime(2019, 10, 7, 13, 16, tzinfo=UTC),
    ]
    assert p.fields["incident_date"] == date(2019, 10, 4)


def test_follow_ups_under_the_first_worded_heading_that_lists_them():
    # "What you need to do" (its words say "to do") is advice to users in prose; the list
    # under "Future steps" is the team's plan: 2 follow-ups.
    assert texts(
        "# Key leak\n\n## What you need to do\n\nRotate your keys and enable MFA.\n\n"
        "## Future steps\n\n- Filter keys out of the logs\n- Give the feed its own key\n"
    ) == ["Filter keys out of the logs", "Give the feed its own key"]


def test_sub_headings_over_lists_group_the_follow_ups_of_a_worded_heading():
    # "Looking Forward" says follow-ups in other words; its prose leads in, and the lists
    # under "Engineering:" (2) and "Support:" (1) are all of them: 3.
    assert texts(
        "# Index corruption\n\n## Looking Forward:\n\nWe commit to several changes.\n\n"
        "### Engineering:\n\n- Improve test instances\n- Run amcheck routinely\n\n"
        "### Support:\n\n- Define a process for pulling a release\n"
    ) == [
        "Improve test instances",
        "Run amcheck routinely",
        "Define a process for pulling a release",
    ]


def test_a_heading_with_a_day_written_with_a_dot_continues_the_timeline():
    # "### 19. April, 11:00" (the day first, with a dot, as much of Europe writes it) is the
    # next morning's event, not a heading that ends the timeline: CEST is UTC+2 in April.
    times, _ = row_times(
        "# Culler flood\n\n## Timeline\n\nAll times in CEST\n\n"
        "### 2018-04-18 19:47\n\nA deploy fails.\n\n"
        "### 19. April, 11:00\n\nThe fix is deployed.\n\n### 11:07\n\nThe deploy succeeds.\n"
    )
    assert times == [
        datetime(2018, 4, 18, 17, 47, tzinfo=UTC),
        datetime(2018, 4, 19, 9, 0, tzinfo=UTC),
        datetime(2018, 4, 19, 9, 7, tzinfo=UTC),
    ]


def test_a_report_prefix_with_its_day_and_a_wiki_pages_folders_are_not_the_name():
    # "Incident report May 12 2025 - X": the name is X and the day 2025-05-12; a wiki page
    # titled with its folders ("Releases/Post-mortems/Firefox 8.0.1") is named by its page.
    p = parse("# Incident report May 12 2025 - Earthscope provisioning issue\n\nText.\n")
    assert p.fields["incident_name"] == "Earthscope provisioning issue"
    assert p.fields["incident_date"] == date(2025, 5, 12)
    q = parse("# Releases/Post-mortems/Firefox 8.0.1\n\nText.\n")
    assert q.fields["incident_name"] == "Firefox 8.0.1"
    # A name that merely holds a slash keeps it.
    r = parse("# dawiki/svwiktionary partial outage\n\nText.\n")
    assert r.fields["incident_name"] == "dawiki/svwiktionary partial outage"


def test_header_fields_set_as_headings_and_a_report_named_by_its_opening_heading():
    # Every heading at level 2, the first names the report ("Incident Report for X": the
    # name is X), the next two are fields: "Date:" and "Time:" state when it happened.
    p = parse(
        "## Incident Report for Failure of reward distribution\n\n"
        "## Date: December 08, 2022\n\n## Time: 5:13:57 UTC\n\n## Details:\n\n"
        "The distribution was scheduled for that time and failed.\n"
    )
    assert p.fields["incident_name"] == "Failure of reward distribution"
    assert p.fields["incident_date"] == date(2022, 12, 8)
    assert p.fields["time_of_first_trigger"] == datetime(2022, 12, 8, 5, 13, 57, tzinfo=UTC)
    # A document opening on a section's heading has no name from it.
    q = parse("## Overview\n\nSomething broke on 2022-12-08.\n")
    assert q.fields["incident_name"] != "Overview"


def test_a_date_label_holding_days_of_one_month_starts_on_the_first():
    # "Date: January 14-19, 2026": impact began 14 January 2026; the rows' "Jan 15, 5:33 PM"
    # take the year 2026 from it (not "14-19" read as a day and the year 2019).
    for written in ("January 14-19, 2026", "14\u201319 January 2026", "Jan 14 - Jan 19, 2026"):
        times, fields = row_times(
            f"# SDK breakage\n\n**Date:** {written}\n\n## Timeline\n\n"
            "| Time (UTC) | Event |\n|---|---|\n| Jan 15, 5:33 PM | A fix is released. |\n"
        )
        assert fields["incident_date"] == date(2026, 1, 14), written
        assert times == [datetime(2026, 1, 15, 17, 33, tzinfo=UTC)], written


def test_a_customer_reaching_out_is_a_customer_report():
    _, fields = row_times(
        "# SDK breakage\n\n## Timeline\n\n- 2026-01-14 10:18 UTC: A customer reached out to "
        "tell us their site was down.\n- 2026-01-14 11:00 UTC: A fix is released.\n"
    )
    assert fields["time_of_customer_detect"] == datetime(2026, 1, 14, 10, 18, tzinfo=UTC)


def test_an_html_post_under_front_matter_and_a_quoted_title():
    # A Jekyll post written in HTML: the front matter is not text; its title (quoted, with a
    # report prefix) names the post and its day dates it.
    doc = read_document(
        '---\nlayout: post\ntitle: "Post-mortem: Slow deployment on June 30, 2017"\n---\n'
        "<p>We had a slow deployment.</p>\n<h2>Improvements</h2>\n<ul><li>Test migrations</li>"
        "<li>Track patches</li></ul>\n",
        html=True,
    )
    assert doc.sections[0].blocks[0].lines()[0] == "We had a slow deployment."
    p = parse_document(doc, ParseOptions())
    assert p.fields["incident_name"] == "Slow deployment on June 30, 2017"
    assert p.fields["incident_date"] == date(2017, 6, 30)


def test_a_timeline_that_states_its_days_dates_a_post_over_its_publication():
    # A disclosure published on 2018-09-20 (its address says so) whose lead names the 20th
    # without a year, over a timeline that opens "Timeline for September 17, 2018: (all
    # times UTC)": the story begins on the 17th, and its first rows are on that day.
    markdown = (
        "# Disclosure of a bug\n\nOn September 20th a post in a public forum reported the "
        "full impact.\n\n## Timeline\n\nTimeline for September 17, 2018: (all times UTC)\n\n"
        "- 14:57 an anonymous reporter reports a crash bug\n- 17:47 the team identifies it\n\n"
        "September 18, 2018:\n\n- 20:44 release binaries are available\n"
    )
    p = parse(markdown, "/en/2018/09/20/disclosure/")
    assert p.fields["incident_date"] == date(2018, 9, 17)
    assert [e["occurred_at"] for e in p.timeline] == [
        datetime(2018, 9, 17, 14, 57, tzinfo=UTC),
        datetime(2018, 9, 17, 17, 47, tzinfo=UTC),
        datetime(2018, 9, 18, 20, 44, tzinfo=UTC),
    ]
    # "an anonymous reporter reports": someone outside the team.
    assert p.fields["time_of_customer_detect"] == datetime(2018, 9, 17, 14, 57, tzinfo=UTC)
    # A lead that writes the day in full ("On 2018-09-20 between …") keeps it over a
    # timeline whose first rows are the run-up days before.
    q = parse(
        "# Broken downloads\n\nOn 2018-09-20 between 12:17 and 12:30 UTC downloads were "
        "broken.\n\n## Timeline\n\n### 2018-09-18\n\n- 12:32 UTC a PR is merged\n\n"
        "### 2018-09-20\n\n- 12:17 UTC the deploy is promoted\n",
        "/2018/09/21/broken-downloads/",
    )
    assert q.fields["incident_date"] == date(2018, 9, 20)


def test_rows_stamped_month_day_without_a_year_in_brackets():
    # "[03-26 02:50]": month first, as ISO writes it, the year the incident's (2019, from
    # the title); "[12-05 16:21]" is more than half a year after 26 March 2019, so it is
    # 5 December 2018. PDT is stated: UTC-7 in March, UTC-8 (PST) in December.
    times, _ = row_times(
        "# Outage of March 26th, 2019\n\nAll times in PDT (UTC-7).\n\n## Timeline\n\n"
        "- [12-05 16:21] A bug is introduced\n- [03-20 16:46] The spec is updated\n"
        "- [03-26 02:50] The outage is reported on GitHub\n"
        "- [03-26 08:10] A fixed build is deployed (outage ends)\n"
    )
    assert times == [
        datetime(2018, 12, 6, 0, 21, tzinfo=UTC),
        datetime(2019, 3, 20, 23, 46, tzinfo=UTC),
        datetime(2019, 3, 26, 9, 50, tzinfo=UTC),
        datetime(2019, 3, 26, 15, 10, tzinfo=UTC),
    ]


def test_a_recovery_told_with_its_length_in_brackets_or_as_back_in_operation():
    # "until this issue got resolved(~20 hrs)": 20 hours to recover; "was back to be fully
    # operational after around 40 minutes": 40.
    p = parse(
        "# Fee change\n\n## Details\n\nThe fee was wrong until this issue got resolved(~20 hrs). "
        "Then it was right.\n"
    )
    assert p.fields["stated_minutes_to_recover"] == 1200
    q = parse(
        "# Slow deployment\n\n## Summary\n\nThe site was back to be fully operational after "
        "around 40 minutes.\n"
    )
    assert q.fields["stated_minutes_to_recover"] == 40


def test_a_timeline_heading_with_only_its_zone_in_brackets():
    # "## Timeline (CEST)": the rows are on Central European Summer Time, UTC+2 in August.
    times, _ = row_times(
        "# Database crashes\n\n**Date**: 2023-08-03\n\n## Timeline (CEST)\n\n"
        "- 13:37 Database cluster crashes\n- 19:16 Service comes back up\n"
    )
    assert times == [
        datetime(2023, 8, 3, 11, 37, tzinfo=UTC),
        datetime(2023, 8, 3, 17, 16, tzinfo=UTC),
    ]
    # Words in the brackets are a note, not a zone: "(all times PST)" still says PST.
    times, _ = row_times(
        "# Stall\n\n**Date**: 2024-01-11\n\n## Timeline (all times PST)\n\n"
        "- 19:32 The chain stalls\n"
    )
    assert times == [datetime(2024, 1, 12, 3, 32, tzinfo=UTC)]


def test_a_stand_in_time_the_document_declares_is_no_time():
    # "times that were hard to determine are marked as 09:00": the two 09:00 rows have a day
    # but no time. The timeline opens on 2019-09-23 (UTC-5) with them, so the first timed
    # row, days later, is not when impact began, and the incident's day is the 23rd, not the
    # day in the file name (the postmortem's own date).
    p = parse(
        "# Breaking change\n\n## Timeline\n\n_Note: times that were hard to determine are "
        "marked as 09:00_\n\n2019-09-23 **(all times in UTC-5)**\n\n- 09:00 a user reported "
        "the breaking change\n\n2019-10-04\n\n- 06:27 a community member reached out\n"
        "- 08:30 we replied with a link\n",
        "2019-10-07-breaking-change.md",
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        None,
        datetime(2019, 10, 4, 11, 27, tzinfo=UTC),
        datetime(2019, 10, 4, 13, 30, tzinfo=UTC),
    ]
    assert p.fields["incident_date"] == date(2019, 9, 23)
    assert p.fields["time_of_first_trigger"] is None
    # Without the note, 09:00 is a time like any other.
    q = parse(
        "# Breaking change\n\n## Timeline\n\n2019-09-23 **(all times in UTC-5)**\n\n"
        "- 09:00 a user reported the breaking change\n"
    )
    assert q.timeline[0]["occurred_at"] == datetime(2019, 9, 23, 14, 0, tzinfo=UTC)


def test_a_measure_that_starts_to_rise_in_the_lead_starts_the_impact():
    # The timeline opens on the first alert (13:55); the summary says the response time of
    # "build.o.o" (a dot inside a name ends no sentence) started to increase at 13:35: impact
    # began at 13:35, detected 20 minutes later.
    p = parse(
        "# Service degradation\n\n## Summary\n\nThe response time of the build.o.o frontend "
        "started to increase at 13:35 UTC and reached critical levels around 13:55 UTC.\n\n"
        "## Timeline\n\n- 2025-10-29 13:55 Received the first alert about slow response times.\n"
        "- 2025-10-29 16:05 We brought the site back from maintenance mode.\n"
    )
    assert p.fields["time_of_first_trigger"] == datetime(2025, 10, 29, 13, 35, tzinfo=UTC)
    assert p.fields["time_of_internal_detect"] == datetime(2025, 10, 29, 13, 55, tzinfo=UTC)


def test_a_row_dated_by_day_whose_text_opens_on_its_time():
    # "- 2021-08-27: At 12:50:07 UTC, issue exploited. Analysis started roughly 30m later":
    # the row is at 12:50:07 on the 27th, and the team started 30 minutes after.
    p = parse(
        "# Minority split\n\n## Timeline\n\n- 2021-08-17: Someone submitted a bounty report.\n"
        "- 2021-08-27: At 12:50:07 UTC, issue exploited. Analysis started roughly 30m later.\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        None,
        datetime(2021, 8, 27, 12, 50, 7, tzinfo=UTC),
    ]
    assert p.fields["stated_minutes_to_detect"] == 30


def test_a_service_flowing_again_is_the_recovery_not_the_later_all_clear():
    # Prose with UTC times: impact at 09:11, "mail was flowing again" at 17:33 (recovery),
    # "deemed fully operational at approximately 20:00 UTC" the later all-clear.
    p = parse(
        "# Email service interruption\n\nAt around 09:11 UTC on Tuesday, July 12th 2022, the "
        "mail server broke down.\n\nAt approximately 17:33 UTC the bulk of our migration "
        "operations had completed, and mail was flowing again. The team continued to monitor, "
        "and the services were deemed fully operational at approximately 20:00 UTC.\n"
    )
    assert p.fields["time_of_first_trigger"] == datetime(2022, 7, 12, 9, 11, tzinfo=UTC)
    assert p.fields["time_of_recovery"] == datetime(2022, 7, 12, 17, 33, tzinfo=UTC)


def test_an_impact_window_ends_at_its_own_end_not_at_the_next_windows_start():
    # "from about 7:08 UTC until 10:40 UTC, and again from 19:03 UTC until 19:19 UTC": the
    # (first) window is 07:08-10:40; 19:03 starts another one.
    p = parse(
        "# Connectivity issues\n\nThe site had intermittent connectivity problems on "
        "2015-08-10 from about 7:08 UTC until 10:40 UTC, and again from 19:03 UTC until "
        "19:19 UTC.\n"
    )
    assert p.fields["time_of_first_trigger"] == datetime(2015, 8, 10, 7, 8, tzinfo=UTC)
    assert p.fields["time_of_recovery"] == datetime(2015, 8, 10, 10, 40, tzinfo=UTC)
    # A window whose ends carry their day still reads ("from Oct 31 at 18:27 to Oct 31 at
    # 21:00").
    q = parse(
        "# Outage\n\nThe API was down from Oct 31, 2023 at 18:27 UTC to Oct 31 at 21:00 UTC.\n"
    )
    assert q.fields["time_of_recovery"] == datetime(2023, 10, 31, 21, 0, tzinfo=UTC)


def test_a_post_written_while_it_lasts_and_a_relative_day_glossed_with_its_date():
    # Published 2026-04-07 (its address), "For the past seven days, …": it began 2026-03-31.
    p = parse(
        "# Bot traffic\n\nFor the past seven days, the site has been under sustained bot "
        "traffic.\n",
        "/2026/04/07/bot-traffic.html",
    )
    assert p.fields["incident_date"] == date(2026, 3, 31)
    # Published 2013-04-06: "from late last night (April 5th) until …" dates it the 5th.
    q = parse(
        "# Partial outage\n\nOver a period of around 12 hours, from late last night (April "
        "5th) until this morning, the site was slow.\n",
        "/2013/04/06/partial-outage.html",
    )
    assert q.fields["incident_date"] == date(2013, 4, 5)


def test_a_title_naming_a_span_of_days_starts_on_the_first():
    p = parse(
        "# Compromised nightly dependency between December 25th and December 30th, 2022.\n\n"
        "At around 4:40pm GMT on December 30 (Friday), we learned about a malicious package.\n"
    )
    assert p.fields["incident_date"] == date(2022, 12, 25)


def test_a_story_told_in_sentences_opening_on_their_days_began_on_the_earliest():
    # The post opens on the day the problem surfaced (24 April), then goes back to the day
    # the account was wrongly flagged (27 March): the incident began on 27 March.
    p = parse(
        "---\ntitle: Moderation incident\ndate: 2023-05-01\n---\n\n## Background\n\n"
        "On 24 April 2023 the moderation team received a request to review the policy.\n\n"
        "## The story\n\nOn 27 Mar 2023 the moderation team received a report that "
        "flagged the account's posts as spam.\n"
    )
    assert p.fields["incident_date"] == date(2023, 3, 27)


def test_causes_the_writer_counts_or_adds():
    # "Firstly, …. Secondly, …." in a root-cause section: two causes.
    p = parse(
        "# Route deleted\n\n## Root cause\n\nTwo things went wrong. Firstly, the cleanup "
        "function deleted the gateway record. Secondly, something changed in the cloud "
        "provider's defaults.\n"
    )
    assert len(p.root_causes) == 2
    assert p.root_causes[0].startswith("the cleanup function")
    # The causal sentence the lead states, and the one right after that adds another
    # ("There was also no dedicated pool, so …"): two causes.
    q = parse(
        "# Memory overload\n\nAfter investigation, we determined that the core pods didn't "
        "have resource guarantees set. There was also no dedicated core pool, so the students "
        "overloaded the nodes. This starved everything of resources.\n"
    )
    assert len(q.root_causes) == 2
    # A sentence that merely mentions "also" after the cause adds nothing.
    r = parse(
        "# Disk failure\n\nThe cause of the outage was a failed disk. Some time before, the "
        "other disk had also been replaced due to a failed state.\n"
    )
    assert r.root_causes == ["The cause of the outage was a failed disk."]


def test_lists_written_inside_paragraphs_and_offered_as_plans():
    # Hand-written HTML puts each list inside its <p>; under "Improvements" each list is
    # introduced as a plan ("things we are going to try are:", "some ideas how to do that:",
    # "a couple of general ideas."): all five entries are follow-ups.
    doc = read_document(
        "<h1>Slow deployment</h1><h2>Improvements</h2>"
        "<p>We need more testing. A couple of things we are going to try are:"
        "<ul><li>run migrations on a clone</li><li>label migration PRs</li></ul></p>"
        "<p>Another area is monkey patches. Here are some ideas how to do that:"
        "<ul><li>label patched PRs</li><li>track patches in motd</li></ul></p>"
        "<p>We also had a couple of general ideas.<ul><li>be present during it</li></ul></p>",
        html=True,
    )
    improvements = next(s for s in doc.sections if s.title == "Improvements")
    assert [b.kind for b in improvements.blocks] == ["para", "list"] * 3
    p = parse_document(doc, ParseOptions())
    assert [a["text"] for a in p.action_items] == [
        "run migrations on a clone",
        "label migration PRs",
        "label patched PRs",
        "track patches in motd",
        "be present during it",
    ]


def test_a_table_headed_action_item_under_another_heading():
    # "| Action Item | Owner |" under "Resolution": its rows are the follow-ups.
    assert texts(
        "# Outage\n\n## Resolution\n\nWe weathered the storm and created follow up items:\n\n"
        "| Action Item | Owner |\n|---|---|\n| Review concurrency | Backend team |\n"
        "| Scale the feature | Developer team |\n"
    ) == ["Review concurrency", "Scale the feature"]
    # A table of something else is no follow-ups.
    assert texts("# Outage\n\n## Resolution\n\n| Host | Owner |\n|---|---|\n| db1 | ops |\n") == []


def test_a_timeline_that_opens_on_a_customers_report_states_no_start():
    # "Users report all launches are failing" is when someone outside wrote in; impact
    # began before, at a time nobody states: no start, the report is the customer's
    # detection, and the incident's day is the report's.
    p = parse(
        "# Cluster full\n\n## Timeline\n\n- 2017-10-17 14:42 UTC: Users report all launches "
        "are failing\n- 2017-10-17 15:10 UTC: The team scales the cluster up\n"
    )
    assert p.fields["time_of_first_trigger"] is None
    assert p.fields["time_of_customer_detect"] == datetime(2017, 10, 17, 14, 42, tzinfo=UTC)
    assert p.fields["incident_date"] == date(2017, 10, 17)
    # A lead that states the failure before that report gives the start.
    q = parse(
        "# Disk full\n\nAt roughly 18:52 UTC on 2022-12-13 we experienced a cascading failure."
        "\n\n## Timeline\n\n- 2022-12-13 18:57 UTC: Users report that the site is down\n"
    )
    assert q.fields["time_of_first_trigger"] == datetime(2022, 12, 13, 18, 52, tzinfo=UTC)
    # A first row that is the team's own alert still starts it, for want of a better one.
    r = parse("# Outage\n\n## Timeline\n\n- 2023-01-01 10:00 UTC: First alert fires\n")
    assert r.fields["time_of_first_trigger"] == datetime(2023, 1, 1, 10, 0, tzinfo=UTC)


def test_a_duration_in_weeks():
    # "Duration: ~2 weeks (October 9 - October 23, 2025)": 14 days, 20160 minutes.
    p = parse("# Subscriptions\n\n**Duration:** ~2 weeks (October 9 - October 23, 2025)\n")
    assert p.fields["stated_minutes_to_recover"] == 20160


def test_a_short_heading_whose_last_word_is_timeline():
    # "# Events/Timeline:": the section's rows are the timeline.
    p = parse(
        "# Builds failing\n\n# Events/Timeline:\n\n- Found an error when running the build\n"
        "- Pulled the latest image and rebuilt\n\n# Cause\n\n- The image was updated.\n"
    )
    assert [e["text"] for e in p.timeline] == [
        "Found an error when running the build",
        "Pulled the latest image and rebuilt",
    ]
    # A longer heading that ends on the word is about it, not it.
    q = parse("# Builds\n\n## What we learned about the timeline\n\n- Rows were late\n")
    assert q.timeline == []


def test_lines_stamped_with_a_day_a_dash_and_a_span_of_times():
    # No "Timeline" heading; each numbered line is a period "day -- start to end": rows
    # timed at their starts (2013 from the lead).
    times, _ = row_times(
        "# Registry outages\n\nBetween November 4th and November 15th 2013 the registry had "
        "downtime over three periods:\n\n1. November 4th -- 16:30 to 18:00 UTC\n"
        "2. November 13th -- 15:00 to 19:30 UTC\n3. November 15th -- 15:30 to 18:00 UTC\n"
    )
    assert times == [
        datetime(2013, 11, 4, 16, 30, tzinfo=UTC),
        datetime(2013, 11, 13, 15, 0, tzinfo=UTC),
        datetime(2013, 11, 15, 15, 30, tzinfo=UTC),
    ]
    # A day and a dash before words is a row dated without a time, as before.
    times, _ = row_times(
        "# Fix\n\n## Timeline\n\n- 2023-01-31 - The fix was merged into the main branch today\n"
    )
    assert times == [None]


def test_rows_that_say_the_cause_was_found_in_other_words():
    # "identifies inflation bug", "validates the report as a true finding", "Issue confirmed
    # by surveys team": each row is when the cause was known.
    for row in (
        "Matt identifies inflation bug",
        "Security validates the report as a true finding",
        "Issue confirmed by surveys team. Begin reverting suspected PRs",
    ):
        p = parse(
            "# Bug\n\n## Timeline\n\n- 2018-09-17 14:57 UTC: Something breaks\n"
            f"- 2018-09-17 17:47 UTC: {row}\n"
        )
        assert p.fields["time_of_rca"] == datetime(2018, 9, 17, 17, 47, tzinfo=UTC), row


def test_people_outside_the_team_informing_or_complaining_report_it():
    for row, customer in (
        ("Users informed in IRC that they didn't receive emails", True),
        ("People started to complain on our IRC support channel", True),
        # The team telling its users is no report from them.
        ("Status page updated and users notified", False),
        ("Note were users notified in the support channel", False),
    ):
        p = parse(
            "# Mail\n\n## Timeline\n\n- 2023-02-03 22:37 UTC: Errors start\n"
            f"- 2023-02-05 14:26 UTC: {row}\n"
        )
        reported = p.fields["time_of_customer_detect"]
        assert (reported == datetime(2023, 2, 5, 14, 26, tzinfo=UTC)) is customer, row


def test_a_time_label_holding_a_length_is_no_start():
    # "Time: 45 minutes" says how long, not when: the timeline still gives the start.
    p = parse(
        "# Outage\n\nTime: 45 minutes\n\n## Timeline\n\n- 2024-05-01 10:00 UTC: Outage begins\n"
        "- 2024-05-01 10:45 UTC: Service restored\n"
    )
    assert p.fields["time_of_first_trigger"] == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    # A timeline table headed "| Time (UTC) | Event |" holds no "Time:" field.
    q = parse(
        "# Outage\n\n## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n"
        "| 2024-05-01 10:00 | Outage begins |\n"
    )
    assert not [w for w in q.warnings if "could not read" in w]


def test_a_cause_named_in_a_headings_remark_or_a_field():
    # "# Working Theory (root cause)": the remark names the section.
    p = parse(
        "# Timeouts\n\n# Working Theory (root cause)\n\nWe are maxing out the streaming "
        "service, and it is rate limiting the web service.\n"
    )
    assert p.root_causes == [
        "We are maxing out the streaming service, and it is rate limiting the web service."
    ]
    # "**Root Causes**: …" in a field list: the field's value is the cause.
    q = parse(
        "# Database crashes\n\n**Impact**: Multiple downtimes.\n\n**Root Causes**: Our "
        "database cluster ran out of space during a migration.\n"
    )
    assert q.root_causes == ["Our database cluster ran out of space during a migration."]


def test_follow_ups_a_sub_heading_says_are_done_are_not_counted():
    assert texts(
        "# Flags outage\n\n## Action Items\n\n### Immediate Actions (Completed)\n\n"
        "- Timeouts moved to runtime config\n\n### Short-term\n\n- Circuit breaker\n"
        "- Health check tuning\n"
    ) == ["Circuit breaker", "Health check tuning"]


def moment_after(field: str, *rows: str) -> datetime | None:
    """``field`` as read from a timeline of these rows (tenth-round wording tests)."""
    timeline = "".join(f"- {row}\n" for row in rows)
    return parse(f"# Outage\n\n## Timeline\n\n{timeline}").fields[field]


def test_a_timeline_of_time_headings_with_am_pm_as_one_letter():
    # "### 2019-02-25 11:21a", "### 12:28p": a and p are AM and PM. A template's braces
    # ("### {{ 13:05 }}") hold the time written in them. "## 13:20", its level slipped, after
    # the timed sub-headings is one more of them.
    p = parse(
        "# API outage\n\n## Timeline\n\n### 2019-02-25 11:21a\n\nThe API server became "
        "unavailable.\n\n### 12:28p\n\nAn email is sent to the provider.\n\n### {{ 13:05 }}\n\n"
        "The cluster is created.\n\n## 13:20\n\nThe pool is imported.\n\n### 13:41\n\nProd hub "
        "is up.\n\n## Conclusion\n\nIt was the provider.\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        datetime(2019, 2, 25, 11, 21, tzinfo=UTC),
        datetime(2019, 2, 25, 12, 28, tzinfo=UTC),
        datetime(2019, 2, 25, 13, 5, tzinfo=UTC),
        datetime(2019, 2, 25, 13, 20, tzinfo=UTC),
        datetime(2019, 2, 25, 13, 41, tzinfo=UTC),
    ]


def test_a_date_and_time_alone_on_its_line_stamps_the_paragraph_under_it():
    # A plain-text timeline: "2019-07-20 20:30" on a line of its own, the event below it.
    p = parse(
        "# Differ broken\n\n## Timeline\n\nAll times in UTC.\n\n2019-07-20 20:30\n\nThe "
        "service starts raising errors.\n\n2019-07-21 04:53\n\nRob restarts the pods.\n"
    )
    assert [(e["occurred_at"], e["text"]) for e in p.timeline] == [
        (datetime(2019, 7, 20, 20, 30, tzinfo=UTC), "The service starts raising errors."),
        (datetime(2019, 7, 21, 4, 53, tzinfo=UTC), "Rob restarts the pods."),
    ]


def test_a_list_a_paragraph_introduces_as_the_timeline_with_clocks_written_with_a_dot():
    # No "Timeline" heading: the paragraph says the list is the timeline; "10.42:" is 10:42.
    p = parse(
        "# Booking outage\n\n### What happened\n\nThis is the timeline of events that occurred "
        "on Thursday February 11 2016, starting at 10.42am:\n\n - 10.42: the application "
        "became unavailable.\n - 10.46: engineers were alerted.\n - 10.56: the platform "
        "auto-healed and the application became available again.\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        datetime(2016, 2, 11, 10, 42, tzinfo=UTC),
        datetime(2016, 2, 11, 10, 46, tzinfo=UTC),
        datetime(2016, 2, 11, 10, 56, tzinfo=UTC),
    ]
    assert p.fields["time_of_first_trigger"] == datetime(2016, 2, 11, 10, 42, tzinfo=UTC)
    # A version number in a list under a heading that is no timeline stays no row.
    q = parse("# Upgrade\n\n## Changes\n\nWe shipped:\n\n- 1.24: new resolver\n- 1.25: fix\n")
    assert q.timeline == []


def test_a_length_of_partial_availability_is_the_impacts_length():
    p = parse(
        "# Incident report\n\nOn August 12, 2016 there was approximately 79 minutes of partial "
        "availability for our sites.\n"
    )
    assert p.fields["stated_minutes_to_recover"] == 79


def test_a_hedge_holds_for_its_own_clause_not_the_one_after_and():
    # "errors seem to have stopped and the incident is resolved": the second clause says it.
    p = parse(
        "# Differ\n\n## Timeline\n\n- 2019-07-21 03:30 UTC: The service starts raising errors\n"
        "- 2019-07-22 05:30 UTC: All errors seem to have stopped and the incident is resolved\n"
    )
    assert p.fields["time_of_recovery"] == datetime(2019, 7, 22, 5, 30, tzinfo=UTC)
    # A hedge over the whole clause still leaves it unsaid.
    q = parse(
        "# Differ\n\n## Timeline\n\n- 2019-07-21 03:30 UTC: The service starts raising errors\n"
        "- 2019-07-22 05:30 UTC: Rob believes the restart resolved it\n"
    )
    assert q.fields["time_of_recovery"] is None


def test_a_title_that_says_how_long_the_outage_lasted():
    p = parse("---\ntitle: 'Post Mortem: 2h Tool Execution Outage'\n---\n\nJobs could not run.\n")
    assert p.fields["stated_minutes_to_recover"] == 120
    # A length stated in the text comes before the title's.
    q = parse(
        "---\ntitle: 'Post Mortem: 2h Tool Execution Outage'\n---\n\nThe outage lasted 95 "
        "minutes.\n"
    )
    assert q.fields["stated_minutes_to_recover"] == 95


def test_a_timelines_one_day_months_from_the_day_the_lead_states_was_copied():
    # The lead: "On Oct 10, 2017, …"; the timeline's one day, 2017-05-09, a template's.
    p = parse(
        "---\ntitle: Docker dies\ndate: 2017-10-10\n---\n\n## Summary\n\nOn Oct 10, 2017, some "
        "user pods were not starting.\n\n## Timeline\n\n### 2017-05-09 10:45a\n\nA report said "
        "two students could not start their servers.\n\n### 13:42\n\nThe server was able to "
        "start.\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        datetime(2017, 10, 10, 10, 45, tzinfo=UTC),
        datetime(2017, 10, 10, 13, 42, tzinfo=UTC),
    ]
    assert p.fields["incident_date"] == date(2017, 10, 10)
    assert any("rows moved onto it" in w for w in p.warnings)


def test_bare_times_take_the_one_zone_the_prose_writes_on_its_times():
    body = (
        "# Hubs down\n\n## Summary\n\nTwo PRs were merged between 2 AM and 2.30 AM {z} on "
        "1/20.\n\n## Timeline\n\n### 06:10\n\nAn instructor raised an issue around 5.45 AM "
        "{z2}.\n\n### 08:45\n\nThe hubs were fixed.\n"
    )
    p = parse(body.format(z="PST", z2="PST"), name="2022-01-20-hubs.md")
    assert [e["occurred_at"] for e in p.timeline] == [
        datetime(2022, 1, 20, 14, 10, tzinfo=UTC),
        datetime(2022, 1, 20, 16, 45, tzinfo=UTC),
    ]
    # Two zones written: neither is the document's; bare times stay in the default zone.
    q = parse(body.format(z="PST", z2="EST"), name="2022-01-20-hubs.md")
    assert q.timeline[0]["occurred_at"] == datetime(2022, 1, 20, 6, 10, tzinfo=UTC)


def test_the_team_notified_is_its_detection():
    for row, detected in (
        ("Infrastructure staff is notified in slack", True),
        ("The on-call engineers were informed by the monitoring", True),
        # The team telling its users is no detection.
        ("Users notified on the status page", False),
    ):
        found = moment_after(
            "time_of_internal_detect",
            "2019-02-25 11:21 UTC: The API server became unavailable",
            f"2019-02-25 11:34 UTC: {row}",
        )
        assert (found == datetime(2019, 2, 25, 11, 34, tzinfo=UTC)) is detected, row


def test_with_no_timeline_the_storys_sections_name_moments_clocks_with_a_dot_too():
    p = parse(
        "## August 12, 2016 incident report\n\nOn August 12, 2016 a third of visitors could not "
        "view our sites.\n\n### What we learnt\n\nThe network failure started at approximately "
        "10.16, and was fixed by AWS at approximately 11.35.\n\n### Background\n\nWe moved "
        "the servers at 09:00 on that day.\n"
    )
    assert p.fields["time_of_first_trigger"] == datetime(2016, 8, 12, 10, 16, tzinfo=UTC)
    assert p.fields["time_of_recovery"] == datetime(2016, 8, 12, 11, 35, tzinfo=UTC)
    # A time no words name (the 09:00 move) is not taken as the start.
    q = parse(
        "## Incident report\n\nOn August 12, 2016 our sites were slow.\n\n### Background\n\n"
        "We moved the servers at 09:00 on that day.\n"
    )
    assert q.fields["time_of_first_trigger"] is None


def test_a_service_becoming_unresponsive_starts_the_impact():
    p = parse(
        "# Database outage\n\n## Timeline\n\n- 2018-06-15 16:00 UTC: Nightly backup runs\n"
        "- 2018-06-15 16:20 UTC: Database server becomes unresponsive\n"
        "- 2018-06-15 17:44 UTC: Galaxy stops responding\n"
    )
    assert p.fields["time_of_first_trigger"] == datetime(2018, 6, 15, 16, 20, tzinfo=UTC)


def test_jobs_running_successfully_again_is_the_recovery():
    p = parse(
        "# Database outage\n\n## Timeline\n\n- 2018-06-15 16:20 UTC: Database server goes down\n"
        "- 2018-06-17 21:04 UTC: We manually restart the server processes\n"
        "- 2018-06-17 21:15 UTC: The first jobs run successfully again\n"
    )
    assert p.fields["time_of_recovery"] == datetime(2018, 6, 17, 21, 15, tzinfo=UTC)


def test_a_user_raising_an_issue_or_a_report_in_a_forum_is_a_customer_report():
    for row in (
        "Andrew Bray (Stat 20 instructor) raised a github issue",
        "A report in the course Piazza said that two students couldn't start their servers",
    ):
        found = moment_after(
            "time_of_customer_detect",
            "2022-01-20 10:00 UTC: The image is rebuilt and errors start",
            f"2022-01-20 14:10 UTC: {row}",
        )
        assert found == datetime(2022, 1, 20, 14, 10, tzinfo=UTC), row


def test_identifying_an_issue_or_the_change_behind_it_is_the_root_cause_found():
    for row in (
        "Stefan identifies a ZFS issue and ends up rebooting that server",
        "Rob identifies the change impacting lib/versionista.js and verifies the fix",
    ):
        found = moment_after(
            "time_of_rca",
            "2018-09-20 12:00 UTC: Galaxy becomes unresponsive",
            f"2018-09-20 14:27 UTC: {row}",
        )
        assert found == datetime(2018, 9, 20, 14, 27, tzinfo=UTC), row
