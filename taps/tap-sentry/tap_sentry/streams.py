"""Sentry streams: organisation inventory, issues with events and activity, releases.

Every stream hangs under `organizations`, whose partitions are the configured
organisation slugs, so several organisations sync in one run with one small state entry
each. Per-issue and per-release requests run on a worker pool ahead of the record being
emitted (bounded look-ahead), and are emitted in the parent's order, so concurrency
never reorders output or moves a bookmark past unread data.
"""

from __future__ import annotations

import contextlib
import itertools
import typing as t
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from types import MappingProxyType

import msgspec
from reliability_tap_runtime.errors import VanishedChildError
from reliability_tap_runtime.http import decoded_body
from reliability_tap_runtime.pool import prefetch
from reliability_tap_runtime.repeats import RecentKeys
from reliability_tap_runtime.sdk_seam import (
    CustomChildSync,
    ParentWritesState,
    SchemaOnce,
    SortedBookmarks,
    checkpoint,
    write_records,
)
from reliability_tap_runtime.settings import start_date
from typing_extensions import override

from tap_sentry import schemas as s
from tap_sentry.client import REPEAT_WINDOW, SentryStream
from tap_sentry.windows import HELD_PAGES, MAX_CHAINS, windows

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import requests
    from singer_sdk import Stream
    from singer_sdk.helpers.types import Context, Record

OPEN_SINCE = "open_since"
EVENTS_SINCE = "events_since"
LAST_SWEEP = "last_sweep"
DEFAULT_HISTORY = timedelta(days=90)
#: Pages of issues a window holds at most before it is split (see `IssuesStream._windows`).
WINDOW_PAGES = 20
#: The shortest window (a burst denser than 2,000 issues a minute is read whole).
MIN_WINDOW = timedelta(minutes=1)
#: Sentry answers 404 for the events and details of an issue deleted after the issue
#: list was read, and of one merged into another meanwhile.
ISSUE_KEPT = "the issue record is kept (an issue merged into another answers 404 too)"


def iso(value: datetime) -> str:
    """UTC ISO-8601 with a `Z`."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(value: str) -> datetime:
    """Parse Sentry's timestamps (`Z`, offsets or naive UTC)."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- shared machinery --------------------------------------------------------------


class ChildStream(SchemaOnce, ParentWritesState, SentryStream):
    """A per-parent-record child whose records may have been fetched ahead by the parent.

    The SDK syncs a child once per parent record and would write a SCHEMA and a STATE
    message each time (tens of thousands per run for issues); the schema goes out once
    and the parent's checkpoints carry the child's (tiny, unpartitioned) state.
    """

    # One state entry per stream, not one per parent record.
    state_partitioning_keys: t.ClassVar[list[str]] = []
    #: Context key naming the parent record (part of the prefetch key).
    parent_key: t.ClassVar[str]
    #: What the parent record is, in warnings (`issue`, `release`).
    parent_noun: t.ClassVar[str] = "parent"
    # A 404/410 here is a child deleted after its parent was listed: skipped, counted.
    vanished_statuses = frozenset({HTTPStatus.NOT_FOUND, HTTPStatus.GONE})

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the stream."""
        super().__init__(*args, **kwargs)
        self._light_syncs = 0
        self._light_records = 0

    def can_sync_light(self) -> bool:
        """Whether `sync_light` may stand in for the SDK's per-context `sync`."""
        return (
            self.selected
            and not self.child_streams
            and self.ABORT_AT_RECORD_COUNT is None
            and not self.get_batch_config(self.config)
        )

    def sync_light(self, context: Context) -> None:
        """Emit this child's records for one parent record, without per-context overhead.

        The SDK's `sync` logs a line, opens and closes a record counter and a timer (two
        metric lines) and re-checks schema, signpost and batch settings for every parent
        record: for 50,000 issues that is most of the tap's time. The first context takes
        the SDK's path (schema, signpost, starting value, metrics); later ones write the
        same RECORD messages and advance the same bookmark (`sdk_seam.write_records`),
        and `log_light_totals` logs one count per stream at the end of the parent.
        """
        if self._light_syncs == 0:
            self._light_syncs = 1
            self.sync(context=context)
            return
        self._light_syncs += 1
        context = self.preprocess_context(context)
        self.context = MappingProxyType(context)
        self._light_records += write_records(self, self.get_records(context), context)

    def log_light_totals(self) -> None:
        """One summary line instead of the SDK's per-context metric lines."""
        if self._light_syncs > 1:
            self.logger.info(
                "%s: %d more records for %d more parent records (light sync)",
                self.name,
                self._light_records,
                self._light_syncs - 1,
            )

    def prefetch_key(self, context: Context) -> tuple[str, ...]:
        """Key of this child's prefetched result for one parent record."""
        return (self.name, str(context["organization"]), str(context[self.parent_key]))

    def wanted(self, context: Context) -> bool:  # noqa: ARG002
        """Whether this parent record needs a request at all."""
        return True

    def read(self, context: Context) -> Iterable[dict[str, t.Any]]:
        """Fetch this child's records for one parent record (runs on a worker thread).

        A list, or (for a listing too long to hold) an iterable whose first page was read
        here and whose later pages are read as the emitter iterates it, on its thread.
        """
        return self.fetch_all(context)

    @override
    def describe_child(self, context: Context | None) -> str:
        return f"{self.parent_noun} {(context or {}).get(self.parent_key)}"

    def read_or_skip(self, context: Context) -> Iterable[dict[str, t.Any]]:
        """`read`, or nothing (one warning, counted) when the parent vanished meanwhile.

        Sentry answers 404 for the children of an issue deleted or merged (or a release
        deleted) after the parent list was read. That loses only this child list: the
        parent record is still emitted and the run goes on, ending with a summary of
        what was skipped.
        """
        try:
            return self.read(context)
        except VanishedChildError as exc:
            self.skip_vanished(self.describe_child(context), exc)
            return []

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        assert context is not None  # noqa: S101 - a child always has a context
        key = self.prefetch_key(context)
        if key in self.http.prefetched:
            rows = self.http.prefetched.pop(key)
        elif self.wanted(context):
            rows = self.read_or_skip(context)
        else:
            rows = []
        try:
            yield from rows
        except VanishedChildError as exc:
            # The parent vanished while its later pages were read: the rows of the pages
            # before are out already; the rest is skipped like a child that vanished.
            self.skip_vanished(self.describe_child(context), exc)


