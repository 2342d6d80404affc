"""The raw record path of the fast target: Singer RECORD lines typed by Postgres, not Python.

`target_fastpath` alone still builds a Python dict per record (msgspec), runs singer-sdk's
per-record path on it (``_sdc_`` metadata, every date-time parsed into a datetime, the key
check) and hands psycopg a row of converted values: about 0.6 s of the target's CPU per
10,000 PagerDuty records. Here, for a stream whose columns all have a kind listed below, the
reader keeps each RECORD line as the bytes it read, with the clock (`RawRouter` in
`target_fastpath`: a msgspec decode of the envelope, which checks the whole line's JSON
syntax, and one of the record by `RecordCheck`, which checks every value Postgres would
store otherwise than the stock target; the SDK's public tally, an append). A line the check
refuses is read the stock way (singer-sdk's per-record path, its errors at read time, as
stock), so its batch goes the fast path's way. A batch of lines is one COPY into a temporary
``jsonb`` table and one ``INSERT ... SELECT`` from it: ``jsonb_populate_record`` into the
stock temporary table's row type converts each field with the column type's own input
function, as COPY does with the text psycopg sends, straight into the table (ON CONFLICT on
the keys where the fast path would merge that way; else into the temporary table, before
the stock merge). Lines are kept uncompressed in that table (``toast_tuple_target``).

What Postgres stores must be what the stock target stores, value for value; per kind:

- ``text`` (and target-postgres' untyped ``NOTYPE``): a JSON string, unescaped; null or a
  missing key is NULL. A number, a boolean or an object is refused (psycopg would write
  ``True`` as ``t``, ``Decimal("1E+2")`` as ``1E+2``, a dict not at all): msgspec's
  ``str | None``.
- ``timestamp`` / ``date`` (``date-time`` / ``date`` properties): a string of one of the
  ISO shapes in `TIMESTAMP_SHAPES` (`DATE_SHAPES`), every digit checked to be a digit. In
  them Python's ``fromisoformat`` (which singer-sdk parses with) and Postgres read the same
  wall clock, an offset is dropped by both (psycopg sends an aware datetime with it; the
  column is ``timestamp without time zone``) and a day that does not exist fails in both;
  hour 24 and second 60, which Postgres rolls over and Python refuses, are refused, as is
  any other form (seven fractional digits, ``+0530``, ``now``, a number): `date_refused`.
- integers: a JSON integer. ``jsonb`` keeps ``1E+2`` as ``100``, which ``bigint`` takes
  where the stock ``"1E+2"`` fails, so the reader checks the integer columns of each line
  with msgspec (``int`` takes no fraction or exponent) and reads a line that fails the
  stock way; the message's ``version`` likewise.
- ``numeric``: a JSON number as SQLAlchemy's Numeric type sends it: ``float(value)``,
  written by psycopg as ``repr``. Postgres' ``float8`` text has the same shortest digits;
  `_column_value` adds the ``.0`` that ``repr`` writes for a whole number from 1e-4 to 1e16
  (``extra_float_digits`` is set to 1 for the transaction).
- ``boolean``: a JSON boolean (msgspec's ``bool | None``). ``jsonb``: the JSON value; null
  or a missing key is the JSON ``null``, as SQLAlchemy's JSON type (``none_as_null`` off)
  writes ``None``.
- ``text[]``, ``jsonb[]``, integer arrays: a JSON array, element by element in order; a
  null element is NULL (the JSON ``null`` in ``jsonb[]``); ``[]`` is ``{}``. An array inside
  (the stock processor's other dimensions) or an element of another type is refused (by
  msgspec's ``list[str | None]`` and ``list[int | None]``; for ``jsonb[]`` by `refusal`).
- the ``_sdc_`` columns as singer-sdk 0.54 fills them: ``_sdc_extracted_at`` from the
  message's ``time_extracted`` (a date-time as above), ``_sdc_table_version`` from its
  ``version``, ``_sdc_deleted_at`` from the record, ``_sdc_received_at`` and
  ``_sdc_sequence`` from the clock when the line was read, ``_sdc_batched_at`` from the
  batch's start, ``_sdc_sync_started_at`` from the sink.
- keys: a record without a key property is refused (the SDK's error); of the lines with
  the same keys the last (``DISTINCT ON`` over the keys and the line's position, as the
  stock sink's dictionary keeps; skipped when the reader saw no key values twice in the
  batch); key columns must be text or integers (Postgres' equality is Python's there).

A refusal in SQL (`refusal`: a ``jsonb[]`` value holding an array) is an error raised by
the INSERT. Any error in the raw attempt (a refusal, a value
Postgres rejects: a NUL, a day that does not exist, an integer out of range) rolls back to
a savepoint, and the batch is written the fast path's way: each line decoded into the dict
singer-sdk's per-record path would have made (`stock_records`), so the rows, or the error,
are the stock ones. Such an error surfaces when its batch is written, not when its line is
read; no later batch is written and no STATE message follows, as with the stock target. A
sink whose batches were refused twice reads its further records the fast path's way.

Left to the fast path: a stream with another column type (``time``, ``uuid``, a string with
a length, ...) or a key of another type (a date-time), a line msgspec refuses (a ``NaN``,
bad UTF-8) or whose record is not an object or fails `RecordCheck`, and a batch that holds
any such record. singer-sdk's "No schema for record field" warning is given by
`RecordCheck` for raw lines (once per sink and field, as stock); a field first warned about
for a raw line and later met in a line read the stock way is warned about again by the SDK,
whose set of warned fields is private.
"""

