"""GitHub streams: organisation inventory, standards posture and delivery history.

Organisation streams (`teams`, `team_members`, `repositories`, `repo_teams`) are
partitioned by organisation. Per-repository streams read every selected repository of
every organisation, a few repositories at a time on a worker pool, and emit in
repository order (by full name), so concurrency never reorders output or moves a
bookmark past unread data. Their state is one small entry per stream: the bookmark of
the last complete sync, and while a sync runs a resume point (the last repository whose
records are all out) written every few repositories.
"""

from __future__ import annotations

import fnmatch
import queue
import threading
import typing as t
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from reliability_tap_runtime.errors import VanishedChildError
from reliability_tap_runtime.sdk_seam import (
    CustomChildSync,
    ManualBookmarks,
    ParentWritesState,
    SchemaOnce,
    checkpoint,
    mark_state_changed,
    write_records,
)
from reliability_tap_runtime.settings import start_date
from typing_extensions import override

from tap_github_reliability import schemas as s
from tap_github_reliability.client import (
    NO_ACCESS_NOTE,
    PAGE_SIZE,
    ChildUnavailableError,
    FloorReach,
    GitHubStream,
    pick,
    row_type,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from singer_sdk.helpers.types import Context, Record
    from singer_sdk.streams import Stream

RESUME = "resume"
OPEN_SINCE = "open_since"
#: Records still changing are re-read next sync only if created this recently: a
#: deployment that never got a final status must not pin the floor for ever.
OPEN_HORIZON = timedelta(days=7)
#: A checkpoint (STATE message) every this many repositories.
CHECKPOINT_REPOS = 10
TERMINAL_DEPLOYMENT_STATES = frozenset({"success", "failure", "error", "inactive"})
_REASONS = {404: "no_access", 409: "empty_repository", 410: "feature_disabled"}


def parse_ts(value: str) -> datetime:
    """Parse GitHub's timestamps (`Z` or offsets)."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso(value: datetime) -> str:
    """UTC ISO-8601 with a `Z`."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def organizations(config: t.Mapping[str, t.Any]) -> list[str]:
    """The configured organisation logins, deduplicated."""
    return list(dict.fromkeys(str(o).strip() for o in config.get("organizations") or []))


def repo_selected(config: t.Mapping[str, t.Any], name: str, full_name: str) -> bool:
    """Whether `repositories_include` / `repositories_exclude` keep this repository.

    Patterns are globs on the name (`lib-*`) or on the full name (`acme/lib-*`),
    case-insensitive; exclusion wins.
    """
    include = [str(p).lower() for p in config.get("repositories_include") or []]
    exclude = [str(p).lower() for p in config.get("repositories_exclude") or []]
    names = (name.lower(), full_name.lower())

    def hit(patterns: list[str]) -> bool:
        return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names)

    if include and not hit(include):
        return False
    return not (exclude and hit(exclude))


# Row shapes of the two heaviest lists: GitHub embeds whole repository objects (twice
# per pull request, twice per workflow run) and every user's links; only what the streams
# read is decoded (see `decoded_body`).
def _list_of(item: t.Any) -> t.Any:  # noqa: ANN401
    return list[item]


_USER = row_type("_User", {"id": t.Any, "login": t.Any, "type": t.Any})
_REPO_REF = row_type("_RepoRef", {"id": t.Any, "full_name": t.Any})
_GIT_REF = row_type(
    "_GitRef", {"label": t.Any, "ref": t.Any, "sha": t.Any, "repo": _REPO_REF | None}
)


