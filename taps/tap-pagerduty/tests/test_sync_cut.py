"""One sync is one cut: no log entry of an incident the sync did not read.

Incidents are read before log entries. An incident created while the incidents stream runs
(after it chose where to stop) has log entries created after it, which the log-entries
stream, starting later, may reach: unless every windowed stream stops at the same time, the
sync loads log entries whose incident it lacks (the warehouse's log entry -> incident
relationship test fails until the next sync).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pagerduty_harness import run_tap, served, tap_config
from reliability_sandbox import OrgConfig, Sandbox
from tap_pagerduty.cut import SyncCut

#: Longer than the end's one-second rounding and the gap between a stream choosing its end
#: and its first request: the incidents created below come after the sync's first stream
#: started.
PAUSE = 3


@pytest.fixture
def live_sandbox():
    """A world whose clock is the real one (the tap's end is the real clock)."""
    with Sandbox(OrgConfig.preset("test", anchor=datetime.now(UTC))) as sb:
        yield sb


def _on_first_request(sandbox: Sandbox, actions: dict[str, Any]) -> None:
    """Run `actions[path]()` just before the sandbox answers the first request to `path`."""
    vendor = sandbox.app.by_name["pagerduty"]
    handle = vendor.handle

    def hooked(request: Any) -> Any:
        action = actions.pop(request.path, None)
        if action is not None:
            action()
        return handle(request)

    vendor.handle = hooked


def test_a_sync_is_one_cut_across_incidents_log_entries_and_analytics(live_sandbox):
    sandbox = live_sandbox
    org = sandbox.app.org
    marks: dict[str, datetime] = {}

    def sync_started() -> None:
        # The first windowed stream's first request (the SDK syncs streams by name:
        # incident_analytics, incidents, log_entries). The world catches up with the real
        # clock, then time passes while the sync reads.
        sandbox.app.advance()
        marks["started"] = org.now
        time.sleep(PAUSE)

    def log_entries_started() -> None:
        # Incidents (with their log entries) created while the incidents were read, after
        # the sync began: up to a second before now, so before any end the log-entries
        # stream could take for itself when it started.
        sandbox.app.advance(datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1))

    _on_first_request(
        sandbox,
        {"/analytics/raw/incidents": sync_started, "/log_entries": log_entries_started},
    )
    run = run_tap(
        tap_config(sandbox, start_date=(datetime.now(UTC) - timedelta(days=120)).isoformat()),
        streams=["incidents", "log_entries", "incident_analytics"],
    )
    assert run.returncode == 0, run.stderr[-3000:]

    # The scenario happened: the world holds incidents created after the sync started,
    # which the incidents stream did not read.
    since = marks["started"] + timedelta(seconds=1)
    until = datetime.now(UTC) + timedelta(days=1)
    late = {
        i["id"]
        for i in served(
            sandbox, "/incidents", "incidents", since=since.isoformat(), until=until.isoformat()
        )
    }
    assert late, "the second advance must create incidents"
    incidents = set(run.ids("incidents"))
    assert incidents, "the sync must read incidents"
    assert not late & incidents

    # The consistency rule: every log entry belongs to an incident the sync read, and the
    # analytics rows are those of the same incidents (one creation range for all).
    orphans = {r["id"] for r in run.records["log_entries"] if r["incident"]["id"] not in incidents}
    assert not orphans, f"{len(orphans)} log entries of incidents the sync did not read"
    assert set(run.ids("incident_analytics")) == incidents


def test_the_cut_is_taken_once_whatever_the_clock_does():
    readings = iter(
        [
            datetime(2026, 6, 1, 12, 0, 0, 400_000, tzinfo=UTC),
            datetime(2026, 6, 1, 12, 5, 0, tzinfo=UTC),
        ]
    )
    cut = SyncCut(clock=lambda: next(readings))
    first = cut.end()
    # The clock has moved five minutes by the second stream: the end has not.
    assert cut.end() == first == datetime(2026, 6, 1, 12, 0, 1, tzinfo=UTC)
