"""Privacy on: no clear personal value of the sandbox's people reaches the warehouse.

The `privacy` environment is dev's sandbox configuration with prod's privacy stream maps
(meltano/environments.meltano.yml, docs/privacy.md). The five taps run through it against the
session's sandbox into a database of their own, then `dbt build` runs on that load. Then:

- every text, JSON and array column of every table (raw and what dbt built; a view shows only
  what its tables hold) is searched
  for the clear values the sandbox served — its people's names, e-mail addresses, phone numbers,
  push-device tokens and GitHub logins, read from the sandbox's own truth: 0 hits;
- the person on the opt-out list has no profile, membership or contact-method row at all;
- a person's pseudonym is the same in every source (PagerDuty user e-mail, Datadog creators,
  Sentry assignees, GitHub commit authors), and equal to sha256(key + lower-cased e-mail)
  computed here, independently of the maps;
- `dbt build` (models and data tests; unit tests read no loaded data) passes on the load;
- the key is in no log line, no file the runs wrote (dbt's target/ and logs, state) and no table.

Sentry end-user objects (`ip_address`, `email`, `geo`) are null in the sandbox, so the maps are
also applied, in-process with the SDK's own mapper, to the full event example Sentry's published
API document gives — the vendor's words, not ours.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import re
import secrets
import subprocess
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
import pytest
import yaml
from psycopg import sql
from reliability_sandbox.contracts import load_contract
from singer_sdk.mapper import PluginMapper

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
MELTANO = ROOT / "scripts" / "meltano"
ENVIRONMENTS = ROOT / "meltano" / "environments.meltano.yml"
TAPS = ("tap-pagerduty", "tap-sentry", "tap-datadog", "tap-github-reliability", "tap-postmortems")
# The dbt sources the five taps load.
SOURCES = ("pagerduty", "sentry", "datadog", "github", "postmortems")
TEXT_TYPES = ("text", "character varying", "json", "jsonb", "ARRAY")
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def _dbt_sources() -> set[str]:
    files = (ROOT / "transform" / "models").rglob("_*__sources.yml")
    return {s["name"] for f in files for s in yaml.safe_load(f.read_text()).get("sources", [])}


def _pseudonym(key: str, value: str) -> str:
    """The pseudonym docs/privacy.md specifies, computed here without the maps."""
    return hashlib.sha256((key + value.strip().lower()).encode()).hexdigest()


def _environment(name: str) -> dict[str, Any]:
    environments = yaml.safe_load(ENVIRONMENTS.read_text())["environments"]
    return next(env for env in environments if env["name"] == name)


def _extractor_config(environment: str, tap: str) -> dict[str, Any]:
    extractors = _environment(environment)["config"]["plugins"]["extractors"]
    return next(e["config"] for e in extractors if e["name"] == tap)


def _mapper(tap: str, schemas: dict[str, dict], key: str, opt_out: str = "") -> PluginMapper:
    config = _extractor_config("prod", tap)
    mapper = PluginMapper(
        plugin_config={
            "stream_maps": config["stream_maps"],
            "stream_map_config": {"pseudonym_key": key, "opt_out": opt_out},
        },
        logger=logging.getLogger("test_privacy"),
    )
    for stream, schema in schemas.items():
        mapper.register_raw_stream_schema(stream, schema, [])
    return mapper


def _mapped(mapper: PluginMapper, stream: str, record: dict) -> list[dict]:
    """What the tap would emit for the record: nothing when a filter drops it."""
    outputs = [m.transform(record) for m in mapper.stream_maps[stream]]
    return [out for out in outputs if out is not None]


def _sentry_full_event_examples() -> list[dict]:
    """Sentry's own example events that carry an end user (its full-event examples)."""
    items = [
        item
        for op in load_contract("sentry").operations
        for example in op.examples(200)
        for item in (example if isinstance(example, list) else [example])
    ]
    return [i for i in items if isinstance(i, dict) and (i.get("user") or {}).get("ip_address")]


# --- the maps themselves (fast, no Meltano) ----------------------------------------------------


def test_privacy_environment_runs_prods_maps() -> None:
    # `privacy` exists to show and test what prod stores: it must run the very same maps.
    for tap in TAPS:
        prod, privacy = _extractor_config("prod", tap), _extractor_config("privacy", tap)
        assert privacy["stream_maps"] == prod["stream_maps"], tap
        assert privacy["stream_map_config"] == prod["stream_map_config"], tap
        # The key and the list are read from the environment, never written in the file.
        assert prod["stream_map_config"] == {
            "pseudonym_key": "$PRIVACY_PSEUDONYM_KEY",
            "opt_out": "$PRIVACY_OPT_OUT",
        }
    for name in ("dev", "ci"):
        for tap in TAPS:
            assert "stream_maps" not in _extractor_config(name, tap), (name, tap)