from __future__ import annotations

import datetime as dt
import logging
import typing as t
import uuid

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

logger = logging.getLogger(__name__)

#: singer-sdk's metadata columns, filled from the message and the clock (not the record).
METADATA = (
    "_sdc_extracted_at",
    "_sdc_received_at",
    "_sdc_batched_at",
    "_sdc_deleted_at",
    "_sdc_sequence",
    "_sdc_table_version",
    "_sdc_sync_started_at",
)
#: The line's position in the raw table (last record per key wins).
POSITION = "__rawcopy_position"
#: A sink stops trying the raw path after this many refused batches.
MAX_REFUSALS = 2

#: A RECORD line kept raw: its bytes and when it was read (microseconds since the epoch).
RawLine = tuple[bytes, int]


def kind_of(sql_type: object) -> str | None:
    """The raw path's conversion for a SQLAlchemy column type; None when it has none."""
    import sqlalchemy  # noqa: PLC0415
    from sqlalchemy.dialects.postgresql import JSONB  # noqa: PLC0415

    if type(sql_type).__name__ == "NOTYPE":  # target-postgres' untyped column (text)
        return "text"
    if isinstance(sql_type, sqlalchemy.ARRAY):
        item = kind_of(sql_type.item_type) if sql_type.dimensions in {None, 1} else None
        return f"{item}[]" if item in {"text", "jsonb", "integer"} else None
    checks: list[tuple[type, str]] = [
        (JSONB, "jsonb"),
        (sqlalchemy.Boolean, "boolean"),
        (sqlalchemy.Integer, "integer"),
        (sqlalchemy.Float, ""),  # a double, not numeric
        (sqlalchemy.Numeric, "numeric"),
        (sqlalchemy.DateTime, "timestamp"),
        (sqlalchemy.Date, "date"),
        (sqlalchemy.Enum, ""),
    ]
    kind = next((kind for cls, kind in checks if isinstance(sql_type, cls)), None)
    if kind is None and isinstance(sql_type, sqlalchemy.String):
        kind = "text" if getattr(sql_type, "length", None) is None else ""
    if kind == "timestamp" and getattr(sql_type, "timezone", False):
        kind = ""  # timestamp with time zone
    return kind or None


def datelike(prop: dict[str, t.Any]) -> str | None:
    """singer-sdk 0.54's ``get_datelike_property_type``: the date format it parses, if any."""

    def with_format(type_dict: dict[str, t.Any]) -> bool:
        return "string" in type_dict.get("type", []) and type_dict.get("format") in {
            "date-time",
            "time",
            "date",
        }

    if with_format(prop):
        return t.cast("str", prop["format"])
    for type_dict in prop.get("anyOf", ()):
        if with_format(type_dict):
            return t.cast("str", type_dict["format"])
    return None


