"""`RuntimeTap`: the tap-level half of the shared runtime."""

from __future__ import annotations

import typing as t

from singer_sdk import Tap
from singer_sdk.exceptions import ConfigValidationError
from typing_extensions import override

from reliability_tap_runtime.sdk_seam import AfterSync
from reliability_tap_runtime.settings import start_date_error
from reliability_tap_runtime.writer import BufferedMsgSpecWriter

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream

    from reliability_tap_runtime.http import SharedHTTP
    from reliability_tap_runtime.stream import VendorStream


class RuntimeTap(AfterSync, Tap):
    """A tap whose streams share one :class:`SharedHTTP` and end with a skip summary.

    Settings are checked beyond JSON Schema (:meth:`config_errors`, and `start_date`) when
    the tap is created, before any request: one `ConfigValidationError` lists them all.
    """

    # msgspec serialises Singer messages several times faster than the json module.
    message_writer_class = BufferedMsgSpecWriter
    #: The tap's streams, in the order they sync when :meth:`discover_streams` is not
    #: overridden.
    stream_types: t.ClassVar[tuple[type[VendorStream[t.Any]], ...]] = ()

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the tap and reject settings JSON Schema cannot judge."""
        super().__init__(*args, **kwargs)
        errors = self.config_errors()
        start = start_date_error(self.config.get("start_date"))
        if start:
            errors.append(start)
        if errors:
            msg = f"Invalid {self.name} configuration"
            raise ConfigValidationError(msg, errors=errors)

    def config_errors(self) -> list[str]:
        """What is wrong with the settings that JSON Schema cannot express (one line each)."""
        return []

    @override
    def discover_streams(self) -> list[Stream]:
        return [stream_type(self, http=self.http) for stream_type in self.stream_types]

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
        self.http.skips.summary(self.logger)
