"""Issue windows sized by what they hold: few requests on sparse data, bounded on dense.

The minimum is one request per page of issues (`page_size`). A request count is
behaviour, not timing: asserted here; the figures at scale are in bench/sentry_sparse.py.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from typing import Any

import msgspec
from reliability_sandbox import OrgConfig, Sandbox
from sentry_harness import ANCHOR, run_tap, tap_config
from tap_sentry.streams import WINDOW_PAGES, _decoded, _issues_of

ISSUES_PATH = "/sentry/api/0/organizations/acme/issues/"


def _world() -> Sandbox:
    # About 500 issues last seen over 90 days.
    return Sandbox(OrgConfig.preset("test", anchor=ANCHOR, incidents=200, history_days=90))


def _config(sb: Sandbox, **overrides: Any) -> dict[str, Any]:
    config = tap_config(sb, start_date=(ANCHOR - timedelta(days=90)).isoformat(), **overrides)
    config.pop("issue_window_days")  # the default: windows sized by what they hold
    return config


def _issue_requests(sb: Sandbox) -> int:
    return sum(n for path, n in sb.stats()["by_path"].items() if path == ISSUES_PATH)


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_sparse_range_costs_one_request_per_page_of_issues():
    with _world() as sb:
        sb.reset_stats()
        run = run_tap(_config(sb), streams=["issues"])
        requests = _issue_requests(sb)
        served = {i["id"] for i in sb.vendor("sentry").truth()["issues"]}
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(run.ids("issues")) == served
    minimum = math.ceil(len(served) / 100)
    # 90 days of sparse issues are one window: no request per week or day.
    assert requests <= minimum + 1, (requests, minimum)


def test_dense_range_is_split_into_bounded_ascending_windows():
    with _world() as sb:
        sb.reset_stats()
        # Pages of 10: a window holds at most WINDOW_PAGES * 10 issues, so ~500 issues
        # need several windows, each found by splitting the range from its newest end.
        run = run_tap(_config(sb, page_size=10), streams=["issues"])
        requests = _issue_requests(sb)
        served = {i["id"] for i in sb.vendor("sentry").truth()["issues"]}
    assert run.returncode == 0, run.stderr[-3000:]
    ids = run.ids("issues")
    assert len(ids) == len(set(ids)) == len(served)
    assert set(ids) == served
    assert len(served) > 2 * WINDOW_PAGES * 10
    # Emitted in ascending `lastSeen` across windows: the bookmark at any checkpoint
    # is below every issue not yet emitted.
    seen = [_ts(i["lastSeen"]) for i in run.records["issues"]]
    assert seen == sorted(seen)
    part = run.state["bookmarks"]["issues"]["partitions"][0]
    assert _ts(part["replication_key_value"]) == max(seen)
    # Splitting reads no page twice but the boundary second's rows: close to the minimum.
    minimum = math.ceil(len(served) / 10)
    assert requests <= minimum * 1.1 + 2, (requests, minimum)


def test_interrupted_split_range_resumes_without_losing_a_key():
    with _world() as sb:
        config = _config(sb, page_size=10, max_retries=0, max_concurrency=1)
        sb.reset_stats()
        clean = run_tap(config, streams=["issues"])
        total = _issue_requests(sb)
        # Fails a few requests before the end: some windows are out, some are not.
        rule = {"kind": "500", "path": ISSUES_PATH, "after": total - 3, "times": 10**6}
        sb.set_faults({"rules": [rule]})
        broken = run_tap(config, streams=["issues"])
        sb.set_faults({"rules": []})
        resumed = run_tap(config, state=broken.state, streams=["issues"])
        served = {i["id"] for i in sb.vendor("sentry").truth()["issues"]}
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert broken.returncode != 0
    assert broken.records.get("issues"), "a window was emitted before the failure"
    assert "replication_key_value" in broken.state["bookmarks"]["issues"]["partitions"][0]
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert set(broken.ids("issues")) | set(resumed.ids("issues")) == served
    # The resumed run started from the checkpointed bookmark, not from scratch.
    assert len(resumed.records["issues"]) < len(served)


def test_window_read_ahead_fails_in_turn_and_leaves_an_honest_bookmark():
    # The next window is read while one is emitted: a failure while reading it ahead
    # must leave the state of the windows emitted before, and nothing unread behind it.
    # One request at a time: windows are found one after another (no parallel chains).
    with _world() as sb:
        config = _config(sb, page_size=10, max_retries=0, max_concurrency=1)
        sb.reset_stats()
        clean = run_tap(config, streams=["issues"])
        total = _issue_requests(sb)
        rule = {"kind": "500", "path": ISSUES_PATH, "after": total // 2, "times": 10**6}
        sb.set_faults({"rules": [rule]})
        broken = run_tap(config, streams=["issues"])
        sb.set_faults({"rules": []})
        resumed = run_tap(config, state=broken.state, streams=["issues"])
        truth = sb.vendor("sentry").truth()["issues"]
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert broken.returncode != 0
    emitted = broken.records["issues"]
    assert 0 < len(emitted) < len(truth)
    mark = _ts(broken.state["bookmarks"]["issues"]["partitions"][0]["replication_key_value"])
    assert mark == max(_ts(i["lastSeen"]) for i in emitted)
    # Every issue the vendor holds at or below the bookmark was emitted.
    behind = {i["id"] for i in truth if _ts(i["lastSeen"]) <= mark}
    assert behind <= set(broken.ids("issues"))
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert set(broken.ids("issues")) | set(resumed.ids("issues")) == {i["id"] for i in truth}


def test_issues_alone_cost_only_the_issue_pages():
    # The peer (one project's issue list) and issue 18's minimum count one request per
    # page of issues: with `organizations` not selected the tap reads no organisation,
    # its slug is the setting.
    with _world() as sb:
        sb.reset_stats()
        run = run_tap(_config(sb), streams=["issues"])
        stats = sb.stats()
        served = {i["id"] for i in sb.vendor("sentry").truth()["issues"]}
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(run.ids("issues")) == served
    assert {r["organization"] for r in run.records["issues"]} == {"acme"}
    assert set(stats["by_path"]) == {ISSUES_PATH}
    # The sandbox's ~500 issues over 90 days fit in one window: exactly one request
    # per page of 100.
    assert stats["requests"] == math.ceil(len(served) / 100), stats


def test_an_organisation_named_by_id_is_read_for_its_slug():
    # Sentry's slugs are never all digits; an id names the organisation in paths, but
    # the records carry the slug, which only the organisation's own answer gives.
    with _world() as sb:
        org_id = sb.vendor("sentry").truth()["organizations"][0]["id"]
        assert org_id.isdigit()
        sb.reset_stats()
        run = run_tap(_config(sb, organization=org_id), streams=["issues"])
        paths = sb.stats()["by_path"]
    assert run.returncode == 0, run.stderr[-3000:]
    assert paths[f"/sentry/api/0/organizations/{org_id}/"] == 1
    assert run.records["issues"]
    assert {r["organization"] for r in run.records["issues"]} == {"acme"}


def test_held_issues_stay_raw_and_come_out_as_sentry_sent_them():
    # Windows hold each issue as its page's raw JSON (only id and lastSeen decoded); what
    # is emitted must be the issue as served, key order included, plus the organisation,
    # whether the page arrived raw or (a body of another shape) already decoded.
    text = (
        '[{"id":"12","lastSeen":"2026-05-02T10:00:00Z","title":"B","stats":{"24h":[[1,0],[2,3]]}},'
        '{"id":"9","lastSeen":"2026-05-01T09:00:00Z","title":"A","count":"4","owners":null},'
        '{"lastSeen":"2026-05-03T00:00:00Z","id":"30","metadata":{"value":"x"}}]'
    )
    served = json.loads(text)
    for body in (msgspec.json.Decoder(list[msgspec.Raw]).decode(text.encode()), served):
        issues = _issues_of(body)
        assert [(i.id, i.last_seen) for i in issues] == [
            ("12", "2026-05-02T10:00:00Z"),
            ("9", "2026-05-01T09:00:00Z"),
            ("30", "2026-05-03T00:00:00Z"),
        ]
        out = list(_decoded(issues, "acme"))
        assert out == [{**row, "organization": "acme"} for row in served]
        assert [list(row) for row in out] == [[*row, "organization"] for row in served]
        assert issues == []  # each issue let go once emitted


def test_parallel_windows_interrupted_anywhere_leave_an_honest_bookmark_and_resume():
    # Windows read by parallel chains (pages of 10: ~50 pages, room for 3 windows) are
    # handed out oldest first; a failure at any point leaves a bookmark below every issue
    # not emitted, and the resumed run reads the rest. Requests stay within 1.05x.
    with _world() as sb:
        config = _config(sb, page_size=10, max_retries=0)
        sb.reset_stats()
        clean = run_tap(config, streams=["issues"])
        total = _issue_requests(sb)
        truth = sb.vendor("sentry").truth()["issues"]
        runs = []
        for after in (total // 4, total // 2, total - 2):
            sb.set_faults({"rules": [{"kind": "500", "path": ISSUES_PATH, "after": after}]})
            broken = run_tap(config, streams=["issues"])
            sb.set_faults({"rules": []})
            resumed = run_tap(config, state=broken.state, streams=["issues"])
            runs.append((broken, resumed))
    assert clean.returncode == 0, clean.stderr[-3000:]
    ids = clean.ids("issues")
    assert len(ids) == len(set(ids)) == len(truth)
    seen = [_ts(i["lastSeen"]) for i in clean.records["issues"]]
    assert seen == sorted(seen)
    assert total <= 1.05 * math.ceil(len(truth) / 10), total
    for broken, resumed in runs:
        assert broken.returncode != 0
        part = broken.state.get("bookmarks", {}).get("issues", {}).get("partitions", [{}])[0]
        if "replication_key_value" in part:
            mark = _ts(part["replication_key_value"])
            behind = {i["id"] for i in truth if _ts(i["lastSeen"]) <= mark}
            assert behind <= set(broken.ids("issues"))
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        assert set(broken.ids("issues")) | set(resumed.ids("issues")) == {i["id"] for i in truth}