def test_sentry_end_user_of_the_vendors_example_is_dropped() -> None:
    from tap_sentry.tap import TapSentry  # noqa: PLC0415 - only this test needs the tap

    examples = _sentry_full_event_examples()
    assert examples, "Sentry's API document no longer has a full event example with a user"
    catalog = TapSentry(
        config={"auth_token": "x", "organization": "acme"},
        parse_env_config=False,
        validate_config=False,
    ).catalog_dict
    schemas = {s["tap_stream_id"]: s["schema"] for s in catalog["streams"]}
    mapper = _mapper("tap-sentry", schemas, key="k" * 32)
    for event in examples:
        end_user = event["user"]
        clear = [v for k, v in end_user.items() if k in ("email", "ip_address", "name") and v]
        assert clear, end_user
        (out,) = _mapped(mapper, "issue_events", {**event, "issue_id": "1"})
        # Only the end user's id is left, as a pseudonym (distinct affected users still count).
        assert out["user"] == {"id": _pseudonym("k" * 32, str(end_user["id"]))}
        text = json.dumps(out)
        assert [v for v in clear if v in text] == []
        # What is not about a person is kept.
        assert out["eventID"] == event["eventID"]
        assert out["tags"] == [t for t in event["tags"] if not t["key"].startswith("user")]


def test_a_run_without_a_key_fails_instead_of_storing_unkeyed_hashes() -> None:
    schemas = {"users": {"type": "object", "properties": {"id": {"type": "string"}}}}
    for key in ("", "too-short"):
        mapper = _mapper("tap-pagerduty", schemas, key=key)
        with pytest.raises(KeyError, match="PRIVACY_PSEUDONYM_KEY is unset or shorter than 32"):
            _mapped(mapper, "users", {"id": "P1", "email": "a@example.com"})


# What a property's name says about a person (matched on the last part of its path) ...
PERSONAL_NAME = re.compile(
    r"e_?mail|login|handle|username|phone|address|ip_address|\bgeo\b|avatar|author|actor"
    r"|owner|creator|assignee|declared_by|responder|reviewer|uploader|committer|user",
    re.IGNORECASE,
)
# ... except counts, flags, settings and ids, which name people without describing one.
NOT_PERSONAL = re.compile(
    r"count|_ids?$|Ids?$|uuid$|_type$|Type$|^has[A-Z]|association|user_defined|userAgent|isUnhandled"
    r"|allowSuperuserAccess|send_\w+_email|require_code_owner_reviews|current_user_can_bypass",
    re.IGNORECASE,
)
# The allowlist: personal-looking properties kept as they are with privacy on, and why.
KEPT = {
    ("tap-sentry", "issues", "owners"): "suggested owners as `user:<id>` / `team:<id>`: ids",
    ("tap-sentry", "organizations", "avatar"): "the organization's picture, not a person's",
    ("tap-sentry", "teams", "avatar"): "the team's picture, not a person's",
    ("tap-datadog", "incidents", "relationships"): "user ids (UUIDs) only, no names",
    ("tap-datadog", "incident_todos", "relationships"): "user ids (UUIDs) only, no names",
}


def _catalog(tap: str) -> dict[str, dict]:
    """The tap's stream schemas, from the tap itself (in-process discovery)."""
    classes = {
        "tap-pagerduty": "tap_pagerduty.tap:TapPagerDuty",
        "tap-sentry": "tap_sentry.tap:TapSentry",
        "tap-datadog": "tap_datadog.tap:TapDatadog",
        "tap-github-reliability": "tap_github_reliability.tap:TapGitHubReliability",
        "tap-postmortems": "tap_postmortems.tap:TapPostmortems",
    }
    module, name = classes[tap].split(":")
    cls = getattr(importlib.import_module(module), name)
    fake = {"token": "x", "auth_token": "x", "organization": "acme", "organizations": ["acme"]}
    fake |= {"api_key": "x", "app_key": "y", "source": "local", "local_path": str(ROOT)}
    config = {k: v for k, v in fake.items() if k in cls.config_jsonschema["properties"]}
    catalog = cls(config=config, parse_env_config=False, validate_config=False).catalog_dict
    return {s["tap_stream_id"]: s["schema"] for s in catalog["streams"]}


def _paths(schema: dict, prefix: str = "") -> Iterator[str]:
    if "properties" not in schema and isinstance(schema.get("items"), dict):
        yield from _paths(schema["items"], prefix)
        return
    for name, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path
        yield from _paths(sub, path)


