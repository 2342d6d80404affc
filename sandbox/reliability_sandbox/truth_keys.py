"""The sandbox's truth per stream, key by key: what a loaded warehouse must hold.

``GET /_sandbox/truth/<vendor>`` (``pagerduty``, ``sentry``, ``datadog``, ``github``,
``gdrive``; ``GET /_sandbox/truth`` lists them) answers, for each raw table a tap loads::

    {"issues": {"key": ["id"], "version": "lastSeen",
                "rows": [["1000000473", "2026-05-31T23:58:31Z"], ...]}, ...}

``key`` names the table's primary-key columns, ``version`` the column that changes when the
object changes (``null``: the object has no version marker; only its presence is checked),
and each row is the key's values followed by the version the API serves now. A fault test
reconciles the warehouse with it: every key exactly once, none missing, no stale version.
Under the ``deleted_inventory`` quirk, an inventory stream (PagerDuty ``services``,
``users``, ``teams``, Datadog ``monitors``, ``synthetics_tests``, Sentry ``projects``,
``teams``, GitHub ``repositories``, ``teams``) and the child inventories that went with them
(PagerDuty ``team_members`` and ``user_contact_methods``, GitHub ``repo_teams`` and
``repo_hooks``) also list, under ``deleted``, the keys of the objects deleted at the vendor
(no longer in its rows; the warehouse keeps them, marked deleted).

Built from each vendor's ``truth()`` (what the API serves now, quirks included), so it moves
with :meth:`SandboxApp.advance`. Streams whose rows the sandbox cannot enumerate exactly
(PagerDuty on-calls, a window of a schedule) are left out rather than approximated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from reliability_sandbox.server import SandboxApp

Rows = list[list[Any]]

VENDORS = ("pagerduty", "sentry", "datadog", "github", "gdrive")


def _lists(mapping: dict[Any, Any]) -> Iterable[tuple[Any, list[Any]]]:
    # A per-parent error body (GitHub's 410 for disabled Actions) holds no records.
    return ((k, v) for k, v in mapping.items() if isinstance(v, list))


def _stream(key: list[str], version: str | None, rows: Rows) -> dict[str, Any]:
    return {"key": key, "version": version, "rows": rows}


def _ids(objects: list[dict[str, Any]], version: str | None = None, key: str = "id") -> Rows:
    return [[o[key], o.get(version) if version else None] for o in objects]


def _pagerduty(t: dict[str, Any]) -> dict[str, Any]:
    streams = {
        name: _stream(["id"], None, _ids(t[name]))
        for name in ("services", "teams", "users", "escalation_policies", "schedules", "priorities")
    }
    streams["team_members"] = _stream(
        ["team_id", "user_id"],
        None,
        [
            [team, m["user"]["id"], None]
            for team, members in _lists(t["team_members"])
            for m in members
        ],
    )
    streams["user_contact_methods"] = _stream(
        ["id"], None, [[c["id"], None] for _, cms in _lists(t["contact_methods"]) for c in cms]
    )
    streams["incidents"] = _stream(["id"], "updated_at", _ids(t["incidents"], "updated_at"))
    streams["log_entries"] = _stream(["id"], None, _ids(t["log_entries"]))
    streams["incident_analytics"] = _stream(
        ["id"], "resolved_at", _ids(t["analytics_raw_incidents"], "resolved_at")
    )
    return streams


def _sentry(t: dict[str, Any]) -> dict[str, Any]:
    project_ids = {p["slug"]: p["id"] for p in t["projects"]}
    org = t["organizations"][0]["slug"] if t["organizations"] else None
    return {
        "organizations": _stream(["id"], None, _ids(t["organizations"])),
        "projects": _stream(["id"], None, _ids(t["projects"])),
        "teams": _stream(["id"], None, _ids(t["teams"])),
        "project_teams": _stream(
            ["project_id", "team_id"],
            None,
            [
                [project_ids[slug], team["id"], None]
                for slug, teams in _lists(t["project_teams"])
                for team in teams
            ],
        ),
        "issues": _stream(["id"], "lastSeen", _ids(t["issues"], "lastSeen")),
        "issue_events": _stream(
            ["id"], None, [[e["id"], None] for _, es in _lists(t["issue_events"]) for e in es]
        ),
        "issue_activity": _stream(
            ["id"], None, [[a["id"], None] for _, acts in _lists(t["issue_activity"]) for a in acts]
        ),
        "releases": _stream(
            ["organization", "version"], None, [[org, r["version"], None] for r in t["releases"]]
        ),
        "release_deploys": _stream(
            ["id"],
            "dateFinished",
            [
                [d["id"], d.get("dateFinished")]
                for _, ds in _lists(t["release_deploys"])
                for d in ds
            ],
        ),
    }


def _datadog(t: dict[str, Any]) -> dict[str, Any]:
    def modified(o: dict[str, Any]) -> Any:  # noqa: ANN401 - a JSON value
        return (o.get("attributes") or {}).get("modified")

    metric = {o["id"] for o in t["slos"] if o.get("type") == "metric"}
    return {
        "monitors": _stream(["id"], "modified", _ids(t["monitors"], "modified")),
        "monitor_events": _stream(["id"], None, _ids(t["monitor_events"])),
        "downtimes": _stream(["id"], "modified", _ids(t["downtimes"], "modified")),
        "synthetics_tests": _stream(
            ["public_id"], "modified_at", _ids(t["synthetics_tests"], "modified_at", "public_id")
        ),
        "synthetics_results": _stream(
            ["result_id"],
            None,
            [[r["result_id"], None] for _, rs in _lists(t["synthetics_results"]) for r in rs],
        ),
        "slos": _stream(["id"], "modified_at", _ids(t["slos"], "modified_at")),
        # A metric SLO's day changes when a status correction excludes part of it (its
        # good events are the version; a monitor SLO's carry none: null).
        "slo_history": _stream(
            ["slo_id", "date"],
            "good_events",
            [
                [slo, day, facts["good"] if slo in metric else None]
                for (slo, day), facts in t["slo_days"].items()
            ],
        ),
        "incidents": _stream(["id"], "modified", [[i["id"], modified(i)] for i in t["incidents"]]),
        "incident_todos": _stream(
            ["id"],
            "modified",
            [[d["id"], modified(d)] for _, todos in _lists(t["incident_todos"]) for d in todos],
        ),
    }


def _github(t: dict[str, Any]) -> dict[str, Any]:
    team_ids = {team["slug"]: team["id"] for team in t["teams"]}
    repo_ids = {repo["name"]: repo["id"] for repo in t["repositories"]}

    def per_repo(name: str, version: str | None = "updated_at") -> dict[str, Any]:
        return _stream(
            ["id"],
            version,
            [
                [o["id"], o.get(version) if version else None]
                for _, os in _lists(t[name])
                for o in os
            ],
        )

    return {
        "teams": _stream(["id"], None, _ids(t["teams"])),
        "team_members": _stream(
            ["team_id", "user_id"],
            None,
            [
                [team_ids[slug], m["user"]["id"], None]
                for slug, members in _lists(t["team_member_users"])
                for m in members
            ],
        ),
        "repositories": _stream(["id"], "updated_at", _ids(t["repositories"], "updated_at")),
        "repo_teams": _stream(
            ["repository_id", "team_id"],
            None,
            [
                [repo_ids[repo], team_ids[slug], None]
                for repo, teams in _lists(t["repo_teams"])
                for slug, _permission in teams
            ],
        ),
        "repo_hooks": per_repo("repo_hooks"),
        "branch_protection": _stream(
            ["repository_id"], None, [[repo["id"], None] for repo in t["repositories"]]
        ),
        "rulesets": _stream(
            ["repository_id", "id"],
            "updated_at",
            [
                [repo_ids[repo], r["id"], r.get("updated_at")]
                for repo, rs in _lists(t["rulesets"])
                for r in rs
            ],
        ),
        "environments": per_repo("environments"),
        "pull_requests": per_repo("pull_requests"),
        "releases": per_repo("releases"),
        "workflow_runs": per_repo("workflow_runs"),
        "deployments": per_repo("deployments"),
        "deployment_statuses": per_repo("deployment_statuses", None),
    }


def _gdrive(t: dict[str, Any]) -> dict[str, Any]:
    modified = {f["id"]: f["modifiedTime"] for f in t["files"]}
    streams = {
        "postmortems": _stream(
            ["document_id"], "modified_time", [[doc, modified[doc]] for doc in t["exports"]]
        )
    }
    for table in ("affected_products", "root_causes", "timeline_events", "action_items"):
        streams[table] = _stream(
            ["document_id", "position"],
            "modified_time",
            [
                [doc, position, modified[doc]]
                for doc, parsed in t["documents"].items()
                for position, _row in enumerate(parsed["children"][table])
            ],
        )
    return streams


_BUILDERS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "pagerduty": ("/pagerduty", _pagerduty),
    "sentry": ("/sentry", _sentry),
    "datadog": ("/datadog", _datadog),
    "github": ("/github", _github),
    "gdrive": ("/google", _gdrive),
}


def truth_keys(app: SandboxApp, vendor: str) -> dict[str, Any]:
    """Per stream: key columns, version column and rows, as the vendor serves them now.

    Raises:
        KeyError: If the vendor is unknown or not mounted.
    """
    prefix, build = _BUILDERS[vendor]
    api = app.vendors[prefix]
    with app.lock:
        # With the run's quirks: what a vanished child answers, deleted objects, ...
        truth = api.truth(app.faults.quirks)
    streams = build(truth)
    # Objects deleted at the vendor (quirk ``deleted_inventory``): gone from the stream's
    # rows, and listed under the stream's ``deleted`` (their keys) for a deletion check.
    for name, keys in (truth.get("deleted") or {}).items():
        if name in streams:
            # A composite key (a team membership) comes as its list of values.
            streams[name]["deleted"] = [key if isinstance(key, list) else [key] for key in keys]
    return streams
