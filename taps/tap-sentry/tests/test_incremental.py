"""Incremental syncs: the second run reads only what changed and records regressions."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sentry_harness import ANCHOR, all_issues, run_tap, tap_config

ISSUE_STREAMS = ["issues", "issue_events", "issue_activity"]


def test_second_run_reads_only_changes_and_records_a_regression(fresh_sentry):
    config = tap_config(fresh_sentry)
    first = run_tap(config, streams=ISSUE_STREAMS)
    assert first.returncode == 0, first.stderr[-3000:]
    before = {r["id"]: r for r in first.records["issues"]}
    first_events = set(first.ids("issue_events"))

    fresh_sentry.advance(ANCHOR + timedelta(days=20))
    now = {i["id"]: i for i in all_issues(fresh_sentry)}
    regressed = {i for i, r in now.items() if r["substatus"] == "regressed"} & {
        i for i, r in before.items() if r["status"] == "resolved"
    }
    assert regressed, "advance() must regress resolved issues"
    new_issues = set(now) - set(before)
    assert new_issues, "advance() must create issues"
    bookmark = first.state["bookmarks"]["issues"]["partitions"][0]["replication_key_value"]
    changed = {i for i, r in now.items() if r["lastSeen"] > bookmark}

    second = run_tap(config, state=first.state, streams=ISSUE_STREAMS)
    assert second.returncode == 0, second.stderr[-3000:]
    got = {r["id"]: r for r in second.records["issues"]}
    # Every issue with new events arrives, regressions with their new status...
    assert changed <= set(got)
    for issue_id in regressed:
        assert got[issue_id]["status"] == "unresolved"
        assert got[issue_id]["substatus"] == "regressed"
    kinds = {(a["issue_id"], a["type"]) for a in second.records["issue_activity"]}
    assert {(i, "set_regression") for i in regressed} <= kinds
    # ...open issues seen recently are read again (resolutions do not move lastSeen)...
    resolved_since = {
        i
        for i, r in before.items()
        if r["status"] != "resolved" and now[i]["status"] == "resolved" and i in got
    }
    for issue_id in resolved_since:
        assert got[issue_id]["status"] == "resolved"
    # ...and nothing else: exactly the issues last seen since the re-read start.
    part = first.state["bookmarks"]["issues"]["partitions"][0]
    mark = datetime.fromisoformat(bookmark)
    reread = max(datetime.fromisoformat(part["open_since"]), mark - timedelta(days=14))
    start = min(mark - timedelta(minutes=10), reread)
    expected = {i for i, r in now.items() if _ts(r["lastSeen"]) >= start}
    assert set(got) == expected
    assert len(got) < len(now)
    # Events are append-only: the new ones arrive, old ones only in the lookback overlap.
    second_events = set(second.ids("issue_events"))
    assert second_events - first_events
    overlap = second_events & first_events
    assert len(overlap) < 0.05 * len(first_events)


def test_interrupted_run_resumes_without_losing_a_key(fresh_sentry):
    config = tap_config(fresh_sentry, issue_window_days=7, max_retries=0, max_concurrency=1)
    # The server starts failing in the middle of the issue windows.
    fresh_sentry.set_faults(
        {
            "rules": [
                {
                    "kind": "500",
                    "path": "/sentry/api/0/organizations/acme/issues/",
                    "after": 60,
                    "times": 10_000,
                }
            ]
        }
    )
    broken = run_tap(config, streams=ISSUE_STREAMS)
    assert broken.returncode != 0
    assert broken.records.get("issues"), "the run must have emitted records before failing"
    partial = broken.state["bookmarks"]["issues"]["partitions"][0]["replication_key_value"]
    assert partial

    fresh_sentry.set_faults({"rules": []})
    resumed = run_tap(config, state=broken.state, streams=ISSUE_STREAMS)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    truth = fresh_sentry.vendor("sentry").truth()
    for stream, expected in (
        ("issues", {i["id"] for i in truth["issues"]}),
        (
            "issue_events",
            {e["id"] for events in truth["issue_events"].values() for e in events},
        ),
        (
            "issue_activity",
            {a["id"] for acts in truth["issue_activity"].values() for a in acts},
        ),
    ):
        got = set(broken.ids(stream)) | set(resumed.ids(stream))
        assert got == expected, stream
    # The resumed run did not start over.
    assert len(resumed.records["issues"]) < len(truth["issues"])


def test_sweep_catches_long_idle_issues_resolved_without_an_event(fresh_sentry):
    config = tap_config(fresh_sentry)
    first = run_tap(config, streams=["issues"])
    assert first.returncode == 0, first.stderr[-3000:]
    part = first.state["bookmarks"]["issues"]["partitions"][0]
    assert part["last_sweep"], "a first sync reads everything: it counts as a sweep"
    before = {r["id"]: r for r in first.records["issues"]}
    mark = _ts(part["replication_key_value"])

    later = ANCHOR + timedelta(days=45)
    fresh_sentry.advance(later)
    now = {i["id"]: i for i in all_issues(fresh_sentry)}
    # Backlog triage: open issues idle since before the bounded re-read, resolved since,
    # with no new event (lastSeen unchanged) and still kept by Sentry (within retention).
    triaged = {
        i
        for i, r in before.items()
        if r["status"] != "resolved"
        and now[i]["status"] == "resolved"
        and now[i]["lastSeen"] == r["lastSeen"]
        and later - timedelta(days=90) <= _ts(r["lastSeen"]) < mark - timedelta(days=14)
    }
    assert triaged, "the sandbox must resolve long-idle issues without an event"

    # Within the sweep interval the bounded re-read does not reach them (documented).
    second = run_tap(config, state=first.state, streams=["issues"])
    assert second.returncode == 0, second.stderr[-3000:]
    assert not triaged & set(second.ids("issues"))
    assert second.state["bookmarks"]["issues"]["partitions"][0]["last_sweep"] == part["last_sweep"]

    # A due sweep (interval 0 = every sync) reads every issue Sentry keeps again. Its
    # `last_sweep` is the sync's start to the second, and these in-process runs can all fall
    # in one second: wait for the next one, or the new sweep's time equals the first's.
    while datetime.now(UTC).replace(microsecond=0) <= _ts(part["last_sweep"]):
        time.sleep(0.05)
    swept = run_tap(
        {**config, "issue_sweep_interval_hours": 0}, state=second.state, streams=["issues"]
    )
    assert swept.returncode == 0, swept.stderr[-3000:]
    got = {r["id"]: r for r in swept.records["issues"]}
    assert triaged <= set(got)
    assert all(got[i]["status"] == "resolved" for i in triaged)
    kept = {i for i, r in now.items() if _ts(r["lastSeen"]) >= later - timedelta(days=90)}
    assert set(got) == kept
    new_part = swept.state["bookmarks"]["issues"]["partitions"][0]
    assert new_part["last_sweep"] > part["last_sweep"]


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)
