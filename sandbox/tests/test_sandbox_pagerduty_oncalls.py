"""PagerDuty's `GET /oncalls`: shifts from the teams' schedules, as the document describes them."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from reliability_sandbox.contracts import load_contract
from reliability_sandbox.faults import QUIRKS
from reliability_sandbox.vendor import Request
from reliability_sandbox.vendors.pagerduty import ONCALL_MAX_RANGE, SHORT_PAGE_LIMIT, PagerDutyAPI

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # as in conftest.py


def iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def _get(
    api: PagerDutyAPI, query: dict[str, Any], quirks: frozenset[str] = frozenset()
) -> tuple[int, dict[str, Any]]:
    """Serve `GET /oncalls`; the request and the whole answer must follow the contract."""
    request = Request(
        method="GET",
        path="/oncalls",
        query={k: v if isinstance(v, list) else [str(v)] for k, v in query.items()},
        headers={"authorization": f"Token token={api.token}"},
        quirks=quirks,
    )
    response = api.handle(request)
    body = json.loads(response.body)
    op = load_contract("pagerduty").match("GET", "/oncalls")
    assert op is not None
    assert op.check_request("/oncalls", request.query, None) == []
    problems, unused = op.audit_response(response.status, body, response.deviations)
    assert problems == [], problems
    assert unused == [], unused
    return response.status, body


def _read_all(
    api: PagerDutyAPI, quirks: frozenset[str] = frozenset(), **query: Any
) -> tuple[list[dict[str, Any]], int]:
    """Every entry served for a range (following the offsets served), and the pages read."""
    rows: list[dict[str, Any]] = []
    offset = pages = 0
    while True:
        status, body = _get(api, {**query, "limit": 10, "offset": offset}, quirks)
        assert status == 200
        pages += 1
        rows += body["oncalls"]
        if not body["more"]:
            return rows, pages
        offset += len(body["oncalls"])


def _key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (
        entry["escalation_policy"]["id"],
        entry["escalation_level"],
        entry["user"]["id"],
        (entry["schedule"] or {}).get("id"),
        entry["start"],
    )


def test_shifts_are_who_the_incidents_paged(small):
    """The first-level on-call at an incident's trigger is the person it was assigned to."""
    api, org = small.vendor("pagerduty").api, small.org
    for inc in org.incidents:
        assign = next(e for e in inc.events if e.kind == "assign")
        at = inc.created_at
        entries = api.oncall_entries(at, at, escalation_policy_ids=[api.ep_id(inc.team)])
        (level1,) = [e for e in entries if e[1] == 1]
        assert level1[2] is assign.target, inc.number
        assert level1[3] <= at < level1[4]
        escalated = [e for e in inc.events if e.kind == "escalate"]
        (level2,) = [e for e in entries if e[1] == 2]
        assert level2[2] is inc.team.manager()
        # Escalations go to the manager, or to a responder when the manager held level 1.
        for e in escalated:
            assert e.target is inc.team.manager() or level1[2] is inc.team.manager()


def test_a_range_lists_overlapping_turns_and_the_permanent_on_calls(small):
    api, org = small.vendor("pagerduty").api, small.org
    since, until = ANCHOR - timedelta(days=30), ANCHOR
    rows, pages = _read_all(api, since=iso(since), until=iso(until))
    assert pages > 1
    permanent = [r for r in rows if r["start"] is None]
    assert len(permanent) == len(org.teams)
    assert all(r["end"] is None and r["schedule"] is None for r in permanent)
    assert {r["escalation_level"] for r in permanent} == {2}
    timed = [r for r in rows if r["start"] is not None]
    for r in timed:
        start, end = datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"])
        assert start < until
        assert end > since
        assert end - start <= timedelta(days=7)
        assert r["escalation_level"] == 1
        assert r["schedule"]["type"] == "schedule_reference"
    # Each team's turns tile the range without gaps or overlaps.
    for team in org.teams:
        turns = sorted(
            (r["start"], r["end"]) for r in timed if r["escalation_policy"]["id"] == api.ep_id(team)
        )
        assert turns[0][0] <= iso(since) < turns[0][1]
        assert turns[-1][0] < iso(until) <= turns[-1][1]
        assert all(a[1] == b[0] for a, b in itertools.pairwise(turns))
    assert len({_key(r) for r in rows}) == len(rows)


def test_default_range_is_now(small):
    api, org = small.vendor("pagerduty").api, small.org
    _, body = _get(api, {})
    timed = [r for r in body["oncalls"] if r["start"] is not None]
    assert len(timed) == len(org.teams)
    for r in timed:
        assert r["start"] <= iso(org.now) < r["end"]