def test_every_personal_field_has_a_treatment() -> None:
    # A property a tap starts to emit (a vendor adds `reporter_email`) must get a map or a
    # reasoned place on the allowlist: otherwise it would reach prod's warehouse in clear.
    untreated, used = [], set()
    for tap in TAPS:
        maps = _extractor_config("prod", tap)["stream_maps"]
        for stream, schema in _catalog(tap).items():
            for path in _paths(schema):
                leaf = path.rsplit(".", 1)[-1]
                if not PERSONAL_NAME.search(leaf) or NOT_PERSONAL.search(leaf):
                    continue
                top = path.split(".", 1)[0]
                if top in maps.get(stream, {}):
                    continue
                if (tap, stream, top) in KEPT:
                    used.add((tap, stream, top))
                    continue
                untreated.append(f"{tap} {stream}.{path}")
    assert untreated == [], "personal fields with no map and not on the allowlist:\n" + "\n".join(
        untreated
    )
    assert used == set(KEPT), f"allowlist entries no schema has any more: {set(KEPT) - used}"


def test_the_mappers_treatments_on_a_record() -> None:
    # One PagerDuty user through the prod maps: pseudonyms computed here, drops, kept fields.
    schemas = _catalog("tap-pagerduty")
    key = "k" * 40
    mapper = _mapper("tap-pagerduty", schemas, key=key, opt_out=" PX9 ,Gone@Example.com")
    user = {"id": "P1", "name": "Ada Lovelace", "summary": "Ada Lovelace"}
    user |= {"email": " Ada@Example.com", "job_title": "SRE", "time_zone": "Europe/London"}
    user |= {"avatar_url": "https://secure.gravatar.com/avatar/0b1c"}
    (out,) = _mapped(mapper, "users", user)
    assert out["email"] == _pseudonym(key, "ada@example.com")
    assert out["name"] == out["summary"] == _pseudonym(key, "ada lovelace")
    assert (out["job_title"], out["avatar_url"]) == (None, None)
    assert out["time_zone"] == "Europe/London"
    assert _mapped(mapper, "users", {**user, "id": "px9"}) == []
    assert _mapped(mapper, "users", {**user, "email": "gone@example.com"}) == []
    # A property the record omits is not an error (the vendor may leave it out).
    (bare,) = _mapped(mapper, "users", {"id": "P2"})
    assert bare["email"] is None
    agent = {"id": "P1", "type": "user_reference", "summary": "Ada Lovelace"}
    service = {"id": "S1", "type": "service_reference", "summary": "Checkout"}
    entry = {"id": "L1", "summary": "Acknowledged by Ada Lovelace.", "agent": agent}
    (out,) = _mapped(mapper, "log_entries", {**entry, "service": service})
    assert out["summary"] is None
    assert out["agent"] == {**agent, "summary": _pseudonym(key, "ada lovelace")}
    assert out["service"] == service


