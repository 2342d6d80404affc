"""Singer messages serialised with msgspec and written to stdout in chunks."""

from __future__ import annotations

import os
import sys
import typing as t

from singer_sdk.contrib.msgspec import MsgSpecWriter
from singer_sdk.singerlib import Message, RecordMessage
from typing_extensions import override

from reliability_tap_runtime.inventory import INVENTORY_SYNCS


class BufferedMsgSpecWriter(MsgSpecWriter):
    """msgspec serialisation, written in chunks rather than flushed after every message.

    The SDK's writer flushes stdout after each message: one system call per record.
    Here RECORD messages collect in a buffer of about 256 KiB; any other message
    (SCHEMA, STATE, ACTIVATE_VERSION) flushes it, so a STATE never reaches the target
    ahead of the records it covers, and the target sees every checkpoint at once. A
    completed run flushes what is left (`RuntimeTap.after_sync`): the SDK writes a last
    STATE only when the state changed, so records re-read under unchanged bookmarks may
    follow it. Records after the last STATE of a failed run are covered by no bookmark
    and are read again by the next run. A complete inventory's marker
    (`inventory_syncs`) is flushed at once.
    """

    flush_bytes = 256 * 1024

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the writer with an empty buffer."""
        super().__init__(*args, **kwargs)
        self._pending = bytearray()
        if os.environ.get("RELIABILITY_TAP_SDK_PATHS", "").lower() == "plain":
            # The SDK's behaviour, for measuring what the buffer is worth (bench/seam.py).
            self.flush_bytes = 0

    @override
    def write_message(self, message: Message) -> None:
        self._pending += self.format_message(message)
        if (
            len(self._pending) >= self.flush_bytes
            or not isinstance(message, RecordMessage)
            or message.stream == INVENTORY_SYNCS
        ):
            self.flush()

    def flush(self) -> None:
        """Write out what is buffered."""
        if self._pending:
            sys.stdout.buffer.write(self._pending)
            self._pending.clear()
        sys.stdout.flush()
