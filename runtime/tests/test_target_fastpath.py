"""target_fastpath: the fast COPY path writes exactly the tables stock target-postgres writes.

The same Singer input goes through MeltanoLabs target-postgres as installed for the project's
loader and through `fast(TargetPostgres)` (fastpath_driver.py, run by the loader's own Python)
into two schemas of one Postgres; every table must have the same columns and types and the
same rows, value for value (compared as Postgres' own text of each row). Inputs: a crafted
one (upserts of a key sent again in the same and in a later batch, nulls and missing fields,
nested objects, arrays of strings and objects with nulls, quotes, backslashes and braces,
timestamps with offsets, unicode, a schema that gains a column, a stream without a key) and
a sample of tap-datadog's demo-world output (data/target_fastpath/: every type the five taps
produce but `_text`-only streams). Inputs the stock loader refuses (a NUL in text or jsonb, a
NaN, an impossible timestamp) must fail through the fast path too.

Needs the loader installed (`meltano install loader target-postgres`, which the bootstrap
does); a Postgres from RELIABILITY_TEST_POSTGRES_URL or an embedded one.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET_PYTHON = ROOT / ".meltano" / "loaders" / "target-postgres" / "venv" / "bin" / "python"
DRIVER = Path(__file__).with_name("fastpath_driver.py")
DATADOG_SAMPLE = Path(__file__).parent / "data" / "target_fastpath" / "datadog-demo.singer"
#: Set by the target from the clock at load time: compared for nullness only.
VOLATILE = {"_sdc_received_at", "_sdc_batched_at", "_sdc_sequence", "_sdc_sync_started_at"}
#: target-postgres names each sink's temporary table after a uuid4, with underscores.
TEMP_TABLE = re.compile(r"[0-9a-f]{8}(_[0-9a-f]{4}){3}_[0-9a-f]{12}")
#: Tables that received ACTIVATE_VERSION, whose `_sdc_deleted_at` the target sets from the clock.
VERSIONED = {"versioned"}

pytestmark = pytest.mark.skipif(
    not TARGET_PYTHON.exists(), reason="target-postgres is not installed (meltano install)"
)

STRING = {"type": ["string", "null"]}
DATE_TIME = {"type": ["string", "null"], "format": "date-time"}
THINGS = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": STRING,
        "note": STRING,
        "created_at": DATE_TIME,
        "day": {"type": ["string", "null"], "format": "date"},
        "amount": {"type": ["number", "null"]},
        "count": {"type": ["integer", "null"]},
        "flag": {"type": ["boolean", "null"]},
        "payload": {"type": ["object", "null"], "properties": {}},
        "tags": {"type": ["array", "null"], "items": {"type": "string"}},
        "items": {"type": ["array", "null"], "items": {"type": "object", "properties": {}}},
        "anything": {"type": ["array", "null"], "items": {}},
        "numbers": {"type": ["array", "null"], "items": {"type": "integer"}},
        "loose": {},
        "either": {"type": ["string", "integer", "null"]},
        "ref": {"type": ["string", "null"], "format": "uuid"},
    },
}
ODD = 'tab\there, newline\nthere, cr\r, back\\slash, "quoted", {braces}, a,b, \\N, NULL'
UNICODE = "é ü 漢字 🚀 \u2028 \u200f עברית \x01 \x7f"
TAGS = [ODD, UNICODE, "", " padded ", "NULL", None, "{}", '"']
PAYLOAD_6 = '{"p":1.10,"e":1E+2,"z":-0.0,"big":123456789012345678901234567890.123}'


def _schema(stream: str, schema: dict, keys: list[str]) -> str:
    return json.dumps(
        {"type": "SCHEMA", "stream": stream, "schema": schema, "key_properties": keys}
    )


def _record(stream: str, record: dict, **extra: object) -> str:
    return json.dumps({"type": "RECORD", "stream": stream, "record": record, **extra})


def crafted() -> str:
    """Messages covering what the fast path rewrites, and the shapes it must hand back."""
    t = "things"
    lines = [
        _schema(t, THINGS, ["id"]),
        # Batch 1 (three records a batch): id 9 twice, the last wins.
        _record(
            t,
            {
                "id": 1,
                "name": "first version",
                "created_at": "2024-03-10T02:30:00+05:30",
                "payload": {"a": 1, "nested": {"b": [1, 2, {"c": None}]}},
                "tags": ["x", "y"],
                "items": [{"k": 1}],
            },
        ),
        _record(t, {"id": 9, "name": "first version", "payload": {"k": 1}}),
        _record(t, {"id": 9, "name": "second version in the same batch", "payload": None}),
        # Batch 2.
        _record(
            t,
            {
                "id": 2,
                "name": UNICODE,
                "note": ODD,
                "created_at": "2024-03-10T02:30:00.5Z",
                "day": "2024-02-29",
                "count": 9007199254740993,
                "flag": False,
                "payload": {"text": ODD, "uni": UNICODE, "empty": {}, "list": []},
                "tags": TAGS,
                "items": [{"k": ODD}, None, [1, [2]], "plain", 3, {"u": UNICODE}],
                "anything": [{"a": 1}, "s", 2, None, True],
                "numbers": [1, 2, None],
                "loose": {"nested": [1, "two"]},
                "either": 5,
                "ref": "0b6f4c8e-7c1a-4d1b-9a43-2d9e7f0e8a11",
            },
        ),
        _record(
            t,
            {
                "id": 3,
                "created_at": "2024-03-10T02:30:00.123456-08:00",
                "payload": "a string where an object was declared",
                "tags": [],
                "items": [],
                "loose": "text",
                "either": "text",
                "not_in_schema": "dropped, with a warning",
            },
        ),
        # A list first in an array of objects: the stock processor's multi-dimensional case.
        _record(
            t, {"id": 4, "created_at": "2024-03-10 02:30:00", "items": [[{"a": 1}], [{"b": 2}]]}
        ),
        # Batch 3: id 1 again.
        _record(
            t,
            {
                "id": 5,
                "created_at": "2024-03-10T02:30",
                "payload": {"k": "v"},
                "_sdc_deleted_at": "2024-05-01T00:00:00+02:00",  # as a tap may send it
            },
        ),
        _record(t, {"id": 1, "name": "last version, a later batch", "payload": {"a": 2}}),
    ]
    # Numbers as taps write them (Decimal in the target): scale and exponents kept.
    lines += [
        (
            '{"type":"RECORD","stream":"things","record":{"id":6,"amount":1.10,'
            f'"payload":{PAYLOAD_6},"items":[{{"n":2.50}}]}}}}'
        ),
        '{"type":"RECORD","stream":"things","record":{"id":7,"amount":1E+2}}',
    ]
    # The schema gains a column: a new sink, ALTER TABLE, then upserts of old and new keys.
    grown = {**THINGS, "properties": {**THINGS["properties"], "extra": STRING}}
    lines += [
        _schema(t, grown, ["id"]),
        _record(t, {"id": 1, "extra": "grown", "payload": {"after": True}}),
        _record(t, {"id": 8, "extra": "new key", "tags": ["after"]}),
    ]
    # No key: every record is a row, duplicates included.
    log = {
        "type": "object",
        "properties": {"at": DATE_TIME, "what": STRING, "data": {"type": "object"}},
    }
    lines += [_schema("log", log, [])]
    lines += [_record("log", {"at": "2024-01-01T00:00:00Z", "what": "same", "data": {"x": 1}})] * 2
    lines += [_record("log", {"at": None, "what": None, "data": None})]
    # A date-time key: equal instants written with different offsets are one key in Python.
    windows = {"type": "object", "properties": {"starts": DATE_TIME, "label": STRING}}
    lines += [
        _schema("windows", windows, ["starts"]),
        _record("windows", {"starts": "2024-01-01T10:00:00+02:00", "label": "first"}),
        _record("windows", {"starts": "2024-01-01T08:00:00Z", "label": "same instant"}),
        _record("windows", {"starts": "2024-01-02T00:00:00", "label": "naive"}),
    ]
    # A compound text + integer key, upserted in a later batch (INSERT ... ON CONFLICT) and
    # sent twice in one batch (the last record wins).
    members = {"type": "object", "properties": {"team": STRING, "user": {"type": "integer"}}}
    members["properties"] |= {"role": STRING, "extra": {"type": ["object", "null"]}}
    lines += [_schema("members", members, ["team", "user"])]
    lines += [
        _record("members", {"team": team, "user": user, "role": role})
        for team, user, role in [
            ("a", 1, "first"),
            ("a", 2, "first"),
            ("b", 1, "first"),
            ("a", 1, "updated"),
            ("a", 1, "updated again, same batch"),  # a compound key twice in one batch
            ("b", 1, None),
            ("c", 3, "new"),
        ]
    ]
    # A full-table stream with versions and an ACTIVATE_VERSION message.
    lines += [
        _schema("versioned", log, []),
        _record("versioned", {"what": "v1"}, version=1),
        json.dumps({"type": "ACTIVATE_VERSION", "stream": "versioned", "version": 1}),
        _record("versioned", {"what": "v2", "data": {"k": [1]}}, version=2),
        json.dumps({"type": "ACTIVATE_VERSION", "stream": "versioned", "version": 2}),
        json.dumps({"type": "STATE", "value": {"bookmarks": {"things": {"id": 8}}}}),
    ]
    return "\n".join(lines) + "\n"


#: Every column type the raw path types in Postgres (target_rawcopy), and an untyped one.
TRAPS = {
    "type": "object",
    "properties": {
        "at": DATE_TIME,
        **{
            name: THINGS["properties"][name]
            for name in (
                *("id", "note", "day", "amount", "count", "flag"),
                *("payload", "tags", "items", "numbers", "loose"),
            )
        },
    },
}
EVENTS = {"type": "object", "properties": {"what": STRING, "at": DATE_TIME}}
#: Batches of `raw_taken()` (three records a batch): traps 10 records, events 4.
RAW_TAKEN_BATCHES = 4 + 2


def raw_taken() -> str:
    """Values the raw path must write itself, as the stock target does (no refusal).

    COPY's escapes (backslashes, a backslash-N, tabs and carriage returns between JSON tokens),
    JSON escapes, offsets and fractions in date-times, numbers' scale and exponents,
    nulls in arrays, empty arrays, JSON null and missing jsonb, a key twice in a batch and
    in a later batch, a JSON key twice in one object, extra and missing properties, the
    message's time_extracted and version, a tap's _sdc_deleted_at, a stream without a key.
    """
    t = "traps"
    lines = [
        _schema(t, TRAPS, ["id"]),
        _record(
            t,
            {
                "id": 1,
                "note": ODD,
                "at": "2024-03-10T02:30:00+05:30",
                "day": "2024-02-29",
                "count": 9007199254740993,
                "flag": True,
                "tags": TAGS,
                "items": [{"k": ODD}, None, "plain", 3, True, {"u": UNICODE}],
                "numbers": [1, None, -0],
                "loose": UNICODE,
            },
            time_extracted="2024-03-10T02:30:00.123+05:30",
            version=3,
        ),
        _record(t, {"id": 2, "note": "first", "unknown": 5}),
        _record(
            t, {"id": 2, "note": "the last of id 2", "at": "2024-03-10 02:30", "payload": None}
        ),
        # Batch 2: tabs and a carriage return between tokens, a JSON key twice, escapes.
        (
            '{"type":"RECORD",\t"stream":"traps","record":{"id":3,\r"note":"tab\\tin text"},'
            '\t"time_extracted":"2024-03-10T02:30:00Z"}'
        ),
        (
            '{"type":"RECORD","stream":"traps","record":{"id":4,"note":"first","note":"second",'
            '"at":"2024-03-10T02:30:00.123456-08:00","amount":1.10,'
            f'"payload":{PAYLOAD_6},"items":[{{"n":2.50}}]}}}}'
        ),
        (
            '{"type":"RECORD","stream":"traps","record":{"id":5,"amount":-0.0,"count":-0,'
            '"note":"\\u00e9\\ud83d\\ude80 \\\\N \\"","at":"2024-03-10","tags":[],'
            '"items":[],"numbers":[]}}'
        ),
        # Batch 3: id 1 again (an upsert), nulls everywhere, a tap's _sdc_deleted_at.
        _record(t, {"id": 1, "note": None, "at": None, "tags": None, "items": None}),
        _record(t, {"id": 6, "_sdc_deleted_at": "2024-05-01T00:00:00+02:00", "amount": 1e-7}),
        '{"type":"RECORD","stream":"traps","record":{"id":7,"amount":1.0E+2,"payload":[1,"a"]}}',
        # Batch 4: the first record's values again, under a key no later record replaces.
        _record(
            t,
            {
                "id": 8,
                "note": ODD,
                "tags": TAGS,
                "items": [{"k": ODD}, None, "plain", 3, True, {"u": UNICODE}],
                "numbers": [1, None, -0],
                "loose": UNICODE,
            },
        ),
    ]
    lines += [_schema("events", EVENTS, [])]
    lines += [_record("events", {"what": "same", "at": "2024-01-01T00:00:00Z"})] * 2
    lines += [_record("events", {"what": None}), _record("events", {})]
    return "\n".join(lines) + "\n"


#: Streams of `raw_refused()` whose batch the raw path must refuse (its SQL), each one record.
RAW_REFUSED_SQL = {
    "nested_objects": {"items": [[{"a": 1}], [{"b": 2}]]},
    "array_later": {"items": [{"a": 1}, [2]]},
}
#: Streams the reader hands to the stock path (`RecordCheck`: a JSON type or a date-time
#: shape the stock target would store otherwise than the SQL).
RAW_REFUSED_READ = {
    "text_number": {"note": 5},
    "text_boolean": {"note": True},
    "untyped_object": {"loose": {"a": [1, 2]}},
    "seven_digits": {"at": "2024-03-10T02:30:00.1234567"},
    "basic_format": {"at": "20240310T023000"},
    "offset_without_colon": {"at": "2024-03-10T02:30:00+0530"},
    "string_for_array": {"tags": "{a,b}"},
    "numeric_as_text": {"amount": "1.5"},
    "boolean_as_number": {"flag": 1},
    "integer_as_text": {"count": "5"},
}


def raw_refused() -> str:
    """Values the raw path hands to the fast path, one stream each: the stock values."""
    lines = []
    for name, values in {**RAW_REFUSED_SQL, **RAW_REFUSED_READ}.items():
        lines += [_schema(name, TRAPS, ["id"]), _record(name, {"id": 1, **values})]
    lines += [
        _schema("extracted_odd", TRAPS, ["id"]),
        _record("extracted_odd", {"id": 1}, time_extracted="2024-03-10T02:30:00.000000001Z"),
        _schema("version_text", TRAPS, ["id"]),  # not an integer: the reader's stock path
        _record("version_text", {"id": 1}, version="3"),
    ]
    return "\n".join(lines) + "\n"


def no_schema() -> str:
    """Records with fields their schema lacks, on streams the raw path takes.

    singer-sdk warns "No schema for record field '<field>'" once per sink and field, for a
    value that is not null, unless the schema allows additional properties (its
    ``_parse_timestamps_in_record``).
    """
    lines = [_schema("traps", TRAPS, ["id"])]
    lines += [
        _record("traps", record)
        for record in [
            {"id": 1, "extra_a": None},  # null: no warning yet
            {"id": 2, "extra_a": "a value now", "extra_b": 1},
            {"id": 3, "note": 5, "extra_d": "read the stock way"},  # text given a number
            {"id": 4, "extra_b": 2, "extra_c": {"x": 1}},
            {"id": 5, "extra_d": "raw now", "extra_a": "again"},
            {"id": 6},
        ]
    ]
    lines += [_schema("events", EVENTS, []), _record("events", {"what": "x", "extra_a": 1})]
    lines += [_schema("open", {**EVENTS, "additionalProperties": True}, [])]
    lines += [_record("open", {"what": "y", "extra_a": 1})]
    return "\n".join(lines) + "\n"


def refused_raw(record: str) -> str:
    """One record of a stream the raw path takes, which the stock loader refuses."""
    return _schema("traps", TRAPS, ["id"]) + "\n" + record + "\n"


def refused(record: str) -> str:
    """One record the stock loader refuses (raw JSON text, for NaN)."""
    return _schema("things", THINGS, ["id"]) + "\n" + record + "\n"


FAILING = {
    "nul_text": refused(_record("things", {"id": 1, "note": "a\x00b"})),
    "nul_jsonb": refused(_record("things", {"id": 1, "payload": {"k": "a\x00b"}})),
    "nul_text_array": refused(_record("things", {"id": 1, "tags": ["a\x00b"]})),
    "nan_jsonb": refused(
        '{"type":"RECORD","stream":"things","record":{"id":1,"payload":{"k":NaN}}}'
    ),
    "bad_timestamp": refused(_record("things", {"id": 1, "created_at": "2024-02-30T00:00:00Z"})),
    # Lines the reader refuses (the fast reader has its own loop).
    "no_type": refused('{"stream":"things","record":{"id":1}}'),
    "unknown_type": refused('{"type":"RECORDS","stream":"things","record":{"id":1}}'),
    "not_an_object": refused('["RECORD"]'),
    # The same refusals where the raw path takes the stream: Postgres refuses the line, the
    # fast path writes the batch and meets the stock error.
    "raw_nul_text": refused_raw(_record("traps", {"id": 1, "note": "a\x00b"})),
    "raw_nul_jsonb": refused_raw(_record("traps", {"id": 1, "payload": {"k": "a\x00b"}})),
    "raw_nul_text_array": refused_raw(_record("traps", {"id": 1, "tags": ["a\x00b"]})),
    "raw_nan_jsonb": refused_raw(
        '{"type":"RECORD","stream":"traps","record":{"id":1,"payload":{"k":NaN}}}'
    ),
    "raw_bad_timestamp": refused_raw(_record("traps", {"id": 1, "at": "2024-02-30T00:00:00Z"})),
    "raw_bad_date": refused_raw(_record("traps", {"id": 1, "day": "2023-02-29"})),
    # What Postgres would take but the stock target refuses.
    "raw_hour_24": refused_raw(_record("traps", {"id": 1, "at": "2024-03-10T24:00:00"})),
    "raw_leap_second": refused_raw(_record("traps", {"id": 1, "at": "2024-03-10T23:59:60"})),
    "raw_now": refused_raw(_record("traps", {"id": 1, "at": "now"})),
    "raw_date_as_number": refused_raw(_record("traps", {"id": 1, "at": 20240310})),
    "raw_integer_exponent": refused_raw(
        '{"type":"RECORD","stream":"traps","record":{"id":1,"count":1E+2}}'
    ),
    "raw_integer_fraction": refused_raw(
        '{"type":"RECORD","stream":"traps","record":{"id":1,"count":5.0}}'
    ),
    "raw_integer_array_fraction": refused_raw(
        '{"type":"RECORD","stream":"traps","record":{"id":1,"numbers":[1,2.0]}}'
    ),
    "raw_text_object": refused_raw(_record("traps", {"id": 1, "note": {"a": 1}})),
    "raw_missing_key": refused_raw(_record("traps", {"note": "no id"})),
    "raw_extracted_now": refused_raw(_record("traps", {"id": 1}, time_extracted="now")),
}


def fails_mid_stream(stream: str = "things", schema: dict = THINGS) -> str:
    """Ten records, three a batch: the second batch's COPY fails (a NUL), later ones are fine.

    The stock target stops at the second batch, with the first committed; the fast target
    writes batches in a thread while it reads on, and must stop there too, with that error.
    """
    lines = [_schema(stream, schema, ["id"])]
    lines += [
        _record(stream, {"id": i, "note": "a\x00b" if i == 5 else f"row {i}"}) for i in range(1, 11)
    ]
    lines += [json.dumps({"type": "STATE", "value": {"bookmarks": {"things": {"id": 10}}}})]
    return "\n".join(lines) + "\n"


#: Records of `many()`, and its batch size: two full batches written while the target reads,
#: the last, partial one in its final drain, just before it writes the STATE message.
MANY, MANY_BATCH = 12_000, 5_000


def many() -> str:
    """MANY keyed records of a small stream and one STATE message at the end."""
    lines = [_schema("log", {"type": "object", "properties": {"n": {"type": "integer"}}}, ["n"])]
    lines += [_record("log", {"n": n}) for n in range(MANY)]
    lines += [json.dumps({"type": "STATE", "value": {"bookmarks": {"log": {"n": MANY}}}})]
    return "\n".join(lines) + "\n"


def idle() -> str:
    """Stream `a` (200 keys), 3,000 records of `b`, `a` again (100 of its keys with new
    values, 100 new), 3,000 more of `b`, one STATE message; batches of 5,000 (`MANY_BATCH`).

    The fast target drains `a` early while it reads the first run of `b` (its batch is
    written in between, and the second run of `a` merges over it); `a` is not drained early
    a second time before it has received another batch's worth of records.
    """
    obj = {"type": "object"}
    a_schema = {**obj, "properties": {"id": {"type": "string"}, "v": {"type": "integer"}}}
    lines = [
        _schema("a", a_schema, ["id"]),
        _schema("b", {**obj, "properties": {"n": {"type": "integer"}}}, ["n"]),
    ]
    lines += [_record("a", {"id": f"k{i}", "v": 1}) for i in range(200)]
    lines += [_record("b", {"n": n}) for n in range(3_000)]
    lines += [_record("a", {"id": f"k{i}", "v": 2}) for i in range(100, 300)]
    lines += [_record("b", {"n": n}) for n in range(3_000, 6_000)]
    lines += [json.dumps({"type": "STATE", "value": {"bookmarks": {"b": {"n": 6_000}}}})]
    return "\n".join(lines) + "\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    """A libpq URL of a fresh database (dropped afterwards)."""
    external = os.environ.get("RELIABILITY_TEST_POSTGRES_URL")
    server = None
    if external:
        admin = external
    else:
        from reliability_warehouse.embedded import EmbeddedWarehouse  # noqa: PLC0415

        server = EmbeddedWarehouse(
            data_dir=tmp_path_factory.mktemp("fastpath-pg") / "pgdata", port=_free_port()
        )
        server.start()
        admin = server.url("postgres")
    database = f"fastpath_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'create database "{database}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + quote(database)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{database}" with (force)')
        if server is not None:
            server.stop()


@pytest.fixture(scope="module")
def loaded(postgres, tmp_path_factory):
    """Every case loaded by both targets: {"engaged": bool, "<case>/<kind>": "ok" | error}."""
    cases = [
        {"name": "crafted", "lines": crafted()},
        {"name": "datadog", "lines": DATADOG_SAMPLE.read_text(encoding="utf-8")},
        {"name": "many", "lines": many(), "batch_size_rows": MANY_BATCH},
        {"name": "idle", "lines": idle(), "batch_size_rows": MANY_BATCH},
        {"name": "raw_taken", "lines": raw_taken()},
        {"name": "raw_refused", "lines": raw_refused()},
        {"name": "no_schema", "lines": no_schema()},
        {"name": "raw_mid_stream", "lines": fails_mid_stream("traps", TRAPS)},
        {"name": "mid_stream", "lines": fails_mid_stream()},
        *({"name": name, "lines": lines} for name, lines in FAILING.items()),
    ]
    path = tmp_path_factory.mktemp("fastpath") / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    url = postgres.replace("postgresql://", "postgresql+psycopg://", 1)
    proc = subprocess.run(
        [str(TARGET_PYTHON), str(DRIVER), str(path), url],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _tables(conn: psycopg.Connection, schema: str) -> dict[str, list[tuple[str, str, str]]]:
    tables: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, data_type, udt in conn.execute(
        "select table_name, column_name, data_type, udt_name from information_schema.columns "
        "where table_schema = %s order by table_name, ordinal_position",
        (schema,),
    ):
        tables.setdefault(table, []).append((column, data_type, udt))
    return tables


def _rows(conn: psycopg.Connection, schema: str, table: str, columns: list[str]) -> list[str]:
    volatile = VOLATILE | ({"_sdc_deleted_at"} if table in VERSIONED else set())
    stable = ", ".join(f'"{c}"' for c in columns if c not in volatile)
    nulls = ", ".join(f'"{c}" is null' for c in columns if c in volatile) or "true"
    query = f'select row({stable}, {nulls})::text from "{schema}"."{table}" order by 1'  # noqa: S608
    return [r[0] for r in conn.execute(query)]


def test_the_fast_path_is_on(loaded):
    # Otherwise every comparison below would compare the stock loader with itself.
    assert loaded["engaged"] is True


def test_it_steps_aside_for_settings_and_versions_it_was_not_checked_for(loaded):
    assert loaded["flattening_sink"] == "PostgresSink"
    assert loaded["flattening_reader"] == "SimpleSingerReader"
    assert loaded["other_version_class"] == "TargetPostgres"


def _same_tables(postgres: str, case: str) -> int:
    """Assert both schemas of `case` hold the same tables and rows; the rows compared."""
    with psycopg.connect(postgres) as conn:
        stock, fast = _tables(conn, f"{case}_stock"), _tables(conn, f"{case}_fast")
        assert stock, "the stock target loaded nothing"
        assert fast == stock
        loaded_rows = 0
        for table, columns in stock.items():
            names = [c for c, _, _ in columns]
            expected = _rows(conn, f"{case}_stock", table, names)
            assert _rows(conn, f"{case}_fast", table, names) == expected, table
            loaded_rows += len(expected)
    return loaded_rows


@pytest.mark.parametrize("case", ["crafted", "datadog", "many", "idle", "raw_taken", "raw_refused"])
def test_every_table_is_identical(loaded, postgres, case):
    assert loaded[f"{case}/stock"] == "ok"
    assert loaded[f"{case}/fast"] == "ok"
    assert _same_tables(postgres, case) > 3


@pytest.mark.parametrize("case", ["crafted", "many", "idle"])
def test_the_state_message_follows_the_rows_it_covers(loaded, case):
    # Rows other sessions could see when the target wrote each STATE message: all of them
    # (the input ends with one), as the stock target writes it only after its last drain.
    # crafted: things ids 1-9 (9), log 3, windows 2 (one instant twice), members 4, versioned 2.
    # idle: a's keys k0-k299, b's 6,000.
    rows = {"crafted": 9 + 3 + 2 + 4 + 2, "many": MANY, "idle": 300 + 6_000}[case]
    assert loaded[f"{case}/stock/committed_at_state"] == [rows]
    assert loaded[f"{case}/fast/committed_at_state"] == [rows]


def test_a_write_that_fails_mid_stream_fails_the_run_with_its_error(loaded, postgres):
    stock, fast = loaded["mid_stream/stock"], loaded["mid_stream/fast"]
    assert stock.startswith("DataError: ")
    assert "NUL" in stock
    assert _error(fast) == _error(stock)
    # The first batch (ids 1-3) is committed, nothing after the failed one; no STATE.
    assert _same_tables(postgres, "mid_stream") == 3
    assert loaded["mid_stream/fast/committed_at_state"] == []


def test_the_raw_path_writes_every_batch_of_what_it_takes(loaded):
    # Counted from the fast target's log: batches written raw, batches the raw path refused.
    assert loaded["raw_taken/fast"] == "ok"
    assert loaded["raw_taken/fast/raw"] == [RAW_TAKEN_BATCHES, 0]
    assert loaded["raw_taken/stock/raw"] == [0, 0]
    # 12,000 records in batches of 5,000.
    assert loaded["many/fast/raw"] == [3, 0]


def test_a_stream_that_went_quiet_is_written_before_the_end(loaded, postgres):
    # `a` early (its 200 records, idle while b's first 3,000 were read), then at the end;
    # `b` full at 5,000 and at the end (its last 1,000): four batches; the stock target
    # writes `a` once, at the end.
    assert loaded["idle/fast/raw"] == [4, 0]
    with psycopg.connect(postgres) as conn:
        rows = conn.execute('select v, count(*) from "idle_fast"."a" group by v order by v')
        assert rows.fetchall() == [(1, 100), (2, 200)]


def test_the_raw_path_hands_what_it_refuses_to_the_fast_path(loaded):
    # One refused batch per stream whose value only the SQL sees (jsonb[] holding arrays);
    # the reader keeps the others (the time_extracted too) off the raw path.
    assert loaded["raw_refused/fast"] == "ok"
    assert loaded["raw_refused/fast/raw"] == [0, len(RAW_REFUSED_SQL)]


def test_fields_the_schema_lacks_are_warned_about_once_per_stream_as_stock(loaded, postgres):
    # What singer-sdk's per-record path logs (read from its source, 0.54.9): per stream, the
    # first non-null value of each field the schema lacks, in the records' order; none for
    # a schema with additionalProperties.
    stock = loaded["no_schema/stock/no_schema"]
    warned = [(name.rsplit(".", 1)[-1], level, message) for name, level, message in stock]
    assert warned == [
        ("traps", "WARNING", "No schema for record field 'extra_a'"),
        ("traps", "WARNING", "No schema for record field 'extra_b'"),
        ("traps", "WARNING", "No schema for record field 'extra_d'"),
        ("traps", "WARNING", "No schema for record field 'extra_c'"),
        ("events", "WARNING", "No schema for record field 'extra_a'"),
    ]
    assert loaded["no_schema/fast/no_schema"] == stock
    # Written raw: traps' second batch, events, open (the first batch holds a stock record).
    assert loaded["no_schema/fast/raw"] == [3, 0]
    assert _same_tables(postgres, "no_schema") > 3


@pytest.mark.parametrize("case", ["crafted", "datadog", "raw_taken", "raw_refused"])
def test_the_warnings_of_fields_the_schema_lacks_are_the_stock_ones(loaded, case):
    assert loaded[f"{case}/fast/no_schema"] == loaded[f"{case}/stock/no_schema"]


def test_a_raw_batch_that_fails_mid_stream_fails_the_run_with_its_error(loaded, postgres):
    stock, fast = loaded["raw_mid_stream/stock"], loaded["raw_mid_stream/fast"]
    assert stock.startswith("DataError: ")
    assert "NUL" in stock
    assert _error(fast) == _error(stock)
    # Batch 1 written raw; batch 2 refused by Postgres (a NUL), then failing the stock way.
    assert loaded["raw_mid_stream/fast/raw"] == [1, 1]
    assert _same_tables(postgres, "raw_mid_stream") == 3
    assert loaded["raw_mid_stream/fast/committed_at_state"] == []


def test_raw_values_as_postgres_documents_them(loaded, postgres):
    """Values of `raw_taken` read by hand from the input and Postgres' documentation."""
    assert loaded["raw_taken/fast"] == "ok"
    with psycopg.connect(postgres) as conn:
        rows = _by_id(
            conn,
            "select id, note, at::text, amount::text, jsonb_typeof(payload), tags, "
            "_sdc_deleted_at::text, _sdc_extracted_at::text, _sdc_table_version, items "
            "from raw_taken_fast.traps",
        )
        events = conn.execute("select count(*) from raw_taken_fast.events").fetchone()
        eight = conn.execute(
            "select note, tags, items[2] is null, items[2] = 'null'::jsonb, numbers::text "
            "from raw_taken_fast.traps where id = 8"
        ).fetchone()
    assert rows[1][:2] == (None, None)  # the later batch's nulls
    assert rows[1][4] is None
    assert rows[2][0] == "the last of id 2"
    assert rows[2][1] == "2024-03-10 02:30:00"
    assert rows[2][3] == "null"  # JSON null, as SQLAlchemy's JSON type writes None
    assert rows[3][0] == "tab\tin text"
    assert rows[3][6] == "2024-03-10 02:30:00"  # time_extracted's wall clock
    assert rows[4][0] == "second"  # the last of a JSON key written twice
    assert rows[4][1] == "2024-03-10 02:30:00.123456"  # the offset ignored
    # SQLAlchemy's Numeric type hands psycopg float(value), written as Python's repr.
    assert rows[4][2] == "1.1"
    assert rows[5][0] == 'é🚀 \\N "'
    assert rows[5][4] == []
    assert rows[5][2] == "0.0"  # repr(-0.0) is "-0.0"; numeric has no negative zero
    assert rows[6][2] == "0.0000001"  # repr(1e-07) is "1e-07"
    assert rows[6][5] == "2024-05-01 00:00:00"
    assert rows[7][2] == "100.0"  # repr(100.0)
    assert rows[7][3] == "array"
    assert events == (4,)
    # A None in a list: NULL in text[] and bigint[], the JSON null in jsonb[].
    assert eight == (ODD, TAGS, False, True, "{1,NULL,0}")


