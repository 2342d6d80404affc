"""Incremental syncs: the second run reads only what changed; an interrupted run resumes."""

from __future__ import annotations

from datetime import datetime, timedelta

from github_harness import ANCHOR, bookmark, run_tap, tap_config, truth_ids

DELIVERY = ["pull_requests", "workflow_runs", "deployments", "deployment_statuses", "releases"]


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_second_run_reads_changes_and_completes_running_workflow_runs(fresh_github):
    config = tap_config(fresh_github)
    first = run_tap(config, streams=DELIVERY)
    assert first.returncode == 0, first.stderr[-3000:]
    running = {r["id"] for r in first.records["workflow_runs"] if r["status"] != "completed"}
    assert running, "the initial world has runs still in progress"
    runs_mark = bookmark(first, "workflow_runs")
    assert runs_mark["open_since"] <= runs_mark["replication_key_value"]

    fresh_github.advance(ANCHOR + timedelta(days=2))
    truth = fresh_github.vendor("github").truth()
    second = run_tap(config, state=first.state, streams=DELIVERY)
    assert second.returncode == 0, second.stderr[-3000:]

    # Runs running at the first sync are read again, now completed with a conclusion.
    again = {r["id"]: r for r in second.records["workflow_runs"]}
    assert running <= again.keys()
    for run_id in running:
        assert again[run_id]["status"] == "completed"
        assert again[run_id]["conclusion"] in ("success", "failure", "cancelled")
    assert "open_since" not in bookmark(second, "workflow_runs")

    # Pull requests: exactly those updated since the bookmark (minus the lookback).
    mark = _ts(bookmark(first, "pull_requests")["replication_key_value"])
    floor = mark - timedelta(minutes=180)
    served = [p for rows in truth["pull_requests"].values() for p in rows]
    expected = {p["id"] for p in served if _ts(p["updated_at"]) >= floor}
    got = {p["id"] for p in second.records["pull_requests"]}
    assert got == expected
    new = {p["id"] for p in served if _ts(p["created_at"]) > ANCHOR}
    assert new
    assert new <= got
    assert len(got) < len(served)

    # New deployments arrive with their statuses; the full history is not read again.
    first_deploys = {d["id"] for d in first.records["deployments"]}
    new_deploys = truth_ids(truth, "deployments") - first_deploys
    assert new_deploys
    second_deploys = {d["id"] for d in second.records["deployments"]}
    assert new_deploys <= second_deploys
    assert len(second_deploys) < len(truth_ids(truth, "deployments"))
    status_of = {s["deployment_id"] for s in second.records["deployment_statuses"]}
    assert new_deploys <= status_of
    # The union of both runs is the whole history: nothing was lost.
    for stream in ("pull_requests", "workflow_runs", "deployments", "releases"):
        union = set(first.ids(stream)) | set(second.ids(stream))
        assert union == truth_ids(truth, stream), stream


def test_interrupted_run_resumes_without_losing_a_key(fresh_github):
    config = tap_config(fresh_github, max_retries=0, max_concurrency=1)
    fresh_github.set_faults(
        {"rules": [{"kind": "500", "path": "/github/repos/", "after": 12, "times": 10_000}]}
    )
    broken = run_tap(config, streams=["pull_requests"])
    assert broken.returncode != 0
    emitted = broken.records.get("pull_requests") or []
    assert emitted, "the run must have emitted records before failing"
    resume = bookmark(broken, "pull_requests")["resume"]
    assert resume["after"].startswith("acme/")
    assert "replication_key_value" not in bookmark(broken, "pull_requests")

    fresh_github.set_faults({"rules": []})
    resumed = run_tap(config, state=broken.state, streams=["pull_requests"])
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    truth = truth_ids(fresh_github.vendor("github").truth(), "pull_requests")
    got = set(broken.ids("pull_requests")) | set(resumed.ids("pull_requests"))
    assert got == truth
    # The resumed run started after the checkpointed repository, not from scratch.
    assert len(resumed.records["pull_requests"]) < len(truth)
    done = {p["repository"] for p in emitted if p["repository"] <= resume["after"]}
    assert not done & {p["repository"] for p in resumed.records["pull_requests"]}
    final = bookmark(resumed, "pull_requests")
    assert "resume" not in final
    assert final["replication_key_value"]


def test_running_workflow_runs_are_remembered_when_read_alone(fresh_github):
    # The stream is the run's first: the server's clock is known only after a response.
    config = tap_config(fresh_github)
    first = run_tap(config, streams=["workflow_runs"])
    assert first.returncode == 0, first.stderr[-3000:]
    running = [r for r in first.records["workflow_runs"] if r["status"] != "completed"]
    assert running
    mark = bookmark(first, "workflow_runs")
    assert mark["open_since"] == min(r["created_at"] for r in running)
    fresh_github.advance(ANCHOR + timedelta(hours=6))
    second = run_tap(config, state=first.state, streams=["workflow_runs"])
    assert second.returncode == 0, second.stderr[-3000:]
    done = {r["id"]: r for r in second.records["workflow_runs"]}
    assert all(done[r["id"]]["status"] == "completed" for r in running)
