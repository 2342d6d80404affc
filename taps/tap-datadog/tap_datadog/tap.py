"""tap-datadog: the Tap class, its settings and its streams."""

from __future__ import annotations

import typing as t

from reliability_tap_runtime import sdk_seam
from reliability_tap_runtime.settings import missing_setting, transport_properties
from reliability_tap_runtime.tap import RuntimeTap
from singer_sdk import typing as th
from typing_extensions import override

from tap_datadog import streams
from tap_datadog.client import SITES, DatadogHTTP, api_base

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream

STREAM_TYPES: tuple[type[streams.DatadogStream], ...] = (
    streams.MonitorsStream,
    streams.MonitorEventsStream,
    streams.DowntimesStream,
    streams.SyntheticsTestsStream,
    streams.SyntheticsResultsStream,
    streams.SlosStream,
    streams.SloCorrectionsStream,
    streams.SloHistoryStream,
    streams.IncidentsStream,
    streams.IncidentTodosStream,
)


class TapDatadog(RuntimeTap):
    """Singer tap for the Datadog API (v1 and v2)."""

    name = "tap-datadog"

    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_key",
            th.StringType,
            required=True,
            secret=True,
            title="API key",
            description="Datadog API key, sent as `DD-API-KEY`.",
        ),
        th.Property(
            "app_key",
            th.StringType,
            required=True,
            secret=True,
            title="Application key",
            description="Datadog application key, sent as `DD-APPLICATION-KEY`; its role (or "
            "scopes) needs monitors_read, events_read, synthetics_read, slos_read and "
            "incident_read for every stream.",
        ),
        th.Property(
            "site",
            th.StringType,
            default="datadoghq.com",
            allowed_values=sorted(SITES),
            title="Site",
            description="The account's Datadog site (US1 `datadoghq.com`, `us3.datadoghq.com`, "
            "`us5.datadoghq.com`, EU `datadoghq.eu`, `ap1.datadoghq.com`, `ap2.datadoghq.com`, "
            "US1-FED `ddog-gov.com`); the API host is `api.<site>`. Ignored when `api_url` is set.",
        ),
        th.Property(
            "api_url",
            th.URIType,
            title="API URL",
            description="Override the API base URL (a proxy or the local sandbox), e.g. "
            "`http://127.0.0.1:8765/datadog`; paths `/api/v1/...` are appended.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            examples=["2026-01-01T00:00:00Z"],
            title="Start date",
            description="First sync: read monitor events and synthetic results from this time "
            "(default 365 days before), incidents and their todos modified since (default "
            "all); SLO history never starts before it (see `slo_history_days`). ISO-8601.",
        ),
        th.Property(
            "monitor_tags",
            th.ArrayType(th.StringType),
            examples=[["team:payments"]],
            title="Monitor tags",
            description="Only monitors (and monitor events) carrying all these tags, e.g. "
            "`service:checkout-api`, `team:payments`.",
        ),
        th.Property(
            "slo_tags",
            th.ArrayType(th.StringType),
            examples=[["service:checkout-api"]],
            title="SLO tags",
            description="Only SLOs (and their history) carrying all these tags.",
        ),
        th.Property(
            "slo_history_days",
            th.IntegerType(minimum=1, maximum=1825),
            default=90,
            title="SLO history window",
            description="Days of daily SLO history read on the first sync (and for SLOs "
            "created since the last one); later syncs continue from the bookmark.",
        ),
        th.Property(
            "slo_history_lookback_days",
            th.IntegerType(minimum=0, maximum=90),
            default=2,
            title="SLO history lookback",
            description="Days before the bookmarked day that every incremental sync reads "
            "again, for data Datadog receives late. Days an SLO status correction changed "
            "are read again whatever this says.",
        ),
        th.Property(
            "page_size",
            th.IntegerType(minimum=1, maximum=1000),
            default=1000,
            title="Page size",
            description="Records per request, capped per endpoint (monitors, synthetics, SLOs "
            "and events 1,000; incidents 100).",
        ),
        *transport_properties(
            vendor="Datadog",
            requests_per_minute=600,
            budget_note="shared by every stream and thread; Datadog budgets requests per "
            "organisation and endpoint, and the tap also pauses when a response says the "
            "budget is spent (`X-RateLimit-Remaining: 0`) and waits `X-RateLimit-Reset` "
            "after a 429",
            concurrency_note="Requests in flight at once for SLO history, synthetic results "
            "and incident todos (one request per object).",
        ),
    ).to_dict()

    @override
    def config_errors(self) -> list[str]:
        """Keys and tags, checked before any request (`start_date` by the runtime)."""
        errors: list[str] = []
        for key, what in (
            ("api_key", "a Datadog API key"),
            ("app_key", "a Datadog application key"),
        ):
            value = str(self.config.get(key) or "")
            if not value.strip():
                errors.append(missing_setting("tap-datadog", key, what))
            elif value != value.strip():
                errors.append(f"`{key}` has leading or trailing whitespace.")
        if self.config.get("api_key") and self.config.get("api_key") == self.config.get("app_key"):
            errors.append("`api_key` and `app_key` are the same: Datadog needs both keys.")
        for key in ("monitor_tags", "slo_tags"):
            bad = [x for x in self.config.get(key) or [] if not str(x).strip() or "," in str(x)]
            if bad:
                errors.append(f"`{key}` entries must be single non-empty tags: {bad!r}.")
        return errors

    @override
    def make_http(self) -> DatadogHTTP:
        return DatadogHTTP(
            requests_per_minute=self.config["requests_per_minute"] or None,
            concurrency=self.config["max_concurrency"],
            base_url=api_base(self.config),
        )

    @override
    def discover_streams(self) -> list[Stream]:
        http = t.cast("DatadogHTTP", self.http)
        made = {stream_type: stream_type(self, http=http) for stream_type in STREAM_TYPES}
        # A per-object stream reads the objects its lister lists (and reuses its listing
        # when the lister ran first in the same sync).
        for stream in made.values():
            if isinstance(stream, streams.PerObjectStream):
                stream.lister = t.cast("streams.ListedStream", made[stream.lister_type])
        history = t.cast("streams.SloHistoryStream", made[streams.SloHistoryStream])
        history.corrections = t.cast(
            "streams.SloCorrectionsStream", made[streams.SloCorrectionsStream]
        )
        return self.with_inventory_syncs(list(made.values()))

    @property
    @override
    def streams(self) -> dict[str, Stream]:
        # Sync in the declared order (the SDK sorts by name): each listing stream runs
        # before the per-object stream that reuses its listing (synthetics_tests before
        # synthetics_results, slos and slo_corrections before slo_history, incidents before
        # incident_todos).
        return sdk_seam.order_streams(self, super().streams, list(STREAM_TYPES))


if __name__ == "__main__":
    TapDatadog.cli()