# Free text and nested objects: a known person's address, name, phone and IP written into each
# field the vendors document as free text or as a nested person (Sentry activity `data`, Datadog
# monitor options, event attributes, Synthetics requests and incident fields, GitHub release
# titles, commit messages and descriptions). None may leave the prod maps in clear; the
# address must come out as its pseudonym (the join to the person survives); what is not
# about a person is kept. Field names from the vendors' API documents (contracts/) and the
# taps' schemas; Sentry's activity `data` is opaque in its document, so its keys are the ones
# Sentry writes (`assigneeEmail`/`assigneeName` for assignments, `text` for a comment).
EMAIL, NAME, PHONE, IP = "Jane.Doe@Example.com", "Jane Doe", "+1 415 555 0134", "203.0.113.7"
SECRET, LOGIN = "hunter2-secret", "Jane.Doe"  # a password; the address's user part
TEXT = f"paged {EMAIL} on {PHONE}, blocked {IP}"
COMMIT = f"Fix the checkout retry\n\nCo-authored-by: {NAME} <{EMAIL}>"
NESTED_CASES = {
    "sentry note": (
        "tap-sentry",
        "issue_activity",
        {"id": "1", "type": "note", "data": {"text": TEXT, "mentions": ["user:7"]}},
        {("data", "mentions"): ["user:7"]},
    ),
    "sentry assignment": (
        "tap-sentry",
        "issue_activity",
        {
            "id": "2",
            "type": "assigned",
            "data": {
                "assignee": "7",
                "assigneeEmail": EMAIL,
                "assigneeName": NAME,
                "assigneeType": "user",
            },
        },
        {("data", "assignee"): "7", ("data", "assigneeType"): "user"},
    ),
    "sentry resolved in a release": (
        "tap-sentry",
        "issue_activity",
        {"id": "3", "type": "set_resolved_in_release", "data": {"version": "1.2.3.4"}},
        {("data", "version"): "1.2.3.4"},
    ),
    "datadog escalation message": (
        "tap-datadog",
        "monitors",
        {"id": 1, "options": {"escalation_message": f"@{EMAIL} {TEXT}", "notify_no_data": True}},
        {("options", "notify_no_data"): True},
    ),
    "datadog event attributes": (
        "tap-datadog",
        "monitor_events",
        {
            "id": "e1",
            "attributes": {
                "title": f"[Triggered] ping {EMAIL}",
                "event_object": f"ping {EMAIL}",
                "message": TEXT,
                "text": TEXT,
                "hostname": "web-1",
                "monitor": {"id": 9, "name": "Checkout 5xx", "message": TEXT},
            },
        },
        {("attributes", "hostname"): "web-1", ("attributes", "monitor", "name"): "Checkout 5xx"},
    ),
    "datadog synthetics basic auth": (
        "tap-datadog",
        "synthetics_tests",
        {
            "public_id": "abc-def-123",
            "config": {
                "request": {
                    "method": "GET",
                    "url": "https://shop.example.com/login",
                    "basicAuth": {"type": "web", "username": EMAIL, "password": "hunter2-secret"},
                    "headers": {"Authorization": f"Basic {EMAIL}:hunter2-secret"},
                },
                "assertions": [{"type": "statusCode", "operator": "is", "target": 200}],
            },
        },
        {
            ("config", "request", "url"): "https://shop.example.com/login",
            ("config", "assertions"): [{"type": "statusCode", "operator": "is", "target": 200}],
        },
    ),
    "datadog incident textbox field": (
        "tap-datadog",
        "incidents",
        {
            "id": "i1",
            "fields": {
                "root_cause": {"type": "textbox", "value": TEXT},
                "severity": {"type": "dropdown", "value": "SEV-1"},
            },
        },
        {("fields", "severity"): {"type": "dropdown", "value": "SEV-1"}},
    ),
    "github release title": (
        "tap-github-reliability",
        "releases",
        {"id": 1, "tag_name": "v1.0.0", "name": f"Hotfix for {EMAIL}", "body": TEXT},
        {("tag_name",): "v1.0.0"},
    ),
    "github commit message and run title": (
        "tap-github-reliability",
        "workflow_runs",
        {
            "id": 30433642,
            "display_title": f"Hotfix for {EMAIL}",
            "head_commit": {
                "id": "acb5820ced9479c074f688cc328bf03f341a511d",
                "message": COMMIT,
                "author": {"name": NAME, "email": EMAIL},
                "committer": {"name": "GitHub", "email": "noreply@github.com"},
            },
        },
        {("head_commit", "id"): "acb5820ced9479c074f688cc328bf03f341a511d"},
    ),
    "github merge commit message": (
        "tap-github-reliability",
        "pull_requests",
        {"id": 1, "auto_merge": {"merge_method": "squash", "commit_message": COMMIT}},
        {("auto_merge", "merge_method"): "squash"},
    ),
    "github deployment description": (
        "tap-github-reliability",
        "deployments",
        {"id": 1, "description": f"Deploy request from {EMAIL}"},
        {},
    ),
    # Sentry activity types and their `data` (Sentry's GroupActivity types): a commit or pull
    # request that resolved the issue carries its author (a user) and its message or title; an
    # assignment the assignee's user object and the ownership rule that chose them (owners are
    # written as e-mail addresses); Seer writes a summary of its root-cause analysis.
    "sentry resolved in commit": (
        "tap-sentry",
        "issue_activity",
        {
            "id": "4",
            "type": "set_resolved_in_commit",
            "data": {
                "commit": {
                    "id": "acb5820ced9479c074f688cc328bf03f341a511d",
                    "message": COMMIT,
                    "author": {"name": NAME, "email": EMAIL, "avatarUrl": "https://gravatar/1"},
                    "repository": {"id": "5", "name": "shop/checkout"},
                }
            },
        },
        {
            ("data", "commit", "id"): "acb5820ced9479c074f688cc328bf03f341a511d",
            ("data", "commit", "repository"): {"id": "5", "name": "shop/checkout"},
            ("data", "commit", "author", "avatarUrl"): None,
        },
    ),
    "sentry resolved in pull request": (
        "tap-sentry",
        "issue_activity",
        {
            "id": "5",
            "type": "set_resolved_in_pull_request",
            "data": {
                "pullRequest": {
                    "id": "42",
                    "title": f"Fix checkout for {EMAIL} on {PHONE}",
                    "externalUrl": "https://github.com/shop/checkout/pull/42",
                    "author": {"id": "9", "name": NAME, "email": EMAIL},
                }
            },
        },
        {
            ("data", "pullRequest", "externalUrl"): "https://github.com/shop/checkout/pull/42",
            ("data", "pullRequest", "author", "id"): "9",
        },
    ),
    "sentry assignment with the assignee's user and rule": (
        "tap-sentry",
        "issue_activity",
        {
            "id": "6",
            "type": "assigned",
            "data": {
                "assignee": "7",
                "assigneeType": "user",
                "assigneeEmail": EMAIL,
                "integration": "codeowners",
                "rule": f"codeowners:/src/checkout/ {EMAIL}",
                "user": {
                    "id": "7",
                    "name": NAME,
                    "username": EMAIL,
                    "email": EMAIL,
                    "avatarUrl": "https://gravatar/7",
                    "emails": [{"id": "1", "email": EMAIL, "is_verified": True}],
                },
            },
        },
        {
            ("data", "assignee"): "7",
            ("data", "assigneeType"): "user",
            ("data", "integration"): "codeowners",
            ("data", "user", "id"): "7",
        },
    ),
    "sentry seer summary": (
        "tap-sentry",
        "issue_activity",
        {
            "id": "7",
            "type": "seer_rca_completed",
            "data": {"run_id": 12, "summary": f"The request from {IP} for {EMAIL} timed out"},
        },
        {("data", "run_id"): 12},
    ),
    # An issue's and an event's `metadata` (Sentry's API document: the exception's `type` and
    # `value`, the `filename`): the value is the error's message, as in the title.
    "sentry issue exception value": (
        "tap-sentry",
        "issues",
        {
            "id": "1",
            "title": f"ValueError: no account for {EMAIL}",
            "metadata": {
                "type": "ValueError",
                "value": f"no account for {EMAIL} from {IP}",
                "filename": "checkout/views.py",
            },
        },
        {("metadata", "type"): "ValueError", ("metadata", "filename"): "checkout/views.py"},
    ),
    "sentry event exception value": (
        "tap-sentry",
        "issue_events",
        {
            "id": "e1",
            "metadata": {"type": "ValueError", "value": f"call {PHONE} for {EMAIL}"},
        },
        {("metadata", "type"): "ValueError"},
    ),
    # Datadog Synthetics (Datadog's v1 API document: SyntheticsTestConfig, SyntheticsTestRequest,
    # SyntheticsBasicAuth*, SyntheticsConfigVariable, SyntheticsBrowserVariable, SyntheticsStep,
    # SyntheticsMobileStepParams): every field that holds a credential, a payload or a typed
    # value carries the secret or the person; none may come out. What the marts read (method,
    # URL, the number of steps) and what is not about anyone (types, names of variables) stays.
    "datadog synthetics api test credentials and payloads": (
        "tap-datadog",
        "synthetics_tests",
        {
            "public_id": "abc-def-124",
            "type": "api",
            "subtype": "multi",
            "config": {
                "request": {
                    "method": "POST",
                    "url": f"https://{LOGIN}:{SECRET}@shop.example.com/login",
                    "body": f'{{"login": "{EMAIL}", "password": "{SECRET}"}}',
                    "form": {"password": SECRET},
                    "files": [{"name": "id.txt", "content": SECRET, "encoding": "base64"}],
                    "query": {"api_key": SECRET},
                    "headers": {"Cookie": f"session={SECRET}"},
                    "metadata": {"authorization": SECRET},
                    "certificate": {"key": {"content": SECRET, "filename": "client.key"}},
                    "proxy": {"url": "https://proxy.example.com", "headers": {"X-Auth": SECRET}},
                    "basicAuth": {
                        "type": "oauth-rop",
                        "username": EMAIL,
                        "password": SECRET,
                        "clientId": "shop",
                        "clientSecret": SECRET,
                        "accessTokenUrl": "https://auth.example.com/token",
                    },
                },
                "configVariables": [
                    {
                        "name": "PASSWORD",
                        "type": "text",
                        "secure": True,
                        "example": SECRET,
                        "pattern": SECRET,
                    },
                ],
                "variablesFromScript": f"dd.variable.set('TOKEN', '{SECRET}')",
                "steps": [
                    {
                        "name": f"Log in as {EMAIL}",
                        "subtype": "http",
                        "request": {
                            "method": "POST",
                            "url": "https://shop.example.com/api",
                            "body": SECRET,
                            "basicAuth": {
                                "type": "sigv4",
                                "accessKey": "AKIA1",
                                "secretKey": SECRET,
                                "sessionToken": SECRET,
                            },
                        },
                        "extractedValuesFromScript": f"dd.variable.set('T', '{SECRET}')",
                    }
                ],
                "assertions": [{"type": "body", "operator": "contains", "target": EMAIL}],
            },
        },
        {
            ("config", "request", "method"): "POST",
            ("config", "request", "proxy", "url"): "https://proxy.example.com",
            ("config", "configVariables", 0, "name"): "PASSWORD",
            ("config", "configVariables", 0, "secure"): True,
            ("config", "steps", 0, "request", "url"): "https://shop.example.com/api",
        },
    ),
    "datadog synthetics browser steps": (
        "tap-datadog",
        "synthetics_tests",
        {
            "public_id": "abc-def-125",
            "type": "browser",
            "config": {
                "request": {"method": "GET", "url": "https://shop.example.com"},
                "setCookie": f"session={SECRET}",
                "variables": [{"name": "USER", "type": "text", "example": EMAIL, "pattern": EMAIL}],
            },
            "steps": [
                {
                    "name": "Go to the login",
                    "type": "goToUrl",
                    "params": {"value": f"https://shop.example.com/?u={EMAIL}"},
                },
                {
                    "name": f"Type {EMAIL}",
                    "type": "typeText",
                    "params": {
                        "element": {
                            "url": f"https://shop.example.com/login?invite={EMAIL}",
                            "userLocator": {"values": [{"type": "css", "value": "#login"}]},
                        },
                        "value": EMAIL,
                    },
                },
                {"name": "Type the password", "type": "typeText", "params": {"value": SECRET}},
                {
                    "name": "Welcome shown",
                    "type": "assertElementContent",
                    "params": {
                        "value": f"Welcome, {NAME}",
                        "element": {"textContent": f"Welcome, {NAME}"},
                    },
                },
                {
                    "name": "Read the phone",
                    "type": "extractVariable",
                    "params": {"variable": {"name": "PHONE", "example": PHONE}},
                },
                {
                    "name": "Check the token",
                    "type": "assertFromJavascript",
                    "params": {"code": f"return token === '{SECRET}'"},
                },
                {
                    "name": "Upload",
                    "type": "uploadFiles",
                    "params": {"files": [{"name": "cv.pdf", "content": SECRET}]},
                },
                {
                    "name": "Call the API",
                    "type": "runApiTest",
                    "params": {
                        "request": {
                            "config": {
                                "request": {
                                    "method": "POST",
                                    "url": "https://shop.example.com/api",
                                    "body": SECRET,
                                    "headers": {"Authorization": SECRET},
                                }
                            }
                        }
                    },
                },
            ],
        },
        {
            ("config", "request", "url"): "https://shop.example.com",
            ("config", "variables", 0, "name"): "USER",
            ("steps", 0, "type"): "goToUrl",
            ("steps", 1, "params", "element", "userLocator"): {
                "values": [{"type": "css", "value": "#login"}]
            },
            ("steps", 4, "params", "variable", "name"): "PHONE",
            (
                "steps",
                7,
                "params",
                "request",
                "config",
                "request",
                "url",
            ): "https://shop.example.com/api",
        },
    ),
}
# Cases whose address sits only in dropped fields (credentials, typed values): no pseudonym.
ADDRESS_DROPPED = {"datadog synthetics basic auth"}


