"""tap-github-reliability: the Tap class, its settings and its streams."""

from __future__ import annotations

import re
import sys
import typing as t
from datetime import datetime
from urllib.parse import urlparse

from singer_sdk import Tap
from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import MsgSpecWriter
from singer_sdk.exceptions import ConfigValidationError
from singer_sdk.singerlib import Message, RecordMessage
from typing_extensions import override

from tap_github_reliability import streams
from tap_github_reliability.client import DEFAULT_API_URL, DEFAULT_API_VERSION, GitHubHTTP

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream

STREAM_TYPES: tuple[type[streams.GitHubStream], ...] = (
    streams.TeamsStream,
    streams.TeamMembersStream,
    streams.RepoTeamsStream,
    streams.RepositoriesStream,
    streams.RepoHooksStream,
    streams.BranchProtectionStream,
    streams.RulesetsStream,
    streams.EnvironmentsStream,
    streams.DeploymentsStream,
    streams.DeploymentStatusesStream,
    streams.ReleasesStream,
    streams.PullRequestsStream,
    streams.WorkflowRunsStream,
)
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")


class BufferedMsgSpecWriter(MsgSpecWriter):
    """msgspec serialisation, written in chunks rather than flushed after every message.

    RECORD messages collect in a buffer of about 256 KiB; any other message (SCHEMA,
    STATE) flushes it, so a STATE never reaches the target ahead of the records it covers.
    """

    flush_bytes = 256 * 1024

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the writer with an empty buffer."""
        super().__init__(*args, **kwargs)
        self._pending = bytearray()

    @override
    def write_message(self, message: Message) -> None:
        self._pending += self.format_message(message)
        if len(self._pending) >= self.flush_bytes or not isinstance(message, RecordMessage):
            self.flush()

    def flush(self) -> None:
        """Write out what is buffered."""
        if self._pending:
            sys.stdout.buffer.write(self._pending)
            self._pending.clear()
        sys.stdout.flush()


class TapGitHubReliability(Tap):
    """Singer tap for GitHub engineering standards and delivery data (github.com or GHES)."""

    name = "tap-github-reliability"
    message_writer_class = BufferedMsgSpecWriter

    config_jsonschema = th.PropertiesList(
        th.Property(
            "auth_token",
            th.StringType,
            required=True,
            secret=True,
            title="Auth token",
            description="GitHub token (classic with `repo`, `read:org` and `admin:repo_hook`, "
            "or fine-grained / app token with the matching read permissions), sent as "
            "`Authorization: Bearer`.",
        ),
        th.Property(
            "additional_auth_tokens",
            th.ArrayType(th.StringType),
            secret=True,
            title="Additional auth tokens",
            description="More tokens; the tap switches to the next one when the current "
            "token's primary rate limit is spent, and waits only when all are.",
        ),
        th.Property(
            "organizations",
            th.ArrayType(th.StringType),
            required=True,
            title="Organizations",
            description='Logins of the organizations to read, e.g. `["acme"]`.',
        ),
        th.Property(
            "repositories_include",
            th.ArrayType(th.StringType),
            title="Repositories to include",
            description="Glob patterns on the repository name (`lib-*`) or full name "
            "(`acme/lib-*`); only matching repositories are read. Default: all.",
        ),
        th.Property(
            "repositories_exclude",
            th.ArrayType(th.StringType),
            title="Repositories to exclude",
            description="Glob patterns of repositories not to read (wins over include).",
        ),
        th.Property(
            "api_url",
            th.URIType,
            default=DEFAULT_API_URL,
            title="API URL",
            description="GitHub REST API root: `https://api.github.com`, or "
            "`https://HOST/api/v3` for GitHub Enterprise Server.",
        ),
        th.Property(
            "api_version",
            th.StringType,
            default=DEFAULT_API_VERSION,
            title="API version",
            description="Sent as `X-GitHub-Api-Version`.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            title="Start date",
            description="On the first sync, read pull requests (by update), deployments, "
            "releases and workflow runs from this time (ISO-8601). Default: all history.",
        ),
        th.Property(
            "lookback_minutes",
            th.IntegerType(minimum=0),
            default=180,
            title="Lookback (minutes)",
            description="Overlap with the previous sync for the incremental streams: catches "
            "objects that become visible late (a deployment recorded after the fact). The "
            "newest page is read anyway, so this costs few requests.",
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
            description="Retries of one request after a rate limit, 5xx, timeout or dropped "
            "connection.",
        ),
        th.Property(
            "max_retry_wait",
            th.IntegerType(minimum=1),
            default=900,
            title="Maximum retry wait",
            description="Seconds one request may spend waiting (rate-limit resets included) "
            "before the run fails with a message.",
        ),
        th.Property(
            "max_concurrency",
            th.IntegerType(minimum=1, maximum=32),
            default=8,
            title="Maximum concurrency",
            description="Repositories read at once (GitHub discourages many more concurrent "
            "requests: secondary rate limits).",
        ),
        th.Property(
            "user_agent",
            th.StringType,
            title="User agent",
            description="User-Agent header sent with every request (GitHub requires one).",
        ),
    ).to_dict()

    @override
    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._check_config()

    def _check_config(self) -> None:
        """Reject what JSON Schema cannot express, before any request is sent."""
        errors: list[str] = []
        tokens = [self.config.get("auth_token"), *(self.config.get("additional_auth_tokens") or [])]
        for i, token in enumerate(tokens):
            name = "auth_token" if i == 0 else f"additional_auth_tokens[{i - 1}]"
            text = str(token or "")
            if not text.strip():
                errors.append(f"`{name}` is empty: set it to a GitHub token.")
            elif text.lower().startswith(("bearer ", "token ")):
                errors.append(f"`{name}` must be the bare token, without the scheme prefix.")
        orgs = streams.organizations(self.config)
        if not orgs:
            errors.append('Set `organizations` to the organization login(s), e.g. ["acme"].')
        errors.extend(
            f"`organizations`: {org!r} is not a GitHub login (letters, digits and dashes)."
            for org in orgs
            if not _LOGIN.match(org)
        )
        api_url = str(self.config.get("api_url") or DEFAULT_API_URL)
        parsed = urlparse(api_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            errors.append(
                f"`api_url` {api_url!r} is not a URL: use https://api.github.com or "
                "https://HOST/api/v3 (GitHub Enterprise Server)."
            )
        elif parsed.netloc.lower() == "github.com":
            errors.append("`api_url` for github.com is https://api.github.com (not github.com).")
        start = self.config.get("start_date")
        if start:
            try:
                datetime.fromisoformat(str(start))
            except ValueError:
                errors.append(f"`start_date` {start!r} is not an ISO-8601 date-time.")
        if errors:
            msg = "Invalid tap-github-reliability configuration"
            raise ConfigValidationError(msg, errors=errors)

    @override
    def discover_streams(self) -> list[Stream]:
        tokens = [str(self.config.get("auth_token") or "")]
        tokens += [str(x) for x in self.config.get("additional_auth_tokens") or []]
        http = GitHubHTTP(
            tokens=tokens,
            concurrency=int(self.config.get("max_concurrency", 8)),
            base_url=str(self.config.get("api_url") or DEFAULT_API_URL),
        )
        self.http = http
        created = [stream_type(self, http=http) for stream_type in STREAM_TYPES]
        repositories = next(s for s in created if isinstance(s, streams.RepositoriesStream))
        for stream in created:
            if isinstance(stream, streams.RepoStream):
                stream.repositories = repositories
        return list(created)

    http: GitHubHTTP | None = None

    # `Tap.sync_all` is final in the SDK (typing only); this public override only wraps it.
    @override  # type: ignore[misc]
    def sync_all(self) -> None:
        """Check each organisation, sync every selected stream, then summarise the skips.

        `GET /orgs/{org}` first: an organisation that does not exist (or that the token
        cannot see) ends the run before any record, with a message naming the setting —
        so a 404 further down (a team's members, a repository's hooks) can only mean a
        child that vanished, which is skipped, counted and summarised here at the end.
        """
        selected = [s for s in self.streams.values() if s.selected]
        if selected:
            first = t.cast("streams.GitHubStream", next(iter(self.streams.values())))
            for org in streams.organizations(self.config):
                first.fetch_organization(org)
        super().sync_all()
        if self.http is not None:
            self.http.skips.summary(self.logger)


if __name__ == "__main__":
    TapGitHubReliability.cli()
