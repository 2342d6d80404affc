"""Deletions at the vendor end to end (docs/retention.md, "Deletions"): an object deleted in
the sandbox is marked deleted after the next complete sync, and an interrupted sync marks
nothing.

PagerDuty (a service, a user, a team), Datadog (a monitor, a synthetic test), Sentry (a
project, a team) and GitHub (a repository, a team), in a database and a sandbox of this
module's own, with the sandbox's `deleted_inventory` quirk: the objects vanish at its first
epoch, answering the vendors' 404s, and the child inventories go with their parents (a
team's members and repository links, a user's contact methods, a repository's hooks). What
is deleted comes from the sandbox's truth endpoint.
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
#: Per inventory: (vendor, truth stream, staging model, its key as text — a pair joined by '/').
INVENTORIES = (
    ("pagerduty", "services", "stg_pagerduty__services", "service_id"),
    ("pagerduty", "users", "stg_pagerduty__users", "user_id"),
    ("pagerduty", "teams", "stg_pagerduty__teams", "team_id"),
    ("pagerduty", "team_members", "stg_pagerduty__team_members", "team_id || '/' || user_id"),
    (
        "pagerduty",
        "user_contact_methods",
        "stg_pagerduty__user_contact_methods",
        "contact_method_id",
    ),
    ("datadog", "monitors", "stg_datadog__monitors", "monitor_id"),
    ("datadog", "synthetics_tests", "stg_datadog__synthetics_tests", "synthetics_test_id"),
    ("sentry", "projects", "stg_sentry__projects", "project_id"),
    ("sentry", "teams", "stg_sentry__teams", "team_id"),
    ("github", "repositories", "stg_github__repositories", "repository_id"),
    ("github", "teams", "stg_github__teams", "team_id"),
    (
        "github",
        "repo_teams",
        "stg_github__repo_teams",
        "cast(repository_id as text) || '/' || cast(team_id as text)",
    ),
    ("github", "repo_hooks", "stg_github__repo_hooks", "hook_id"),
)
MODELS = (*(model for _, _, model, _ in INVENTORIES), "pagerduty_users", "pagerduty_teams")
#: The inventories and their parents only: the rest of these taps is not what is tested.
# The inventories and their sync records only: the other streams (incidents, log entries,
# monitor events...) mark no deletion, and at PagerDuty's page size of 2 they were most of the
# module's time.
SELECT = {
    "TAP_PAGERDUTY__SELECT": (
        '["services.*", "users.*", "teams.*", "team_members.*", "user_contact_methods.*", '
        '"inventory_syncs.*"]'
    ),
    "TAP_DATADOG__SELECT": '["monitors.*", "synthetics_tests.*", "inventory_syncs.*"]',
    "TAP_SENTRY__SELECT": '["organizations.*", "projects.*", "teams.*", "inventory_syncs.*"]',
    "TAP_GITHUB_RELIABILITY__SELECT": (
        '["teams.*", "repo_teams.*", "repositories.*", "repo_hooks.*", "inventory_syncs.*"]'
    ),
}
TAPS = ("tap-pagerduty", "tap-datadog", "tap-sentry", "tap-github-reliability")


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
            "TAP_SENTRY_BASE_URL": sandbox.vendor("sentry").url,
            "TAP_SENTRY_AUTH_TOKEN": sandbox.vendor("sentry").credentials["auth_token"],
            "TAP_GITHUB_RELIABILITY_API_URL": sandbox.vendor("github").url,
            "TAP_GITHUB_RELIABILITY_AUTH_TOKEN": sandbox.vendor("github").credentials["auth_token"],
            **SELECT,
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


def _keys(stream: dict, rows: str) -> set[str]:
    """The truth's keys of a stream (`rows` or `deleted`), as text ('/' between parts)."""
    width = len(stream["key"])
    return {"/".join(str(v) for v in row[:width]) for row in stream.get(rows) or []}


def _load_all(project) -> None:
    for tap in TAPS:
        project.meltano("run", tap, "target-postgres")


def test_a_deletion_is_marked_only_after_a_complete_sync(world):
    project, db, sandbox = world
    _load_all(project)
    _build(project)
    for _, _, model, key in INVENTORIES:
        assert not any(_deleted(db, f"staging.{model}", key).values()), model

    sandbox.advance(ANCHOR + timedelta(hours=1))
    pagerduty = _truth(sandbox, "pagerduty")
    [[service]] = pagerduty["services"]["deleted"]
    [[user]] = pagerduty["users"]["deleted"]
    [[team]] = pagerduty["teams"]["deleted"]

    # Interrupted: the second page of services fails (after the first was loaded).
    sandbox.set_faults(
        quirks=["deleted_inventory"],
        rules=[{"kind": "500", "path": "/pagerduty/services", "after": 1, "times": 10_000}],
    )
    failed = project.meltano("run", "tap-pagerduty", "target-postgres", check=False)
    assert failed.returncode != 0
    sandbox.set_faults(quirks=["deleted_inventory"])
    _build(project)
    # Nothing is marked: the interrupted sync recorded no complete inventory (nor did the
    # children of the parents it never reached).
    for vendor, _, model, key in INVENTORIES:
        if vendor == "pagerduty":
            assert not any(_deleted(db, f"staging.{model}", key).values()), model

    # Complete syncs: exactly what the vendor deleted is marked, and kept.
    _load_all(project)
    _build(project)
    truth = {
        vendor: _truth(sandbox, vendor) for vendor in ("pagerduty", "datadog", "sentry", "github")
    }
    for vendor, stream, model, key in INVENTORIES:
        marks = _deleted(db, f"staging.{model}", key)
        expected = _keys(truth[vendor][stream], "deleted")
        assert expected, f"{vendor} {stream}: the sandbox deleted nothing"
        assert {k for k, v in marks.items() if v} == expected, model
        # Every object is there once: the live ones and the deleted ones, kept.
        assert set(marks) == _keys(truth[vendor][stream], "rows") | expected, model
    # The compatibility views carry the marks.
    users = _deleted(db, "reliability.pagerduty_users", "user_id")
    assert {k for k, v in users.items() if v} == {user}
    teams = _deleted(db, "reliability.pagerduty_teams", "team_id")
    assert {k for k, v in teams.items() if v} == {team}
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