@pytest.mark.parametrize("case", sorted(NESTED_CASES))
def test_free_text_and_nested_people_never_leave_the_maps_in_clear(case: str) -> None:
    tap, stream, record, kept = NESTED_CASES[case]
    key = "k" * 40
    mapper = _mapper(tap, _catalog(tap), key=key)
    (out,) = _mapped(mapper, stream, json.loads(json.dumps(record)))
    text = json.dumps(out)
    clear = [EMAIL, NAME, PHONE, IP, SECRET, LOGIN]
    assert [v for v in clear if v.lower() in text.lower()] == [], text
    if EMAIL in json.dumps(record) and case not in ADDRESS_DROPPED:
        assert _pseudonym(key, EMAIL) in text
    for path, value in kept.items():
        found: Any = out
        for part in path:  # a key, or an index in a list
            found = found[part]
        assert found == value, path


# --- end to end: the sandbox's people through Meltano, target-postgres and dbt -----------------


class PrivacyLoad:
    """One privacy-on load of every tap and its dbt build, and what the sandbox served."""

    def __init__(
        self,
        url: str,
        key: str,
        opted_out: dict[str, str],
        truth: dict,
        dbt: subprocess.CompletedProcess,
    ) -> None:
        self.url, self.key, self.opted_out, self.truth, self.dbt = url, key, opted_out, truth, dbt
        self.printed: list[str] = []  # what the runs printed
        self.files: list[Path] = []  # what they wrote: dbt's target/ and logs, state databases

    def query(self, query: str) -> list[tuple]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(query).fetchall()


