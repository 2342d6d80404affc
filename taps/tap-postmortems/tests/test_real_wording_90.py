"""The parser on the 12-hour clock, round 90 (issue 13): what rewording the corpus showed.

``bench/postmortems_rewordings.py`` rewrote every development document with its 24-hour
clocks as 12-hour ones ("20:13" → "8:13 pm"), keeping every fact. Where the 24-hour form was
read and the 12-hour one was not, the parser depended on how the writer happened to note the
time. These are those habits:

- a clock with seconds before its half of the day ("@ 10:16:01 pm UTC time");
- a status entry's mistyped end day mended by the text restating its clock ("back online at
  1:00 pm UTC");
- a row timed by a span of 12-hour clocks ("1:10 pm - 1:22 pm disk free declines") is a row,
  not the impact's window, and a recovery in such a row ends at the span's end;
- a stamp pasted from Unix's ``date`` in a US locale ("Tue May 31 05:09:10 PM UTC 2022");
- and, from rewording ISO days as words ("2020-08-14" → "August 14, 2020"), a key-events list
  whose labels take a stamp without a colon and with the month first ("First detected August
  14, 2020 10:43"), rows dated by a day in words without a clock ("- **February 21, 2023**:
  work started"), and a sentence's clock followed by its day in words ("At about 02:20 on
  December 4, 2016, the host became unresponsive");
- from sealed part 82's Ropsten retrospective: a zone note with a label of its own ("Note: all
  times listed are in [Pacific Time](…)");
- a full day between "at" and its clock ("stopped processing items at 2024-02-12 01:54:38",
  "at February 12, 2024 01:54:38"), which no form of the day had been read in;
- and, from rewording timeline tables as lists, rows stamped by a bracketed offset from the
  first ("- [+1 hrs] — Consensus failure confirmed"), as a table's cell writes it.

Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

import pytest
from postmortems_harness import moment as _at
from postmortems_harness import parse, row_moments


def test_seconds_before_the_half_of_the_day():
    parsed = parse(
        "# Testnet halt\n\nOn Sept 30 @ 10:16:01 pm UTC time, the network halted at block "
        "1131575.\n",
        "2023-09-30-testnet-halt.md",
    )
    # 10 pm is 22:00; the seconds are kept.
    assert _at(parsed, "time_of_first_trigger") == "2023-09-30T22:16:01+00:00"


def test_a_mistyped_end_day_mended_by_a_restated_twelve_hour_clock():
    parsed = parse(
        "---\ntitle: Puppet outage\ndate: 2021-09-23T10:01:00-00:00\nresolved: true\n"
        "resolvedWhen: 2021-09-20T13:00:00-00:00\nseverity: down\n---\n\n"
        "The Puppet infrastructure had been fixed.\n\n"
        "- ci.jenkins.io was back online at 1:00 pm UTC\n"
    )
    # "resolvedWhen" is three days before the start; "1:00 pm" is its 13:00, on the 23rd.
    assert _at(parsed, "time_of_recovery") == "2021-09-23T13:00:00+00:00"


def test_a_mistyped_end_day_with_another_clock_stays_as_written():
    # Guard: "back online at 1:00 am" is not the end's 13:00, so nothing mends the day.
    parsed = parse(
        "---\ntitle: Puppet outage\ndate: 2021-09-23T10:01:00-00:00\nresolved: true\n"
        "resolvedWhen: 2021-09-20T13:00:00-00:00\nseverity: down\n---\n\n"
        "The Puppet infrastructure had been fixed.\n\n"
        "- ci.jenkins.io was back online at 1:00 am UTC\n"
    )
    assert _at(parsed, "time_of_recovery") != "2021-09-23T13:00:00+00:00"


def test_a_row_timed_by_a_twelve_hour_span_is_no_window():
    parsed = parse(
        # (a saved page whose headings were lost: the list follows the summary directly)
        "# 2019-04-13 search cluster overload\n\nSearch latency increased until the pool "
        "counter rejected queries.\n\nAll times in UTC.\n\n"
        "- 1:10 pm - 1:22 pm elastic1025 disk free declines from 20% to 11%\n"
        "- 1:17 pm shard recoveries increase from 8 to 18\n"
        "- 1:24 pm pool counter starts rejecting queries OUTAGE BEGINS\n"
        "- 2:00 pm two engineers start looking into flapping alerts\n"
    )
    # The outage begins at the row that says so (13:24); the first row's span is its own
    # duration, not a window that ends the impact at 13:22.
    assert _at(parsed, "time_of_first_trigger") == "2019-04-13T13:24:00+00:00"
    assert _at(parsed, "time_of_recovery") is None


def test_a_recovery_in_a_twelve_hour_span_ends_at_its_end():
    parsed = parse(
        "# Kafka degraded\n\n## Timeline (UTC, 2026-06-27)\n\n"
        "| Time | Event |\n|---|---|\n"
        "| 7:00 am | Kafka brokers restart after a node disruption; producers fail. |\n"
        "| 8:30 am | Operator reconciliation is paused. |\n"
        "| 8:37 am-8:39 am | The feed was restarted; readiness returned 200 and service "
        "recovered. |\n"
    )
    assert _at(parsed, "time_of_first_trigger") == "2026-06-27T07:00:00+00:00"
    # The restart took the span; the service is back at its end, 08:39.
    assert _at(parsed, "time_of_recovery") == "2026-06-27T08:39:00+00:00"


def test_a_unix_date_stamp_in_a_us_locale():
    parsed = parse(
        "# Hadoop failure\n\n## Detection\n\nAt Tue May 31 05:09:10 PM UTC 2022 "
        'analytics-alerts received an email alert: "At least one NameNode is active is '
        'CRITICAL".\n'
    )
    # 05:09:10 PM is 17:09:10; the alert is the team's own detection.
    assert _at(parsed, "time_of_internal_detect") == "2022-05-31T17:09:10+00:00"


def test_key_events_stamped_month_first_without_a_colon():
    parsed = parse(
        "# Incident on August 14, 2020 - Ingress controllers crashlooping\n\n"
        "- **Key events**\n"
        "  - First detected August 14, 2020 10:43\n"
        "  - Incident declared August 14, 2020 11:01\n"
        "  - Resolved August 14, 2020 11:38\n"
    )
    assert _at(parsed, "time_of_internal_detect") == "2020-08-14T10:43:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2020-08-14T11:38:00+00:00"


def test_rows_dated_by_a_day_in_words_without_a_clock():
    parsed = parse(
        "# TypeORM upgrade recreated entities\n\n## Timeline\n\n"
        "- **February 21, 2023**: @dfellis started working on the typeorm update\n"
        "- **February 27, 2023**: @dfellis found a bug recreating the entities\n"
        "- **March 3, 2023**: typeorm version update got merged\n"
    )
    # The first row's day is the incident's (no other day is stated); rows have no clock.
    assert parsed.fields["incident_date"].isoformat() == "2023-02-21"
    assert [e["occurred_at"] for e in parsed.timeline] == [None, None, None]
    assert parsed.timeline[0]["text"].startswith("@dfellis started")


def test_a_sentence_clock_followed_by_its_day_in_words():
    parsed = parse(
        # (the page's name, as its heading too, names another month: the sentence's day wins)
        "# Incidents/20161104-labservices1001\n\n"
        "At about 02:20 on December 4, 2016, labservices1001 became unresponsive and "
        "unreachable.\n\n"
        "02:19 Page: toolschecker CRITICAL\n\n"
        "02:43 labservices1001 is back up, all services returned to normal.\n",
        "Incidents/20161104-labservices1001",
    )
    assert _at(parsed, "time_of_first_trigger") == "2016-12-04T02:20:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2016-12-04T02:43:00+00:00"


def test_list_rows_stamped_by_a_bracketed_offset():
    parsed = parse(
        "# Testnet upgrade RCA\n\n## Timeline\n\n"
        "- May 28 2025, 11:30 AM UTC — Upgrade executed; network halts at upgrade height\n"
        "- [+1 hrs] — Consensus failure confirmed; initial triage begins\n"
        "- [+2 hrs] — Root cause identified\n"
    )
    # One and two hours after the first row's 11:30 UTC.
    assert row_moments(parsed) == [
        "2025-05-28T11:30:00+00:00",
        "2025-05-28T12:30:00+00:00",
        "2025-05-28T13:30:00+00:00",
    ]


def test_a_zone_note_with_its_own_label():
    parsed = parse(
        "# Ropsten consensus issue\n\n### Timeline of Events\n\n"
        "Note: all times listed are in [Pacific Time](https://www.timeanddate.com/worldclock/)\n\n"
        "July 21, 2021\n\n"
        "* 3:39: Block 10679537 is mined on Ropsten\n"
        "* 19:22: Block 10680804 mined with fixed releases, the network recovered\n"
    )
    # 21 July is on summer time: PDT, UTC-7.
    assert _at(parsed, "time_of_first_trigger") == "2021-07-21T10:39:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2021-07-22T02:22:00+00:00"


@pytest.mark.parametrize("day", ["2024-02-12", "February 12, 2024", "12 February 2024"])
def test_a_full_day_between_at_and_its_clock(day: str):
    parsed = parse(
        "# Platform API job queue blocked\n\nIt seems the default Laravel queue stopped "
        f"processing items at {day} 01:54:38 due to a hanging network connection.\n",
        "2024-02-13-job-queue-blocked.md",
    )
    # The sentence's own day, not the report's (the 13th); its seconds kept.
    assert _at(parsed, "time_of_first_trigger") == "2024-02-12T01:54:38+00:00"


def test_a_status_entry_whose_text_dates_the_failure_in_words():
    parsed = parse(
        "---\ntitle: Platform API job queue is blocked\ndate: 2024-02-13 13:00:00\n"
        "resolved: true\nresolvedWhen: 2024-02-14 13:26:00\nseverity: disrupted\n---\n\n"
        "*Update* - This incident has been resolved.\n\n__Description__ It seems the default "
        "Laravel queue stopped processing items at February 12, 2024 01:54:38 due to a hanging "
        "network connection.\n"
    )
    # The entry was opened the next day; its text says when the queue stopped.
    assert _at(parsed, "time_of_first_trigger") == "2024-02-12T01:54:38+00:00"


def test_days_without_a_year_date_no_incident():
    # Noticed while rewording: no year anywhere (title, name, text), so the rows' days are read
    # in a stand-in year for their order and lengths, and that year is never the incident's.
    parsed = parse(
        "# API outage\n\n## Timeline\n\n- Mar 12 06:16: error rate alert fires\n"
        "- Mar 12 06:40: rollback, service restored\n",
        "API outage",
    )
    assert parsed.fields["incident_date"] is None
    assert any("states no year" in w for w in parsed.warnings)
    start, end = parsed.fields["time_of_first_trigger"], parsed.fields["time_of_recovery"]
    assert (end - start).total_seconds() == 24 * 60


def test_a_year_2000_the_document_writes_is_kept():
    # Guard: the same rows under a title that writes the year 2000.
    parsed = parse(
        "# API outage of 17 June 2000\n\n## Timeline\n\n- Jun 17 06:16: error rate alert fires\n"
        "- Jun 17 06:40: rollback, service restored\n",
        "API outage",
    )
    assert parsed.fields["incident_date"].isoformat() == "2000-06-17"