#: Which datelike format each kind needs (None: not date-like).
_DATELIKE = {"timestamp": "date-time", "date": "date"}


def plan(
    columns: Sequence[t.Any], schema: dict[str, t.Any], key_properties: Sequence[str]
) -> dict[str, str] | None:
    """Column name -> kind for a stream the raw path can write; None when it cannot."""
    properties = schema["properties"]
    kinds: dict[str, str] = {}
    for column in columns:
        kind = kind_of(column.type)
        if kind is None or column.name == POSITION or column.name not in properties:
            return None
        if column.name not in METADATA and datelike(properties[column.name]) != _DATELIKE.get(kind):
            return None  # e.g. a date-time in a jsonb column: the SDK hands it a datetime
        kinds[str(column.name)] = kind
    if not set(METADATA) <= set(kinds) or any(
        kinds.get(key) not in {"text", "integer"} for key in key_properties
    ):
        return None
    return kinds


def quote(name: str) -> str:
    """A Postgres identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _shapes() -> list[str]:
    """The date-time shapes (digits written ``0``) Python and Postgres read alike."""
    times = ["00:00", "00:00:00"] + ["00:00:00." + "0" * n for n in range(1, 7)]
    zones = ["", "Z", "+00:00", "-00:00"]
    return ["0000-00-00"] + [
        f"0000-00-00{sep}{time}{zone}" for sep in "T " for time in times for zone in zones
    ]


#: The shapes a date-time string may have (digits as ``0``), and a date string.
TIMESTAMP_SHAPES = _shapes()
DATE_SHAPES = ["0000-00-00"]


def _path(name: str) -> str:
    """A record field's path for ``#>`` / ``#>>`` (a text[] literal)."""
    element = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _literal("{record," + element + "}")


def _member(name: str) -> str:
    """A record field in the SQL/JSON path language."""
    return '$."record".' + '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def refusal(kinds: dict[str, str]) -> str | None:
    """SQL true of a raw line (``r.m``, the Singer message) whose record is not taken; None.

    Every other check is the reader's (`RecordCheck`); left here: a ``jsonb[]`` value that
    is not an array, or holds an array (the stock processor's other dimensions), which
    the reader skips without building its elements. One SQL/JSON path (``.type()`` does
    not unwrap an array, where a filter would).
    """
    types = []
    for name, kind in kinds.items():
        if kind == "jsonb[]":
            member = _member(name)
            types.append(f'({member}.type() != "array" && {member}.type() != "null")')
            types.append(f'{member}[*].type() == "array"')
    return f"jsonb_path_match(r.m, {_literal(' || '.join(types))})" if types else None


def _column_value(name: str, kind: str) -> str:
    """A column's value from the populated record `p`, as the stock target writes it.

    ``jsonb``: None is the JSON null (SQLAlchemy's JSON type). ``numeric``: SQLAlchemy's
    Numeric type hands psycopg ``float(value)``, which it writes as ``repr``: the shortest
    digits of the double (Postgres' ``float8`` text has the same digits), with ``.0`` added
    where ``repr`` writes a whole number in positional notation (from 1e-4 up to 1e16).
    """
    column = f"p.{quote(name)}"
    if kind == "jsonb":
        return f"coalesce({column}, 'null'::jsonb)"
    if kind == "jsonb[]":
        return f"array_replace({column}, null, 'null'::jsonb)"
    if kind == "numeric":
        double = f"{column}::float8"
        shortest = f"{double}::text::numeric"
        return (
            f"case when {double} = 0 or abs({double}) >= 1e-4::float8 and abs({double}) < "
            f"1e16::float8 then round({shortest}, greatest(scale({shortest}), 1)) "
            f"else {shortest} end"
        )
    return column


def metadata_expression(name: str, batched_at: dt.datetime, sync_started_at: int) -> str:
    """The SQL of a ``_sdc_`` column, as singer-sdk 0.54's ``_add_sdc_metadata_to_record``."""
    batched = batched_at.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    return {
        "_sdc_extracted_at": "(r.m ->> 'time_extracted')::timestamp",
        "_sdc_received_at": "to_timestamp(r.t * 1e-6::float8) at time zone 'UTC'",
        "_sdc_batched_at": f"{_literal(batched)}::timestamp",
        "_sdc_deleted_at": "p._sdc_deleted_at",
        "_sdc_sequence": "(r.t + 500) / 1000",
        "_sdc_table_version": "(r.m ->> 'version')::bigint",
        "_sdc_sync_started_at": f"{int(sync_started_at)}::bigint",
    }[name]