class PrefetchingParent(CustomChildSync, SentryStream):
    """A parent that reads its children's records ahead of emitting each record."""

    @override
    def sync_child(self, child: Stream, context: Context) -> bool:
        if isinstance(child, ChildStream) and child.can_sync_light():
            child.sync_light(context)
            return True
        return False

    def log_children_totals(self) -> None:
        """Log the light-synced children's record counts (once per parent partition)."""
        for child in self.child_streams:
            if isinstance(child, ChildStream):
                child.log_light_totals()

    def prefetching(
        self, context: Context | None, records: Iterable[dict[str, t.Any]]
    ) -> Iterator[dict[str, t.Any]]:
        """Yield `records` in order, each child's records read ahead on worker threads.

        Every child request is its own task (an issue's events and details are read at
        once), up to four times `max_concurrency` records ahead. A record is yielded once
        its children's rows are in; they wait in `http.prefetched` for the child's sync,
        which the SDK runs before asking for the next record.
        """
        children = [
            c
            for c in self.child_streams
            if isinstance(c, ChildStream) and (c.selected or c.has_selected_descendents)
        ]
        if not children:
            yield from records
            return
        prefetched = self.http.prefetched
        keys: list[tuple[str, ...]] = []
        ahead = max(4, self.http.concurrency * 4) * len(children)
        for (record, child, child_context), rows in self.ordered_map(
            _read_child, self._child_reads(context, children, records), lookahead=ahead
        ):
            if child is not None:
                key = child.prefetch_key(child_context)
                prefetched[key] = rows
                keys.append(key)
            if record is None:
                continue
            yield record
            # The children have synced: drop what a child did not take (a record dropped
            # by `post_process`, a child deselected by a stream map).
            for key in keys:
                prefetched.pop(key, None)
            keys.clear()

    def _child_reads(
        self,
        context: Context | None,
        children: list[ChildStream],
        records: Iterable[dict[str, t.Any]],
    ) -> Iterator[_ChildRead]:
        """One task per child request, the record travelling with its last one.

        Runs in the parent's thread as the pool takes work, so `wanted` reads the
        stream state there, never on a worker; a record that needs no request travels
        with a no-op.
        """
        for record in records:
            child_context = self.get_child_context(record, context) or {}
            reads = [c for c in children if c.wanted(child_context)]
            if not reads:
                yield record, None, child_context
            for i, child in enumerate(reads, 1):
                yield (record if i == len(reads) else None), child, child_context


def _read_child(item: _ChildRead) -> Iterable[dict[str, t.Any]]:
    """Run one child request of `prefetching` (on a worker thread)."""
    _record, child, child_context = item
    return child.read_or_skip(child_context) if child is not None else []


#: One child request of a parent record: (the record, with its last request; the child,
#: or `None` when the record needs none; the child context).
_ChildRead = tuple["Record | None", "ChildStream | None", "Context"]


# --- organisation inventory (full table) ------------------------------------------------


