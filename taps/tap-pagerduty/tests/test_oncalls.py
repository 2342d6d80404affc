"""The `oncalls` stream (`GET /oncalls`): every shift once, against PagerDuty's contract.

The truth is the sandbox's: the on-calls its PagerDuty world serves for a range
(`PagerDutyAPI.oncall_entries`), which are the shifts incidents are paged to. The tap reads up
to its own clock, so the records are compared with the truth up to the clock before and after
the run (a shift handed over in between may be in either).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pagerduty_harness import ANCHOR, run_tap, tap_config
from pytest_reliability_sandbox import tap_runner
from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.faults import QUIRKS
from tap_pagerduty.oncalls import OPEN_SINCE, oncall_key

START = ANCHOR - timedelta(days=400)


def _truth(sandbox: Sandbox, since: datetime, until: datetime) -> dict[str, dict[str, Any]]:
    api = sandbox.vendor("pagerduty").api
    entries = [api.oncall(e) for e in api.oncall_entries(since, until)]
    return {oncall_key(e): e for e in entries}


def _sync(sandbox: Sandbox, **config: Any) -> tuple[Any, dict[str, dict[str, Any]], set[str]]:
    """Sync `oncalls`; return the run, the truth up to the clock after it, and keys that may
    be missing (shifts that began while the tap ran)."""
    before = datetime.now(UTC)
    run = run_tap(tap_config(sandbox, **config), streams=["oncalls"])
    after = datetime.now(UTC) + timedelta(seconds=1)
    since = datetime.fromisoformat(config.get("start_date", START.isoformat()))
    truth = _truth(sandbox, since, after)
    optional = set(truth) - set(_truth(sandbox, since, before))
    return run, truth, optional


def _check(run: Any, truth: dict[str, dict[str, Any]], optional: set[str]) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    records = run.records["oncalls"]
    keys = [r["oncall_key"] for r in records]
    assert len(keys) == len(set(keys)), "an on-call emitted twice"
    assert set(truth) - optional <= set(keys) <= set(truth)
    declared = set(run.schemas["oncalls"]["schema"]["properties"])
    for record in records:
        assert set(record) <= declared
        assert tap_runner.undeclared(record, run.schemas["oncalls"]["schema"], "oncalls") == set()
        served = truth[record["oncall_key"]]
        assert {k: v for k, v in record.items() if k != "oncall_key"} == served


@pytest.fixture(scope="module")
def quirky():
    """One sync against a contract-checking sandbox with every real-API rule on."""
    config = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(config, check_contracts=True, faults={"quirks": sorted(QUIRKS)}) as sandbox:
        run, truth, optional = _sync(sandbox, page_size=7)
        yield sandbox, run, truth, optional, sandbox.contract_report()


def test_records_equal_the_served_shifts(quirky):
    _, run, truth, optional, _ = quirky
    _check(run, truth, optional)
    records = run.records["oncalls"]
    # Scheduled turns and the permanent on-calls of the rules that target a user directly.
    assert {r["escalation_level"] for r in records} == {1, 2}
    assert any(r["start"] is None and r["schedule"] is None for r in records)
    assert sum(r["start"] is not None for r in records) > 50


def test_no_request_or_answer_breaks_the_contract(quirky):
    _, _, _, _, report = quirky
    assert report["violations"] == []
    assert report["exercised"]["pagerduty GET /oncalls 200"] > 10


def test_no_field_is_dropped(quirky):
    _, run, _, _, _ = quirky
    assert "not found in catalog schema" not in run.stderr


def test_pagination_is_read_to_the_last_page():
    """Short pages (3 rows whatever the limit) and rows repeated by the next page."""
    config = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(config, faults={"quirks": ["short_pages", "unsorted"]}) as sandbox:
        run, truth, optional = _sync(sandbox, page_size=5)
    _check(run, truth, optional)


def test_state_is_the_latest_start_and_the_shift_still_in_progress():
    """A world whose clock is now: one shift per policy is in progress at the end of the sync.

    The next sync starts at the oldest of them (not at the latest start), reads it again (its
    end may move) and nothing that ended before it.
    """
    now = datetime.now(UTC)
    config = OrgConfig.preset("test", anchor=now)
    with Sandbox(config) as sandbox:
        first, truth, optional = _sync(sandbox)
        _check(first, truth, optional)
        state = first.state["bookmarks"]["oncalls"]
        in_progress = [
            r
            for r in first.records["oncalls"]
            if r["start"] and datetime.fromisoformat(r["end"]) > datetime.now(UTC)
        ]
        assert in_progress
        oldest = min(datetime.fromisoformat(r["start"]) for r in in_progress)
        latest = max(
            datetime.fromisoformat(r["start"]) for r in first.records["oncalls"] if r["start"]
        )
        assert datetime.fromisoformat(state[OPEN_SINCE]) == oldest
        assert datetime.fromisoformat(state["replication_key_value"]) == latest

        second = run_tap(tap_config(sandbox), state=first.state, streams=["oncalls"])
    assert second.returncode == 0, second.stderr[-3000:]
    again = {r["oncall_key"] for r in second.records["oncalls"]}
    assert {r["oncall_key"] for r in in_progress} <= again
    for record in second.records["oncalls"]:
        if record["end"] is not None:
            assert datetime.fromisoformat(record["end"]) > oldest
    assert len(again) < len(first.records["oncalls"])
