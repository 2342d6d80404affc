"""Peak memory of tap-sentry on one noisy issue (a million events).

Usage (from the project root):

    .venv/bin/python bench/sentry_bigissue.py                        # 1,000,000 events, every one
    .venv/bin/python bench/sentry_bigissue.py --events 100000 --cap 1000
    .venv/bin/python bench/sentry_bigissue.py --events 100000 --pythonpath /tmp/before  # old code

The sandbox's noisy issues fire at most a few thousand events, and it builds every list it
serves in memory; the shape that hurts a tap holding an issue's events is one issue with a
million. A small mock in a process of its own (`--serve`, started by this script) speaks the
Sentry contract the tap reads (`sandbox/reliability_sandbox/contracts/sentry.json`): one
organisation, one project, one issue last seen a minute ago whose `--events` events (Sentry's
simple event serializer, about 1 KB of JSON each) are spread over the last 60 days, served
newest first, 100 per page, with Sentry's offset cursors (`0:<offset>:0`) and `Link` headers
(`results="true"`/`"false"`), rendered lazily from a template (never materialised). Every other
list is empty.

The tap runs as a process (`python -m tap_sentry`, `--pythonpath` puts another copy of the
package first), every stream selected, a first sync with `max_events_per_issue: --cap` (0 = all,
the bench's default); the script counts RECORD lines per stream, samples the tap's RSS every
half second (`/proc/<pid>/status`) and reads its peak from `wait4`. A measurement, never a test:
nothing is asserted. JSON goes to output/bench/sentry-bigissue-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from _harness import (
    env_with_pythonpath,
    free_port,
    http_json,
    log,
    rss_curve,
    run_measured,
    serve_mock,
    wait_until_serving,
    write_result,
)

ORG = "acme"
PROJECT_ID = 4500000000000001
ISSUE_ID = 7000000001
TARGET_RSS_MIB = 150
PER_PAGE = 100
SPAN = timedelta(days=60)


def _z(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


class World:
    """One organisation, one project, one issue with `events` events (newest first)."""

    def __init__(self, events: int) -> None:
        """Fix the clock and render the templates."""
        self.events = events
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.last_seen = self.now - timedelta(minutes=1)
        self.step = SPAN.total_seconds() / max(events, 1)
        project = {"id": str(PROJECT_ID), "name": "Checkout API", "slug": "checkout-api"}
        self.project = project
        self.issue = {
            "annotations": [],
            "assignedTo": None,
            "count": str(events),
            "culprit": "checkout_api.handlers in charge",
            "firstSeen": _z(self.last_seen - SPAN),
            "hasSeen": False,
            "id": str(ISSUE_ID),
            "isBookmarked": False,
            "isPublic": False,
            "isSubscribed": False,
            "lastSeen": _z(self.last_seen),
            "level": "error",
            "logger": None,
            "metadata": {"type": "TimeoutError", "value": "upstream timed out"},
            "numComments": 0,
            "permalink": f"https://acme.sentry.io/issues/{ISSUE_ID}/",
            "project": project,
            "shareId": None,
            "shortId": "CHECKOUT-API-1",
            "status": "unresolved",
            "substatus": "ongoing",
            "statusDetails": {},
            "subscriptionDetails": None,
            "title": "TimeoutError: upstream timed out",
            "type": "error",
            "issueType": "error",
            "issueCategory": "error",
            "priority": "high",
            "priorityLockedAt": None,
            "platform": "python",
            "userCount": 4321,
            "inbox": {"reason": 0, "reason_details": None, "date_added": _z(self.last_seen)},
            "owners": [],
            "stats": {"24h": [[int(self.now.timestamp()) - 3600 * i, 10] for i in range(24)]},
            "lifetime": {"count": str(events), "userCount": 4321},
            "isUnhandled": False,
        }
        event = {
            "id": "@EID@",
            "event.type": "error",
            "groupID": str(ISSUE_ID),
            "eventID": "@EID@",
            "projectID": str(PROJECT_ID),
            "message": "",
            "title": "TimeoutError: upstream timed out",
            "location": "checkout_api/handlers.py",
            "culprit": "checkout_api.handlers in charge",
            "user": {
                "id": "@USER@",
                "email": None,
                "username": None,
                "ip_address": None,
                "name": None,
                "geo": None,
                "data": None,
            },
            "tags": [
                {"key": "environment", "value": "production"},
                {"key": "level", "value": "error"},
                {"key": "server_name", "value": "checkout-api-@HOST@"},
                {"key": "release", "value": "checkout-api@2026.5.3"},
            ],
            "platform": "python",
            "dateCreated": "@CREATED@",
            "crashFile": None,
            "metadata": {"type": "TimeoutError", "value": "upstream timed out"},
        }
        self.event_template = json.dumps(event, separators=(",", ":"))

    def event(self, i: int) -> str:
        """Event `i` (0 = newest)."""
        created = self.last_seen - timedelta(seconds=int(i * self.step))
        return (
            self.event_template.replace("@EID@", f"{i:032x}")
            .replace("@USER@", str(i % 4321))
            .replace("@HOST@", str(i % 7))
            .replace("@CREATED@", _z(created))
        )

    def events_page(self, offset: int) -> tuple[bytes, bool]:
        """One page of events from `offset` and whether there is a next one."""
        rows = ",".join(self.event(i) for i in range(offset, min(offset + PER_PAGE, self.events)))
        return f"[{rows}]".encode(), offset + PER_PAGE < self.events


def _link(host: str, path: str, query: dict[str, list[str]], offset: int, *, more: bool) -> str:
    keep = "&".join(f"{k}={v}" for k, vs in query.items() if k != "cursor" for v in vs)
    cursor = f"0:{offset}:0"
    flag = "true" if more else "false"
    url = f"http://{host}{path}?{keep}&cursor={cursor}"
    return f'<{url}>; rel="next"; results="{flag}"; cursor="{cursor}"'


def route(  # noqa: PLR0911 - one return per endpoint
    world: World, host: str, raw_path: str, stats: Counter[str]
) -> tuple[int, bytes, str]:
    """`(status, body, Link header or "")` of one GET."""
    url = urlparse(raw_path)
    path = url.path.removeprefix("/sentry")
    query = parse_qs(url.query)
    stats["requests"] += 1
    org = f"/api/0/organizations/{ORG}/"
    if path == "/_stats":
        return 200, json.dumps(dict(stats)).encode(), ""
    if path == org:
        body = {"id": "1", "slug": ORG, "name": "Acme", "dateCreated": "2020-01-01T00:00:00Z"}
        return 200, json.dumps(body).encode(), ""
    if path == f"{org}projects/":
        project = {**world.project, "teams": [], "platform": "python"}
        return 200, json.dumps([project]).encode(), _link(host, url.path, query, 100, more=False)
    if path == f"{org}issues/":
        stats["issues"] += 1
        issues = json.dumps([world.issue]).encode()
        return 200, issues, _link(host, url.path, query, 100, more=False)
    if path == f"{org}issues/{ISSUE_ID}/":
        detail = {**world.issue, "activity": [], "seenBy": [], "participants": []}
        return 200, json.dumps(detail).encode(), ""
    if path == f"{org}issues/{ISSUE_ID}/events/":
        stats["events"] += 1
        cursor = (query.get("cursor") or ["0:0:0"])[0]
        offset = int(cursor.split(":")[1])
        body, more = world.events_page(offset)
        return 200, body, _link(host, url.path, query, offset + PER_PAGE, more=more)
    if path.startswith(org):
        return 200, b"[]", _link(host, url.path, query, 100, more=False)
    return 404, b'{"detail":"The requested resource does not exist"}', ""


def serve(port: int, events: int) -> None:
    """Serve the organisation until killed."""
    world = World(events)
    stats: Counter[str] = Counter()

    def answer(host: str, path: str) -> tuple[int, bytes, list[str]]:
        status, body, link = route(world, host, path, stats)
        return status, body, [f"Link: {link}"] if link else []

    serve_mock(port, answer)


def run_tap(base: str, workdir: Path, cap: int, pythonpath: str | None) -> dict[str, Any]:
    """One first sync; records per stream, wall time, RSS over time and the tap's peak RSS."""
    config = {
        "auth_token": "mock-token",
        "organization": ORG,
        "base_url": f"{base}/sentry",
        "max_events_per_issue": cap,
    }
    cfg = workdir / "config.json"
    cfg.write_text(json.dumps(config))
    run = run_measured(
        [sys.executable, "-m", "tap_sentry", "--config", str(cfg)],
        workdir / "tap.stderr",
        env=env_with_pythonpath(pythonpath),
        progress="issue_events",
    )
    return {**run, "requests": http_json(f"{base}/_stats")}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with `--serve`, the mock) and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events of the issue")
    parser.add_argument("--cap", type=int, default=0, help="max_events_per_issue (0 = all)")
    parser.add_argument("--pythonpath", default=None, help="put this path first (old code)")
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve is not None:
        serve(args.serve, args.events)
        return 0
    port = free_port()
    mock = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--events", str(args.events)]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base)
        with tempfile.TemporaryDirectory() as tmp:
            log(f"one issue: {args.events:,} events, max_events_per_issue {args.cap}")
            run = run_tap(base, Path(tmp), args.cap, args.pythonpath)
            if run["returncode"] != 0:
                log((Path(tmp) / "tap.stderr").read_text()[-3000:])
    finally:
        mock.terminate()
        mock.wait(timeout=30)
    events = run["records"].get("issue_events", 0)
    print(f"\ntap-sentry, one issue ({args.pythonpath or 'this checkout'})")
    for stream in ("issues", "issue_events", "issue_activity"):
        print(f"  {stream:<16}{run['records'].get(stream, 0):>12,}")
    print(f"  RSS while it ran (events emitted: MiB): {rss_curve(run['rss_samples'])}")
    print(
        f"peak RSS {run['max_rss_mib']:.0f} MiB (target <= {TARGET_RSS_MIB}); "
        f"{run['wall_s']:.1f}s ({events / max(run['wall_s'], 1e-9):,.0f} events/s), "
        f"tap CPU {run['cpu_s']:.1f}s; requests {run['requests']}"
    )
    write_result("sentry-bigissue", {"args": vars(args), **run})
    return 0 if run["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