class Into(t.NamedTuple):
    """Where a raw batch goes: a table (SQL), the stock temporary table (its row type)."""

    table: str
    row_type: str
    #: ON CONFLICT on the keys (a unique index on exactly them), updating every column.
    upsert: bool


def insert_statement(
    raw_table: str,
    into: Into,
    plan: tuple[dict[str, str], Sequence[str]],
    stamps: tuple[dt.datetime, int],
    *,
    unique: bool = False,
) -> str:
    """INSERT of the raw lines, typed, into `into` (`plan`: kinds, keys; `stamps`: below).

    ``jsonb_populate_record`` into the temporary table's row type converts every field
    with the column type's own input function, as COPY does with the text psycopg sends;
    a line `refusal` is true of raises an error; of lines with the same keys, the last.
    `stamps`: the batch's start (``_sdc_batched_at``) and the sink's ``sync_started_at``.
    `unique`: the reader saw no key values twice in the batch (`RecordCheck` gives them as
    msgspec decodes them: strings and integers, equal exactly when Postgres' text and
    bigint are, under a deterministic collation), so no line needs to be dropped.
    """
    kinds, keys = plan
    values = ", ".join(
        (metadata_expression(name, *stamps) if name in METADATA else _column_value(name, kind))
        + f" as {quote(name)}"
        for name, kind in kinds.items()
    )
    names = ", ".join(quote(name) for name in kinds)
    refused = refusal(kinds)
    # A line refused raises (an integer of a text that is none), rolling the batch back.
    check = (
        f"where case when {refused} then ('raw path refuses line ' || r.n)::integer::text::boolean "
        "else true end "
        if refused
        else ""
    )
    # Identifiers quoted by `quote`, literals by `_literal`: no value reaches the SQL.
    typed = (
        f"select r.n as {quote(POSITION)}, {values} from {quote(raw_table)} r, "  # noqa: S608
        f"lateral jsonb_populate_record(null::{into.row_type}, r.m -> 'record') p "
        f"{check}offset 0"  # every line checked and typed before the last of each key is kept
    )
    if not keys or unique:  # `unique`: the reader saw no key twice in the batch
        statement = f"insert into {into.table} ({names}) select {names} from ({typed}) s"  # noqa: S608
        return statement + _upsert(into, keys, kinds) if keys else statement
    # The last line of each key, found on the keys alone (sorting whole rows costs more).
    key_values = ", ".join(
        f"(r.m #>> {_path(key)})" + ("::bigint" if kinds[key] == "integer" else "") for key in keys
    )
    last = (
        f"select distinct on ({key_values}) r.n from {quote(raw_table)} r "  # noqa: S608
        f"order by {key_values}, r.n desc"
    )
    statement = (
        f"insert into {into.table} ({names}) select {names} from ({typed}) s "  # noqa: S608
        f"where {quote(POSITION)} in ({last})"
    )
    return statement + _upsert(into, keys, kinds)


def _upsert(into: Into, keys: Sequence[str], kinds: dict[str, str]) -> str:
    """The ON CONFLICT clause where `into` merges so; else nothing."""
    if not into.upsert:
        return ""
    key_list = ", ".join(quote(key) for key in keys)
    updates = ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in kinds)
    return f" on conflict ({key_list}) do update set {updates}"


def copy_data(lines: Iterable[RawLine]) -> bytes:
    r"""COPY text of the lines: the clock, a tab, the line (backslashes doubled).

    A tab or carriage return can only be whitespace between JSON tokens (msgspec refuses
    them inside strings), so a space stands in for it; the line's own newline ends the row.
    """
    rows = []
    for line, clock in lines:
        body = line.replace(b"\\", b"\\\\")
        if b"\t" in body or b"\r" in body:
            body = body.replace(b"\t", b" ").replace(b"\r", b" ")
        if not body.endswith(b"\n"):
            body += b"\n"
        rows.append(b"%d\t%b" % (clock, body))
    return b"".join(rows)


