"""tap-pagerduty: the Tap class, its settings and its streams."""

from __future__ import annotations

from reliability_tap_runtime.settings import missing_setting, transport_properties
from reliability_tap_runtime.tap import RuntimeTap
from singer_sdk import typing as th
from typing_extensions import override

from tap_pagerduty import oncalls, streams
from tap_pagerduty.client import API_URLS, PAGE_SIZE_MAX, PagerDutyHTTP, api_url


class TapPagerDuty(RuntimeTap):
    """Singer tap for the PagerDuty REST API v2."""

    name = "tap-pagerduty"
    stream_types = (
        streams.ServicesStream,
        streams.TeamsStream,
        streams.TeamMembersStream,
        streams.UsersStream,
        streams.UserContactMethodsStream,
        streams.EscalationPoliciesStream,
        streams.SchedulesStream,
        oncalls.OncallsStream,
        streams.PrioritiesStream,
        streams.IncidentsStream,
        streams.LogEntriesStream,
        streams.IncidentAnalyticsStream,
    )
    # Pages read ahead on worker threads: with glibc's default arenas each thread keeps what
    # it freed (20,000 incidents over 731 days: 57-59 MiB, two arenas 54-55; one window of
    # 10,000: 57-58 against 54; every stream: 59-60 against 57; CPU unchanged).
    malloc_arenas = 2

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
            examples=["2025-01-01T00:00:00Z"],
            title="Start date",
            description="Read incidents, log entries and analytics created from this time, "
            "and on-call shifts from it (ISO-8601). Default: 365 days before the first sync.",
        ),
        th.Property(
            "service_ids",
            th.ArrayType(th.StringType),
            examples=[["PABC123"]],
            title="Service IDs",
            description="Only these services, and their incidents (`service_ids[]`), log "
            "entries (filtered client-side) and analytics.",
        ),
        th.Property(
            "team_ids",
            th.ArrayType(th.StringType),
            examples=[["PXYZ789"]],
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
        *transport_properties(
            vendor="PagerDuty",
            requests_per_minute=900,
            budget_note="PagerDuty allows 960/min per key",
            concurrency_note="Requests in flight at once for incidents, log entries and analytics.",
        ),
    ).to_dict()

    @override
    def config_errors(self) -> list[str]:
        token = str(self.config.get("token") or "")
        if not token.strip():
            return [missing_setting("tap-pagerduty", "token", "a PagerDuty REST API key")]
        if token.lower().startswith("token "):
            return ["`token` must be the bare key, without the `Token token=` prefix."]
        return []

    @override
    def make_http(self) -> PagerDutyHTTP:
        # PagerDuty's rate limit is per API key: every stream and thread of the run draws
        # from one budget. The windowed streams share one end too (`SyncCut`).
        return PagerDutyHTTP(
            requests_per_minute=self.config["requests_per_minute"] or None,
            concurrency=self.config["max_concurrency"],
            base_url=api_url(self.config),
        )


if __name__ == "__main__":
    TapPagerDuty.cli()
