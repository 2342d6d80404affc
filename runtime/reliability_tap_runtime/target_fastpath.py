"""A cheaper COPY path for MeltanoLabs target-postgres 0.8.1: the same rows for less CPU.

target-postgres spends most of its CPU per row in a few places (bench/README.md, "loader.py"):
serialising ``jsonb`` values with simplejson through SQLAlchemy's JSON bind processor, psycopg's
pure-Python array dumper for ``jsonb[]`` and ``text[]`` values, the row dictionaries it builds
before COPY, the standard-library JSON decoder that reads each Singer line, and (on the
Postgres side) a merge that writes every row twice. `fast` wraps
the target class so that, for the exact versions this module was checked against
(:data:`PINNED`), those steps are done by cheaper code that gives Postgres the same values:

- **Reading**: each line is decoded by msgspec with ``float_hook=Decimal`` (what
  ``singer_sdk.contrib.msgspec`` does). Any line msgspec refuses (``NaN``/``Infinity``
  constants, lone surrogates, raw control characters, bad JSON) is decoded by the SDK's own
  decoder instead, so it yields exactly the stock value or raises the stock error. A
  ``NaN``/``Infinity`` constant (the only way a float reaches a record: other numbers are
  ``Decimal``) switches the fast JSON encoder off for the rest of the run, because msgspec
  writes a non-finite float as ``null`` where the stock encoder raises.
- **jsonb**: msgspec's encoder (``decimal_format="number"``: a Decimal is written as
  ``str(Decimal)``, as simplejson's ``use_decimal`` does). Postgres parses both texts to the
  same jsonb (key order, spacing and escapes do not survive ``jsonb``). ``None`` is the JSON
  ``null``, as SQLAlchemy's JSON type sends it (``none_as_null`` is off). A value of another
  type (a datetime the SDK parsed into a column that is ``jsonb`` by type precedence) or one
  msgspec cannot encode goes to the stock bind processor.
- **jsonb[] and text[]**: the array literal is written directly (every element quoted,
  backslash and double quote escaped: Postgres' array input reads it back exactly), instead
  of psycopg's generic list dumper. A value that is not a flat list of the expected items (a
  nested first element, a number in a text array) goes to the stock bind processor, which
  hands psycopg the same list as before.
- **Merge**: target-postgres merges each batch of a keyed stream from its temporary table
  with an INSERT of the new keys and then an UPDATE of every key in the batch (the rows just
  inserted written a second time). Where the table has a unique index on exactly the key
  columns (the primary key target-postgres creates) and the keys are text or integers (where
  Python's equality, which de-duplicated the batch, is Postgres'), one ``INSERT ... ON
  CONFLICT (keys) DO UPDATE`` of the same columns does it: about half the Postgres CPU.
- **Rows**: one list per row, built from the record in column order, de-duplicated on the
  primary key (the last record of a key wins) as the stock sink does, and written with
  psycopg's ``write_row``; every other column keeps its stock SQLAlchemy bind processor (or
  none), so psycopg dumps it exactly as before (its escaping and NUL check included).
- **Writing while reading**: a batch that fills up is written (the stock ``process_batch``:
  one transaction of table check, COPY into a temporary table, merge) by a writer thread
  while the main thread reads on, instead of the target stopping to read until Postgres has
  merged it. At most two batches are in flight, on two Postgres sessions (`Writer`): a batch
  starts once the batch before it has done its COPY, and merges into the stream's table only
  once that batch has committed, so batches commit one at a time in the stock order and a
  batch's COPY overlaps the merge of the one before. A new sink's table set-up and an
  ACTIVATE_VERSION wait for every batch in flight. ``drain_all`` (the end of the input, a
  schema change, the SDK's record-age limit) writes synchronously, after the batches in
  flight, so the STATE message it emits still follows every row it covers. A write that
  fails re-raises its own exception in the main thread at the next of those points (at the
  latest at the end of the input); the batch after it fails at its merge without committing
  and no later batch is written, so the run fails with the stock error and the stock rows.
  What changes is only when a batch's write starts; the SDK's batch timer measures the
  hand-over, not the write. Memory: three batches can be alive at once (one read, two
  written).
- **Line loop**: the reader's ``process_lines`` does the stock steps per line (decode, the
  ``type`` check with the stock error, the callback, the count; an unknown type raises the
  stock ``ValueError``) without the stock loop's per-line set and attribute, and while it
  reads, the cyclic garbage collector runs once per 50,000 surviving allocations instead of
  700, with the start-up's objects frozen out of its generations (`fewer_collections`): a
  batch's 10,000 records are acyclic dicts that reference counting frees, and the default
  thresholds made the collector walk them hundreds of times a batch (a tenth of the target's
  CPU on PagerDuty's bench output).

- **The pipeline's ends**: standard input is read ahead by a thread from before the heavy
  imports (`prefetch`, console scripts only), so a tap that starts first does not wait on a
  full pipe; a sink that got no record while `IDLE_LINES` lines were read is drained then
  (`Reads`), so a finished stream's last batch is not left for after the tap ends; a console
  run that succeeded ends with ``os._exit(0)`` after flushing (`run_cli`), without the
  interpreter's teardown (bench/README.md, "The pipeline's two ends").

- **Raw records** (`target_rawcopy`, where ``use_copy`` is on, ``validate_records`` off and
  ``add_record_metadata`` on): a RECORD line of a stream whose every column has a type the
  raw path converts is not decoded into a dict and not handed to singer-sdk's per-record
  path. `RawRouter` decodes only its envelope (msgspec; the whole line's syntax checked),
  does the SDK's public bookkeeping (tally, counter, full-sink drain, record-age drain) and
  keeps the line's bytes in the sink's batch (`RawBatches`); the batch is one COPY of the
  lines into a ``jsonb`` temporary table and one ``INSERT ... SELECT`` that types them in
  Postgres, ``_sdc_`` columns included, straight into the table (ON CONFLICT as below).
  Any value Postgres would store otherwise than the stock target is refused by that SQL,
  and a refused batch is written the way below, its lines made into the records the SDK
  would have made (`target_rawcopy` gives each equivalence). Measured on PagerDuty's bench
  output: the target's CPU per 10,000 rows from about 0.8 to 0.2 s, Postgres' from about
  0.35 to 0.65 (bench/README.md, "raw records").

Left to the stock code: ``use_copy: false`` (INSERT), ``sanitize_null_text_characters``, a
target configured with ``stream_maps`` or flattening (a map can create floats), and any
other version of target-postgres, singer-sdk, SQLAlchemy or psycopg than :data:`PINNED`:
`fast` then returns the class unchanged and logs a warning.

Seam: this module subclasses ``target_postgres.sinks.PostgresSink`` and overrides its public
``bulk_insert_records`` (its ``_do_copy`` is no longer called), ``upsert``, ``setup``,
``process_batch``, ``activate_version``, ``process_record`` and ``start_drain`` (each calls
the stock method but ``process_record``, which keeps the record in the sink's own batch
list), calls the target's public ``sink_exists``, ``get_sink``, ``drain_one`` and
``drain_all`` and the sink's ``tally_record_read``, ``record_counter_metric``,
``current_size``, ``max_size``, ``mark_drained`` for raw records, sets the public
``message_reader_class`` and ``default_sink_class`` of the target and overrides its public
``drain_all`` (marked ``final`` for typing; the override only wraps the stock one, as
``target_guard`` wraps ``listen``), overrides the public ``process_lines`` and
``deserialize_json`` of the SDK's ``SimpleSingerReader``, and uses the public
``append_only``, ``schema``, ``config``, ``connector``, ``logger``, ``column_representation``
and ``generate_copy_statement`` of the sink: no private singer-sdk member. The SDK's own
per-record path (``Target._process_record_message``: the ``_sdc_`` metadata,
``_parse_timestamps_in_record``, the key check) is not overridden: raw records skip it, and
`target_rawcopy.stock_records` repeats what it does (singer-sdk 0.54.9) for a refused
batch, which the equality test compares with the stock target. It relies on
the stock behaviour of SQLAlchemy's JSON and ARRAY bind processors and of psycopg's text COPY
for the pinned versions; ``runtime/tests/test_target_fastpath.py`` loads the same Singer input
through the stock and the fast target and fails on any difference in any table.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import decimal
import functools
import io
import logging
import operator
import os
import queue
import sys
import threading
import time
import typing as t
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata

from reliability_tap_runtime import collector, target_rawcopy

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from singer_sdk import Target

logger = logging.getLogger(__name__)

#: distribution -> the versions this module was checked against (equality test, profile);
#: ``x.y.*`` is any patch release of x.y.
PINNED = {
    "meltanolabs-target-postgres": "0.8.1",
    "singer-sdk": "0.54.9",
    "sqlalchemy": "2.1.*",
    "psycopg": "3.3.*",
}
#: Settings under which the stock code runs (see the module docstring).
STOCK_SETTINGS = ("stream_maps", "flattening_enabled", "sanitize_null_text_characters")

TargetT = t.TypeVar("TargetT", bound="Target")
Converter = t.Callable[[t.Any], t.Any]
#: Top-level value types of a record that the fast jsonb encoder writes as simplejson does.
_JSON_TYPES = frozenset({dict, list, str, int, bool, type(None), decimal.Decimal})


def version_mismatches() -> list[str]:
    """Each installed distribution that differs from :data:`PINNED`, as 'name x (checked y)'."""
    found = []
    for name, pinned in PINNED.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != pinned and not (
            pinned.endswith(".*") and installed.startswith(pinned[:-1])
        ):
            found.append(f"{name} {installed} (checked {pinned})")
    return found


def quote_array_element(text: str) -> str:
    """One element of a Postgres array literal, quoted: read back as exactly `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def contains_float(value: object) -> bool:
    """Whether a decoded JSON value holds a float anywhere (read as NaN or Infinity)."""
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(contains_float(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_float(v) for v in value)
    return False


class NonFinite:
    """Whether a NaN/Infinity constant was read: the fast jsonb encoder is then off."""

    seen = False


#: singer-sdk's ``Target._MAX_RECORD_AGE_IN_MINUTES`` (five), in microseconds.
MAX_RECORD_AGE_US = 5 * 60 * 1_000_000

#: Cyclic collector thresholds while the target reads (Python's default: 700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 10)

#: A sink whose stream sent nothing while this many lines of input were read is written
#: early (`Reads.idle`), checked once per this many lines.
IDLE_LINES = 1_000


class Reads:
    """The reader's clock (lines read) and the sinks that keep batches (`idle`).

    A tap usually sends one stream after the other: the last, partial batch of a stream
    that is done would wait in memory until the end of the input, and be written after the
    tap has finished, while the pipeline waits. A sink that holds a batch and got no record
    while `IDLE_LINES` lines were read is drained then, in the writer thread, like a full
    one; to bound the extra batches for a stream whose records are only sparse, a sink is
    drained so at most once per `max_size` records it receives. The rows are the same: the
    batches of a stream commit in the order read, and the last record of a key wins across
    batches (the merge) as within one; the STATE message still follows ``drain_all``.
    """

    def __init__(self) -> None:
        """No line read, no sink."""
        self.lines = 0
        self.sinks: list[t.Any] = []

    def idle(self, target: t.Any) -> None:  # noqa: ANN401
        """Drain every active sink that holds a batch and has been idle (see the class)."""
        for sink in self.sinks:
            if (
                sink.entries
                and self.lines - sink.last_read >= IDLE_LINES
                and sink.received >= sink.idle_after
                and target.sink_exists(sink.stream_name)
                and target.get_sink(sink.stream_name) is sink
            ):
                sink.idle_after = sink.received + sink.max_size
                target.logger.info(
                    "Target sink for '%s' got no record in %d lines. Draining %d records...",
                    sink.stream_name,
                    self.lines - sink.last_read,
                    len(sink.entries),
                )
                target.drain_one(sink)


def fewer_collections() -> contextlib.AbstractContextManager[None]:
    """Run the cyclic garbage collector less often while the target reads (`collector`).

    A batch holds 10,000 records of nested dicts and lists that survive until it is written,
    so with Python's default thresholds the collector runs hundreds of times a batch over
    objects that hold no cycle (reference counting frees them). Here it runs once per 50,000
    surviving allocations. Memory: cyclic garbage waits longer to be collected, never more
    than the thresholds allow.
    """
    return collector.fewer_collections(GC_THRESHOLDS)


class Writer:
    """Up to two batches written by two threads while the target goes on reading.

    Batches commit one after the other, in the order the stock target writes them: a batch
    starts (table check, temporary tables, its COPY) once the batch before it has done that
    much, and merges into the stream's table (`gate`) only once the batch before it has
    committed; if that one failed, it fails at its gate, so nothing after a failed batch is
    committed. What overlaps is one batch's COPY with the merge and commit of the one before
    (two Postgres sessions). `submit` waits while two batches are in flight, re-raising the
    first error in the order written (a failed write fails the run with its own exception).
    Inside `synchronous` (drain_all, ACTIVATE_VERSION) every batch is written before
    `submit` returns, as stock.
    """

    #: Batches in flight at most.
    DEPTH = 2

    def __init__(self) -> None:
        """No thread until the first batch."""
        self.pool: ThreadPoolExecutor | None = None
        #: In the order submitted: each batch's future and the event set once it started.
        self.pending: list[tuple[Future[None], threading.Event]] = []
        self.inline = 0
        self.local = threading.local()

    def wait(self, keep: int = 0) -> None:
        """Until at most `keep` batches are in flight; the first error, if one failed."""
        while len(self.pending) > keep:
            future, _ = self.pending.pop(0)
            future.result()

    def submit(self, write: t.Callable[[], None]) -> None:
        """`write` in a writer thread, after the batch before it (inline when synchronous)."""
        if self.inline:
            self.wait()
            write()
            return
        self.wait(self.DEPTH - 1)
        if self.pool is None:
            self.pool = ThreadPoolExecutor(self.DEPTH, thread_name_prefix="target-fastpath-writer")
        previous = self.pending[-1] if self.pending else None
        started = threading.Event()
        self.pending.append((self.pool.submit(self.run, write, previous, started), started))

    def run(
        self,
        write: t.Callable[[], None],
        previous: tuple[Future[None], threading.Event] | None,
        started: threading.Event,
    ) -> None:
        """One batch in a writer thread, once the batch before it has started (its COPY)."""
        if previous is not None:
            previous[1].wait()
        self.local.batch = (previous[0] if previous else None, started)
        try:
            write()
        finally:
            started.set()
            self.local.batch = None

    def gate(self) -> None:
        """Before a batch merges: the batch before it committed (raises if it failed)."""
        batch = getattr(self.local, "batch", None)
        if batch is None:  # written inline: every batch before it is written
            return
        previous, started = batch
        started.set()
        if previous is not None and previous.exception() is not None:
            msg = "an earlier batch failed; this one is not committed"
            raise RuntimeError(msg)

    @contextlib.contextmanager
    def synchronous(self) -> t.Iterator[None]:
        """Every batch written before what follows (the state message, a version switch)."""
        self.wait()
        self.inline += 1
        try:
            yield
        finally:
            self.inline -= 1


class CurrentStdin:
    """A reader whose standard input is ``sys.stdin`` as it is when it reads (`prefetch`).

    The stock reader's ``default_input`` is a class attribute: standard input as it was
    when singer-sdk was imported.
    """

    @property
    def default_input(self) -> t.IO[str]:
        """Standard input, now."""
        return sys.stdin


def _reader_class(nonfinite: type[NonFinite]) -> type:
    import msgspec  # noqa: PLC0415 - installed beside the target (runtime dependency)
    from singer_sdk.singerlib.encoding.simple import SimpleSingerReader  # noqa: PLC0415

    decoder = msgspec.json.Decoder(float_hook=decimal.Decimal)

    class FastReader(CurrentStdin, SimpleSingerReader):  # type: ignore[override]
        """msgspec first; the SDK's decoder (stock value or error) for lines it refuses."""

        #: Set by the target when RECORD lines may take the raw path (`RawRouter`).
        router: RawRouter | None = None

        def deserialize_json(self, line: str) -> dict:
            try:
                return decoder.decode(line)
            except msgspec.DecodeError:
                message: dict = super().deserialize_json(line)
                if ("NaN" in line or "Infinity" in line) and contains_float(message):
                    nonfinite.seen = True
                return message

        def process_lines(
            self,
            file_input: t.IO[str] | None,
            callbacks: dict[str, t.Callable[[dict], None]],
        ) -> Counter[str]:
            """The stock loop's steps per line, without its per-line set and attribute.

            A RECORD line the router takes is kept raw (`RawRouter.take`); every other line
            is decoded and handed to its callback as before. While it reads, the cyclic
            garbage collector runs less often (`fewer_collections`).
            """
            stats: dict[str, int] = {}
            deserialize, requires = self.deserialize_json, {"type"}
            router = self.router
            tick = router.tick if router is not None else _no_tick
            stream = file_input or self.default_input
            with fewer_collections():
                for raw, text in _lines(stream) if router else ((None, x) for x in stream):
                    tick()
                    if raw is not None and router is not None and router.take(raw):
                        stats["RECORD"] = stats.get("RECORD", 0) + 1
                        continue
                    message = deserialize(text if text is not None else _text(stream, raw))
                    if type(message) is not dict or "type" not in message:
                        self.assert_line_requires(message, requires=requires)  # stock error
                    kind = message["type"]
                    callback = callbacks.get(kind)
                    if callback is None:  # the stock reader's error for an unknown type
                        msg = f"Unknown message type '{kind}' in message."
                        raise ValueError(msg)
                    callback(message)
                    stats[kind] = stats.get(kind, 0) + 1
                    if router is not None and kind != "RECORD":
                        router.forget()  # a SCHEMA message may have replaced a sink
            return Counter(**stats)

    return FastReader


def _no_tick() -> None:
    """No raw path, no early drains."""


def _lines(stream: t.IO[str]) -> Iterator[tuple[bytes, str | None]]:
    r"""Each line as bytes, with its text when the stream gave text (else None: decode it).

    The process' standard input is read as bytes (its text layer splits lines at ``\n``
    only and decodes UTF-8, which `_text` does per line); any other stream line by line.
    """
    buffer = getattr(stream, "buffer", None)
    if (
        stream in {sys.stdin, sys.__stdin__}
        and buffer is not None
        and codecs.lookup(getattr(stream, "encoding", "") or "ascii").name == "utf-8"
    ):
        for raw in buffer:
            yield raw, None
        return
    for text in stream:
        yield text.encode("utf-8", "surrogatepass"), text


def _text(stream: t.IO[str], raw: bytes | None) -> str:
    """A line read as bytes from `stream`, decoded as its text layer decodes it."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return t.cast("bytes", raw).decode(encoding, getattr(stream, "errors", None) or "strict")


class RawRouter:
    """Which RECORD lines go raw (`target_rawcopy`), and the SDK's per-record steps for them.

    A line goes raw when msgspec reads its envelope (``type``, ``stream``, the ``record``
    kept as raw JSON: the whole line's syntax is checked), it is a RECORD of a stream whose
    sink takes raw lines (`FastPostgresSink.raw_on`), its record is a JSON object and its
    bytes are UTF-8. For it, what ``Target._process_record_message`` does besides building
    the record: the sink's public tally and record counter, the drain of a full sink, and
    the drain of every sink when the oldest record is older than the SDK's five minutes.
    """

    def __init__(self, target: t.Any, reads: Reads) -> None:  # noqa: ANN401
        """Route lines for `target` (a `fast` target); `reads`: its sinks and lines read."""
        import msgspec  # noqa: PLC0415

        envelope = msgspec.defstruct(
            "Envelope",
            [
                ("type", str),
                ("stream", str | None, None),
                ("record", msgspec.Raw, msgspec.Raw()),
                ("version", int | None, None),  # a version that is not an integer: stock
                ("time_extracted", str | None, None),  # a date-time, checked by the sink
            ],
        )
        self.decode = msgspec.json.Decoder(envelope).decode
        self.errors = (msgspec.DecodeError, msgspec.ValidationError)
        self.target = target
        self.reads = reads
        self.sinks: dict[str | None, t.Any] = {}

    def tick(self) -> None:
        """One line read; every `IDLE_LINES`, drain the idle sinks (`Reads.idle`)."""
        reads = self.reads
        reads.lines += 1
        if not reads.lines % IDLE_LINES:
            reads.idle(self.target)

    def forget(self) -> None:
        """Look the sinks up again (after a SCHEMA or ACTIVATE_VERSION message)."""
        self.sinks.clear()

    def _sink(self, stream: str | None) -> t.Any:  # noqa: ANN401
        target = self.target
        sink = None
        if stream is not None and target.sink_exists(stream):
            sink = target.get_sink(stream)
            sink = sink if getattr(sink, "raw_on", False) else None
        self.sinks[stream] = sink
        return sink

    def _taker(self, line: bytes) -> tuple[t.Any, tuple[object, ...]] | None:
        """The sink that keeps `line` raw and the record's key values; None: the stock way."""
        try:
            envelope: t.Any = self.decode(line)
        except self.errors:
            return None
        stream = envelope.stream
        if envelope.type != "RECORD":
            return None
        sink = self.sinks[stream] if stream in self.sinks else self._sink(stream)
        record = memoryview(envelope.record)
        if sink is None or not sink.raw_on or not record or record[0] != 0x7B:  # noqa: PLR2004
            return None  # 0x7B: "{", a JSON object
        try:
            if not line.isascii():
                line.decode("utf-8")
        except UnicodeDecodeError:
            return None
        check = sink.raw_check
        key = check(record, envelope.time_extracted) if check is not None else None
        return None if key is None else (sink, key)

    def take(self, line: bytes) -> bool:
        """Keep `line` raw in its sink if it qualifies; False: read it the stock way."""
        taken = self._taker(line)
        if taken is None:
            return False
        sink, key = taken
        clock = time.time_ns() // 1000
        sink.raw_append(line, clock, key)
        sink.tally_record_read()
        sink.record_counter_metric.increment()
        target = self.target
        if sink.current_size >= sink.max_size:
            target.logger.info(
                "Target sink for '%s' is full. Current size is '%s'. Draining...",
                sink.stream_name,
                sink.current_size,
            )
            target.drain_one(sink)
        if clock - target.last_full_drain_us > MAX_RECORD_AGE_US:
            target.logger.info(
                "One or more records have exceeded the max age of %d minutes. Draining all sinks.",
                MAX_RECORD_AGE_US // 60_000_000,
            )
            target.drain_all()
        return True


class Converters:
    """Per column, the fast conversion of a record value to what psycopg is given.

    Each conversion hands the value to the column's stock bind processor (what the stock sink
    calls) whenever it is not one of the shapes it writes itself.
    """

    def __init__(self, nonfinite: type[NonFinite]) -> None:
        """Encoders for one target run; `nonfinite` switches the jsonb encoder off."""
        import msgspec  # noqa: PLC0415 - installed beside the target (runtime dependency)

        self.encode = msgspec.json.Encoder(decimal_format="number").encode
        self.nonfinite = nonfinite

    def for_columns(self, columns: Sequence[t.Any], dialect: object) -> list[Converter | None]:
        """One converter per SQLAlchemy column (None: the value goes to psycopg as it is)."""
        from sqlalchemy.dialects.postgresql import ARRAY, JSONB  # noqa: PLC0415

        out: list[Converter | None] = []
        for column in columns:
            sql_type = column.type
            stock = sql_type.bind_processor(dialect)
            item_type = getattr(sql_type, "item_type", None)
            if type(sql_type) is JSONB and not sql_type.none_as_null:
                out.append(self.jsonb(stock))
            elif type(sql_type) is not ARRAY or sql_type.dimensions is not None:
                out.append(stock)
            elif type(item_type) is JSONB and not item_type.none_as_null:
                out.append(self.jsonb_array(stock, item_type.bind_processor(dialect)))
            elif (
                item_type is not None
                and item_type.bind_processor(dialect) is None
                and (item_type.python_type is str)
            ):
                out.append(self.text_array(stock))
            else:
                out.append(stock)
        return out

    def jsonb(self, stock: Converter) -> Converter:
        """A jsonb value's JSON text, by msgspec."""
        encode, nonfinite = self.encode, self.nonfinite

        def convert(value: object) -> object:
            if nonfinite.seen or type(value) not in _JSON_TYPES:
                return stock(value)
            try:
                return encode(value).decode()
            except (TypeError, ValueError, OverflowError):  # e.g. a lone surrogate
                return stock(value)

        return convert

    def jsonb_array(self, stock: Converter, stock_item: Converter) -> Converter:
        """A jsonb[] value's array literal: each element's JSON text, quoted."""
        item = self.jsonb(stock_item)
        nonfinite = self.nonfinite

        def convert(value: object) -> object:
            # The stock processor treats a list whose first element is a list as an array
            # of more dimensions.
            if type(value) is not list or nonfinite.seen or _nested(value):
                return stock(value)
            return "{" + ",".join([quote_array_element(item(v)) for v in value]) + "}"

        return convert

    @staticmethod
    def text_array(stock: Converter) -> Converter:
        """A text[] value's array literal: strings quoted, None as NULL."""

        def convert(value: object) -> object:
            if type(value) is not list:
                return stock(value)
            parts = []
            for v in value:
                if type(v) is str:
                    parts.append(quote_array_element(v))
                elif v is None:
                    parts.append("NULL")
                else:  # a number in a text array, a nested list: psycopg's own dumper
                    return stock(value)
            return "{" + ",".join(parts) + "}"

        return convert


def _nested(value: list[t.Any]) -> bool:
    return bool(value) and isinstance(value[0], (list, tuple))


def write_rows(
    write_row: t.Callable[[list[t.Any]], None],
    records: Iterable[dict[str, t.Any]],
    names: Sequence[str],
    converters: Sequence[Converter | None],
) -> None:
    """Each record as a row of `names`: a missing field is None, converted where one is."""
    converting = [(i, f) for i, f in enumerate(converters) if f is not None]
    for record in records:
        row = list(map(record.get, names))
        for i, convert in converting:
            row[i] = convert(row[i])
        write_row(row)


def latest_per_key(
    records: Iterable[dict[str, t.Any]], primary_keys: Sequence[str]
) -> Iterable[dict[str, t.Any]]:
    """The last record of each primary key, in the order of each key's first record.

    The stock sink keys a dictionary by ``tuple(record[key] for key in primary_keys)``; one
    key's value alone, or `itemgetter`'s tuple of several, is equal exactly when that tuple is
    (tuples compare element by element), and the dictionary keeps the same order.
    """
    if len(primary_keys) == 1:
        (key,) = primary_keys
        return {record[key]: record for record in records}.values()
    get = operator.itemgetter(*primary_keys)
    return {get(record): record for record in records}.values()


def arbiter_index(table: t.Any, keys: Sequence[str], connection: t.Any) -> bool:  # noqa: ANN401
    """Whether ON CONFLICT on `keys` merges `table` exactly as the stock INSERT + UPDATE.

    True when a valid, immediate, unique index on exactly the key columns exists (the
    primary key target-postgres creates) and every key column is text or an integer: there
    Python's equality, which de-duplicates the batch, is Postgres' equality, so the batch
    holds each key once (ON CONFLICT fails on a key twice, where the stock UPDATE would pick
    one of them).
    """
    import sqlalchemy  # noqa: PLC0415

    if not keys or not all(
        isinstance(table.columns[key].type, (sqlalchemy.String, sqlalchemy.Integer))
        and not isinstance(table.columns[key].type, sqlalchemy.Enum)
        for key in keys
    ):
        return False
    found = connection.exec_driver_sql(
        "select 1 from pg_index i where i.indrelid = to_regclass(%(name)s) and i.indisunique "
        "and i.indisvalid and i.indimmediate and i.indpred is null and i.indexprs is null "
        "and (select array_agg(a.attname::text order by a.attname) from pg_attribute a "
        "where a.attrelid = i.indrelid and a.attnum = any(i.indkey)) = %(keys)s",
        {"name": _quoted(table), "keys": sorted(keys)},
    ).first()
    return found is not None


def _quoted(table: t.Any) -> str:  # noqa: ANN401
    parts = [table.schema, table.name] if table.schema else [table.name]
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def raw_allowed(config: t.Mapping[str, t.Any]) -> bool:
    """Whether a target with `config` may write records raw (`target_rawcopy`).

    COPY on, validation off, the ``_sdc_`` metadata on, no NUL sanitising (and no stream
    maps or flattening: `STOCK_SETTINGS` turn the whole fast path off).
    """
    return bool(
        config.get("use_copy")
        and not config.get("validate_records", True)
        and config.get("add_record_metadata", False)
        and not config.get("sanitize_null_text_characters")
    )


class RawBatches:
    """What `FastPostgresSink` keeps of a batch: SDK-processed records and raw lines.

    The batch is `entries`, in the order read: dicts (records singer-sdk's per-record
    path made) and `target_rawcopy.RawLine` tuples (lines `RawRouter` kept raw). A batch
    of raw lines only, of a stream `target_rawcopy.plan` takes, is written by
    `target_rawcopy.write_raw`; any other batch by the fast path's COPY, its raw lines
    first made into the SDK's records (`stock_records`).
    """

    #: The reader's JSON decoder (the stock value or error for a line).
    decode: t.ClassVar[t.Callable[[str], dict[str, t.Any]]]
    #: Whether a NaN/Infinity was read (the fast jsonb encoder is then off).
    nonfinite: t.ClassVar[type[NonFinite]]
    #: The reader's lines read and the sinks, for early drains of idle sinks.
    reads: t.ClassVar[Reads]

    if t.TYPE_CHECKING:  # provided by target-postgres' sink
        config: t.Mapping[str, t.Any]
        logger: logging.Logger
        key_properties: Sequence[str]
        append_only: bool
        sync_started_at: int
        schema: dict[str, t.Any]
        stream_name: str
        datetime_error_treatment: t.Any

        def column_representation(self, schema: dict[str, t.Any]) -> list[t.Any]:
            """The schema's columns (SQLAlchemy)."""

        connector: t.Any
        generate_copy_statement: t.Callable[..., str]

    def raw_init(self) -> None:
        """An empty batch; no raw path until `raw_setup`."""
        self.entries: list[dict[str, t.Any] | target_rawcopy.RawLine] = []
        self.batch_started = dt.datetime.now(tz=dt.UTC)
        #: Per writer thread: the batch's context, and its raw lines once copied.
        self.raw_local = threading.local()
        self.raw_kinds: dict[str, str] | None = None
        self.raw_check: target_rawcopy.RecordCheck | None = None
        self.raw_on = False
        self.raw_refusals = 0
        self.raw_warned: set[str] = set()
        #: The key values of the batch's raw lines, and whether none came twice.
        self.raw_keys: set[tuple[object, ...]] = set()
        self.raw_unique = False
        #: For `Reads.idle`: the line count at the last entry, entries received, and the
        #: count of them after which the sink may be drained idle again.
        self.last_read = self.received = self.idle_after = 0
        self.reads.sinks.append(self)

    def raw_setup(self) -> None:
        """Whether, and how, the raw path writes this stream (`target_rawcopy.plan`)."""
        if raw_allowed(self.config) and self.datetime_error_treatment.value == "error":
            self.raw_kinds = target_rawcopy.plan(
                self.column_representation(self.schema), self.schema, self.key_properties
            )
        if self.raw_kinds is not None:
            self.raw_check = target_rawcopy.RecordCheck(
                (self.raw_kinds, self.key_properties), self.schema, self.raw_warned, self.logger
            )
        self.raw_on = self.raw_kinds is not None

    def add_entry(self, entry: dict[str, t.Any] | target_rawcopy.RawLine) -> None:
        """A record or raw line, after those before it; the first one starts the batch."""
        if not self.entries:
            self.batch_started = dt.datetime.now(tz=dt.UTC)
        self.entries.append(entry)
        self.last_read = self.reads.lines
        self.received += 1

    def raw_append(self, line: bytes, clock: int, key: tuple[object, ...]) -> None:
        """A RECORD line kept raw, read at `clock` (microseconds since the epoch).

        `key`: its key values; the batch stays `raw_unique` while no key comes twice.
        """
        if not self.entries:
            self.raw_keys.clear()
            self.raw_unique = True
        self.add_entry((line, clock))
        if self.raw_unique and key:
            keys = self.raw_keys
            size = len(keys)
            keys.add(key)
            self.raw_unique = len(keys) > size

    def write_batch(self, write: t.Callable[[dict], None], context: dict) -> None:
        """`write` (the stock ``process_batch``) of the batch `context`, known to the rest."""
        self.raw_local.context = context
        try:
            write(context)
        finally:
            self.raw_local.context = {}
            self.raw_local.pending = None

    @property
    def batch_context(self) -> dict[str, t.Any]:
        """The context of the batch this thread writes."""
        return t.cast("dict[str, t.Any]", getattr(self.raw_local, "context", {}))

    def drain_entries(self) -> None:
        """Write the batch now, if it holds anything (before an ACTIVATE_VERSION)."""
        if self.entries:
            self.logger.info(
                "An activate version message for '%s' was received. Draining...",
                self.stream_name,
            )
            sink = t.cast("t.Any", self)
            sink.process_batch(sink.start_drain())
            sink.mark_drained()

    def take_entries(self, context: dict) -> dict:
        """`context` with the batch's entries as its records; a new batch begins."""
        context["raw_unique"] = self.raw_unique
        self.raw_keys, self.raw_unique = set(), False
        context["records"], self.entries = self.entries, []
        context.setdefault("batch_start_time", self.batch_started)
        return context

    def raw_lines(
        self,
        table: t.Any,  # noqa: ANN401
        entries: Sequence[dict[str, t.Any] | target_rawcopy.RawLine],
    ) -> Sequence[target_rawcopy.RawLine] | None:
        """The batch's raw lines if `target_rawcopy` may write them into `table`."""
        kinds = self.raw_kinds
        if (
            not kinds
            or not entries
            or any(type(entry) is not tuple for entry in entries)
            or any(
                n not in table.columns or target_rawcopy.kind_of(table.columns[n].type) != k
                for n, k in kinds.items()
            )
        ):
            return None
        return t.cast("Sequence[target_rawcopy.RawLine]", entries)

    def copy_raw(
        self,
        lines: Sequence[target_rawcopy.RawLine],
        connection: t.Any,  # noqa: ANN401
    ) -> tuple[t.Any, str] | None:
        """COPY the lines into a raw table, in a savepoint; None (rolled back) if refused."""
        savepoint = connection.begin_nested()
        try:
            raw_table = target_rawcopy.copy_raw(connection, lines)
        except Exception as exc:  # noqa: BLE001 - any error: the fast path decides
            savepoint.rollback()
            self.raw_refused(len(lines), exc)
            return None
        return savepoint, raw_table

    def insert_raw(
        self,
        into: target_rawcopy.Into,
        pending: tuple[Sequence[target_rawcopy.RawLine], t.Any, str],
        connection: t.Any,  # noqa: ANN401
    ) -> bool:
        """The copied lines into `into` by `target_rawcopy`; False (rolled back) if refused."""
        lines, savepoint, raw_table = pending
        stamps = (self.batch_context.get("batch_start_time", self.batch_started),)
        keys = self.key_properties if self.append_only is False else []
        try:
            target_rawcopy.insert_raw(
                connection,
                raw_table,
                into,
                (t.cast("dict[str, str]", self.raw_kinds), keys),
                (*stamps, self.sync_started_at),
                unique=self.batch_context.get("raw_unique", False),
            )
        except Exception as exc:  # noqa: BLE001 - any error: the fast path decides
            savepoint.rollback()
            self.raw_refused(len(lines), exc)
            return False
        savepoint.commit()
        self.logger.info("Inserted %d raw records into %s", len(lines), into.table)
        return True

    def raw_refused(self, count: int, exc: Exception) -> None:
        """A raw batch refused: counted (twice and the stream stays off the raw path), logged."""
        self.raw_refusals += 1
        self.raw_on = self.raw_refusals < target_rawcopy.MAX_REFUSALS
        self.logger.info(
            "Raw path refused a batch of %d records (%s); writing it the fast path's way%s",
            count,
            str(exc).splitlines()[0][:200],
            "" if self.raw_on else "; raw path off for this stream",
        )

    def raw_merge(
        self,
        tables: tuple[t.Any, t.Any],
        schema: dict[str, t.Any],
        join_keys: Sequence[str],
        connection: t.Any,  # noqa: ANN401
        arbiter: bool,  # noqa: FBT001
    ) -> bool:
        """Write the pending raw lines; True when nothing is left to merge.

        `tables`: the stock temporary table and the stream's. The lines go straight into
        the stream's table where the stock merge would copy them as they are (no key) or
        ON CONFLICT does (`arbiter`); else into the temporary table, before the merge.
        Refused, they are copied into the temporary table the fast path's way.
        """
        from_table, to_table = tables
        pending = getattr(self.raw_local, "pending", None)
        self.raw_local.pending = None
        if pending is None:
            return False
        direct = arbiter or self.append_only is not False
        into = target_rawcopy.Into(
            _quoted(to_table if direct else from_table),
            target_rawcopy.quote(from_table.name),
            upsert=arbiter,
        )
        if self.insert_raw(into, pending, connection):
            return direct
        self.copy_records(from_table, schema, pending[0], join_keys, connection)
        return False

    def bulk_insert_records(
        self,
        table: t.Any,  # noqa: ANN401
        schema: dict[str, t.Any],
        records: Iterable[dict[str, t.Any]],
        primary_keys: Sequence[str],
        connection: t.Any,  # noqa: ANN401
    ) -> int | None:
        """COPY the batch's records, the last one per primary key (as the stock sink).

        Raw lines are copied into a raw table; `upsert`, which knows the table they go to,
        inserts them (or, refused, copies them the fast path's way).
        """
        entries = t.cast("list[dict[str, t.Any] | target_rawcopy.RawLine]", records)
        lines = self.raw_lines(table, entries)
        self.raw_local.pending = None
        if lines is not None:
            copied = self.copy_raw(lines, connection)
            if copied is not None:
                self.raw_local.pending = (lines, *copied)
                return True
        return self.copy_records(table, schema, entries, primary_keys, connection)

    def copy_records(
        self,
        table: t.Any,  # noqa: ANN401
        schema: dict[str, t.Any],
        entries: Sequence[dict[str, t.Any] | target_rawcopy.RawLine],
        primary_keys: Sequence[str],
        connection: t.Any,  # noqa: ANN401
    ) -> int | None:
        """The fast path's COPY; raw lines become the records the SDK would have made."""
        records: Iterable[dict[str, t.Any]] = self.stock_records(entries)
        if not self.config["use_copy"] or self.connector.sanitize_null_text_characters:
            return t.cast("t.Any", super()).bulk_insert_records(
                table=table,
                schema=schema,
                records=records,
                primary_keys=primary_keys,
                connection=connection,
            )
        columns = self.column_representation(schema)
        names = [column.name for column in columns]
        converters = Converters(type(self).nonfinite).for_columns(columns, connection.dialect)
        if self.append_only is False:
            records = latest_per_key(records, primary_keys)
        statement = self.generate_copy_statement(table.name, columns)
        self.logger.info("Inserting with SQL: %s", statement)
        with connection.connection.cursor().copy(statement) as copy:
            write_rows(copy.write_row, records, names, converters)
        return True

    def stock_records(
        self, entries: Iterable[dict[str, t.Any] | target_rawcopy.RawLine]
    ) -> list[dict[str, t.Any]]:
        """The batch as singer-sdk's per-record path would have handed it over."""
        return target_rawcopy.stock_records(
            entries,
            type(self).decode,
            self,
            self.batch_context.get("batch_start_time", self.batch_started),
            self.raw_warned,
        )


def _sink_class(
    sink_base: type,
    nonfinite: type[NonFinite],
    writer: Writer,
    decode: t.Callable[[str], dict[str, t.Any]],
    reads: Reads,
) -> type:
    class FastPostgresSink(RawBatches, sink_base):
        """target-postgres' sink: COPY rows built by `Converters`, batches by `writer`."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.raw_init()

        def setup(self) -> None:
            """Create or alter the table once the batch in flight is written."""
            writer.wait()
            super().setup()
            self.raw_setup()

        def process_record(self, record: dict, context: dict) -> None:  # noqa: ARG002
            """The record the SDK processed, after the entries before it (no context)."""
            self.add_entry(record)

        def start_drain(self) -> dict:
            """The stock batch context, with the batch's entries as its records."""
            return self.take_entries(super().start_drain())

        def process_batch(self, context: dict[str, t.Any]) -> None:
            """The stock batch write (one transaction), in the writer thread."""
            writer.submit(functools.partial(self.write_batch, super().process_batch, context))

        def activate_version(self, new_version: int) -> None:
            """The stock version switch, after every batch before it is written."""
            with writer.synchronous():
                self.drain_entries()  # the stock method drains only what the SDK processed
                super().activate_version(new_version)

        def upsert(
            self,
            from_table: t.Any,  # noqa: ANN401
            to_table: t.Any,  # noqa: ANN401
            schema: dict[str, t.Any],
            join_keys: Sequence[str],
            connection: t.Any,  # noqa: ANN401
        ) -> int | None:
            """One INSERT ... ON CONFLICT where it merges as the stock INSERT + UPDATE does.

            A raw batch goes straight into `to_table` where the stock merge would copy it
            as it is (no key) or ON CONFLICT does (`arbiter_index`); into `from_table`
            otherwise, before the stock merge. Refused, it is copied the fast path's way.
            """
            writer.gate()  # the batch before this one is committed
            arbiter = self.append_only is False and arbiter_index(to_table, join_keys, connection)
            if self.raw_merge((from_table, to_table), schema, join_keys, connection, arbiter):
                return None
            if not arbiter:
                return super().upsert(
                    from_table=from_table,
                    to_table=to_table,
                    schema=schema,
                    join_keys=join_keys,
                    connection=connection,
                )
            import sqlalchemy  # noqa: PLC0415
            from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415

            statement = insert(to_table).from_select(
                names=list(from_table.columns), select=sqlalchemy.select(*from_table.columns)
            )
            # The stock UPDATE sets the schema's columns of every row whose key is in the
            # batch (the rows it has just inserted included): the same rows end the same.
            statement = statement.on_conflict_do_update(
                index_elements=[to_table.columns[key] for key in join_keys],
                set_={
                    to_table.columns[name]: statement.excluded[name]
                    for name in self.schema["properties"]
                },
            )
            self.logger.info("Merging with INSERT ... ON CONFLICT (%s)", ", ".join(join_keys))
            connection.execute(statement)
            return None

    FastPostgresSink.decode = staticmethod(decode)
    FastPostgresSink.nonfinite = nonfinite
    FastPostgresSink.reads = reads
    return FastPostgresSink


def fast(target_class: type[TargetT]) -> type[TargetT]:
    """`target_class` (MeltanoLabs' TargetPostgres) with the fast COPY path, where it applies.

    Args:
        target_class: ``target_postgres.target.TargetPostgres`` or a subclass of it.

    Returns:
        A subclass using the fast path, or `target_class` itself (with a warning) when an
        installed version differs from :data:`PINNED`.
    """
    mismatches = version_mismatches()
    if mismatches:
        logger.warning(
            "target fast path off, stock target-postgres runs: its equality with the stock "
            "loader was checked for other versions than these installed: %s",
            ", ".join(mismatches),
        )
        return target_class

    class Flag(NonFinite):
        seen = False

    writer = Writer()
    reads = Reads()
    reader_class = _reader_class(Flag)
    sink_class = _sink_class(
        target_class.default_sink_class, Flag, writer, reader_class().deserialize_json, reads
    )

    class FastTarget(target_class):  # type: ignore[valid-type,misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            stock = [name for name in STOCK_SETTINGS if self.config.get(name)]
            if stock:
                self.logger.warning(
                    "target fast path off (stock sink and reader): %s set", ", ".join(stock)
                )
                self.default_sink_class = target_class.default_sink_class
                self.message_reader = target_class.message_reader_class()
                # Its class attribute is standard input as it was at import (`prefetch`).
                t.cast("t.Any", self.message_reader).default_input = sys.stdin
            elif raw_allowed(self.config):
                t.cast("t.Any", self.message_reader).router = RawRouter(self, reads)
            self.last_full_drain_us = time.time_ns() // 1000
            QuickExit.allowed = not (self.config.get("ssh_tunnel") or {}).get("enable")

        def drain_all(self, *, is_endofpipe: bool = False) -> None:
            """The stock drain with every batch written before the STATE message it emits."""
            with writer.synchronous():
                super().drain_all(is_endofpipe=is_endofpipe)
            self.last_full_drain_us = time.time_ns() // 1000

    FastTarget.default_sink_class = sink_class
    FastTarget.message_reader_class = reader_class
    FastTarget.__name__ = FastTarget.__qualname__ = f"Fast{target_class.__name__}"
    FastTarget.__module__ = __name__
    return t.cast("type[TargetT]", FastTarget)


class QuickExit:
    """Whether a run that succeeded may end without the interpreter's teardown (`run_cli`).

    Set by a `fast` target once configured, unless its connector registered exit handlers
    (target-postgres' SSH tunnel: its only ``atexit`` use).
    """

    allowed = False


class Prefetch(io.RawIOBase):
    """Standard input read ahead by a thread, from before the target's heavy imports.

    A tap and its target start together; the tap usually writes its first records before
    the target has imported target-postgres, SQLAlchemy and psycopg and is configured
    (about half a second of CPU), and then waits on the full pipe (64 kB). Started first
    (`prefetch`), this thread reads the pipe meanwhile, up to `DEPTH` chunks of `CHUNK`
    bytes ahead (then the tap waits on the pipe as before); `sys.stdin` becomes the same
    text layer over it (UTF-8 as the process' own, lines split at newline only), so every
    reader of standard input gets the same bytes in the same order.
    """

    CHUNK = 1 << 20
    DEPTH = 32

    def __init__(self, fd: int) -> None:
        """Read `fd` in a daemon thread (it ends at the end of the input or an error)."""
        super().__init__()
        self.chunks: queue.Queue[bytes | OSError] = queue.Queue(self.DEPTH)
        self.rest = memoryview(b"")
        self.ended = False
        threading.Thread(
            target=self.pump, args=(fd,), name="target-fastpath-stdin", daemon=True
        ).start()

    def pump(self, fd: int) -> None:
        """Chunks of `fd` into the queue; b"" at its end, the error if reading fails."""
        try:
            while chunk := os.read(fd, self.CHUNK):
                self.chunks.put(chunk)
        except OSError as exc:
            self.chunks.put(exc)
            return
        self.chunks.put(b"")

    def readable(self) -> bool:
        """A readable stream."""
        return True

    def readinto(self, buffer: t.Any) -> int:  # noqa: ANN401 - a writable buffer
        """What the thread read next, as much as fits; 0 at the end of the input."""
        if not self.rest:
            if self.ended:
                return 0
            chunk = self.chunks.get()
            if isinstance(chunk, OSError):
                raise chunk
            if not chunk:
                self.ended = True
                return 0
            self.rest = memoryview(chunk)
        size = min(len(buffer), len(self.rest))
        buffer[:size] = self.rest[:size]
        self.rest = self.rest[size:]
        return size


def prefetch() -> bool:
    """Read standard input ahead from now on (`Prefetch`), where the fast path will run.

    Not when an installed version differs from :data:`PINNED` (the stock target then reads
    standard input itself) or standard input is a terminal. True when started.
    """
    stdin = sys.__stdin__
    if stdin is None or sys.stdin is not stdin or stdin.isatty() or version_mismatches():
        return False
    raw = Prefetch(stdin.fileno())
    sys.stdin = io.TextIOWrapper(
        io.BufferedReader(raw, Prefetch.CHUNK),
        encoding=stdin.encoding,
        errors=stdin.errors,
        newline="\n",  # as CPython's own standard input on POSIX
    )
    return True


def run_cli(target_class: type[Target]) -> None:
    """``target_class.cli()`` as a console script; a successful fast run ends at once.

    Once the target has written its last batch and STATE message, the interpreter's
    teardown (freeing every object of the run, module by module) took about a second on
    PagerDuty's bench output, during which a pipeline waits for the process to end. After a
    run that exits with status 0 (and `QuickExit.allowed`), the logs and standard streams
    are flushed and the process ends with ``os._exit(0)``: every batch is committed by then
    (``drain_all`` writes synchronously) and the writer threads are idle; the Postgres
    sessions end as the process does. A failing run exits the usual way.
    """
    try:
        target_class.cli()
    except SystemExit as exc:
        if exc.code not in {0, None} or not QuickExit.allowed:
            raise
    if not QuickExit.allowed:
        return
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to add
            stream.flush()
    os._exit(0)


def target_postgres() -> None:
    """Console script ``target-postgres-fast``: MeltanoLabs target-postgres, fast path on.

    For benchmarks and the equality test; the project's loader runs it guarded
    (``target-postgres-guarded``).
    """
    prefetch()
    from target_postgres.target import TargetPostgres  # noqa: PLC0415 - only in its venv

    run_cli(fast(TargetPostgres))


if __name__ == "__main__":  # python -m reliability_tap_runtime.target_fastpath
    target_postgres()