class OrganizationsStream(SentryStream):
    """The configured organisations (`GET /api/0/organizations/{org}/`); parent of all."""

    name = "organizations"
    path = "/api/0/organizations/{organization}/"
    primary_keys = ("id",)
    extra_params: t.ClassVar[dict[str, t.Any]] = {"detailed": "0"}
    page_size_param = None  # one object, no page
    schema = s.ORGANIZATION.to_dict()

    @property
    @override
    def partitions(self) -> list[dict[str, t.Any]]:
        return [{"organization": slug} for slug in organization_slugs(self.config)]

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        org = str((context or {})["organization"])
        if not self.selected and not org.isdigit():
            # Not selected, only its children are: they need the slug alone, which the
            # setting gives (Sentry's slugs are never all digits; an id is looked up).
            # No request: a sync of the issues alone costs only the issue pages.
            yield {"slug": org}
            return
        yield from super().get_records(context)

    def read_clock(self, context: Context | None) -> None:
        """Read the organisation once, for Sentry's clock (its `Date` header)."""
        self.fetch({"organization": (context or {})["organization"]}, None)

    @override
    def get_child_context(self, record: Record, context: Context | None) -> dict[str, t.Any]:
        # The setting may name the organisation by id: every child carries its slug.
        return {"organization": record.get("slug") or (context or {})["organization"]}


class _OrgChild(SentryStream):
    """A collection of one organisation."""

    parent_stream_type = OrganizationsStream
    state_partitioning_keys: t.ClassVar[list[str]] = []

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        # Offset pages over data that changes meanwhile may repeat a row: emit it once.
        seen: set[t.Any] = set()
        for row in super().get_records(context):
            key = row.get("id")
            if key is None or key not in seen:
                seen.add(key)
                yield row

    @override
    def post_process(self, row: Record, context: Context | None = None) -> Record | None:
        row["organization"] = (context or {}).get("organization")
        return row


class ProjectsStream(_OrgChild):
    """Projects of the organisation (all, or the `projects` allow-list)."""

    name = "projects"
    path = "/api/0/organizations/{organization}/projects/"
    primary_keys = ("id",)
    schema = s.PROJECT.to_dict()
    # Recorded with each complete sync of the organisations (`inventory_syncs`): a project
    # missing from it was deleted in Sentry (docs/retention.md).
    full_inventory = True
    inventory_filters = ("projects",)

    @override
    def post_process(self, row: Record, context: Context | None = None) -> Record | None:
        allowed = self.config.get("projects")
        if allowed and row.get("slug") not in allowed and row.get("id") not in allowed:
            return None
        row = super().post_process(row, context) or row
        # The list embeds every team of the project (Sentry's project summary): project
        # teams need no request, and cannot vanish between listing and reading.
        key = ("project_teams", str(row["organization"]), str(row["id"]))
        self.http.prefetched[key] = row.get("teams")
        return row

    @override
    def get_child_context(self, record: Record, context: Context | None) -> dict[str, t.Any]:
        return {
            "organization": record["organization"],
            "project_id": record["id"],
            "project_slug": record["slug"],
        }


class ProjectTeamsStream(ChildStream):
    """Which teams own each project: the `teams` the projects list embeds (no request).

    Every Sentry that has the organisation issues endpoint embeds them; a project
    record without `teams` is reported and has no rows here.
    """

    name = "project_teams"
    # Never requested: the endpoint that lists the same links, for reference.
    path = "/api/0/projects/{organization}/{project_slug}/teams/"
    primary_keys = ("project_id", "team_id")
    parent_stream_type = ProjectsStream
    parent_key = "project_id"
    parent_noun = "project"
    vanished_keeps = "the project record is kept"
    scope = "project:read"
    schema = s.PROJECT_TEAM.to_dict()

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        assert context is not None  # noqa: S101
        teams = self.http.prefetched.pop(self.prefetch_key(context), None)
        if not isinstance(teams, list):
            self.logger.warning(
                "project_teams: project %s came without its `teams` list; no rows for it",
                context["project_slug"],
            )
            return
        for team in teams:
            yield {
                "project_id": context["project_id"],
                "team_id": team["id"],
                "organization": context["organization"],
                "project_slug": context["project_slug"],
                "team_slug": team.get("slug"),
                "team_name": team.get("name"),
            }


class TeamsStream(_OrgChild):
    """Teams of the organisation."""

    name = "teams"
    path = "/api/0/organizations/{organization}/teams/"
    primary_keys = ("id",)
    # Projects per team come from project_teams; the short form keeps pages small (and
    # leaves out `projects`, `externalTeams` and the `organization` object).
    extra_params: t.ClassVar[dict[str, t.Any]] = {"detailed": "0"}
    schema = s.TEAM.to_dict()
    # Recorded like the projects.
    full_inventory = True


# --- issues, their events and activity -----------------------------------------------------


class _IssueKey(msgspec.Struct):
    """What a window's issue is deduplicated, cut and sorted by (the rest is not decoded)."""

    id: t.Any = None
    lastSeen: t.Any = None  # noqa: N815 - Sentry's name


_ISSUE_KEY = msgspec.json.Decoder(_IssueKey)
#: An issues page as one raw JSON slice per issue (no copy: slices of the page's bytes).
_RAW_PAGE = msgspec.json.Decoder(list[msgspec.Raw])


