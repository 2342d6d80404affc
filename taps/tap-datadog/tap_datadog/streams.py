"""Datadog streams: monitors and their transitions, synthetics, SLOs, downtimes, incidents."""

from __future__ import annotations

import hashlib
import json
import re
import typing as t
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus

from reliability_tap_runtime import sdk_seam
from reliability_tap_runtime.settings import start_date
from singer_sdk.streams.rest import PageContext
from typing_extensions import override

from tap_datadog import schemas as s
from tap_datadog.client import (
    CursorPaginator,
    DatadogStream,
    FeatureUnavailableError,
    OffsetPaginator,
    PageNumberPaginator,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context
    from singer_sdk.pagination import BaseAPIPaginator

MONITOR_PAGE_MAX = 1000
SYNTHETICS_PAGE_MAX = 1000
SLO_PAGE_MAX = 1000
INCIDENT_PAGE_MAX = 100
EVENTS_PAGE_MAX = 1000
RESULTS_PER_REQUEST = 150  # the synthetics results endpoint returns at most this many
CHECKPOINT_EVERY = 100  # incident_todos: a STATE message every this many todos
HISTORY_CHUNK = timedelta(days=90)  # longest SLO history range asked in one request
#: How late an event may appear: Datadog accepts an event whose `date_happened` is up to 18
#: hours in the past (EventAttributes.date_happened, v1 and v2 API documents), so an event
#: can become searchable after later ones were read. Each sync re-reads this much before
#: its bookmark (the events are upserted by `id`).
LATE_EVENTS = timedelta(hours=18)
DAY = 86400
INCIDENTS = "Incident Management"
_HANDLE = re.compile(r"(?<![\w@])@([\w.+\-]+(?:@[\w\-]+(?:\.[\w\-]+)+)?)")
# Leading bracketed tags of an alert title: "[P1] [Triggered on {host:web-1}] CPU high".
_TITLE_TAG = re.compile(r"\s*\[([^\]]*)\]")
_PRIORITY = re.compile(r"^P[1-5]$")


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class _Paged(DatadogStream):
    """A listing paged by number or offset (declared), or by cursor (overridden)."""

    page_size_max: t.ClassVar[int] = 100
    #: The endpoint's pagination style.
    paginator_class: t.ClassVar[type[PageNumberPaginator | OffsetPaginator]] = PageNumberPaginator
    #: Its page-number (or offset) and page-size parameters.
    paging: t.ClassVar[tuple[str, str]] = ("page", "page_size")

    @property
    def page_size(self) -> int:
        """Records per request: the `page_size` setting, capped at the endpoint's maximum."""
        return min(int(self.config["page_size"]), self.page_size_max)

    @override
    def get_new_paginator(self) -> BaseAPIPaginator[t.Any]:
        return self.paginator_class(self.page_size, self.collection, self.name)

    @override
    def page_params(self, token: t.Any) -> dict[str, t.Any]:
        number, size = self.paging
        return {number: token or 0, size: self.page_size}


class ListedStream(_Paged):
    """A listing another stream reads per object (tests, SLOs, incidents).

    While it syncs it keeps a brief of each row; once complete, the per-object stream
    reuses that list (`listing`) instead of listing again. When it did not run in this
    sync, `listing` reads the listing itself, with this stream's paginator and errors.
    """

    def brief(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """What the per-object stream needs of one listed row (as served)."""
        raise NotImplementedError

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        seen: list[dict[str, t.Any]] = []
        for row in super().get_records(context):
            seen.append(self.brief(row))
            yield row
        # Complete list (not when the product turned out to be missing): reused.
        if not (self.optional_product and self.optional_product in self.http.unavailable):
            self.http.prefetched[(self.name,)] = seen

    def listing(self) -> list[dict[str, t.Any]]:
        """The brief of every listed row (this run's listing, else listed now)."""
        shared = self.http.prefetched.get((self.name,))
        if shared is not None:
            return t.cast("list[dict[str, t.Any]]", shared)
        key = (self.primary_keys or ("id",))[0]
        out: dict[t.Any, dict[str, t.Any]] = {}
        paginator = self.get_new_paginator()
        while not paginator.finished:
            page = PageContext(stream_context=None, next_page_token=paginator.current_value)
            response = self.send(self.get_http_request(page=page))
            for row in self.parse_response(response):
                # A row served again on a later page is listed once, where first seen.
                out.setdefault(row[key], self.brief(row))
            paginator.advance(response)
        return list(out.values())


class PerObjectStream(DatadogStream):
    """A stream read per object of a `ListedStream`'s listing, on a thread pool.

    A 404/410 for one object's child means it was deleted since it was listed: that
    object is skipped with one warning (`read_children`) and the run goes on.
    """

    vanished_statuses = frozenset({HTTPStatus.NOT_FOUND, HTTPStatus.GONE})
    #: The stream whose listing gives the objects.
    lister_type: t.ClassVar[type[ListedStream]]
    #: That stream in this tap (set by `TapDatadog.discover_streams`).
    lister: ListedStream


# --- monitors ---------------------------------------------------------------------------


class MonitorsStream(_Paged):
    """Monitors (`GET /api/v1/monitor`, `page`/`page_size`)."""

    name = "monitors"
    path = "/api/v1/monitor"
    primary_keys = ("id",)
    permission = "monitors_read"
    page_size_max = MONITOR_PAGE_MAX
    # `page`/`page_size` (the default): without `page` the API returns every monitor in
    # one response.
    schema = s.MONITOR.to_dict()
    # Each complete sync is recorded (`inventory_syncs`): a monitor missing from it was
    # deleted in Datadog (docs/retention.md).
    full_inventory = True
    inventory_filters = ("monitor_tags",)

    @override
    def query_params(self, context: Context | None) -> dict[str, t.Any]:
        tags = self.config.get("monitor_tags")
        return {"monitor_tags": ",".join(tags)} if tags else {}

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        handles = _HANDLE.findall(row.get("message") or "")
        row["notification_targets"] = list(dict.fromkeys(h.rstrip(".") for h in handles))
        return row


class MonitorEventsStream(_Paged):
    """Monitor alert and recovery transitions (`GET /api/v2/events`, `source:alert`)."""

    name = "monitor_events"
    path = "/api/v2/events"
    collection = "data"
    primary_keys = ("id",)
    replication_key = "timestamp"
    # The tap asks for ascending timestamps (`sort=timestamp`), but the events API gives
    # no order the tap can rely on across pages: an event may come after a later one, or
    # again on the next page. So the bookmark is the greatest timestamp of a complete
    # sync (the SDK keeps the maximum); an interrupted sync keeps the previous bookmark
    # and the next run reads from there again (events are immutable). An event may also
    # be searchable only after later ones were read (`LATE_EVENTS`): each sync starts
    # that long before the bookmark, so a late event is read by the next sync.
    is_sorted = False
    permission = "events_read"
    page_size_max = EVENTS_PAGE_MAX
    schema = s.MONITOR_EVENT.to_dict()

    @override
    def get_new_paginator(self) -> CursorPaginator:
        return CursorPaginator(self.name)

    @override
    def query_params(self, context: Context | None) -> dict[str, t.Any]:
        bookmark = self.get_starting_timestamp(context)
        if bookmark is None:
            start = _default_start(self.config)
        else:
            start = bookmark - LATE_EVENTS
            floor = start_date(self.config)
            if floor is not None and floor > start:  # never before `start_date`
                start = floor
        terms = ["source:alert", *(self.config.get("monitor_tags") or [])]
        return {
            "filter[query]": " ".join(terms),
            "filter[from]": _iso(start),
            "filter[to]": "now",
            "sort": "timestamp",
            "page[limit]": self.page_size,
        }

    @override
    def page_params(self, token: t.Any) -> dict[str, t.Any]:
        return {"page[cursor]": token} if token else {}

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        attrs = row.pop("attributes", None) or {}
        inner = attrs.get("attributes") or {}
        title = inner.get("title") or ""
        transition = _transition(title)
        return {
            "id": row["id"],
            "type": row.get("type"),
            "timestamp": attrs.get("timestamp"),
            "message": attrs.get("message"),
            "tags": attrs.get("tags"),
            "monitor_id": inner.get("monitor_id"),
            "status": inner.get("status"),
            "transition": transition,
            "title": title or None,
            "attributes": inner,
        }


class DowntimesStream(DatadogStream):
    """Downtimes (`GET /api/v1/downtime`: one response, no pagination)."""

    name = "downtimes"
    path = "/api/v1/downtime"
    primary_keys = ("id",)
    permission = "monitors_read"
    schema = s.DOWNTIME.to_dict()

    @override
    def query_params(self, context: Context | None) -> dict[str, t.Any]:
        # Without it the list leaves out who created each downtime.
        return {"with_creator": "true"}


# --- synthetics -------------------------------------------------------------------------


class SyntheticsTestsStream(ListedStream):
    """Synthetic tests, API and browser (`page_number`/`page_size`)."""

    name = "synthetics_tests"
    path = "/api/v1/synthetics/tests"
    collection = "tests"
    primary_keys = ("public_id",)
    permission = "synthetics_read"
    page_size_max = SYNTHETICS_PAGE_MAX
    paging = ("page_number", "page_size")
    schema = s.SYNTHETICS_TEST.to_dict()
    # Each complete sync is recorded (`inventory_syncs`): see MonitorsStream.
    full_inventory = True

    @override
    def brief(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        return {"public_id": row["public_id"], "type": row.get("type")}


class SyntheticsResultsStream(PerObjectStream):
    """Recent results of every synthetic test, read per test on a thread pool.

    The endpoint returns the newest 150 results in `[from_ts, to_ts]`; older ones are
    reached by moving `to_ts` back to the oldest result seen. The bookmark is the newest
    `checked_at` of the last complete sync (results are immutable and appear in time
    order); an interrupted sync keeps the previous bookmark, so nothing is skipped.
    """

    name = "synthetics_results"
    path = "/api/v1/synthetics/tests/{public_id}/results"
    primary_keys = ("result_id",)
    replication_key = "checked_at"
    is_sorted = False
    permission = "synthetics_read"
    schema = s.SYNTHETICS_RESULT.to_dict()
    lister_type = SyntheticsTestsStream
    parent_noun = "test"
    parent_key = "public_id"
    vanished_keeps = "the synthetics_tests record is kept"

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        start = self.get_starting_timestamp(context) or _default_start(self.config)
        lo = int(start.timestamp() * 1000)
        hi = int(_utc_now().timestamp() * 1000)

        def read(test: dict[str, t.Any]) -> list[dict[str, t.Any]]:
            return self._read_test(test, lo, hi)

        for _test, results in self.read_children(read, self.lister.listing()):
            yield from results

    def _read_test(self, test: dict[str, t.Any], lo: int, hi: int) -> list[dict[str, t.Any]]:
        browser = test.get("type") == "browser"
        path = (
            f"/api/v1/synthetics/tests/browser/{test['public_id']}/results"
            if browser
            else f"/api/v1/synthetics/tests/{test['public_id']}/results"
        )
        seen: dict[str, dict[str, t.Any]] = {}
        upper = hi
        while True:
            body = self.get_json(path, {"from_ts": lo, "to_ts": upper})
            page = body.get("results") or []
            new = [r for r in page if r.get("result_id") not in seen]
            for r in new:
                seen[r["result_id"]] = r
            if len(page) < RESULTS_PER_REQUEST or not new:
                break
            upper = int(min(r["check_time"] for r in page))
        out = []
        for r in sorted(seen.values(), key=lambda r: (r["check_time"], r["result_id"])):
            result = r.get("result") or {}
            passed = result.get("passed")
            if passed is None and browser:
                passed = not result.get("errorCount")
            checked = datetime.fromtimestamp(r["check_time"] / 1000, UTC)
            out.append(
                {
                    **r,
                    "public_id": test["public_id"],
                    "test_type": test.get("type"),
                    "checked_at": checked.isoformat(timespec="milliseconds"),
                    "passed": passed,
                }
            )
        return out


# --- SLOs -------------------------------------------------------------------------------


class _SloListing(ListedStream):
    """A listing of the SLO API: `data` pages by `offset`/`limit`, `slos_read`."""

    collection = "data"
    primary_keys = ("id",)
    permission = "slos_read"
    page_size_max = SLO_PAGE_MAX
    paginator_class = OffsetPaginator
    paging = ("offset", "limit")


class SlosStream(_SloListing):
    """Service level objectives (`GET /api/v1/slo`, `offset`/`limit`)."""

    name = "slos"
    path = "/api/v1/slo"
    schema = s.SLO.to_dict()

    @override
    def query_params(self, context: Context | None) -> dict[str, t.Any]:
        tags = self.config.get("slo_tags")
        return {"tags_query": ",".join(tags)} if tags else {}

    @override
    def brief(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """The SLO's id, type, creation, primary timeframe and its target."""
        return _slo_brief(row)


def _slo_brief(slo: dict[str, t.Any]) -> dict[str, t.Any]:
    thresholds = slo.get("thresholds") or []
    timeframe = slo.get("timeframe") or (thresholds[0]["timeframe"] if thresholds else None)
    target = slo.get("target_threshold")
    if target is None:
        target = next(
            (x.get("target") for x in thresholds if x.get("timeframe") == timeframe), None
        )
    return {
        "id": slo["id"],
        "type": slo.get("type"),
        "created_at": slo.get("created_at"),
        "target": target,
        "timeframe": timeframe,
    }


class SloCorrectionsStream(_SloListing):
    """SLO status corrections (`GET /api/v1/slo/correction`, `offset`/`limit`).

    A full listing every sync: the endpoint filters on nothing (no time, no SLO). Its
    brief tells `slo_history` which SLO days a correction changed (`correction_changes`).
    """

    name = "slo_corrections"
    path = "/api/v1/slo/correction"
    schema = s.SLO_CORRECTION.to_dict()

    @override
    def brief(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """What decides which history days the correction touches."""
        attrs = row.get("attributes") or {}
        return {"id": row["id"], **{k: attrs.get(k) for k in _CORRECTION_SPAN}}

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        for raw in super().get_records(context):
            # JSON:API resource -> one flat row: id, type and the attributes, less who made
            # and edited it (personal data no model needs; README, "not emitted").
            attrs = {k: v for k, v in (raw.get("attributes") or {}).items() if k not in _PEOPLE}
            yield {"id": raw["id"], "type": raw.get("type"), **attrs}


#: A correction's people: its `creator` (and `modifier`), not emitted.
_PEOPLE = frozenset({"creator", "modifier"})
#: The attributes of a correction that decide which SLO days it excludes.
_CORRECTION_SPAN = ("slo_id", "slo_query", "start", "end", "rrule", "duration")
#: `slo_history` state key of the corrections its rows include (`correction_changes`).
CORRECTIONS_KEY = "corrections"
#: Key of a correction made by query (`slo_query`): it may apply to any SLO.
ANY_SLO = "*"
_UNTIL = re.compile(r"(?:^|;)UNTIL=(\d{8})", re.IGNORECASE)


def _correction_entry(correction: dict[str, t.Any]) -> list[t.Any] | None:
    """`[slo, first day, last day or None, fingerprint]` of a listed correction.

    The fingerprint hashes what decides the excluded time, so an edit is seen even when
    `modified_at` is null (Datadog's recorded lists send null `created_at`/`modified_at`).
    `None` when the correction has no start.
    """
    start = correction.get("start")
    if start is None:
        return None
    slo = correction.get("slo_id") or ANY_SLO
    first = datetime.fromtimestamp(int(start), UTC).date()
    last: date | None = None
    rrule, end = correction.get("rrule"), correction.get("end")
    if rrule:
        until = _UNTIL.search(str(rrule))
        if until:
            # The last occurrence starts by UNTIL (in the correction's time zone) and may
            # run past midnight: a day of margin.
            last = datetime.strptime(until.group(1), "%Y%m%d").replace(tzinfo=UTC).date()
            last += timedelta(days=1)
    elif end is not None:
        last = datetime.fromtimestamp(max(int(end) - 1, int(start)), UTC).date()
    span = json.dumps([correction.get(k) for k in _CORRECTION_SPAN], sort_keys=True)
    fingerprint = hashlib.blake2b(span.encode(), digest_size=6).hexdigest()
    return [slo, first.isoformat(), last.isoformat() if last else None, fingerprint]


#: Days of an SLO's history to read: `(first, last)`, `last` None for "up to now".
Span = tuple[date, date | None]


def correction_changes(
    listed: list[dict[str, t.Any]], known: dict[str, list[t.Any]] | None, window_start: date
) -> tuple[dict[str, list[Span]], dict[str, list[t.Any]]]:
    """Which days of which SLOs' history a correction changed since `known`.

    Args:
        listed: The corrections listed now (`SloCorrectionsStream.brief`).
        known: The entries (`_correction_entry`) of the corrections the warehouse's history
            already includes, from the last complete `slo_history` sync; `None` when that
            sync kept none (the first sync with corrections): every listed one counts as new.
        window_start: The oldest day the history reads; corrections ending before it are
            neither kept nor acted on.

    Returns:
        Per SLO id (or `ANY_SLO`) the day spans that a new, edited or deleted correction
        touches (an edited one: before and after); and the entries to keep for the next
        sync.
    """
    known = known or {}
    floor = window_start.isoformat()
    now: dict[str, list[t.Any]] = {}
    for correction in listed:
        entry = _correction_entry(correction)
        if entry is not None and (entry[2] is None or entry[2] >= floor):
            now[str(correction["id"])] = entry
    changed: dict[str, list[Span]] = {}

    def touch(entry: list[t.Any]) -> None:
        last = date.fromisoformat(entry[2]) if entry[2] else None
        changed.setdefault(entry[0], []).append((date.fromisoformat(entry[1]), last))

    for cid, entry in now.items():
        if known.get(cid) != entry:
            touch(entry)
            if cid in known:  # edited: the days it excluded before count again
                touch(known[cid])
    for cid, entry in known.items():
        if cid not in now and (entry[2] is None or entry[2] >= floor):
            touch(entry)  # deleted (or moved out of the window): its days count again
    return changed, now


def _merge_spans(spans: list[Span], floor: date) -> list[Span]:
    """Spans clipped to start at `floor` or later, sorted, overlapping or adjacent merged."""
    out: list[Span] = []
    clipped = [(max(a, floor), b) for a, b in spans if b is None or b >= floor]
    for first, last in sorted(clipped, key=lambda span: span[0]):
        if out:
            prev_first, prev_last = out[-1]
            if prev_last is None or first <= prev_last + timedelta(days=1):
                end = None if prev_last is None or last is None else max(prev_last, last)
                out[-1] = (prev_first, end)
                continue
        out.append((first, last))
    return out


class SloHistoryStream(PerObjectStream):
    """One row per SLO per UTC day: SLI, good/total, and the day's error budget.

    Every SLO is read (not a configured few), over `slo_history_days` on the first sync,
    then from `slo_history_lookback_days` before the bookmarked day (late data; the last,
    partial day is read again) — except SLOs created since, which get the full window, and
    SLOs whose status corrections changed since the last complete sync (new, edited or
    deleted: Datadog applies them to past days), which are read again from the first day
    a changed correction touches. The corrections the rows include are kept in this
    stream's own state (`corrections`), written with its bookmark at the end of a complete
    sync: an interrupted sync keeps both, and the next one acts on the same corrections.
    Histories are fetched on a thread pool and emitted SLO by SLO, days ascending.
    """

    name = "slo_history"
    path = "/api/v1/slo/{slo_id}/history"
    primary_keys = ("slo_id", "date")
    replication_key = "date"
    is_sorted = False
    permission = "slos_read"
    schema = s.SLO_HISTORY.to_dict()
    lister_type = SlosStream
    parent_noun = "SLO"
    vanished_keeps = "the slos record is kept"
    #: The corrections listing (set by `TapDatadog.discover_streams`).
    corrections: SloCorrectionsStream

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        now = _utc_now()
        today = now.date()
        window_start = today - timedelta(days=int(self.config["slo_history_days"]))
        configured = start_date(self.config)
        if configured:
            window_start = max(window_start, configured.date())
        bookmark = self.get_starting_replication_key_value(context)
        resume = date.fromisoformat(str(bookmark)[:10]) if bookmark else None
        lookback = timedelta(days=int(self.config.get("slo_history_lookback_days", 2)))
        state = self.get_context_state(context)
        # Listed before any history is read: a correction made while this sync runs is
        # not in `kept`, so the next sync acts on it.
        changed, kept = correction_changes(
            self.corrections.listing(), state.get(CORRECTIONS_KEY), window_start
        )
        if resume is not None and changed:
            self.logger.info(
                "slo_history: status corrections changed since the last sync; re-reading "
                "the days they touch of %s.",
                ", ".join(
                    f"{slo} ({', '.join(f'{a}..{b or today}' for a, b in spans)})"
                    for slo, spans in sorted(changed.items())
                ),
            )

        def read(slo: dict[str, t.Any]) -> list[dict[str, t.Any]]:
            spans: list[Span] = [(window_start, None)]
            created = slo.get("created_at")
            if resume is not None and (created is None or created < _day_ts(resume)):
                spans = [(resume - lookback, None)]
                spans += [span for k in (slo["id"], ANY_SLO) for span in changed.get(k, ())]
            return self._read_slo(slo, _merge_spans(spans, window_start), now)

        for _slo, rows in self.read_children(read, self.lister.listing()):
            yield from rows
        # Every row is emitted (the SDK resumes this generator only after the last one):
        # the history now includes these corrections.
        state[CORRECTIONS_KEY] = kept

    def _read_slo(self, slo: dict[str, t.Any], spans: list[Span], now: datetime) -> list[dict]:
        good: dict[date, float] = {}
        total: dict[date, float] = {}
        kind = slo.get("type")
        end = int(now.timestamp())
        wanted: set[date] = set()
        for first, last in spans:
            lo = _day_ts(first)
            stop = min(end, _day_ts(last) + DAY) if last is not None else end
            day = first
            while _day_ts(day) < stop:
                wanted.add(day)
                day += timedelta(days=1)
            while lo < stop:
                hi = min(lo + int(HISTORY_CHUNK.total_seconds()), stop)
                body = self.get_json(
                    f"/api/v1/slo/{slo['id']}/history", {"from_ts": lo, "to_ts": hi}
                )
                data = body.get("data") or {}
                kind = data.get("type") or kind
                if data.get("series"):
                    _add_series(data["series"], good, total)
                else:
                    history = (data.get("overall") or {}).get("history") or []
                    _add_transitions(history, hi, good, total)
                lo = hi
        rows = []
        target = slo.get("target")
        for day in sorted(total):
            if day not in wanted or not total[day]:
                continue
            sli = 100.0 * good[day] / total[day]
            metric = kind == "metric"
            rows.append(
                {
                    "slo_id": slo["id"],
                    "date": day.isoformat(),
                    "slo_type": kind,
                    "sli_value": sli,
                    "good_events": good[day] if metric else None,
                    "total_events": total[day] if metric else None,
                    "uptime_seconds": None if metric else good[day],
                    "total_seconds": None if metric else total[day],
                    "target": target,
                    "timeframe": slo.get("timeframe"),
                    "error_budget_remaining": (
                        (sli - target) / (100.0 - target) * 100.0
                        if target is not None and target < 100  # noqa: PLR2004
                        else None
                    ),
                }
            )
        return rows


def _day_ts(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _add_series(
    series: dict[str, t.Any], good: dict[date, float], total: dict[date, float]
) -> None:
    """Sum a metric SLO's numerator/denominator points into UTC days."""
    times = series.get("times") or []
    num = (series.get("numerator") or {}).get("values") or []
    den = (series.get("denominator") or {}).get("values") or []
    for ms, g, n in zip(times, num, den, strict=False):
        day = datetime.fromtimestamp(ms / 1000, UTC).date()
        good[day] = good.get(day, 0.0) + (g or 0.0)
        total[day] = total.get(day, 0.0) + (n or 0.0)


def _transition(title: str) -> str | None:
    """The transition named in an alert title, skipping a leading priority tag ([P1])."""
    position = 0
    while match := _TITLE_TAG.match(title, position):
        tag = match.group(1).split(" on ", 1)[0].strip()
        if not _PRIORITY.match(tag):
            return tag or None
        position = match.end()
    return None


def _add_transitions(
    history: list[list[float]], end: int, good: dict[date, float], total: dict[date, float]
) -> None:
    """Split monitor-SLO state segments (0 up, 1 down, 2 no data) into UTC days."""
    for i, (ts, state) in enumerate(history):
        seg_end = history[i + 1][0] if i + 1 < len(history) else end
        a = float(ts)
        while a < seg_end:
            day_start = a - a % DAY
            b = min(seg_end, day_start + DAY)
            day = datetime.fromtimestamp(day_start, UTC).date()
            if state in (0, 1):
                total[day] = total.get(day, 0.0) + (b - a)
                good[day] = good.get(day, 0.0) + ((b - a) if state == 0 else 0.0)
            a = b


# --- incidents --------------------------------------------------------------------------


class IncidentsStream(ListedStream):
    """v2 incidents, incremental on `modified`, re-emitting every active one.

    The list endpoint cannot filter on modification time, so every page is read; only
    incidents modified since the bookmark, or still open, are emitted. The bookmark
    moves only at the end of a complete sync.
    """

    name = "incidents"
    path = "/api/v2/incidents"
    collection = "data"
    primary_keys = ("id",)
    replication_key = "modified"
    is_sorted = False
    permission = "incident_read"
    optional_product = INCIDENTS
    page_size_max = INCIDENT_PAGE_MAX
    paginator_class = OffsetPaginator
    paging = ("page[offset]", "page[size]")
    schema = s.INCIDENT.to_dict()

    @override
    def brief(self, row: dict[str, t.Any]) -> dict[str, t.Any]:
        """The incident's id and `modified` (todos are read in that order)."""
        return {"id": row["id"], "modified": (row.get("attributes") or {}).get("modified")}

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        bookmark = self.get_starting_timestamp(context)
        for raw in super().get_records(context):
            # JSON:API resource -> one flat row: id, type, the attributes, relationships.
            attrs = raw.get("attributes") or {}
            record = {"id": raw["id"], "type": raw.get("type"), **attrs}
            record["relationships"] = raw.get("relationships")
            changed = (
                bookmark is None
                or not record.get("modified")
                or _parse(record["modified"]) >= bookmark
            )
            if changed or record.get("state") not in ("resolved", "completed"):
                yield record


class IncidentTodosStream(PerObjectStream):
    """Incident todos (postmortem action items), per incident on a thread pool.

    The bookmark is the `modified` time of the incidents whose todos were read (Datadog
    bumps it when a todo changes): incidents are visited in `modified` order, so the
    bookmark only moves through incidents whose todos have all been emitted.
    """

    name = "incident_todos"
    path = "/api/v2/incidents/{incident_id}/relationships/todos"
    primary_keys = ("id",)
    replication_key = "incident_modified"
    # Sorted by the tap itself: it orders the complete incident listing by `modified`
    # before reading their todos (`_records`), so the bookmark can move mid-stream.
    is_sorted = True
    permission = "incident_read"
    optional_product = INCIDENTS
    schema = s.INCIDENT_TODO.to_dict()
    lister_type = IncidentsStream
    parent_noun = "incident"
    vanished_keeps = "the incidents record is kept"

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        if INCIDENTS in self.http.unavailable:
            self.logger.warning("Skipping %s: %s is not available.", self.name, INCIDENTS)
            return
        try:
            yield from self._records(context)
        except FeatureUnavailableError as exc:
            self.http.unavailable.add(INCIDENTS)
            self.logger.warning("Skipping %s: %s", self.name, exc)

    def _records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        bookmark = self.get_starting_timestamp(context)
        incidents = [
            i
            for i in self.lister.listing()
            if i.get("modified") and (bookmark is None or _parse(i["modified"]) >= bookmark)
        ]
        incidents.sort(key=lambda i: (_parse(i["modified"]), i["id"]))
        for n, record in enumerate(self._todos(incidents), 1):
            yield record
            # The SDK resumes this generator only once it has processed the record
            # yielded last, so the checkpoint covers every record emitted (the SDK alone
            # writes state every 10,000 records).
            if n % CHECKPOINT_EVERY == 0:
                sdk_seam.checkpoint(self)

    def _todos(self, incidents: list[dict[str, t.Any]]) -> Iterable[dict[str, t.Any]]:
        for incident, todos in self.read_children(self._read, incidents):
            for todo in todos:
                attrs = todo.get("attributes") or {}
                yield {
                    "id": todo["id"],
                    "type": todo.get("type"),
                    **attrs,
                    "incident_id": attrs.get("incident_id") or incident["id"],
                    "relationships": todo.get("relationships"),
                    "incident_modified": _iso(_parse(incident["modified"])),
                }

    def _read(self, incident: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        # One request: the operation documents no paging parameters ("Get all todos for
        # an incident"), so none are sent.
        body = self.get_json(f"/api/v2/incidents/{incident['id']}/relationships/todos")
        return list(body.get("data") or [])


def _default_start(config: t.Mapping[str, t.Any]) -> datetime:
    return start_date(config) or _utc_now() - timedelta(days=365)
