"""End to end: `meltano run` into a real Postgres, `dbt build`, then the numbers.

The loads and the build are the session's loaded world (tests/conftest.py `world`: every source
in a `meltano run` of its own, then one `dbt build`), which the checks here only read. What
changes data, state or the sandbox runs, in order, on a copy of that world with a sandbox of
its own built from the same preset (`changes`): load again (idempotent), mutate the sandbox and
load incrementally.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from reliability_sandbox.story import story

pytestmark = pytest.mark.e2e

RAW_TABLES = {
    # raw table -> key in the sandbox's truth
    "services": "services",
    "teams": "teams",
    "users": "users",
    "escalation_policies": "escalation_policies",
    "schedules": "schedules",
    "priorities": "priorities",
    "incidents": "incidents",
    "log_entries": "log_entries",
    "incident_analytics": "analytics_raw_incidents",
}


@pytest.fixture(scope="module")
def db(world):
    """The loaded world's database (read only)."""
    return world.db


@pytest.fixture(scope="module")
def changes(world, tmp_path_factory):
    """A copy of the world and a sandbox of its own (the same preset serves the same data):
    for the reruns and the sandbox's changes, which the world's readers must not see."""
    with world.copy(tmp_path_factory.mktemp("changes"), own_sandbox=True) as copy:
        yield copy


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _expected_counts(truth: dict) -> dict[str, int]:
    counts = {table: len(truth[key]) for table, key in RAW_TABLES.items()}
    counts["team_members"] = sum(len(v) for v in truth["team_members"].values())
    counts["user_contact_methods"] = sum(len(v) for v in truth["contact_methods"].values())
    return counts


def _raw_counts(warehouse) -> dict[str, int]:
    tables = [*RAW_TABLES, "team_members", "user_contact_methods"]
    return {t: warehouse.scalar(f"select count(*) from raw_pagerduty.{t}") for t in tables}


def _expected_service_response(truth: dict) -> dict[str, tuple[float | None, float | None]]:
    """MTTA/MTTR per service, computed from what the sandbox served — not from dbt."""
    first_ack: dict[str, datetime] = {}
    resolved: dict[str, datetime] = {}
    for entry in truth["log_entries"]:
        incident_id = entry["incident"]["id"]
        at = _ts(entry["created_at"])
        if entry["type"] == "acknowledge_log_entry":
            first_ack[incident_id] = min(at, first_ack.get(incident_id, at))
        elif entry["type"] == "resolve_log_entry":
            resolved[incident_id] = at
    tta: dict[str, list[float]] = defaultdict(list)
    ttr: dict[str, list[float]] = defaultdict(list)
    for incident in truth["incidents"]:
        service = incident["service"]["summary"]
        created = _ts(incident["created_at"])
        tta.setdefault(service, [])
        ttr.setdefault(service, [])
        if incident["id"] in first_ack:
            tta[service].append((first_ack[incident["id"]] - created).total_seconds())
        if incident["id"] in resolved:
            ttr[service].append((resolved[incident["id"]] - created).total_seconds())
    return {
        service: (
            statistics.fmean(tta[service]) if tta[service] else None,
            statistics.fmean(ttr[service]) if ttr[service] else None,
        )
        for service in tta
    }


def test_el_loads_exactly_what_the_sandbox_served(world, sandbox, db):
    world.loaded("tap-pagerduty")
    assert _raw_counts(db) == _expected_counts(sandbox.vendor("pagerduty").truth())


def _count(warehouse, table: str) -> int:
    return warehouse.scalar(f"select count(*) from {table}")


def _total(mapping: dict) -> int:
    # Per-parent lists; an error body (GitHub's 410 for a repository with Actions disabled)
    # served instead of a list counts as no records.
    return sum(len(v) for v in mapping.values() if isinstance(v, list))


