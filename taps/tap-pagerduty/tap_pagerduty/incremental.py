"""Incremental streams read in creation-time windows, with honest bookmarks.

PagerDuty filters incidents and log entries on *creation* time only. A bookmark on
`created_at` alone would therefore never see an incident acknowledged or resolved
after the sync that first read it. Streams whose records change after creation keep,
besides the SDK bookmark, the creation time of the oldest record still open at the end
of the last complete sync (`open_since`), and start the next sync from there: every
incident that could have changed is read again until it resolves. State stays one
timestamp per stream, whatever the number of open incidents.

Every windowed stream of one sync (incidents, log entries, incident analytics, on-calls)
reads up to one end, :class:`SyncCut`, taken once when the first of them starts: a log
entry is read only if the incident it belongs to was (it is created after it), and the
analytics rows are those of the incidents read (the SDK syncs streams by name, analytics
first: with an end each, an incident created meanwhile had no analytics row until the next
sync).
"""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime, timedelta

from reliability_tap_runtime.repeats import RecentKeys
from reliability_tap_runtime.sdk_seam import ManualBookmarks, checkpoint
from typing_extensions import override

from tap_pagerduty.client import OFFSET_CAP, PagerDutyStream
from tap_pagerduty.windows import Window, WindowedFetcher, split_range

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

# The API refuses ranges longer than six months; stay clear of month-length arithmetic.
MAX_WINDOW = timedelta(days=179)
OPEN_SINCE = "open_since"
# On-call windows are held whole to be sorted: this bounds that stream's memory (see
# `oncalls.py`); the created-time streams stream their windows instead.
WINDOW_RECORDS = 5_000


def iso(value: datetime) -> str:
    """UTC ISO-8601 with a `Z`, as PagerDuty writes it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class CreatedWindowStream(ManualBookmarks, PagerDutyStream):
    """A stream read in `since`/`until` windows over `created_at`, in ascending order.

    Records are emitted as their pages arrive, in no particular order within a window;
    the bookmark is set when a window is complete (`ManualBookmarks`), to the newest
    `created_at` it held, and checkpointed: a window is the resume unit, and an
    interrupted run reads the window it was in again (its records already written are
    written again, none is lost).
    """

    replication_key = "created_at"
    # Windows are emitted in creation order and the bookmark moves only when one is
    # complete, so it is resumable. Re-reading open records moves it backwards on
    # purpose: not an error.
    is_sorted = True
    check_sorted = False
    #: Streams whose records change after creation re-read those still open.
    tracks_open: t.ClassVar[bool] = False
    state_timestamps = (OPEN_SINCE,)
    #: Longest range one request may cover (the API's limit, with margin).
    max_window: t.ClassVar[timedelta] = MAX_WINDOW
    #: Records one window may hold before it is split: the API's offset cap. Memory does
    #: not depend on it (pages are emitted as they arrive); it bounds what an interrupted
    #: run reads twice.
    window_records: t.ClassVar[int] = OFFSET_CAP

    def is_open(self, record: dict[str, t.Any]) -> bool:  # noqa: ARG002
        """Tell whether a record may still change (re-read next sync)."""
        return False

    def sync_range(self, context: Context | None) -> tuple[datetime, datetime]:
        """The creation-time range to read: bookmark (or open_since) up to the sync's cut."""
        start = self.get_starting_timestamp(context) or self._default_start()
        open_since = self.stream_state.get(OPEN_SINCE)
        if self.tracks_open and open_since:
            start = min(start, datetime.fromisoformat(open_since))
        return start.astimezone(UTC), self.http.cut.end()

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
        oldest_open: datetime | None = None
        newest: tuple[datetime, str] | None = None
        # Offset pages of a list that grows while it is read repeat rows: once per window.
        ids = RecentKeys()
        for _window, rows, complete in self.iter_pages(
            context, split_range(start, end, self.max_window)
        ):
            for record in ids.fresh(rows):
                created = _parse(record["created_at"])
                if newest is None or created > newest[0]:
                    newest = (created, record["created_at"])
                if self.tracks_open and self.is_open(record):
                    oldest_open = created if oldest_open is None else min(oldest_open, created)
                yield record
            if not complete:
                continue
            # The SDK resumes this generator only after writing the last record: the
            # window is complete, so its newest record is the bookmark, checkpointed.
            if newest is not None:
                self.stream_state["replication_key"] = self.replication_key
                self.stream_state["replication_key_value"] = newest[1]
            newest = None
            ids = RecentKeys()
            self._checkpoint(previous_open, _iso_or_none(oldest_open))
        if self.tracks_open:
            # Reached only when every window was read: the run's own view replaces the
            # previous one (which a partial run must keep, see _checkpoint).
            if oldest_open is None:
                self.stream_state.pop(OPEN_SINCE, None)
            else:
                self.stream_state[OPEN_SINCE] = oldest_open.isoformat()

    def _checkpoint(self, previous_open: str | None, oldest_open: str | None) -> None:
        if self.tracks_open:
            # Mid-run, open records before the bookmark must stay covered: keep the
            # older of the previous run's open_since and this run's oldest open record.
            candidates = [v for v in (previous_open, oldest_open) if v]
            if candidates:
                self.stream_state[OPEN_SINCE] = min(candidates, key=datetime.fromisoformat)
        # The SDK only checkpoints every STATE_MSG_FREQUENCY records (with the bookmark
        # of the last complete window); windows are the natural resume points.
        checkpoint(self)

    def iter_pages(
        self, context: Context | None, windows: list[Window]
    ) -> Iterable[tuple[Window, list[dict[str, t.Any]], bool]]:
        """`(window, rows, window complete)` page by page, windows in order (offset pages)."""
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
        yield from fetcher.stream(windows)


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso_or_none(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()