class _Issue(t.NamedTuple):
    """An issue held in a window: its keys, and its JSON undecoded until it is emitted.

    A decoded issue takes ~9 KB (its `stats` lists above all), its JSON ~2 KB; windows
    are held whole (the newest part of an overflowing range waits for every older
    window; the next window is read while one is emitted), so they are held raw.
    """

    id: t.Any
    last_seen: t.Any
    raw: msgspec.Raw


def _issues_of(body: t.Any) -> list[_Issue]:  # noqa: ANN401
    """The issues of a decoded page (raw slices; anything else re-encoded, same rows)."""
    issues = []
    for item in body if isinstance(body, list) else [body]:
        raw = item if isinstance(item, msgspec.Raw) else msgspec.Raw(msgspec.json.encode(item))
        key = _ISSUE_KEY.decode(raw)
        issues.append(_Issue(key.id, key.lastSeen, raw))
    return issues


def _issue_id(issue: _Issue) -> t.Any:  # noqa: ANN401
    return issue.id


def _stamp(issue: _Issue) -> datetime:
    return parse_ts(issue.last_seen)


class IssuesStream(SortedBookmarks, PrefetchingParent):
    """Every issue of every status, org-wide, incremental on `lastSeen`.

    Sentry applies `is:unresolved` unless `query` is sent: the tap always sends it
    (`issue_query`, default empty = every status). The sync range is read in windows sized
    by what they hold, not by the calendar (see `_windows`): one query over the whole range,
    split into windows read in parallel once the pages known to exist allow it within 1.05x
    the minimum requests. Each window selects issues whose `lastSeen` lies in it
    (`start`/`end` plus `lastSeen:` filters), is sorted by `(lastSeen, id)` and emitted
    whole, then checkpointed. A status change (resolved, ignored) does not move `lastSeen`,
    so issues still open at the end of a sync are read again next time: state keeps
    `open_since`, the `lastSeen` of the oldest open issue, bounded by
    `reread_open_issues_days`; every `issue_sweep_interval_hours` a sync re-reads every
    issue Sentry still keeps, so that an issue idle for longer is not stale for ever.
    """

    name = "issues"
    path = "/api/0/organizations/{organization}/issues/"
    primary_keys = ("id",)
    replication_key = "lastSeen"
    parent_stream_type = OrganizationsStream
    state_timestamps = (OPEN_SINCE, LAST_SWEEP, EVENTS_SINCE)
    # Sorted by the tap, not by Sentry: each window is sorted by (lastSeen, id) here
    # before it is emitted, so the server's page order does not matter. Windows are
    # ascending; re-reading open issues moves the bookmark backwards on purpose, hence
    # no sort check. Resumability relies on that order: a window is checkpointed only
    # after all its issues (and their children) are out.
    is_sorted = True
    check_sorted = False
    scope = "event:read"
    page_size_param = "limit"
    schema = s.ISSUE.to_dict()

    @override
    def after_response(self, response: requests.Response) -> None:
        super().after_response(response)
        if response.status_code < HTTPStatus.MULTIPLE_CHOICES:
            # A page is decoded into one raw slice per issue (see `_Issue`): the runtime's
            # JSON check then uses this body instead of decoding every issue whole.
            with contextlib.suppress(msgspec.DecodeError):
                decoded_body(response, _RAW_PAGE)  # a truncated body: the runtime retries it

    @override
    def query_params(self, context: Context | None) -> dict[str, t.Any]:
        window: tuple[datetime, datetime] = (context or {})["_window"]
        since, until = window
        query = str(self.config.get("issue_query") or "").strip()
        bounds = f"lastSeen:>={iso(since)} lastSeen:<{iso(until)}"
        params: dict[str, t.Any] = {
            "query": f"{query} {bounds}".strip(),
            "start": iso(since),
            "end": iso(until),
            "sort": "date",
            # Cheap expansions (one query per page on Sentry's side): why the issue is in
            # the inbox, and its suggested owners. Nothing is collapsed: `collapse=stats`
            # would drop `lifetime` and `filtered` too (Sentry nests them under stats).
            "expand": ["inbox", "owners"],
        }
        if self.config.get("projects"):
            params["project"] = list(self.config["projects"])
        return params

    def sync_range(self, context: Context | None) -> tuple[datetime, datetime, datetime, bool]:
        """`(start, end, events_since, sweep)` of this sync for one organisation.

        `sweep` is true when this incremental sync re-reads every issue Sentry still
        keeps (see `sweep_floor`) because `issue_sweep_interval_hours` have passed since
        the last sweep; a first sync reads everything anyway and counts as one.
        """
        now = datetime.now(UTC).replace(microsecond=0)
        state = self.get_context_state(context)
        bookmark_raw = state.get("replication_key_value")
        lookback = timedelta(minutes=int(self.config["lookback_minutes"]))
        if not bookmark_raw:
            start = start_date(self.config) or now - DEFAULT_HISTORY
            return start, now + timedelta(seconds=1), start, True
        bookmark = parse_ts(str(bookmark_raw))
        events_since = bookmark - lookback
        start = events_since
        open_since = state.get(OPEN_SINCE)
        if open_since:
            reread = timedelta(days=int(self.config["reread_open_issues_days"]))
            start = min(start, max(parse_ts(open_since), bookmark - reread))
        last_sweep = state.get(LAST_SWEEP)
        interval = timedelta(hours=int(self.config["issue_sweep_interval_hours"]))
        sweep = last_sweep is None or now - parse_ts(str(last_sweep)) >= interval
        if sweep:
            start = min(start, self.sweep_floor(now, context))
        return start, now + timedelta(seconds=1), events_since, sweep

    def sweep_floor(self, now: datetime, context: Context | None = None) -> datetime:
        """Oldest `lastSeen` a sweep reads: Sentry's clock minus its event retention.

        Sentry's cleanup deletes an issue once its last event is older than the
        retention, so nothing older can still change. The clock is the server's (its
        `Date` header): when no answer was read yet (the organisation is not selected,
        so it was not read), the organisation is read for it, one request per sweep.
        Without a server clock or with `event_retention_days: 0` the sweep goes back to
        `start_date` (default 90 days).
        """
        days = int(self.config["event_retention_days"])
        if days and self.http.server_now is None and context is not None:
            orgs = self.tap_stream("organizations")
            if isinstance(orgs, OrganizationsStream):
                orgs.read_clock(context)
        server_now = self.http.server_now
        if days and server_now is not None:
            return server_now - timedelta(days=days)
        return start_date(self.config) or now - DEFAULT_HISTORY

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        start, end, events_since, sweep = self.sync_range(context)
        org = (context or {})["organization"]
        state = self.get_context_state(context)
        if sweep:
            # Recorded with the first checkpoint: an interrupted sweep is finished by the
            # resumed run, whose bookmark still lies inside the swept range.
            state[LAST_SWEEP] = (end - timedelta(seconds=1)).isoformat()
        # An interrupted sync left its event floor behind: issues not emitted yet may
        # hold events from before the bookmark, so the resumed run keeps that floor.
        if state.get(EVENTS_SINCE):
            events_since = min(events_since, parse_ts(state[EVENTS_SINCE]))
        state[EVENTS_SINCE] = events_since.isoformat()
        # Every child context of this sync carries the same range (formatted once).
        self._child_range = {"events_since": iso(events_since), "events_until": iso(end)}
        self.logger.info(
            "Reading %s issues last seen in [%s, %s)%s",
            org,
            iso(start),
            iso(end),
            " (sweep: every issue Sentry keeps, for status changes)" if sweep else "",
        )
        previous_open = state.get(OPEN_SINCE)
        oldest_open: str | None = None
        # The next window is read while this one (and its children) is emitted; state
        # moves only after a window is out, so a resume point never passes unread issues.
        for issues in prefetch(self._windows(context, start, end), name="issue-windows"):
            issues.sort(key=lambda r: (parse_ts(r.last_seen), int(r.id)))
            for issue in self.prefetching(context, _decoded(issues, org)):
                if oldest_open is None and issue.get("status") != "resolved":
                    oldest_open = parse_ts(issue["lastSeen"]).isoformat()
                yield issue
            # Every record of the window (and its children) is out: a resume point.
            candidates = [v for v in (previous_open, oldest_open) if v]
            if candidates:
                state[OPEN_SINCE] = min(candidates, key=parse_ts)
            checkpoint(self)
        self.log_children_totals()
        # Reached only after every window: this run's view replaces the previous one.
        state.pop(EVENTS_SINCE, None)
        if oldest_open is None:
            state.pop(OPEN_SINCE, None)
        else:
            state[OPEN_SINCE] = oldest_open

    def _windows(
        self, context: Context | None, start: datetime, end: datetime
    ) -> Iterator[list[_Issue]]:
        """The issues of `[start, end)` in ascending windows, read by parallel chains.

        Sentry's `sort=date` lists a range newest `lastSeen` first, with value cursors:
        one window is one chain of requests. The range is read as one window until the
        pages known to exist allow another within 1.05x the minimum requests (each window
        costs at most one part-filled page: `1 + floor(0.05 * P)` windows for P pages),
        then the window with the most unread time is split and both chains go on at once
        (`tap_sentry.windows`): 500 issues over 90 days stay one chain of 5 pages, 5,000
        become three windows from the 20th page on. Windows come out oldest first, every
        one a resume point. All windows newer than the oldest still being read are held;
        past `HELD_PAGES` pages the chains stop and the parts they did not read are read
        as before the parallel chains (`_read_window`: at most `WINDOW_PAGES` pages held
        per window, the older part first in windows sized from the density seen). That
        reading is also the whole of it with one request at a time (`max_concurrency` 1),
        and `issue_window_days`, when set, bounds a window's length.
        """
        days = self.config.get("issue_window_days")
        longest = timedelta(days=int(days)) if days else None
        if longest is not None and end - start > longest:
            yield from self._split(context, start, end, self._target / longest.total_seconds())
            return

        chains = min(MAX_CHAINS, self.http.concurrency)
        if chains < 2 or end - start <= MIN_WINDOW:  # noqa: PLR2004 - two chains or none
            yield from self._read_window(context, start, end)
            return

        def fetch(
            lo: datetime, hi: datetime, cursor: str | None
        ) -> tuple[list[_Issue], str | None]:
            body, after = self.fetch({**(context or {}), "_window": (lo, hi)}, cursor)
            return _issues_of(body), after

        for lo, hi, rows in windows(
            fetch,
            start,
            end,
            page_size=self.page_size,
            stamp=_stamp,
            key=_issue_id,
            max_chains=chains,
            held_pages=HELD_PAGES,
        ):
            if rows is None:
                yield from self._read_window(context, lo, hi)
            else:
                self.logger.debug("issues window [%s, %s): %d", iso(lo), iso(hi), len(rows))
                yield rows

    @property
    def _target(self) -> int:
        """Issues a window holds at most before it is split."""
        return WINDOW_PAGES * max(1, int(self.page_size))

    def _read_window(
        self, context: Context | None, since: datetime, until: datetime
    ) -> Iterator[list[_Issue]]:
        """`[since, until)`: whole if it fits, else its older part split, then the held rows."""
        window = {**(context or {}), "_window": (since, until)}
        rows, boundary = self._newest_pages(window, capped=until - since > MIN_WINDOW)
        held = rows
        if boundary is not None:
            boundary = min(boundary, until)
            held = [r for r in rows if parse_ts(r.last_seen) >= boundary]
            if not held:
                # Every row read lies in the window's oldest second: splitting makes no
                # progress; read it whole (more than a window's worth of issues last seen
                # in one second).
                held, boundary = self._newest_pages(window, capped=False)
        self.logger.debug(
            "issues window [%s, %s): %d read, %d held%s",
            iso(since),
            iso(until),
            len(rows),
            len(held),
            "" if boundary is None else f", older than {iso(boundary)} split off",
        )
        if boundary is not None:
            # Density of the rows held, over the time they span (`until` may be far
            # ahead of the newest issue: the range ends at the clock).
            newest = max(parse_ts(r.last_seen) for r in held)
            rate = len(held) / max((newest - boundary).total_seconds(), 1.0)
            yield from self._split(context, since, boundary, rate)
        yield held

    def _split(
        self, context: Context | None, since: datetime, until: datetime, rate: float
    ) -> Iterator[list[_Issue]]:
        """`[since, until)` in ascending windows sized for `rate` issues a second (re-estimated)."""
        days = self.config.get("issue_window_days")
        longest = timedelta(days=int(days)) if days else None
        cursor = since
        while cursor < until:
            rest = until - cursor
            seconds = self._target / rate if rate > 0 else rest.total_seconds()
            span = max(min(timedelta(seconds=min(seconds, rest.total_seconds())), rest), MIN_WINDOW)
            if longest is not None:
                span = min(span, longest)
            upper = min(cursor + span, until)
            seen = 0
            for rows in self._read_window(context, cursor, upper):
                seen += len(rows)
                yield rows
            # The next window from the density of this one (at most 8 times longer).
            observed = seen / max((upper - cursor).total_seconds(), 1.0)
            rate = max(observed, rate / 8)
            cursor = upper

    def _newest_pages(
        self, context: Context, *, capped: bool
    ) -> tuple[list[_Issue], datetime | None]:
        """Up to `WINDOW_PAGES` pages of a window, newest `lastSeen` first.

        Returns the rows (a repeated row once, by id) and `None` when the window's list
        ended (or `capped` is false: every page is read), else the boundary `B`: the
        second after the oldest `lastSeen` read, from which on every issue of the window
        has been read (Sentry's cursors walk the list in `lastSeen` order; rows at the
        oldest second read may continue on the next page). If a page holds a new row
        newer than an earlier page's oldest (the server does not keep the order the tap
        relies on to cut the window), the window is read whole instead.
        """
        ids = RecentKeys()
        rows: list[_Issue] = []
        cursor: str | None = None
        seen: set[str] = set()
        oldest: datetime | None = None
        ordered = True
        pages = 0
        while True:
            body, cursor = self.fetch(context, cursor)
            pages += 1
            page = list(ids.fresh(_issues_of(body), _issue_id))
            stamps = [parse_ts(r.last_seen) for r in page if r.last_seen]
            if oldest is not None and any(at > oldest for at in stamps):
                if ordered:
                    self.logger.warning(
                        "issues: a page of %s holds issues newer than the page before; "
                        "reading this window whole",
                        iso(context["_window"][0]),
                    )
                ordered = False
            rows.extend(page)
            if stamps:
                low = min(stamps)
                oldest = low if oldest is None else min(oldest, low)
            if cursor is None or cursor in seen:
                return rows, None
            seen.add(cursor)
            if capped and ordered and pages >= WINDOW_PAGES and oldest is not None:
                return rows, oldest.replace(microsecond=0) + timedelta(seconds=1)

    @override
    def get_child_context(self, record: Record, context: Context | None) -> dict[str, t.Any]:
        return {
            "organization": record["organization"],
            "issue_id": record["id"],
            "last_seen": record["lastSeen"],
            **self._child_range,
        }