def test_sentry_loads_every_stream_served(world, sandbox, db, changes):
    world.loaded("tap-sentry")
    truth = sandbox.vendor("sentry").truth()
    for table in ("organizations", "projects", "teams", "issues", "releases"):
        assert _count(db, f"raw_sentry.{table}") == len(truth[table]), table
    assert _count(db, "raw_sentry.project_teams") == _total(truth["project_teams"])
    assert _count(db, "raw_sentry.issue_events") == _total(truth["issue_events"])
    assert _count(db, "raw_sentry.issue_activity") == _total(truth["issue_activity"])
    assert _count(db, "raw_sentry.release_deploys") == _total(truth["release_deploys"])
    # Resolved issues are there too: Sentry's default `is:unresolved` was not applied.
    statuses = {row[0] for row in db.query("select distinct status from raw_sentry.issues")}
    assert {"resolved", "unresolved"} <= statuses
    # A second run duplicates nothing (on the copy: the world stays as loaded).
    before = _count(changes.db, "raw_sentry.issue_events")
    assert before == _count(db, "raw_sentry.issue_events")
    changes.project.meltano("run", "tap-sentry", "target-postgres")
    assert _count(changes.db, "raw_sentry.issue_events") == before


def test_datadog_loads_every_stream_served(world, sandbox, db):
    world.loaded("tap-datadog")
    truth = sandbox.vendor("datadog").truth()
    for table in ("monitors", "monitor_events", "downtimes", "synthetics_tests", "slos"):
        assert _count(db, f"raw_datadog.{table}") == len(truth[table]), table
    assert _count(db, "raw_datadog.incidents") == len(truth["incidents"])
    assert _count(db, "raw_datadog.incident_todos") == _total(truth["incident_todos"])
    assert _count(db, "raw_datadog.synthetics_results") == _total(truth["synthetics_results"])
    # Every SLO has daily history.
    assert db.scalar("select count(distinct slo_id) from raw_datadog.slo_history") == len(
        truth["slos"]
    )


def test_github_loads_every_stream_served(world, sandbox, db, changes):
    world.loaded("tap-github-reliability")
    truth = sandbox.vendor("github").truth()
    for table in ("teams", "repositories"):
        assert _count(db, f"raw_github.{table}") == len(truth[table]), table
    for table in (
        "team_members",
        "repo_teams",
        "repo_hooks",
        "rulesets",
        "environments",
        "deployments",
        "deployment_statuses",
        "releases",
        "pull_requests",
        "workflow_runs",
    ):
        assert _count(db, f"raw_github.{table}") == _total(truth[table]), table
    # One protection row per repository, protected or not.
    assert _count(db, "raw_github.branch_protection") == len(truth["branch_protection"])
    # Webhook secrets never reach the warehouse: only the URL's host is kept.
    columns = {
        row[0]
        for row in db.query(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw_github' and table_name = 'repo_hooks'"
        )
    }
    assert "url_host" in columns
    assert not {"secret", "config", "url"} & columns
    before = _count(changes.db, "raw_github.pull_requests")
    assert before == _count(db, "raw_github.pull_requests")
    changes.project.meltano("run", "tap-github-reliability", "target-postgres")
    assert _count(changes.db, "raw_github.pull_requests") == before


def test_postmortems_load_every_document_served(world, sandbox, db, changes):
    world.loaded("tap-postmortems")
    truth = sandbox.vendor("gdrive").truth()
    # One record per exported document, parsed or not (a failure is a record saying why).
    assert _count(db, "raw_postmortems.postmortems") == len(truth["exports"])
    for table in ("affected_products", "root_causes", "timeline_events", "action_items"):
        expected = sum(len(doc["children"][table]) for doc in truth["documents"].values())
        assert _count(db, f"raw_postmortems.{table}") == expected, table
    failed = {
        row[0]
        for row in db.query(
            "select document_id from raw_postmortems.postmortems where parse_status = 'failed'"
        )
    }
    assert set(truth["malformed"]) <= failed
    # Nothing new since: a second run loads nothing twice.
    changes.project.meltano("run", "tap-postmortems", "target-postgres")
    assert _count(changes.db, "raw_postmortems.postmortems") == len(truth["exports"])


