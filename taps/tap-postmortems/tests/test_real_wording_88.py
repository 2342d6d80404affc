"""The parser on wording it had never seen, round 88 (issue 13): follow-ups under more headings.

Teams head their follow-ups with a question or a promise as often as with "Action items":
"What could be done to avoid this in future?", "How are we going to do better in the
future?", "What we're doing differently", "What are we changing?", "Avoiding a recurrence".
Such a heading over a list gives the list's entries; over prose alone it still gives none (an
essay is not a list of follow-ups), and a heading about something else ("What happened")
gives none.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from postmortems_harness import parse, row_moments

if TYPE_CHECKING:
    from tap_postmortems.fields import Parsed


def _timeline(title: str, *rows: str) -> Parsed:
    """A minimal report: a title and a timeline of bulleted rows, its times stated in UTC."""
    bullets = "".join(f"- {row}\n" for row in rows)
    return parse(f"# {title}\n\n## Timeline\n\nAll times in UTC.\n\n{bullets}")


_DOC = (
    "# Images were offline\n\nDate: 2016-11-11\n\n## Summary\n\nImage requests failed.\n\n"
    "## {heading}\n\n- Document the breaking change in the migration guide.\n"
    "- Write an integration test for long URLs.\n- Alert on the error rate.\n"
)


@pytest.mark.parametrize(
    "heading",
    [
        "What could be done to avoid this in future?",
        "What we're doing differently",
        "What are we changing?",
        "What changes we are making now",
        "Avoiding a recurrence",
    ],
)
def test_a_heading_that_promises_change_over_a_list_gives_its_entries(heading: str):
    parsed = parse(_DOC.format(heading=heading))
    assert [a["text"] for a in parsed.action_items] == [
        "Document the breaking change in the migration guide",
        "Write an integration test for long URLs",
        "Alert on the error rate",
    ]


def test_such_a_heading_over_prose_gives_no_items():
    parsed = parse(
        "# Images were offline\n\nDate: 2016-11-11\n\n## Summary\n\nImage requests failed.\n\n"
        "## How are we going to do better in the future?\n\nWe learned a lot about our "
        "deploys, and we will keep thinking about how to make them faster.\n"
    )
    assert parsed.action_items == []


def test_a_heading_about_something_else_gives_no_items():
    parsed = parse(_DOC.format(heading="What happened"))
    assert parsed.action_items == []


def test_a_status_pages_update_headings_are_its_timeline():
    # A status page's updates, each headed by its stage and stamp, "a"/"p" for am/pm.
    parsed = parse(
        "---\ntitle: Campus power outage\ndate: 2025-01-04\n---\n\n"
        "## Investigating 2025-01-04 9:27a\n\nThere is a power outage on campus; all systems "
        "are down.\n\n## Monitoring 2025-01-04 11:06a\n\nPower is still out.\n\n"
        "## Resolved 2025-01-04 4:00p\n\nPower was restored and the machines are back up.\n"
    )
    assert row_moments(parsed) == [
        "2025-01-04T09:27:00+00:00",
        "2025-01-04T11:06:00+00:00",
        "2025-01-04T16:00:00+00:00",
    ]
    assert parsed.timeline[-1]["text"].startswith("Resolved: ")
    assert parsed.fields["time_of_recovery"].isoformat() == "2025-01-04T16:00:00+00:00"


def test_a_stage_and_stamp_in_a_list_of_stats_is_no_update():
    # "- Resolved 2024-04-18 16:13" is the incident's field, not a heading over news: the
    # line after it keeps its own time.
    parsed = parse(
        "# Prometheus restarted\n\n## Stats\n\n- Incident start 2024-04-15 12:32\n"
        "- Resolved 2024-04-18 16:13\n\n## Timeline\n\n- 2024-04-15 12:32 Alert fires\n"
        "- 2024-04-18 16:13 Fix deployed, incident resolved\n"
    )
    assert parsed.fields["time_of_first_trigger"].isoformat() == "2024-04-15T12:32:00+00:00"
    assert len(parsed.timeline) == 2


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        (
            "Events were lost between 2014-11-14T01:00 and 2014-11-21T21:00.",
            "2014-11-14T01:00:00+00:00",
            "2014-11-21T21:00:00+00:00",
        ),
        (
            "Jobs would fail from 2019-04-17 19:14 up until 2019-04-18 12:58.",
            "2019-04-17T19:14:00+00:00",
            "2019-04-18T12:58:00+00:00",
        ),
    ],
)
def test_an_impact_window_with_iso_stamps_or_up_until(sentence: str, start: str, end: str):
    parsed = parse(f"# Lost events\n\n## Summary\n\n{sentence} All times in UTC.\n")
    assert parsed.fields["time_of_first_trigger"].isoformat() == start
    assert parsed.fields["time_of_recovery"].isoformat() == end


@pytest.mark.parametrize("row", ["REST API alerts recover immediately", "All hosts lag recover."])
def test_many_recovering_at_once_is_the_recovery(row: str):
    parsed = _timeline(
        "Lag",
        "2020-09-25 11:42 Replication lag alerts fire for s5",
        "2020-09-25 12:10 One host lag recovers partially, others still lagging",
        f"2020-09-25 12:22 {row}",
        "2020-09-25 12:40 Write-up started",
    )
    assert parsed.fields["time_of_recovery"].isoformat() == "2020-09-25T12:22:00+00:00"


def test_alerts_recovering_on_one_host_only_is_no_recovery_of_all():
    parsed = _timeline(
        "Lag",
        "2020-09-25 11:42 Replication lag alerts fire for s5",
        "2020-09-25 12:22 Lag alerts recover on db2089 only",
    )
    assert parsed.fields["time_of_recovery"] is None


def test_rows_that_write_their_whole_day_keep_it_out_of_order():
    # The first row was added out of order; each row writes its own date, with its year.
    parsed = _timeline(
        "CI outage",
        "2026-07-02 14:21 The mirror's maintainers identified a misconfiguration",
        "2026-07-02 07:48 CI outage reported",
        "2026-07-02 08:53 Mitigation attempt 1",
        "2026-07-06 04:26 Recovery: tree was re-opened",
    )
    assert [e["occurred_at"].isoformat()[:16] for e in parsed.timeline] == [
        "2026-07-02T14:21",
        "2026-07-02T07:48",
        "2026-07-02T08:53",
        "2026-07-06T04:26",
    ]


def test_a_night_written_with_one_short_day_still_runs_across_two():
    # "[03-26 23:04]" above "[03-26 02:50]": no year, the writer's shorthand for one night.
    parsed = _timeline(
        "March 26th, 2019 Boskos Outage",
        "[03-26 23:04] Boskos stops handing out projects",
        "[03-26 02:50] Jobs start failing for lack of projects",
        "[03-26 04:10] Boskos restarted, projects handed out again",
    )
    days = [e["occurred_at"].date().isoformat() for e in parsed.timeline]
    assert days[0] == "2019-03-25"
    assert days[1:] == ["2019-03-26", "2019-03-26"]


@pytest.mark.parametrize(
    "row",
    [
        "First page (logstash failure to ingest)",
        "Page: 'toolschecker: NFS read/writeable on labs instances' is CRITICAL",
    ],
)
def test_a_page_row_is_the_detection(row: str):
    parsed = _timeline(
        "Logstash",
        "2019-07-23 19:10 Logstash stops ingesting messages",
        f"2019-07-23 19:12 {row}",
        "2019-07-23 19:40 Logstash restarted, back to normal",
    )
    assert parsed.fields["time_of_internal_detect"].isoformat() == "2019-07-23T19:12:00+00:00"


def test_a_page_view_is_no_detection():
    parsed = _timeline(
        "Logstash",
        "2019-07-23 19:10 Logstash stops ingesting messages",
        "2019-07-23 19:12 First page views of the status page come in",
        "2019-07-23 19:20 Icinga alert: logstash down",
    )
    assert parsed.fields["time_of_internal_detect"].isoformat() == "2019-07-23T19:20:00+00:00"


@pytest.mark.parametrize(
    "change",
    [
        (
            "<logmsgbot> !log otto@deploy1001 Synchronized wmf-config/InitialiseSettings.php: "
            "Enabling the new stream"
        ),
        "dustin lands AZURE_ACCOUNT_KEY change",
    ],
)
def test_a_change_followed_by_quiet_is_no_start(change: str):
    # A change, then nothing for 28 minutes, then the alert: impact began with the alert.
    parsed = _timeline(
        "API servers",
        f"2019-03-13 18:44 {change}",
        "2019-03-13 19:12 Icinga alert: api appservers CRITICAL",
        "2019-03-13 20:15 Change reverted, errors stop",
    )
    assert parsed.fields["time_of_first_trigger"].isoformat() == "2019-03-13T19:12:00+00:00"


@pytest.mark.parametrize(
    ("story", "day"),
    [
        # A statement whose only date is its dateline: "last night" is the evening before it.
        pytest.param("occurred last night", "2015-12-22", id="last night is the day before"),
        pytest.param("began this morning", "2015-12-23", id="a story of its own day stays"),
    ],
)
def test_a_dateline_anchors_the_storys_last_night(story: str, day: str):
    parsed = parse(
        f"# Power Outage Update\n\nWednesday Dec 23, 2015\n\nThe power outage that {story} "
        "at our data center affected several of our systems. All systems are now back.\n"
    )
    assert parsed.fields["incident_date"].isoformat() == day


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The outage affected emergency calls between 5 and 6 July 2024.", "2024-07-05"),
        ("The site was unavailable from 11 to 14 March 2023 for most users.", "2023-03-11"),
        ("The outage on the night of 25/26 March 2019 affected all users.", "2019-03-25"),
    ],
)
def test_a_span_of_days_began_on_its_first(sentence: str, day: str):
    parsed = parse(f"# Outage\n\n## Summary\n\n{sentence}\n")
    assert parsed.fields["incident_date"].isoformat() == day


def test_a_dates_own_digits_are_no_span():
    # "2023-01/2023-01-31-…": the folder's month before the day is not the first of a span.
    parsed = parse(
        "# Negative values\n\nSee https://example.org/post-mortem/2023-01/2023-01-31-negative"
        "-values.md for the failure report.\n"
    )
    assert parsed.fields["incident_date"].isoformat() == "2023-01-31"


def test_a_recurrence_heading_over_a_list_of_its_returns_is_no_follow_up():
    parsed = parse(
        "# Queue stalls\n\nDate: 2024-05-01\n\n## Summary\n\nThe queue stalled.\n\n"
        "## Recurrence\n\n- 2024-05-03: the queue stalled again for ten minutes\n"
        "- 2024-05-07: a shorter stall during the nightly batch\n"
    )
    assert parsed.action_items == []
