"""`RuntimeTap`: the tap-level half of the shared runtime."""

from __future__ import annotations

import typing as t

from singer_sdk import Tap
from typing_extensions import override

from reliability_tap_runtime.sdk_seam import AfterSync
from reliability_tap_runtime.writer import BufferedMsgSpecWriter

if t.TYPE_CHECKING:
    from reliability_tap_runtime.http import SharedHTTP


class RuntimeTap(AfterSync, Tap):
    """A tap whose streams share one :class:`SharedHTTP` and end with a skip summary."""

    # msgspec serialises Singer messages several times faster than the json module.
    message_writer_class = BufferedMsgSpecWriter

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