def test_survey_sheet_loads(world, db):
    # The Developer Survey (tests/test_survey.py checks every answer): loaded here so that
    # the build and the freshness check below cover it.
    world.loaded("tap-google-sheets")
    assert _count(db, 'raw_survey."Form Responses 1"') > 0


def test_dbt_build_passes_models_data_tests_and_unit_tests(world):
    proc = world.build  # the world's `meltano invoke dbt-postgres:build`
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "Completed successfully" in proc.stdout
    assert "ERROR=0" in proc.stdout.replace(" ", "")
    # The suite's other builds leave unit tests out (tests/conftest.py): this one ran them.
    finished = next(line for line in proc.stdout.splitlines() if "Finished running" in line)
    assert " unit tests" in finished, finished


def test_every_raw_table_has_a_fresh_source_freshness_check(world, db):
    proc = world.project.meltano("invoke", "dbt-postgres:freshness")
    checked = {
        line.split("freshness of ", 1)[1].split(" ", 1)[0]
        for line in proc.stdout.splitlines()
        if "PASS freshness of " in line
    }
    assert "ERROR" not in proc.stdout.replace("ERROR=0", "")
    # A table named by a spreadsheet's sheet ('Form Responses 1') is declared in snake case.
    raw_tables = {
        f"{schema.removeprefix('raw_')}.{table.lower().replace(' ', '_')}"
        for schema, table in db.query(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like 'raw\\_%' and table_schema not like '%prod%'"
        )
    }
    assert raw_tables
    assert raw_tables <= checked, sorted(raw_tables - checked)


def test_mart_mtta_and_mttr_match_an_independent_computation(sandbox, db):
    expected = _expected_service_response(sandbox.vendor("pagerduty").truth())
    rows = db.query(
        "select service_name, incidents, mtta_seconds, mttr_seconds "
        "from reliability.service_incident_response"
    )
    assert {r[0] for r in rows} == set(expected)
    for service, _incidents, mtta, mttr in rows:
        want_mtta, want_mttr = expected[service]
        for got, want in ((mtta, want_mtta), (mttr, want_mttr)):
            if want is None:
                assert got is None, service
            else:
                assert got == pytest.approx(want, abs=1.0), service


def test_incident_model_recovers_what_really_happened(sandbox, db):
    """API -> taps -> target -> staging -> marts gives the generator's ground truth.

    The sandbox knows each incident's story (impact start, detection, recovery); PagerDuty,
    Datadog and the postmortems each tell part of it. The unified incidents must give it back:
    exactly where a tool records seconds, to the minute where a postmortem writes minutes.
    """
    by_number = {inc.number: inc for inc in sandbox.org.incidents}
    pagerduty_ids = {
        i["id"]: i["incident_number"] for i in sandbox.vendor("pagerduty").truth()["incidents"]
    }
    rows = db.query(
        "select pagerduty_incident_id, postmortem_id, impact_started_at, internal_detected_at, "
        "recovered_at, seconds_to_detect, seconds_to_recover, is_customer_detected "
        "from reliability.incidents where pagerduty_incident_id is not null"
    )
    assert {r[0] for r in rows} == set(pagerduty_ids)
    checked = {"impact": 0, "recovery": 0, "postmortem": 0}
    for pd_id, postmortem_id, impact, detected, recovered, ttd, ttr, by_customer in rows:
        inc = by_number[pagerduty_ids[pd_id]]
        truth = story(sandbox.org, inc)
        assert abs(detected.replace(tzinfo=UTC) - truth.internal_detected_at) < timedelta(
            seconds=60
        )
        if truth.has_postmortem and truth.postmortem_at <= sandbox.org.now:
            checked["postmortem"] += postmortem_id is not None
        if impact is None:
            continue
        checked["impact"] += 1
        assert abs(impact.replace(tzinfo=UTC) - truth.impact_started_at) < timedelta(seconds=60)
        expected_ttd = (truth.internal_detected_at - truth.impact_started_at).total_seconds()
        assert abs(ttd - expected_ttd) < 120, pd_id
        assert by_customer == (inc.detection == "customer"), pd_id
        if truth.recovered_at is not None and recovered is not None:
            checked["recovery"] += 1
            assert abs(recovered.replace(tzinfo=UTC) - truth.recovered_at) < timedelta(seconds=60)
            expected_ttr = (truth.recovered_at - truth.impact_started_at).total_seconds()
            assert abs(ttr - expected_ttr) < 120, pd_id
    # The checks covered real cases, not an empty join.
    assert checked["impact"] > 10
    assert checked["recovery"] > 10
    assert checked["postmortem"] > 5
    # A few postmortems cite no PagerDuty or Datadog incident: the fallback link (same
    # service, overlapping times) must still find the incident each one describes.
    key_of = {inc.number: inc.key for inc in sandbox.org.incidents}
    incident_of = {key_of[number]: pd_id for pd_id, number in pagerduty_ids.items()}
    linked = {
        postmortem_id: (pd_id, how)
        for postmortem_id, pd_id, how in db.query(
            "select postmortem_id, pagerduty_incident_id, postmortem_link "
            "from reliability.incidents where postmortem_id is not null"
        )
    }
    documents = sandbox.vendor("gdrive").truth()["documents"]
    uncited = {
        doc_id: doc["incident_key"]
        for doc_id, doc in documents.items()
        if doc["expected"]["pagerduty_incident_id"] is None
        and doc["expected"]["datadog_incident_id"] is None
    }
    assert uncited
    for doc_id, incident_key in uncited.items():
        assert linked[doc_id] == (incident_of[incident_key], "service_and_time"), doc_id
    # Every other postmortem is linked through the id it cites.
    for doc_id, doc in documents.items():
        if doc_id not in uncited:
            assert linked[doc_id] == (incident_of[doc["incident_key"]], "cited"), doc_id