def _decoded(issues: list[_Issue], org: str) -> Iterator[dict[str, t.Any]]:
    """The issues of a window decoded one at a time, in order, each let go once taken."""
    issues.reverse()
    while issues:
        issue = msgspec.json.decode(issues.pop().raw)
        issue["organization"] = org
        yield issue


class IssueEventsStream(ChildStream):
    """Events of each issue read by `issues`, since the previous sync, within retention.

    Sentry keeps events for 90 days (`event_retention_days`) by its own clock, read from
    the `Date` response header; issues last seen before that floor are not asked.
    Noisy issues are capped at `max_events_per_issue` events per sync: the newest ones
    (Sentry's order), or Sentry's deterministic pseudo-random sample when
    `event_sampling` is `sample`; the same query always yields the same events.
    """

    name = "issue_events"
    path = "/api/0/organizations/{organization}/issues/{issue_id}/events/"
    primary_keys = ("id",)
    replication_key = "dateCreated"
    # Sentry lists an issue's events newest first, but nothing here relies on it for
    # state: the bookmark is the maximum `dateCreated` seen (unsorted stream). Only the
    # `max_events_per_issue` cap assumes it ("latest" keeps the first events served).
    is_sorted = False
    parent_stream_type = IssuesStream
    parent_key = "issue_id"
    parent_noun = "issue"
    vanished_keeps = ISSUE_KEPT
    scope = "event:read"
    schema = s.EVENT.to_dict()

    @override
    def wanted(self, context: Context) -> bool:
        last_seen = parse_ts(context["last_seen"])
        # An issue last seen before the range has no event in it: no request.
        if last_seen < parse_ts(context["events_since"]):
            return False
        # Nor has an issue last seen before Sentry's retention floor: its events are gone.
        floor = self.retention_floor()
        return floor is None or last_seen >= floor

    def retention_floor(self) -> datetime | None:
        """Oldest event Sentry still serves: its clock (`Date`) minus the retention.

        `None` (ask for every issue) until a response has told the server's time, or when
        `event_retention_days` is 0. The server clock only moves on, so the floor never
        skips an issue whose events the server would still serve.
        """
        days = int(self.config["event_retention_days"])
        server_now = self.http.server_now
        if not days or server_now is None:
            return None
        return server_now - timedelta(days=days)

    @override
    def query_params(self, context: Context | None) -> dict[str, t.Any]:
        ctx = context or {}
        params: dict[str, t.Any] = {"start": ctx["events_since"], "end": ctx["events_until"]}
        if self.config.get("full_events"):
            params["full"] = "true"
        if self.config["event_sampling"] == "sample":
            params["sample"] = "true"
        return params

    @override
    def read(self, context: Context) -> Iterable[dict[str, t.Any]]:
        """The issue's events: the first page read here, the rest as they are emitted.

        Most issues have one page of events in the sync range: read on the worker pool,
        ahead of the issue, like every child. A noisy issue's later pages are read only
        when the emitter reaches it, one page ahead of the records being written
        (`pages_after`), so an issue with a million events holds two pages, not a
        million events; `max_events_per_issue` stops the reading, not the emitting.
        """
        cap = int(self.config["max_events_per_issue"]) or None
        ids = RecentKeys(REPEAT_WINDOW)
        body, cursor = self.fetch(context, None)
        head = self._label(list(ids.fresh(body if isinstance(body, list) else [body])), context)
        if cap is not None and len(head) >= cap:
            return head[:cap]
        if cursor is None:
            return head
        return itertools.chain(head, self._rest(context, cursor, ids, cap and cap - len(head)))

    def _rest(
        self, context: Context, cursor: str, ids: RecentKeys, left: int | None
    ) -> Iterator[dict[str, t.Any]]:
        """The events after the first page, page by page, at most `left` (None: all)."""
        pages = self.pages_after(context, cursor, ids)
        try:
            for page in pages:
                rows = self._label(page, context)
                if left is not None:
                    rows = rows[:left]
                    left -= len(rows)
                yield from rows
                if left == 0:
                    return
        finally:
            pages.close()

    @staticmethod
    def _label(rows: list[dict[str, t.Any]], context: Context) -> list[dict[str, t.Any]]:
        """Each event with its issue and organisation, under one event-type column."""
        for row in rows:
            row["issue_id"] = context["issue_id"]
            row["organization"] = context["organization"]
            if "event.type" not in row and "type" in row:
                # A full body (`full=true`) names the event type `type`: the column
                # keeps one name whatever `full_events` says.
                row["event.type"] = row["type"]
        return rows


