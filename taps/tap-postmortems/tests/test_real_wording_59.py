"""The parser on wording it had never seen, fifty-ninth round (issue 13): one test per rule.

From dev's readers' root-cause moments that the vocabulary missed: a fault traced back or
isolated to its origin, a team concluding, a root cause numbered or "known", an issue
"determined" to be in a component, an investigation leading to the cause, the issue
reproduced, and something identified (not the incident itself; logs showing a symptom are not
the cause found). Each test is a minimal document written for the habit (not
a copy of a corpus document); its expected values are worked out by hand from the text, never
from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _rca(middle: str) -> datetime | None:
    return _md(
        "# 2021-02-16 CI outage\n\n## Timeline (UTC)\n\n"
        "- **15:40 UTC** - CI jobs start failing to reach the device database\n"
        "- **16:05 UTC** - We start investigating the failing jobs\n"
        f"- **17:00 UTC** - {middle}\n"
        "- **17:30 UTC** - Jobs pass again after the database was cleaned up\n"
    ).fields["time_of_rca"]


@pytest.mark.parametrize(
    "middle",
    [
        "Issue traced back to the internal database",
        "Problems isolated to CI runs inside one region",
        "We conclude this has to be something internal to the storage vendor",
        "Root cause 1 found: the stale path in the log lookup",
        "The root cause is known and a fix is being prepared",
        "Determined issue is with the updated web application",
        "Investigation led us to a bot sending a high volume of requests",
        "We were able to reproduce the issue in isolation",
        "Identified ~50K jobs of one class filling the queue",
    ],
)
def test_a_cause_traced_isolated_concluded_or_known_is_the_root_cause_found(middle: str):
    assert _rca(middle) == datetime(2021, 2, 16, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "middle",
    [
        # the team's own reading of a symptom, not a cause found
        "We realized that the queue was much longer than usual",
        "Jobs were retried and some of them failed again",
        "On-call identified the incident and paged the database team",
        "Worker logs show the disk guardrail skipping crawl starts",
    ],
)
def test_a_symptom_seen_or_a_retry_is_no_root_cause(middle: str):
    assert _rca(middle) is None


def _rows(*rows: str) -> dict[str, Any]:
    return _md(
        "# Incident Report: Kafka brokers degraded\n\n- **Date**: 2026-06-27 UTC\n\n"
        "## Timeline\n\n| Time (UTC) | Event |\n| --- | --- |\n" + "".join(rows)
    ).fields


def test_a_recovery_in_a_row_timed_by_a_span_is_at_the_span_s_end():
    # "08:37-08:39 | the feed was restarted; readiness returned 200": back when the span ends.
    f = _rows(
        "| 07:00 | Brokers crash-looping after the node restart. |\n",
        "| 08:30 | Reconciliation paused while the last broker replays its logs. |\n",
        "| 08:37-08:39 | The feed was restarted; feed and runtime readiness returned `200`. |\n",
        "| 08:50 | Storage reported healthy; stale pods cleaned. |\n",
    )
    assert f["time_of_recovery"] == datetime(2026, 6, 27, 8, 39, tzinfo=UTC)


def test_a_row_that_opens_on_the_recovery_stays_at_its_span_s_start():
    # "Recovered: …" as the row's heading, then the steps that followed it.
    f = _rows(
        "| 07:00 | Brokers crash-looping after the node restart. |\n",
        "| 08:37-08:55 | Recovered: brokers healthy; the team cleans up stale pods. |\n",
    )
    assert f["time_of_recovery"] == datetime(2026, 6, 27, 8, 37, tzinfo=UTC)


def test_argo_cd_s_self_heal_undoing_a_patch_is_no_recovery():
    # "Direct env patch attempts were auto-reverted by Argo self-heal" is a failed attempt.
    f = _rows(
        "| 16:13 | Runbook check: trading blocked, decisions rejected. |\n",
        "| 16:30-16:32 | Direct env patch attempts were auto-reverted by Argo self-heal. |\n",
        "| 16:37 | The runtime revision recovered and became Ready. |\n",
    )
    assert f["time_of_recovery"] == datetime(2026, 6, 27, 16, 37, tzinfo=UTC)


def test_an_impact_summary_states_the_length():
    # "## Impact Summary" / "remained in CrashLoopBackOff for ~4.5 hours": a stated length.
    f = _md(
        "# Incident Report: search crash loop\n\n- **Date**: 2026-03-02\n\n## Impact Summary\n\n"
        "- `elastic` remained in `CrashLoopBackOff` for ~4.5 hours.\n\n## Timeline (UTC)\n\n"
        "| Time | Event |\n| --- | --- |\n| 2026-03-02 02:25 | Pod starts with a tiny volume. |\n"
        "| 2026-03-02 07:05 | Volume grown; pod becomes `1/1 Running`. |\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 270


def test_a_date_in_two_zones_dates_bare_clocks_on_its_local_day():
    # "1 Mar 2026 (PST) / 2 Mar 2026 (UTC)" over a PST timeline: "22:36:51" is on 1 March
    # (06:36:51Z on 2 March); "23:04+" (from then on) is a clock; "health endpoint recovers
    # quickly" at "00:06 (Mar 2)" PST is 08:06Z.
    parsed = _md(
        "# Incident Report: API readiness\n\n- **Date**: 1 Mar 2026 (PST) / 2 Mar 2026 (UTC)\n\n"
        "## Timeline (PST)\n\n| Time | Event |\n| --- | --- |\n"
        "| 22:36:51 | New pod starts failing readiness. |\n"
        "| 23:04+ | In-pod `/health` checks consistently time out. |\n"
        "| 00:06 (Mar 2) | Throttling lands; health endpoint recovers quickly, but CPU high. |\n"
    )
    f = parsed.fields
    assert f["incident_date"] == datetime(2026, 3, 2, tzinfo=UTC).date()
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2026, 3, 2, 6, 36, 51, tzinfo=UTC),
        datetime(2026, 3, 2, 7, 4, tzinfo=UTC),
        datetime(2026, 3, 2, 8, 6, tzinfo=UTC),
    ]
    assert f["time_of_recovery"] == datetime(2026, 3, 2, 8, 6, tzinfo=UTC)


def test_someone_recovering_a_part_is_no_recovery():
    f = _rows(
        "| 15:00 | The file server fails; the site is down. |\n",
        "| 15:15 | Stefan recovers the ZFS pool. |\n",
        "| 18:21 | The site is back online. |\n",
    )
    assert f["time_of_recovery"] == datetime(2026, 6, 27, 18, 21, tzinfo=UTC)


def test_a_span_of_zoned_clocks_starts_at_its_first():
    # "2026-04-12 21:25Z-21:28Z": 21:25 UTC, not 21:25 at an offset of -21:28.
    parsed = _md(
        "# Incident Report: power outage\n\n- **Date**: 2026-04-12\n\n## Timeline\n\n"
        "| Time (UTC) | Event |\n| --- | --- |\n"
        "| 2026-04-12 21:08Z | The router came back after the power cut. |\n"
        "| 2026-04-12 21:25Z-21:28Z | Control-plane nodes booted. |\n"
        "| 2026-04-12 ~22:05Z | Quorum returned; all nodes Ready. |\n"
    )
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2026, 4, 12, 21, 8, tzinfo=UTC),
        datetime(2026, 4, 12, 21, 25, tzinfo=UTC),
        datetime(2026, 4, 12, 22, 5, tzinfo=UTC),
    ]


def test_a_live_diagnosis_is_the_detection_and_health_seen_again_is_not():
    # "Live diagnosis confirmed … remained stale" is the team's own look (15:28); "Fresh rows
    # observed again" after the fix (15:35) is health seen again, no detection.
    f = _rows(
        "| 07:07 | The analysis job reached terminal FAILED state. |\n",
        "| 15:28 | Live diagnosis confirmed ingest was running while outputs remained stale. |\n",
        "| 15:33 | Job reached RUNNING; processing resumed. |\n",
        "| 15:35 | Fresh signal rows observed again in the database. |\n",
    )
    assert f["time_of_internal_detect"] == datetime(2026, 6, 27, 15, 28, tzinfo=UTC)


def test_a_detected_by_field_naming_the_alert_on_what_the_first_row_shows():
    # "Detected by: CLI failures + Kubernetes readiness alerts" over a first row "New pod
    # starts failing readiness": the alert at the start (TTD 0); one naming what no row
    # shows gives no time.
    def detected(by: str) -> datetime | None:
        return _md(
            f"# Incident: API readiness\n\n- **Date**: 2026-03-02\n- **Detected by**: {by}\n\n"
            "## Timeline (UTC)\n\n| Time | Event |\n| --- | --- |\n"
            "| 06:36 | New pod starts failing readiness: connection refused. |\n"
            "| 08:06 | Throttling lands; the health endpoint recovers. |\n"
        ).fields["time_of_internal_detect"]

    assert detected("CLI failures + Kubernetes readiness alerts") == datetime(
        2026, 3, 2, 6, 36, tzinfo=UTC
    )
    assert detected("disk usage alerts") is None


def test_a_timeline_opening_on_a_period_named_in_words():
    # "## Timeline" / "### Over spring break week" / "### 2017-04-03 11:32": the run-up is
    # part of the timeline, whose timed sub-headings are its rows; "Students report …" is the
    # users' report, and "everything is back online!" the end.
    parsed = _md(
        "# Autoscaler does not scale up\n\n## Timeline\n\n### Over spring break week\n\n"
        "The cluster is scaled down to 7 machines.\n\n### 2017-04-03 11:32\n\n"
        "Students report the hub isn't working, and lots of pods are pending.\n\n### 11:35\n\n"
        "The cluster is manually scaled up to 30 nodes.\n\n### 11:46\n\n"
        "The image pull is complete, and everything is back online!\n\n## Conclusion\n\n"
        "More headroom is needed.\n"
    )
    f = parsed.fields
    assert [e["occurred_at"] for e in parsed.timeline if e["occurred_at"]] == [
        datetime(2017, 4, 3, 11, 32, tzinfo=UTC),
        datetime(2017, 4, 3, 11, 35, tzinfo=UTC),
        datetime(2017, 4, 3, 11, 46, tzinfo=UTC),
    ]
    assert f["time_of_customer_detect"] == datetime(2017, 4, 3, 11, 32, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2017, 4, 3, 11, 46, tzinfo=UTC)


def test_a_post_s_incident_section_states_both_lengths():
    # "### The Incident" / "Our systems were negatively affected for around **7 hours** and the
    # incident was noticed at the 6 hour mark": stated lengths 420 and 360 minutes.
    f = _md(
        "# Sidekiq incident learnings\n\n### The Incident\n\nA batch job flooded the default "
        "queue.\n\n**Detection:** An internal user noticed the queue build-up. Our systems were "
        "negatively affected for around **7 hours** and the incident was noticed at the 6 hour "
        "mark.\n\n### What we learned\n\nQueues need owners.\n"
    ).fields
    assert f["stated_minutes_to_recover"] == 420
    assert f["stated_minutes_to_detect"] == 360
