"""SLO status corrections: the history the tap already read follows them (issue 15).

Datadog applies a status correction to past days of an SLO's history (for metric SLOs "all
good and bad events in the correction window are not counted"; the history endpoint's
`apply_correction` defaults to true), so a correction made today changes days an
incremental sync would never read again. The sandbox makes one correction per epoch over
hours 3 to 6 days before it. Expected values here are read from the sandbox's history
endpoint with a plain HTTP client (good/total per day as served), never from the tap.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from datadog_harness import ANCHOR, get, run_tap, tap_config
from tap_datadog.streams import ANY_SLO, correction_changes

DAY = 86400
#: The first sync's clock, then a correction made an hour later: its days lie before the
#: bookmark and before the lookback (the sandbox places it 3 to 6 days back).
FIRST = ANCHOR + timedelta(days=9, hours=6)
LATER = FIRST + timedelta(hours=1)
STREAMS = ["slo_history"]


def _day(ts: float) -> date:
    return datetime.fromtimestamp(ts, UTC).date()


def _served(sandbox: Any, slo_id: str, first: date, last: date) -> dict[str, tuple[float, float]]:
    """Good and total per day of a metric SLO, as the history endpoint serves them now."""
    lo = int(datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp())
    hi = int(datetime(last.year, last.month, last.day, tzinfo=UTC).timestamp()) + DAY
    series = get(sandbox, f"/api/v1/slo/{slo_id}/history", from_ts=lo, to_ts=hi)["data"]["series"]
    return {
        _day(ms / 1000).isoformat(): (g, n)
        for ms, g, n in zip(
            series["times"],
            series["numerator"]["values"],
            series["denominator"]["values"],
            strict=True,
        )
    }


def _corrections(sandbox: Any) -> dict[str, dict[str, Any]]:
    body = get(sandbox, "/api/v1/slo/correction", limit=1000)
    return {c["id"]: c["attributes"] for c in body["data"]}


def _first_sync_then_a_correction(sandbox: Any) -> tuple[Any, dict[str, Any], date]:
    """One sync at FIRST; then the world moves an hour and makes one correction.

    Returns the first run, the new correction's attributes and the bookmarked day.
    """
    sandbox.advance(FIRST)
    first = run_tap(tap_config(sandbox), streams=STREAMS)
    assert first.returncode == 0, first.stderr[-3000:]
    before = _corrections(sandbox)
    sandbox.advance(LATER)
    new = [c for cid, c in _corrections(sandbox).items() if cid not in before]
    assert len(new) == 1, "the sandbox makes one correction per epoch"
    bookmark = date.fromisoformat(first.state["bookmarks"]["slo_history"]["replication_key_value"])
    assert bookmark == FIRST.date()
    # Before the bookmark, and before the two days of lookback.
    assert _day(new[0]["end"] - 1) < bookmark - timedelta(days=2)
    return first, new[0], bookmark


def test_a_correction_made_after_a_sync_re_emits_exactly_the_days_it_changed(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    first, correction, bookmark = _first_sync_then_a_correction(sandbox)
    slo = correction["slo_id"]
    touched = {_day(correction["start"]), _day(correction["end"] - 1)}
    old = {r["date"]: r for r in first.records["slo_history"] if r["slo_id"] == slo}
    served = _served(sandbox, slo, min(touched), max(touched))
    for day in touched:  # the correction did change what Datadog serves for those days
        assert (old[day.isoformat()]["good_events"], old[day.isoformat()]["total_events"]) != (
            served[day.isoformat()]
        )

    second = run_tap(tap_config(sandbox), state=first.state, streams=STREAMS)
    assert second.returncode == 0, second.stderr[-3000:]
    tail = (bookmark - timedelta(days=2)).isoformat()
    rows = [r for r in second.records["slo_history"] if r["slo_id"] == slo]
    reread = {r["date"]: r for r in rows if r["date"] < tail}
    assert set(reread) == {d.isoformat() for d in touched}
    for day, row in reread.items():
        good, total = served[day]
        assert (row["good_events"], row["total_events"]) == (good, total)
        assert row["sli_value"] == pytest.approx(100.0 * good / total)
        target = row["target"]
        assert row["error_budget_remaining"] == pytest.approx(
            (100.0 * good / total - target) / (100.0 - target) * 100.0
        )
    # The next sync knows the history includes it: its days are not read again (only
    # those of the correction the world makes next, if any lies before the lookback).
    before = _corrections(sandbox)
    sandbox.advance(LATER + timedelta(days=1))
    newer = [c for cid, c in _corrections(sandbox).items() if cid not in before]
    third = run_tap(tap_config(sandbox), state=second.state, streams=STREAMS)
    assert third.returncode == 0, third.stderr[-3000:]
    resume = date.fromisoformat(second.state["bookmarks"]["slo_history"]["replication_key_value"])
    tail = (resume - timedelta(days=2)).isoformat()
    early = {(r["slo_id"], r["date"]) for r in third.records["slo_history"] if r["date"] < tail}
    assert early == {
        (c["slo_id"], day.isoformat())
        for c in newer
        for day in {_day(c["start"]), _day(c["end"] - 1)}
        if day.isoformat() < tail
    }


def test_an_slo_without_a_new_correction_is_read_from_the_lookback_only(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    first, correction, bookmark = _first_sync_then_a_correction(sandbox)
    slos = {r["slo_id"] for r in first.records["slo_history"]}
    sandbox.reset_stats()
    second = run_tap(tap_config(sandbox), state=first.state, streams=STREAMS)
    assert second.returncode == 0, second.stderr[-3000:]
    tail = (bookmark - timedelta(days=2)).isoformat()
    for slo in slos - {correction["slo_id"]}:
        days = [r["date"] for r in second.records["slo_history"] if r["slo_id"] == slo]
        assert min(days) == tail, slo
    by_path = sandbox.stats()["by_path"]
    history = {p: n for p, n in by_path.items() if p.endswith("/history")}
    # As many history requests per SLO as its range from the lookback to now takes (one
    # per 90 days: this machine's clock is months past the sandbox's); the corrected SLO
    # one more, for its corrected days.
    corrected = f"/datadog/api/v1/slo/{correction['slo_id']}/history"
    extra = history.pop(corrected)
    (per_slo,) = set(history.values())
    assert extra == per_slo + 1
    assert len(history) == len(slos) - 1
    # One listing of the corrections and one of the SLOs: each a page of up to 1,000 and
    # the empty page after it (like every listing of the tap, a first short page is
    # followed up, since a server may cap page sizes).
    assert by_path["/datadog/api/v1/slo/correction"] == 2
    assert by_path["/datadog/api/v1/slo"] == 2


def test_an_interrupted_sync_does_not_skip_the_correction(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    first, correction, _bookmark = _first_sync_then_a_correction(sandbox)
    slo = correction["slo_id"]
    touched = {_day(correction["start"]).isoformat(), _day(correction["end"] - 1).isoformat()}
    config = tap_config(sandbox, max_retries=0, max_concurrency=1)
    # The listing of corrections, then a few histories, then every request fails.
    sandbox.set_faults(
        {"rules": [{"kind": "500", "path": "/datadog/api/v1/slo/", "after": 4, "times": 1000}]}
    )
    broken = run_tap(config, state=first.state, streams=STREAMS)
    assert broken.returncode != 0
    # Neither the bookmark nor the corrections the history includes moved.
    assert broken.state["bookmarks"]["slo_history"] == first.state["bookmarks"]["slo_history"]

    sandbox.set_faults({"rules": []})
    rerun = run_tap(config, state=broken.state, streams=STREAMS)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    served = _served(
        sandbox, slo, min(map(date.fromisoformat, touched)), max(map(date.fromisoformat, touched))
    )
    got = {r["date"]: r for r in rerun.records["slo_history"] if r["slo_id"] == slo}
    for day in touched:
        assert (got[day]["good_events"], got[day]["total_events"]) == served[day]


def test_slo_corrections_stream_lists_every_correction_flat(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    sandbox.advance(FIRST)
    run = run_tap(tap_config(sandbox, page_size=2), streams=["slo_corrections"])
    assert run.returncode == 0, run.stderr[-3000:]
    served = _corrections(sandbox)
    records = {r["id"]: r for r in run.records["slo_corrections"]}
    assert set(records) == set(served)
    for cid, attributes in served.items():
        assert records[cid]["type"] == "correction"
        for key in ("slo_id", "start", "end", "category", "created_at", "modified_at"):
            assert records[cid][key] == attributes[key]
        assert "creator" not in records[cid]


# --- which days a changed correction touches (no sandbox) -------------------------------

WINDOW = date(2026, 5, 1)


def _c(cid: str, slo: str | None, start: str, end: str | None = None, **more: Any) -> dict:
    ts = int(datetime.fromisoformat(start).timestamp())
    out = {"id": cid, "slo_id": slo, "slo_query": None, "start": ts, "rrule": None}
    out["end"] = int(datetime.fromisoformat(end).timestamp()) if end else None
    return {**out, "duration": None, **more}


def test_new_edited_and_deleted_corrections_give_their_days():
    one = _c("1", "a", "2026-05-10T22:00:00+00:00", "2026-05-11T02:00:00+00:00")
    two = _c("2", "b", "2026-05-20T10:00:00+00:00", "2026-05-20T11:00:00+00:00")
    changed, kept = correction_changes([one, two], None, WINDOW)
    # Unknown history (a state from before corrections were tracked): all are new.
    assert changed == {
        "a": [(date(2026, 5, 10), date(2026, 5, 11))],
        "b": [(date(2026, 5, 20), date(2026, 5, 20))],
    }
    assert correction_changes([one, two], kept, WINDOW) == ({}, kept)

    moved = _c("2", "b", "2026-05-25T10:00:00+00:00", "2026-05-25T11:00:00+00:00")
    changed, _ = correction_changes([moved], kept, WINDOW)
    # Edited: its old and new days; deleted (`1`): the days it excluded count again.
    assert changed == {
        "b": [(date(2026, 5, 25), date(2026, 5, 25)), (date(2026, 5, 20), date(2026, 5, 20))],
        "a": [(date(2026, 5, 10), date(2026, 5, 11))],
    }


def test_query_recurring_and_old_corrections():
    by_query = _c("q", None, "2026-05-12T00:00:00+00:00", "2026-05-12T06:00:00+00:00")
    by_query["slo_query"] = "service:checkout"
    weekly = _c(
        "w", "a", "2026-05-03T01:00:00+00:00", rrule="FREQ=WEEKLY;UNTIL=20260524", duration=3600
    )
    forever = _c("f", "b", "2026-05-04T01:00:00+00:00", rrule="FREQ=DAILY", duration=600)
    old = _c("o", "c", "2026-04-01T00:00:00+00:00", "2026-04-02T00:00:00+00:00")
    changed, kept = correction_changes([by_query, weekly, forever, old], None, WINDOW)
    assert changed == {
        ANY_SLO: [(date(2026, 5, 12), date(2026, 5, 12))],
        "a": [(date(2026, 5, 3), date(2026, 5, 25))],
        "b": [(date(2026, 5, 4), None)],
    }
    assert "o" not in kept  # ends before the window: neither kept nor re-read


def test_a_sync_that_leaves_the_state_unchanged_still_emits_its_rows(fresh_dd_sandbox):
    sandbox = fresh_dd_sandbox
    sandbox.advance(FIRST)
    first = run_tap(tap_config(sandbox), streams=STREAMS)
    assert first.returncode == 0, first.stderr[-3000:]
    again = run_tap(tap_config(sandbox), state=first.state, streams=STREAMS)
    assert again.returncode == 0, again.stderr[-3000:]
    # Same day, nothing changed: the lookback's days are read and emitted again.
    assert again.records.get("slo_history")