@pytest.mark.parametrize("case", sorted(FAILING))
def test_what_the_stock_loader_refuses_fails_too(loaded, case):
    assert loaded[f"{case}/stock"] != "ok"
    assert _error(loaded[f"{case}/fast"]) == _error(loaded[f"{case}/stock"])


def _by_id(conn: psycopg.Connection, query: str, params: tuple = ()) -> dict[object, tuple]:
    """The query's rows by their first column."""
    return {row[0]: row[1:] for row in conn.execute(query, params)}


def _error(text: str) -> str:
    """An error as the driver reports it, the random name of the temporary table left out."""
    return TEMP_TABLE.sub("<temporary table>", text)


def test_values_as_postgres_and_sqlalchemy_document_them(loaded, postgres):
    """A few values checked against the input and the documentation, not the stock loader."""
    assert loaded["crafted/fast"] == "ok"
    with psycopg.connect(postgres) as conn:
        things = _by_id(
            conn,
            "select id, name, note, created_at::text, jsonb_typeof(payload), tags, extra, "
            "payload = %s::jsonb from crafted_fast.things",
            (PAYLOAD_6,),
        )
        windows = conn.execute("select starts::text, label from crafted_fast.windows").fetchall()
        members = conn.execute('select team, "user", role from crafted_fast.members').fetchall()
        deleted = conn.execute(
            "select _sdc_deleted_at::text from crafted_fast.things where id = 5"
        ).fetchone()
    # Upsert: the last record of a key wins, in a later batch and in the same one.
    assert things[1][0] is None  # the last record of id 1 has no name
    assert things[1][5] == "grown"
    assert things[9][0] == "second version in the same batch"
    # Odd text and unicode come back as sent, in text, text[] and (below) jsonb.
    assert things[2][:2] == (UNICODE, ODD)
    assert things[2][4] == TAGS
    # Postgres: a time zone in a literal for `timestamp without time zone` is ignored.
    assert things[2][2] == "2024-03-10 02:30:00.5"
    assert things[3][2] == "2024-03-10 02:30:00.123456"
    assert deleted == ("2024-05-01 00:00:00",)
    # SQLAlchemy's JSON type (none_as_null off) stores Python None as the JSON null.
    assert things[9][3] == "null"
    # Numbers keep what Postgres parses from the tap's JSON text (scale, exponent).
    assert things[6][6] is True
    assert sorted(members) == [
        ("a", 1, "updated again, same batch"),
        ("a", 2, "first"),
        ("b", 1, None),
        ("c", 3, "new"),
    ]
    # A date-time key: 10:00+02:00 and 08:00Z are one key; the later record wins.
    assert sorted(windows) == [
        ("2024-01-01 08:00:00", "same instant"),
        ("2024-01-02 00:00:00", "naive"),
    ]


