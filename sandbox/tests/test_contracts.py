"""The vendors' contracts: what the extraction kept, and what the checks catch.

Expected values here come from the vendors' documents themselves (their parameter lists,
their examples), not from the sandbox.
"""

from __future__ import annotations

import pytest
import requests

from reliability_sandbox import Sandbox
from reliability_sandbox.contracts import (
    HERE,
    VENDORS,
    load_contract,
    readme_exclusions,
    schema_gaps,
)


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_listed_operation_is_in_the_contract_with_its_source(vendor):
    contract = load_contract(vendor)
    assert contract.source
    assert contract.licence
    listed = [
        line.split("#", 1)[0].split()[:2]
        for line in (HERE / f"{vendor}.operations").read_text().splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert [[op.method, op.path] for op in contract.operations] == listed
    for op in contract.operations:
        assert op.response_schema(200) is not None or op.response_schema(204) is not None, op.path


def test_vendor_example_validates_and_a_broken_one_does_not():
    op = load_contract("pagerduty").operation("GET", "/teams")
    (example,) = op.examples(200)
    assert op.check_response(200, example) == []
    broken = {**example, "teams": [{**example["teams"][0], "name": 42}]}
    problems = op.check_response(200, broken)
    assert problems == ["response.teams[0].name: 42 is not of type 'string'"]


def test_undocumented_success_status_is_a_problem_but_an_undocumented_error_is_not():
    op = load_contract("sentry").operation(
        "GET", "/api/0/organizations/{organization_id_or_slug}/teams/"
    )
    assert op.check_response(299, []) == ["HTTP 299 is not a documented response"]
    assert op.check_response(502, {"anything": True}) == []


def test_request_check_uses_the_documented_parameters():
    op = load_contract("pagerduty").operation("GET", "/incidents")
    assert op.check_request("/incidents", {"limit": ["100"], "statuses[]": ["triggered"]}) == []
    problems = op.check_request(
        "/incidents", {"limit": ["many"], "statuses[]": ["bogus"], "": ["100"]}
    )
    assert "parameter 'limit': 'many' is not of type 'integer'" in problems
    assert any(p.startswith("parameter 'statuses[]': 'bogus' is not one of") for p in problems)
    repeated = {"statuses[]": ["triggered", "acknowledged"], "sort_by": ["created_at:asc"]}
    assert op.check_request("/incidents", repeated) == []
    assert "query parameter '' is not a parameter of the operation" in problems


def test_path_templates_match_concrete_paths_most_literal_first():
    contract = load_contract("github")
    op = contract.match("GET", "/orgs/acme/teams/platform/members")
    assert op is not None
    assert op.path == "/orgs/{org}/teams/{team_slug}/members"
    assert contract.match("GET", "/orgs/acme/unknown/thing") is None
    assert contract.match("DELETE", "/orgs/acme") is None


def test_schema_gaps_names_missing_fields_and_incompatible_types():
    vendor = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "count": {"type": "integer"},
            "nested": {"type": "object", "properties": {"a": {"type": "string"}}},
            "free": {"type": "object", "properties": {"b": {"type": "string"}}},
            "secret": {"type": "string", "writeOnly": True},
            "missing": {"$ref": "#/$defs/Thing"},
        },
    }
    defs = {"Thing": {"type": ["string", "null"]}}
    stream = {
        "type": "object",
        "properties": {
            "id": {"type": ["integer", "null"]},
            "count": {"type": ["number", "null"]},
            "nested": {"type": ["object", "null"], "properties": {}},
            "free": {"type": ["object", "null"]},
        },
    }
    gaps = [str(g) for g in schema_gaps(stream, vendor, defs)]
    assert gaps == [
        "id: vendor type ['string'] is not admitted by ['integer', 'null']",
        "nested.a: documented by the vendor, not declared by the stream",
        "missing: documented by the vendor, not declared by the stream",
    ]


def test_readme_exclusions_reads_the_table_under_its_heading():
    readme = """# tap-x

## Fields the vendor documents that this tap does not emit, and why

| stream | field | why |
|---|---|---|
| `users` | `avatar_url` | a hypermedia link |
| repos | `hooks.config.secret` | a secret |

## Next section
| other | table | here |
"""
    assert readme_exclusions(readme) == {
        ("users", "avatar_url"): "a hypermedia link",
        ("repos", "hooks.config.secret"): "a secret",
    }


def test_the_sandbox_records_requests_and_answers_outside_the_contract():
    with Sandbox(check_contracts=True) as sbx:
        headers = sbx.vendor("pagerduty").headers()
        ok = requests.get(f"{sbx.vendor('pagerduty').url}/teams", headers=headers, timeout=10)
        assert ok.status_code == 200
        requests.get(f"{sbx.vendor('pagerduty').url}/teams?bogus=1", headers=headers, timeout=10)
        requests.get(f"{sbx.vendor('pagerduty').url}/nowhere", headers=headers, timeout=10)
        report = sbx.contract_report()
    assert report["exercised"]["pagerduty GET /teams 200"] == 2
    problems = {(v["request"], p) for v in report["violations"] for p in v["problems"]}
    assert problems == {
        ("GET /teams", "request: query parameter 'bogus' is not a parameter of the operation"),
        ("GET /nowhere", "not an operation of the vendor's API"),
    }


def test_the_contract_check_is_off_unless_asked_for():
    with Sandbox() as sbx, pytest.raises(RuntimeError, match="check_contracts=True"):
        sbx.contract_report()


def test_quirks_are_named_and_reach_the_vendors():
    from reliability_sandbox.faults import QUIRKS, FaultConfig

    config = FaultConfig.from_dict({"quirks": ["short_pages", "unsorted"]})
    assert config.quirks == {"short_pages", "unsorted"}
    assert config.to_dict()["quirks"] == ["short_pages", "unsorted"]
    assert set(QUIRKS) >= {"vanished_children", "short_pages", "unsorted", "unknown_fields"}
    with pytest.raises(ValueError, match="unknown quirks"):
        FaultConfig.from_dict({"quirks": ["everything"]})
