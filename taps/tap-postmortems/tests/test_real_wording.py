"""The parser on the ways real postmortems are written (issue: real-document corpus).

Each test is the smallest document showing one habit of real authors; expected values are
what the document says, worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import from_html, from_markdown
from tap_postmortems.parser import ParseOptions, parse_document
from tap_postmortems.sources import sniff
from tap_postmortems.values import is_placeholder, parse_datetime, parse_duration, zone_hint


def parse(markdown: str, name: str | None = None):
    return parse_document(from_markdown(markdown), ParseOptions(), name)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def assert_stated(cases: dict[str, tuple[float | None, float | None]]) -> None:
    """Each summary sentence states (time to detect, time to recover) in minutes."""
    for body, (detect, recover) in cases.items():
        f = parse(f"# X\n\n## Summary\n\n{body}\n").fields
        assert (f["stated_minutes_to_detect"], f["stated_minutes_to_recover"]) == (
            detect,
            recover,
        ), body


STATS_DOC = """# Payment API outage

## Stats
- Time to detection: 8 minutes
- Time to recovery: 2 hours 28 minutes
- Time to resolve: 3h 5m

## Timeline
All times in CET

| Time | Event |
|---|---|
| 08:21 | Error rate rises on payment-api |
| 08:29 | First alert |
| 10:49 | Service restored |
"""


def test_stated_durations_and_a_named_zone_on_the_documents_date():
    p = parse(STATS_DOC, "2022-06-02 payment api.md")
    f = p.fields
    assert f["stated_minutes_to_detect"] == 8
    assert f["stated_minutes_to_recover"] == 148  # 2 h 28 min
    assert f["stated_minutes_to_resolve"] == 185  # 3 h 5 min
    # The date comes from the file name; "CET" in June is the authors' summer time, UTC+2.
    assert f["incident_date"] == date(2022, 6, 2)
    assert f["time_of_first_trigger"] == utc(2022, 6, 2, 6, 21)  # first row: nothing else marks it
    assert f["time_of_internal_detect"] == utc(2022, 6, 2, 6, 29)  # "First alert"
    assert f["time_of_recovery"] == utc(2022, 6, 2, 8, 49)  # "Service restored"
    assert any(
        w.startswith("time_of_first_trigger: taken from the first timeline row") for w in p.warnings
    )
    assert any("Europe/Berlin" in w and "UTC+02:00 on 2022-06-02" in w for w in p.warnings)
    # 8 min and 148 min agree with the times (06:21 -> 06:29, 06:21 -> 08:49): no warning.
    assert not any(w.startswith("stated_minutes") for w in p.warnings)


def test_a_stated_duration_that_disagrees_with_the_times_is_warned_and_the_times_kept():
    p = parse(STATS_DOC.replace("8 minutes", "15 minutes"), "2022-06-02 payment api.md")
    assert p.fields["stated_minutes_to_detect"] == 15
    assert p.fields["time_of_internal_detect"] == utc(2022, 6, 2, 6, 29)
    assert (
        "stated_minutes_to_detect: the document states 15 min but its times give 8 min"
        in p.warnings
    )


def test_a_stated_duration_without_a_detection_time_dates_it_from_the_start():
    p = parse("# X\n\nImpact start: 2026-03-05 14:00 UTC\n\nTime to detect: 8 min\n")
    assert p.fields["time_of_internal_detect"] == utc(2026, 3, 5, 14, 8)
    assert any(w.startswith("time_of_internal_detect: derived from the stated") for w in p.warnings)


def test_real_event_wording():
    doc = """# Queue backlog

Date: 2024-03-12

## Timeline
- 09:58 Deploy of queue-worker 4.2
- 10:02 Issue detected as a result of alerts
- 10:05 Users reported stuck jobs in the forum
- 10:20 Change rolled back
- 10:31 Queue drained, service restored (resolved)
"""
    f = parse(doc).fields
    assert f["time_of_first_trigger"] == utc(2024, 3, 12, 9, 58)  # the first row, by default
    assert f["time_of_internal_detect"] == utc(2024, 3, 12, 10, 2)
    assert f["time_of_customer_detect"] == utc(2024, 3, 12, 10, 5)
    # "service restored" says impact ended; "rolled back" is only an action towards it.
    assert f["time_of_recovery"] == utc(2024, 3, 12, 10, 31)


def test_outage_markers_win_over_the_first_row():
    doc = """# Wiki errors

## Timeline
All times in UTC.

- 2023-05-31 15:45 low level of errors; migration begins
- 2023-06-06 00:30 errors dramatically increase - OUTAGE BEGINS
- 2023-06-06 02:36 Problem escalated to SRE via Klaxon
- 2023-06-06 03:49 Fix applied, client-facing errors stop - OUTAGE ENDS
"""
    f = parse(doc).fields
    assert f["time_of_first_trigger"] == utc(2023, 6, 6, 0, 30)
    assert f["time_of_internal_detect"] == utc(2023, 6, 6, 2, 36)
    assert f["time_of_recovery"] == utc(2023, 6, 6, 3, 49)
    assert f["incident_date"] == date(2023, 6, 6)  # the day impact began, not the first row's


def test_time_only_rows_take_the_day_of_their_heading_and_roll_past_midnight():
    doc = """# Storage outage

## Timeline

### 2 June 2022
- 23:40 Disk latency rises
- 23:55 Pager fires for storage-api

### 3 June 2022
- 00:40 Volume replaced, service restored
"""
    p = parse(doc)
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2022, 6, 2, 23, 40),
        utc(2022, 6, 2, 23, 55),
        utc(2022, 6, 3, 0, 40),
    ]
    assert p.fields["incident_date"] == date(2022, 6, 2)


def test_a_day_stated_once_for_the_whole_timeline_holds_for_time_only_rows():
    doc = """# Docs outage

## Timeline
Unless otherwise noted all events happened on 2019-10-21, and all times are in UTC.

- 2019-10-20 00:55: builds start failing
- 01:38: alerts fired for the website being down
- 02:06: website back online
"""
    p = parse(doc)
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2019, 10, 20, 0, 55),
        utc(2019, 10, 21, 1, 38),
        utc(2019, 10, 21, 2, 6),
    ]


def test_template_placeholders_are_never_times_or_events():
    doc = """# Cache outage

Date: 2022-06-02

## Timeline
| Time | Event |
|---|---|
| 2022-06-02 HH:mm | Short event description. |
| --:-- | Cache evictions spike |
| 2022-06-02 10:15 | Cache restored |
"""
    p = parse(doc)
    assert [(e["occurred_at"], e["text"]) for e in p.timeline] == [
        (None, "Cache evictions spike"),
        (utc(2022, 6, 2, 10, 15), "Cache restored"),
    ]
    assert (
        "timeline_events: 'Short event description.' is template text, not an event" in p.warnings
    )
    assert "timeline_events: time '--:--' is template text, not a time" in p.warnings
    assert all(
        e["occurred_at"] is None or e["occurred_at"].hour or e["occurred_at"].minute
        for e in p.timeline
    )  # no placeholder became midnight


def test_a_placeholder_date_label_is_not_a_date():
    p = parse("# X\n\nDate: YYYY-MM-DD\n\n## Root cause\n- A.\n")
    assert p.fields["incident_date"] is None
    assert "incident_date: 'YYYY-MM-DD' is template text, not a date" in p.warnings


def test_impact_window_and_length_stated_in_prose():
    doc = """# Eqsin network

## Summary
Impact: For about 35 minutes from 09:20 to 09:45 UTC, the wikis were unreachable.
At 09:23 UTC, alerts indicated connectivity issues to the cluster.
"""
    f = parse(doc, "2021-06-15_Eqsin_network").fields
    assert f["time_of_first_trigger"] == utc(2021, 6, 15, 9, 20)
    assert f["time_of_recovery"] == utc(2021, 6, 15, 9, 45)
    assert f["stated_minutes_to_recover"] == 35
    assert f["time_of_internal_detect"] == utc(2021, 6, 15, 9, 23)


def test_dates_in_titles_wiki_paths_and_front_matter():
    wiki = parse_document(
        from_html("<h1>Incidents/2019-12-04 MediaWiki</h1><h2>Summary</h2><p>Broke.</p>"),
        ParseOptions(),
    )
    assert wiki.fields["incident_name"] == "2019-12-04 MediaWiki"
    assert wiki.fields["incident_date"] == date(2019, 12, 4)
    blog = parse(
        '+++\ntitle = "crates.io Postmortem: User Uploaded Malware"\n'
        'path = "inside-rust/2023/09/01/crates-io-malware-postmortem"\n+++\n\n'
        "## Summary\n\nOn August 16, the team was notified of malicious crates.\n"
    )
    assert blog.fields["incident_name"] == "User Uploaded Malware"  # prefix removed
    assert blog.fields["incident_date"] == date(2023, 8, 16)  # the year of publication


def test_label_lines_without_a_colon_and_stated_repair_times():
    doc = """# Incident on 2020-02-25

