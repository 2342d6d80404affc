"""On-call shifts (`GET /oncalls`): who was on call, for which policy and level, from when to when.

`/oncalls` is a time-range API, not a list of objects: it answers the on-calls that overlap
`[since, until)` (at most 90 days per request), each with its real `start` and `end` (not
cut to the range), and has no id. The stream therefore:

- walks `[bookmark, now)` in windows of at most :data:`MAX_WINDOW` (the same concurrent,
  splitting fetch as incidents: `total=true` probe, split above 5,000 entries, offset cap);
- keys each entry by what identifies it, `oncall_key` = escalation policy, level, user,
  schedule and start (`start` alone is not unique: every policy level has its own shifts);
  an entry overlapping two windows, or repeated by a page, is emitted once per sync;
- reads up to *now*, never ahead (the sync's one end, shared with the incidents:
  `SyncCut`): future shifts are a plan that overrides still change (a replaced future
  shift would leave a row no later sync corrects), and a bookmark in the future is refused
  by the runtime's state check;
- bookmarks the latest `start` emitted and, like the incidents' `open_since`, the start of
  the oldest shift still in progress at the end of the sync: the next sync starts there, so
  a shift whose end moves (an override while it runs) is read again until it is over, and
  upserted under the same key.

Permanent on-calls (a user who is an escalation rule's direct target) have no schedule, start
or end; they come with every window and are emitted once per sync. They leave the bookmark
alone (the SDK logs "New replication value is null" for each).
"""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime, timedelta

from reliability_tap_runtime.sdk_seam import checkpoint
from singer_sdk import typing as th
from typing_extensions import override

from tap_pagerduty.client import OFFSET_CAP, PagerDutyStream
from tap_pagerduty.incremental import OPEN_SINCE, WINDOW_RECORDS, iso
from tap_pagerduty.schemas import reference
from tap_pagerduty.windows import Window, WindowedFetcher, split_range

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

#: The longest `since`..`until` range `/oncalls` accepts ("the search range cannot exceed
#: 3 months"; 90 days in the document's current wording), with a day of margin.
MAX_WINDOW = timedelta(days=89)


def _p(name: str, type_: t.Any, description: str, *, required: bool = False) -> th.Property:  # noqa: ANN401
    return th.Property(name, type_, description=description, required=required)


ONCALL = th.PropertiesList(
    _p(
        "oncall_key",
        th.StringType,
        "Key of the on-call, made by the tap (PagerDuty gives on-calls no id): "
        "`<escalation policy id>|<level>|<user id>|<schedule id or empty>|<start or empty>`.",
        required=True,
    ),
    _p(
        "escalation_policy",
        reference("The escalation policy."),
        "The escalation policy the user is on call for (reference).",
    ),
    _p("escalation_level", th.IntegerType, "Escalation level of the on-call (1 = first)."),
    _p(
        "schedule",
        reference("The schedule."),
        "The schedule the on-call comes from (reference, `schedule_reference` or "
        "`schedule_v3_reference`); null when the user is the rule's direct target.",
    ),
    _p("user", reference("The user."), "The user on call (reference)."),
    _p(
        "start",
        th.DateTimeType,
        "Start of the on-call (UTC), not cut to the range asked; null: a permanent on-call.",
    ),
    _p(
        "end",
        th.DateTimeType,
        "End of the on-call (UTC), not cut to the range asked; null: the user does not go "
        "off call (permanent). In the future while the shift is in progress.",
    ),
).to_dict()


def _id(record: dict[str, t.Any], field: str) -> str:
    return str((record.get(field) or {}).get("id") or "")


def oncall_key(record: dict[str, t.Any]) -> str:
    """The tap's key of an on-call entry (see :data:`ONCALL`'s `oncall_key`)."""
    start = _utc(record.get("start"))
    return "|".join(
        (
            _id(record, "escalation_policy"),
            str(record.get("escalation_level") or ""),
            _id(record, "user"),
            _id(record, "schedule"),
            start.isoformat() if start else "",
        )
    )