def copy_raw(connection: t.Any, lines: Sequence[RawLine]) -> str:  # noqa: ANN401
    """COPY `lines` into a new temporary table; its name (for `insert_raw`)."""
    raw_table = "raw_" + uuid.uuid4().hex
    # The driver's cursor, no parameters: a % in a column name stays as it is. Lines stay
    # uncompressed in the row (up to 8 kB): each is read once, compressing costs more.
    cursor = connection.connection.cursor()
    cursor.execute(
        f"create temporary table {quote(raw_table)} "
        "(n bigint generated always as identity, t bigint, m jsonb) "
        "with (toast_tuple_target = 8160) on commit drop"
    )
    with cursor.copy(f"copy {quote(raw_table)} (t, m) from stdin") as copy:
        copy.write(copy_data(lines))
    return raw_table


def insert_raw(  # noqa: PLR0913 - the statement's parts, as insert_statement takes them
    connection: t.Any,  # noqa: ANN401
    raw_table: str,
    into: Into,
    plan: tuple[dict[str, str], Sequence[str]],
    stamps: tuple[dt.datetime, int],
    *,
    unique: bool = False,
) -> None:
    """INSERT the lines `copy_raw` wrote into `raw_table`, typed; drop it. Raises if refused.

    `plan`: the kinds and the keys (none for an append-only stream); `stamps`, `unique`:
    see `insert_statement`.
    """
    cursor = connection.connection.cursor()
    cursor.execute("set local extra_float_digits = 1")  # float8 as its shortest digits
    # Compiling the INSERT (wide rows, many expressions) costs 50-100 ms a batch that its
    # 10,000 rows never earn back (bench/README.md, "loader.py").
    cursor.execute("set local jit = off")
    cursor.execute(insert_statement(raw_table, into, plan, stamps, unique=unique))
    cursor.execute(f"drop table {quote(raw_table)}")


def write_raw(
    connection: t.Any,  # noqa: ANN401
    into: Into,
    plan: tuple[dict[str, str], Sequence[str]],
    lines: Sequence[RawLine],
    stamps: tuple[dt.datetime, int],
) -> None:
    """`copy_raw` and `insert_raw` at once; raises on a refusal."""
    insert_raw(connection, copy_raw(connection, lines), into, plan, stamps)


#: msgspec's type of a record field per kind, checked by the reader (`RecordCheck`). Each
#: takes exactly the JSON values the SQL would have stored as the stock target does (or
#: fewer: a line refused goes the stock way); ``jsonb`` and ``jsonb[]`` fields are skipped
#: (their syntax checked), ``jsonb[]`` left to `refusal`.
_FIELD_TYPES: dict[str, object] = {
    "text": str | None,
    "boolean": bool | None,
    "numeric": int | float | None,
    "integer": int | None,
    "integer[]": list[int | None] | None,
    "text[]": list[str | None] | None,
    "timestamp": str | None,
    "date": str | None,
}
_DIGITS = str.maketrans("0123456789", "0000000000")
_TIMESTAMPS = frozenset(TIMESTAMP_SHAPES)
_DATES = frozenset(DATE_SHAPES)


def date_refused(text: str | None, shapes: frozenset[str] = _TIMESTAMPS) -> bool:
    """Whether a date-time string is not one Python and Postgres read alike (None is taken).

    One of the ISO `shapes` (`TIMESTAMP_SHAPES`, `DATE_SHAPES`), every digit an ASCII
    digit; in them Postgres and Python reject the same days, hours, minutes and offsets,
    but for two that Postgres rolls over and Python refuses: hour 24 and second 60.
    """
    return text is not None and (
        text.translate(_DIGITS) not in shapes or text[11:13] == "24" or text[17:19] == "60"
    )


