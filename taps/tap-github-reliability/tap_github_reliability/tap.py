"""tap-github-reliability: the Tap class, its settings and its streams."""

from __future__ import annotations

import re
import typing as t
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

from reliability_tap_runtime.sdk_seam import BeforeSync
from reliability_tap_runtime.settings import missing_setting, transport_properties
from reliability_tap_runtime.tap import RuntimeTap
from singer_sdk import typing as th
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


class TapGitHubReliability(BeforeSync, RuntimeTap):
    """Singer tap for GitHub engineering standards and delivery data (github.com or GHES)."""

    name = "tap-github-reliability"

    config_jsonschema = th.PropertiesList(
        th.Property(
            "auth_token",
            th.StringType,
            required=True,
            secret=True,
            title="Auth token",
            description="GitHub token, sent as `Authorization: Bearer`. Classic token scopes: "
            "`repo`, `read:org`, `admin:repo_hook` (hooks; or deselect `repo_hooks`). "
            "Fine-grained or app token: read access to metadata, administration (protection, "
            "hooks, rulesets), deployments, environments, actions, pull requests, contents "
            "(releases) and organisation members.",
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
            examples=[["your-org"]],
            title="Organizations",
            description='Logins of the organizations to read, e.g. `["acme"]`.',
        ),
        th.Property(
            "repositories_include",
            th.ArrayType(th.StringType),
            examples=[["svc-*"]],
            title="Repositories to include",
            description="Glob patterns on the repository name (`lib-*`) or full name "
            "(`acme/lib-*`), case-insensitive; only matching repositories are read. Default: all.",
        ),
        th.Property(
            "repositories_exclude",
            th.ArrayType(th.StringType),
            examples=[["*-archive"]],
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
            examples=["2026-01-01T00:00:00Z"],
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
        *transport_properties(
            vendor="GitHub",
            requests_per_minute=0,
            budget_note="GitHub allows 5,000 requests an hour per user token, more for apps, "
            "and about 900 a minute on REST before its secondary limits",
            concurrency_note="Requests in flight at once: repositories (and deployments' "
            "statuses) read side by side, and the numbered pages of one repository's lists "
            "(four pages held ahead, or a quarter of this setting when more). GitHub "
            "discourages many more concurrent requests (secondary rate limits).",
        ),
    ).to_dict()

    stream_types = STREAM_TYPES
    # Pages read ahead on worker threads: with glibc's default arenas, freed page bodies
    # stayed in RSS (5,000 pull requests at 150 ms, five pages ahead: 72-73 MiB, with two
    # arenas 60-68, CPU unchanged; mapping large bodies apart cost 10-15 % more CPU).
    malloc_arenas = 2

    @override
    def config_errors(self) -> list[str]:
        """Tokens, organisation logins and `api_url`, checked before any request."""
        errors: list[str] = []
        tokens = [self.config.get("auth_token"), *(self.config.get("additional_auth_tokens") or [])]
        for i, token in enumerate(tokens):
            name = "auth_token" if i == 0 else f"additional_auth_tokens[{i - 1}]"
            text = str(token or "")
            if not text.strip():
                errors.append(missing_setting("tap-github-reliability", name, "a GitHub token"))
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
        api_url = str(self.config["api_url"])
        parsed = urlparse(api_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            errors.append(
                f"`api_url` {api_url!r} is not a URL: use https://api.github.com or "
                "https://HOST/api/v3 (GitHub Enterprise Server)."
            )
        elif parsed.netloc.lower() == "github.com":
            errors.append("`api_url` for github.com is https://api.github.com (not github.com).")
        return errors

    @override
    def make_http(self) -> GitHubHTTP:
        tokens = [str(self.config.get("auth_token") or "")]
        tokens += [str(x) for x in self.config.get("additional_auth_tokens") or []]
        return GitHubHTTP(
            tokens=tokens,
            requests_per_minute=self.config["requests_per_minute"] or None,
            concurrency=self.config["max_concurrency"],
            base_url=str(self.config["api_url"]),
        )

    @override
    def discover_streams(self) -> list[Stream]:
        created = super().discover_streams()
        repositories = next(s for s in created if isinstance(s, streams.RepositoriesStream))
        for stream in created:
            if isinstance(stream, streams.RepoStream):
                stream.repositories = repositories
        return list(created)

    @override
    def before_sync(self) -> None:
        """Check each organisation before any stream syncs.

        `GET /orgs/{org}` first: an organisation that does not exist (or that the token
        cannot see) ends the run before any record, with a message naming the setting —
        so a 404 further down (a team's members, a repository's hooks) can only mean a
        child that vanished, which is skipped, counted and summarised at the end of the
        run (`RuntimeTap.after_sync`).
        """
        if not any(s.selected for s in self.streams.values()):
            return
        root = t.cast("streams.RepositoriesStream", self.streams["repositories"])
        orgs = streams.organizations(self.config)
        listed = any(
            s.selected
            for s in self.streams.values()
            if isinstance(s, (streams.RepositoriesStream, streams.RepoStream))
        )
        # The repository list, which those streams read first, is asked meanwhile: one
        # round trip less before the first record (150 ms of ~4 s for one repository of
        # 5,000 pull requests at 150 ms a request). Nothing is emitted before the check
        # passes; a list that failed is read again, and fails, in its stream's sync.
        with ThreadPoolExecutor(max(1, len(orgs)), thread_name_prefix="repos") as pool:
            lists = [pool.submit(root.repos_of, org) for org in orgs] if listed else []
            try:
                for org in orgs:
                    root.fetch_organization(org)
            finally:
                for future in lists:
                    future.cancel()


if __name__ == "__main__":
    TapGitHubReliability.cli()