def test_datadog_test_incidents_are_flagged_in_staging_and_in_no_incident(sandbox, db):
    served = {
        i["id"]
        for i in sandbox.vendor("datadog").truth()["incidents"]
        if i["attributes"]["is_test"]
    }
    assert served  # the sandbox declares one next to a real page
    flagged = {
        row[0]
        for row in db.query("select incident_id from staging.stg_datadog__incidents where is_test")
    }
    assert flagged == served
    ids = ", ".join(f"'{i}'" for i in sorted(served))
    assert (
        db.scalar(
            f"select count(*) from reliability.incidents where datadog_incident_id in ({ids})"
        )
        == 0
    )
    assert db.scalar(
        "select records from reliability.data_quality_checks "
        "where check_name = 'datadog_test_incident'"
    ) == len(served)


def test_action_items_and_synthetic_uptime_match_what_datadog_served(sandbox, db):
    truth = sandbox.vendor("datadog").truth()
    tests_only = {i["id"] for i in truth["incidents"] if i["attributes"]["is_test"]}
    todos = [
        todo["attributes"]
        for incident_id, items in truth["incident_todos"].items()
        if incident_id not in tests_only and isinstance(items, list)
        for todo in items
    ]
    done = [t for t in todos if t["completed"]]
    row = db.query(
        "select count(*), sum(case when is_completed then 1 else 0 end), sum(seconds_to_close) "
        "from reliability.action_items where source = 'datadog'"
    )[0]
    assert row == (
        len(todos),
        len(done),
        sum((_ts(t["completed"]) - _ts(t["created"])).total_seconds() for t in done),
    )
    # Run success per synthetic test and UTC month, from the served results.
    runs: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0])
    browser = {t["public_id"] for t in truth["synthetics_tests"] if t.get("type") == "browser"}
    for test_id, results in truth["synthetics_results"].items():
        for result in results if isinstance(results, list) else []:
            at = datetime.fromtimestamp(result["check_time"] / 1000, UTC)
            passed = result["result"].get("passed")
            if passed is None and test_id in browser:
                passed = not result["result"].get("errorCount")
            counts = runs[(test_id, date(at.year, at.month, 1))]
            counts[0] += 1
            counts[1] += bool(passed)
    measured = {
        (test_id, month): [total, passed]
        for test_id, month, total, passed in db.query(
            "select synthetics_test_id, month_start, runs, passed_runs "
            "from reliability.synthetics_uptime_monthly"
        )
    }
    assert measured == dict(runs)