def _utc(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


class OncallsStream(PagerDutyStream):
    """On-call shifts per escalation policy, level and user (`GET /oncalls`)."""

    name = "oncalls"
    path = "/oncalls"
    collection = "oncalls"
    primary_keys = ("oncall_key",)
    replication_key = "start"
    # Windows are emitted in time order, each sorted by start, and an entry first seen in
    # a window starts in it (it did not overlap the window before): starts only grow.
    # Re-reading the shifts in progress moves the bookmark back on purpose.
    is_sorted = True
    check_sorted = False
    state_timestamps = (OPEN_SINCE,)
    schema = ONCALL

    def sync_range(self, context: Context | None) -> tuple[datetime, datetime]:
        """The range to read: min(bookmark, open_since), else start_date, up to the sync's cut."""
        start = self.get_starting_timestamp(context) or datetime.now(UTC) - timedelta(days=365)
        open_since = self.stream_state.get(OPEN_SINCE)
        if open_since:
            start = min(start, datetime.fromisoformat(open_since))
        # The same end as the incidents: the shift an incident was paged to is read with it.
        return start.astimezone(UTC), self.http.cut.end()

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        start, end = self.sync_range(context)
        self.logger.info("Reading on-calls overlapping [%s, %s)", iso(start), iso(end))
        previous_open = self.stream_state.get(OPEN_SINCE)
        oldest_open: str | None = None
        emitted: set[str] = set()
        for _window, fetched in self.iter_windows(split_range(start, end, MAX_WINDOW)):
            fresh: dict[str, dict[str, t.Any]] = {}
            for record in fetched:
                key = oncall_key(record)
                if key not in emitted and key not in fresh:
                    fresh[key] = {**record, "oncall_key": key}
            emitted.update(fresh)
            # Permanent on-calls first, then by start: the bookmark only grows.
            ordered = sorted(
                fresh.values(),
                key=lambda r: (
                    _utc(r.get("start")) or datetime.min.replace(tzinfo=UTC),
                    r["oncall_key"],
                ),
            )
            for record in ordered:
                began, ends = _utc(record.get("start")), _utc(record.get("end"))
                if oldest_open is None and began is not None and (ends is None or ends > end):
                    oldest_open = began.isoformat()
                yield record
            self._checkpoint(previous_open, oldest_open)
        # Reached only when every window was read: this sync's view replaces the last one.
        if oldest_open is None:
            self.stream_state.pop(OPEN_SINCE, None)
        else:
            self.stream_state[OPEN_SINCE] = oldest_open

    def _checkpoint(self, previous_open: str | None, oldest_open: str | None) -> None:
        # Mid-run, a shift in progress before the bookmark must stay covered: keep the older
        # of the previous sync's open_since and this one's oldest shift in progress.
        candidates = [v for v in (previous_open, oldest_open) if v]
        if candidates:
            self.stream_state[OPEN_SINCE] = min(candidates, key=datetime.fromisoformat)
        checkpoint(self)

    def iter_windows(
        self, windows: list[Window]
    ) -> Iterable[tuple[Window, list[dict[str, t.Any]]]]:
        """Fetch the windows concurrently (offset pagination), in order."""

        def fetch(window: Window, offset: int, with_total: bool) -> dict[str, t.Any]:  # noqa: FBT001
            params: dict[str, t.Any] = {
                "since": iso(window.since),
                "until": iso(window.until),
                "time_zone": "UTC",
                "limit": self.page_size,
                "offset": offset,
            }
            if with_total:
                params["total"] = "true"
            return t.cast("dict[str, t.Any]", self.get_json(self.path, params))

        fetcher = WindowedFetcher(
            fetch,
            collection=self.collection,
            page_size=self.page_size,
            concurrency=self.http.concurrency,
            cap=OFFSET_CAP,
            max_records=WINDOW_RECORDS,
        )
        yield from fetcher.windows(windows)
