"""Incremental syncs: the second run reads only what changed and misses no change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from datadog_harness import run_tap, tap_config

#: Datadog accepts an event whose `date_happened` is up to 18 hours old (EventAttributes in
#: its API documents: "Limited to events no older than 18 hours").
LATE_LIMIT = timedelta(hours=18)

INCREMENTAL = [
    "monitor_events",
    "incidents",
    "incident_todos",
    "slo_corrections",
    "slo_history",
    "synthetics_results",
]


def test_second_run_reads_only_changes(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    config = tap_config(sandbox)
    first = run_tap(config, streams=INCREMENTAL)
    assert first.returncode == 0, first.stderr[-3000:]
    open_before = {r["id"] for r in first.records["incidents"] if r["state"] != "resolved"}
    assert open_before

    sandbox.advance()
    truth = sandbox.vendor("datadog").truth()
    second = run_tap(config, state=first.state, streams=INCREMENTAL)
    assert second.returncode == 0, second.stderr[-3000:]

    # Incidents: every changed or open one, the new ones, and nothing else.
    first_modified = {r["id"]: r["modified"] for r in first.records["incidents"]}
    served = {i["id"]: i["attributes"] for i in truth["incidents"]}
    changed = {i for i, a in served.items() if first_modified.get(i) != a["modified"]}
    still_open = {i for i, a in served.items() if a["state"] != "resolved"}
    got = {r["id"]: r for r in second.records["incidents"]}
    assert changed - set(first_modified), "advance() must create incidents"
    assert open_before & changed, "advance() must change open incidents"
    bookmark = first.state["bookmarks"]["incidents"]["replication_key_value"]
    assert set(got) == changed | still_open | {
        i for i, a in served.items() if a["modified"] >= bookmark
    }
    assert len(got) < len(served)
    for incident_id in open_before:
        assert got[incident_id]["state"] == served[incident_id]["state"]
        assert got[incident_id]["resolved"] == served[incident_id]["resolved"]

    # Monitor events are append-only: the new ones come, and of those read before only
    # the ones of the last 18 hours before the bookmark (Datadog's limit for late events).
    first_events = set(first.ids("monitor_events"))
    all_events = {e["id"] for e in truth["monitor_events"]}
    second_events = set(second.ids("monitor_events"))
    assert all_events - first_events, "advance() must add transitions"
    assert all_events - first_events <= second_events
    events_bookmark = _ts(first.state["bookmarks"]["monitor_events"]["replication_key_value"])
    assert second_events & first_events == {
        e["id"]
        for e in truth["monitor_events"]
        if e["id"] in first_events
        and _ts(e["attributes"]["timestamp"]) >= events_bookmark - LATE_LIMIT
    }

    # SLO history grows: the bookmarked day and the lookback's two before it again (late
    # data), and the new days; an SLO a correction made since changed is read from the
    # correction's first day (tests/test_slo_corrections.py).
    first_days = {(r["slo_id"], r["date"]) for r in first.records["slo_history"]}
    second_days = {(r["slo_id"], r["date"]) for r in second.records["slo_history"]}
    resume_day = date.fromisoformat(
        first.state["bookmarks"]["slo_history"]["replication_key_value"]
    )
    known = {c["id"] for c in first.records["slo_corrections"]}
    corrected = {
        c["attributes"]["slo_id"] for c in truth["slo_corrections"] if c["id"] not in known
    }
    assert corrected, "advance() must make a correction"
    for slo in {s for s, _ in second_days} - corrected:
        since = min(d for s, d in second_days if s == slo)
        assert since == (resume_day - timedelta(days=2)).isoformat(), slo
    assert second_days - first_days, "new days appear"

    # Synthetic results: only the new ones (plus the boundary result).
    first_results = set(first.ids("synthetics_results", "result_id"))
    new_results = {
        r["result_id"] for rs in truth["synthetics_results"].values() for r in rs
    } - first_results
    second_results = set(second.ids("synthetics_results", "result_id"))
    assert new_results <= second_results
    assert len(second_results & first_results) <= 1


def test_interrupted_run_keeps_its_bookmark_and_loses_no_key(fresh_dd_sandbox):
    # monitor_events does not rely on the API's order (issue 12): an interrupted run keeps
    # the bookmark it started from, and the next run reads from there again.
    sandbox = fresh_dd_sandbox
    config = tap_config(sandbox, page_size=5, max_retries=0)
    events = sandbox.vendor("datadog").truth()["monitor_events"]
    start = events[len(events) // 3]["attributes"]["timestamp"]
    state = {
        "bookmarks": {
            "monitor_events": {"replication_key": "timestamp", "replication_key_value": start}
        }
    }
    sandbox.set_faults(
        {"rules": [{"kind": "500", "path": "/datadog/api/v2/events", "after": 4, "times": 1000}]}
    )
    broken = run_tap(config, state=state, streams=["monitor_events"])
    assert broken.returncode != 0
    # It failed mid-stream: four pages were read first (their records may stay in the
    # writer's buffer, which only a STATE message flushes: no bookmark covers them).
    rule = sandbox.faults()["rules"][0]
    assert rule["seen"] > rule["after"]
    assert rule["fired"] >= 1
    assert broken.state["bookmarks"]["monitor_events"]["replication_key_value"] == start

    sandbox.set_faults({"rules": []})
    resumed = run_tap(config, state=broken.state, streams=["monitor_events"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    # From the bookmark, less the 18 hours in which Datadog may still add events.
    since = _ts(start) - LATE_LIMIT
    assert min(_ts(r["timestamp"]) for r in resumed.records["monitor_events"]) >= since
    expected = {e["id"] for e in events if _ts(e["attributes"]["timestamp"]) >= since}
    assert set(resumed.ids("monitor_events")) == expected
    bookmark = resumed.state["bookmarks"]["monitor_events"]["replication_key_value"]
    assert bookmark == max(e["attributes"]["timestamp"] for e in events)


def test_interrupted_unsorted_stream_keeps_its_previous_bookmark(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    config = tap_config(sandbox, max_retries=0, max_concurrency=1)
    sandbox.set_faults(
        {"rules": [{"kind": "500", "path": "/datadog/api/v1/slo/", "after": 5, "times": 1000}]}
    )
    broken = run_tap(config, streams=["slo_history"])
    assert broken.returncode != 0
    # No bookmark was written for the half-read stream: the next run reads it all.
    assert "replication_key_value" not in broken.state.get("bookmarks", {}).get("slo_history", {})
    sandbox.set_faults({"rules": []})
    resumed = run_tap(config, state=broken.state, streams=["slo_history"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert {r["slo_id"] for r in resumed.records["slo_history"]} == {
        o.id for o in sandbox.vendor("datadog").api.slo_defs
    }


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_an_event_searchable_late_is_read_by_the_next_sync(fresh_dd_sandbox):
    # Issue 15 (the fault matrix's lost monitor_events): an event can become searchable
    # after a sync has read later ones. The sandbox's world does that on these epochs: a
    # monitor's Recovered event, stamped when the impact ended, is served only once its
    # incident is resolved, an epoch later (and the events after it get new ids).
    sandbox = fresh_dd_sandbox
    clock = datetime(2026, 12, 4, 13, 40, tzinfo=UTC)
    sandbox.advance(clock)
    for _ in range(11):
        clock += timedelta(seconds=110)
        sandbox.advance(clock)
    config = tap_config(sandbox)
    first = run_tap(config, streams=["monitor_events"])
    assert first.returncode == 0, first.stderr[-3000:]
    bookmark = _ts(first.state["bookmarks"]["monitor_events"]["replication_key_value"])

    sandbox.advance(clock + timedelta(seconds=110))
    served = {
        e["id"]: _ts(e["attributes"]["timestamp"])
        for e in sandbox.vendor("datadog").truth()["monitor_events"]
    }
    late = {
        i for i, at in served.items() if i not in set(first.ids("monitor_events")) and at < bookmark
    }
    assert late, "the world must serve an event older than the bookmark that was not there before"
    assert all(bookmark - served[i] <= LATE_LIMIT for i in late)

    second = run_tap(config, state=first.state, streams=["monitor_events"])
    assert second.returncode == 0, second.stderr[-3000:]
    assert late <= set(second.ids("monitor_events"))
    assert set(served) <= set(first.ids("monitor_events")) | set(second.ids("monitor_events"))