def _people(sandbox) -> dict[str, Any]:
    """The clear personal values the sandbox serves, from its own truth."""
    pagerduty, github = sandbox.vendor("pagerduty").truth(), sandbox.vendor("github").truth()
    users = pagerduty["users"]
    contact_methods = pagerduty["contact_methods"]
    addresses = [
        m["address"]
        for methods in (
            contact_methods.values() if isinstance(contact_methods, dict) else [contact_methods]
        )
        for m in methods
        if m.get("address")
    ]
    logins = sorted({login for members in github["team_members"].values() for login, _ in members})
    return {
        "users": users,
        "names": sorted({u["name"] for u in users}),
        "emails": sorted({u["email"] for u in users}),
        "addresses": sorted(set(addresses)),
        "logins": logins,
    }


@pytest.fixture(scope="module")
def privacy_load(project, warehouse, sandbox, tmp_path_factory) -> Iterator[PrivacyLoad]:
    tmp = tmp_path_factory.mktemp("privacy")
    people = _people(sandbox)
    # The opted-out person: a responder (not a team's manager), by every identifier they have.
    person = next(u for u in reversed(people["users"]) if u["email"])
    login = next(
        (lg for lg in people["logins"] if lg == person["email"].split("@")[0].replace(".", "-")),
        None,
    )
    assert login, "the sandbox's GitHub logins no longer follow its e-mails"
    opted_out = {"email": person["email"], "id": person["id"], "login": login}
    database = f"privacy_{uuid.uuid4().hex[:8]}"
    password = f":{warehouse.password}" if warehouse.password else ""
    auth = f"{warehouse.user}{password}"
    server = f"postgresql://{auth}@{warehouse.host}:{warehouse.port}/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'create database "{database}"')
    key = secrets.token_hex(32)
    env = {
        **project.env,
        "PRIVACY_PSEUDONYM_KEY": key,
        # Upper case and spaces on purpose: the list is normalised like the values.
        "PRIVACY_OPT_OUT": f" {person['email'].upper()}, {person['id']} ,{login}",
        "MELTANO_DATABASE_URI": f"sqlite:///{tmp / 'dbt.db'}",
        "TARGET_POSTGRES_SQLALCHEMY_URL": (
            f"postgresql+psycopg://{warehouse.user}{password}@{warehouse.host}:"
            f"{warehouse.port}/{database}"
        ),
        "DBT_POSTGRES_DBNAME": database,
        "DBT_TARGET_PATH": str(tmp / "dbt-target"),
        "DBT_LOG_PATH": str(tmp / "dbt-logs"),
    }
    # The five taps at once (each its own Meltano system database: state stays apart, and
    # SQLite is not shared by concurrent writers).
    runs = [
        subprocess.Popen(
            [str(MELTANO), "--environment=privacy", "run", tap, "target-postgres"],
            cwd=ROOT,
            env={**env, "MELTANO_DATABASE_URI": f"sqlite:///{tmp / tap}.db"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for tap in TAPS
    ]
    printed = []
    for tap, run in zip(TAPS, runs, strict=True):
        output = run.communicate(timeout=600)[0]
        assert run.returncode == 0, f"{tap} failed with privacy on:\n{output[-4000:]}"
        printed.append(output)
    # dbt's models and data tests on this load, without what feeds on a source this run does
    # not load; unit tests do not read loaded data (the pipeline's tests run them). Its result
    # is asserted by its own test, so the searches below run whatever it says.
    unloaded = sorted(_dbt_sources() - set(SOURCES))
    excluded = ["test_type:unit", *(f"source:{source}+" for source in unloaded)]
    dbt = project.meltano(
        "invoke",
        "dbt-postgres",
        "build",
        "--exclude",
        *excluded,
        environment="privacy",
        env=env,
        check=False,
    )
    url = f"postgresql://{auth}@{warehouse.host}:{warehouse.port}/{database}"
    try:
        load = PrivacyLoad(url, key, opted_out, people, dbt)
        load.printed = [*printed, dbt.stdout, dbt.stderr]
        load.files = [p for p in tmp.rglob("*") if p.is_file()]
        yield load
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{database}" with (force)')


def _hits(url: str, needles: dict[str, str]) -> tuple[list[str], int]:
    """Columns holding any needle (value -> kind), and how many columns were searched."""
    pattern = "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
    hits = []
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            """
            select c.table_schema, c.table_name, c.column_name
            from information_schema.columns as c
            join information_schema.tables as t using (table_schema, table_name)
            -- Tables only: a view shows what its tables hold (scanning it would re-run it).
            where t.table_type = 'BASE TABLE'
              and c.table_schema <> all(%s) and c.data_type = any(%s)
            """,
            (list(SYSTEM_SCHEMAS), list(TEXT_TYPES)),
        ).fetchall()
        for schema, table, column in columns:
            query = sql.SQL("select {col}::text from {tab} where {col}::text ~ %s limit 5").format(
                col=sql.Identifier(column), tab=sql.Identifier(schema, table)
            )
            for (value,) in conn.execute(query, (pattern,)).fetchall():
                found = sorted({kind for needle, kind in needles.items() if needle in value})
                hits.append(f"{schema}.{table}.{column}: {found} in {value[:160]!r}")
    return hits, len(columns)


def test_dbt_build_passes_on_a_privacy_on_load(privacy_load: PrivacyLoad) -> None:
    dbt = privacy_load.dbt
    failures = [line for line in dbt.stdout.splitlines() if "Failure in" in line]
    assert dbt.returncode == 0, "\n".join(failures) or dbt.stdout[-3000:] + dbt.stderr[-3000:]


def test_no_clear_personal_value_reaches_the_warehouse(privacy_load: PrivacyLoad) -> None:
    people = privacy_load.truth
    needles = {
        value: kind for kind in ("names", "emails", "addresses", "logins") for value in people[kind]
    }
    assert len(people["names"]) >= 10, people
    assert len(people["addresses"]) >= 20, people
    hits, searched = _hits(privacy_load.url, needles)
    assert hits == [], f"{searched} columns searched; clear personal values found:\n" + "\n".join(
        hits
    )
    # The search finds what is there: the load is not empty and non-personal text is kept.
    services = [name for (name,) in privacy_load.query("select name from raw_pagerduty.services")]
    assert services
    assert _hits(privacy_load.url, {services[0]: "service"})[0], "the search finds nothing at all"


def test_the_key_is_nowhere_but_the_environment(privacy_load: PrivacyLoad) -> None:
    # The maps read it from their config; it must not reach a log line, dbt, state or a table.
    key = privacy_load.key
    assert privacy_load.files, "the runs wrote nothing to search"
    hits = [str(p) for p in privacy_load.files if key.encode() in p.read_bytes()]
    hits += ["printed by a run" for text in privacy_load.printed if key in text]
    hits += _hits(privacy_load.url, {key: "pseudonym key"})[0]
    assert hits == []


def test_the_opted_out_person_has_no_row_at_all(privacy_load: PrivacyLoad) -> None:
    key, person = privacy_load.key, privacy_load.opted_out
    email, user_id = _pseudonym(key, person["email"]), person["id"]
    login = _pseudonym(key, person["login"])
    assert privacy_load.query(
        f"select count(*) from raw_pagerduty.users where id = '{user_id}' or email = '{email}'"
    ) == [(0,)]
    for table in ("team_members", "user_contact_methods"):
        assert privacy_load.query(
            f"select count(*) from raw_pagerduty.{table} where user_id = '{user_id}'"
        ) == [(0,)], table
    assert privacy_load.query(
        f"select count(*) from raw_github.team_members where login = '{login}'"
    ) == [(0,)]
    # Everyone else is there.
    served = len(privacy_load.truth["users"])
    assert privacy_load.query("select count(*) from raw_pagerduty.users") == [(served - 1,)]
    assert privacy_load.query("select count(*) from reliability.pagerduty_users") == [(served - 1,)]


def test_a_persons_pseudonym_is_the_same_in_every_source(privacy_load: PrivacyLoad) -> None:
    key = privacy_load.key
    expected = {_pseudonym(key, e) for e in privacy_load.truth["emails"]}
    opted_out = _pseudonym(key, privacy_load.opted_out["email"])
    pagerduty = {r[0] for r in privacy_load.query("select email from raw_pagerduty.users")}
    assert pagerduty == expected - {opted_out}
    others = {
        "datadog monitor creators": "select creator->>'email' from raw_datadog.monitors",
        "datadog SLO creators": "select creator->>'email' from raw_datadog.slos",
        "sentry assignees": (
            "select \"assignedTo\"->>'email' from raw_sentry.issues "
            "where \"assignedTo\"->>'type' = 'user'"
        ),
        "sentry activity users": "select \"user\"->>'email' from raw_sentry.issue_activity",
        "github commit authors": (
            "select head_commit->'author'->>'email' from raw_github.workflow_runs"
        ),
        "dbt: monitors' creators": "select creator_email from staging.stg_datadog__monitors",
    }
    for source, query in others.items():
        values = {r[0] for r in privacy_load.query(query) if r[0]}
        assert values, f"{source}: nothing loaded"
        assert values <= expected, f"{source}: pseudonyms no PagerDuty user has"
    # Datadog handles are e-mails here: the same person, the same pseudonym.
    handles = privacy_load.query(
        "select count(*) from raw_datadog.monitors where creator->>'handle' <> creator->>'email'"
    )
    assert handles == [(0,)]