class IssueActivityStream(ChildStream):
    """Lifecycle of each issue read by `issues`: first seen, assigned, resolved, regressed.

    Sentry serves activity in the issue details (`activity`, newest first, at most 100
    entries); every entry is emitted each time the issue changes (primary key `id`).
    """

    name = "issue_activity"
    path = "/api/0/organizations/{organization}/issues/{issue_id}/"
    primary_keys = ("id",)
    replication_key = "dateCreated"
    # One response per issue, newest first; the bookmark is the maximum seen.
    is_sorted = False
    parent_stream_type = IssuesStream
    parent_key = "issue_id"
    parent_noun = "issue"
    vanished_keeps = ISSUE_KEPT
    scope = "event:read"
    page_size_param = None  # one object (the issue), no page
    extra_params: t.ClassVar[dict[str, t.Any]] = {"collapse": ["stats", "tags", "release"]}
    schema = s.ACTIVITY.to_dict()

    @override
    def read(self, context: Context) -> list[dict[str, t.Any]]:
        body, _ = self.fetch(context, None)
        rows = list(body.get("activity") or []) if isinstance(body, dict) else []
        for row in rows:
            row["issue_id"] = context["issue_id"]
            row["organization"] = context["organization"]
        return rows


# --- releases and deploys ---------------------------------------------------------------


