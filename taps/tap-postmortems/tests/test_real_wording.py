"""The parser on the ways real postmortems are written (issue: real-document corpus).

Each test is the smallest document showing one habit of real authors; expected values are
what the document says, worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import from_html, from_markdown
from tap_postmortems.parser import ParseOptions, parse_document
from tap_postmortems.sources import sniff
from tap_postmortems.values import is_placeholder, parse_duration, zone_hint


def parse(markdown: str, name: str | None = None):
    return parse_document(from_markdown(markdown), ParseOptions(), name)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


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
