"""Deletions at the vendor end to end (docs/retention.md, "Deletions"): an object deleted in
the sandbox is marked deleted after the next complete sync, and an interrupted sync marks
nothing.

PagerDuty (a service and a user) and Datadog (a monitor), in a database and a sandbox of this
module's own, with the sandbox's `deleted_inventory` quirk: the objects vanish at its first
epoch, answering the vendors' 404s. What is deleted comes from the sandbox's truth endpoint.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from reliability_sandbox import OrgConfig, Sandbox

pytestmark = pytest.mark.e2e

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)  # the suite's world (tests/conftest.py)
MODELS = (
    "stg_pagerduty__services",
    "stg_pagerduty__users",
    "stg_datadog__monitors",
    "pagerduty_users",
)


@pytest.fixture(scope="module")
def world(private_project):
    """A private database (tests/conftest.py) and a sandbox that deletes at its first epoch."""
    project, db = private_project
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sandbox:
        sandbox.set_faults(quirks=["deleted_inventory"])
        env = {
            **project.env,
            "TAP_PAGERDUTY_API_URL": sandbox.vendor("pagerduty").url,
            "TAP_PAGERDUTY_TOKEN": sandbox.vendor("pagerduty").credentials["token"],
            # Small pages, so that a sync can fail half-way through the services.
            "TAP_PAGERDUTY_PAGE_SIZE": "2",
            "TAP_DATADOG_API_URL": sandbox.vendor("datadog").url,
            "TAP_DATADOG_API_KEY": sandbox.vendor("datadog").credentials["api_key"],
            "TAP_DATADOG_APP_KEY": sandbox.vendor("datadog").credentials["app_key"],
        }
        yield replace(project, env=env), db, sandbox


def _truth(sandbox: Sandbox, vendor: str) -> dict:
    url = f"{sandbox.base_url}/_sandbox/truth/{vendor}"
    with urllib.request.urlopen(url, timeout=60) as resp:  # noqa: S310 - local sandbox
        return json.loads(resp.read())


def _build(project) -> None:
    project.meltano("invoke", "dbt-postgres", "run", "--select", *MODELS)


def _deleted(db, model: str, key: str) -> dict[str, bool]:
    return {str(k): v for k, v in db.query(f"select {key}, is_deleted from {model}")}


def test_a_deletion_is_marked_only_after_a_complete_sync(world):
    project, db, sandbox = world
    project.meltano("run", "tap-pagerduty", "target-postgres")
    project.meltano("run", "tap-datadog", "target-postgres")
    _build(project)
    assert not any(_deleted(db, "staging.stg_pagerduty__services", "service_id").values())

    sandbox.advance(ANCHOR + timedelta(hours=1))
    pagerduty = _truth(sandbox, "pagerduty")
    [[service]] = pagerduty["services"]["deleted"]
    [[user]] = pagerduty["users"]["deleted"]
    [[monitor]] = _truth(sandbox, "datadog")["monitors"]["deleted"]

    # Interrupted: the second page of services fails (after the first was loaded).
    sandbox.set_faults(
        quirks=["deleted_inventory"],
        rules=[{"kind": "500", "path": "/pagerduty/services", "after": 1, "times": 10_000}],
    )
    failed = project.meltano("run", "tap-pagerduty", "target-postgres", check=False)
    assert failed.returncode != 0
    sandbox.set_faults(quirks=["deleted_inventory"])
    _build(project)
    # Nothing is marked: the interrupted sync recorded no complete inventory.
    assert not any(_deleted(db, "staging.stg_pagerduty__services", "service_id").values())
    assert not any(_deleted(db, "staging.stg_pagerduty__users", "user_id").values())

    # Complete syncs: exactly what the vendor deleted is marked, and kept.
    project.meltano("run", "tap-pagerduty", "target-postgres")
    project.meltano("run", "tap-datadog", "target-postgres")
    _build(project)
    services = _deleted(db, "staging.stg_pagerduty__services", "service_id")
    assert {k for k, v in services.items() if v} == {service}
    assert len(services) == len(pagerduty["services"]["rows"]) + 1
    users = _deleted(db, "reliability.pagerduty_users", "user_id")
    assert {k for k, v in users.items() if v} == {user}
    monitors = _deleted(db, "staging.stg_datadog__monitors", "monitor_id")
    assert {k for k, v in monitors.items() if v} == {str(monitor)}
    # When it became known: the end of the complete sync, after the deletion, before now.
    deleted_at, last_seen = db.query(
        "select deleted_at, last_seen_at from staging.stg_pagerduty__services "
        f"where service_id = '{service}'"
    )[0]
    assert last_seen < deleted_at <= datetime.now(UTC).replace(tzinfo=None)

    # A deletion stays marked through later complete syncs (its time does not move).
    project.meltano("run", "tap-pagerduty", "target-postgres")
    _build(project)
    assert (
        db.query(
            f"select deleted_at from staging.stg_pagerduty__services where service_id = '{service}'"
        )[0][0]
        == deleted_at
    )