class ReleasesStream(PrefetchingParent):
    """Releases of the organisation, newest first.

    Full table: the endpoint has no date filter and a release changes after creation
    (deploys, commits, events), so every sync reads the list again (100 per request).
    """

    name = "releases"
    path = "/api/0/organizations/{organization}/releases/"
    # A version is unique only within an organisation.
    primary_keys = ("organization", "version")
    parent_stream_type = OrganizationsStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    scope = "project:read"
    schema = s.RELEASE.to_dict()

    @override
    def query_params(self, context: Context | None) -> dict[str, t.Any]:
        params = super().query_params(context)
        if self.config.get("projects"):
            params["project"] = list(self.config["projects"])
        return params

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        org = (context or {})["organization"]

        def rows() -> Iterator[dict[str, t.Any]]:
            # Offset pages over a list that grows meanwhile may repeat a release: once.
            seen: set[str] = set()
            for row in super(ReleasesStream, self).get_records(context):
                version = str(row.get("version"))
                if version in seen:
                    continue
                seen.add(version)
                row["organization"] = org
                yield row

        yield from self.prefetching(context, rows())
        self.log_children_totals()

    @override
    def get_child_context(self, record: Record, context: Context | None) -> dict[str, t.Any]:
        last = record.get("lastDeploy") or {}
        return {
            "organization": record["organization"],
            "version": record["version"],
            "deploy_count": record.get("deployCount") or 0,
            "last_deploy": last.get("dateFinished") or last.get("dateStarted"),
        }


