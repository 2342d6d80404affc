"""Measure how fast a sequential keep-alive client pages through /pagerduty/log_entries.

Usage: python sandbox/scripts/measure_throughput.py [--preset bench] [--pages 2000]
Prints pages/s and records/s. A measurement, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta

import requests

from reliability_sandbox import OrgConfig, Sandbox


def main() -> None:
    """Run the measurement."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", default="bench")
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    anchor = datetime(2026, 11, 1, tzinfo=UTC)
    with Sandbox(OrgConfig.preset(args.preset, anchor=anchor)) as sbx:
        session = requests.Session()
        session.headers.update(sbx.vendor("pagerduty").headers())
        url = f"{sbx.vendor('pagerduty').url}/log_entries"
        # Walk the history in windows small enough to stay under the 10,000 offset cap,
        # the way a well-behaved tap does.
        pages = records = 0
        until = anchor + timedelta(seconds=1)
        started = time.perf_counter()
        oldest = anchor - timedelta(days=sbx.org.config.history_days + 1)
        while pages < args.pages and until > oldest:
            since = until - timedelta(days=14)
            offset = 0
            while pages < args.pages:
                resp = session.get(
                    url,
                    params={
                        "since": since.isoformat(),
                        "until": until.isoformat(),
                        "limit": 100,
                        "offset": offset,
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                body = resp.json()
                pages += 1
                records += len(body["log_entries"])
                if not body["more"]:
                    break
                offset += 100
            until = since
        elapsed = time.perf_counter() - started
        print(
            f"{pages} pages, {records} records in {elapsed:.2f}s: "
            f"{pages / elapsed:.0f} pages/s, {records / elapsed:.0f} records/s "
            "(sequential client, keep-alive, JSON parsed)"
        )


if __name__ == "__main__":
    main()
