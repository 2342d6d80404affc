"""The parser on wording it had never seen, fifty-seventh round (issue 13): one test per rule.

From sealed part 49 (the rest of Foundries.io's outage notes, now in dev): a window whose clocks
have their zone glued on, a service "reachable again", a restore while its propagation is
still under way, another part failing after the first came back; from dev: a status entry
whose title lists the days it ran over, a row declaring it over by an earlier action, web
pages that are no page to the on-call. Each test is a minimal document written for the habit
(not a copy of a corpus document); its expected values are worked out by hand from the text,
never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def test_a_window_whose_clocks_have_their_zone_glued_on():
    # "The service was unavailable from 20:13UTC to 20:35UTC." over rows that open at 20:12
    # (the rollout) and close at 21:00: the window is the impact, 22 minutes.
    f = _md(
        "## 2024-10-09 api outage\n\nThe service was unavailable from 20:13UTC to 20:35UTC.\n\n"
        "### Timeline of Events\n\n- **20:12 UTC** - New API version is rolled out\n"
        "- **20:13 UTC** - We notice the deployment has failed\n"
        "- **21:00 UTC** - Permanent fix deployed\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 10, 9, 20, 13, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2024, 10, 9, 20, 35, tzinfo=UTC)


def test_restored_while_propagation_is_under_way_then_reachable_again():
    # "… has now been restored. DNS propagation is underway" (08:45) and "We restored the
    # registration, DNS propagation is in progress" (09:05) are not yet the end; "all systems
    # are now reachable again" (12:00) is.
    f = _md(
        "## 2023-09-28 domain outage\n\n### Timeline of Events\n\n"
        "- **07:30 UTC** - Our services are unreachable: the domain registration expired\n"
        "- **08:45 UTC** - The domain registration has now been restored. DNS propagation is "
        "underway.\n"
        "- **09:05 UTC** - We restored our domain registration, DNS propagation is in "
        "progress.\n"
        "- **12:00 UTC** - Our monitoring reports all systems are now reachable again.\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2023, 9, 28, 12, 0, tzinfo=UTC)


def test_a_title_s_list_of_days_dates_a_status_entry_posted_on_the_last():
    # "Brief power outages on April 23, 24 , 2022" posted "date: 2022-04-24 11:30": the
    # outages began on the 23rd, the first day the title lists.
    f = _md(
        "---\ntitle: Brief power outages on April 23, 24 , 2022\ndate: 2022-04-24 11:30:00\n"
        "resolved: true\nresolvedWhen: 2022-04-24 13:00:00\nseverity: down\nsection: issue\n"
        "---\n\n## A series of brownouts\n\nThere were two brief power interruptions in the "
        "datacentre. Most compute nodes got rebooted.\n"
    ).fields
    assert f["incident_date"] == date(2022, 4, 23)


def test_a_status_entry_titled_days_before_its_post_keeps_its_post():
    # A title naming a day a week before the post ("Follow-up to the April 14, 2022 outage")
    # is no list of the incident's days: the post dates it.
    f = _md(
        "---\ntitle: Follow-up to the April 14, 2022 outage\ndate: 2022-04-21 11:30:00\n"
        "resolved: true\nresolvedWhen: 2022-04-21 13:00:00\nseverity: down\nsection: issue\n"
        "---\n\n## Login failures\n\nUsers could not log in.\n"
    ).fields
    assert f["incident_date"] == date(2022, 4, 21)


def test_another_part_failing_after_the_first_came_back():
    # "14:54 api is unreachable", "14:58 api is restored", then "18:30 Docker registry not
    # responding to private containers", "19:43 Docker registry restored": two outages in one
    # note; the impact ends with the last, 19:43.
    f = _md(
        "## 2025-08-22 API and Registry Disruption\n\n### Timeline of Events\n\n"
        "- **14:54 UTC** - api.example.io is unreachable\n"
        "- **14:58 UTC** - api.example.io is restored\n\n"
        "- **18:30 UTC** - Docker registry not responding to private containers\n"
        "- **19:43 UTC** - Docker registry restored\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2025, 8, 22, 14, 54, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2025, 8, 22, 19, 43, tzinfo=UTC)


def test_a_row_declaring_it_over_by_an_earlier_action():
    # "22:21 Active incident declared mitigated by the shutdown of the EC2 instances" after
    # "21:30 IPS turns off all EC2 instances in the account": the shutdown (21:30) ended it.
    f = _md(
        "# 2022-06-28 Proxy abuse report\n\n## Timeline (all times UTC)\n\n"
        "| Time | Event |\n|---|---|\n"
        "| 20:28 | Many requests are made to the proxy, indicative of a security scan |\n"
        "| 21:30 | IPS turns off all EC2 instances in the impacted account |\n"
        "| 21:45 | Outside security experts consulted |\n"
        "| 22:21 | Active incident declared mitigated by the shutdown of the EC2 instances |\n"
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 6, 28, 21, 30, tzinfo=UTC)


def test_web_pages_showing_errors_are_no_page_to_the_on_call():
    # "… some pages on app.example.io were also showing 500 error" (18:05) is the impact, not
    # a page; "A problem was noticed in our cloud logs" (18:40) is the detection: 35 minutes.
    f = _md(
        "## api disruption\n\n### Timeline of Events\n\n"
        "* **2024-06-06 18:05 UTC** - We deployed a new version of the API containing a bug. This "
        "caused the API to respond with 500 error to some requests. As a result, some pages on "
        "app.example.io were also showing 500 error.\n"
        "* **2024-06-06 18:40 UTC** - A problem was noticed in our cloud logs and investigation "
        "started.\n"
        "* **2024-06-06 19:19 UTC** - A fix deployed to our servers; system is back to normal.\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 6, 6, 18, 5, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2024, 6, 6, 18, 40, tzinfo=UTC)
