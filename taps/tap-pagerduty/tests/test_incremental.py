"""Incremental syncs: the second run reads only what changed and misses no change."""

from __future__ import annotations

import pytest
from pagerduty_harness import ANCHOR, run_tap, served_windowed, tap_config
from reliability_sandbox import OrgConfig, Sandbox

WINDOWED = ["incidents", "log_entries", "incident_analytics"]


def test_second_run_reads_only_changes_and_captures_resolutions(fresh_sandbox):
    config = tap_config(fresh_sandbox)
    first = run_tap(config, streams=WINDOWED)
    assert first.returncode == 0, first.stderr[-3000:]
    open_before = {r["id"] for r in first.records["incidents"] if r["status"] != "resolved"}
    assert open_before, "the test organisation must have open incidents"
    first_entries = set(first.ids("log_entries"))

    fresh_sandbox.advance()
    now_served = {i["id"]: i for i in served_windowed(fresh_sandbox, "/incidents", "incidents")}
    resolved_since = {i for i in open_before if now_served[i]["status"] == "resolved"}
    assert resolved_since, "advance() must resolve some open incidents"
    new_incidents = set(now_served) - set(first.ids("incidents"))
    assert new_incidents, "advance() must create incidents"

    second = run_tap(config, state=first.state, streams=WINDOWED)
    assert second.returncode == 0, second.stderr[-3000:]
    second_incidents = {r["id"]: r for r in second.records["incidents"]}
    # Every incident that was open is read again and carries its new status...
    assert open_before <= set(second_incidents)
    for incident_id in resolved_since:
        assert second_incidents[incident_id]["status"] == "resolved"
        assert second_incidents[incident_id]["resolved_at"] is not None
    # ...new incidents arrive...
    assert new_incidents <= set(second_incidents)
    # ...and incidents resolved before the oldest open one are not read again.
    oldest_open = min(r["created_at"] for r in first.records["incidents"] if r["id"] in open_before)
    for record in second.records["incidents"]:
        assert record["created_at"] >= oldest_open[:19]
    assert len(second.records["incidents"]) < len(first.records["incidents"])

    # Log entries are append-only: the second run brings the new ones, at most the
    # boundary entry again, and nothing that existed before otherwise.
    all_entries = {e["id"] for e in served_windowed(fresh_sandbox, "/log_entries", "log_entries")}
    second_entries = set(second.ids("log_entries"))
    assert all_entries - first_entries <= second_entries
    assert len(second_entries & first_entries) <= 1 + sum(
        1
        for r in first.records["log_entries"]
        if r["created_at"] == first.state["bookmarks"]["log_entries"]["replication_key_value"]
    )
    assert all_entries - first_entries, "advance() must add log entries"

    # Analytics of resolved incidents now carry the resolution.
    analytics = {r["id"]: r for r in second.records["incident_analytics"]}
    for incident_id in resolved_since:
        assert analytics[incident_id]["seconds_to_resolve"] is not None


@pytest.fixture
def long_sandbox():
    """A year of history: several 179-day windows, the unit the bookmark advances by."""
    with Sandbox(OrgConfig.preset("test", history_days=380, anchor=ANCHOR)) as sb:
        yield sb


def test_interrupted_run_resumes_without_losing_a_key(long_sandbox):
    fresh_sandbox = long_sandbox
    config = tap_config(fresh_sandbox, page_size=20, max_retries=0, max_concurrency=1)
    # The server starts failing in the middle of the log entries. Which request falls in the
    # middle depends on how the look-ahead windows interleave, so the fault point moves on
    # until a run has emitted records and then failed.
    for after in (10, 20, 30, 40):
        fresh_sandbox.set_faults(
            {
                "rules": [
                    {"kind": "500", "path": "/pagerduty/log_entries", "after": after, "times": 1000}
                ]
            }
        )
        broken = run_tap(config, streams=["log_entries"])
        if broken.returncode != 0 and broken.records.get("log_entries"):
            break
    assert broken.returncode != 0
    assert broken.records.get("log_entries"), "the run must have emitted records before failing"
    partial_state = broken.state
    bookmark = partial_state["bookmarks"]["log_entries"]["replication_key_value"]
    assert bookmark

    fresh_sandbox.set_faults({"rules": []})
    resumed = run_tap(config, state=partial_state, streams=["log_entries"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    # The resumed run starts at the bookmark, not from the beginning...
    assert min(r["created_at"] for r in resumed.records["log_entries"]) >= bookmark[:19]
    # ...and together the two runs hold every key the sandbox serves.
    expected = {e["id"] for e in served_windowed(fresh_sandbox, "/log_entries", "log_entries")}
    got = set(broken.ids("log_entries")) | set(resumed.ids("log_entries"))
    assert got == expected
