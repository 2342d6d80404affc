"""`RuntimeTap`: the tap-level half of the shared runtime."""

from __future__ import annotations

import sys
import typing as t

from singer_sdk import Tap
from singer_sdk.exceptions import ConfigValidationError
from typing_extensions import override

from reliability_tap_runtime.arenas import bound_arenas
from reliability_tap_runtime.collector import fewer_collections
from reliability_tap_runtime.errors import ExplainedError
from reliability_tap_runtime.inventory import InventorySyncsStream
from reliability_tap_runtime.sdk_seam import AfterSync
from reliability_tap_runtime.settings import start_date_error
from reliability_tap_runtime.state import shape_problems, state_error, value_problems
from reliability_tap_runtime.writer import BufferedMsgSpecWriter

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream

    from reliability_tap_runtime.http import SharedHTTP
    from reliability_tap_runtime.stream import VendorStream


#: Python's cyclic garbage collector while a tap runs (`collector.fewer_collections`):
#: young collections as often as by default, so short-lived cycles (an exception and its
#: traceback) are freed as before; a full collection at most every 1,000 middle ones
#: (default 10), about every 7 million allocations: a tap's full collections rescanned
#: the windows of records it holds, a fifth of tap-sentry's CPU (bench/README.md).
GC_THRESHOLDS = (700, 10, 1000)


class RuntimeTap(AfterSync, Tap):
    """A tap whose streams share one :class:`SharedHTTP` and end with a skip summary.

    Settings are checked beyond JSON Schema (:meth:`config_errors`, and `start_date`) when
    the tap is created, before any request: one `ConfigValidationError` lists them all. So
    is the incoming state (`reliability_tap_runtime.state`): a malformed one or a bookmark
    that is not a timestamp or lies in the future raises `StateError`. A failure the
    runtime explains (`ExplainedError`: state, credentials, an unreachable host, retries
    given up) ends the run with its one line at error level, no traceback (:meth:`invoke`).
    """

    # msgspec serialises Singer messages several times faster than the json module.
    message_writer_class = BufferedMsgSpecWriter
    #: The tap's streams, in the order they sync when :meth:`discover_streams` is not
    #: overridden.
    stream_types: t.ClassVar[tuple[type[VendorStream[t.Any]], ...]] = ()
    #: At most this many glibc malloc arenas for the run (`arenas.bound_arenas`), for a tap
    #: whose worker threads free large page bodies; None leaves glibc's default.
    malloc_arenas: t.ClassVar[int | None] = None

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the tap; reject a bad state and settings JSON Schema cannot judge.

        Raises:
            StateError: The state is malformed or holds an impossible bookmark.
            ConfigValidationError: The settings are not usable.
        """
        state = kwargs.get("state")
        problems = shape_problems(state)
        if problems:
            # Before the SDK reads it: it would take a string for a file name.
            raise state_error(self.name, problems)
        super().__init__(*args, **kwargs)
        if isinstance(state, dict) and state:
            timestamp_keys = {
                name: tuple(getattr(stream, "state_timestamps", ()))
                for name, stream in self.streams.items()
            }
            problems = value_problems(state, timestamp_keys)
            if problems:
                raise state_error(self.name, problems)
        errors = self.config_errors()
        start = start_date_error(self.config.get("start_date"))
        if start:
            errors.append(start)
        if errors:
            msg = f"Invalid {self.name} configuration"
            raise ConfigValidationError(msg, errors=errors)

    @classmethod
    @override
    def invoke(cls, *args: t.Any, **kwargs: t.Any) -> None:
        if cls.malloc_arenas is not None:
            bound_arenas(cls.malloc_arenas)
        try:
            with fewer_collections(GC_THRESHOLDS):
                super().invoke(*args, **kwargs)
        except ExplainedError as exc:
            cls.logger.debug("Traceback of the error below:", exc_info=True)
            cls.logger.error("%s", exc)  # noqa: TRY400 - the message is the whole story
            sys.exit(1)

    def config_errors(self) -> list[str]:
        """What is wrong with the settings that JSON Schema cannot express (one line each)."""
        return []

    @override
    def discover_streams(self) -> list[Stream]:
        return self.with_inventory_syncs(
            [stream_type(self, http=self.http) for stream_type in self.stream_types]
        )

    def with_inventory_syncs(self, streams: list[Stream]) -> list[Stream]:
        """`streams`, plus the `inventory_syncs` stream if one of them is an inventory.

        A tap that overrides :meth:`discover_streams` without calling it calls this.
        """
        if any(getattr(stream, "full_inventory", False) for stream in streams):
            return [*streams, InventorySyncsStream(self)]
        return streams

    def make_http(self) -> SharedHTTP:
        """Build the run's shared session from the settings (each tap says how)."""
        raise NotImplementedError

    @property
    def http(self) -> SharedHTTP:
        """The run's shared session, budget and bookkeeping (built on first use)."""
        http = self.__dict__.get("_runtime_http")
        if http is None:
            http = self.__dict__["_runtime_http"] = self.make_http()
        return t.cast("SharedHTTP", http)

    @override
    def after_sync(self) -> None:
        # Only a completed run gets here: every record but the vanished children was read.
        # The writer holds records until the next non-record message, and the SDK writes a
        # run's last STATE only when the state changed: a re-read whose bookmarks stay put
        # (a lookback, a full table's unchanged rows) would otherwise end in the buffer.
        flush = getattr(self.message_writer, "flush", None)
        if flush is not None:
            flush()
        self.http.skips.summary(self.logger)
