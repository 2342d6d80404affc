"""Incremental streams read in creation-time windows, with honest bookmarks.

PagerDuty filters incidents and log entries on *creation* time only. A bookmark on
`created_at` alone would therefore never see an incident acknowledged or resolved
after the sync that first read it. Streams whose records change after creation keep,
besides the SDK bookmark, the creation time of the oldest record still open at the end
of the last complete sync (`open_since`), and start the next sync from there: every
incident that could have changed is read again until it resolves. State stays one
timestamp per stream, whatever the number of open incidents.
"""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime, timedelta

from reliability_tap_runtime.sdk_seam import checkpoint
from typing_extensions import override

from tap_pagerduty.client import OFFSET_CAP, PagerDutyStream
from tap_pagerduty.windows import Window, WindowedFetcher, split_range

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

# The API refuses ranges longer than six months; stay clear of month-length arithmetic.
MAX_WINDOW = timedelta(days=179)
OPEN_SINCE = "open_since"
# Windows are held whole to be sorted: this bounds the tap's memory (about 25 MB of
# decoded log entries per window) at the cost of a probe request per split.
WINDOW_RECORDS = 5_000


def iso(value: datetime) -> str:
    """UTC ISO-8601 with a `Z`, as PagerDuty writes it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class CreatedWindowStream(PagerDutyStream):
    """A stream read in `since`/`until` windows over `created_at`, in ascending order."""

    replication_key = "created_at"
    # Windows are emitted in creation order and sorted within, so the bookmark is
    # resumable. Re-reading open records moves it backwards on purpose: not an error.
    is_sorted = True
    check_sorted = False
    #: Streams whose records change after creation re-read those still open.
    tracks_open: t.ClassVar[bool] = False
    state_timestamps = (OPEN_SINCE,)
    #: Longest range one request may cover (the API's limit, with margin).
    max_window: t.ClassVar[timedelta] = MAX_WINDOW
    #: Records one window may hold before it is split (windows are held whole to be
    #: sorted, two at a time: this bounds memory).
    window_records: t.ClassVar[int] = WINDOW_RECORDS

    def is_open(self, record: dict[str, t.Any]) -> bool:  # noqa: ARG002
        """Tell whether a record may still change (re-read next sync)."""
        return False

    def sync_range(self, context: Context | None) -> tuple[datetime, datetime]:
        """The creation-time range to read: bookmark (or open_since) up to now."""
        start = self.get_starting_timestamp(context) or self._default_start()
        open_since = self.stream_state.get(OPEN_SINCE)
        if self.tracks_open and open_since:
            start = min(start, datetime.fromisoformat(open_since))
        end = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
        return start.astimezone(UTC), end

    def _default_start(self) -> datetime:
        return datetime.now(UTC) - timedelta(days=365)

    def window_params(self, window: Window) -> dict[str, t.Any]:
        """Query parameters selecting one window."""
        return {"since": iso(window.since), "until": iso(window.until), "time_zone": "UTC"}

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        start, end = self.sync_range(context)
        self.logger.info("Reading %s created in [%s, %s)", self.name, iso(start), iso(end))
        previous_open = self.stream_state.get(OPEN_SINCE)
        oldest_open: str | None = None
        windows = self.iter_windows(context, split_range(start, end, self.max_window))
        for _window, fetched in windows:
            # Offset pages of a list that grows while it is read repeat rows; the order
            # the server sends is not relied on: each window is sorted here, which is what
            # makes the bookmark resumable (see `is_sorted` above).
            records = list({r["id"]: r for r in reversed(fetched)}.values())
            records.sort(key=lambda r: (r["created_at"], r["id"]))
            for record in records:
                if self.tracks_open and oldest_open is None and self.is_open(record):
                    oldest_open = _normalise(record["created_at"])
                yield record
            # The SDK resumes this generator only after writing the last record: the
            # window is complete, so checkpoint here rather than every 10,000 records.
            self._checkpoint(previous_open, oldest_open)
        if self.tracks_open:
            # Reached only when every window was read: the run's own view replaces the
            # previous one (which a partial run must keep, see _checkpoint).
            if oldest_open is None:
                self.stream_state.pop(OPEN_SINCE, None)
            else:
                self.stream_state[OPEN_SINCE] = oldest_open

    def _checkpoint(self, previous_open: str | None, oldest_open: str | None) -> None:
        if self.tracks_open:
            # Mid-run, open records before the bookmark must stay covered: keep the
            # older of the previous run's open_since and this run's oldest open record.
            candidates = [v for v in (previous_open, oldest_open) if v]
            if candidates:
                self.stream_state[OPEN_SINCE] = min(candidates, key=datetime.fromisoformat)
        # The SDK only checkpoints every STATE_MSG_FREQUENCY records; windows are the
        # natural resume points of these streams.
        checkpoint(self)

    def iter_windows(
        self, context: Context | None, windows: list[Window]
    ) -> Iterable[tuple[Window, list[dict[str, t.Any]]]]:
        """Fetch windows concurrently (offset pagination), in order."""
        base = self.query_params(context)

        def fetch(window: Window, offset: int, with_total: bool) -> dict[str, t.Any]:  # noqa: FBT001
            params = {**base, **self.window_params(window)}
            if with_total:
                params["total"] = "true"
            params.update(limit=self.page_size, offset=offset)
            return t.cast("dict[str, t.Any]", self.get_json(self.path, params))

        fetcher = WindowedFetcher(
            fetch,
            collection=self.collection,
            page_size=self.page_size,
            concurrency=self.http.concurrency,
            cap=OFFSET_CAP,
            max_records=self.window_records,
        )
        yield from fetcher.windows(windows)


def _normalise(value: str) -> str:
    """Any ISO timestamp to UTC ISO-8601 (state values compare as datetimes later)."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()
