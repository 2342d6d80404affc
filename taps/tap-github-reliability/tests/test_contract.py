"""The tap against GitHub's own REST description, and against the real API's habits.

Expected values come from GitHub's published description (`contracts/github.json`, from
`@octokit/openapi`) and from what the sandbox served — never from the tap's own code:

a) every stream declares each field GitHub documents for the list it reads, or the tap
   README's table says why not (and the table names nothing GitHub does not document or
   the tap does emit);
b) one sync of every stream against a contract-checking sandbox with every quirk of the
   real API switched on: exit 0, no request or answer outside the contract, every
   operation exercised, every record equal, field by field, to what was served;
c) a regression test for each bug fixed (issue 12).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests
from github_harness import ANCHOR, KEYS, STREAMS, run_tap, tap_config
from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.contracts import load_contract, readme_exclusions, schema_gaps
from reliability_sandbox.faults import QUIRKS
from reliability_sandbox.vendors.github import SHORT_PAGE
from reliability_tap_runtime.inventory import INVENTORY_SYNCS
from singer_sdk.exceptions import FatalAPIError
from tap_github_reliability.client import ChildUnavailableError, GitHubAuthError, decoded_body
from tap_github_reliability.tap import TapGitHubReliability

README = Path(__file__).parents[1] / "README.md"
#: The operation (and envelope key) each stream reads.
OPERATIONS: dict[str, tuple[str, str | None]] = {
    "teams": ("/orgs/{org}/teams", None),
    "team_members": ("/orgs/{org}/teams/{team_slug}/members", None),
    "repo_teams": ("/orgs/{org}/teams/{team_slug}/repos", None),
    "repositories": ("/orgs/{org}/repos", None),
    "repo_hooks": ("/repos/{owner}/{repo}/hooks", None),
    "branch_protection": ("/repos/{owner}/{repo}/branches/{branch}/protection", None),
    "rulesets": ("/repos/{owner}/{repo}/rulesets", None),
    "environments": ("/repos/{owner}/{repo}/environments", "environments"),
    "deployments": ("/repos/{owner}/{repo}/deployments", None),
    "deployment_statuses": ("/repos/{owner}/{repo}/deployments/{deployment_id}/statuses", None),
    "releases": ("/repos/{owner}/{repo}/releases", None),
    "pull_requests": ("/repos/{owner}/{repo}/pulls", None),
    "workflow_runs": ("/repos/{owner}/{repo}/actions/runs", "workflow_runs"),
}
#: Words a README reason must use (the categories the issue accepts, said plainly).
REASONS = re.compile(
    r"hypermedia|secret|detail-only|never sent|deprecated|duplicate|flattened|emitted as|"
    r"folded into|reduced to"
)
#: After these, the backticked names up to a parenthesis, colon or semicolon are columns
#: of the stream.
NAMING = re.compile(r"(?:flattened into|emitted as|folded into|reduced to|duplicate of)([^(:;]*)")
ORG = "acme"


def _schemas() -> dict[str, dict[str, Any]]:
    tap = TapGitHubReliability(
        config={"auth_token": "x", "organizations": [ORG]}, parse_env_config=False
    )
    # inventory_syncs is the runtime's completion marker, not a GitHub resource.
    return {name: stream.schema for name, stream in tap.streams.items() if name != INVENTORY_SYNCS}


SCHEMAS = _schemas()
CONTRACT = load_contract("github")
EXCLUDED = readme_exclusions(README.read_text(encoding="utf-8"))


def _vendor(stream: str) -> dict[str, Any]:
    path, collection = OPERATIONS[stream]
    return CONTRACT.item_schema("GET", path, collection)


def _gaps(stream: str) -> dict[str, str]:
    return {g.path: g.problem for g in schema_gaps(SCHEMAS[stream], _vendor(stream), CONTRACT.defs)}


def _walk(schema: dict[str, Any], path: str, *, vendor: bool) -> dict[str, Any] | None:
    """The (sub)schema at `a.b[].c`, or None where the schema declares no such field."""
    node: dict[str, Any] | None = schema
    for part in path.split("."):
        name, _, rest = part.partition("[]")
        if node is None:
            return None
        props = _properties(node, vendor=vendor)
        if name not in props:
            return None
        node = props[name]
        if rest == "" and part.endswith("[]"):
            node = _merged(node, vendor=vendor).get("items") or {}
    return node


def _merged(node: dict[str, Any], *, vendor: bool) -> dict[str, Any]:
    if not vendor:
        return node
    from reliability_sandbox.contracts import _merged as merged  # noqa: PLC0415

    return merged(node, CONTRACT.defs)


def _properties(node: dict[str, Any], *, vendor: bool) -> dict[str, Any]:
    return _merged(node, vendor=vendor).get("properties") or {}


# ---------------------------------------------------------------- a) schema completeness


def test_every_stream_reads_an_operation_of_the_contract():
    assert set(OPERATIONS) == set(STREAMS) == set(SCHEMAS)
    listed = {op.path for op in CONTRACT.operations}
    assert {path for path, _ in OPERATIONS.values()} <= listed
    # The only other operation: the organisation, checked before any stream.
    assert listed - {path for path, _ in OPERATIONS.values()} == {"/orgs/{org}"}


@pytest.mark.parametrize("stream", STREAMS)
def test_every_documented_field_is_declared_or_explained(stream):
    unexplained = [
        f"{path}: {problem}"
        for path, problem in _gaps(stream).items()
        if (stream, path) not in EXCLUDED
    ]
    assert not unexplained, f"{stream}: add them to the schema or to the README table"


def test_the_readme_table_has_no_stale_row():
    assert len(EXCLUDED) > 100  # the table was found and parsed
    stale = []
    for (stream, path), why in EXCLUDED.items():
        if stream not in OPERATIONS:
            stale.append(f"{stream}: not a stream")
            continue
        if _walk(_vendor(stream), path, vendor=True) is None:
            stale.append(f"{stream}.{path}: GitHub does not document it")
        if _walk(SCHEMAS[stream], path, vendor=False) is not None and path not in _gaps(stream):
            stale.append(f"{stream}.{path}: the stream emits it")
        if not REASONS.search(why):
            stale.append(f"{stream}.{path}: say which kind of reason ({why})")
        stale += [
            f"{stream}.{path}: names `{column}`, not a field of the stream"
            for named in NAMING.findall(why)
            for column in re.findall(r"`([a-z_][\w.\[\]]*)`", named)
            if _walk(SCHEMAS[stream], column, vendor=False) is None
        ]
    assert not stale


def test_hook_secrets_are_never_declared():
    assert ("repo_hooks", "config.secret") in EXCLUDED
    assert "secret" not in SCHEMAS["repo_hooks"]["properties"]
    assert ("repositories", "temp_clone_token") in EXCLUDED


def test_every_field_is_described_nullable_and_open():
    def check(schema: dict[str, Any], where: str) -> list[str]:
        bad = []
        for name, prop in (schema.get("properties") or {}).items():
            path = f"{where}.{name}"
            if not prop.get("description") and where.count(".") == 0:
                bad.append(f"{path}: no description")
            if "enum" in prop:
                bad.append(f"{path}: an enum (new values must pass)")
            types = prop.get("type")
            kinds = {types} if isinstance(types, str) else set(types or ())
            required = name in (schema.get("required") or [])
            if kinds and "null" not in kinds and not required:
                bad.append(f"{path}: not nullable")
            bad += check(prop, path)
            bad += check(prop.get("items") or {}, f"{path}[]")
        return bad

    problems = [p for stream, schema in SCHEMAS.items() for p in check(schema, stream)]
    assert not problems


# ------------------------------------------- b) a full sync with every quirk, in contract


@pytest.fixture(scope="module")
def quirky():
    """One sync of every stream, every quirk on, every exchange checked."""
    faults = {"quirks": sorted(QUIRKS)}
    config = OrgConfig.preset("test", anchor=ANCHOR)
    with Sandbox(config, faults=faults, check_contracts=True) as sb:
        run = run_tap(tap_config(sb))
        yield {"run": run, "truth": sb.vendor("github").truth(), "report": sb.contract_report()}


def test_every_stream_completes_within_the_contract(quirky):
    run, report = quirky["run"], quirky["report"]
    assert run.returncode == 0, run.stderr[-3000:]
    assert report["violations"] == []
    done = {
        key.rsplit(" ", 1)[0].split(" ", 1)[1]
        for key in report["exercised"]
        if key.rsplit(" ", 1)[1].startswith("2")
    }
    assert done == {f"GET {op.path}" for op in CONTRACT.operations}
    assert "not found in catalog schema" not in run.stderr


def test_records_equal_what_was_served(quirky):
    run, truth = quirky["run"], quirky["truth"]
    for stream in STREAMS:
        expected = EXPECTED[stream](truth)
        got = {tuple(r[k] for k in KEYS[stream]): r for r in run.records.get(stream, [])}
        assert len(got) == len(run.records.get(stream, [])), f"{stream}: a key repeats"
        assert got.keys() == expected.keys(), stream
        for key, record in got.items():
            assert record == expected[key], (stream, key, _diff(record, expected[key]))


def test_vanished_children_are_skipped_with_one_warning_each_and_a_summary(quirky):
    run, truth = quirky["run"], quirky["truth"]
    lines = run.stderr.splitlines()
    warnings = [line for line in lines if ": skipped " in line and "Run summary" not in line]
    gone_team = next(s for s, v in truth["team_member_users"].items() if isinstance(v, dict))
    gone_repo = next(n for n, v in truth["repo_hooks"].items() if isinstance(v, dict))
    gone_deploy = next(i for i, v in truth["deployment_statuses"].items() if isinstance(v, dict))
    expected = Counter(
        {
            f"team_members: skipped team {gone_team} (HTTP 404 Not Found)": 1,
            f"repo_teams: skipped team {gone_team} (HTTP 404 Not Found)": 1,
            f"deployment_statuses: skipped deployment {gone_deploy} of": 1,
            **{
                f"{stream}: skipped repository {ORG}/{gone_repo} (HTTP 404 Not Found)": 1
                for stream in (
                    "repo_hooks",
                    "branch_protection",
                    "rulesets",
                    "environments",
                    "deployments",
                    "releases",
                    "pull_requests",
                    "workflow_runs",
                )
            },
        }
    )
    found = Counter(next((e for e in expected if e in line), line) for line in warnings)
    assert found == expected
    summary = [line for line in run.stderr.splitlines() if "Run summary" in line]
    assert len(summary) == 1
    assert "skipped 11 child resources that vanished (branch_protection: 1, " in summary[0]
    # The parents are still emitted: the team, the repository, the deployment.
    assert gone_team in {t["slug"] for t in run.records["teams"]}
    assert gone_repo in {r["name"] for r in run.records["repositories"]}
    assert gone_deploy in {d["id"] for d in run.records["deployments"]}
    # And nothing blames the organisation or a scope.
    assert "organization" not in " ".join(warnings)
    assert "read:org" not in run.stderr


def test_shifting_pages_repeat_nothing_and_the_bookmark_is_the_maximum(quirky):
    run = quirky["run"]
    for stream in STREAMS:
        keys = [tuple(r[k] for k in KEYS[stream]) for r in run.records.get(stream, [])]
        assert len(keys) == len(set(keys)), stream
    pulls = run.records["pull_requests"]
    bookmark = run.state["bookmarks"]["pull_requests"]["replication_key_value"]
    assert bookmark == max(p["updated_at"] for p in pulls)


def test_unknown_values_and_nulls_against_the_description_pass_through(quirky):
    run = quirky["run"]
    assert any(s["state"] == "waiting" for s in run.records["deployment_statuses"])
    forks_gone = [p for p in run.records["pull_requests"] if p["head_repository_id"] is None]
    assert forks_gone
    assert all(p["head_repository"] is None and p["head_ref"] for p in forks_gone)


# --------------------------------------------------------- c) regressions of issue 12


def test_a_404_on_one_teams_members_skips_that_team_not_the_run():
    # Issue 12: the run died (exit 1) on a 404 for one team's member list, saying the
    # organisation did not exist or the token needed `read:org`.
    with Sandbox(
        OrgConfig.preset("test", anchor=ANCHOR), faults={"quirks": ["vanished_children"]}
    ) as sb:
        run = run_tap(tap_config(sb), streams=["teams", "team_members", "repositories"])
        gone = sb.vendor("github").api.vanished_team().slug
    assert run.returncode == 0, run.stderr[-3000:]
    assert len(run.records["teams"]) == 3
    assert gone not in {m["team_slug"] for m in run.records["team_members"]}
    assert len({m["team_slug"] for m in run.records["team_members"]}) == 2
    assert run.records["repositories"]
    assert f"team_members: skipped team {gone} (HTTP 404 Not Found)" in run.stderr
    assert "the team record is kept" in run.stderr
    assert "Run summary: skipped 1 child resource that vanished (team_members: 1)" in run.stderr
    assert "does not exist" not in run.stderr
    assert "read:org" not in run.stderr


def _response(path: str, status: int, message: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = f'{{"message": "{message}", "status": "{status}"}}'.encode()
    response.url = f"https://github.example.com/api/v3{path}"
    response.request = requests.Request("GET", response.url).prepare()
    return response


@pytest.mark.parametrize(
    ("path", "status", "message", "vanished"),
    [
        ("/orgs/acme/teams/platform/members", 404, "Not Found", True),
        ("/orgs/acme/teams/platform/repos", 404, "Not Found", True),
        ("/repos/acme/api/hooks", 404, "Not Found", True),
        ("/repos/acme/api/deployments/7/statuses", 404, "Not Found", True),
        ("/repos/acme/api/deployments/7/statuses", 410, "Gone", True),
        ("/repos/acme/api/branches/main/protection", 404, "Branch not protected", False),
        ("/repos/acme/api/branches/main/protection", 409, "Git Repository is empty.", False),
        ("/repos/acme/api/actions/runs", 410, "Actions are disabled for this repository.", False),
    ],
)
def test_a_404_below_a_team_or_repository_is_a_child(path, status, message, vanished):
    stream = _stream("team_members")
    with pytest.raises(ChildUnavailableError) as caught:
        stream.validate_response(_response(path, status, message))
    assert caught.value.vanished is vanished


def test_a_404_on_the_organisation_or_its_own_lists_stops_the_run_naming_the_cause():
    stream = _stream("teams")
    with pytest.raises(GitHubAuthError, match=r"the organization `acme`.*`organizations`"):
        stream.validate_response(_response("/orgs/acme", 404, "Not Found"))
    with pytest.raises(GitHubAuthError, match="`read:org` scope"):
        stream.validate_response(_response("/orgs/acme/teams", 404, "Not Found"))
    assert issubclass(GitHubAuthError, FatalAPIError)


def _stream(name: str) -> Any:
    tap = TapGitHubReliability(
        config={"auth_token": "a", "organizations": [ORG]}, parse_env_config=False
    )
    return tap.streams[name]


def test_an_unknown_organisation_stops_before_any_record(github_sandbox):
    run = run_tap(tap_config(github_sandbox, organizations=["nope"]), streams=["pull_requests"])
    assert run.returncode != 0
    assert not run.records
    assert "the organization `nope`" in run.stderr
    assert "`organizations`" in run.stderr


def test_branch_protection_is_one_object_asked_without_paging_parameters():
    # Issue 12: the tap sent `per_page` to a single-object operation.
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR), check_contracts=True) as sb:
        run = run_tap(tap_config(sb), streams=["branch_protection"])
        report = sb.contract_report()
    assert run.returncode == 0, run.stderr[-3000:]
    assert report["violations"] == []
    exercised = report["exercised"]
    assert exercised["github GET /repos/{owner}/{repo}/branches/{branch}/protection 200"] > 0
    # "Branch not protected" is an answer, not a vanished child: a row, no skip warning.
    rows = run.records["branch_protection"]
    assert any(r["unavailable_reason"] == "not_protected" for r in rows)
    assert "skipped repository" not in run.stderr
    assert "Run summary" not in run.stderr


def test_the_sandbox_serves_github_simple_users():
    # Issue 12: embedded users lacked the fields `simple-user` requires.
    required = set(CONTRACT.defs["simple-user"]["required"])
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        headers = sb.vendor("github").headers()
        pulls = requests.get(
            f"{sb.vendor('github').url}/repos/{ORG}/checkout-api/pulls?state=all",
            headers=headers,
            timeout=10,
        ).json()
        members = requests.get(
            f"{sb.vendor('github').url}/orgs/{ORG}/teams/platform/members",
            headers=headers,
            timeout=10,
        ).json()
    users = [p["user"] for p in pulls] + [p["head"]["repo"]["owner"] for p in pulls] + members
    assert users
    assert all(required <= u.keys() for u in users)


def test_short_pages_are_followed_to_the_last_link():
    config = OrgConfig.preset("test", anchor=ANCHOR, github_repos=6, github_pulls_per_repo=40)
    with Sandbox(config, faults={"quirks": ["short_pages"]}) as sb:
        run = run_tap(tap_config(sb), streams=["pull_requests"])
        truth = sb.vendor("github").truth()
        pages = sum(n for path, n in sb.stats()["by_path"].items() if path.endswith("/pulls"))
    assert run.returncode == 0, run.stderr[-3000:]
    served = {p["id"] for rows in truth["pull_requests"].values() for p in rows}
    assert {p["id"] for p in run.records["pull_requests"]} == served
    # At most SHORT_PAGE rows a page although the tap asks for 100: it still read them all.
    assert pages >= len(served) / SHORT_PAGE


# ------------------------------------------------ what each stream's record must be


def _pick(value: Any, schema: dict[str, Any]) -> Any:
    """`value` with only the keys `schema` declares (objects and arrays, recursively)."""
    if isinstance(value, dict):
        props = schema.get("properties")
        return (
            value
            if props is None
            else {k: _pick(v, props[k]) for k, v in value.items() if k in props}
        )
    if isinstance(value, list):
        return [_pick(v, schema.get("items") or {}) for v in value]
    return value


def _same(stream: str, obj: dict[str, Any]) -> dict[str, Any]:
    """Every field the stream declares under GitHub's name with GitHub's type: as served."""
    props = SCHEMAS[stream]["properties"]
    vendor = _properties(_vendor(stream), vendor=True)
    gaps = _gaps(stream)
    return {
        name: _pick(obj.get(name), props[name])
        for name in props
        if name in vendor and name not in gaps
    }


def _record(stream: str, obj: dict[str, Any], derived: dict[str, Any]) -> dict[str, Any]:
    record = {**_same(stream, obj), **derived}
    missing = SCHEMAS[stream]["properties"].keys() - record.keys()
    assert not missing, f"{stream}: the test does not say what {sorted(missing)} must be"
    return record


def _login(user: Any) -> Any:
    return user.get("login") if isinstance(user, dict) else None


def _id(user: Any) -> Any:
    return user.get("id") if isinstance(user, dict) else None


def _lists(collection: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(k, v) for k, v in collection.items() if isinstance(v, list)]


def _repos(truth: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in truth["repositories"]}


def _where(truth: dict[str, Any], name: str) -> dict[str, Any]:
    repo = _repos(truth)[name]
    return {"organization": ORG, "repository_id": repo["id"], "repository": repo["full_name"]}


def _teams(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {
        (t["id"],): _record(
            "teams",
            t,
            {
                "organization": ORG,
                "parent_id": _id(t["parent"]),
                "parent_slug": (t["parent"] or {}).get("slug"),
            },
        )
        for t in truth["teams"]
    }


def _team_members(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    team_ids = {t["slug"]: t["id"] for t in truth["teams"]}
    out = {}
    for slug, members in _lists(truth["team_member_users"]):
        for m in members:
            user = m["user"]
            out[(team_ids[slug], user["id"])] = _record(
                "team_members",
                user,
                {
                    "team_id": team_ids[slug],
                    "user_id": user["id"],
                    "organization": ORG,
                    "team_slug": slug,
                    "role": m["role"],
                },
            )
    return out


def _repo_teams(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    team_ids = {t["slug"]: t["id"] for t in truth["teams"]}
    out = {}
    for slug, repos in _lists(truth["team_repositories"]):
        for repo in repos:
            out[(repo["id"], team_ids[slug])] = _record(
                "repo_teams",
                repo,
                {
                    "repository_id": repo["id"],
                    "team_id": team_ids[slug],
                    "organization": ORG,
                    "repository": repo["full_name"],
                    "team_slug": slug,
                    "permission": repo["role_name"],
                },
            )
    return out


def _repositories(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    def one(r: dict[str, Any]) -> dict[str, Any]:
        license_ = r.get("license") or {}
        return _record(
            "repositories",
            r,
            {
                "organization": ORG,
                "license_spdx_id": license_.get("spdx_id"),
                "license_key": license_.get("key"),
                "license_name": license_.get("name"),
            },
        )

    return {(r["id"],): one(r) for r in truth["repositories"]}


def _hooks(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    out = {}
    for name, hooks in _lists(truth["repo_hooks"]):
        for h in hooks:
            scheme, _, rest = h["config"]["url"].partition("://")
            out[(h["id"],)] = _record(
                "repo_hooks",
                h,
                {
                    **_where(truth, name),
                    "url_scheme": scheme,
                    "url_host": rest.split("/", 1)[0],
                    "content_type": h["config"]["content_type"],
                    "insecure_ssl": h["config"]["insecure_ssl"] == "1",
                    "has_secret": bool(h["config"].get("secret")),
                    "last_response_code": h["last_response"]["code"],
                    "last_response_status": h["last_response"]["status"],
                    "last_response_message": h["last_response"]["message"],
                },
            )
    return out


def _who(allowed: dict[str, Any] | None, prefix: str) -> dict[str, Any]:
    allowed = allowed or {}
    return {
        f"{prefix}_users": [u["login"] for u in allowed.get("users") or []],
        f"{prefix}_teams": [t["slug"] for t in allowed.get("teams") or []],
        f"{prefix}_apps": [a["slug"] for a in allowed.get("apps") or []],
    }


def _protection(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    out = {}
    reasons = {
        "Branch not protected": "not_protected",
        "Git Repository is empty.": "empty_repository",
        "Not Found": "no_access",
    }
    for name, body in truth["branch_protection"].items():
        repo = _repos(truth)[name]
        row = {**_where(truth, name), "branch": repo["default_branch"]}
        if "status" in body:
            out[(repo["id"],)] = {
                **row,
                "is_protected": False,
                "unavailable_reason": reasons[body["message"]],
                "required_reviews": False,
                "required_status_checks": False,
                "status_check_contexts": [],
            }
            continue
        reviews = body.get("required_pull_request_reviews")
        checks = body.get("required_status_checks")
        flags = {
            key: body[key]["enabled"] if key in body else None
            for key in (
                "enforce_admins",
                "required_linear_history",
                "allow_force_pushes",
                "allow_deletions",
                "required_conversation_resolution",
                "required_signatures",
                "lock_branch",
                "block_creations",
                "allow_fork_syncing",
            )
        }
        out[(repo["id"],)] = _record(
            "branch_protection",
            body,
            {
                **row,
                **flags,
                "is_protected": True,
                "unavailable_reason": None,
                "required_reviews": reviews is not None,
                "required_approving_review_count": (reviews or {}).get(
                    "required_approving_review_count"
                ),
                "require_code_owner_reviews": (reviews or {}).get("require_code_owner_reviews"),
                "dismiss_stale_reviews": (reviews or {}).get("dismiss_stale_reviews"),
                "require_last_push_approval": (reviews or {}).get("require_last_push_approval"),
                "required_status_checks": checks is not None,
                "strict_status_checks": (checks or {}).get("strict"),
                "status_check_contexts": (checks or {}).get("contexts") or [],
                "status_checks": [
                    {"context": c["context"], "app_id": c.get("app_id")}
                    for c in (checks or {}).get("checks") or []
                ],
                "status_check_enforcement_level": (checks or {}).get("enforcement_level"),
                "review_dismissal_restricted": (
                    "dismissal_restrictions" in reviews if reviews else None
                ),
                **_who((reviews or {}).get("dismissal_restrictions"), "review_dismissal"),
                **_who((reviews or {}).get("bypass_pull_request_allowances"), "review_bypass"),
                "push_restricted": "restrictions" in body,
                **_who(body.get("restrictions"), "push"),
            },
        )
    return out


def _per_repo(stream: str, derive: Any) -> Any:
    def expected(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
        out = {}
        for name, rows in _lists(truth[stream]):
            for obj in rows:
                record = _record(stream, obj, {**_where(truth, name), **derive(obj)})
                out[tuple(record[k] for k in KEYS[stream])] = record
        return out

    return expected


def _environment(env: dict[str, Any]) -> dict[str, Any]:
    rules = env.get("protection_rules") or []
    reviewers = [
        f"{r['type']}:{r['reviewer'].get('slug') or r['reviewer'].get('login')}"
        for rule in rules
        if rule["type"] == "required_reviewers"
        for r in rule["reviewers"]
    ]
    policy = env.get("deployment_branch_policy") or {}
    return {
        "can_admins_bypass": env.get("can_admins_bypass"),
        "wait_timer": next((r["wait_timer"] for r in rules if r["type"] == "wait_timer"), None),
        "prevent_self_review": next(
            (r["prevent_self_review"] for r in rules if r["type"] == "required_reviewers"), None
        ),
        "protection_rule_types": [r["type"] for r in rules],
        "required_reviewers": reviewers,
        "protected_branches_only": policy.get("protected_branches"),
        "custom_branch_policies": policy.get("custom_branch_policies"),
    }


def _app(obj: dict[str, Any]) -> dict[str, Any]:
    app = obj.get("performed_via_github_app") or {}
    return {
        "performed_via_github_app_id": app.get("id"),
        "performed_via_github_app_slug": app.get("slug"),
    }


def _deployment(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "creator_id": _id(d["creator"]),
        "creator_login": _login(d["creator"]),
        "creator_type": (d["creator"] or {}).get("type"),
        **_app(d),
    }


def _statuses(truth: dict[str, Any]) -> dict[tuple[Any, ...], dict[str, Any]]:
    repo_of = {d["id"]: name for name, rows in _lists(truth["deployments"]) for d in rows}
    out = {}
    for deployment_id, rows in _lists(truth["deployment_statuses"]):
        for st in rows:
            out[(st["id"],)] = _record(
                "deployment_statuses",
                st,
                {
                    **_where(truth, repo_of[deployment_id]),
                    "deployment_id": deployment_id,
                    "creator_id": _id(st["creator"]),
                    "creator_login": _login(st["creator"]),
                    **_app(st),
                },
            )
    return out


def _release(r: dict[str, Any]) -> dict[str, Any]:
    assets_schema = SCHEMAS["releases"]["properties"]["assets"]
    return {
        "author_id": _id(r["author"]),
        "author_login": _login(r["author"]),
        "assets": [
            {**_pick(a, assets_schema["items"]), "uploader_login": _login(a["uploader"])}
            for a in r["assets"]
        ],
    }


def _pull(p: dict[str, Any]) -> dict[str, Any]:
    head, base = p["head"], p["base"]
    milestone = p.get("milestone") or {}
    return {
        "user_id": _id(p["user"]),
        "user_login": _login(p["user"]),
        "user_type": (p["user"] or {}).get("type"),
        "base_ref": base["ref"],
        "base_sha": base["sha"],
        "base_label": base["label"],
        "base_repository_id": base["repo"]["id"],
        "head_ref": head["ref"],
        "head_sha": head["sha"],
        "head_label": head["label"],
        "head_repository": None if head["repo"] is None else head["repo"]["full_name"],
        "head_repository_id": _id(head["repo"]),
        "requested_reviewer_count": len(p["requested_reviewers"]),
        "requested_reviewer_logins": [u["login"] for u in p["requested_reviewers"]],
        "requested_team_count": len(p["requested_teams"]),
        "assignee_count": len(p["assignees"]),
        "assignee_id": _id(p["assignee"]),
        "assignee_login": _login(p["assignee"]),
        "assignee_logins": [u["login"] for u in p["assignees"]],
        "label_names": [label["name"] for label in p["labels"]],
        "milestone_id": milestone.get("id"),
        "milestone_number": milestone.get("number"),
        "milestone_title": milestone.get("title"),
        "milestone_state": milestone.get("state"),
        "milestone_due_on": milestone.get("due_on"),
        "auto_merge_enabled_by_login": _login((p["auto_merge"] or {}).get("enabled_by")),
    }


def _run(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_id": _id(r["actor"]),
        "actor_login": _login(r["actor"]),
        "triggering_actor_id": _id(r["triggering_actor"]),
        "triggering_actor_login": _login(r["triggering_actor"]),
        "pull_request_numbers": [p["number"] for p in r["pull_requests"]],
        "head_repository_full_name": (r["head_repository"] or {}).get("full_name"),
    }


EXPECTED = {
    "teams": _teams,
    "team_members": _team_members,
    "repo_teams": _repo_teams,
    "repositories": _repositories,
    "repo_hooks": _hooks,
    "branch_protection": _protection,
    "rulesets": _per_repo("rulesets", lambda _: {}),
    "environments": _per_repo("environments", _environment),
    "deployments": _per_repo("deployments", _deployment),
    "deployment_statuses": _statuses,
    "releases": _per_repo("releases", _release),
    "pull_requests": _per_repo("pull_requests", _pull),
    "workflow_runs": _per_repo("workflow_runs", _run),
}


def _diff(got: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (got.get(k, "<absent>"), want.get(k, "<absent>"))
        for k in got.keys() | want.keys()
        if got.get(k, "<absent>") != want.get(k, "<absent>")
    }


def test_rows_decode_to_what_the_stream_reads_and_odd_bodies_decode_whole():
    stream = _stream("pull_requests")
    body = b'[{"id": 1, "head": {"repo": null, "ref": "x"}, "url": "u", "new": 1}]'
    response = requests.Response()
    response._content = body
    assert decoded_body(response, stream.decoder) == [{"id": 1, "head": {"repo": None, "ref": "x"}}]
    odd = requests.Response()
    odd._content = b'[{"id": 1, "head": "a string where GitHub sends an object"}]'
    assert decoded_body(odd, stream.decoder)[0]["head"].startswith("a string")
