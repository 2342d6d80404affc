"""PagerDuty streams: organisation inventory, incidents, log entries and incident analytics."""

from __future__ import annotations

import typing as t
from datetime import timedelta

from reliability_tap_runtime.repeats import PageProgress
from typing_extensions import override

from tap_pagerduty import schemas as s
from tap_pagerduty.client import VANISHED, PagerDutyStream
from tap_pagerduty.incremental import CreatedWindowStream, Window, iso

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

#: Key of the contact methods `users` hands to `user_contact_methods` in `http.prefetched`
#: (kept out of the child context so that they stay out of state and logs).
CONTACT_METHODS = "contact_methods"

# --- inventory (full table) ----------------------------------------------------------


class ServicesStream(PagerDutyStream):
    """Services: what incidents are raised against."""

    name = "services"
    path = "/services"
    collection = "services"
    primary_keys = ("id",)
    extra_params: t.ClassVar[dict[str, t.Any]] = {"time_zone": "UTC"}
    filter_settings = ("team_ids",)
    schema = s.SERVICE
    # Each complete sync is recorded (`inventory_syncs`): a service missing from it was
    # deleted in PagerDuty (docs/retention.md).
    full_inventory = True
    inventory_filters = ("service_ids", "team_ids")

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        service_ids = self.config.get("service_ids")
        return row if not service_ids or row["id"] in service_ids else None


class TeamsStream(PagerDutyStream):
    """Teams; parent of `team_members`."""

    name = "teams"
    path = "/teams"
    collection = "teams"
    primary_keys = ("id",)
    schema = s.TEAM
    # Each complete sync is recorded (`inventory_syncs`): see ServicesStream.
    full_inventory = True
    inventory_filters = ("team_ids",)

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        team_ids = self.config.get("team_ids")
        return row if not team_ids or row["id"] in team_ids else None

    @override
    def get_child_context(self, record: dict, context: Context | None) -> dict:
        return {"team_id": record["id"]}


class TeamMembersStream(PagerDutyStream):
    """Team membership with the member's role (`/teams/{id}/members`)."""

    name = "team_members"
    path = "/teams/{team_id}/members"
    collection = "members"
    primary_keys = ("team_id", "user_id")
    parent_stream_type = TeamsStream
    # One small partition per team would bloat state for nothing (full table).
    state_partitioning_keys: t.ClassVar[list[str]] = []
    # A team deleted after /teams listed it answers 404: its members are skipped.
    vanished_statuses = VANISHED
    vanished_keeps = "the team record is kept"
    schema = s.TEAM_MEMBER
    # Recorded with each complete sync of the teams (a membership missing from it ended).
    full_inventory = True
    inventory_filters = ("team_ids",)

    @override
    def describe_child(self, context: Context | None) -> str:
        return f"team {(context or {}).get('team_id')}"

    @override
    def dedupe_key(self, record: dict[str, t.Any]) -> t.Any:
        return (record.get("user") or {}).get("id")

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        row["user_id"] = (row.get("user") or {}).get("id")
        row["team_id"] = (context or {})["team_id"]
        return row


class UsersStream(PagerDutyStream):
    """Users; their contact methods come embedded (`include[]=contact_methods`)."""

    name = "users"
    path = "/users"
    collection = "users"
    primary_keys = ("id",)
    # Embedding contact methods saves one request per user.
    extra_params: t.ClassVar[dict[str, t.Any]] = {"include[]": ["contact_methods"]}
    filter_settings = ("team_ids",)
    schema = s.USER
    # Each complete sync is recorded (`inventory_syncs`): see ServicesStream.
    full_inventory = True
    inventory_filters = ("team_ids",)

    @override
    def get_child_context(self, record: dict, context: Context | None) -> dict:
        return {"user_id": record["id"]}

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        embedded = row.get("contact_methods") or []
        if all("address" in cm for cm in embedded):
            # The child stream syncs right after this record: hand it the full objects.
            self.http.prefetched[CONTACT_METHODS, row["id"]] = embedded
        # Keep the reference form in `users`; the full objects go to user_contact_methods.
        row["contact_methods"] = [
            {k: cm.get(k) for k in ("id", "type", "summary", "self", "html_url") if k in cm}
            for cm in row.get("contact_methods") or []
        ]
        return row


class UserContactMethodsStream(PagerDutyStream):
    """Each user's contact methods (email, phone, SMS, push), from the users response."""

    name = "user_contact_methods"
    path = "/users/{user_id}/contact_methods"
    collection = "contact_methods"
    primary_keys = ("id",)
    parent_stream_type = UsersStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    # Read per user only when /users did not embed them; a user deleted meanwhile
    # answers 404 there, and is skipped.
    vanished_statuses = VANISHED
    vanished_keeps = "the user record is kept"
    # `/users/{id}/contact_methods` is one unpaginated list.
    paginated = False
    schema = s.CONTACT_METHOD
    # Recorded with each complete sync of the users (a contact method missing was removed).
    full_inventory = True
    inventory_filters = ("team_ids",)

    @override
    def describe_child(self, context: Context | None) -> str:
        return f"user {(context or {}).get('user_id')}"

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        # The parent embedded the full objects: no request needed.
        key = (CONTACT_METHODS, str((context or {}).get("user_id", "")))
        embedded = self.http.prefetched.pop(key, None)
        if embedded is None:
            yield from super().get_records(context)
            return
        for method in embedded:
            yield {**method, "user_id": (context or {})["user_id"]}

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        row.setdefault("user_id", (context or {}).get("user_id"))
        return row