class RecordCheck:
    """The reader's check of a raw record: take the line raw (True) or read it the stock way.

    One msgspec decode of the record into a struct of the schema's properties: integers,
    numbers, booleans, text and arrays of text or integers typed (msgspec's ``int`` takes no
    fraction or exponent: ``jsonb`` would read ``1E+2`` as ``100``, which ``bigint`` takes
    where the stock ``"1E+2"`` fails), the date-time texts' shapes (`date_refused`, the
    message's ``time_extracted`` too), a key property present; ``jsonb`` values skipped. A
    JSON key twice in the object: msgspec checks each and keeps the last, as ``jsonb``.

    It also gives singer-sdk's "No schema for record field" warning (the stock
    ``_parse_timestamps_in_record``): once per sink and field, for a field the schema lacks
    with a value that is not null, unless the schema allows additional properties. Unknown
    fields fail the struct (``forbid_unknown_fields``); such a record is decoded whole once,
    the fields it brings are warned about (when the line is taken raw) and added to the
    struct, so later records decode in one pass again (a field seen null only is typed
    ``None``: a later value fails the struct and is warned about then).
    """

    def __init__(
        self,
        plan: tuple[dict[str, str], Sequence[str]],
        schema: dict[str, t.Any],
        warned: set[str],
        log: logging.Logger,
    ) -> None:
        """Check records of a stream with `plan` (kinds, keys) and `schema`.

        `warned`: the fields already warned about (shared with `stock_records`).
        """
        import msgspec  # noqa: PLC0415

        self.kinds, keys = plan
        self.properties: dict[str, t.Any] = schema["properties"]
        self.forbid = not schema.get("additionalProperties", False)
        self.warned, self.log = warned, log
        self.errors = (msgspec.DecodeError, msgspec.ValidationError)
        self.unset = msgspec.UNSET
        #: Fields the schema lacks that the struct takes: with a value, seen null only.
        self.allowed: set[str] = set()
        self.nulls: set[str] = set()
        self.names = list(self.properties)
        self.keys = [f"f{self.names.index(key)}" for key in keys]
        self.dates = [
            (f"f{i}", _TIMESTAMPS if self.kinds.get(n) == "timestamp" else _DATES)
            for i, n in enumerate(self.names)
            if self.kinds.get(n) in {"timestamp", "date"}
            and (n not in METADATA or n == "_sdc_deleted_at")
        ]
        self.decode = self.decoder(set(), set())

    def decoder(self, extra: set[str], nulls: set[str]) -> Callable[[t.Any], t.Any]:
        """A msgspec decoder of the record; `extra` and `nulls`: fields the schema lacks."""
        import msgspec  # noqa: PLC0415

        fields: list[tuple[str, object, object]] = []
        for i, name in enumerate(self.names):
            kind = self.kinds.get(name, "")
            if name in METADATA and name != "_sdc_deleted_at":
                kind = ""  # singer-sdk replaces the record's own value
            typed = _FIELD_TYPES.get(kind, msgspec.Raw)
            default: object = None if typed is not msgspec.Raw else msgspec.Raw()
            if f"f{i}" in self.keys:
                typed, default = typed | msgspec.UnsetType, msgspec.UNSET
            fields.append((f"f{i}", typed, default))
        rename = {f"f{i}": name for i, name in enumerate(self.names)}
        for j, name in enumerate(sorted(extra) + sorted(nulls - extra)):
            typed = msgspec.Raw if name in extra else None
            fields.append((f"x{j}", typed, msgspec.Raw() if name in extra else None))
            rename[f"x{j}"] = name
        record = msgspec.defstruct(
            "RawRecord", fields, rename=rename, forbid_unknown_fields=self.forbid
        )
        return msgspec.json.Decoder(record).decode

    def taken(self, fields: object, time_extracted: str | None) -> tuple[object, ...] | None:
        """A decoded record's key values if it may go raw (its time_extracted too); else None."""
        if date_refused(time_extracted):
            return None
        for f, shapes in self.dates:
            if date_refused(getattr(fields, f), shapes):
                return None
        key = tuple(getattr(fields, f) for f in self.keys)
        if self.unset in key:
            return None  # singer-sdk's MissingKeyPropertiesError, the stock way
        return key

    def __call__(self, record: memoryview, time_extracted: str | None) -> tuple[object, ...] | None:
        """The record's key values (text, integers, None) if it may go raw; else None.

        `record`: the JSON object's bytes.
        """
        try:
            fields = self.decode(record)
        except self.errors:
            return self.unknown_fields(record, time_extracted)
        return self.taken(fields, time_extracted)

    def unknown_fields(
        self, record: memoryview, time_extracted: str | None
    ) -> tuple[object, ...] | None:
        """A record the struct refused: fields the schema lacks, or a value of another type."""
        import msgspec  # noqa: PLC0415

        if not self.forbid:
            return None
        try:
            whole = msgspec.json.decode(record)
        except self.errors:
            return None
        if type(whole) is not dict:
            return None
        extra = {k for k, v in whole.items() if k not in self.properties and v is not None}
        nulls = {k for k, v in whole.items() if k not in self.properties and v is None}
        if extra <= self.allowed and nulls <= self.nulls | self.allowed:
            return None  # no field new to the struct: a value of another type
        decode = self.decoder(self.allowed | extra, self.nulls | nulls)
        try:
            taken = self.taken(decode(record), time_extracted)
        except self.errors:
            taken = None
        for key in whole:  # in the record's order, as singer-sdk warns
            if key in extra and key not in self.warned:
                if taken is not None:  # else the stock path reads it, and singer-sdk warns
                    self.log.warning("No schema for record field '%s'", key)
                self.warned.add(key)
        self.allowed |= extra
        self.nulls |= nulls
        self.decode = decode
        return taken