def _latest(statuses: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    """A deployment's current status: the newest by creation (then id).

    GitHub lists statuses newest first, but the state is taken by time, not position:
    a list served in another order must not reopen (or close) a deployment.
    """
    return max(
        statuses,
        key=lambda st: (parse_ts(st["created_at"]) if st.get("created_at") else _EPOCH, st["id"]),
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _login(user: t.Any) -> str | None:  # noqa: ANN401
    return user.get("login") if isinstance(user, dict) else None


def _allowances(prefix: str, who: dict[str, t.Any]) -> dict[str, list[str]]:
    """`<prefix>_users`, `_teams`, `_apps`: logins and slugs of a protection allow-list."""
    return {
        f"{prefix}_users": [u.get("login") for u in who.get("users") or []],
        f"{prefix}_teams": [x.get("slug") for x in who.get("teams") or []],
        f"{prefix}_apps": [a.get("slug") for a in who.get("apps") or []],
    }


def _enabled(body: dict[str, t.Any], key: str) -> bool | None:
    value = body.get(key)
    if isinstance(value, dict):
        return bool(value.get("enabled"))
    return None


# --- organisation streams ----------------------------------------------------------------


class _OrgStream(GitHubStream):
    """A collection of one organisation (partitioned by organisation)."""

    scope = "read:org"

    @property
    @override
    def partitions(self) -> list[dict[str, t.Any]]:
        return [{"organization": org} for org in organizations(self.config)]


class TeamsStream(_OrgStream):
    """Teams of the organisation (`GET /orgs/{org}/teams`)."""

    name = "teams"
    path = "/orgs/{organization}/teams"
    primary_keys = ("id",)
    schema = s.TEAM.to_dict()
    # Each complete sync is recorded (`inventory_syncs`): see RepositoriesStream.
    full_inventory = True
    inventory_filters = ("organizations",)

    copied = (
        "id",
        "node_id",
        "slug",
        "name",
        "description",
        "privacy",
        "notification_setting",
        "html_url",
        "permission",
        "permissions",
        "type",
        "access_source",
        "organization_id",
        "enterprise_id",
    )

    @override
    def post_process(self, row: Record, context: Context | None = None) -> Record | None:
        parent = row.get("parent") or {}
        return {
            **self.copy_fields(row),
            "organization": (context or {}).get("organization"),
            "parent_id": parent.get("id"),
            "parent_slug": parent.get("slug"),
        }

    @override
    def get_child_context(self, record: Record, context: Context | None) -> dict[str, t.Any]:
        return {
            "organization": record["organization"],
            "team_id": record["id"],
            "team_slug": record["slug"],
        }


class _TeamChild(GitHubStream):
    """A per-team collection (few teams: the SDK's per-parent sync is fine here).

    A team deleted between listing the teams and reading this collection answers 404:
    it is skipped with one warning and counted (the team record is still emitted).
    """

    parent_stream_type = TeamsStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    scope = "read:org"
    vanished_keeps = f"{NO_ACCESS_NOTE}; the team record is kept"

    @override
    def describe_child(self, context: Context | None) -> str:
        return f"team {(context or {}).get('team_slug')}"

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        ctx = context or {}
        try:
            yield from self.team_records(ctx)
        except VanishedChildError as err:
            self.skip_vanished(self.describe_child(ctx), err)

    def team_records(self, ctx: Context) -> Iterable[dict[str, t.Any]]:
        """This stream's records of one team."""
        raise NotImplementedError


class TeamMembersStream(_TeamChild):
    """Members of each team with their role (`/orgs/{org}/teams/{slug}/members?role=…`).

    The member list carries no role: it is read once per role (maintainer, member), two
    requests per team instead of one per membership.
    """

    name = "team_members"
    path = "/orgs/{organization}/teams/{team_slug}/members"
    primary_keys = ("team_id", "user_id")
    schema = s.TEAM_MEMBER.to_dict()
    copied = (
        "login",
        "type",
        "site_admin",
        "node_id",
        "name",
        "email",
        "user_view_type",
        "inherited",
    )

    @override
    def team_records(self, ctx: Context) -> Iterable[dict[str, t.Any]]:
        seen: set[int] = set()
        for role in ("maintainer", "member"):
            for page in self.pages(ctx, {"role": role}):
                for user in page:
                    if user["id"] in seen:
                        continue
                    seen.add(user["id"])
                    yield {
                        **self.copy_fields(user),
                        "team_id": ctx["team_id"],
                        "user_id": user["id"],
                        "organization": ctx["organization"],
                        "team_slug": ctx["team_slug"],
                        # The role asked for (GitHub's `role` field is not always sent).
                        "role": role,
                    }


class RepoTeamsStream(_TeamChild):
    """Which teams have which role on which repository.

    Read per team (`/orgs/{org}/teams/{slug}/repos`, the team's role in `role_name`):
    an organisation has far fewer teams than repositories. A repository with no row
    here is owned by no team.
    """

    name = "repo_teams"
    path = "/orgs/{organization}/teams/{team_slug}/repos"
    primary_keys = ("repository_id", "team_id")
    schema = s.REPO_TEAM.to_dict()
    # Recorded with each complete sync of the teams: a link missing from it was removed.
    full_inventory = True
    inventory_filters = ("organizations", "repositories_include", "repositories_exclude")

    @override
    def team_records(self, ctx: Context) -> Iterable[dict[str, t.Any]]:
        for page in self.pages(ctx):
            for repo in page:
                if not repo_selected(self.config, repo["name"], repo["full_name"]):
                    continue
                yield {
                    "repository_id": repo["id"],
                    "team_id": ctx["team_id"],
                    "organization": ctx["organization"],
                    "repository": repo["full_name"],
                    "team_slug": ctx["team_slug"],
                    "permission": repo.get("role_name") or _role(repo.get("permissions") or {}),
                }


def _role(permissions: dict[str, bool]) -> str | None:
    for key, role in (
        ("admin", "admin"),
        ("maintain", "maintain"),
        ("push", "write"),
        ("triage", "triage"),
        ("pull", "read"),
    ):
        if permissions.get(key):
            return role
    return None


class RepositoriesStream(_OrgStream):
    """Repositories of the organisation (`GET /orgs/{org}/repos`), filtered by the patterns.

    The list is read once per run and shared with every per-repository stream.
    """

    name = "repositories"
    path = "/orgs/{organization}/repos"
    primary_keys = ("id",)
    scope = "repo"
    extra_params: t.ClassVar[dict[str, t.Any]] = {"type": "all", "sort": "full_name"}
    schema = s.REPOSITORY.to_dict()
    # Each complete sync is recorded (`inventory_syncs`): a repository missing from it was
    # deleted (or transferred out, or left the patterns) at GitHub (docs/retention.md).
    full_inventory = True
    inventory_filters = ("organizations", "repositories_include", "repositories_exclude")

    def repos_of(self, org: str) -> list[dict[str, t.Any]]:
        """The organisation's selected repositories by full name (read once per run)."""
        with self.http.repos_lock:
            cached = self.http.repos.get(org)
            if cached is None:
                rows: list[dict[str, t.Any]] = []
                for page in self.pages({"organization": org}):
                    rows.extend(
                        r for r in page if repo_selected(self.config, r["name"], r["full_name"])
                    )
                rows.sort(key=lambda r: r["full_name"].lower())
                self.http.repos[org] = cached = rows
            return cached

    copied = (
        "id",
        "node_id",
        "name",
        "full_name",
        "description",
        "private",
        "visibility",
        "archived",
        "disabled",
        "fork",
        "is_template",
        "default_branch",
        "language",
        "size",
        "has_issues",
        "has_wiki",
        "has_pages",
        "has_discussions",
        "open_issues_count",
        "stargazers_count",
        "forks_count",
        "html_url",
        "created_at",
        "updated_at",
        "pushed_at",
        "homepage",
        "mirror_url",
        "watchers_count",
        "has_projects",
        "has_downloads",
        "has_pull_requests",
        "pull_request_creation_policy",
        "allow_forking",
        "web_commit_signoff_required",
        "permissions",
        "role_name",
        "security_and_analysis",
        "custom_properties",
    )

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        org = (context or {})["organization"]
        for row in self.repos_of(org):
            license_ = row.get("license") or {}
            yield {
                **self.copy_fields(row),
                "organization": org,
                "topics": row.get("topics") or [],
                "license_spdx_id": license_.get("spdx_id"),
                "license_key": license_.get("key"),
                "license_name": license_.get("name"),
            }


# --- per-repository streams -----------------------------------------------------------------

#: Chunks (of up to a page of records) a repository may have read ahead of the emitter.
FEED_CHUNKS = 2
_END = object()


class _Failed:
    """An exception of a worker, raised again by the emitter at the repository's turn."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Feed:
    """One repository's records, handed from its worker thread to the emitter in chunks."""

    future: t.Any = None

    def __init__(self) -> None:
        self._queue: queue.Queue[t.Any] = queue.Queue(maxsize=FEED_CHUNKS)
        self._closed = threading.Event()

    def put(self, item: t.Any) -> bool:  # noqa: ANN401
        """Hand `item` over, waiting while the queue is full; False once the reader left."""
        while not self._closed.is_set():
            try:
                self._queue.put(item, timeout=0.25)
            except queue.Full:
                continue
            return True
        return False

    def close(self) -> None:
        """The emitter stops reading: a waiting worker gives up, a queued one is cancelled."""
        self._closed.set()
        if self.future is not None:
            self.future.cancel()

    def rows(self) -> Iterator[dict[str, t.Any]]:
        """The records in order, as the worker reads them."""
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield from item


class RepoStream(GitHubStream):
    """One request family per repository, over every selected repository.

    Subclasses implement :meth:`read_repo` (runs on a worker thread, returns or yields
    the repository's records: they reach the emitter a page at a time, see
    :meth:`read_repos`). 404, 409 and 410 answers are logged, counted and skipped.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the stream."""
        super().__init__(*args, **kwargs)
        self.skipped: dict[int, int] = {}
        self.repositories: RepositoriesStream | None = None

    def repo_context(self, repo: dict[str, t.Any]) -> dict[str, t.Any]:
        """Context of one repository (URL template values and record fields)."""
        owner, _, name = repo["full_name"].partition("/")
        return {
            "organization": owner,
            "repo_name": name,
            "repository": repo["full_name"],
            "repository_id": repo["id"],
            "default_branch": repo.get("default_branch") or "main",
        }

    def read_repo(self, ctx: dict[str, t.Any]) -> Iterable[dict[str, t.Any]]:
        """This stream's records of one repository (a list, or a generator read page by page)."""
        raise NotImplementedError

    def unavailable(
        self, ctx: dict[str, t.Any], err: ChildUnavailableError
    ) -> list[dict[str, t.Any]]:
        """Records for a repository whose resource is unavailable (default: none)."""
        del ctx, err
        return []

    vanished_keeps = f"{NO_ACCESS_NOTE}; the repository record is kept"

    def _read_or_skip(self, ctx: dict[str, t.Any]) -> Iterator[dict[str, t.Any]]:
        try:
            yield from self.read_repo(ctx)
        except ChildUnavailableError as err:
            if err.vanished:
                # Deleted or renamed since the repository list was read (or no longer
                # visible to the token): one warning, counted in the run summary. Rows
                # of the pages read before it vanished are already out.
                self.skip_vanished(f"repository {ctx['repository']}", err)
            else:
                # A normal answer about the repository (empty, feature disabled, branch
                # not protected): one summary line per stream.
                self.skipped[err.status] = self.skipped.get(err.status, 0) + 1
                self.logger.info(
                    "%s: skipping %s (HTTP %d: %s)",
                    self.name,
                    ctx["repository"],
                    err.status,
                    err.message,
                )
            yield from self.unavailable(ctx, err)

    def all_repos(self, after: str | None = None) -> list[dict[str, t.Any]]:
        """Every selected repository of every organisation, after `after` (a full name)."""
        assert self.repositories is not None  # noqa: S101 - wired by the tap
        return [
            repo
            for org in organizations(self.config)
            for repo in self.repositories.repos_of(org)
            if after is None or repo["full_name"].lower() > after.lower()
        ]

    def read_repos(
        self, repos: list[dict[str, t.Any]]
    ) -> Iterator[tuple[dict[str, t.Any], Iterator[dict[str, t.Any]]]]:
        """`(context, records)` per repository, in order; `max_concurrency` read at once.

        A few repositories are read ahead on worker threads and emitted in the order of
        `repos`, so concurrency never reorders output or moves a resume point past
        unread data. Records flow as they are read: each repository hands its records
        over in chunks of a page through a small bounded queue (`FEED_CHUNKS`), so a
        repository with 200,000 pull requests holds a few pages in memory, not all of
        them; a worker whose queue is full waits for the emitter. The records iterator
        of a repository must be exhausted before the next repository is asked for.
        """
        workers = max(1, self.http.concurrency)
        window = workers * 2
        pending: deque[tuple[dict[str, t.Any], _Feed]] = deque()
        current: _Feed | None = None
        with ThreadPoolExecutor(workers, thread_name_prefix=self.name) as pool:
            try:
                for repo in repos:
                    ctx = self.repo_context(repo)
                    feed = _Feed()
                    feed.future = pool.submit(self._fill, ctx, feed)
                    pending.append((ctx, feed))
                    if len(pending) >= window:
                        ctx, current = pending.popleft()
                        yield ctx, current.rows()
                while pending:
                    ctx, current = pending.popleft()
                    yield ctx, current.rows()
            finally:
                # An early stop (error, closed generator): release the waiting workers.
                for _, feed in [*pending, *([(None, current)] if current else [])]:
                    feed.close()

    def _fill(self, ctx: dict[str, t.Any], feed: _Feed) -> None:
        """Read one repository into `feed` (on a worker thread), a page-sized chunk at a time."""
        try:
            chunk: list[dict[str, t.Any]] = []
            for row in self._read_or_skip(ctx):
                chunk.append(row)
                if len(chunk) >= PAGE_SIZE:
                    if not feed.put(chunk):
                        return
                    chunk = []
            if chunk and not feed.put(chunk):
                return
            feed.put(_END)
        except BaseException as err:  # noqa: BLE001 - raised again in the emitter, in order
            feed.put(_Failed(err))

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        for _ctx, rows in self.read_repos(self.all_repos()):
            yield from rows
        self.log_skipped()

    def log_skipped(self) -> None:
        """One summary line of the repositories without this resource, by status."""
        if self.skipped:
            self.logger.warning(
                "%s: repositories skipped by status (404 branch not protected or not found, "
                "409 empty, 410 disabled): %s",
                self.name,
                dict(sorted(self.skipped.items())),
            )

    def each_row(
        self, ctx: dict[str, t.Any], params: dict[str, t.Any] | None = None
    ) -> Iterator[dict[str, t.Any]]:
        """Every row of this stream's endpoint for one repository, page by page."""
        for page in self.pages(ctx, params):
            yield from page

    def fetch_all(
        self, ctx: dict[str, t.Any], params: dict[str, t.Any] | None = None
    ) -> list[dict[str, t.Any]]:
        """Every page of this stream's endpoint for one repository."""
        out: list[dict[str, t.Any]] = []
        for page in self.pages(ctx, params):
            out.extend(page)
        return out

    def base_fields(self, ctx: dict[str, t.Any]) -> dict[str, t.Any]:
        """The repository fields every per-repository record carries."""
        return {
            "organization": ctx["organization"],
            "repository_id": ctx["repository_id"],
            "repository": ctx["repository"],
        }


class RepoHooksStream(RepoStream):
    """Webhooks of each repository: events, active, payload URL host, last delivery.

    Needs `admin:repo_hook` (or admin rights). The payload URL is reduced to its host
    and the secret is never read (GitHub masks it anyway): only whether one is set.
    """

    name = "repo_hooks"
    path = "/repos/{organization}/{repo_name}/hooks"
    primary_keys = ("id",)
    scope = "admin:repo_hook"
    schema = s.REPO_HOOK.to_dict()
    # Each complete sync is recorded (`inventory_syncs`): a hook missing from it was deleted
    # (with its repository, or on its own).
    full_inventory = True
    inventory_filters = ("organizations", "repositories_include", "repositories_exclude")

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        out = []
        for hook in self.fetch_all(ctx):
            config = hook.get("config") or {}
            url = urlparse(str(config.get("url") or ""))
            last = hook.get("last_response") or {}
            out.append(
                {
                    "id": hook["id"],
                    **self.base_fields(ctx),
                    "type": hook.get("type"),
                    "name": hook.get("name"),
                    "active": hook.get("active"),
                    "events": list(hook.get("events") or []),
                    "url_scheme": url.scheme or None,
                    "url_host": url.hostname,
                    "content_type": config.get("content_type"),
                    "insecure_ssl": str(config.get("insecure_ssl", "0")) == "1",
                    "has_secret": bool(config.get("secret")),
                    "last_response_code": last.get("code"),
                    "last_response_status": last.get("status"),
                    "last_response_message": last.get("message"),
                    "created_at": hook.get("created_at"),
                    "updated_at": hook.get("updated_at"),
                }
            )
        return out


class BranchProtectionStream(RepoStream):
    """Protection of each repository's default branch; one row per repository.

    An unprotected branch (404 `Branch not protected`), an empty repository (409) or a
    repository the token may not administer is a row with `is_protected = false` and an
    `unavailable_reason`: a standards check needs the negative answer too.
    """

    name = "branch_protection"
    path = "/repos/{organization}/{repo_name}/branches/{default_branch}/protection"
    primary_keys = ("repository_id",)
    schema = s.BRANCH_PROTECTION.to_dict()
    paginated = False
    vanished_keeps = f"{NO_ACCESS_NOTE}; the repository record is kept (its row says no_access)"

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        body, _ = self.fetch(ctx)
        reviews = body.get("required_pull_request_reviews")
        checks = body.get("required_status_checks")
        dismissal = (reviews or {}).get("dismissal_restrictions")
        bypass = (reviews or {}).get("bypass_pull_request_allowances") or {}
        restrictions = body.get("restrictions")
        return [
            {
                **self._row(ctx, protected=True, reason=None),
                "required_reviews": reviews is not None,
                "required_approving_review_count": (reviews or {}).get(
                    "required_approving_review_count"
                ),
                "require_code_owner_reviews": (reviews or {}).get("require_code_owner_reviews"),
                "dismiss_stale_reviews": (reviews or {}).get("dismiss_stale_reviews"),
                "require_last_push_approval": (reviews or {}).get("require_last_push_approval"),
                "required_status_checks": checks is not None,
                "strict_status_checks": (checks or {}).get("strict"),
                "status_check_contexts": list((checks or {}).get("contexts") or []),
                "enforce_admins": _enabled(body, "enforce_admins"),
                "required_linear_history": _enabled(body, "required_linear_history"),
                "allow_force_pushes": _enabled(body, "allow_force_pushes"),
                "allow_deletions": _enabled(body, "allow_deletions"),
                "required_conversation_resolution": _enabled(
                    body, "required_conversation_resolution"
                ),
                "required_signatures": _enabled(body, "required_signatures"),
                "lock_branch": _enabled(body, "lock_branch"),
                "block_creations": _enabled(body, "block_creations"),
                "allow_fork_syncing": _enabled(body, "allow_fork_syncing"),
                "status_checks": [
                    {"context": c.get("context"), "app_id": c.get("app_id")}
                    for c in (checks or {}).get("checks") or []
                ],
                "status_check_enforcement_level": (checks or {}).get("enforcement_level"),
                "review_dismissal_restricted": dismissal is not None if reviews else None,
                **_allowances("review_dismissal", dismissal or {}),
                **_allowances("review_bypass", bypass),
                "push_restricted": restrictions is not None,
                **_allowances("push", restrictions or {}),
            }
        ]

    def _row(
        self, ctx: dict[str, t.Any], *, protected: bool, reason: str | None
    ) -> dict[str, t.Any]:
        return {
            **self.base_fields(ctx),
            "branch": ctx["default_branch"],
            "is_protected": protected,
            "unavailable_reason": reason,
        }

    @override
    def unavailable(
        self, ctx: dict[str, t.Any], err: ChildUnavailableError
    ) -> list[dict[str, t.Any]]:
        message = err.message.lower()
        if "not protected" in message:
            reason = "not_protected"
        elif "branch not found" in message:
            reason = "branch_not_found"
        else:
            reason = _REASONS.get(err.status, "unavailable")
        return [
            {
                **self._row(ctx, protected=False, reason=reason),
                "required_reviews": False,
                "required_status_checks": False,
                "status_check_contexts": [],
            }
        ]


class RulesetsStream(RepoStream):
    """Rulesets that apply to each repository (its own and the organisation's)."""

    name = "rulesets"
    path = "/repos/{organization}/{repo_name}/rulesets"
    primary_keys = ("repository_id", "id")
    extra_params: t.ClassVar[dict[str, t.Any]] = {"includes_parents": "true"}
    schema = s.RULESET.to_dict()

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        return [
            {
                "id": rs["id"],
                **self.base_fields(ctx),
                "name": rs.get("name"),
                "target": rs.get("target"),
                "source_type": rs.get("source_type"),
                "source": rs.get("source"),
                "enforcement": rs.get("enforcement"),
                "created_at": rs.get("created_at"),
                "updated_at": rs.get("updated_at"),
                "node_id": rs.get("node_id"),
                "current_user_can_bypass": rs.get("current_user_can_bypass"),
            }
            for rs in self.fetch_all(ctx, self.query_params(ctx))
        ]


class EnvironmentsStream(RepoStream):
    """Deployment environments of each repository with their protection rules."""

    name = "environments"
    path = "/repos/{organization}/{repo_name}/environments"
    primary_keys = ("id",)
    records_key = "environments"
    schema = s.ENVIRONMENT.to_dict()

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        out = []
        for env in self.fetch_all(ctx):
            rules = env.get("protection_rules") or []
            wait = next((r.get("wait_timer") for r in rules if r.get("type") == "wait_timer"), None)
            reviewers: list[str] = []
            prevent_self = None
            for rule in rules:
                if rule.get("type") != "required_reviewers":
                    continue
                prevent_self = rule.get("prevent_self_review")
                for reviewer in rule.get("reviewers") or []:
                    who = reviewer.get("reviewer") or {}
                    kind = reviewer.get("type") or "User"
                    reviewers.append(f"{kind}:{who.get('slug') or who.get('login')}")
            policy = env.get("deployment_branch_policy") or {}
            out.append(
                {
                    "id": env["id"],
                    **self.base_fields(ctx),
                    "name": env.get("name"),
                    "node_id": env.get("node_id"),
                    "can_admins_bypass": env.get("can_admins_bypass"),
                    "wait_timer": wait,
                    "prevent_self_review": prevent_self,
                    "protection_rule_types": [r.get("type") for r in rules],
                    "required_reviewers": reviewers,
                    "protected_branches_only": policy.get("protected_branches"),
                    "custom_branch_policies": policy.get("custom_branch_policies"),
                    "html_url": env.get("html_url"),
                    "created_at": env.get("created_at"),
                    "updated_at": env.get("updated_at"),
                }
            )
        return out


# --- incremental per-repository streams ------------------------------------------------------


class IncrementalRepoStream(ManualBookmarks, RepoStream):
    """A per-repository stream read newest first down to a floor.

    The floor is the bookmark of the last complete sync minus `lookback_minutes`, or
    `start_date` on the first sync. While the sync runs, the state holds a resume point
    (`resume`: the last repository fully emitted, the floor in use and the newest value
    seen so far); a resumed run skips those repositories and keeps the floor. The
    bookmark moves only when every repository has been read: it is kept per sync (see
    `get_records`), not per record (`ManualBookmarks`).
    """

    is_sorted = False
    #: Field compared with the floor.
    floor_field: t.ClassVar[str]
    state_timestamps = (OPEN_SINCE, f"{RESUME}.floor", f"{RESUME}.newest", f"{RESUME}.open")

    def floor(self, state: dict[str, t.Any]) -> datetime | None:
        """Oldest value this sync must read."""
        bookmark = state.get("replication_key_value")
        if bookmark:
            lookback = timedelta(minutes=int(self.config["lookback_minutes"]))
            value = parse_ts(str(bookmark)) - lookback
            open_since = state.get(OPEN_SINCE)
            if open_since:
                value = min(value, parse_ts(str(open_since)))
            return value
        return start_date(self.config)

    def is_open(self, record: dict[str, t.Any]) -> bool:  # noqa: ARG002
        """Whether the record will still change and must be read again next sync."""
        return False

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        state = self.stream_state
        resume = state.get(RESUME) or {}
        if resume:
            floor_raw = resume.get("floor")
            floor = parse_ts(floor_raw) if floor_raw else None
            after = resume.get("after")
            newest = resume.get("newest")
            oldest_open = resume.get("open")
            self.logger.info("%s: resuming after %s", self.name, after)
        else:
            floor = self.floor(state)
            after = newest = oldest_open = None
        self._floor = floor
        # The server's clock when this stream started (its `Date` header; known after the
        # first response when this is the run's first stream).
        started = self.http.server_now
        repos = self.all_repos(after)
        for done, (ctx, rows) in enumerate(self.read_repos(repos), start=1):
            started = started or self.http.server_now or datetime.now(UTC)
            for row in rows:
                value = row.get(self.replication_key or "")
                if value and (newest is None or parse_ts(value) > parse_ts(newest)):
                    newest = value
                if self.is_open(row):
                    at = row[self.floor_field]
                    recent = parse_ts(at) >= started - OPEN_HORIZON
                    if recent and (oldest_open is None or parse_ts(at) < parse_ts(oldest_open)):
                        oldest_open = at
                yield row
            if done % CHECKPOINT_REPOS == 0:
                state[RESUME] = {
                    "after": ctx["repository"],
                    "floor": iso(floor) if floor else None,
                    "newest": newest,
                    "open": oldest_open,
                }
                checkpoint(self)
        self.log_skipped()
        self.finish(state, newest, oldest_open, started or datetime.now(UTC))

    def finish(
        self,
        state: dict[str, t.Any],
        newest: str | None,
        oldest_open: str | None,
        started: datetime,
    ) -> None:
        """Every repository is read: move the bookmark, forget the resume point."""
        mark_state_changed(self)
        state.pop(RESUME, None)
        previous = state.get("replication_key_value")
        candidates = [v for v in (previous, newest) if v]
        if candidates:
            best = max(candidates, key=lambda v: parse_ts(str(v)))
            # Never past the clock at the start: a change made while this sync ran, in a
            # repository already read, would otherwise fall behind the bookmark.
            capped = min(parse_ts(str(best)), max(started, parse_ts(str(previous or best))))
            state["replication_key"] = self.replication_key
            state["replication_key_value"] = iso(capped)
        if oldest_open:
            state[OPEN_SINCE] = oldest_open
        else:
            state.pop(OPEN_SINCE, None)

    def newest_first(
        self, ctx: dict[str, t.Any], params: dict[str, t.Any] | None, field: str
    ) -> Iterator[dict[str, t.Any]]:
        """Rows of pages sorted newest first by `field`, down to the floor (older rows dropped).

        Yielded as each page is read: a few pages are held (read ahead, see `pages`),
        whatever the size of the repository; none is requested past the floor's estimate
        (`FloorReach`).

        Order assumption: GitHub sorts the list by `field`, newest first, *between*
        pages — every row of a later page is at most as new as the oldest row of an
        earlier one. Within a page the order is not relied on: paging stops after the
        first page whose oldest row is below the floor. A row that repeats at the top of
        the next page (the list shifted while it was read) is dropped by `pages`; a row
        that moved to page 1 after page 1 was read changed after this sync started, and
        the bookmark (capped at the server's clock at the start) reads it next time.
        """
        floor = self._floor
        reach = FloorReach(floor)
        for page in self.pages(ctx, params, wanted=reach.pages_left):
            oldest: datetime | None = None
            newest: datetime | None = None
            for row in page:
                value = row.get(field)
                at = parse_ts(value) if value else None
                if at is not None and (oldest is None or at < oldest):
                    oldest = at
                if at is not None and (newest is None or at > newest):
                    newest = at
                if floor is None or at is None or at >= floor:
                    yield row
            reach.read(newest, oldest)
            if floor is not None and oldest is not None and oldest < floor:
                return

    _floor: datetime | None = None


class PullRequestsStream(IncrementalRepoStream):
    """Pull requests, incremental on `updated_at` (sorted by update, newest first).

    GitHub's pull list has no `since`: it is read with `state=all&sort=updated&
    direction=desc` and paging stops at the first page reaching below the floor.
    """

    name = "pull_requests"
    path = "/repos/{organization}/{repo_name}/pulls"
    primary_keys = ("id",)
    replication_key = "updated_at"
    floor_field = "updated_at"
    extra_params: t.ClassVar[dict[str, t.Any]] = {
        "state": "all",
        "sort": "updated",
        "direction": "desc",
    }
    schema = s.PULL_REQUEST.to_dict()

    copied = (
        "number",
        "node_id",
        "state",
        "title",
        "draft",
        "locked",
        "author_association",
        "merge_commit_sha",
        "html_url",
        "created_at",
        "updated_at",
        "closed_at",
        "merged_at",
        "body",
        "active_lock_reason",
        "requested_teams",
        "labels",
        "auto_merge",
        "stack",
    )
    body_type = _list_of(
        row_type(
            "_PullRow",
            {
                **dict.fromkeys(copied, t.Any),
                "id": t.Any,
                "user": _USER | None,
                "assignee": _USER | None,
                "assignees": _list_of(_USER) | None,
                "requested_reviewers": _list_of(_USER) | None,
                "milestone": t.Any,
                "head": _GIT_REF | None,
                "base": _GIT_REF | None,
            },
        )
    )

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> Iterator[dict[str, t.Any]]:
        base = self.base_fields(ctx)
        for pr in self.newest_first(ctx, dict(self.extra_params), "updated_at"):
            head = pr.get("head") or {}
            base_ref = pr.get("base") or {}
            # `head.repo` is null when the fork the pull request came from was deleted.
            head_repo = head.get("repo") or {}
            user = pr.get("user") or {}
            assignee = pr.get("assignee") or {}
            assignees = pr.get("assignees") or []
            reviewers = pr.get("requested_reviewers") or []
            milestone = pr.get("milestone") or {}
            yield {
                **self.copy_fields(pr),
                "id": pr["id"],
                **base,
                "user_id": user.get("id"),
                "user_login": user.get("login"),
                "user_type": user.get("type"),
                "base_ref": base_ref.get("ref"),
                "base_sha": base_ref.get("sha"),
                "base_label": base_ref.get("label"),
                "base_repository_id": (base_ref.get("repo") or {}).get("id"),
                "head_ref": head.get("ref"),
                "head_sha": head.get("sha"),
                "head_label": head.get("label"),
                "head_repository": head_repo.get("full_name"),
                "head_repository_id": head_repo.get("id"),
                "requested_reviewer_count": len(reviewers),
                "requested_reviewer_logins": [_login(u) for u in reviewers],
                "requested_team_count": len(pr.get("requested_teams") or []),
                "assignee_count": len(assignees),
                "assignee_id": assignee.get("id"),
                "assignee_login": assignee.get("login"),
                "assignee_logins": [_login(u) for u in assignees],
                "label_names": [lb.get("name") for lb in pr.get("labels") or []],
                "milestone_id": milestone.get("id"),
                "milestone_number": milestone.get("number"),
                "milestone_title": milestone.get("title"),
                "milestone_state": milestone.get("state"),
                "milestone_due_on": milestone.get("due_on"),
                "auto_merge_enabled_by_login": _login(
                    (pr.get("auto_merge") or {}).get("enabled_by")
                ),
            }


class ReleasesStream(IncrementalRepoStream):
    """Releases, incremental on publication (drafts by creation); newest first."""

    name = "releases"
    path = "/repos/{organization}/{repo_name}/releases"
    primary_keys = ("id",)
    replication_key = "published_at"
    floor_field = "created_at"
    schema = s.RELEASE.to_dict()
    copied = (
        "tag_name",
        "name",
        "target_commitish",
        "draft",
        "prerelease",
        "html_url",
        "created_at",
        "node_id",
        "body",
        "immutable",
        "updated_at",
        "mentions_count",
        "reactions",
    )

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> Iterator[dict[str, t.Any]]:
        floor = self._floor
        for rel in self.newest_first(ctx, None, "created_at"):
            published = rel.get("published_at")
            if floor is not None and published and parse_ts(published) < floor:
                continue
            author = rel.get("author") or {}
            assets = pick(rel.get("assets") or [], self._assets_schema)
            for asset, served in zip(assets, rel.get("assets") or [], strict=True):
                asset["uploader_login"] = _login(served.get("uploader"))
            yield {
                **self.copy_fields(rel),
                "id": rel["id"],
                **self.base_fields(ctx),
                "author_login": author.get("login"),
                "author_id": author.get("id"),
                "published_at": published,
                "assets": assets,
            }

    @property
    def _assets_schema(self) -> dict[str, t.Any]:
        return t.cast("dict[str, t.Any]", self.schema["properties"]["assets"])


class WorkflowRunsStream(IncrementalRepoStream):
    """Workflow runs, incremental on creation, plus runs not completed at the last sync.

    A run's conclusion arrives after it is created: the state keeps `open_since`, the
    creation time of the oldest run not completed, and the next sync reads from there
    (`created=>=` filters on the server). Repositories with Actions disabled (410) are
    skipped.
    """

    name = "workflow_runs"
    path = "/repos/{organization}/{repo_name}/actions/runs"
    primary_keys = ("id",)
    replication_key = "created_at"
    floor_field = "created_at"
    records_key = "workflow_runs"
    schema = s.WORKFLOW_RUN.to_dict()
    copied = (
        "workflow_id",
        "name",
        "path",
        "display_title",
        "run_number",
        "run_attempt",
        "event",
        "status",
        "conclusion",
        "head_branch",
        "head_sha",
        "html_url",
        "created_at",
        "run_started_at",
        "updated_at",
        "node_id",
        "check_suite_id",
        "check_suite_node_id",
        "referenced_workflows",
        "head_commit",
        "head_repository_id",
    )
    body_type = row_type(
        "_Runs",
        {
            "total_count": t.Any,
            "workflow_runs": _list_of(
                row_type(
                    "_RunRow",
                    {
                        **dict.fromkeys(copied, t.Any),
                        "id": t.Any,
                        "actor": _USER | None,
                        "triggering_actor": _USER | None,
                        "pull_requests": t.Any,
                        "head_repository": _REPO_REF | None,
                    },
                )
            ),
        },
    )

    @override
    def is_open(self, record: dict[str, t.Any]) -> bool:
        return record.get("status") != "completed"

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> Iterator[dict[str, t.Any]]:
        params: dict[str, t.Any] = {}
        if self._floor is not None:
            params["created"] = f">={iso(self._floor)}"
        return (
            {
                **self.copy_fields(run),
                "id": run["id"],
                **self.base_fields(ctx),
                "actor_login": _login(run.get("actor")),
                "actor_id": (run.get("actor") or {}).get("id"),
                "triggering_actor_login": _login(run.get("triggering_actor")),
                "triggering_actor_id": (run.get("triggering_actor") or {}).get("id"),
                "pull_request_numbers": [p.get("number") for p in run.get("pull_requests") or []],
                "head_repository_full_name": (run.get("head_repository") or {}).get("full_name"),
            }
            for run in self.each_row(ctx, params)
        )


_Ctx = dict[str, t.Any]
_Row = dict[str, t.Any]


def _one_by_one(
    groups: Iterable[tuple[_Ctx, Iterable[_Row]]],
) -> Iterator[tuple[_Ctx, _Row | None]]:
    """`(context, row)` per row of each group; `(context, None)` for an empty group."""
    for ctx, rows in groups:
        empty = True
        for row in rows:
            empty = False
            yield ctx, row
        if empty:
            yield ctx, None


def _by_repo(
    items: Iterable[tuple[tuple[_Ctx, _Row | None], t.Any]],
) -> Iterator[tuple[_Ctx, Iterator[tuple[_Row, t.Any]]]]:
    """The `(context, row), result` pairs of :func:`_one_by_one` grouped again by context.

    Lazily: each group is an iterator over the shared input (nothing is collected), to
    be read before the next group is asked for (what it leaves is skipped).
    """
    source = iter(items)
    head: list[t.Any] = [next(source, None)]

    def group(ctx: _Ctx) -> Iterator[tuple[_Row, t.Any]]:
        while head[0] is not None and head[0][0][0] is ctx:
            (_, row), result = head[0]
            head[0] = next(source, None)
            if row is not None:
                yield row, result

    while head[0] is not None:
        ctx = head[0][0][0]
        rows = group(ctx)
        yield ctx, rows
        for _ in rows:
            pass


class DeploymentsStream(CustomChildSync, IncrementalRepoStream):
    """Deployments, incremental on creation, with their statuses read alongside.

    The list is newest first and has no date filter: paging stops below the floor.
    A deployment whose latest status is not final (success, failure, error, inactive)
    keeps `open_since`, so the next sync reads it and its statuses again.
    """

    name = "deployments"
    path = "/repos/{organization}/{repo_name}/deployments"
    primary_keys = ("id",)
    replication_key = "created_at"
    floor_field = "created_at"
    schema = s.DEPLOYMENT.to_dict()

    @override
    def is_open(self, record: dict[str, t.Any]) -> bool:
        return record.pop("_latest_state", None) not in TERMINAL_DEPLOYMENT_STATES

    @override
    def read_repo(self, ctx: dict[str, t.Any]) -> Iterator[dict[str, t.Any]]:
        for dep in self.newest_first(ctx, None, "created_at"):
            creator = dep.get("creator") or {}
            app = dep.get("performed_via_github_app") or {}
            yield {
                "id": dep["id"],
                **self.base_fields(ctx),
                "node_id": dep.get("node_id"),
                "sha": dep.get("sha"),
                "ref": dep.get("ref"),
                "task": dep.get("task"),
                "environment": dep.get("environment"),
                "original_environment": dep.get("original_environment"),
                "description": dep.get("description"),
                "production_environment": dep.get("production_environment"),
                "transient_environment": dep.get("transient_environment"),
                "creator_id": creator.get("id"),
                "creator_login": creator.get("login"),
                "creator_type": creator.get("type"),
                "created_at": dep.get("created_at"),
                "updated_at": dep.get("updated_at"),
                "performed_via_github_app_id": app.get("id"),
                "performed_via_github_app_slug": app.get("slug"),
            }

    @override
    def read_repos(
        self, repos: list[dict[str, t.Any]]
    ) -> Iterator[tuple[dict[str, t.Any], Iterator[dict[str, t.Any]]]]:
        """Each repository's deployments with their statuses read, in order.

        A service deploys often: the statuses (one request per deployment) are read on a
        second pool fed by the first, so they are fetched concurrently across
        repositories while the order of repositories and deployments stays the input's.
        """
        wanted = self.statuses_stream.selected
        one_by_one = _one_by_one(super().read_repos(repos))
        for ctx, read in _by_repo(self.ordered_map(self._statuses_of, one_by_one)):
            yield ctx, self._with_latest(read, wanted=wanted)

    def _with_latest(
        self, read: Iterable[tuple[dict[str, t.Any], t.Any]], *, wanted: bool
    ) -> Iterator[dict[str, t.Any]]:
        for row, found in read:
            row["_latest_state"] = _latest(found)["state"] if found else None
            if wanted:
                self.http.prefetched[("deployment_statuses", str(row["id"]))] = found or []
            yield row

    def _statuses_of(
        self, item: tuple[dict[str, t.Any], dict[str, t.Any] | None]
    ) -> list[dict[str, t.Any]] | None:
        ctx, row = item
        return None if row is None else self._statuses(ctx, row["id"])

    @property
    def statuses_stream(self) -> DeploymentStatusesStream:
        """The `deployment_statuses` child stream."""
        return next(c for c in self.child_streams if isinstance(c, DeploymentStatusesStream))

    def _statuses(self, ctx: dict[str, t.Any], deployment_id: int) -> list[dict[str, t.Any]] | None:
        """A deployment's statuses; `None` when the deployment vanished (skipped, counted)."""
        url = f"{self.url_base}/repos/{ctx['repository']}/deployments/{deployment_id}/statuses"
        rows: list[dict[str, t.Any]] = []
        try:
            for page in self.pages(ctx, first_url=f"{url}?per_page={PAGE_SIZE}"):
                rows.extend(page)
        except VanishedChildError as err:
            child = self.statuses_stream
            child.skip_vanished(child.describe_child({**ctx, "deployment_id": deployment_id}), err)
            return None
        return rows

    @override
    def post_process(self, row: Record, context: Context | None = None) -> Record | None:
        row.pop("_latest_state", None)
        return row

    @override
    def get_child_context(self, record: Record, context: Context | None) -> dict[str, t.Any]:
        return {
            "organization": record["organization"],
            "repository": record["repository"],
            "repository_id": record["repository_id"],
            "deployment_id": record["id"],
        }

    @override
    def sync_child(self, child: Stream, context: Context) -> bool:
        if isinstance(child, DeploymentStatusesStream) and child.selected:
            child.sync_light(context)
            return True
        return False

    @override
    def finish(
        self,
        state: dict[str, t.Any],
        newest: str | None,
        oldest_open: str | None,
        started: datetime,
    ) -> None:
        super().finish(state, newest, oldest_open, started)
        self.statuses_stream.finish_light()


class DeploymentStatusesStream(ManualBookmarks, SchemaOnce, ParentWritesState, GitHubStream):
    """Statuses of each deployment read by `deployments` (read alongside it).

    Emitted right after their deployment (one request per deployment read); a
    deployment still in progress at the last sync is read again with all its statuses.
    The parent writes the whole tap state at its checkpoints and at the end
    (`ParentWritesState`); the schema goes out once (`SchemaOnce`); the bookmark is the
    newest status read, set when the parent's sync is complete (`ManualBookmarks`).
    """

    name = "deployment_statuses"
    path = "/repos/{repository}/deployments/{deployment_id}/statuses"
    primary_keys = ("id",)
    replication_key = "created_at"
    parent_stream_type = DeploymentsStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    is_sorted = False
    schema = s.DEPLOYMENT_STATUS.to_dict()
    vanished_keeps = f"{NO_ACCESS_NOTE}; the deployment record is kept"

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:  # noqa: ANN401
        """Create the stream."""
        super().__init__(*args, **kwargs)
        self._synced_once = False
        self._newest: str | None = None

    @override
    def describe_child(self, context: Context | None) -> str:
        ctx = context or {}
        return f"deployment {ctx.get('deployment_id')} of {ctx.get('repository')}"

    @override
    def track_record(self, record: Record, context: Context | None) -> None:
        value = record.get("created_at")
        if value and (self._newest is None or parse_ts(value) > parse_ts(self._newest)):
            self._newest = value

    def sync_light(self, context: Context) -> None:
        """Emit one deployment's statuses without the SDK's per-context overhead.

        The first context takes the SDK's path (schema, metrics); later ones write the
        same RECORD messages (`sdk_seam.write_records`).
        """
        if not self._synced_once:
            self._synced_once = True
            self.sync(context=context)
            return
        write_records(self, self.get_records(context), context)

    def finish_light(self) -> None:
        """Set this stream's bookmark (the newest status read) after the parent's sync."""
        if self._newest:
            state = self.stream_state
            previous = state.get("replication_key_value")
            if not previous or parse_ts(self._newest) > parse_ts(str(previous)):
                state["replication_key"] = self.replication_key
                state["replication_key_value"] = self._newest

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        ctx = context or {}
        rows = self.http.prefetched.pop(
            ("deployment_statuses", str(ctx.get("deployment_id"))), None
        )
        if rows is None:
            rows = []
            try:
                for page in self.pages(ctx):
                    rows.extend(page)
            except VanishedChildError as err:
                self.skip_vanished(self.describe_child(ctx), err)
                return
        for st in rows:
            creator = st.get("creator") or {}
            app = st.get("performed_via_github_app") or {}
            yield {
                "id": st["id"],
                "deployment_id": ctx["deployment_id"],
                "organization": ctx["organization"],
                "repository_id": ctx["repository_id"],
                "repository": ctx["repository"],
                "state": st.get("state"),
                "description": st.get("description"),
                "environment": st.get("environment"),
                "target_url": st.get("target_url"),
                "environment_url": st.get("environment_url"),
                "log_url": st.get("log_url"),
                "creator_login": creator.get("login"),
                "creator_id": creator.get("id"),
                "created_at": st.get("created_at"),
                "updated_at": st.get("updated_at"),
                "node_id": st.get("node_id"),
                "performed_via_github_app_id": app.get("id"),
                "performed_via_github_app_slug": app.get("slug"),
            }