def _cli_config(postgres: str, tmp_path: Path, schema: str, batch: int) -> str:
    """A target config file for a console run into `schema`; its path."""
    url = postgres.replace("postgresql://", "postgresql+psycopg://", 1)
    config = {"sqlalchemy_url": url, "default_target_schema": schema, "use_copy": True}
    config |= {"validate_records": False, "batch_size_rows": batch}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("script", ["target_fastpath", "target_guard", "flattening"])
def test_the_console_scripts_end_a_run_with_its_state_rows_and_logs(postgres, tmp_path, script):
    # Standard input read ahead from the start (a pipe here), by the fast reader or, with
    # flattening, the stock one; a run that succeeds ends without the interpreter's
    # teardown: the STATE message, every row and the logs up to the last line (singer-sdk's
    # closing record counts) are out.
    schema = f"cli_{script}"
    config = _cli_config(postgres, tmp_path, schema, MANY_BATCH)
    if script == "flattening":
        settings = json.loads(Path(config).read_text(encoding="utf-8"))
        settings |= {"flattening_enabled": True, "flattening_max_depth": 1}
        Path(config).write_text(json.dumps(settings), encoding="utf-8")
    module = "target_guard" if script == "target_guard" else "target_fastpath"
    code = f"from reliability_tap_runtime.{module} import target_postgres; target_postgres()"
    proc = subprocess.run(
        [str(TARGET_PYTHON), "-c", code, "--config", config],
        input=many(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"bookmarks": {"log": {"n": MANY}}}
    assert '"metric":"record_count","value":12000' in proc.stderr.strip().splitlines()[-1]
    assert ("fast path off" in proc.stderr) is (script == "flattening")
    with psycopg.connect(postgres) as conn:
        assert conn.execute(f'select count(*) from "{schema}"."log"').fetchone() == (MANY,)  # noqa: S608


def test_a_console_run_that_fails_exits_with_a_failure(postgres, tmp_path):
    config = tmp_path / "config.json"
    url = postgres.replace("postgresql://", "postgresql+psycopg://", 1)
    settings = {"use_copy": True, "validate_records": False, "batch_size_rows": 3}
    config.write_text(
        json.dumps({"sqlalchemy_url": url, "default_target_schema": "cli_fails", **settings})
    )
    proc = subprocess.run(
        [
            str(TARGET_PYTHON),
            "-m",
            "reliability_tap_runtime.target_fastpath",
            "--config",
            str(config),
        ],
        input=fails_mid_stream(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert "NUL" in proc.stderr
    assert proc.stdout == ""  # no STATE message