def test_repository_standards_match_what_github_served(sandbox, db):
    truth = sandbox.vendor("github").truth()
    # Keyed by repository name: team permissions as (team, permission), protection bodies.
    owned = {
        name
        for name, teams in truth["repo_teams"].items()
        if any(permission in ("admin", "maintain") for _team, permission in teams)
    }
    protected = {
        name
        for name, body in truth["branch_protection"].items()
        if body.get("required_status_checks")
        and (body.get("required_pull_request_reviews") or {}).get(
            "required_approving_review_count", 0
        )
        >= 1
    }
    rows = db.query(
        "select repository_name, is_owned_by_team, meets_branch_protection "
        "from reliability.repository_standards"
    )
    assert {r[0] for r in rows} == {r["name"] for r in truth["repositories"]}
    for name, is_owned, meets_protection in rows:
        assert is_owned == (name in owned), name
        assert meets_protection == (name in protected), name
    # The sandbox breaks the standards on purpose: both outcomes occur.
    assert {r[1] for r in rows} == {True, False}
    assert {r[2] for r in rows} == {True, False}


def test_deployments_that_caused_incidents_are_change_failures(sandbox, db):
    """The sandbox knows which deployment caused which incident; DORA must count each one,
    and no other: change-failure precision and recall are both 100 %."""
    causing = {
        str(d["id"]) for d in sandbox.vendor("github").truth()["incident_deployments"].values()
    }
    assert causing
    flagged = {
        str(row[0])
        for row in db.query(
            "select deployment_id from intermediate.int_github_deployments_joined_to_incidents "
            "where is_change_failure"
        )
    }
    assert flagged - causing == set(), "precision: deployments flagged that caused nothing"
    assert causing - flagged == set(), "recall: causing deployments not flagged"
    failures, deployments = db.query(
        "select sum(change_failures), sum(deployments) from reliability.dora_monthly"
    )[0]
    assert failures == len(flagged)
    assert deployments > failures
    # Where the incident has a postmortem, it cites the pull request the deployment shipped
    # (owner/repo#n), and the link is made through that citation, to the right incident.
    github = sandbox.vendor("github").truth()
    pagerduty_id = {
        i["incident_number"]: i["id"] for i in sandbox.vendor("pagerduty").truth()["incidents"]
    }
    number_of = {inc.key: inc.number for inc in sandbox.org.incidents}
    reason = {
        str(deployment_id): (how, incident_key)
        for deployment_id, how, incident_key in db.query(
            "select deployment_id, change_failure_reason, incident_key "
            "from intermediate.int_github_deployments_joined_to_incidents"
        )
    }
    # Each causing deployment carries the incident it caused (one incident, one deployment).
    for key, deployment in github["incident_deployments"].items():
        assert reason[str(deployment["id"])][1] == f"pagerduty:{pagerduty_id[number_of[key]]}", key
    cited = 0
    for doc in sandbox.vendor("gdrive").truth()["documents"].values():
        key = doc["incident_key"]
        if key not in github["incident_deployments"]:
            assert doc["cited_pull_request"] is None
            continue
        pull = github["incident_pull_requests"][key]
        assert doc["cited_pull_request"] == f"{pull['base']['repo']['full_name']}#{pull['number']}"
        assert pull["merged_at"] is not None
        deployment = str(github["incident_deployments"][key]["id"])
        assert reason[deployment] == (
            "cited_by_postmortem",
            f"pagerduty:{pagerduty_id[number_of[key]]}",
        ), key
        cited += 1
    assert cited > 0


