"""Google Sheets API v4 (spreadsheets.get, spreadsheets.values.get): the Developer Survey.

Mounted under ``/gsheets``: a client's Sheets root is ``http://127.0.0.1:PORT/gsheets/v4/``
(Google's is ``https://sheets.googleapis.com/v4/``). Access tokens come from the Drive
module's OAuth endpoint (``/google/token``), as every Google API shares one OAuth server.

What it serves: one spreadsheet, the response sheet a Google Form writes ("Form Responses
1"), holding a developer survey run once a quarter (the latest two quarters): a timestamp,
the respondent's e-mail, a free-text team name, four 1-5 linear-scale questions and a
free-text suggestion. Answers are drawn per user of the world's teams
(:mod:`reliability_sandbox.org`), plus what real response sheets hold: team names typed
loosely ("payments ", "Search and Discovery"), a team nobody maps ("SRE guild"), skipped
questions (empty cells), a respondent who submitted twice, and rows edited by hand after
the fact (a timestamp typed as text, "N/A" and an out-of-scale 7 in a scale column).
:meth:`GoogleSheetsAPI.truth` lists every row exactly as served.

Contract (developers.google.com/sheets/api/reference/rest): ``spreadsheets.get`` with
``includeGridData`` and A1 ``ranges`` (``'Sheet title'!1:2``) returns ``Spreadsheet``
with ``sheets[].data[].rowData[].values[]`` ``CellData`` (``effectiveValue``,
``formattedValue``, ``effectiveFormat.numberFormat``); ``spreadsheets.values.get``
returns ``ValueRange`` (``range``, ``majorDimension``, ``values``) honouring
``valueRenderOption`` (``FORMATTED_VALUE``, ``UNFORMATTED_VALUE``) and
``dateTimeRenderOption`` (``SERIAL_NUMBER``: days since 1899-12-30 in the spreadsheet's
time zone); trailing empty cells and rows are omitted; a range past the grid is a 400.
Errors use Google's JSON error body. ``+`` in a sheet title inside the range path is read
as a space, as Google's front end does (singer-io tap-google-sheets sends titles
``quote_plus``-encoded in the path).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus
from zoneinfo import ZoneInfo

from reliability_sandbox.vendor import Request, Response, unknown_settings
from reliability_sandbox.vendors.google.files import ApiError

if TYPE_CHECKING:
    from reliability_sandbox.org import Org, Team
    from reliability_sandbox.vendors.google.drive import GoogleDriveAPI

#: A constant id, so that the demo's configuration needs no lookup (Google's are 44 chars).
SPREADSHEET_ID = "1DevSurveySandboxFormResponsesReliabilityQ01"
SPREADSHEET_TITLE = "Developer Survey (Responses)"
SHEET_TITLE = "Form Responses 1"
SHEET_ID = 1311290441
#: Forms writes timestamps in the spreadsheet's zone, not UTC (a reader must convert).
TIME_ZONE = "Europe/Berlin"
#: A new sheet's grid: 1,000 rows whatever the number of responses (a reader pages to the
#: first empty block, not to rowCount).
ROW_COUNT = 1000
TIMESTAMP_PATTERN = "M/d/yyyy H:mm:ss"

TEAM_QUESTION = "Which team are you on?"
#: The four linear-scale questions (1 = strongly disagree, 5 = strongly agree).
SCALE_QUESTIONS = (
    "I feel confident when I am on call",
    "Our incident process works well",
    "I feel safe deploying to production",
    "My on-call load is sustainable",
)
SUGGESTION_QUESTION = "What one change would most improve reliability for your team?"
HEADERS = ("Timestamp", "Email Address", TEAM_QUESTION, *SCALE_QUESTIONS, SUGGESTION_QUESTION)
#: Respondents per wave: share of each team's members who answer.
RESPONSE_RATE = 0.8
_SUGGESTIONS = (
    "Fewer noisy alerts at night.",
    "A runbook for every page.",
    "Canary deploys for the API.",
    "More people in the rotation.",
    "Faster rollbacks.",
    "Clear ownership of shared services.",
    "Postmortems that lead to fixed action items.",
)
_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Sheets' serial-number epoch is zone-less


@dataclass(slots=True)
class Cell:
    """One cell: the value as entered (number, text) and whether it is a date-time."""

    value: float | int | str | None
    is_timestamp: bool = False


def serial_number(at: datetime, zone: str = TIME_ZONE) -> float:
    """A UTC time as Sheets' ``SERIAL_NUMBER`` in ``zone`` (days since 1899-12-30)."""
    local = at.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return (local - _EPOCH).total_seconds() / 86400