def parse_timestamps(
    record: dict[str, t.Any], schema: dict[str, t.Any], warned: set[str], log: logging.Logger
) -> None:
    """singer-sdk 0.54's ``_parse_timestamps_in_record`` with its ERROR treatment.

    Date-time strings become datetimes (``fromisoformat``); one that does not parse raises
    the SDK's ValueError; a field the schema lacks is warned about once (when not null).
    """
    properties = schema["properties"]
    additional = schema.get("additionalProperties", False)
    for key, value in record.items():
        if key not in properties:
            if value is not None and not additional and key not in warned:
                log.warning("No schema for record field '%s'", key)
                warned.add(key)
            continue
        kind = datelike(properties[key])
        if kind is None or value is None:
            continue
        parse: Callable[[t.Any], object] = {
            "time": dt.time.fromisoformat,
            "date": dt.date.fromisoformat,
        }.get(kind, dt.datetime.fromisoformat)
        try:
            record[key] = parse(value)
        except ValueError:
            msg = f"Could not parse value '{value}' for field '{key}'."
            raise ValueError(msg) from None


def stock_records(
    entries: Iterable[dict[str, t.Any] | RawLine],
    decode: Callable[[str], dict[str, t.Any]],
    sink: t.Any,  # noqa: ANN401
    batched_at: dt.datetime,
    warned: set[str],
) -> list[dict[str, t.Any]]:
    """The batch as singer-sdk's per-record path hands it to the sink (raw lines decoded).

    For each raw line what ``Target._process_record_message`` does with metadata on and
    validation off: the ``_sdc_`` fields (``add_record_metadata``), the date-time parsing
    and the key check, raising the SDK's errors. Dict entries were read the stock way.
    """
    from singer_sdk.exceptions import MissingKeyPropertiesError  # noqa: PLC0415

    keys = list(sink.key_properties)
    records = []
    utc = dt.UTC
    for entry in entries:
        if type(entry) is dict:
            records.append(entry)
            continue
        line, clock = t.cast("RawLine", entry)
        message = decode(line.decode("utf-8"))
        record = message["record"]
        record["_sdc_extracted_at"] = message.get("time_extracted")
        record["_sdc_received_at"] = dt.datetime.fromtimestamp(
            clock / 1_000_000, tz=utc
        ).isoformat()
        record["_sdc_batched_at"] = batched_at.isoformat()
        record["_sdc_deleted_at"] = record.get("_sdc_deleted_at")
        record["_sdc_sequence"] = round(clock / 1000)
        record["_sdc_table_version"] = message.get("version")
        record["_sdc_sync_started_at"] = sink.sync_started_at
        parse_timestamps(record, sink.schema, warned, sink.logger)
        if any(key not in record for key in keys):
            msg = (
                f"Record is missing one or more key_properties. \n"
                f"Key Properties: {keys}, "
                f"Record Keys: {list(record.keys())}"
            )
            raise MissingKeyPropertiesError(msg)
        records.append(record)
    return records
