"""The sandbox's Google Sheets answers against Google's published Sheets v4 contract.

The sandbox's Sheets module and tap-google-sheets' expectations were written together; the
authority is Google's discovery document for Sheets v4 (shipped in PyPI's
google-api-python-client, reduced to the two methods the tap calls in
tests/contracts/sheets.v4.json; tests/contracts/SOURCES.md). Here every request
singer-io tap-google-sheets 3.1.2 makes (spreadsheets.get without and with grid data,
values.get unformatted and formatted, and the read past the last response) is sent to the
sandbox as the tap sends it, its query is checked against the method's parameters, and the
answer against the method's response schema — strictly: a property the document does not
define is a violation, as is a value outside an enum or of the wrong type.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from importlib import util
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jsonschema
import pytest
import requests
from reliability_sandbox import OrgConfig, Sandbox

CONTRACTS = Path(__file__).resolve().parent / "contracts"
DOCUMENT = CONTRACTS / "sheets.v4.json"
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
#: The tap's requests (tap_google_sheets/streams.py, 3.1.2): the path under /v4 and the query
#: exactly as it writes them (its own query string, the sheet title quoted and '+'-encoded).
#: {id}, {title} and {last} (the last column's letter) come from the sandbox's sheet.
TAP_REQUESTS = {
    "spreadsheet_metadata": (
        "sheets.spreadsheets.get",
        "spreadsheets/{id}?includeGridData=false",
    ),
    "sheet_metadata (header and first row, with grid data)": (
        "sheets.spreadsheets.get",
        "spreadsheets/{id}?includeGridData=true&ranges='{title}'!1:2",
    ),
    "sheet rows (unformatted, serial numbers)": (
        "sheets.spreadsheets.values.get",
        (
            "spreadsheets/{id}/values/'{title}'!A2:{last}201"
            "?dateTimeRenderOption=SERIAL_NUMBER&valueRenderOption=UNFORMATTED_VALUE"
            "&majorDimension=ROWS"
        ),
    ),
    "sheet rows (formatted, for date columns)": (
        "sheets.spreadsheets.values.get",
        (
            "spreadsheets/{id}/values/'{title}'!A2:{last}201"
            "?dateTimeRenderOption=SERIAL_NUMBER&valueRenderOption=FORMATTED_VALUE"
            "&majorDimension=ROWS"
        ),
    ),
    "sheet rows past the last response": (
        "sheets.spreadsheets.values.get",
        (
            "spreadsheets/{id}/values/'{title}'!A802:{last}1000"
            "?dateTimeRenderOption=SERIAL_NUMBER&valueRenderOption=UNFORMATTED_VALUE"
            "&majorDimension=ROWS"
        ),
    ),
}


@cache
def contract() -> dict[str, Any]:
    """The reduced discovery document."""
    return json.loads(DOCUMENT.read_text())


def _json_schema(node: dict[str, Any]) -> dict[str, Any]:
    """A discovery-document schema as JSON Schema, strict about properties it does not define.

    Discovery types: object (`properties` and/or `additionalProperties`), array (`items`),
    string (int64 values and `google-datetime` are strings too), integer, number, boolean,
    any; `$ref` names another schema of the document.
    """
    if "$ref" in node:
        return {"$ref": f"#/$defs/{node['$ref']}"}
    kind = node.get("type")
    out: dict[str, Any]
    if kind == "object" or "properties" in node:
        out = {"type": "object"}
        if "properties" in node:
            out["properties"] = {k: _json_schema(v) for k, v in node["properties"].items()}
            out["additionalProperties"] = False
        if "additionalProperties" in node:
            out["additionalProperties"] = _json_schema(node["additionalProperties"])
    elif kind == "array":
        out = {"type": "array", "items": _json_schema(node["items"])}
    elif kind == "any" or kind is None:
        out = {}
    else:
        out = {"type": kind}
    if "enum" in node:
        out["enum"] = node["enum"]
    return out


@cache
def _definitions() -> dict[str, Any]:
    return {name: _json_schema(schema) for name, schema in contract()["schemas"].items()}


def response_problems(method: str, body: Any) -> list[str]:
    """Where `body` breaks the documented response of `method` (empty: it conforms)."""
    name = contract()["methods"][method]["response"]["$ref"]
    schema = {"$defs": _definitions(), "$ref": f"#/$defs/{name}"}
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(
        f"{name}{''.join(f'[{p!r}]' for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(body)
    )


def query_problems(method: str, query: str) -> list[str]:
    """Query parameters that `method` does not define, or values outside their enum."""
    declared = {**contract()["parameters"], **contract()["methods"][method]["parameters"]}
    problems = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        spec = declared.get(key)
        if spec is None or spec.get("location") != "query":
            problems.append(f"{key}: not a query parameter of {method}")
        elif "enum" in spec and value not in spec["enum"]:
            problems.append(f"{key}={value}: not one of {spec['enum']}")
        elif spec.get("type") == "boolean" and value not in ("true", "false"):
            problems.append(f"{key}={value}: not a boolean")
    return problems


def _path_matches(method: str, path: str) -> bool:
    """Whether `path` (under the API's root) is the method's flat path."""
    flat = contract()["methods"][method]["flatPath"].removeprefix("v4/").split("/")
    parts = path.split("/")
    return len(flat) == len(parts) and all(
        f == p or (f.startswith("{") and f.endswith("}") and p)
        for f, p in zip(flat, parts, strict=True)
    )


# --- the sandbox ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(OrgConfig.preset("test", anchor=ANCHOR)) as sb:
        yield sb


@pytest.fixture(scope="module")
def sheet(sandbox: Sandbox) -> dict[str, Any]:
    """What the sandbox's sheet holds (its truth: id, title, headers, rows)."""
    return sandbox.vendor("gsheets").truth()


def _request(name: str, sheet: dict[str, Any]) -> tuple[str, str]:
    method, template = TAP_REQUESTS[name]
    return method, template.format(
        id=sheet["spreadsheet_id"],
        title=sheet["sheet_title"].replace(" ", "+"),
        last=chr(ord("A") + len(sheet["headers"]) - 1),
    )


@pytest.fixture(scope="module")
def served(sandbox: Sandbox, sheet: dict[str, Any]) -> dict[str, tuple[str, int, Any]]:
    """Each of the tap's requests: (method, status, JSON body), as the sandbox answered."""
    token = requests.post(
        f"{sandbox.vendor('gdrive').url}/token",
        data={"grant_type": "refresh_token", **sandbox.vendor("gdrive").credentials},
        timeout=10,
    ).json()["access_token"]
    answers = {}
    for name in TAP_REQUESTS:
        method, request = _request(name, sheet)
        resp = requests.get(
            f"{sandbox.base_url}/gsheets/v4/{request}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        answers[name] = (method, resp.status_code, resp.json())
    return answers


# --- the contract itself ----------------------------------------------------------------------


def test_reduced_document_is_googles_less_its_prose() -> None:
    """The committed reduction is what the script derives from the pinned package's document."""
    if util.find_spec("googleapiclient") is None:
        pytest.skip("google-api-python-client is not installed here")
    spec = util.spec_from_file_location("reduce_sheets", CONTRACTS / "reduce_sheets_discovery.py")
    assert spec is not None
    assert spec.loader is not None
    script = util.module_from_spec(spec)
    spec.loader.exec_module(script)
    published = json.loads(script.installed_document().read_text())
    if published["revision"] != contract()["revision"]:
        pytest.skip(
            f"installed document revision {published['revision']} != committed "
            f"{contract()['revision']}: regenerate with tests/contracts/reduce_sheets_discovery.py"
        )
    assert script.reduce(published, contract()["source"]) == contract()


def test_the_strict_check_catches_what_google_does_not_send() -> None:
    # The check has teeth: an undocumented property, a bad enum value, a wrong type.
    good = {"range": "'Form Responses 1'!A2:H3", "majorDimension": "ROWS", "values": [["a", 1]]}
    assert response_problems("sheets.spreadsheets.values.get", good) == []
    assert response_problems("sheets.spreadsheets.values.get", {**good, "rows": 2})
    assert response_problems("sheets.spreadsheets.values.get", {**good, "majorDimension": "ROW"})
    sheet = {"spreadsheetId": "x", "sheets": [{"properties": {"sheetId": "7"}}]}
    assert response_problems("sheets.spreadsheets.get", sheet)
    assert query_problems("sheets.spreadsheets.values.get", "valueRenderOption=RAW")
    assert query_problems("sheets.spreadsheets.get", "includeGrid=true")


# --- the tap's requests and the sandbox's answers -----------------------------------------------


@pytest.mark.parametrize("name", list(TAP_REQUESTS))
def test_the_taps_request_is_a_documented_call(name: str, sheet: dict[str, Any]) -> None:
    method, request = _request(name, sheet)
    parts = urlsplit(request)
    assert _path_matches(method, parts.path), request
    assert query_problems(method, parts.query) == []


@pytest.mark.parametrize("name", list(TAP_REQUESTS))
def test_the_sandboxs_answer_is_googles_documented_response(
    name: str, served: dict[str, tuple[str, int, Any]]
) -> None:
    method, status, body = served[name]
    assert status == 200, body
    assert response_problems(method, body) == []


def test_the_answers_carry_what_the_tap_reads(
    served: dict[str, tuple[str, int, Any]], sheet: dict[str, Any]
) -> None:
    # Beyond conformance: the fields the tap and staging rely on are present, not only allowed.
    _, _, spreadsheet = served["spreadsheet_metadata"]
    assert spreadsheet["properties"]["timeZone"]
    assert "data" not in spreadsheet["sheets"][0]
    _, _, grid = served["sheet_metadata (header and first row, with grid data)"]
    rows = grid["sheets"][0]["data"][0]["rowData"]
    assert [c["formattedValue"] for c in rows[0]["values"]] == sheet["headers"]
    _, _, values = served["sheet rows (unformatted, serial numbers)"]
    assert values["majorDimension"] == "ROWS"
    assert isinstance(values["values"][0][0], float)  # a serial number
    _, _, past = served["sheet rows past the last response"]
    assert "values" not in past  # Google omits an empty range's values