def _expected_pages(truth: dict) -> tuple[int, int, int]:
    """Pages (incident, responder), off-hours and sleep-hour ones, from the served log entries."""
    zones = {u["id"]: u["time_zone"] for u in truth["users"]}
    first: dict[tuple[str, str], datetime] = {}
    for entry in truth["log_entries"]:
        if entry["type"] != "notify_log_entry" or not entry.get("user"):
            continue
        key = (entry["incident"]["id"], entry["user"]["id"])
        at = _ts(entry["created_at"])
        first[key] = min(at, first.get(key, at))
    off_hours = sleep = 0
    for (_incident, user), at in first.items():
        local = at.astimezone(ZoneInfo(zones.get(user, "UTC")))
        off_hours += not (local.weekday() < 5 and 9 <= local.hour < 18)
        sleep += local.hour >= 22 or local.hour < 7
    return len(first), off_hours, sleep


def test_oncall_pages_match_an_independent_count(sandbox, db):
    expected = _expected_pages(sandbox.vendor("pagerduty").truth())
    got = db.query(
        "select sum(pages), sum(off_hours_pages), sum(sleep_hour_pages) "
        "from reliability.oncall_responder_weekly"
    )[0]
    assert tuple(int(v) for v in got) == expected
    by_service = db.scalar("select sum(pages) from reliability.oncall_service_noise_monthly")
    assert by_service == expected[0]


def _week(value: str) -> date:
    day = _ts(value).date()
    return day - timedelta(days=day.weekday())


def test_sentry_weekly_errors_match_the_served_lifecycle(sandbox, db):
    truth = sandbox.vendor("sentry").truth()
    project_of = {i["id"]: i["project"]["id"] for i in truth["issues"]}
    resolved: set[tuple[str, str, date]] = set()
    regressed: set[tuple[str, str, date]] = set()
    for issue_id, activity in truth["issue_activity"].items():
        for entry in activity:
            fact = (project_of[issue_id], issue_id, _week(entry["dateCreated"]))
            if entry["type"].startswith("set_resolved"):
                resolved.add(fact)
            elif entry["type"] == "set_regression":
                regressed.add(fact)
    got = db.query(
        "select sum(new_issues), sum(regressed_issues), sum(resolved_issues), sum(events) "
        "from reliability.sentry_project_errors_weekly"
    )[0]
    events = sum(len(v) for v in truth["issue_events"].values())
    assert tuple(int(v) for v in got) == (
        len(truth["issues"]),
        len(regressed),
        len(resolved),
        events,
    )


def test_slo_daily_sli_equals_datadogs_own(db):
    loaded_days = db.scalar("select count(*) from raw_datadog.slo_history")
    assert loaded_days > 0
    days, worst = db.query(
        "select count(*), max(abs(sli_1d_difference)) "
        "from reliability.slo_error_budget_daily where has_data"
    )[0]
    assert days == loaded_days
    assert worst == 0


def test_service_catalogue_joins_every_source_by_name(sandbox, db):
    services = {s["name"] for s in sandbox.vendor("pagerduty").truth()["services"]}
    rows = db.query(
        "select service_name, sentry_projects, datadog_monitors, github_repositories, "
        "owning_team_key from reliability.services"
    )
    assert {r[0] for r in rows} == services
    for name, projects, monitors, repositories, team in rows:
        assert projects == 1, name
        assert monitors > 0, name
        assert repositories == 1, name
        assert team, name
    # The scorecard attributes every incident and every Sentry issue to exactly one row.
    incidents, new_issues = db.query(
        "select sum(paged_incidents), sum(new_sentry_issues) "
        "from reliability.service_scorecard_monthly"
    )[0]
    assert incidents == len(sandbox.vendor("pagerduty").truth()["incidents"])
    assert new_issues == len(sandbox.vendor("sentry").truth()["issues"])


def test_rerunning_without_changes_duplicates_nothing(changes):
    project, warehouse = changes.project, changes.db
    before = _raw_counts(warehouse)
    project.meltano("run", "tap-pagerduty", "target-postgres")
    assert _raw_counts(warehouse) == before
    # The staging models see one row per key as well.
    assert (
        warehouse.scalar("select count(*) from staging.stg_pagerduty__incidents")
        == (before["incidents"])
    )


