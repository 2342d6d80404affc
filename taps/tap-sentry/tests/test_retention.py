"""Sentry's event retention, counted from the server's clock (its `Date` header)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reliability_tap_runtime.http import SharedHTTP
from sentry_harness import ANCHOR, run_tap, tap_config

EVENT_STREAMS = ["issues", "issue_events"]


def _events_requested(sandbox) -> set[str]:
    return {
        path.split("/issues/")[1].split("/")[0]
        for path in sandbox.stats()["by_path"]
        if path.endswith("/events/")
    }


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_issues_last_seen_before_retention_are_not_asked_for_events(fresh_sentry):
    # A month on, the oldest issues are past retention. The tap's clock (today) is far
    # from the sandbox's: only the `Date` header tells where the floor is.
    now = ANCHOR + timedelta(days=30)
    fresh_sentry.advance(now)
    floor = now - timedelta(days=90)
    config = tap_config(fresh_sentry, start_date=(ANCHOR - timedelta(days=400)).isoformat())
    fresh_sentry.reset_stats()
    run = run_tap(config, streams=EVENT_STREAMS)
    assert run.returncode == 0, run.stderr[-3000:]
    issues = {r["id"]: r for r in run.records["issues"]}
    stale = {i for i, r in issues.items() if _ts(r["lastSeen"]) < floor}
    recent = set(issues) - stale
    assert stale, "the test organisation must hold issues older than the retention"
    assert recent
    asked = _events_requested(fresh_sentry)
    # No request for an issue last seen before the floor, one for every issue inside it...
    assert not asked & stale
    assert asked == recent
    # ...and nothing lost: every event the server still serves arrives, once.
    truth = fresh_sentry.vendor("sentry").truth()["issue_events"]
    served = {e["id"] for events in truth.values() for e in events}
    assert set(run.ids("issue_events")) == served
    assert len(run.records["issue_events"]) == len(served)


def test_retention_zero_asks_for_every_issue(fresh_sentry):
    config = tap_config(
        fresh_sentry,
        start_date=(ANCHOR - timedelta(days=150)).isoformat(),
        event_retention_days=0,
    )
    fresh_sentry.reset_stats()
    run = run_tap(config, streams=EVENT_STREAMS)
    assert run.returncode == 0, run.stderr[-3000:]
    assert _events_requested(fresh_sentry) == set(run.ids("issues"))


def test_server_clock_comes_from_the_date_header_and_only_moves_on():
    http = SharedHTTP(requests_per_minute=None, concurrency=1)
    assert http.server_now is None
    http.observe_date("not a date")
    assert http.server_now is None
    http.observe_date("Mon, 01 Jun 2026 00:00:05 GMT")
    assert http.server_now == datetime(2026, 6, 1, 0, 0, 5, tzinfo=UTC)
    # A slower response of an earlier request does not move the clock back.
    http.observe_date("Mon, 01 Jun 2026 00:00:01 GMT")
    assert http.server_now == datetime(2026, 6, 1, 0, 0, 5, tzinfo=UTC)
    http.observe_date("Mon, 01 Jun 2026 00:01:00 GMT")
    assert http.server_now == datetime(2026, 6, 1, 0, 1, tzinfo=UTC)