- **Key events**
  - Fault occurs 2020-02-25 07:32
  - Team aware 2020-02-25 07:36
  - Resolved 2020-02-25 17:07
- **Time to repair**: 4h 9m
"""
    f = parse(doc).fields
    assert f["time_of_first_trigger"] == utc(2020, 2, 25, 7, 32)
    assert f["time_of_internal_detect"] == utc(2020, 2, 25, 7, 36)
    assert f["stated_minutes_to_recover"] == 249


def test_durations_as_people_write_them():
    assert parse_duration("2h28m").total_seconds() == 148 * 60
    assert parse_duration("an hour").total_seconds() == 3600
    assert parse_duration("half an hour").total_seconds() == 1800
    assert parse_duration("2d 1h 29m").total_seconds() == (49 * 60 + 29) * 60
    assert parse_duration("1:37", clock=True).total_seconds() == 97 * 60
    # Words that only look like units are not durations ("and" is not "a d").
    assert parse_duration("calico networking and other pods") is None
    assert is_placeholder("2022-06-02 HH:mm")
    assert not is_placeholder("2022-06-02 08:21")


def test_zone_notes_resolve_by_region_and_written_offsets_stay_literal():
    cet = zone_hint("All times in CET")
    assert datetime(2022, 6, 2, 8, 21, tzinfo=cet).utcoffset().total_seconds() == 7200
    assert datetime(2022, 1, 2, 8, 21, tzinfo=cet).utcoffset().total_seconds() == 3600
    p = parse("# X\n\nImpact start: 05.03.2026 14:05 CEST\n")
    assert p.fields["time_of_first_trigger"] == utc(2026, 3, 5, 12, 5)  # CEST written: +2


def test_files_are_recognised_by_content():
    assert sniff(b"<!DOCTYPE html><html><body><p>x</p>") == "text/html"
    assert sniff(b"<p>a</p><p>b</p><div>c</div>") == "text/html"
    assert sniff(b"# Postmortem\n\nPlain markdown, saved without an extension.") == "text/markdown"
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") is None
    assert sniff("Zeitplan: Störung um 08:21".encode()) == "text/markdown"


# --- round 4: rules added for the issue's targets (each a habit of many writers) -------------


def test_time_headings_written_approximately_or_naming_the_event():
    # "~13:30-13:45" is a range: it starts at 13:30. "ca. 18:30" is about 18:30. A heading
    # "21:00 - Team alerted" names its event; the text under it belongs to it too.
    p = parse(
        "# Hub outage\n\n## Timeline\n\nAll times in UTC\n\n"
        "### 2018-07-08 ca. 18:30\n\nLaunch success drops to zero.\n\n"
        "### ~19:30-19:45\n\nSome launches work again.\n\n"
        "### 21:00 - Team alerted\n\nA user reported the outage.\n\n"
        "### 21:24\n\nWe deleted the quota object\nand launches went back to normal.\n"
    )
    rows = [(e["occurred_at"], e["text"]) for e in p.timeline]
    assert [r[0] for r in rows] == [
        utc(2018, 7, 8, 18, 30),
        utc(2018, 7, 8, 19, 30),
        utc(2018, 7, 8, 21, 0),
        utc(2018, 7, 8, 21, 24),
    ]
    assert rows[2][1].startswith("Team alerted A user reported")
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2018, 7, 8, 18, 30)  # "drops to zero"
    # "went back to normal" is on the second line under 21:24: the whole body is the event.
    assert f["time_of_recovery"] == utc(2018, 7, 8, 21, 24)


def test_a_timeline_heading_that_states_its_zone_holds_for_its_sub_sections():
    # "Timeline (times in BST)": BST is UTC+1, so 12:42 PM BST is 11:42 UTC, and the
    # sub-section "### 4:22 PM" is 15:22 UTC. ("Timeline" itself is not the word "time".)
    p = parse(
        "# Health check fails\n\n## Timeline (times in BST)\n\n"
        "### July 11, 2025, 12:42 PM\nIncident declared\n\n"
        "### 4:22 PM\nIncident resolved and communicated to hub admin.\n"
    )
    assert p.fields["time_of_first_trigger"] == utc(2025, 7, 11, 11, 42)
    assert p.fields["time_of_recovery"] == utc(2025, 7, 11, 15, 22)
    assert zone_hint("Timeline") is None


def test_a_zone_written_on_a_row_carries_on_and_keeps_the_rows_day():
    # No zone note; the first rows say PST (UTC-8 in November). 16:22 PST on 30 Nov is
    # 00:22 UTC on 1 Dec; "17:07" without a zone follows in PST: 01:07 UTC on 1 Dec, not
    # a day later.
    p = parse(
        "# Proxy OOM\n\n## Timeline\n\n"
        "- 2017-11-30 16:22 PST: Node runs out of memory, service starts degrading.\n"
        "- 16:59 PST: Investigation starts after noticing grafana looks weird.\n"
        "- 17:07: Tim asks whether pods are running.\n"
        "- 17:21 PST: Service is restored.\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2017, 12, 1, 0, 22),
        utc(2017, 12, 1, 0, 59),
        utc(2017, 12, 1, 1, 7),
        utc(2017, 12, 1, 1, 21),
    ]
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2017, 12, 1, 0, 22)  # "starts degrading"
    assert f["time_of_internal_detect"] == utc(2017, 12, 1, 0, 59)  # "Investigation starts"
    assert f["time_of_recovery"] == utc(2017, 12, 1, 1, 21)  # "Service is restored"


def test_present_tense_and_outside_reports():
    # Timelines are written in the present tense: "@ana notices" is the team noticing;
    # "reported on gitter" and "A user emails" come from outside the team.
    p = parse(
        "# Partial outage\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 08:47 Bump PR is merged, triggering a deploy. Outage begins.\n"
        "- 08:52 A user emails support about broken statuses.\n"
        "- 08:57 @ana notices that statuses are wrong.\n"
        "- 09:34 Prow is confirmed to be functional. Outage ends.\n",
        "2019-02-05-prow.md",
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2019, 2, 5, 8, 47)
    assert f["time_of_customer_detect"] == utc(2019, 2, 5, 8, 52)
    assert f["time_of_internal_detect"] == utc(2019, 2, 5, 8, 57)
    assert f["time_of_recovery"] == utc(2019, 2, 5, 9, 34)


def test_durations_in_words_and_in_prose():
    assert parse_duration("ten minutes") is not None
    assert parse_duration("ten minutes").total_seconds() == 600
    assert parse_duration("approximately nine hours").total_seconds() == 9 * 3600
    assert parse_duration("forty-five minutes").total_seconds() == 45 * 60
    p = parse(
        "# Stale version\n\n## Summary\n\n"
        "The effect lasted approximately nine hours. The issue went unnoticed for 3 hours.\n"
    )
    assert p.fields["stated_minutes_to_recover"] == 540
    assert p.fields["stated_minutes_to_detect"] == 180
    p = parse(
        "# Pods\n\n## What went wrong\n\n"
        "- outage lasted a long time (five hours) before we noticed.\n"
        "- Recovery took ~20 minutes.\n"
    )
    assert p.fields["stated_minutes_to_detect"] == 300
    assert p.fields["stated_minutes_to_recover"] == 20


def test_run_up_rows_are_not_the_start_of_impact():
    # Nothing says when impact began. The first row is a deploy that hurt nobody for 12
    # hours; the first row after it is the first effect (06:06), and the team noticed at
    # 06:08 (2 min). The misconfiguration is corrected at 06:15 (9 min).
    p = parse(
        "# Nov 28 2025 Incident Post-Mortem\n\n## Timeline\n\n"
        "| Time (UTC) | Event |\n|---|---|\n"
        "| 18:30, Nov 27, 2025 | A team member deploys a configuration change. |\n"
        "| 06:06, Nov 28, 2025 | The first support email containing PII is sent. |\n"
        "| 06:08, Nov 28, 2025 | The infrastructure team notices unusual email activity. |\n"
        "| 06:15, Nov 28, 2025 | The team identifies the misconfiguration and corrects it. |\n"
    )
    f = p.fields
    assert f["incident_date"] == date(2025, 11, 28)
    assert f["time_of_first_trigger"] == utc(2025, 11, 28, 6, 6)
    assert f["time_of_internal_detect"] == utc(2025, 11, 28, 6, 8)
    assert f["time_of_recovery"] == utc(2025, 11, 28, 6, 15)


def test_rows_before_the_titles_day_are_preparation():
    # The title dates the incident 2026-03-30; rows on 12 and 23 March are preparation.
    # The first row on the day is a deploy (a change), so the start is the next row.
    p = parse(
        "# Incident on 2026-03-30 - ingress upgrade\n\n## Timeline\n\n"
        "| Time | Event |\n|---|---|\n"
        "| 2026-03-12 14:06 | A beta ingress is made available for teams to test. |\n"
        "| 2026-03-23 07:22 | Release candidate deployed to the test cluster. |\n"
        "| 2026-03-30 07:11 | Team begin the deployment of the new ingress. |\n"
        "| 2026-03-30 08:56 | Team notice messages about blocked requests. |\n"
    )
    assert p.fields["incident_date"] == date(2026, 3, 30)
    assert p.fields["time_of_first_trigger"] == utc(2026, 3, 30, 8, 56)


def test_negated_event_words_and_resolved_before_actions():
    # "can't be fixed" and "did not solve" deny; the revert at 12:49 did not end it, the
    # "Incident resolved" row at 16:22 did.
    p = parse(
        "# Hub outage\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 2025-07-11 12:42 Incident declared, health check failing.\n"
        "- 12:49 PR that triggered the alerts reverted.\n"
        "- 13:06 The revert did not solve it; this can't be fixed by restarts.\n"
        "- 16:22 Incident resolved.\n"
    )
    assert p.fields["time_of_recovery"] == utc(2025, 7, 11, 16, 22)


def test_a_date_copied_from_another_report_does_not_move_the_row_back():
    # Rows on 2021-06-28 13:59 and 14:09, then "2021-06-11 14:24": 17 days back with a time
    # that follows on — the date was copied; the row is 2021-06-28 14:24.
    p = parse(
        "# 2021-06-28: Migration\n\nAll times in UTC\n\n## Timeline\n\n"
        "### 2021-06-28 13:59\n\nSentry alerts about a high error rate.\n\n"
        "### 2021-06-28 14:09\n\nMore alerts.\n\n"
        "### 2021-06-11 14:24\n\nRevert deployed; error rates drop back to zero.\n"
    )
    assert p.timeline[-1]["occurred_at"] == utc(2021, 6, 28, 14, 24)
    assert p.fields["time_of_recovery"] == utc(2021, 6, 28, 14, 24)
    assert any("dated days before the row above it" in w for w in p.warnings)


def test_impact_end_row_outranks_a_bare_end_field():
    # "End: 2023-05-10T10:30" is when the incident was closed; the timeline says user
    # impact ended on 05-08 at 16:00 (a bullet nested under that row).
    html = (
        "<h1>Incidents/2023-05-05 wdqs not updating</h1>"
        "<table><tr><th>Start</th><td>2023-05-04T10:00</td><th>End</th>"
        "<td>2023-05-10T10:30</td></tr></table>"
        "<ul><li>2023-05-04T10:00: the updater job stopped<ul><li>user impact starts</li></ul></li>"
        "<li>2023-05-08T16:00: wdqs is depooled<ul><li>user impact ends</li></ul></li>"
        "<li>2023-05-09T14:00: memory increased</li></ul>"
    )
    p = parse_document(from_html(html), ParseOptions())
    assert len(p.timeline) == 3  # nested bullets belong to their row
    assert p.fields["time_of_recovery"] == utc(2023, 5, 8, 16, 0)


def test_a_programs_zero_time_is_not_a_date():
    # kubectl output quoted in a postmortem: "Started: Mon, 01 Jan 0001 00:00:00 +0000".
    p = parse(
        "# May 30th, 2019 Prow Flakiness\n\n## Detection\n\n"
        "> Started:      Mon, 01 Jan 0001 00:00:00 +0000\n"
    )
    assert p.fields["time_of_first_trigger"] is None
    assert p.fields["incident_date"] == date(2019, 5, 30)


def test_text_under_a_timed_row_is_that_row_and_a_report_is_not_the_teams_page():
    # A chat export: the time on one line, the messages under it. Untimed lines are not rows.
    # The first row is a community member's report (customer detection); the engineer
    # triggering a PagerDuty incident for it is the team answering that report, not its
    # detection — corpus rule 3: staff "receiving, reading, acknowledging, relaying or
    # answering a user's report (… a PagerDuty incident opened for the ticket) … are not
    # internal detection". (Until round 23 this test read the trigger as the team's page.)
    p = parse(
        "# Bad gateway\n\nAll times in UTC\n\n## Timeline\n\n"
        "Mar 9, 2026\n\n4:39 PM\n\n"
        "Incident reported by community representative, 502 errors\n\n"
        "Triggered by Angus through the website.\n\n"
        "5:21 PM\n\nEngineer suspects the ingress\n\nOK, it's all websocket handlers\n\n"
        "10:58 PM\n\n502 errors resolved by upstream patch\n"
    )
    assert len(p.timeline) == 3
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2026, 3, 9, 16, 39)
    assert f["time_of_customer_detect"] == utc(2026, 3, 9, 16, 39)
    assert f["time_of_internal_detect"] is None
    assert f["time_of_recovery"] == utc(2026, 3, 9, 22, 58)


def test_a_side_column_label_after_a_narrow_gap():
    # A PDF print in two columns (the side column from character 52): "IMPACT TIME" sits
    # only three spaces after a long line of the main column. Pacific time on 14 Nov 2022 is
    # PST (UTC-8): 02:00 to 08:30 is 10:00 to 16:30 UTC; the duration is stated 6h 30m.
    def row(left: str, side: str = "") -> str:
        return f"{left:<52}{side}".rstrip() if len(left) < 50 else f"{left}   {side}"

    lines = [
        "LIS hub cannot scale",
        "",
        row("Overview", "OWNER OF REVIEW PROCESS"),
        row("At 10AM UK time the B zone in Google Cloud's", "Sarah Gibson"),
        row("region ran out of resources to allocate. This"),
        row('resulted in a "backoff after failed scale-up" msg', "IMPACT TIME"),
        row("", "Nov 14 at 02:00 to Nov 14 at 08:30"),
        row(""),
        row("What Happened", "DURATION"),
        row("- User reported the error", "6h 30m"),
        row("- Quotas were checked and increased", "*All times listed in this report are in"),
        row("", "Pacific Time (US & Canada)."),
        "",
        "Timeline",
        "",
        "Nov 14, 2022",
        "",
        "5:40 AM",
        "Triggered by Sarah Gibson.",
    ]
    from tap_postmortems.document import read_document  # noqa: PLC0415 - this test only

    doc = read_document("\n".join(lines) + "\n", html=False)
    f = parse_document(doc, ParseOptions()).fields
    assert f["time_of_first_trigger"] == utc(2022, 11, 14, 10, 0)
    assert f["time_of_recovery"] == utc(2022, 11, 14, 16, 30)
    assert f["stated_minutes_to_recover"] == 390
    assert f["time_of_internal_detect"] == utc(2022, 11, 14, 13, 40)  # "Triggered by", 220 min


def test_a_blog_post_without_a_timeline_tells_its_times_in_prose():
    # No timeline: the first moment the text states (09:15, the deploy during which the DNS
    # record failed) is the start; "by 9:40 UTC traffic had returned to normal" the
    # recovery (25 min). No detection time is stated, so none is guessed.
    p = parse(
        "# DNS Outage on 2023-01-25\n\n"
        "On Wednesday, 2023-01-25 at 09:15 UTC, we deployed changes to production. During the "
        "deployment, the DNS record failed to resolve. Around 9:30 UTC, the record started to "
        "get propagated again and by 9:40 UTC traffic had returned to normal levels.\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2023, 1, 25, 9, 15)
    assert f["time_of_recovery"] == utc(2023, 1, 25, 9, 40)
    assert f["time_of_internal_detect"] is None
    assert any("first time the text states" in w for w in p.warnings)


def test_root_causes_as_people_write_them():
    # A "Root cause of the outage" section in prose explains one cause, over two paragraphs.
    p = parse(
        "# DNS outage\n\n## Root cause of the outage\n\n"
        "Terraform first removed the certificate and the DNS records,\nthen issued a new one.\n\n"
        "During this time there was no DNS record.\n"
    )
    assert p.root_causes == [
        "Terraform first removed the certificate and the DNS records, then issued a new one."
    ]
    # A list names one cause per top-level item (nested bullets explain their item).
    p = parse(
        "# Outage\n\n## Contributing factors\n\n- Staging differs from production\n"
        "  - it lacks the proxy\n- Tests did not cover logins\n"
    )
    assert p.root_causes == ["Staging differs from production", "Tests did not cover logins"]
    # No such section: the first sentence that states a cause, skipping a template's question.
    p = parse(
        "# Hub down\n\n## Summary\n\nWas it caused by human error? Yes.\n"
        "The hub was down for an hour. After investigation, we determined that the core pods "
        "had no resource guarantees. We added them.\n"
    )
    assert p.root_causes == [
        "After investigation, we determined that the core pods had no resource guarantees."
    ]
    # A text that says the cause is unknown names none.
    p = parse("# Disk full\n\n## Summary\n\nThe root cause is still unknown; it was due to X?\n")
    assert p.root_causes == []
    assert any("root cause is not known" in w for w in p.warnings)


def test_action_items_as_people_list_them():
    # Sub-sections of "Action items" hold the items; a paragraph beside a list only
    # introduces it; nested bullets detail their item; an item ending in ":" introduces
    # the bullets under it; "N/A" is no item.
    p = parse(
        "# Outage\n\n## Action items\n\nWe will do these:\n\n### Process\n\n"
        "- Work with ops to fund GitHub\n  - Turn actions back on\n- Document manual builds\n\n"
        "### Technical\n\n- In the future, for breaking changes:\n"
        "  - Add integration tests\n  - Monitor errors after deploy\n\n"
        "## Responders\n\n- @ana\n"
    )
    assert [a["text"] for a in p.action_items] == [
        "Work with ops to fund GitHub",
        "Document manual builds",
        "Add integration tests",
        "Monitor errors after deploy",
    ]
    # A field list: the items nested under "Review actions:".
    p = parse(
        "# Incident on 2023-09-18\n\n- **Impact**: nodes lacked disk\n- **Review actions**:\n"
        "  - Update the runbook\n  - Scale coreDNS dynamically\n- **Resolution**: resized\n"
    )
    assert [a["text"] for a in p.action_items] == [
        "Update the runbook",
        "Scale coreDNS dynamically",
    ]
    p = parse("# X\n\n## Action items\n\nN/A\n")
    assert p.action_items == []


def test_a_guess_is_not_an_event_and_a_template_question_is_a_label():
    # "believes that … fixed it" at 16:06 is a guess; "Incident resolved" at 16:22 is not.
    p = parse(
        "# Hub outage\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 2025-07-11 12:42 Incident declared.\n"
        "- 16:06 Tech Lead believes that https://github.com/org/infra/pull/6352 fixed it.\n"
        "- 16:22 Incident resolved.\n"
    )
    assert p.fields["time_of_recovery"] == utc(2025, 7, 11, 16, 22)
    # A wiki template asks in a list and answers in a nested bullet: "(3 days)" = 4320 min,
    # not the "4 days of downtime" of the lead.
    html = (
        "<h1>2016-12-Database</h1><p>Failed migrations caused 4 days of downtime.</p>"
        "<ul><li>How long was there a visible outage?<ul>"
        "<li>Sporadic outages from late 12/5 to afternoon 12/8 (3 days)</li></ul></li></ul>"
    )
    f = parse_document(from_html(html), ParseOptions()).fields
    assert f["stated_minutes_to_recover"] == 3 * 24 * 60


def test_the_team_acting_or_telling_each_other_knew_of_it():
    # Start 08:54. At 18:45 the team decides to add nodes: it knew by then, though the
    # first row saying the team noticed ("Start investigating") is 22:18. 591 min.
    p = parse(
        "# r2d upgrade\n\nAll times in UTC\n\n## Timeline\n\n"
        "### 2019-03-24 8:54\n\nStart of incident. New version deployed.\n\n"
        "### 18:45\n\nBuilds are backlogged.\nDecision taken to add two new nodes.\n\n"
        "### 22:18\n\nNotice that builds are not starting. Start investigating.\n"
    )
    assert p.fields["time_of_internal_detect"] == utc(2019, 3, 24, 18, 45)
    # One of the team telling another that the wikis are broken (12:50) is the detection;
    # telling him the extension should stay (12:49) is not.
    p = parse(
        "# TMH\n\nAll times are in UTC.\n\n## Timeline\n\n"
        "- 2018-08-31 12:46: The extension is removed.\n"
        "- 12:49 Paladox informs MacFan4000 that the extension should not have been removed.\n"
        "- 12:50 Paladox also informs MacFan4000 that the wikis have been broken.\n"
    )
    assert p.fields["time_of_internal_detect"] == utc(2018, 8, 31, 12, 50)


def test_root_cause_found_as_timelines_say_it():
    # 14:43 "determines the root cause"; the earlier rows only investigate.
    p = parse(
        "# Prow flakiness\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 2019-05-30 13:26 @cblecker reports on Slack that something is wrong\n"
        "- 14:11 @katharine looks at the nodes\n"
        "- 14:43 @random-liu determines the root cause is severe I/O throttling\n"
        "- 15:14 Additional disk quota is granted\n"
    )
    assert p.fields["time_of_rca"] == utc(2019, 5, 30, 14, 43)
    p = parse(
        "# External IDs\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 2022-04-15 04:35 Updates start failing.\n"
        "- 07:44 @ana gets a handle on the immediate cause and posts a summary.\n"
    )
    assert p.fields["time_of_rca"] == utc(2022, 4, 15, 7, 44)


def test_reports_and_tickets_arriving_are_customer_detection():
    # A ticket "comes in" at 17:09 and an email to support at 17:20: the first is the
    # customer's detection. The first row (16:50) is the team's own, so internal detection
    # is the first row like the start.
    p = parse(
        "# Hub unreachable\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 2025-08-20 16:50 DNS record for the hub changed\n"
        "- 17:09 https://support.example.org/tickets/3770 comes in\n"
        "- 17:20 Email received at support@ that users are unable to log in\n"
    )
    f = p.fields
    assert f["time_of_customer_detect"] == utc(2025, 8, 20, 17, 9)
    assert f["time_of_internal_detect"] == utc(2025, 8, 20, 16, 50)
    p = parse(
        "# Flaky\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 2017-10-17 14:42 Users report all launches are failing\n- 15:10 Pods deleted\n"
    )
    assert p.fields["time_of_customer_detect"] == utc(2017, 10, 17, 14, 42)
    assert p.fields["time_of_internal_detect"] is None  # only the customer's report


def test_row_stamps_as_people_write_them():
    # Each row is 14:05 on the title's day (28 Feb 2023, UTC); the second row 15:00.
    for stamp in (
        "2023-02-28T14:05:00Z",
        "Feb 28, 14:05 UTC -",
        "28 Feb 14:05 -",
        "Tuesday 28 February 2023, 14:05 —",
        "February 28 at 14:05 UTC:",
        "2023/02/28 14:05",
        "Tue, Feb 28 2pm:",
    ):
        p = parse(f"# Outage on 2023-02-28\n\n## Timeline\n\n- {stamp} Alert fired\n- 15:00 Done\n")
        want = utc(2023, 2, 28, 14, 0 if "2pm" in stamp else 5)
        assert [e["occurred_at"] for e in p.timeline] == [want, utc(2023, 2, 28, 15, 0)], stamp


def test_a_definition_list_or_an_unheaded_table_of_times_is_a_timeline():
    # <dl>: each time with its event. Pacific time on 3 March 2024 is PST (UTC-8).
    html = (
        "<h1>API outage</h1><p>Date: March 3, 2024</p><h2>Timeline</h2>"
        "<p>All times are Pacific Time.</p><dl><dt>10:02</dt><dd>Error rates start climbing</dd>"
        "<dt>10:07</dt><dd>On-call engineer paged</dd><dt>10:40</dt>"
        "<dd>Service fully recovered</dd></dl>"
    )
    f = parse_document(from_html(html), ParseOptions()).fields
    assert (f["time_of_first_trigger"], f["time_of_internal_detect"], f["time_of_recovery"]) == (
        utc(2024, 3, 3, 18, 2),
        utc(2024, 3, 3, 18, 7),
        utc(2024, 3, 3, 18, 40),
    )
    # No "Timeline" heading, but a table of dates, times and events.
    p = parse(
        "# API outage\n\n| Date | Time (UTC) | Event |\n|---|---|---|\n"
        "| 2024-03-03 | 10:02 | Errors begin |\n| 2024-03-03 | 10:07 | Alert fires |\n"
        "| 2024-03-03 | 10:40 | Mitigated |\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2024, 3, 3, 10, 2),
        utc(2024, 3, 3, 10, 7),
        utc(2024, 3, 3, 10, 40),
    ]


def test_more_ways_to_state_a_duration():
    cases = {
        "Total duration: 45m": (None, 45),
        "It took us 23 minutes to detect the problem.": (23, None),
        "Detection took 12 minutes.": (12, None),
        "Customers were impacted for roughly an hour and a half.": (None, 90),
    }
    assert_stated(cases)


def test_common_start_detection_and_recovery_wording():
    p = parse(
        "# Checkout errors\n\nAll times in UTC\n\n## Timeline\n\n"
        "- 2024-05-02 09:58 Deploy of checkout 4.2\n"
        "- 10:03 Users started experiencing errors at checkout\n"
        "- 10:09 Uptime monitor reported checkout as failing\n"
        "- 10:31 Errors subsided after the rollback\n"
        "- 11:00 Incident closed\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2024, 5, 2, 10, 3)
    assert f["time_of_internal_detect"] == utc(2024, 5, 2, 10, 9)
    assert f["time_of_recovery"] == utc(2024, 5, 2, 10, 31)


# --- Round 5: rules that generalise (written after the round-4 sealed part missed) -------


def test_markdown_with_inline_line_breaks_is_still_markdown():
    # Wiki-style Markdown that ends its lines with <br> is Markdown, not HTML.
    head = b"# Outage of the docs site\n\nStatus: final<br>\nOwner: kim<br>\nDate: 2024-03-01<br>\n"
    assert sniff(head) == "text/markdown"
    assert sniff(b"<div><p>a</p><br><p>b</p></div>") == "text/html"


def test_front_matter_date_dates_times_of_day_when_nothing_else_does():
    p = parse(
        "---\ndate: 2024-04-09\ntitle: Queue backlog\n---\n\n"
        "At 14:10 UTC, the job queue stopped draining.\n"
    )
    f = p.fields
    assert f["incident_date"] == date(2024, 4, 9)
    assert f["time_of_first_trigger"] == utc(2024, 4, 9, 14, 10)
    assert any("front matter" in w for w in p.warnings)


def test_a_timeline_heading_that_goes_on_with_a_note_and_us_dashed_dates():
    # "Timeline (all times PST) <range>. All times approximate" is the timeline; rows are
    # stamped MM-DD-YYYY with a 12-hour clock; "PST" on a January date is UTC-8.
    p = parse(
        "# Sync stall\n\n"
        "## Timeline (all times PST) 01/08/2025 - 01/09/2025. All times approximate\n\n"
        "01-08-2025 9:05 pm - Block production stopped.\n\n"
        "01-08-2025 9:12 pm - Monitoring detected the stall.\n\n"
        "01-09-2025 - A fix was merged.\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2025, 1, 9, 5, 5)
    assert f["time_of_internal_detect"] == utc(2025, 1, 9, 5, 12)
    assert [e["occurred_at"] for e in p.timeline][:2] == [
        utc(2025, 1, 9, 5, 5),
        utc(2025, 1, 9, 5, 12),
    ]


def test_the_day_written_after_the_time_and_pst_written_in_summer():
    # "PST" is written all year for Pacific time: on 14 June the clocks were on PDT (UTC-7).
    # A summer-time name ("PDT", "CEST") keeps the offset it names.
    p = parse(
        "# Ingest delays\n\n## Timeline\n\n"
        "10:15 AM PST Friday June 14th, 2024: Ingest lag starts to climb.\n\n"
        "10:40 AM PDT Friday June 14th, 2024: Alerts fire for ingest lag.\n\n"
        "11:05 CEST June 15th, 2024 - Lag is back to normal.\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2024, 6, 14, 17, 15),
        utc(2024, 6, 14, 17, 40),
        utc(2024, 6, 15, 9, 5),
    ]
    assert p.fields["incident_date"] == date(2024, 6, 14)


def test_period_headings_over_timed_rows_carry_their_am_pm_on_a_12_hour_clock():
    # "### 10:40-11:55 AM: Triage" groups rows; its rows are the events. The rows write bare
    # 12-hour times: "12:20" then "1:05" under an AM heading is 12:20 then 13:05, not the
    # next night; "2:10" under a PM heading is 14:10. An introductory note is not a row.
    p = parse(
        "# Registry outage\n\n## Timeline\n\nAll times in UTC. Compiled from the chat log.\n\n"
        "### June 3, 2024: registry incident\n\n"
        "### 10:40-11:55 AM: Triage\n\n"
        "- 10:41: Builds start failing with 502s\n"
        "- 10:50: Alerts fire for the registry\n"
        "- 11:55: Root cause identified as an expired token\n"
        "- 12:05: Token rotation prepared\n\n"
        "### 12:20-1:05 PM: Fix\n\n"
        "- 12:20: Token rotated\n"
        "- 1:05: Registry back to normal\n\n"
        "### 2:10-2:30 PM: Follow-up\n\n"
        "- 2:10: Incident closed\n"
        "- 2:30: Postmortem scheduled\n"
    )
    assert [e["occurred_at"].hour * 100 + e["occurred_at"].minute for e in p.timeline] == [
        1041,
        1050,
        1155,
        1205,
        1220,
        1305,
        1410,
        1430,
    ]
    assert {e["occurred_at"].date() for e in p.timeline} == {date(2024, 6, 3)}
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2024, 6, 3, 10, 41)
    assert f["time_of_internal_detect"] == utc(2024, 6, 3, 10, 50)
    assert f["time_of_recovery"] == utc(2024, 6, 3, 13, 5)


def test_a_heading_over_one_event_with_a_quoted_log_stays_one_event():
    # "### 09:30" + prose + log lines with their own stamps: one event, not a period.
    p = parse(
        "# Cache outage\n\n## Timeline\n\nAll times in UTC\n\n"
        "### 2024-02-01 09:10\n\nCache misses spike.\n\n"
        "### 09:30\n\nLogs show the eviction loop:\n\n"
        "2024-01-31 23:59:01 evict loop start\n\n2024-01-31 23:59:02 evict loop start\n"
    )
    assert len([e for e in p.timeline if e["occurred_at"] is not None]) == 2


def test_a_zone_in_words_after_the_time_and_rows_dated_without_a_time():
    p = parse(
        "# Token leak\n\n## Timeline\n\n"
        "- 2023-05-02: Token created for the deploy bot.\n"
        "- 2024-03-04 9:15 AM Eastern: A researcher reports the token.\n"
        "- 2024-03-04 9:40 AM Eastern: Token revoked.\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        None,
        utc(2024, 3, 4, 14, 15),  # EST, UTC-5, on 4 March
        utc(2024, 3, 4, 14, 40),
    ]


def test_emoji_shortcodes_in_headings_and_follow_up_tasks():
    p = parse(
        "# Database outage\n\n## :fire: Impact\n\nThe API was down.\n\n"
        "## :seedling: Blameless root cause\n\n- A migration locked the users table\n\n"
        "## :ballot_box_with_check: Follow-up tasks\n\n"
        "- [ ] Add a lock timeout\n- [x] Page on lock waits\n"
    )
    assert p.fields["impact"] == "The API was down."
    assert p.root_causes == ["A migration locked the users table"]
    assert [a["text"] for a in p.action_items] == ["Add a lock timeout", "Page on lock waits"]


def test_prose_wrapped_at_a_fixed_width_and_the_moments_it_tells():
    # Sentences broken across lines are read whole; "immediately" in the next sentence is the
    # same moment; a clause "completed by 11:40" is the moment of what was completed.
    p = parse(
        "---\ndate: 2023-09-14\n---\n# Builds failing\n\n"
        "At 11:02 UTC every build on the cluster started to fail. The on-call\n"
        "engineer was already online and immediately started to investigate. At 11:20\n"
        "UTC we identified the cause, and we rolled back the runner image - an action\n"
        "completed by 11:40 UTC.\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2023, 9, 14, 11, 2)
    assert f["time_of_internal_detect"] == utc(2023, 9, 14, 11, 2)
    assert f["time_of_rca"] == utc(2023, 9, 14, 11, 20)
    assert f["time_of_recovery"] == utc(2023, 9, 14, 11, 40)


def test_durations_told_in_passing():
    cases = {
        "The on-call engineer was paged 3 minutes after the queue started to back up.": (3, None),
        "The disruption lasted overall around 40 minutes.": (None, 40),
    }
    assert_stated(cases)


def test_the_team_running_into_the_problem_is_its_detection():
    p = parse(
        "---\ndate: 2022-03-05\n---\n# Load balancer\n\n"
        "At around 08:15 UTC we started experiencing timeouts between the CDN and the cluster.\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2022, 3, 5, 8, 15)
    assert f["time_of_internal_detect"] == utc(2022, 3, 5, 8, 15)


def test_a_page_whose_first_heading_is_its_title_and_windows_in_hhmm():
    # No level-1 heading: "## 2024-10-02 Mirror outage" opens the page, and the window its
    # first paragraph states is the impact.
    p = parse(
        "## 2024-10-02 Mirror outage\n\n"
        "Between about 2024-10-02 22:10 UTC and 2024-10-03 01:40 UTC the mirror returned 404s.\n"
    )
    assert (p.fields["time_of_first_trigger"], p.fields["time_of_recovery"]) == (
        utc(2024, 10, 2, 22, 10),
        utc(2024, 10, 3, 1, 40),
    )
    q = parse(
        "# Slow API\n\nOn May 7, 2024 between the hours of 1430 and 1615 UTC, the API was slow.\n"
    )
    assert (q.fields["time_of_first_trigger"], q.fields["time_of_recovery"]) == (
        utc(2024, 5, 7, 14, 30),
        utc(2024, 5, 7, 16, 15),
    )


def test_a_number_read_as_an_impossible_zone_offset_is_no_time():
    # dateutil reads "2025-07-30/31" as a time with an offset of 2025 hours: no moment.
    assert parse_datetime("2025-07-30/31 Mirror outage", default_zone=UTC) is None


def test_a_date_line_after_every_day_the_timeline_states_is_the_reports_date():
    p = parse(
        "# Testnet split\n\nAuthor: R. Diaz\n\nDate: Apr 20, 2024\n\n## Timeline\n\n"
        "### April 2, 2024\n\n- 21:04: Nodes begin rejecting blocks\n- 21:10: Alerts fire\n\n"
        "### April 3, 2024\n\n- 01:30: Patched clients released\n"
    )
    f = p.fields
    assert f["incident_date"] == date(2024, 4, 2)
    assert f["time_of_first_trigger"] == utc(2024, 4, 2, 21, 4)
    assert any("read as the report's date" in w for w in p.warnings)
    # A date the timeline reaches is the incident's, as before.
    q = parse(
        "# X\n\nDate: 2024-04-02\n\n## Timeline\n\n"
        "- 2024-04-01 23:50 Deploy\n- 2024-04-02 00:10 Errors\n"
    )
    assert q.fields["incident_date"] == date(2024, 4, 2)


def test_a_title_dated_by_the_worst_day_does_not_hide_an_earlier_alarm():
    # The title names 12 March; the timeline's rows on the 11th already raise alarms, so the
    # incident began then (rows before a title's day are run-up only when they name no effect).
    p = parse(
        "# Mar 12 2024 Spam flood\n\n## Timeline (all times UTC)\n\n"
        "- 2024-03-11 18:00: First burst of spam transactions\n"
        "- 2024-03-11 18:40: Mempool alarms fire\n"
        "- 2024-03-12 04:00: Largest burst of the flood\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2024, 3, 11, 18, 0)
    assert f["time_of_internal_detect"] == utc(2024, 3, 11, 18, 40)
    assert f["incident_date"] == date(2024, 3, 11)


def test_zone_notes_worded_other_ways_and_more_event_wording():
    assert zone_hint("All times listed in PST.") is not None
    assert zone_hint("All events are documented in UTC time.") is not None
    p = parse(
        "# Claims launch\n\n## Timeline\n\nAll times listed in PST.\n\n"
        "- 2023-06-01 09:00 Claims page goes live\n"
        "- 09:12 Claims API stops responding to requests\n"
        "- 09:20 API gateway shows elevated error rates\n"
        "- 10:05 Capacity raised; claims API restored\n"
        "- 11:30 Deposit backlog clears\n"
    )
    f = p.fields
    # "PST" on 1 June is the Pacific clock: PDT, UTC-7.
    assert f["time_of_first_trigger"] == utc(2023, 6, 1, 16, 12)
    assert f["time_of_internal_detect"] == utc(2023, 6, 1, 16, 20)
    assert f["time_of_recovery"] == utc(2023, 6, 1, 17, 5)
    assert f["time_of_reconcile"] == utc(2023, 6, 1, 18, 30)


def test_front_matter_title_and_a_timeline_continued_under_the_same_heading():
    # A blog post: the title is in the front matter; "# Timeline" is a section, and it
    # continues under a second "# Timeline" after an interlude.
    p = parse(
        '---\ndate: 2023-11-02\ntitle: "Cache stampede"\n---\n\nThe cache fell over.\n\n'
        "# Timeline\n\nAll times in UTC.\n\n"
        "- 10:00 Hit ratio drops to zero\n- 10:05 Alerts fire\n\n"
        "# An interlude\n\nA picture of the graphs.\n\n"
        "# Timeline\n\n- 10:40 Hit ratio back to normal\n"
    )
    assert p.fields["incident_name"] == "Cache stampede"
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2023, 11, 2, 10, 0),
        utc(2023, 11, 2, 10, 5),
        utc(2023, 11, 2, 10, 40),
    ]
    assert p.fields["time_of_recovery"] == utc(2023, 11, 2, 10, 40)
    # A body that opens with its own level-1 heading keeps it as the title.
    q = parse("---\ntitle: Short name\n---\n\n# Incident on 2024-01-05 - Full name\n\nText.\n")
    assert q.fields["incident_name"].endswith("Full name")


def test_a_log_quoted_between_timeline_bullets_is_part_of_the_row_above():
    p = parse(
        "# Disk full\n\n## Timeline\n\nAll times in UTC.\n\n"
        "- 2023-04-04 09:00 Writes start failing\n\n"
        "```\nApr  4 09:00:12 db1 postgres[812]: could not write: No space left on device\n```\n\n"
        "- 09:07 Old archives deleted; writes succeed again\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2023, 4, 4, 9, 0),
        utc(2023, 4, 4, 9, 7),
    ]
    assert "No space left" in p.timeline[0]["text"]


def test_more_durations_written_in_prose():
    cases = {
        "Service was fully restored within approximately 2.5 hours after the issue began.": (
            None,
            150,
        ),
        "The fault went undetected by anyone for three hours and twenty\nminutes.": (200, None),
        "Users saw a 9 minute cascading failure of the API.": (None, 9),
    }
    assert_stated(cases)


def test_the_lead_states_the_start_before_the_timelines_first_row():
    # The timeline opens with the first report (09:12); the lead says the failure began at
    # roughly 09:05, "shortly after" a change at 09:05: that is the start.
    p = parse(
        "# Upgrade fallout\n\n## Incident overview\n\n"
        "On June 4, 2024, at roughly 09:05 UTC the v2 upgrade was activated. Shortly after "
        "activation, nodes began failing to sync.\n\n"
        "## Timeline\n\n### June 4, 2024\n\n- 09:12: First report of stalled nodes\n"
        "- 09:30: Patch released\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2024, 6, 4, 9, 5)
    assert any("taken from the text" in w for w in p.warnings)


def test_a_follow_up_timeline_a_mistyped_region_dotted_times_and_typed_bullets():
    p = parse(
        "# Login outage\n\n## Timeline (times in BST)\n\n### 2024-07-02\n\n### 5:00 PM\n\n"
        "Logins fail.\n\n### 5:40 PM\n\nLogins restored.\n\n"
        "## Follow-up timeline (times in BST)\n\n### 8:10 PM\n\nA second report arrives.\n"
    )
    assert [e["occurred_at"] for e in p.timeline if e["occurred_at"]] == [
        utc(2024, 7, 2, 16, 0),
        utc(2024, 7, 2, 16, 40),
        utc(2024, 7, 2, 19, 10),
    ]
    assert zone_hint("All times in UC/Pacific") is not None  # "US/Pacific", mistyped
    q = parse(
        "# Node disk\n\n- 2023-10-02 09:14 Alerts fire for disk space\n"
        "- 2023-10-02 09.40 Larger volumes attached\n"
        "- 2023-10-02 10:02 Pods rescheduled\n  \u2013 2023-10-02 10:20 Service healthy again\n"
    )
    assert [e["occurred_at"] for e in q.timeline] == [
        utc(2023, 10, 2, 9, 14),
        utc(2023, 10, 2, 9, 40),
        utc(2023, 10, 2, 10, 2),
        utc(2023, 10, 2, 10, 20),
    ]


def test_action_items_under_numbered_headings_or_one_per_line():
    p = parse(
        "# Disk full\n\n## Resulting actions\n\n### 1) Archive cleanup job\n\nA cron job now "
        "prunes archives.\n\n```\nfind . -mtime +5 -delete\n```\n\n### 2) Disk alerts\n\n"
        "Alert at 90 %.\n"
    )
    assert [a["text"] for a in p.action_items] == ["Archive cleanup job", "Disk alerts"]
    q = parse(
        "# Stall\n\n## Lessons learned and future improvements\n\n"
        "Add load tests for the block validator.\nPage the on-call engineer on stalls.\n"
        "Publish a status page.\n"
    )
    assert len(q.action_items) == 3


def test_a_chat_export_timeline():
    # Messages copied from a chat: "name — Today at 10:42 AM" over the message.
    p = parse(
        "# Bot outage\n\nAll times in UTC\n\n## Timeline\n\n### 2024-02-09\n\n"
        "kim \u2014 Today at 10:42 AM\nthe bot is not answering anyone\n\n"
        "sam \u2014 Today at 10:45 AM\nlooking, alerts fired for the bot\nrestarting it now\n\n"
        "sam \u2014 Today at 11:02 AM\nbot is back to normal\n"
    )
    assert [(e["occurred_at"], e["actor"]) for e in p.timeline] == [
        (utc(2024, 2, 9, 10, 42), "kim"),
        (utc(2024, 2, 9, 10, 45), "sam"),
        (utc(2024, 2, 9, 11, 2), "sam"),
    ]
    assert p.fields["time_of_recovery"] == utc(2024, 2, 9, 11, 2)


def test_rows_stamped_relative_to_t0():
    with_clock = (
        "# DB failover\n\nDate: 2024-03-02\n\n## Timeline\n\n"
        "- T+0 (14:05 UTC): Primary database stops accepting writes\n"
        "- T+4m: Alerts fire for write errors\n- T+25m: Failover complete, writes restored\n"
    )
    zero_line = (
        "# DB failover\n\nT0 = 2024-03-02 14:05 UTC\n\n## Timeline\n\n"
        "- T0: Primary database stops accepting writes\n"
        "- T+4 min: Alerts fire for write errors\n- T+25 min: Writes restored\n"
    )
    for doc in (with_clock, zero_line):
        f = parse(doc).fields
        assert (
            f["time_of_first_trigger"],
            f["time_of_internal_detect"],
            f["time_of_recovery"],
        ) == (
            utc(2024, 3, 2, 14, 5),
            utc(2024, 3, 2, 14, 9),
            utc(2024, 3, 2, 14, 30),
        ), doc
    # No zero time stated: the rows keep no time, and the warnings say why.
    p = parse("# X\n\n## Timeline\n\n- T+0: Errors start\n- T+5m: Alerts fire\n")
    assert all(e["occurred_at"] is None for e in p.timeline)
    assert any("no T0 time" in w for w in p.warnings)


def test_pt_and_et_written_after_a_time_are_regions():
    # "3:45pm PT" is Pacific time on that day's clock (PDT in June); later rows naming no
    # zone keep it. "et" in running text is no zone.
    p = parse(
        "# Search outage\n\n## Timeline\n\n- 2024-06-03 3:45pm PT: Search requests start failing\n"
        "- 4:10pm: Alerts fire for search\n- 4:50pm: Search back to normal\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2024, 6, 3, 22, 45),
        utc(2024, 6, 3, 23, 10),
        utc(2024, 6, 3, 23, 50),
    ]
    assert parse_datetime("2024-01-03 15:45 ET", default_zone=UTC) == utc(2024, 1, 3, 20, 45)


def test_a_zone_after_an_impact_window_and_durations_of_a_period():
    cases = {
        "On Tuesday, 2 June 2020, the API returned errors from 11:45 to 15:58 US/Pacific.": (
            utc(2020, 6, 2, 18, 45),
            utc(2020, 6, 2, 22, 58),
        ),
        "On June 2, 2020 between 10:02 and 10:45 Pacific Time, logins failed.": (
            utc(2020, 6, 2, 17, 2),
            utc(2020, 6, 2, 17, 45),
        ),
        "On June 2, 2020, from 10:02 AM to 10:45 AM PT, logins failed.": (
            utc(2020, 6, 2, 17, 2),
            utc(2020, 6, 2, 17, 45),
        ),
    }
    for body, window in cases.items():
        f = parse(f"# X\n\n{body}\n").fields
        assert (f["time_of_first_trigger"], f["time_of_recovery"]) == window, body
    assert_stated(
        {
            "The outage had a total duration of 2 hours and 13 minutes.": (None, 133),
            "Logins failed for a period of 45 minutes.": (None, 45),
        }
    )


def test_labels_followed_by_a_word_for_when():
    f = parse(
        "# X\n\n- Impact started at: 2024-05-01 10:00 UTC\n- Detected at: 2024-05-01 10:05 UTC\n"
        "- Mitigated at: 2024-05-01 10:40 UTC\n"
    ).fields
    assert (f["time_of_first_trigger"], f["time_of_internal_detect"], f["time_of_recovery"]) == (
        utc(2024, 5, 1, 10, 0),
        utc(2024, 5, 1, 10, 5),
        utc(2024, 5, 1, 10, 40),
    )


def test_a_leak_or_intrusion_ends_when_the_access_does():
    for row in (
        "10:40 Deploy key for the bot revoked",
        "10:40 Build hosts stopped, removing the attacker's access",
        "10:40 The scraper's IP address is blocked from accessing the API",
    ):
        p = parse(
            "# Leak\n\n## Timeline\n\nAll times in UTC\n\n"
            f"- 2024-08-01 09:00 Token found in a public image\n- {row}\n"
        )
        assert p.fields["time_of_recovery"] == utc(2024, 8, 1, 10, 40), row


def test_an_aside_is_no_impact_length_and_systems_stabilising_is_recovery():
    p = parse(
        "---\ndate: 2024-09-09\n---\n# Queue lag\n\n"
        "The queues drained once, for a minute or two.\n\n"
        "## Timeline\n\nAll times in UTC.\n\n- 09:00 Queue lag climbs\n- 09:20 Alerts fire\n"
        "- 10:05 Queues draining and systems stabilizing\n"
    )
    assert p.fields["stated_minutes_to_recover"] is None
    assert p.fields["time_of_recovery"] == utc(2024, 9, 9, 10, 5)


def test_a_span_of_days_is_no_moment_and_an_undated_row_is_no_silence():
    assert parse_datetime("Between 2024-02-10 to 2024-02-16", default_zone=UTC) is None
    # The upgrade at 19:00 left a port open; an undated row says the attacker used it in the
    # days after: the upgrade row is the start, not run-up followed by silence.
    p = parse(
        "# Exposed cache\n\n## Timeline\n\n| Date/Time (UTC) | Event |\n|---|---|\n"
        "| 2024-02-09 19:00 | Host upgraded; the firewall restart was skipped |\n"
        "| Between 2024-02-10 to 2024-02-16 | An outside host writes to the cache |\n"
        "| 2024-02-16 10:45 | Engineer notices cache errors |\n"
        "| 2024-02-16 11:17 | Firewall re-enabled, removing outside access |\n"
    )
    f = p.fields
    assert p.timeline[1]["occurred_at"] is None
    assert f["time_of_first_trigger"] == utc(2024, 2, 9, 19, 0)
    assert f["time_of_internal_detect"] == utc(2024, 2, 16, 10, 45)
    assert f["time_of_recovery"] == utc(2024, 2, 16, 11, 17)


def test_an_untimed_list_after_the_timed_rows_details_the_row_above():
    p = parse(
        "# Expired certificate\n\n## Timeline\n\nAll times in UTC.\n\n"
        "- 2024-03-01 01:50 First report of broken images\n"
        "- 2024-03-01 02:30 Certificate renewed\n\n"
        "The new certificate went to every edge host:\n\n- edge-1\n- edge-2\n\n"
        "Reloading nginx on each host fixed it.\n"
    )
    assert len(p.timeline) == 2
    assert "edge-2" in p.timeline[1]["text"]


def test_lines_that_introduce_the_rows_are_not_rows():
    p = parse(
        "# Launch spike\n\n## Timeline\n\nAll times in UTC.\n\nDashboards for the incident:\n\n"
        "- overview\n- node status\n\n### 2024-07-09\n\n"
        "The team was already on a call and saw it, shortly before the chat starts:\n\n"
        "- 14:30 Launches start failing\n- 14:42 Launches back to normal\n"
    )
    assert [e["text"] for e in p.timeline] == ["Launches start failing", "Launches back to normal"]


def test_a_status_page_issue_keeps_its_moments_in_front_matter():
    # A status site's incident: start in `date:`, end in `resolvedWhen:`, no timeline.
    p = parse(
        "---\ntitle: Mirror unreachable\ndate: 2024-05-02T21:15:00-00:00\nresolved: true\n"
        "resolvedWhen: 2024-05-03T00:05:00-00:00\nseverity: disrupted\naffected:\n"
        "  - mirror.example.org\n---\n\nThe mirror answers 503 for every request.\n"
    )
    f = p.fields
    assert f["incident_name"] == "Mirror unreachable"
    assert f["incident_date"] == date(2024, 5, 2)
    assert f["time_of_first_trigger"] == utc(2024, 5, 2, 21, 15)
    assert f["time_of_recovery"] == utc(2024, 5, 3, 0, 5)
    assert f["severity_level"] is None  # 'disrupted' is a status level, not a SEV number
    # A blog post's `date:` is its publication, not a moment of the incident.
    blog = parse("---\ntitle: Our outage\ndate: 2024-05-09\n---\n\nWe were down for a while.\n")
    assert blog.fields["time_of_first_trigger"] is None


def test_a_length_announced_ahead_is_no_impact_length():
    # During the work an update announces the next step's disruption: a forecast.
    assert_stated(
        {
            "Restarting the database now. Expect a 10 minutes outage of the login page.": (
                None,
                None,
            ),
            "The login page had a 10 minutes outage.": (None, 10),
        }
    )


def test_a_span_of_incident_days_starts_on_its_first_and_later_rows_are_no_start():
    # A security write-up: the report came in on the span's first day (no time), the
    # timeline's only timed rows are the release weeks later.
    p = parse(
        "# Parser crash disclosure\n\n## Incident dates\n\n2023-03-01 - 2023-04-12\n\n"
        "## Timeline\n\nAll times UTC\n\n2023-03-01:\n* Researcher reports a crash\n\n"
        "2023-04-12:\n* 16:00 v2.4.1 published with the fix\n"
    )
    f = p.fields
    assert f["incident_date"] == date(2023, 3, 1)
    assert f["time_of_first_trigger"] is None
    assert f["time_of_internal_detect"] is None
    assert f["time_of_recovery"] == utc(2023, 4, 12, 16, 0)  # the fixed release ends the exposure


def test_a_byline_dates_the_post_and_an_earlier_day_in_a_sentence_the_incident():
    p = parse(
        "# Leaked deploy key\n\nPosted on: 2022-03-30\n\n"
        "On 14 March 2022 a contributor told us a deploy key was in a public log.\n"
    )
    assert p.fields["incident_date"] == date(2022, 3, 14)
    # Found on one day, running since an earlier one: impact began on the earlier day.
    p = parse(
        "# Exposed tokens\n\nOn June 9, 2022 a maintainer found tokens in the build logs.\n\n"
        "The logs had been public since about June 2, 2022.\n"
    )
    assert p.fields["incident_date"] == date(2022, 6, 2)


def test_rows_stamped_time_then_date_and_a_year_typo_among_them():
    p = parse(
        "# Storage array failure\n\n## Timeline\n\n"
        "0915 UTC 2021-02-01 - Disk reported degraded\n\n"
        "0310 UTC 2020-02-02 - Service stops responding\n\n"
        "0340 UTC 2020-02-02 - Operator paged\n\n"
        "1120 UTC 2021-02-02 - Service restored\n"
    )
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2021, 2, 1, 9, 15),
        utc(2021, 2, 2, 3, 10),
        utc(2021, 2, 2, 3, 40),
        utc(2021, 2, 2, 11, 20),
    ]
    assert any("a year before the rows around it" in w for w in p.warnings)


def test_detected_so_long_after_it_began_is_a_time_to_detect():
    assert_stated({"Our monitoring detected the outage 6 minutes after it began.": (6, None)})


def test_crawling_to_a_halt_complaints_and_a_machine_usable_again():
    p = parse(
        "# Build farm outage\n\n## Timeline\n\nAll times UTC\n\n"
        "- 2020-09-14 03:12 Build queue begins to crawl\n"
        "- 2020-09-14 05:40 An operator discovers something wrong with the queue\n"
        "- 2020-09-14 06:05 First complaints about builds timing out\n"
        "- 2020-09-14 09:30 Replacement host comes up and is usable\n"
    )
    f = p.fields
    assert f["time_of_first_trigger"] == utc(2020, 9, 14, 3, 12)
    assert f["time_of_internal_detect"] == utc(2020, 9, 14, 5, 40)
    assert f["time_of_customer_detect"] == utc(2020, 9, 14, 6, 5)
    assert f["time_of_recovery"] == utc(2020, 9, 14, 9, 30)


def test_a_day_the_lead_states_weeks_before_the_timed_rows_dates_the_incident():
    p = parse(
        "# Signing key exposed\n\n## Summary\n\n"
        "The signing key was exposed from on or about 2024-01-05 through 2024-02-20.\n\n"
        "## Timeline\n\nAll times UTC\n\n"
        "- 2024-02-20 10:00 A researcher reports the key\n"
        "- 2024-02-20 11:30 Key revoked\n"
    )
    f = p.fields
    assert f["incident_date"] == date(2024, 1, 5)
    assert f["time_of_first_trigger"] is None
    assert f["time_of_recovery"] == utc(2024, 2, 20, 11, 30)


def test_a_byline_gives_the_year_to_a_day_written_without_one():
    p = parse(
        "# Queue outage\n\nPosted on: 2019-03-20 09:00:00+00:00\n\n"
        "During the evening of March 11th our job queue stopped accepting work and failed.\n"
    )
    assert p.fields["incident_date"] == date(2019, 3, 11)


def test_a_live_posts_update_lines_are_its_timeline_and_not_its_start():
    p = parse(
        "# Forge outage\n\nPosted on: 2021-09-02 08:00:00+00:00\n\n"
        "During the night of September 1st the forge began failing to serve pages.\n\n"
        "UPDATE 2 Sep 11:10 UTC - Database restarted, work remains before service is restored.\n\n"
        "UPDATE 2 Sep 15:45 UTC - Replica rebuilt, still degraded.\n"
    )
    f = p.fields
    assert [e["occurred_at"] for e in p.timeline] == [
        utc(2021, 9, 2, 11, 10),
        utc(2021, 9, 2, 15, 45),
    ]
    assert f["incident_date"] == date(2021, 9, 1)
    assert f["time_of_first_trigger"] is None
    assert f["time_of_recovery"] is None


# --- Round 8: the corpus's 202 development documents (issue 13) -----------------------------


def test_a_blog_posts_address_dates_its_publication():
    # Published at blog.example.org/2016/03/02/…: "On February 27th" is 2016-02-27; a post
    # with no day in its text at all is dated by its publication (as by front matter).
    told = parse(
        "# Mirror outage\n\nOn February 27th the mirror stopped serving downloads.\n",
        "blog.example.org/2016/03/02/mirror-outage.html",
    )
    assert told.fields["incident_date"] == date(2016, 2, 27)
    assert any("post's address" in w for w in told.warnings)
    untold = parse(
        "# Mirror outage\n\nThe mirror stopped serving downloads.\n",
        "/2016/03/02/mirror-outage.html",
    )
    assert untold.fields["incident_date"] == date(2016, 3, 2)
    # A file's own dated name is not a permalink (it names the incident, as before).
    named = parse("# Mirror outage\n\nThe mirror stopped.\n", "2016-02-27-mirror.md")
    assert named.fields["incident_date"] == date(2016, 2, 27)


def test_a_day_named_mid_sentence_as_the_story_opens_dates_the_post():
    # No sentence opens on its day; "on 3 November" names it before the first time of day.
    # The later "on July 8" (after the rows' times, about another provider) is not taken.
    p = parse(
        "---\ndate: 2015-11-24\n---\n# Announcements not updated\n\n"
        "As most readers know, the page went stale on 3 November and stayed so for a day.\n\n"
        "- 04:06 the nightly task failed\n- 11:00 the index was rebuilt\n\n"
        "Our provider also had issues on November 20 in another region.\n"
    )
    assert p.fields["incident_date"] == date(2015, 11, 3)
    q = parse(
        "---\ndate: 2021-07-11\n---\n# Node failures\n\nThe database node failed.\n\n"
        "## Leadup\n\n- **00:27 UTC:** connections spike\n- **01:13 UTC:** node healthy\n\n"
        "## Provider's reply\n\nNot today, though there were issues reported on July 8 and 9.\n"
    )
    assert q.fields["incident_date"] == date(2021, 7, 11)


def test_more_ways_a_row_says_the_cause_was_found():
    # Each row after the start names the root cause being found, at its own time.
    for row in (
        "@nova Root cause detected. The disk is full",
        "The infrastructure team identifies the misconfiguration and corrects it",
        "@hazel Discovered .env.production misconfiguration on the CDN node",
    ):
        p = parse(
            "# Outage\n\n## Timeline\n\nAll times UTC\n\n"
            f"- 2022-12-13 18:00 Outage begins\n- 2022-12-13 19:02 {row}\n"
        )
        assert p.fields["time_of_rca"] == utc(2022, 12, 13, 19, 2), row


def test_an_mdx_pages_metadata_export_is_its_front_matter():
    # A Next.js blog keeps its post's date and title in "export const post = {…}"; the page's
    # imports and exports are no text, and its "date:" is the publication, not a Date: label.
    mdx = (
        "import { Layout } from '@/components/Layout'\n\n"
        "export const post = {\n  draft: false,\n  date: '2024-11-19',\n"
        "  title: 'Relay outage: A post-mortem',\n}\n\n"
        "export default (props) => <Layout article={post} {...props} />\n\n"
        "## What happened\n\nThe relays went down.\n"
    )
    doc = from_markdown(mdx)
    assert doc.title == "Relay outage: A post-mortem"
    assert doc.published == "2024-11-19"
    assert not any("export" in ln for s in doc.sections for b in s.blocks for ln in b.lines())


def test_a_posts_story_sentence_gives_its_times_each_after_its_words():
    # No timeline and no summary heading: the sentence that dates the post tells the times.
    # Written words first, each time closes its clause: degraded from 11:00 (start), noticed
    # by 22:50 (internal detection), resolved at 23:01 (recovery); "GMT" is UTC.
    p = parse(
        "---\ndate: 2024-11-19\ntitle: Relay outage\n---\n\n## So what happened?\n\n"
        "On November 5th we had an outage on our relays which started with degraded "
        "performance around 11:00 GMT and became total by 17:00 GMT. The outage was "
        "discovered internally by 22:50 GMT and resolved at 23:01 GMT.\n"
    )
    f = p.fields
    assert f["incident_date"] == date(2024, 11, 5)
    assert f["time_of_first_trigger"] == utc(2024, 11, 5, 11, 0)
    assert f["time_of_internal_detect"] == utc(2024, 11, 5, 22, 50)
    assert f["time_of_recovery"] == utc(2024, 11, 5, 23, 1)


def test_a_meridiem_with_dots_ends_no_sentence():
    # "10:00 a.m. EST" on 29 March 2022 is Eastern summer time (UTC-4): 14:00 UTC, and the
    # engineer noticing is the team's own detection.
    p = parse(
        "---\ndate: 2022-10-13\n---\n# Incident management\n\n"
        "On March 29th, at around 10:00 a.m. EST, one of our engineers noticed a tool "
        "printing secrets in its logs.\n"
    )
    assert p.fields["time_of_internal_detect"] == utc(2022, 3, 29, 14, 0)