def test_incremental_run_after_changes_captures_resolutions(changes):
    project, sandbox, warehouse = changes.project, changes.sandbox, changes.db
    open_before = {
        row[0]
        for row in warehouse.query(
            "select id from raw_pagerduty.incidents where status <> 'resolved'"
        )
    }
    assert open_before
    sandbox.advance()
    truth = sandbox.vendor("pagerduty").truth()
    resolved_now = {
        i["id"] for i in truth["incidents"] if i["id"] in open_before and i["status"] == "resolved"
    }
    assert resolved_now

    project.meltano("run", "tap-pagerduty", "target-postgres")
    assert _raw_counts(warehouse) == _expected_counts(truth)
    # The model and what it reads, with their data tests: not the ~1,000 nodes of the project.
    # A staging table replaced drops the views on it (dbt-postgres drops the old table with
    # `cascade`), e.g. the compat layer's: the module's last test builds everything again.
    project.meltano(
        "invoke", "dbt-postgres", "build", "--select", "+int_pagerduty_incidents_measured"
    )
    ids = ", ".join(f"'{i}'" for i in sorted(resolved_now))
    statuses = warehouse.query(
        "select is_resolved, seconds_to_resolve is not null "
        f"from intermediate.int_pagerduty_incidents_measured where incident_id in ({ids})"
    )
    assert len(statuses) == len(resolved_now)
    assert all(is_resolved and has_ttr for is_resolved, has_ttr in statuses)


def test_interrupted_load_resumes_without_loss_or_duplicates(changes):
    project, sandbox, warehouse = changes.project, changes.sandbox, changes.db
    sandbox.advance()
    sandbox.set_faults(
        {"rules": [{"kind": "500", "path": "/pagerduty/log_entries", "times": 10_000}]}
    )
    failed = project.meltano("run", "tap-pagerduty", "target-postgres", check=False)
    assert failed.returncode != 0
    sandbox.set_faults({"rules": []})
    project.meltano("run", "tap-pagerduty", "target-postgres")
    assert _raw_counts(warehouse) == _expected_counts(sandbox.vendor("pagerduty").truth())


def test_prod_environment_takes_credentials_and_warehouse_from_the_environment(changes):
    """The card's headline usage: `meltano --environment=prod run tap-pagerduty target-postgres`
    with TAP_PAGERDUTY_TOKEN and TARGET_POSTGRES_* set (the API URL points at the sandbox here)."""
    project, sandbox, warehouse = changes.project, changes.sandbox, changes.db
    env = {
        k: v
        for k, v in project.env.items()
        if not k.startswith(("TARGET_POSTGRES_", "DBT_POSTGRES_"))
    }
    env.update(
        {
            "TARGET_POSTGRES_HOST": warehouse.host,
            "TARGET_POSTGRES_PORT": str(warehouse.port),
            "TARGET_POSTGRES_USER": warehouse.user,
            # Trust authentication ignores it, but the target requires one.
            "TARGET_POSTGRES_PASSWORD": warehouse.password or "unused",
            "TARGET_POSTGRES_DATABASE": warehouse.database,
            "TARGET_POSTGRES_DEFAULT_TARGET_SCHEMA": "raw_pagerduty_prod",
            # prod pseudonymises people at ingestion and refuses to run without the key
            # (docs/privacy.md); a user sets it in .env like the token.
            "PRIVACY_PSEUDONYM_KEY": "test-only-pseudonym-key-0123456789abcdef",
        }
    )
    project.meltano("run", "tap-pagerduty", "target-postgres", environment="prod", env=env)
    assert warehouse.scalar("select count(*) from raw_pagerduty_prod.incidents") == len(
        sandbox.vendor("pagerduty").truth()["incidents"]
    )
    wrong = {**env, "TAP_PAGERDUTY_TOKEN": "revoked-token"}
    failed = project.meltano(
        "run", "tap-pagerduty", "target-postgres", environment="prod", env=wrong, check=False
    )
    assert failed.returncode != 0
    assert "TAP_PAGERDUTY_TOKEN" in failed.stdout + failed.stderr


