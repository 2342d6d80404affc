"""tap-sentry: the Tap class, its settings and its streams."""

from __future__ import annotations

from reliability_tap_runtime.http import SharedHTTP
from reliability_tap_runtime.settings import missing_setting, transport_properties
from reliability_tap_runtime.tap import RuntimeTap
from singer_sdk import typing as th
from typing_extensions import override

from tap_sentry import streams
from tap_sentry.client import PAGE_SIZE_MAX, REGION_URLS

STREAM_TYPES: tuple[type[streams.SentryStream], ...] = (
    streams.OrganizationsStream,
    streams.ProjectsStream,
    streams.ProjectTeamsStream,
    streams.TeamsStream,
    streams.IssuesStream,
    streams.IssueEventsStream,
    streams.IssueActivityStream,
    streams.ReleasesStream,
    streams.ReleaseDeploysStream,
)


class TapSentry(RuntimeTap):
    """Singer tap for Sentry (sentry.io in the US or EU, or self-hosted)."""

    name = "tap-sentry"
    stream_types = STREAM_TYPES

    config_jsonschema = th.PropertiesList(
        th.Property(
            "auth_token",
            th.StringType,
            required=True,
            secret=True,
            title="Auth token",
            description="Sentry auth token (personal or internal integration) with the "
            "org:read, project:read and event:read scopes, sent as `Authorization: Bearer`.",
        ),
        th.Property(
            "organization",
            th.StringType,
            title="Organization",
            description="Slug of the organization to read.",
        ),
        th.Property(
            "organizations",
            th.ArrayType(th.StringType),
            examples=[["acme", "acme-eu"]],
            title="Organizations",
            description="Slugs of several organizations to read in one run (added to "
            "`organization`).",
        ),
        th.Property(
            "region",
            th.StringType,
            default="us",
            allowed_values=sorted(REGION_URLS),
            title="Region",
            description="Data region of a sentry.io organization: `us` (us.sentry.io) or "
            "`de` (de.sentry.io). Ignored when `base_url` is set.",
        ),
        th.Property(
            "base_url",
            th.URIType,
            examples=["https://sentry.example.com"],
            title="Base URL",
            description="Sentry host for self-hosted Sentry, a proxy or the local sandbox, "
            "e.g. `https://sentry.example.com` (API paths `/api/0/...` are appended).",
        ),
        th.Property(
            "projects",
            th.ArrayType(th.StringType),
            examples=[["checkout-api"]],
            title="Projects",
            description="Only these projects (slugs or ids): projects, their teams, issues "
            "and releases. Default: every project the token can see.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            examples=["2026-01-01T00:00:00Z"],
            title="Start date",
            description="Read issues last seen from this time on the first sync (ISO-8601). "
            "Default: 90 days before the first sync (Sentry's event retention).",
        ),
        th.Property(
            "issue_query",
            th.StringType,
            default="",
            title="Issue query",
            description="Sentry search query for issues. Default empty: every status "
            "(Sentry itself applies `is:unresolved` when no query is sent).",
        ),
        th.Property(
            "issue_window_days",
            th.IntegerType(minimum=1, maximum=365),
            title="Longest issue window (days)",
            description="At most this many days of `lastSeen` per window. Default: none; "
            "windows are sized by what they hold and read side by side within 1.05x the "
            "minimum requests (each a resume point held in memory whole, at most 10,000 "
            "issues in all), so sparse data costs one request per 100 issues.",
        ),
        th.Property(
            "reread_open_issues_days",
            th.IntegerType(minimum=0),
            default=14,
            title="Re-read open issues (days)",
            description="Issues still open at the last sync and last seen at most this many "
            "days before the bookmark are read again, to catch resolutions (which do not "
            "change `lastSeen`).",
        ),
        th.Property(
            "issue_sweep_interval_hours",
            th.IntegerType(minimum=0),
            default=168,
            title="Issue sweep interval (hours)",
            description="Every this many hours an incremental sync re-reads every issue "
            "last seen within the event retention, to catch status changes of issues idle "
            "for longer than `reread_open_issues_days` (a backlog triage resolves them "
            "without a new event). 0 = every sync.",
        ),
        th.Property(
            "lookback_minutes",
            th.IntegerType(minimum=0),
            default=10,
            title="Lookback (minutes)",
            description="Overlap with the previous sync, for events Sentry ingests late.",
        ),
        th.Property(
            "max_events_per_issue",
            th.IntegerType(minimum=0),
            default=1000,
            title="Maximum events per issue",
            description="Events read per issue and sync (0 = all). Caps the requests very "
            "noisy issues cost; deterministic (see `event_sampling`). Memory does not depend "
            "on it: events are emitted as they are read.",
        ),
        th.Property(
            "event_sampling",
            th.StringType,
            default="latest",
            allowed_values=["latest", "sample"],
            title="Event sampling",
            description="Which events the cap keeps: `latest` (newest first) or `sample` "
            "(Sentry's deterministic pseudo-random sample over the range).",
        ),
        th.Property(
            "event_retention_days",
            th.IntegerType(minimum=0),
            default=90,
            title="Event retention (days)",
            description="Sentry's event retention (90 days on sentry.io; self-hosted: "
            "`SENTRY_EVENT_RETENTION_DAYS`). Issues last seen longer ago than this, "
            "by the server's clock (its `Date` header), are not asked for events: Sentry "
            "no longer serves them. 0 = ask for every issue.",
        ),
        th.Property(
            "full_events",
            th.BooleanType,
            default=False,
            title="Full events",
            description="Ask for full event bodies (stack traces, contexts; `full=true`).",
        ),
        th.Property(
            "page_size",
            th.IntegerType(minimum=1, maximum=PAGE_SIZE_MAX),
            default=PAGE_SIZE_MAX,
            title="Page size",
            description="Records per request (`per_page`/`limit`, at most 100).",
        ),
        *transport_properties(
            vendor="Sentry",
            requests_per_minute=0,
            budget_note="default none: Sentry limits each caller per endpoint and says so "
            "in its `X-Sentry-Rate-Limit-*` headers",
            concurrency_note="Requests in flight at once (issue events and details, "
            "release deploys, issue windows); lowered to Sentry's "
            "`X-Sentry-Rate-Limit-ConcurrentLimit` when smaller.",
        ),
    ).to_dict()

    @override
    def config_errors(self) -> list[str]:
        errors: list[str] = []
        token = str(self.config.get("auth_token") or "")
        if not token.strip():
            errors.append(missing_setting("tap-sentry", "auth_token", "a Sentry auth token"))
        elif token.lower().startswith("bearer "):
            errors.append("`auth_token` must be the bare token, without the `Bearer ` prefix.")
        if not streams.organization_slugs(self.config):
            errors.append("Set `organization` (or `organizations`) to the organization slug(s).")
        errors.extend(
            f"Organization slug {slug!r} is not a slug."
            for slug in streams.organization_slugs(self.config)
            if not slug.strip() or "/" in slug or " " in slug
        )
        return errors

    @override
    def make_http(self) -> SharedHTTP:
        return SharedHTTP(
            requests_per_minute=self.config["requests_per_minute"] or None,
            concurrency=self.config["max_concurrency"],
            base_url=str(self.config.get("base_url") or REGION_URLS[self.config["region"]]),
        )


if __name__ == "__main__":
    TapSentry.cli()
