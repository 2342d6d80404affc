"""The Developer Survey end to end: tap-google-sheets through Meltano into a real Postgres.

The sandbox serves a Google Form's response sheet (sandbox/reliability_sandbox/gsheets.py);
singer-io's tap-google-sheets reads it through Meltano and target-postgres lands it. The
expectations are computed here from what the sandbox served, with Google's definition of a
serial number (days since 1899-12-30, in the spreadsheet's time zone), not from dbt.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.e2e

TABLE = 'raw_survey."Form Responses 1"'
QUESTIONS = (
    "Timestamp",
    "Email Address",
    "Which team are you on?",
    "I feel confident when I am on call",
    "Our incident process works well",
    "I feel safe deploying to production",
    "My on-call load is sustainable",
    "What one change would most improve reliability for your team?",
)
SCALE = {1, 2, 3, 4, 5}


def _served(sandbox) -> dict:
    return sandbox.vendor("gsheets").truth()


def _as_the_tap_sends(serial: float) -> str:
    """The tap's reading of a serial number: whole seconds (floored), labelled UTC."""
    seconds = math.floor((serial - 25569) * 86400)  # 25569 = 1970-01-01 as a serial number
    at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    return at.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


@pytest.fixture(scope="module")
def loaded(world):
    """The survey's EL: the session's loaded world's `meltano run tap-google-sheets
    target-postgres` (tests/conftest.py points the tap at the sandbox)."""
    world.loaded("tap-google-sheets")
    return world


def test_every_answer_served_lands(loaded, sandbox):
    warehouse = loaded.db
    served = _served(sandbox)
    columns = ", ".join(f'"{q}"' for q in QUESTIONS)
    landed = warehouse.query(
        f"select __sdc_row, {columns} from {TABLE} where _sdc_deleted_at is null order by 1"
    )
    assert [row[0] for row in landed] == list(range(2, len(served["rows"]) + 2))
    for (_, *cells), row in zip(landed, served["rows"], strict=True):
        expected = [
            _as_the_tap_sends(row[0]) if isinstance(row[0], float) else row[0],
            *row[1:],
        ]
        # Scale answers land as text (the tap sends a hand-typed 'N/A' beside numbers).
        assert cells == [None if v is None else str(v) for v in expected]


def _expected_staging(served: dict) -> tuple[dict[int, tuple], set[int]]:
    """Per sheet row: (submitted_at in UTC, e-mail, issue kind); and the rows that count."""
    zone = ZoneInfo(served["time_zone"])
    expected: dict[int, tuple] = {}
    for number, row in enumerate(served["rows"], start=2):
        submitted = None
        if isinstance(row[0], float):
            # The serial number is the spreadsheet's wall-clock time (Forms writes it so).
            wall = datetime(1970, 1, 1) + timedelta(seconds=math.floor((row[0] - 25569) * 86400))
            submitted = wall.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
        if submitted is None:
            issue = "unparseable_timestamp"
        elif not str(row[2] or "").strip():
            issue = "missing_team"
        elif any(v is not None and v not in SCALE for v in row[3:7]):
            issue = "invalid_"
        else:
            issue = None
        # Staging keeps the address only as md5 of its lower-case form.
        expected[number] = (submitted, hashlib.md5(row[1].lower().encode()).hexdigest(), issue)  # noqa: S324
    # The latest answer per person and calendar quarter counts; earlier ones are superseded.
    latest: dict[tuple, int] = {}
    for number, (submitted, email, _) in expected.items():
        if submitted is None:
            continue
        key = (submitted.year, (submitted.month - 1) // 3, email)
        if key not in latest or submitted > expected[latest[key]][0]:
            latest[key] = number
    return expected, set(latest.values())


def test_staging_types_flags_and_deduplicates(loaded, sandbox):
    project, warehouse = loaded.project, loaded.db
    project.meltano("invoke", "dbt-postgres", "build", "--select", "stg_survey__responses")
    served = _served(sandbox)
    expected, latest = _expected_staging(served)
    rows = warehouse.query(
        "select sheet_row, submitted_at, respondent_key, data_quality_issue, "
        "is_latest_response, is_usable from staging.stg_survey__responses"
    )
    assert len(rows) == len(served["rows"])
    for sheet_row, submitted_at, respondent, issue, is_latest, is_usable in rows:
        want_at, want_respondent, want_issue = expected[sheet_row]
        assert submitted_at == want_at, sheet_row
        assert respondent == want_respondent
        assert bool(issue) == bool(want_issue), sheet_row
        assert (issue or "").startswith(want_issue or ""), sheet_row
        if want_at is not None:
            assert is_latest == (sheet_row in latest), sheet_row
        assert is_usable == (want_issue is None and sheet_row in latest), sheet_row
    # The sandbox's hand edits are all caught: a typed-over timestamp, 'N/A', a 7.
    issues = sorted(i for _, _, _, i, _, _ in rows if i)
    assert len(issues) == 3
    assert "unparseable_timestamp" in issues


def _launcher():
    """The launcher module, imported from its folder (it lives in Meltano's plugin venv)."""
    import importlib  # noqa: PLC0415
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    folder = Path(__file__).resolve().parents[1] / "meltano/plugins/tap-google-sheets-endpoint"
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module("tap_google_sheets_endpoint")
    finally:
        sys.path.remove(str(folder))


def test_launcher_redirects_only_googles_two_hosts_and_only_when_configured():
    launcher = _launcher()
    # Production: no api_url/token_uri, the tap talks to Google unchanged.
    assert launcher.rewrites_from_config({"spreadsheet_id": "x"}) == {}
    rewrites = launcher.rewrites_from_config(
        {"api_url": "http://127.0.0.1:9/gsheets", "token_uri": "http://127.0.0.1:9/google/token"}
    )
    url = "https://sheets.googleapis.com/v4/spreadsheets/abc/values/'Form+Responses+1'!A2:H200"
    assert launcher.rewrite(url, rewrites) == (
        "http://127.0.0.1:9/gsheets/v4/spreadsheets/abc/values/'Form+Responses+1'!A2:H200"
    )
    assert (
        launcher.rewrite("https://oauth2.googleapis.com/token", rewrites)
        == "http://127.0.0.1:9/google/token"
    )
    drive = "https://www.googleapis.com/drive/v3/files/abc"
    assert launcher.rewrite(drive, rewrites) == drive
