"""Large repositories are emitted as they are read: order, bookmarks and resume hold.

A repository here spans many pages (the sandbox's `short_pages` quirk serves at most 7
rows a page), so each repository's records cross several pages and feed chunks.
"""

from __future__ import annotations

import itertools
from datetime import datetime

from github_harness import ANCHOR, bookmark, run_tap, tap_config
from reliability_sandbox import OrgConfig, Sandbox
from tap_github_reliability.client import PAGE_SIZE
from tap_github_reliability.streams import FEED_CHUNKS
from tap_github_reliability.tap import TapGitHubReliability

PULLS_PER_REPO = 250


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _world() -> Sandbox:
    config = OrgConfig.preset(
        "test", anchor=ANCHOR, github_repos=14, github_pulls_per_repo=PULLS_PER_REPO
    )
    return Sandbox(config, faults={"quirks": ["short_pages"]})


def test_many_page_repositories_keep_order_and_bookmark():
    with _world() as sb:
        run = run_tap(tap_config(sb), streams=["pull_requests", "workflow_runs"])
        truth = sb.vendor("github").truth()
    assert run.returncode == 0, run.stderr[-3000:]
    rows = run.records["pull_requests"]
    served = {p["id"] for ps in truth["pull_requests"].values() for p in ps}
    assert [p["id"] for p in rows] == list(dict.fromkeys(p["id"] for p in rows))
    assert {p["id"] for p in rows} == served
    # Repositories come out one after the other, by full name, each newest first.
    repos = [name for name, _ in itertools.groupby(rows, key=lambda p: p["repository"])]
    assert repos == sorted(set(repos), key=str.lower)
    for _, group in itertools.groupby(rows, key=lambda p: p["repository"]):
        updated = [_ts(p["updated_at"]) for p in group]
        assert len(updated) > 2 * PAGE_SIZE  # more than one feed chunk, dozens of pages
        assert updated == sorted(updated, reverse=True)
    # The bookmark is the newest value of the whole sync; no resume point is left.
    mark = bookmark(run, "pull_requests")
    assert "resume" not in mark
    assert _ts(mark["replication_key_value"]) == max(_ts(p["updated_at"]) for p in rows)


def test_interrupted_inside_a_repository_resumes_without_losing_a_key():
    with _world() as sb:
        config = tap_config(sb, max_retries=0, max_concurrency=1)
        # One worker reads the repositories in turn (~42 short pages each): this fails
        # on a page in the middle of the twelfth, after the first checkpoint (ten).
        sb.set_faults(
            {
                "quirks": ["short_pages"],
                "rules": [{"kind": "500", "path": "/github/repos/", "after": 480, "times": 10**6}],
            }
        )
        broken = run_tap(config, streams=["pull_requests"])
        sb.set_faults({"quirks": ["short_pages"], "rules": []})
        resumed = run_tap(config, state=broken.state, streams=["pull_requests"])
        truth = sb.vendor("github").truth()
    assert broken.returncode != 0
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    emitted = broken.records["pull_requests"]
    per_repo = {r: len(list(g)) for r, g in itertools.groupby(emitted, lambda p: p["repository"])}
    # The failing repository was partly emitted (records went out as they were read) …
    assert any(0 < n < PULLS_PER_REPO for n in per_repo.values()), per_repo
    # … but the resume point names only a repository whose records are all out.
    mark = bookmark(broken, "pull_requests")
    assert "replication_key_value" not in mark
    after = mark["resume"]["after"]
    assert per_repo[after] == PULLS_PER_REPO
    again = {p["repository"] for p in resumed.records["pull_requests"]}
    assert all(r.lower() > after.lower() for r in again)
    served = {p["id"] for ps in truth["pull_requests"].values() for p in ps}
    assert set(broken.ids("pull_requests")) | set(resumed.ids("pull_requests")) == served
    final = bookmark(resumed, "pull_requests")
    assert "resume" not in final
    # The resumed run kept the first run's floor and its newest value: the bookmark is
    # the newest pull request of the whole history, from either run.
    newest = max(_ts(p["updated_at"]) for p in emitted + resumed.records["pull_requests"])
    assert _ts(final["replication_key_value"]) == newest


def test_a_repository_is_read_at_most_a_few_chunks_ahead_of_the_emitter():
    tap = TapGitHubReliability(
        config={"auth_token": "a", "organizations": ["acme"], "max_concurrency": 2},
        parse_env_config=False,
    )
    stream = tap.streams["pull_requests"]
    produced = {"n": 0}

    def read_repo(ctx):  # a repository of 20,000 rows, counted as the worker makes them
        for i in range(20_000):
            produced["n"] += 1
            yield {"id": i, "repository": ctx["repository"]}

    stream.read_repo = read_repo
    repos = [{"full_name": f"acme/r{i}", "id": i} for i in range(3)]
    ahead = 0
    consumed = 0
    for _ctx, rows in stream.read_repos(repos):
        for _ in rows:
            consumed += 1
            ahead = max(ahead, produced["n"] - consumed)
    assert consumed == 60_000
    # Each repository read ahead holds at most its queue plus the chunk being filled.
    assert ahead <= len(repos) * (FEED_CHUNKS + 2) * PAGE_SIZE


def test_an_emitter_that_stops_early_releases_the_workers():
    tap = TapGitHubReliability(
        config={"auth_token": "a", "organizations": ["acme"], "max_concurrency": 2},
        parse_env_config=False,
    )
    stream = tap.streams["pull_requests"]
    stream.read_repo = lambda ctx: ({"id": i, "r": ctx["repository"]} for i in range(10**6))
    reader = stream.read_repos([{"full_name": f"acme/r{i}", "id": i} for i in range(5)])
    _ctx, rows = next(reader)
    assert next(rows)["id"] == 0
    reader.close()  # returns only when every worker has stopped
