"""The only module that touches singer-sdk internals.

The taps need a few things the SDK's public API does not offer: a checkpoint written in
the middle of a stream, bookmarks kept per sync rather than per record (or, for a sorted
stream, moved per record without the SDK's per-record look-ups), children synced without
the SDK's per-context overhead, streams synced in a declared order, and record messages
without per-field walks that do nothing. Each is done here, against the SDK
members this module names, so that:

- everywhere else, private access to SDK members is a lint error
  (`scripts/check_sdk_seam.py`, run by `./scripts/check`);
- the range of singer-sdk these members are known for is pinned in this package
  (`>=0.54.9,<0.55`), and `scripts/sdk-upgrade-check` runs the resume, interrupt and
  incremental tests against the newest release before the range moves;
- :func:`check_sdk` fails at start-up, with a clear message, if an installed singer-sdk
  no longer has them — a flag the SDK stops reading would otherwise mean silently lost
  checkpoints.

SDK members touched: `Stream._generate_record_messages`, `Stream._stream_version`,
`Stream._write_state_message`, `Stream._write_record_message`,
`Stream._increment_stream_state`, `Stream._write_schema_message`, `Stream._sync_children`,
`Stream._tap`, `StreamStateManager.is_flushed`, `Tap._streams`, `CustomStreamMap.functions`
(extended with the runtime's stream-map functions, see :func:`register_map_functions`), and
`Tap.sync_all` (final in
the SDK: extended to report once the run has completed, see :class:`AfterSync`, and to check
something before any stream syncs, see :class:`BeforeSync`). :class:`InventoryCompletion`
also relies on the order `Stream.sync` and `Tap.sync_all` call public members in: the SCHEMA
message first, and `finalize_state_progress_markers` only after a sync that returned.

Importing this module also trims what importing the SDK loads (:func:`trim_sdk_imports`):
the package's `__init__` is read, not run, until a name it alone defines is asked for, and
the private `singer_sdk.helpers._batch` gets `upath` on first use. The runtime's tests
(`test_sdk_imports.py`) check in fresh interpreters that every name resolves as before.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import os
import sys
import threading
import types
import typing as t
from datetime import UTC, datetime

# --- what importing the SDK loads ------------------------------------------------------
#
# Runs before this module's own SDK imports, hence the imports below this section.

_FULL_PACKAGE_LOCK = threading.Lock()


def trim_sdk_imports() -> None:
    """Import singer-sdk without what a tap never uses (import it first for the effect).

    `singer_sdk/__init__.py` imports the target side too (`target_base` brings joblib,
    psutil and pydoc; the sinks), and `streams.core` imports `helpers._batch`, whose
    `from upath import UPath` loads upath and fsspec with asyncio, used only to write
    BATCH files: together 4-6 MiB of RSS and 0.1-0.15 s of every tap's start
    (bench/README.md, "Start-up: what the taps import"). So:

    - the package module is made from the SDK's own spec without running its
      `__init__`; a name that `__init__` imports from a submodule (`Tap`, `Stream`,
      `RESTStream`, `Target`, ...: read from its source, so a release's changes follow)
      is served from that submodule when first asked, a submodule is imported when
      asked, and anything else (`SQLTap`, `__all__`) runs the real `__init__` in place,
      its deprecation warnings included: every name resolves to the same object as before;
    - `helpers._batch` is imported with `upath` standing in for a function that imports
      the real `UPath` on its first call (its only uses are calls, in the two methods that
      open a BATCH file): the real upath and fsspec load when a BATCH file is written.

    Nothing happens if singer-sdk (or upath) is already imported: pytest's singer-sdk
    plugin, or a process that imported the SDK before the runtime, keeps the SDK as it is.
    """
    if "singer_sdk" not in sys.modules:
        _light_package()
    if "singer_sdk.helpers._batch" not in sys.modules and "upath" not in sys.modules:
        placeholder = types.ModuleType("upath")
        placeholder.UPath = _upath  # type: ignore[attr-defined]
        sys.modules["upath"] = placeholder
        try:
            importlib.import_module("singer_sdk.helpers._batch")
        finally:
            if sys.modules.get("upath") is placeholder:
                del sys.modules["upath"]


def _upath(*args: t.Any, **kwargs: t.Any) -> t.Any:  # noqa: ANN401 - UPath's own signature
    from upath import UPath  # noqa: PLC0415 - the point: loaded on first use

    return UPath(*args, **kwargs)


def _light_package() -> None:
    spec = importlib.util.find_spec("singer_sdk")
    if spec is None or spec.loader is None or spec.origin is None:
        return
    get_code = getattr(spec.loader, "get_code", None)
    get_source = getattr(spec.loader, "get_source", None)
    source = get_source("singer_sdk") if get_source is not None else None
    if get_code is None or source is None:
        return
    package = importlib.util.module_from_spec(spec)
    served = init_imports(source)

    def __getattr__(name: str) -> t.Any:  # noqa: ANN401, N807 - a module's __getattr__
        if name in served:
            module, attr = served[name]
            value = getattr(importlib.import_module(module), attr)
            setattr(package, name, value)
            return value
        if not name.startswith("__"):
            try:
                return importlib.import_module(f"singer_sdk.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"singer_sdk.{name}":
                    raise
        with _FULL_PACKAGE_LOCK:
            if package.__dict__.get("__getattr__") is __getattr__:
                # The real `__init__`, run in the same module object: it defines every
                # name, and its own `__getattr__` (the SQL classes' deprecation path).
                exec(get_code("singer_sdk"), package.__dict__)  # noqa: S102 - the SDK's code
        return getattr(package, name)

    package.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules["singer_sdk"] = package


def init_imports(source: str) -> dict[str, tuple[str, str]]:
    """Name -> (module, attribute) of every `from singer_sdk[.x] import ...` at top level.

    `source` is `singer_sdk/__init__.py`'s; imports under `if TYPE_CHECKING` are not at
    top level and are left out, and so is `from singer_sdk import streams` (a submodule,
    imported when asked).
    """
    served: dict[str, tuple[str, str]] = {}
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.ImportFrom)
            and not node.level
            and (node.module or "").startswith("singer_sdk.")
        ):
            for alias in node.names:
                served[alias.asname or alias.name] = (str(node.module), alias.name)
    return served


trim_sdk_imports()

from singer_sdk import Stream, Tap  # noqa: E402 - after the trim above
from singer_sdk.exceptions import (  # noqa: E402
    AbortedSyncFailedException,
    AbortedSyncPausedException,
)
from singer_sdk.helpers.conform import TypeConformanceLevel  # noqa: E402
from singer_sdk.mapper import CustomStreamMap, SameRecordTransform  # noqa: E402
from singer_sdk.singerlib import RecordMessage  # noqa: E402
from singer_sdk.singerlib.catalog import REPLICATION_INCREMENTAL  # noqa: E402
from typing_extensions import override  # noqa: E402

from reliability_tap_runtime.repeats import LISTINGS_STOPPED_EARLY  # noqa: E402
from reliability_tap_runtime.scrub import scrub_text  # noqa: E402

if t.TYPE_CHECKING:
    from collections.abc import Generator, Iterable

    from singer_sdk.helpers.types import Context, Record

#: The members this module relies on, by class: checked by :func:`check_sdk`.
SDK_MEMBERS: dict[type, tuple[str, ...]] = {
    Stream: (
        "_generate_record_messages",
        "_write_state_message",
        "_write_record_message",
        "_increment_stream_state",
        "_write_schema_message",
        "_sync_children",
    ),
    Tap: ("_streams",),
    CustomStreamMap: ("functions",),
}


def check_sdk(tap: Tap) -> None:
    """Fail if the installed singer-sdk lacks a member this seam relies on.

    Instance attributes (`Tap._streams`) are looked up on `tap`, methods on the classes.

    Raises:
        RuntimeError: Naming the missing members and the tested range.
    """
    missing = [
        f"{cls.__name__}.{name}"
        for cls, names in SDK_MEMBERS.items()
        for name in names
        if not hasattr(tap if cls is Tap else cls, name)
    ]
    # Instance attributes of a stream and its state manager (set in their `__init__`).
    for stream in list(tap.streams.values())[:1]:
        if not hasattr(stream, "_stream_version"):
            missing.append("Stream._stream_version")
        if not hasattr(stream, "_tap"):
            missing.append("Stream._tap")
        if not hasattr(stream.state_manager, "is_flushed"):
            missing.append("StreamStateManager.is_flushed")
    if missing:
        msg = (
            f"This singer-sdk lacks {', '.join(missing)}, which the tap relies on; install "
            "singer-sdk>=0.54.9,<0.55 (the range it is tested with)."
        )
        raise RuntimeError(msg)


class FastRecordMessages(Stream):
    """The SDK's record message, without its per-field walks when they do nothing.

    With every property selected and no stream map, the SDK's deselection is a no-op and
    root-level conformance of decoded JSON only drops undeclared keys and turns
    non-boolean values of boolean-only properties into booleans: done here with set
    operations instead of a Python call per field (most of a fast tap's CPU otherwise).
    Any other configuration takes the SDK's path. Undeclared fields are reported once per
    set of keys and stream, in the SDK's words.
    """

    _record_plan: tuple[frozenset[str], tuple[str, ...]] | t.Literal[False] | None = None
    _warned_unmapped: set[tuple[str, ...]] | None = None

    @override
    def _generate_record_messages(self, record: Record) -> Generator[RecordMessage, None, None]:
        plan = self._record_plan
        if plan is None:
            plan = self._record_plan = self._make_record_plan()
        if plan is False:
            yield from super()._generate_record_messages(record)
            return
        declared, booleans = plan
        if not record.keys() <= declared:
            unmapped = tuple(sorted(record.keys() - declared))
            for key in unmapped:
                del record[key]
            warned = self._warned_unmapped
            if warned is None:
                warned = self._warned_unmapped = set()
            if unmapped not in warned:
                warned.add(unmapped)
                self.logger.warning(
                    "Properties %s were present in the '%s' stream but "
                    "not found in catalog schema. Ignoring.",
                    unmapped,
                    self.name,
                )
        for key in booleans:
            value = record.get(key)
            if value is not None and not isinstance(value, bool):
                record[key] = value != 0
        yield RecordMessage(
            stream=self.stream_maps[0].stream_alias,
            record=record,
            version=self._stream_version,
            time_extracted=datetime.now(UTC),
        )

    def _make_record_plan(self) -> tuple[frozenset[str], tuple[str, ...]] | t.Literal[False]:
        maps = self.stream_maps
        if plain_sdk_paths() or (
            len(maps) != 1
            or type(maps[0]) is not SameRecordTransform
            or maps[0].stream_alias != self.name
            or not all(self.mask.values())
            or self.TYPE_CONFORMANCE_LEVEL != TypeConformanceLevel.ROOT_ONLY
        ):
            return False
        properties = self.effective_schema.get("properties") or {}
        booleans = tuple(k for k, v in properties.items() if _is_boolean_only(v))
        return frozenset(properties), booleans


def plain_sdk_paths() -> bool:
    """Whether `RELIABILITY_TAP_SDK_PATHS=plain` asks for the SDK's own record path.

    A switch for measuring what the seam's shortcuts are worth (`bench/seam.py`).
    """
    return os.environ.get("RELIABILITY_TAP_SDK_PATHS", "").lower() == "plain"


def _is_boolean_only(schema: dict[str, t.Any]) -> bool:
    types = schema.get("type")
    kinds = {types} if isinstance(types, str) else set(types or ())
    return bool(kinds) and kinds - {"null"} == {"boolean"}


def checkpoint(stream: Stream) -> None:
    """Write the whole tap state now: everything emitted so far is covered by it.

    The SDK writes state only every 10,000 records and at the end of a stream; a stream
    that reads for minutes checkpoints with this instead.
    """
    stream.state_manager.is_flushed = False
    stream._write_state_message()  # noqa: SLF001 - the seam


def mark_state_changed(stream: Stream) -> None:
    """Make the next state write go out even if no record was emitted since the last."""
    stream.state_manager.is_flushed = False


class ManualBookmarks(Stream):
    """A stream that keeps its bookmark per sync, not per record.

    The SDK advances the bookmark from every record; a stream read newest first, or in
    windows, sets it itself when a sync (or window) is complete. :meth:`track_record`
    sees every emitted record instead.
    """

    def track_record(self, record: Record, context: Context | None) -> None:
        """See one emitted record (default: nothing)."""

    @override
    def _increment_stream_state(
        self, latest_record: Record, *, context: Context | None = None
    ) -> None:
        self.track_record(latest_record, context)


class SortedBookmarks(Stream):
    """A sorted stream whose bookmark moves with every record, without the SDK's look-ups.

    For a stream with `is_sorted`, no `check_sorted` and no `state_partitioning_keys`,
    the SDK sets `replication_key` and `replication_key_value` (the record's value) from
    every record, finding the partition's state anew each time (a scan of the partitions
    comparing contexts). Here the state is found once per context and the same two keys
    are set, in the same order. Any other stream, and a value that is not a string (the
    SDK converts datetimes and warns about nulls), take the SDK's path.
    """

    _bookmark_state: tuple[Context | None, dict[str, t.Any]] | None = None

    @override
    def _increment_stream_state(
        self, latest_record: Record, *, context: Context | None = None
    ) -> None:
        key = self.replication_key
        value = latest_record.get(key) if key and latest_record else None
        if (
            type(value) is not str
            or self.replication_method != REPLICATION_INCREMENTAL
            or not self.is_sorted
            or self.check_sorted
            or self.state_partitioning_keys is not None
        ):
            super()._increment_stream_state(latest_record, context=context)
            return
        cached = self._bookmark_state
        # The context is held with its state, so identity cannot be reused meanwhile.
        if cached is not None and cached[0] is context:
            state = cached[1]
        else:
            state = self.get_context_state(context)
            self._bookmark_state = (context, state)
        state["replication_key"] = key
        state["replication_key_value"] = value


class ParentWritesState(Stream):
    """A child whose state is written by its parent's checkpoints, not per context."""

    @override
    def _write_state_message(self) -> None:
        return


class SchemaOnce(Stream):
    """A stream synced once per parent record that sends its SCHEMA message only once."""

    _schema_sent = False

    @override
    def _write_schema_message(self) -> None:
        if not self._schema_sent:
            super()._write_schema_message()
            self._schema_sent = True


def write_schema(stream: Stream) -> None:
    """Send `stream`'s SCHEMA message now (once, for a :class:`SchemaOnce` stream)."""
    stream._write_schema_message()  # noqa: SLF001 - the seam


def write_records(stream: Stream, records: Iterable[Record], context: Context | None) -> int:
    """Emit records of `stream` without `Stream.sync` (no per-context log, schema, state).

    Used for children synced per parent record, where the SDK's per-context overhead is
    most of the time. Returns how many were written.
    """
    written = 0
    for row in records:
        record = stream.post_process(row, context)
        if record is None:
            continue
        stream._write_record_message(record)  # noqa: SLF001 - the seam
        stream._increment_stream_state(record, context=context)  # noqa: SLF001 - the seam
        written += 1
    return written


class CustomChildSync(Stream):
    """A parent that decides how each child is synced (:meth:`sync_child`).

    When no child (nor any of its descendants) is selected, no child context is built:
    the SDK would build one per record (and copy it) only to find nothing to sync.
    """

    def sync_child(self, child: Stream, context: Context) -> bool:  # noqa: ARG002
        """Sync `child` for `context` yourself; return False to let the SDK do it."""
        return False

    @override
    def generate_child_contexts(
        self, record: Record, context: Context | None
    ) -> Iterable[Context | None]:
        if any(child.selected or child.has_selected_descendents for child in self.child_streams):
            return super().generate_child_contexts(record, context)
        return ()

    @override
    def _sync_children(self, child_context: Context | None) -> None:
        if child_context is None:
            super()._sync_children(child_context)
            return
        for child in self.child_streams:
            if not (child.selected or child.has_selected_descendents):
                continue
            if self.sync_child(child, child_context):
                continue
            with contextlib.suppress(AbortedSyncFailedException, AbortedSyncPausedException):
                child.sync(context=child_context)


def order_streams(
    tap: Tap, loaded: dict[str, Stream], order: list[type[Stream]]
) -> dict[str, Stream]:
    """`loaded` (the SDK's streams, alphabetical) in `order` (by class), cached on `tap`.

    A stream that reuses another's listing (tests before their results) must run after
    it; `Tap.load_streams` is final, so the SDK's cached mapping is reordered once. Call
    it from an override of `Tap.streams` with `super().streams`.
    """
    rank = {stream_type: i for i, stream_type in enumerate(order)}
    names = sorted(loaded, key=lambda name: rank.get(type(loaded[name]), len(rank)))
    if list(loaded) != names:
        tap._streams = {name: loaded[name] for name in names}  # noqa: SLF001 - the seam
    return tap._streams or loaded  # noqa: SLF001 - the seam


class AfterSync(Tap):
    """A tap that does something once every stream has synced (:meth:`after_sync`)."""

    def after_sync(self) -> None:
        """Called after a completed `sync_all` (not after a failed one)."""

    # `Tap.sync_all` is final in the SDK; the seam extends it, nothing else does.
    @override  # type: ignore[misc]
    def sync_all(self) -> None:
        check_sdk(self)
        super().sync_all()
        self.after_sync()


class InventoryCompletion(Stream):
    """A full-table inventory stream that says when one of its syncs was complete.

    With ``full_inventory = True`` on a root stream, a sync that returns having listed
    everything (no exception, no listing stopped early) calls :meth:`inventory_complete`
    with when it started and how many distinct primary keys it emitted. The SDK calls
    `_write_schema_message` at the start of `Stream.sync` (before any record) and, from
    `Tap.sync_all`, `finalize_state_progress_markers` right after `Stream.sync` returned —
    never after a failed or interrupted sync, which raises instead.
    """

    #: Whether a sync of this stream lists the vendor's whole inventory of its objects.
    full_inventory: t.ClassVar[bool] = False
    _inventory_keys: set[tuple[t.Any, ...]] | None = None
    _inventory_started: datetime | None = None
    _inventory_stops = 0

    def inventory_starting(self) -> None:
        """Called when a watched sync starts, before its first record (default: nothing)."""

    def inventory_complete(self, started: datetime, keys: int) -> None:
        """Called once per complete sync (default: nothing)."""

    def inventory_tracked(self) -> bool:
        """Whether this sync is watched for completeness."""
        return self.parent_stream_type is None and (
            (self.full_inventory and self.selected) or bool(self.inventory_children())
        )

    def inventory_children(self) -> list[InventoryCompletion]:
        """The selected inventory streams below this one (team members, a repo's hooks).

        A child inventory is listed once per parent record during the parent's sync: when
        the parent's sync is complete, so is the child's (a parent that vanished meanwhile
        took its children with it), and it is recorded with the parent's start.
        """
        found: list[InventoryCompletion] = []
        for child in self.child_streams:
            if isinstance(child, InventoryCompletion):
                if child.full_inventory and child.selected:
                    found.append(child)
                found.extend(child.inventory_children())
        return found

    @override
    def _write_schema_message(self) -> None:
        if self.inventory_tracked() and self._inventory_keys is None:
            self._inventory_started = datetime.now(UTC)
            self._inventory_keys = set()
            self._inventory_stops = LISTINGS_STOPPED_EARLY[0]
            for child in self.inventory_children():
                child._inventory_keys = set()  # noqa: SLF001 - same class
            self.inventory_starting()
        super()._write_schema_message()

    @override
    def _generate_record_messages(self, record: Record) -> Generator[RecordMessage, None, None]:
        keys = self._inventory_keys
        if keys is not None:
            keys.add(tuple(record.get(key) for key in self.primary_keys))
        yield from super()._generate_record_messages(record)

    @override
    def finalize_state_progress_markers(self, state: dict | None = None) -> None:
        super().finalize_state_progress_markers(state)
        keys, started = self._inventory_keys, self._inventory_started
        if keys is None or started is None:
            return
        self._inventory_keys = self._inventory_started = None
        children = [(child, child._inventory_keys or set()) for child in self.inventory_children()]  # noqa: SLF001
        for child, _ in children:
            child._inventory_keys = None  # noqa: SLF001 - same class
        if LISTINGS_STOPPED_EARLY[0] != self._inventory_stops:
            self.logger.warning(
                "%s: not recorded as a complete inventory (a listing stopped before the "
                "server said it was over): nothing will be marked deleted from this sync.",
                self.name,
            )
            return
        if self.full_inventory and self.selected:
            self.inventory_complete(started, len(keys))
        for child, child_keys in children:
            child.inventory_complete(started, len(child_keys))

    def tap_stream(self, name: str) -> Stream | None:
        """Another stream of the same tap, by name."""
        return self._tap.streams.get(name)


# --- tap-github-reliability ------------------------------------------------------------


class BeforeSync(AfterSync):
    """A tap that checks something once before any stream syncs (:meth:`before_sync`).

    tap-github-reliability reads each configured organisation first: one that does not
    exist (or that the token cannot see) stops the run before any record, naming the
    setting, so a 404 further down can only be a child that vanished.
    """

    def before_sync(self) -> None:
        """Called at the start of `sync_all`, before any stream; raise to stop the run."""

    # `Tap.sync_all` is final in the SDK; the seam extends it (see `AfterSync`).
    @override  # type: ignore[misc]
    def sync_all(self) -> None:
        self.before_sync()
        super().sync_all()


# --- stream maps ---------------------------------------------------------------------


#: Functions the runtime adds to stream-map expressions, beside the SDK's own (`md5`,
#: `sha256`, `datetime`, `json`, `bool`): the privacy maps' free-text scrubber.
MAP_FUNCTIONS: dict[str, t.Callable[..., t.Any]] = {"scrub_text": scrub_text}


def register_map_functions() -> None:
    """Offer :data:`MAP_FUNCTIONS` to every stream-map expression of this process.

    The SDK builds each map's evaluator from `CustomStreamMap.functions` and has no way to
    add one, so that property is extended (once; calling again does nothing). Only names are
    added: the SDK's functions and its evaluator's safety rules stay as they are. Taps get
    it by importing `reliability_tap_runtime`.
    """
    sdk_functions = t.cast("property", CustomStreamMap.__dict__["functions"]).fget
    if sdk_functions is None or getattr(sdk_functions, "runtime_map_functions", False):
        return

    def functions(self: CustomStreamMap) -> dict[str, t.Callable]:
        return {**sdk_functions(self), **MAP_FUNCTIONS}

    functions.runtime_map_functions = True  # type: ignore[attr-defined]
    setattr(CustomStreamMap, "functions", property(functions))  # noqa: B010 (mypy: a property)