class EscalationPoliciesStream(PagerDutyStream):
    """Escalation policies and their rules (who is paged, after how long)."""

    name = "escalation_policies"
    path = "/escalation_policies"
    collection = "escalation_policies"
    primary_keys = ("id",)
    schema = s.ESCALATION_POLICY


class SchedulesStream(PagerDutyStream):
    """On-call schedules."""

    name = "schedules"
    path = "/schedules"
    collection = "schedules"
    primary_keys = ("id",)
    # The rotation layers come only when asked for (same request, no extra cost).
    extra_params: t.ClassVar[dict[str, t.Any]] = {"include[]": ["schedule_layers"]}
    schema = s.SCHEDULE


class PrioritiesStream(PagerDutyStream):
    """The account's incident priorities (P1…P5)."""

    name = "priorities"
    path = "/priorities"
    collection = "priorities"
    primary_keys = ("id",)
    schema = s.PRIORITY


# --- incremental -----------------------------------------------------------------------


class IncidentsStream(CreatedWindowStream):
    """Incidents, re-read while open so acknowledgements and resolutions are captured."""

    name = "incidents"
    path = "/incidents"
    collection = "incidents"
    primary_keys = ("id",)
    tracks_open = True
    extra_params: t.ClassVar[dict[str, t.Any]] = {"sort_by": "created_at:asc"}
    filter_settings = ("service_ids", "team_ids")
    schema = s.INCIDENT

    @override
    def is_open(self, record: dict[str, t.Any]) -> bool:
        return record.get("status") != "resolved"


class LogEntriesStream(CreatedWindowStream):
    """Every incident log entry (`is_overview=false`): triggers, notifies, acks, escalations."""

    name = "log_entries"
    path = "/log_entries"
    collection = "log_entries"
    primary_keys = ("id",)
    extra_params: t.ClassVar[dict[str, t.Any]] = {"is_overview": "false"}
    # /log_entries has no service filter: services are filtered in post_process.
    filter_settings = ("team_ids",)
    schema = s.LOG_ENTRY

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        service_ids = self.config.get("service_ids")
        if service_ids and (row.get("service") or {}).get("id") not in service_ids:
            return None
        return row


class IncidentAnalyticsStream(CreatedWindowStream):
    """PagerDuty's own per-incident response metrics (`POST /analytics/raw/incidents`)."""

    name = "incident_analytics"
    path = "/analytics/raw/incidents"
    collection = "data"
    primary_keys = ("id",)
    http_method = "POST"
    tracks_open = True
    schema = s.INCIDENT_ANALYTICS
    #: Analytics pages hold up to 1,000 records and use a cursor, not offsets.
    analytics_page_size = 1000
    # The analytics API accepts a year per request: fewer windows, fewer partial pages.
    max_window = timedelta(days=364)

    @override
    def is_open(self, record: dict[str, t.Any]) -> bool:
        return record.get("resolved_at") is None

    def analytics_body(self, window: Window, cursor: str | None) -> dict[str, t.Any]:
        """The request body for one page of a window (`cursor`: the previous page's last)."""
        filters: dict[str, t.Any] = {
            "created_at_start": iso(window.since),
            "created_at_end": iso(window.until),
        }
        if self.config.get("service_ids"):
            filters["service_ids"] = list(self.config["service_ids"])
        if self.config.get("team_ids"):
            filters["team_ids"] = list(self.config["team_ids"])
        body: dict[str, t.Any] = {
            "filters": filters,
            "limit": self.analytics_page_size,
            "order": "asc",
            "order_by": "created_at",
            "time_zone": "Etc/UTC",
        }
        if cursor:
            body["starting_after"] = cursor
        return body

    @override
    def iter_pages(
        self, context: Context | None, windows: list[Window]
    ) -> Iterable[tuple[Window, list[dict[str, t.Any]], bool]]:
        # Cursor pages come in creation order (`order: asc`), so each page is emitted and
        # checkpointed as it arrives (each counts as a complete window): memory stays one
        # page (1,000 rows) whatever the account's size. Sequential on purpose: analytics
        # is ~1% of a sync's requests. Order assumption relied on: pages follow one
        # another in `created_at` order (the cursor walks the requested order), so a
        # checkpoint at a page's newest row never passes a row still to come. The
        # cursor is the page's `last` (its last row's id), whatever page size the server
        # chose (it may serve fewer rows than `limit`; its body's `limit` says so).
        for window in windows:
            cursor: str | None = None
            progress = PageProgress(self.name, logger=self.logger)
            while True:
                body = self.get_json(
                    self.path, method=self.http_method, body=self.analytics_body(window, cursor)
                )
                page = body.get("data") or []
                yield window, page, True
                if not body.get("more") or not page or not progress.page(page):
                    break
                cursor = body.get("last") or page[-1]["id"]
                if not progress.next_token(cursor):
                    break