def _formatted(cell: Cell) -> str:
    """``FORMATTED_VALUE``: what the sheet displays (US locale, the Forms timestamp pattern)."""
    if cell.value is None:
        return ""
    if cell.is_timestamp and isinstance(cell.value, float):
        at = _EPOCH + timedelta(days=cell.value)
        at = at.replace(microsecond=0) + timedelta(seconds=round(at.microsecond / 1e6))
        return f"{at.month}/{at.day}/{at.year} {at.hour}:{at.minute:02d}:{at.second:02d}"
    return str(cell.value)


def _unformatted(cell: Cell) -> float | int | str:
    """``UNFORMATTED_VALUE`` with ``SERIAL_NUMBER`` date-times."""
    return "" if cell.value is None else cell.value


def _column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _column_index(letters: str) -> int:
    out = 0
    for ch in letters.upper():
        out = out * 26 + ord(ch) - 64
    return out


_A1 = re.compile(r"^(?:'(?P<q>(?:[^']|'')+)'|(?P<u>[^!']+))(?:!(?P<cells>.*))?$")
_CELLS = re.compile(r"^(?P<c1>[A-Za-z]*)(?P<r1>\d*)(?::(?P<c2>[A-Za-z]*)(?P<r2>\d*))?$")


def wave_starts(anchor: datetime) -> list[datetime]:
    """When each survey wave opened: 3 days into each of the latest two quarters.

    A wave lasts 10 days; the latest wave is the newest one already closed at ``anchor``,
    so every wave lies inside one calendar quarter and never in the future.
    """
    q_month = 3 * ((anchor.month - 1) // 3) + 1
    quarter = datetime(anchor.year, q_month, 1, 9, tzinfo=UTC)
    opens = quarter + timedelta(days=3)
    if opens + timedelta(days=10) > anchor:
        quarter = _previous_quarter(quarter)
        opens = quarter + timedelta(days=3)
    return [_previous_quarter(quarter) + timedelta(days=3), opens]


def _previous_quarter(quarter: datetime) -> datetime:
    month = quarter.month - 3
    year = quarter.year
    if month < 1:
        month += 12
        year -= 1
    return quarter.replace(year=year, month=month)


class GoogleSheetsAPI:
    """Google Sheets API v4 over an :class:`~reliability_sandbox.org.Org`'s teams.

    Args:
        org: The world (teams and people; the sheet is fixed by its seed and anchor).
        drive: The Drive module, whose OAuth endpoint issues the access tokens accepted here.
    """

    name = "gsheets"
    prefix = "/gsheets"

    def __init__(self, org: Org, drive: GoogleDriveAPI) -> None:
        """Build nothing yet: the rows are drawn on first use."""
        self.org = org
        self.drive = drive
        self._rows: list[list[Cell]] | None = None

    # ================================================================ registry
    def credentials(self) -> dict[str, str]:
        """Drive's OAuth client (one Google OAuth server) and the survey's spreadsheet id."""
        return {**self.drive.credentials(), "spreadsheet_id": SPREADSHEET_ID}

    def client_headers(self) -> dict[str, str]:
        """None: a client first obtains an access token from Drive's ``/token``."""
        return {}

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """No switches of its own (tokens are Drive's: configure ``gdrive``)."""
        unknown_settings(self.name, settings, set())
        return {}

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """``Authorization: Bearer`` with a token from the shared OAuth endpoint."""
        return self.drive.authenticate(request)

    def handle(self, request: Request) -> Response:
        """Route and serve one request."""
        path = request.path.rstrip("/") or "/"
        try:
            if request.method != "GET":
                raise ApiError(405, "Method Not Allowed", "httpMethodNotAllowed")  # noqa: TRY301
            m = re.fullmatch(r"/v4/spreadsheets/([\w-]+)(?:/values/(.+))?", path)
            if m is None:
                raise ApiError(404, "Not Found", "notFound")  # noqa: TRY301
            if m.group(1) != SPREADSHEET_ID:
                raise ApiError(404, "Requested entity was not found.", "notFound")  # noqa: TRY301
            if m.group(2) is not None:
                return self._values(request, m.group(2))
            return self._spreadsheet(request)
        except ApiError as err:
            return Response.json(err.status, err.body)

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """As Drive's: none (Google's APIs do not announce their quota in headers)."""
        return self.drive.rate_limit_headers(limit, remaining, reset)

    def too_many_requests(self, limit: int, reset: int) -> Response:  # noqa: ARG002
        """Sheets' per-minute read quota error (``RESOURCE_EXHAUSTED``, ``rateLimitExceeded``)."""
        err = ApiError(
            429,
            "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per "
            "minute per user' of service 'sheets.googleapis.com' for consumer "
            "'project_number:000000000000'.",
            "rateLimitExceeded",
        )
        return Response.json(429, err.body)

    def server_error(self, status: int) -> Response:
        """As Drive: Google's front ends answer alike."""
        return self.drive.server_error(status)

    # ================================================================== world
    def rows(self) -> list[list[Cell]]:
        """Every response row (without the header), in sheet order."""
        if self._rows is None:
            self._rows = self._build()
        return self._rows

    def _grid(self) -> list[list[Cell]]:
        """The header row, then the responses."""
        return [[Cell(h) for h in HEADERS], *self.rows()]

    def truth(self, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:  # noqa: ARG002 - no content quirks
        """What the sheet holds: headers and rows as ``UNFORMATTED_VALUE`` (serials kept)."""
        return {
            "spreadsheet_id": SPREADSHEET_ID,
            "sheet_title": SHEET_TITLE,
            "time_zone": TIME_ZONE,
            "headers": list(HEADERS),
            "rows": [[c.value for c in row] for row in self.rows()],
        }

    def _build(self) -> list[list[Cell]]:
        org = self.org
        anchor: datetime = org.config.anchor  # type: ignore[assignment]
        rng = random.Random(f"{org.config.seed}:gsheets")
        # A team's mood, one per question: some teams are happier on call than others.
        moods = {t.index: [rng.uniform(-1.0, 1.0) for _ in SCALE_QUESTIONS] for t in org.teams}
        rows: list[tuple[datetime, list[Cell]]] = []
        for opens in wave_starts(anchor):
            for user in org.users:
                if not user.teams or rng.random() > RESPONSE_RATE:
                    continue
                team = user.teams[0][0]
                at = opens + timedelta(seconds=rng.randrange(10 * 86400))
                cells = [
                    Cell(serial_number(at), is_timestamp=True),
                    Cell(user.email),
                    Cell(_team_answer(rng, team)),
                ]
                for mood in moods[team.index]:
                    score = round(3 + 1.2 * mood + rng.gauss(0, 0.8))
                    # A linear-scale question that is not required is skipped now and then.
                    cells.append(Cell(None if rng.random() < 0.04 else min(5, max(1, score))))  # noqa: PLR2004
                suggestion = rng.choice(_SUGGESTIONS) if rng.random() < 0.35 else None  # noqa: PLR2004
                cells.append(Cell(suggestion))
                rows.append((at, cells))
        rows.sort(key=lambda r: r[0])
        out = [cells for _, cells in rows]
        if out:
            _edit_by_hand(out, rng, anchor)
        return out

    # ================================================================ routes
    def _sheet_properties(self) -> dict[str, Any]:
        return {
            "sheetId": SHEET_ID,
            "title": SHEET_TITLE,
            "index": 0,
            "sheetType": "GRID",
            "gridProperties": {
                "rowCount": ROW_COUNT,
                "columnCount": len(HEADERS),
                "frozenRowCount": 1,
            },
        }

    def _spreadsheet(self, request: Request) -> Response:
        sheet: dict[str, Any] = {"properties": self._sheet_properties()}
        if request.arg("includeGridData") == "true":
            row_from, row_to = 1, ROW_COUNT
            for rng_ in request.args("ranges"):
                title, cells = _parse_a1(rng_)
                if title != SHEET_TITLE:
                    raise ApiError(400, f"Unable to parse range: {rng_}", "badRequest")
                row_from, row_to, _, _ = _span(cells)
            grid = self._grid()
            row_data = [
                {"values": [_cell_data(c) for c in grid[i]]}
                for i in range(row_from - 1, min(row_to, len(grid)))
            ]
            sheet["data"] = [{"startRow": row_from - 1, "rowData": row_data}]
        body = {
            "spreadsheetId": SPREADSHEET_ID,
            "properties": {
                "title": SPREADSHEET_TITLE,
                "locale": "en_US",
                "autoRecalc": "ON_CHANGE",
                "timeZone": TIME_ZONE,
                "defaultFormat": {"wrapStrategy": "OVERFLOW_CELL"},
            },
            "sheets": [sheet],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{SPREADSHEET_ID}/edit",
        }
        return Response.json(200, body)

    def _values(self, request: Request, a1: str) -> Response:
        title, cells = _parse_a1(a1)
        if title != SHEET_TITLE:
            raise ApiError(400, f"Unable to parse range: {a1}", "badRequest")
        row_from, row_to, col_from, col_to = _span(cells)
        if row_from > ROW_COUNT:
            raise ApiError(
                400,
                f"Range ('{SHEET_TITLE}'!{cells}) exceeds grid limits. Max rows: {ROW_COUNT}, "
                f"max columns: {len(HEADERS)}",
                "badRequest",
            )
        row_to = min(row_to, ROW_COUNT)
        col_to = min(col_to, len(HEADERS))
        render = request.arg("valueRenderOption", "FORMATTED_VALUE")
        if render not in ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"):
            raise ApiError(
                400,
                f"Invalid value at 'value_render_option' (type.googleapis.com/google.apps."
                f'sheets.v4.ValueRenderOption), "{render}"',
                "badRequest",
            )
        grid = self._grid()
        values: list[list[Any]] = []
        for i in range(row_from - 1, min(row_to, len(grid))):
            row = grid[i][col_from - 1 : col_to]
            out = [_formatted(c) if render == "FORMATTED_VALUE" else _unformatted(c) for c in row]
            while out and out[-1] == "":  # trailing empty cells are omitted
                out.pop()
            values.append(out)
        while values and not values[-1]:  # and so are trailing empty rows
            values.pop()
        served = (
            f"'{SHEET_TITLE}'!{_column_letter(col_from)}{row_from}:{_column_letter(col_to)}{row_to}"
        )
        body: dict[str, Any] = {"range": served, "majorDimension": "ROWS"}
        if request.arg("majorDimension", "ROWS") != "ROWS":
            raise ApiError(400, "Only ROWS is emulated", "badRequest")
        if values:
            body["values"] = values
        return Response.json(200, body)


def _team_answer(rng: random.Random, team: Team) -> str:
    """The team as a respondent types it into a short-answer field."""
    roll = rng.random()
    if roll < 0.75:  # noqa: PLR2004
        return team.name
    if roll < 0.85:  # noqa: PLR2004
        return team.name.lower() + " "
    if roll < 0.95:  # noqa: PLR2004
        return team.name.replace(" & ", " and ")
    return f"  {team.name.upper()}"


def _edit_by_hand(rows: list[list[Cell]], rng: random.Random, anchor: datetime) -> None:
    """What people do to a response sheet: resubmit, type over cells, add a stray answer."""
    # A respondent submits again a day later, changing their mind on one question.
    first = rows[len(rows) // 3]
    again = [Cell(c.value, c.is_timestamp) for c in first]
    again[0] = Cell(float(first[0].value) + 1.0, is_timestamp=True)  # type: ignore[arg-type]
    again[3] = Cell(5 if again[3].value != 5 else 4)  # noqa: PLR2004
    rows.insert(len(rows) // 3 + 1, again)
    # Someone from outside the teams answers (no team maps to it).
    stray = [Cell(c.value, c.is_timestamp) for c in rows[-1]]
    stray[1], stray[2] = Cell("guest.engineer@example.com"), Cell("SRE guild")
    rows.append(stray)
    # Cells typed over by hand after the fact: a scale answer as text, one out of the
    # scale, a timestamp pasted as text.
    rows[len(rows) // 2][4] = Cell("N/A")
    rows[len(rows) // 4][5] = Cell(7)
    pasted = rows[(3 * len(rows)) // 4]
    when = anchor - timedelta(days=rng.randrange(20, 40))
    pasted[0] = Cell(f"{when:%Y-%m-%d} around lunch")


def _cell_data(cell: Cell) -> dict[str, Any]:
    """``CellData`` as ``spreadsheets.get`` with grid data returns it."""
    if cell.value is None:
        return {}
    out: dict[str, Any] = {"formattedValue": _formatted(cell)}
    if isinstance(cell.value, str):
        out["userEnteredValue"] = {"stringValue": cell.value}
        out["effectiveValue"] = {"stringValue": cell.value}
        return out
    out["userEnteredValue"] = {"numberValue": cell.value}
    out["effectiveValue"] = {"numberValue": cell.value}
    if cell.is_timestamp:
        fmt = {"numberFormat": {"type": "DATE_TIME", "pattern": TIMESTAMP_PATTERN}}
        out["userEnteredFormat"] = fmt
        out["effectiveFormat"] = fmt
    return out


def _parse_a1(a1: str) -> tuple[str, str]:
    """``'Form Responses 1'!A2:H200`` -> (title, cells); ``+`` in the title is a space."""
    m = _A1.match(a1)
    if m is None:
        raise ApiError(400, f"Unable to parse range: {a1}", "badRequest")
    title = m.group("q").replace("''", "'") if m.group("q") else m.group("u")
    return unquote_plus(title), m.group("cells") or ""


def _span(cells: str) -> tuple[int, int, int, int]:
    """A1 cells (``A2:H200``, ``1:2``, ``B3``, empty = the whole sheet) -> rows and columns.

    A bound left out runs to the grid's edge; a single cell is one row and one column.
    """
    m = _CELLS.match(cells)
    if m is None:
        raise ApiError(400, f"Unable to parse range: {cells}", "badRequest")
    c1, r1, c2, r2 = m.group("c1"), m.group("r1"), m.group("c2"), m.group("r2")
    single = c2 is None and r2 is None
    row_from = int(r1) if r1 else 1
    row_to = int(r2) if r2 else (row_from if single and r1 else ROW_COUNT)
    col_from = _column_index(c1) if c1 else 1
    col_to = _column_index(c2) if c2 else (col_from if single and c1 else len(HEADERS))
    return row_from, row_to, col_from, col_to