def test_range_limits(small):
    api = small.vendor("pagerduty").api
    since = ANCHOR - timedelta(days=100)
    status, body = _get(api, {"since": iso(since), "until": iso(since + ONCALL_MAX_RANGE)})
    assert status == 200
    status, body = _get(
        api, {"since": iso(since), "until": iso(since + ONCALL_MAX_RANGE + timedelta(seconds=1))}
    )
    assert status == 400
    assert body["error"]["code"] == 2001
    status, _ = _get(api, {"since": iso(ANCHOR), "until": iso(ANCHOR - timedelta(hours=1))})
    assert status == 400
    # Shifts are served up to 90 days ahead of the world's clock, not further.
    later, _ = _read_all(
        api,
        since=iso(small.org.now + timedelta(days=80)),
        until=iso(small.org.now + timedelta(days=120)),
    )
    starts = [datetime.fromisoformat(r["start"]) for r in later if r["start"]]
    assert starts
    assert max(starts) < small.org.now + ONCALL_MAX_RANGE


def test_filters_earliest_time_zone_and_include(small):
    api, org = small.vendor("pagerduty").api, small.org
    team = org.teams[0]
    span = {"since": iso(ANCHOR - timedelta(days=60)), "until": iso(ANCHOR)}
    rows, _ = _read_all(api, **span)
    user = rows[0]["user"]["id"]
    by_user, _ = _read_all(api, **span, **{"user_ids[]": [user]})
    assert by_user == [r for r in rows if r["user"]["id"] == user]
    by_policy, _ = _read_all(api, **span, **{"escalation_policy_ids[]": [api.ep_id(team)]})
    assert by_policy == [r for r in rows if r["escalation_policy"]["id"] == api.ep_id(team)]
    sid = api.schedule_id(team)
    scheduled, _ = _read_all(api, **span, **{"schedule_ids[]": [sid]})
    assert scheduled == [r for r in rows if (r["schedule"] or {}).get("id") == sid]
    with_null, _ = _read_all(api, **span, **{"schedule_ids[]": [sid, "null"]})
    assert with_null == [r for r in rows if r["schedule"] is None or r["schedule"]["id"] == sid]
    earliest, _ = _read_all(api, **span, earliest="true")
    firsts: dict[tuple[str, int, str], dict[str, Any]] = {}
    for r in rows:
        firsts.setdefault((r["escalation_policy"]["id"], r["escalation_level"], r["user"]["id"]), r)
    assert earliest == list(firsts.values())
    berlin, _ = _read_all(api, **span, time_zone="Europe/Berlin")
    assert berlin[0]["start"].endswith(("+01:00", "+02:00"))
    assert [datetime.fromisoformat(r["start"]) for r in berlin if r["start"]] == [
        datetime.fromisoformat(r["start"]) for r in rows if r["start"]
    ]
    full, _ = _read_all(api, **span, **{"include[]": ["users", "schedules"]})
    assert full[0]["user"]["type"] == "user"
    assert full[0]["schedule"]["type"] == "schedule"
    # Outside the document's enum (not a contract-checked request): refused.
    bogus = Request("GET", "/oncalls", {"include[]": ["teams"]}, {})
    assert api.handle(bogus).status == 400


@pytest.mark.parametrize("quirks", [frozenset({"short_pages", "unsorted"}), frozenset(QUIRKS)])
def test_pages_under_quirks_lose_nothing(small, quirks):
    api = small.vendor("pagerduty").api
    span = {"since": iso(ANCHOR - timedelta(days=90)), "until": iso(ANCHOR)}
    plain, _ = _read_all(api, **span)
    rows, pages = _read_all(api, quirks, **span)
    assert pages >= len(plain) // SHORT_PAGE_LIMIT
    assert len(rows) > len(plain), "later pages repeat the previous page's last row"
    assert {_key(r) for r in rows} == {_key(r) for r in plain}


def test_truth_is_every_on_call_served_up_to_now(small):
    api, org = small.vendor("pagerduty").api, small.org
    truth = api.truth()["oncalls"]
    served: dict[tuple[Any, ...], dict[str, Any]] = {}
    cursor = min(org.rotation_start(t) for t in org.teams)
    while cursor < org.now:
        upper = min(cursor + ONCALL_MAX_RANGE, org.now)
        rows, _ = _read_all(api, since=iso(cursor), until=iso(upper))
        for r in rows:
            served.setdefault(_key(r), r)
        cursor = upper
    assert {_key(r): r for r in truth} == served
    assert len({_key(r) for r in truth}) == len(truth)


def test_schedule_layer_describes_the_served_turns(small):
    api, org = small.vendor("pagerduty").api, small.org
    _, body = _get(api, {"include[]": "schedules"})
    for team in org.teams:
        (layer,) = api.schedule(team, ["schedule_layers"])["schedule_layers"]
        virtual = datetime.fromisoformat(layer["rotation_virtual_start"])
        turn = timedelta(seconds=layer["rotation_turn_length_seconds"])
        users = [u["user"]["id"] for u in layer["users"]]
        since = ANCHOR - timedelta(days=60)
        for _, _, user, start, _ in api.oncall_entries(
            since, ANCHOR, escalation_policy_ids=[api.ep_id(team)]
        ):
            if start is None:
                continue
            k = (start - virtual) // turn
            assert users[k % len(users)] == api.user_id(user)
    assert body["oncalls"]