# Models that read only what each load added (transform/macros/incremental.sql).
INCREMENTAL_MODELS = (
    "staging.stg_pagerduty__log_entries",
    "staging.stg_sentry__issue_events",
    "staging.stg_sentry__issue_activity",
    "staging.stg_sentry__issues",
    "staging.stg_github__pull_requests",
    "staging.stg_datadog__monitor_events",
    "staging.stg_datadog__slo_history",
    "intermediate.int_datadog_slo_history_filled_to_days",
    "reliability.slo_error_budget_daily",
)
#: dbt's vars for a build without the incremental models' lookback.
NO_LOOKBACK = ("--vars", "{incremental_lookback_minutes: 0}")
EL_JOBS = (
    "tap-pagerduty",
    "tap-sentry",
    "tap-datadog",
    "tap-github-reliability",
    "tap-postmortems",
)


def _rows_written(project) -> dict[str, int]:
    """Rows each model's last statement wrote in the last dbt invocation (run_results.json)."""
    results = json.loads((Path(project.env["DBT_TARGET_PATH"]) / "run_results.json").read_text())
    out = {}
    for result in results["results"]:
        if result["unique_id"].startswith("model."):
            name = result["unique_id"].rsplit(".", 1)[1]
            out[name] = int(result["adapter_response"].get("rows_affected", -1))
    return out


def test_incremental_models_equal_a_full_rebuild(changes):
    """After a sync of new data, an incremental build reads only the new rows, and the result
    is row for row what a full rebuild gives."""
    project, sandbox, warehouse = changes.project, changes.sandbox, changes.db
    before = {m: _count(warehouse, m) for m in INCREMENTAL_MODELS}
    sandbox.advance()
    for tap in EL_JOBS:
        project.meltano("run", tap, "target-postgres")
    # No lookback: every load of this session falls within minutes of the next, and the
    # lookback's own rule is a unit test (pagerduty_log_entries). The incremental models and
    # what they read, not the whole project: the demo job builds it all after incremental
    # loads (tests/test_orchestrator.py).
    project.meltano(
        *("invoke", "dbt-postgres", "build", "--select", "+config.materialized:incremental"),
        # Their tests, not a relationship to a model left out (it may be stale here).
        "--indirect-selection=cautious",
        *NO_LOOKBACK,
    )
    written = _rows_written(project)
    after = {m: _count(warehouse, m) for m in INCREMENTAL_MODELS}
    for model in INCREMENTAL_MODELS:
        name = model.split(".")[1]
        # The new sync added rows, and the build wrote only the rows loaded since the last
        # one (plus the lookback), not the whole table.
        assert after[model] > before[model], model
        assert 0 < written[name] < after[model], (model, written[name], after[model])

    warehouse.execute("drop schema if exists incremental_check cascade")
    warehouse.execute("create schema incremental_check")
    for model in INCREMENTAL_MODELS:
        name = model.split(".")[1]
        warehouse.execute(f"create table incremental_check.{name} as select * from {model}")
    # `build`, not `run`: the incremental models' unit tests must pass under --full-refresh too
    # (the suite's builds leave them out unless asked: tests/conftest.py ALL_RESOURCES).
    project.meltano(
        "invoke",
        "dbt-postgres",
        "build",
        "--full-refresh",
        "--select",
        "config.materialized:incremental",
        # Not the marts that keep history: never rebuilt (docs/retention.md).
        "--exclude",
        "config.full_refresh:false",
        # The same vars (a full refresh reads no lookback): another set would parse the
        # whole project again.
        *NO_LOOKBACK,
        env=project.env | {"DBT_EXCLUDE_RESOURCE_TYPES": ""},
    )
    assert _rows_written(project).keys() >= {m.split(".")[1] for m in INCREMENTAL_MODELS}
    for model in INCREMENTAL_MODELS:
        name = model.split(".")[1]
        assert _count(warehouse, model) == after[model], model
        for left, right in (
            (model, f"incremental_check.{name}"),
            (f"incremental_check.{name}", model),
        ):
            missing = warehouse.scalar(
                f"select count(*) from (select * from {left} except all select * from {right}) as d"
            )
            assert missing == 0, f"{left} has {missing} rows {right} lacks"
