"""The ``responses`` stream: every row of every Forms export in the folder, once."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from typing import TYPE_CHECKING, Any, ClassVar

from singer_sdk import Stream
from singer_sdk.contrib.filesystem import FileStream

from tap_survey_csv.timestamps import parse_submitted_at

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    import fsspec
    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context

#: Columns the tap adds beside the export's own (named in snake case; a form's questions are
#: sentences, so they do not collide — the tap refuses a file whose header does).
RESPONSE_KEY = "response_key"
SUBMITTED_AT = "submitted_at"
FILE_ROW = "file_row"
ADDED: dict[str, dict[str, Any]] = {
    RESPONSE_KEY: {
        "type": ["string"],
        "description": (
            "sha256 of the submission time and the respondent's e-mail (lower case); for an "
            "anonymous response, of the submission time and every non-empty answer. The same "
            "response in a later, cumulative export of the form has the same key, so re-exports "
            "and several files overlapping in time never duplicate a row."
        ),
    },
    SUBMITTED_AT: {
        "type": ["string", "null"],
        "format": "date-time",
        "description": (
            "The timestamp column read as an instant, in UTC: Forms' export writes its offset "
            "('2026/07/04 12:59:16 PM GMT+2'); times without one are read in `time_zone`. Null "
            "when the cell holds no date and time (typed over by hand)."
        ),
    },
    FILE_ROW: {
        "type": ["integer"],
        "description": (
            "Row of the response in the export it was last read from, numbered as a "
            "spreadsheet numbers it (2 = the first response)."
        ),
    },
}


def _norm(value: str | None) -> str:
    return (value or "").strip()


def response_key(
    row: dict[str, str | None],
    *,
    timestamp_column: str,
    email_column: str,
    submitted_at: str | None,
) -> str:
    """The key of one response, stable across re-exports of the form.

    Args:
        row: The response as exported (header -> cell).
        timestamp_column: The header of the submission time.
        email_column: The header of the respondent's e-mail (absent for an anonymous form).
        submitted_at: The submission time read as an instant, if it could be.

    Returns:
        A sha256 hex digest.
    """
    when = submitted_at or _norm(row.get(timestamp_column))
    email = _norm(row.get(email_column)).lower()
    if email:
        parts = [when, email]
    else:
        # Anonymous: the answers tell two responses of the same second apart. Blank cells are
        # left out, so a question added to the form later does not change an older key.
        answers = sorted(
            f"{header}\x1e{_norm(value)}"
            for header, value in row.items()
            if header not in {timestamp_column, email_column} and _norm(value)
        )
        parts = [when, "", *answers]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _dedupe(header: Sequence[str]) -> list[str]:
    """Header cells as column names: a repeated title gets ' (2)', ' (3)'; a blank one a name."""
    seen: dict[str, int] = {}
    out = []
    for index, raw in enumerate(header, start=1):
        name = raw.strip() or f"column_{index}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


class ResponsesStream(FileStream):
    """One record per response row of every export (CSV, or the .zip Forms downloads)."""

    name = "responses"
    primary_keys: ClassVar[list[str]] = [RESPONSE_KEY]

    def __init__(
        self,
        tap: Tap,
        name: str,
        *,
        filepaths: Sequence[str],
        filesystem: fsspec.AbstractFileSystem,
    ) -> None:
        """A stream over ``filepaths``: an empty folder is a stream with nothing to read.

        Args:
            tap: The tap.
            name: The stream's name.
            filepaths: The exports, relative to the folder.
            filesystem: The folder's filesystem.
        """
        if filepaths:
            super().__init__(tap, name, filepaths=filepaths, filesystem=filesystem)
            return
        # FileStream refuses an empty list; a survey folder before the first export is not an
        # error, so set up what it would and read nothing.
        self._filepaths = filepaths
        self.filesystem = filesystem
        Stream.__init__(self, tap, schema=None, name=name)
        self.replication_key = "_sdc_modified_at"
        self._partitions = []

    # ------------------------------------------------------------------ schema
    def _get_full_schema(self) -> dict[str, Any]:
        """Every export's header cells (all text), in first-seen order, and the added columns.

        Returns:
            The stream's JSON schema.
        """
        columns: list[str] = []
        for path in self._filepaths:
            for header in self._headers(path):
                if header not in columns:
                    columns.append(header)
        properties: dict[str, Any] = {
            column: {"type": ["string", "null"], "description": "The form's column, as exported."}
            for column in columns
        }
        properties.update(ADDED)
        properties.update(self.SDC_PROPERTIES)
        return {"type": "object", "properties": properties}

    def get_schema(self, path: str) -> dict[str, Any]:
        """The schema of one file (the stream's is the union, `_get_full_schema`).

        Args:
            path: The export.

        Returns:
            Its JSON schema.
        """
        properties = {h: {"type": ["string", "null"]} for h in self._headers(path)}
        return {"type": "object", "properties": {**properties, **ADDED}}

    def _headers(self, path: str) -> list[str]:
        for _, rows in self._tables(path):
            header = next(rows, None)
            if header:
                clash = set(_dedupe(header)) & (set(ADDED) | set(self.SDC_PROPERTIES))
                if clash:
                    msg = f"{path}: header {sorted(clash)} is a column the tap adds; rename it"
                    raise ValueError(msg)
                return _dedupe(header)
        return []

    # ----------------------------------------------------------------- reading
    def _tables(self, path: str) -> Iterator[tuple[str, Iterator[list[str]]]]:
        """(name, rows) of each CSV in ``path``: the file itself, or each CSV in a zip."""
        encoding = self.config.get("encoding", "utf-8-sig")
        delimiter = self.config.get("delimiter", ",")
        if path.lower().endswith(".zip"):
            with self.filesystem.open(path, "rb") as raw, zipfile.ZipFile(raw) as archive:
                for member in sorted(archive.namelist()):
                    if member.lower().endswith(".csv"):
                        text = archive.read(member).decode(encoding)
                        yield (
                            f"{path}/{member}",
                            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                        )
            return
        with self.filesystem.open(path, "r", encoding=encoding, newline="") as handle:
            yield path, csv.reader(handle, delimiter=delimiter)

    def get_records(self, context: Context | None) -> Iterable[dict | tuple[dict, dict | None]]:
        """Read one export (a partition); nothing when the folder is empty.

        Args:
            context: The partition: ``{"_sdc_path": <file>}``.

        Returns:
            The records.
        """
        if not context:
            return []
        return super().get_records(context)

    def read_file(self, path: str) -> Iterable[dict[str, Any]]:
        """Every response row of one export; blank lines are skipped.

        Args:
            path: The export.

        Yields:
            One record per response.
        """
        timestamp_column = self.config.get("timestamp_column", "Timestamp")
        email_column = self.config.get("email_column", "Email Address")
        zone = self.config.get("time_zone", "UTC")
        day_first = bool(self.config.get("day_first", False))
        for name, rows in self._tables(path):
            header = next(rows, None)
            if not header:
                continue
            columns = _dedupe(header)
            for line, cells in enumerate(rows, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(columns):
                    self.logger.warning(
                        "%s line %d: %d cells under %d headers; the extra cells are dropped",
                        name,
                        line,
                        len(cells),
                        len(columns),
                    )
                row: dict[str, str | None] = {
                    column: (cells[i] if i < len(cells) else None)
                    for i, column in enumerate(columns)
                }
                when = parse_submitted_at(row.get(timestamp_column), zone, day_first=day_first)
                instant = when.isoformat() + "+00:00" if when else None
                yield {
                    **row,
                    RESPONSE_KEY: response_key(
                        row,
                        timestamp_column=timestamp_column,
                        email_column=email_column,
                        submitted_at=instant,
                    ),
                    SUBMITTED_AT: instant,
                    FILE_ROW: line,
                }
