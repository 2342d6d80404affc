"""The Google Sheets module: the Developer Survey's response sheet, as Sheets API v4 serves it.

Expected values come from Google's reference (developers.google.com/sheets/api/reference/
rest: Spreadsheet, CellData, ValueRange, DateTimeRenderOption) and from the world's teams,
not from the module's own helpers.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.vendors.google import (
    HEADERS,
    SHEET_TITLE,
    SPREADSHEET_ID,
    GoogleSheetsAPI,
    serial_number,
)

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
SHEET = f"/gsheets/v4/spreadsheets/{SPREADSHEET_ID}"


#: The preset of the module's sandbox (conftest.py's `sbx`).
PRESET = "demo"


@pytest.fixture(scope="module")
def access(sbx: Sandbox) -> str:
    resp = requests.post(
        f"{sbx.vendor('gdrive').url}/token",
        data={"grant_type": "refresh_token", **sbx.vendor("gdrive").credentials},
        timeout=10,
    )
    assert resp.status_code == 200, resp.text
    return str(resp.json()["access_token"])


def sheets(sbx: Sandbox) -> GoogleSheetsAPI:
    return sbx.vendor("gsheets").api  # type: ignore[return-value]


def get(sbx: Sandbox, path: str, access: str | None, **params: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {access}"} if access else {}
    return requests.get(f"{sbx.base_url}{path}", params=params, headers=headers, timeout=10)


def values(sbx: Sandbox, access: str, a1: str, render: str) -> requests.Response:
    # As singer-io tap-google-sheets sends it: the title quote_plus-encoded inside the path.
    return get(
        sbx,
        f"{SHEET}/values/{a1}",
        access,
        dateTimeRenderOption="SERIAL_NUMBER",
        valueRenderOption=render,
        majorDimension="ROWS",
    )


def truth_rows(sbx: Sandbox) -> list[list[Any]]:
    return sbx.vendor("gsheets").truth()["rows"]


def test_serial_numbers_follow_googles_definition():
    # DateTimeRenderOption: "February 1st 1900 at 3pm would be 33.625" (days since
    # 1899-12-30), in the spreadsheet's time zone.
    assert serial_number(datetime(1900, 2, 1, 15, tzinfo=UTC), zone="UTC") == 33.625
    # 10:00 UTC on 4 July 2026 is noon in Berlin (CEST, UTC+2).
    noon = serial_number(datetime(2026, 7, 4, 10, tzinfo=UTC), zone="Europe/Berlin")
    assert noon == (datetime(2026, 7, 4) - datetime(1899, 12, 30)).days + 0.5  # noqa: DTZ001


def test_sheets_needs_a_bearer_token_from_googles_oauth(sbx, access):
    missing = get(sbx, SHEET, None)
    assert missing.status_code == 401
    assert missing.json()["error"]["status"] == "UNAUTHENTICATED"
    forged = get(sbx, SHEET, "ya29.forged")
    assert forged.status_code == 401
    assert get(sbx, SHEET, access).status_code == 200


def test_unknown_spreadsheet_is_googles_404(sbx, access):
    resp = get(sbx, "/gsheets/v4/spreadsheets/1nope", access)
    assert resp.status_code == 404
    assert resp.json()["error"] == {
        "code": 404,
        "message": "Requested entity was not found.",
        "errors": [
            {"message": "Requested entity was not found.", "domain": "global", "reason": "notFound"}
        ],
        "status": "NOT_FOUND",
    }


def test_spreadsheet_metadata_without_grid_data(sbx, access):
    body = get(sbx, SHEET, access, includeGridData="false").json()
    assert body["spreadsheetId"] == SPREADSHEET_ID
    assert body["properties"]["timeZone"] == "Europe/Berlin"
    assert body["properties"]["locale"] == "en_US"
    (sheet,) = body["sheets"]
    assert "data" not in sheet
    assert sheet["properties"]["title"] == "Form Responses 1"
    assert sheet["properties"]["sheetType"] == "GRID"
    grid = sheet["properties"]["gridProperties"]
    # A sheet keeps its grid of 1,000 rows however few responses it holds.
    assert grid == {"rowCount": 1000, "columnCount": 8, "frozenRowCount": 1}


def test_grid_data_of_the_first_two_rows_types_the_columns(sbx, access):
    body = get(sbx, SHEET, access, includeGridData="true", ranges="'Form Responses 1'!1:2").json()
    (data,) = body["sheets"][0]["data"]
    header, first = data["rowData"]
    assert [c["formattedValue"] for c in header["values"]] == [
        "Timestamp",
        "Email Address",
        "Which team are you on?",
        "I feel confident when I am on call",
        "Our incident process works well",
        "I feel safe deploying to production",
        "My on-call load is sustainable",
        "What one change would most improve reliability for your team?",
    ]
    stamp = first["values"][0]
    assert stamp["effectiveFormat"]["numberFormat"]["type"] == "DATE_TIME"
    assert isinstance(stamp["effectiveValue"]["numberValue"], float)
    assert "stringValue" in first["values"][1]["effectiveValue"]
    rows = truth_rows(sbx)
    assert stamp["effectiveValue"]["numberValue"] == rows[0][0]


def test_values_formatted_and_unformatted(sbx, access):
    a1 = "'Form+Responses+1'!A2:H200"
    formatted = values(sbx, access, a1, "FORMATTED_VALUE").json()
    raw = values(sbx, access, a1, "UNFORMATTED_VALUE").json()
    assert formatted["range"] == "'Form Responses 1'!A2:H200"
    assert formatted["majorDimension"] == "ROWS"
    rows = truth_rows(sbx)
    assert len(raw["values"]) == len(formatted["values"]) == len(rows)
    serial = raw["values"][0][0]
    assert isinstance(serial, float)
    # The Forms timestamp pattern M/d/yyyy H:mm:ss, read back independently of the module.
    shown = datetime.strptime(formatted["values"][0][0], "%m/%d/%Y %H:%M:%S")  # noqa: DTZ007
    wall = datetime(1899, 12, 30) + timedelta(days=serial)  # noqa: DTZ001
    assert abs((shown - wall).total_seconds()) <= 1
    for served, held in zip(raw["values"], rows, strict=True):
        # Trailing empty cells are omitted; cells in between are "".
        cells = list(held)
        while cells and cells[-1] is None:
            cells.pop()
        assert served == ["" if v is None else v for v in cells]


def test_pages_past_the_responses_and_past_the_grid(sbx, access):
    empty = values(sbx, access, "'Form+Responses+1'!A201:H400", "FORMATTED_VALUE")
    assert empty.status_code == 200
    assert "values" not in empty.json()
    beyond = values(sbx, access, "'Form+Responses+1'!A1001:H1200", "FORMATTED_VALUE")
    assert beyond.status_code == 400
    assert beyond.json()["error"]["status"] == "INVALID_ARGUMENT"
    other = values(sbx, access, "'Sheet9'!A1:B2", "FORMATTED_VALUE")
    assert other.status_code == 400
    assert other.json()["error"]["message"].startswith("Unable to parse range")


def test_answers_come_from_every_team_with_what_real_sheets_hold(sbx):
    rows = truth_rows(sbx)
    org = sbx.org
    teams = {t.name for t in org.teams}
    answered = {str(r[2]).strip() for r in rows}
    # Every team answers, some loosely typed (case, blanks), one answer maps to no team.
    assert teams <= answered | {t.upper() for t in teams}
    assert any(str(r[2]) != str(r[2]).strip() or str(r[2]).islower() for r in rows)
    assert "SRE guild" in answered
    scales = [v for r in rows for v in r[3:7]]
    assert "N/A" in scales
    assert 7 in scales
    assert None in scales  # a skipped question
    assert all(v in {1, 2, 3, 4, 5, None, "N/A", 7} for v in scales)
    assert sum(isinstance(r[0], str) for r in rows) == 1  # a timestamp typed over by hand
    # One person answered twice in a wave.
    assert max(Counter(r[1] for r in rows).values()) >= 2
    assert any(r[7] for r in rows)
    assert any(r[7] is None for r in rows)


def test_waves_lie_in_one_quarter_each_and_before_now(sbx):
    berlin = ZoneInfo("Europe/Berlin")
    quarters = Counter()
    for row in truth_rows(sbx):
        if not isinstance(row[0], float):
            continue
        local = datetime(1899, 12, 30) + timedelta(days=row[0])  # noqa: DTZ001
        at = local.replace(tzinfo=berlin).astimezone(UTC)
        assert at <= ANCHOR
        quarters[(at.year, math.ceil(at.month / 3))] += 1
    # The anchor (15 June 2026) is in Q2: the latest wave is Q2 2026, the one before Q1.
    assert set(quarters) == {(2026, 1), (2026, 2)}


def test_same_seed_same_sheet():
    one = Sandbox(OrgConfig.preset("test", anchor=ANCHOR))
    two = Sandbox(OrgConfig.preset("test", anchor=ANCHOR))
    assert sheets(one).truth() == sheets(two).truth()
    assert sheets(one).truth()["headers"] == list(HEADERS)
    assert sheets(one).truth()["sheet_title"] == SHEET_TITLE
