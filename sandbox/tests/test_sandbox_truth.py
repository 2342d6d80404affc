"""`GET /_sandbox/truth/<vendor>`: every primary key the API serves, with its version."""

from __future__ import annotations

from typing import Any

import requests

from reliability_sandbox import Sandbox


def _truth(sbx: Sandbox, vendor: str) -> dict[str, Any]:
    resp = requests.get(f"{sbx.base_url}/_sandbox/truth/{vendor}", timeout=30)
    resp.raise_for_status()
    return resp.json()


def test_lists_the_vendors(sandbox: Sandbox) -> None:
    resp = requests.get(f"{sandbox.base_url}/_sandbox/truth", timeout=10)
    assert resp.json() == {"vendors": ["pagerduty", "sentry", "datadog", "github", "gdrive"]}
    assert requests.get(f"{sandbox.base_url}/_sandbox/truth/nope", timeout=10).status_code == 404


def test_every_stream_has_unique_keys_of_its_declared_width(sandbox: Sandbox) -> None:
    for vendor in ("pagerduty", "sentry", "datadog", "github", "gdrive"):
        for table, spec in _truth(sandbox, vendor).items():
            assert spec["rows"], (vendor, table)
            width = len(spec["key"])
            keys = [tuple(row[:width]) for row in spec["rows"]]
            assert all(len(row) == width + 1 for row in spec["rows"]), (vendor, table)
            assert len(keys) == len(set(keys)), (vendor, table)
            if spec["version"] is None:
                assert all(row[-1] is None for row in spec["rows"]), (vendor, table)


def test_matches_what_the_api_serves(sandbox: Sandbox) -> None:
    pd = sandbox.vendor("pagerduty").truth()
    truth = _truth(sandbox, "pagerduty")
    assert {row[0] for row in truth["incidents"]["rows"]} == {i["id"] for i in pd["incidents"]}
    assert {row[0]: row[1] for row in truth["incidents"]["rows"]} == {
        i["id"]: i["updated_at"] for i in pd["incidents"]
    }
    assert len(truth["log_entries"]["rows"]) == len(pd["log_entries"])
    drive = sandbox.vendor("gdrive").truth()
    assert {row[0] for row in _truth(sandbox, "gdrive")["postmortems"]["rows"]} == set(
        drive["exports"]
    )


def test_follows_the_world(private: Any) -> None:
    sbx, _ = private()
    before = {row[0]: row[1] for row in _truth(sbx, "pagerduty")["incidents"]["rows"]}
    sbx.advance()
    after = {row[0]: row[1] for row in _truth(sbx, "pagerduty")["incidents"]["rows"]}
    assert set(after) > set(before) or any(after[k] != v for k, v in before.items())
