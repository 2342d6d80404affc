"""Pages of one repository read several at a time: order, requests, bookmarks, resume.

GitHub's numbered lists name their last page (`Link: rel="last"`), so the pages of one
huge repository are requested up to `max_concurrency` at a time and emitted in order.
Expected values come from the sandbox's truth and from GitHub's documented `Link` header.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import requests
from github_harness import ANCHOR, bookmark, run_tap, tap_config, truth_ids
from reliability_sandbox import OrgConfig, Sandbox
from tap_github_reliability.client import PAGE_SIZE, FloorReach, PageLinks

PULLS = 1_050  # one repository: 11 pages of 100


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _response(link: str) -> requests.Response:
    response = requests.Response()
    response.headers["Link"] = link
    return response


def test_numbered_pages_are_named_from_githubs_link_header():
    # The example of GitHub's "Using pagination in the REST API" page.
    links = PageLinks.of(
        _response(
            '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", '
            '<https://api.github.com/repositories/1300192/issues?page=4>; rel="next", '
            '<https://api.github.com/repositories/1300192/issues?page=515>; rel="last", '
            '<https://api.github.com/repositories/1300192/issues?page=1>; rel="first"'
        )
    )
    pages = links.numbered()
    assert len(pages) == 515 - 4 + 1
    assert pages[0] == "https://api.github.com/repositories/1300192/issues?page=4"
    assert pages[-1] == "https://api.github.com/repositories/1300192/issues?page=515"


def test_numbered_pages_keep_the_query_and_know_their_own_urls():
    # Pages are built when asked (a list of 5,000 pages is not held): the same URLs as
    # written out by hand, in order, from either end, and `in` recognises exactly them.
    links = PageLinks.of(
        _response(
            "<https://api.github.com/repos/acme/mono/actions/runs?per_page=100&created=%3E%3D"
            '2026-01-01T00%3A00%3A00Z&page=2>; rel="next", '
            "<https://api.github.com/repos/acme/mono/actions/runs?per_page=100&created=%3E%3D"
            '2026-01-01T00%3A00%3A00Z&page=4>; rel="last"'
        )
    )
    base = (
        "https://api.github.com/repos/acme/mono/actions/runs?per_page=100&created=%3E%3D"
        "2026-01-01T00%3A00%3A00Z&page="
    )
    pages = links.numbered()
    assert list(pages) == [base + "2", base + "3", base + "4"]
    assert pages[-1] == base + "4"
    assert pages[1:] == [base + "3", base + "4"]
    assert base + "3" in pages
    assert base + "5" not in pages
    assert base + "1" not in pages
    assert base.replace("per_page=100", "per_page=50") + "3" not in pages


def test_cursor_pages_are_read_one_by_one():
    # Cursor-paged lists (`after=`) have no numbered last page: nothing can be named ahead.
    links = PageLinks.of(
        _response(
            "<https://api.github.com/orgs/acme/audit-log?per_page=2&after=MTYwMzM&before=>; "
            'rel="next"'
        )
    )
    assert links.next is not None
    assert links.numbered() == []


def test_floor_reach_extrapolates_down_to_the_floor():
    day = timedelta(days=1)
    assert FloorReach(None).pages_left() > 10**6
    reach = FloorReach(ANCHOR - 100 * day)
    reach.read(ANCHOR, ANCHOR - 10 * day)  # one page spans 10 days; 90 days to the floor
    assert reach.pages_left() == 4  # nine pages at that pace, halved
    reach.read(ANCHOR - 10 * day, ANCHOR - 101 * day)  # the floor is reached
    assert reach.pages_left() == 0


def _one_repo(pulls: int) -> OrgConfig:
    return OrgConfig.preset(
        "test",
        anchor=ANCHOR,
        services=1,
        teams=1,
        github_repos=1,
        github_pulls_per_repo=pulls,
        incidents=20,
    )


def test_one_repository_read_concurrently_keeps_order_and_makes_one_request_a_page():
    with Sandbox(_one_repo(PULLS)) as sb:
        run = run_tap(tap_config(sb, max_concurrency=8), streams=["pull_requests"])
        truth = sb.vendor("github").truth()
        by_path = sb.stats()["by_path"]
    assert run.returncode == 0, run.stderr[-3000:]
    rows = run.records["pull_requests"]
    assert [p["id"] for p in rows] == list(dict.fromkeys(p["id"] for p in rows))
    assert {p["id"] for p in rows} == truth_ids(truth, "pull_requests")
    assert len(rows) == PULLS
    updated = [_ts(p["updated_at"]) for p in rows]
    assert updated == sorted(updated, reverse=True)
    pulls = sum(n for path, n in by_path.items() if path.endswith("/pulls"))
    assert pulls == math.ceil(PULLS / PAGE_SIZE)
    mark = bookmark(run, "pull_requests")
    assert _ts(mark["replication_key_value"]) == max(updated)


def test_shifted_and_short_pages_read_concurrently_lose_and_repeat_nothing():
    # `unsorted`: the list shifts by one between pages 1 and 2; `short_pages`: pages
    # hold fewer rows than asked, still numbered to the last.
    with Sandbox(_one_repo(400), faults={"quirks": ["unsorted", "short_pages"]}) as sb:
        run = run_tap(tap_config(sb, max_concurrency=8), streams=["pull_requests"])
        truth = sb.vendor("github").truth()
    assert run.returncode == 0, run.stderr[-3000:]
    ids = [p["id"] for p in run.records["pull_requests"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == truth_ids(truth, "pull_requests")


def test_incremental_read_stops_at_the_floor_without_extra_requests():
    with Sandbox(_one_repo(PULLS)) as sb:
        config = tap_config(sb, max_concurrency=8)
        first = run_tap(config, streams=["pull_requests"])
        assert first.returncode == 0, first.stderr[-3000:]
        sb.advance(ANCHOR + timedelta(days=30))
        truth = sb.vendor("github").truth()
        sb.reset_stats()
        second = run_tap(config, state=first.state, streams=["pull_requests"])
        by_path = sb.stats()["by_path"]
    assert second.returncode == 0, second.stderr[-3000:]
    floor = _ts(bookmark(first, "pull_requests")["replication_key_value"]) - timedelta(minutes=180)
    served = sorted(
        (p for rows in truth["pull_requests"].values() for p in rows),
        key=lambda p: _ts(p["updated_at"]),
        reverse=True,
    )
    above = [p for p in served if _ts(p["updated_at"]) >= floor]
    assert {p["id"] for p in second.records["pull_requests"]} == {p["id"] for p in above}
    # A sequential read stops after the first page that reaches below the floor.
    needed = min(len(above) // PAGE_SIZE + 1, math.ceil(len(served) / PAGE_SIZE))
    assert 1 < needed < math.ceil(len(served) / PAGE_SIZE), (len(above), len(served))
    pulls = sum(n for path, n in by_path.items() if path.endswith("/pulls"))
    assert pulls == needed


def test_interrupted_while_pages_are_read_ahead_resumes_without_losing_a_key():
    config_world = OrgConfig.preset(
        "test", anchor=ANCHOR, github_repos=14, github_pulls_per_repo=250
    )
    with Sandbox(config_world) as sb:
        config = tap_config(sb, max_retries=0, max_concurrency=8)
        # Every request for the repository read last fails, after the first checkpoint (ten
        # repositories). Not the Nth request overall: with pages read ahead across
        # repositories, the Nth served request may belong to an earlier repository than the
        # tenth, and the checkpoint would then depend on timing.
        last = max(sb.vendor("github").truth()["pull_requests"], key=str.lower)
        sb.set_faults(
            {"rules": [{"kind": "500", "path": f"/github/repos/acme/{last}/", "times": 10**6}]}
        )
        broken = run_tap(config, streams=["pull_requests"])
        sb.set_faults({"rules": []})
        resumed = run_tap(config, state=broken.state, streams=["pull_requests"])
        truth = sb.vendor("github").truth()
    assert broken.returncode != 0
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    emitted = broken.records["pull_requests"]
    mark = bookmark(broken, "pull_requests")
    assert "replication_key_value" not in mark
    after = mark["resume"]["after"]
    # The resume point names a repository whose records are all out.
    assert sum(1 for p in emitted if p["repository"] == after) == 250
    again = {p["repository"] for p in resumed.records["pull_requests"]}
    assert all(r.lower() > after.lower() for r in again)
    served = truth_ids(truth, "pull_requests")
    assert set(broken.ids("pull_requests")) | set(resumed.ids("pull_requests")) == served
    final = bookmark(resumed, "pull_requests")
    assert "resume" not in final
    newest = max(_ts(p["updated_at"]) for p in emitted + resumed.records["pull_requests"])
    assert _ts(final["replication_key_value"]) == newest


def _in_flight_pages(max_concurrency: int | None) -> tuple[int, int]:
    """Most page requests in flight at once over one 12-page list, and pages read."""
    import threading  # noqa: PLC0415
    import time  # noqa: PLC0415

    from tap_github_reliability.client import GitHubStream  # noqa: PLC0415
    from tap_github_reliability.tap import TapGitHubReliability  # noqa: PLC0415

    config: dict[str, object] = {"auth_token": "t", "organizations": ["acme"]}
    if max_concurrency is not None:
        config["max_concurrency"] = max_concurrency
    stream = TapGitHubReliability(config=config, parse_env_config=False).streams["pull_requests"]
    assert isinstance(stream, GitHubStream)
    base = "https://api.github.com/repositories/1/pulls?state=all&page="
    lock = threading.Lock()
    now = most = calls = 0

    def fetch(
        _context: object, url: str | None = None, _params: object = None
    ) -> tuple[list[dict[str, int]], PageLinks]:
        nonlocal now, most, calls
        with lock:
            now += 1
            calls += 1
            most = max(most, now)
        time.sleep(0.3)  # a slow link: what is asked ahead is in flight meanwhile
        with lock:
            now -= 1
        page = int(url.rsplit("=", 1)[1]) if url else 1
        links = PageLinks(f"{base}{page + 1}" if page < 12 else None, f"{base}12")
        return [{"id": page * 1_000 + i} for i in range(PAGE_SIZE)], links

    vars(stream)["fetch_linked"] = fetch  # the requests, replaced by a slow fake
    pages = list(stream.pages({"organization": "acme"}))
    assert len(pages) == 12
    return most, calls


def test_four_pages_are_read_ahead_of_the_one_emitted_by_default():
    # Pages 2-12 are named by the first page's `Link`; the page whose turn it is and up
    # to four more (the read-ahead allowance: `max_concurrency` 8 // 4 = 2, at least 4,
    # the most with a margin under the peer's memory: bench/README.md) are requested at
    # once, never more, and no page twice.
    most, calls = _in_flight_pages(None)
    assert most == 1 + 4
    assert calls == 12
    # A larger `max_concurrency` lets a quarter of it be held ahead.
    most, calls = _in_flight_pages(24)
    assert most == 1 + 24 // 4
    assert calls == 12