class ReleaseDeploysStream(ChildStream):
    """Deploys of each release (environment, started, finished): what DORA metrics need.

    Only releases whose latest deploy finished after the stream's bookmark (minus
    `lookback_minutes`) are asked for their deploys.
    """

    name = "release_deploys"
    path = "/api/0/organizations/{organization}/releases/{version}/deploys/"
    primary_keys = ("id",)
    replication_key = "dateFinished"
    # Newest first by Sentry, not relied on: the bookmark is the maximum seen.
    is_sorted = False
    parent_stream_type = ReleasesStream
    parent_key = "version"
    parent_noun = "release"
    vanished_keeps = "the release record is kept"
    scope = "project:read"
    # The deploys list documents no page size: Sentry's default (100) applies.
    page_size_param = None
    schema = s.DEPLOY.to_dict()

    @override
    def get_url(self, context: Context | None) -> str:
        from urllib.parse import quote  # noqa: PLC0415

        ctx = dict(context or {})
        ctx["version"] = quote(str(ctx.get("version", "")), safe="")
        return super().get_url(ctx)

    @override
    def wanted(self, context: Context) -> bool:
        if not context.get("deploy_count"):
            return False
        bookmark = self.stream_state.get("replication_key_value")
        if not bookmark or not context.get("last_deploy"):
            return True
        lookback = timedelta(minutes=int(self.config["lookback_minutes"]))
        return parse_ts(context["last_deploy"]) >= parse_ts(str(bookmark)) - lookback

    @override
    def read(self, context: Context) -> list[dict[str, t.Any]]:
        rows = self.fetch_all(context)
        for row in rows:
            row["release_version"] = context["version"]
            row["organization"] = context["organization"]
        return rows


def organization_slugs(config: t.Mapping[str, t.Any]) -> list[str]:
    """The organisations to read: `organizations` plus `organization`, deduplicated."""
    slugs = [str(x) for x in config.get("organizations") or []]
    if config.get("organization"):
        slugs.insert(0, str(config["organization"]))
    return list(dict.fromkeys(slugs))
