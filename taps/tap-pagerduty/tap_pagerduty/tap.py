"""tap-pagerduty: the Tap class, its settings and its streams."""

from __future__ import annotations

import typing as t
from datetime import datetime

from singer_sdk import Tap
from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import MsgSpecWriter
from singer_sdk.exceptions import ConfigValidationError
from typing_extensions import override

from tap_pagerduty import streams
from tap_pagerduty.client import API_URLS, PAGE_SIZE_MAX, PagerDutyHTTP

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream

STREAM_TYPES: tuple[type[streams.PagerDutyStream], ...] = (
    streams.ServicesStream,
    streams.TeamsStream,
    streams.TeamMembersStream,
    streams.UsersStream,
    streams.UserContactMethodsStream,
    streams.EscalationPoliciesStream,
    streams.SchedulesStream,
    streams.PrioritiesStream,
    streams.IncidentsStream,
    streams.LogEntriesStream,
    streams.IncidentAnalyticsStream,
)


class TapPagerDuty(Tap):
    """Singer tap for the PagerDuty REST API v2."""

    name = "tap-pagerduty"
    # msgspec serialises Singer messages several times faster than the json module.
    message_writer_class = MsgSpecWriter

    config_jsonschema = th.PropertiesList(
        th.Property(
            "token",
            th.StringType,
            required=True,
            secret=True,
            title="API token",
            description="PagerDuty REST API key (read-only account key recommended), sent as "
            "`Authorization: Token token=<token>`.",
        ),
        th.Property(
            "region",
            th.StringType,
            default="us",
            allowed_values=sorted(API_URLS),
            title="Region",
            description="Service region of the account: `us` (api.pagerduty.com) or `eu` "
            "(api.eu.pagerduty.com). Ignored when `api_url` is set.",
        ),
        th.Property(
            "api_url",
            th.URIType,
            title="API URL",
            description="Override the API base URL (a proxy or the local sandbox), e.g. "
            "`http://127.0.0.1:8765/pagerduty`.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            title="Start date",
            description="Read incidents, log entries and analytics created from this time "
            "(ISO-8601). Default: 365 days before the first sync.",
        ),
        th.Property(
            "service_ids",
            th.ArrayType(th.StringType),
            title="Service IDs",
            description="Only these services (and their incidents, log entries, analytics).",
        ),
        th.Property(
            "team_ids",
            th.ArrayType(th.StringType),
            title="Team IDs",
            description="Only these teams (PagerDuty's `team_ids[]` filter).",
        ),
        th.Property(
            "page_size",
            th.IntegerType(minimum=1, maximum=PAGE_SIZE_MAX),
            default=PAGE_SIZE_MAX,
            title="Page size",
            description="Records per request (`limit`, at most 100).",
        ),
        th.Property(
            "request_timeout",
            th.IntegerType(minimum=1),
            default=60,
            title="Request timeout",
            description="Seconds to wait for one response before retrying.",
        ),
        th.Property(
            "max_retries",
            th.IntegerType(minimum=0),
            default=8,
            title="Maximum retries",
            description="Retries of one request after a 429, 5xx, timeout or dropped connection.",
        ),
        th.Property(
            "max_retry_wait",
            th.IntegerType(minimum=1),
            default=600,
            title="Maximum retry wait",
            description="Seconds one request may spend waiting on retries before the run fails.",
        ),
        th.Property(
            "requests_per_minute",
            th.IntegerType(minimum=0),
            default=900,
            title="Requests per minute",
            description="Client-side request budget (PagerDuty allows 960/min per key); 0 "
            "disables the throttle.",
        ),
        th.Property(
            "max_concurrency",
            th.IntegerType(minimum=1, maximum=32),
            default=8,
            title="Maximum concurrency",
            description="Requests in flight at once for incidents, log entries and analytics.",
        ),
        th.Property(
            "user_agent",
            th.StringType,
            title="User agent",
            description="User-Agent header sent with every request.",
        ),
    ).to_dict()

    @override
    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._check_config()

    def _check_config(self) -> None:
        """Reject what JSON Schema cannot express, before any request is sent."""
        errors: list[str] = []
        token = str(self.config.get("token") or "")
        if not token.strip():
            errors.append("`token` is empty: set TAP_PAGERDUTY_TOKEN to a PagerDuty REST API key.")
        elif token.lower().startswith("token "):
            errors.append("`token` must be the bare key, without the `Token token=` prefix.")
        start = self.config.get("start_date")
        if start:
            try:
                datetime.fromisoformat(str(start))
            except ValueError:
                errors.append(f"`start_date` {start!r} is not an ISO-8601 date-time.")
        if errors:
            msg = "Invalid tap-pagerduty configuration"
            raise ConfigValidationError(msg, errors=errors)

    @override
    def discover_streams(self) -> list[Stream]:
        concurrency = int(self.config.get("max_concurrency", 8))
        http = PagerDutyHTTP(
            requests_per_minute=self.config.get("requests_per_minute", 900) or None,
            pool_size=concurrency * 2 + 8,
        )
        self.pagerduty_http = http
        return [stream_type(self, http=http) for stream_type in STREAM_TYPES]

    # The SDK marks sync_all `typing.final`; this override only wraps it (it is where a
    # run ends, whatever ends it), so the run summary comes after every stream.
    @override  # type: ignore[misc]
    def sync_all(self) -> None:
        try:
            super().sync_all()
        finally:
            # One line at the end, whatever happened, for what a warning skipped mid-run.
            http: PagerDutyHTTP | None = getattr(self, "pagerduty_http", None)
            summary = http.vanished.summary() if http is not None else None
            if summary:
                self.logger.warning(summary)


if __name__ == "__main__":
    TapPagerDuty.cli()
