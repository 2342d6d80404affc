"""The GitHub REST API: tokens and scopes, API versions, rate limits, pagination, routes.

See :mod:`reliability_sandbox.vendors.github` for the contract; objects are rendered by
:class:`~reliability_sandbox.vendors.github.objects.GitHubObjects`.
"""

from __future__ import annotations

import hmac
import math
import operator
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from reliability_sandbox.delivery import ORG_LOGIN, Repo, RunPlan, _epoch
from reliability_sandbox.vendor import Request, Response, dumps, int_headers, unknown_settings
from reliability_sandbox.vendors._common import iso_datetime
from reliability_sandbox.vendors.github.objects import GitHubObjects
from reliability_sandbox.vendors.github.world import (
    API_VERSIONS,
    DEFAULT_PER_PAGE,
    DEFAULT_TOKEN,
    EXTRA_TOKENS,
    FULL_SCOPES,
    LIMITED_TOKENS,
    MAX_PER_PAGE,
    ApiError,
    GitHubWorld,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Org, Team

_T = TypeVar("_T")


class GitHubAPI(GitHubObjects):
    """GitHub's REST API over an :class:`~reliability_sandbox.org.Org`: the routes.

    Attributes:
        tokens: Accepted tokens and their scopes.
        primary_limit_status: Status of a primary rate-limit answer (GitHub sends 403 or
            429; both carry ``x-ratelimit-remaining: 0``).
    """

    name = "github"
    prefix = "/github"

    def __init__(self, org: Org, token: str = DEFAULT_TOKEN) -> None:
        """Create the view (the GitHub world is derived lazily)."""
        super().__init__(org)
        self.token = token
        self.tokens: dict[str, frozenset[str]] = {
            token: FULL_SCOPES,
            **dict.fromkeys(EXTRA_TOKENS, FULL_SCOPES),
            **LIMITED_TOKENS,
        }
        self.primary_limit_status = 403
        self._secondary: list[tuple[int | None, int]] = []  # (retry-after, status) per request
        self._world: GitHubWorld | None = None
        o = r"/orgs/([^/]+)"
        rp = r"/repos/([^/]+)/([^/]+)"
        self._routes: list[tuple[re.Pattern[str], str, Callable[..., Response]]] = [
            (re.compile(o), "", self._get_org),
            (re.compile(o + r"/teams"), "read:org", self._list_teams),
            (re.compile(o + r"/teams/([^/]+)/members"), "read:org", self._team_members),
            (re.compile(o + r"/teams/([^/]+)/repos"), "read:org", self._team_repos),
            (re.compile(o + r"/repos"), "", self._list_repos),
            (re.compile(rp), "", self._get_repo),
            (re.compile(rp + r"/teams"), "", self._repo_teams),
            (re.compile(rp + r"/hooks"), "admin:repo_hook", self._hooks),
            (re.compile(rp + r"/branches/([^/]+)/protection"), "repo", self._protection),
            (re.compile(rp + r"/rulesets"), "repo", self._rulesets),
            (re.compile(rp + r"/environments"), "repo", self._environments),
            (re.compile(rp + r"/deployments"), "repo", self._deployments),
            (re.compile(rp + r"/deployments/(\d+)/statuses"), "repo", self._deployment_statuses),
            (re.compile(rp + r"/releases"), "repo", self._releases),
            (re.compile(rp + r"/pulls"), "repo", self._pulls),
            (re.compile(rp + r"/actions/runs"), "repo", self._runs),
            (re.compile(rp + r"/actions/runs/(\d+)"), "repo", self._run),
        ]

    #: ``truth()`` without ``quirks`` is what is served now: under the run's quirks.
    truth_follows_run_quirks = True

    # ================================================================ registry
    def credentials(self) -> dict[str, str]:
        """The token accepted with every scope the tap needs, and the organisation."""
        return {"auth_token": self.token, "organization": ORG_LOGIN}

    def client_headers(self) -> dict[str, str]:
        """Bearer token, GitHub's JSON media type and a supported API version."""
        return {
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Rate-limit switches.

        ``primary_limit_status`` (403 or 429): how the primary limit answers;
        ``secondary_limit`` (``{"times", "retry_after", "status"}``): answer the next
        ``times`` requests with a secondary limit (see :meth:`secondary_limit`).
        """
        unknown_settings(self.name, settings, {"primary_limit_status", "secondary_limit"})
        if "primary_limit_status" in settings:
            status = int(settings["primary_limit_status"])
            if status not in (403, 429):
                msg = "github: primary_limit_status must be 403 or 429"
                raise ValueError(msg)
            self.primary_limit_status = status
        if "secondary_limit" in settings:
            self.secondary_limit(**settings["secondary_limit"])
        return {"primary_limit_status": self.primary_limit_status}

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """Check ``Authorization: Bearer|token <token>``; 401 ``Bad credentials`` if not."""
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        given = given.strip()
        if not header:
            err = ApiError(401, "Requires authentication")
            return None, Response.json(401, err.body)
        if scheme.lower() not in ("bearer", "token") or not any(
            hmac.compare_digest(given.encode(), t.encode()) for t in self.tokens
        ):
            err = ApiError(401, "Bad credentials")
            return None, Response.json(401, err.body)
        return given, None

    def handle(self, request: Request) -> Response:
        """Route and serve one authenticated request."""
        if self._secondary:
            retry_after, status = self._secondary.pop(0)
            return self._secondary_response(retry_after, status)
        path = request.path.rstrip("/") or "/"
        base = self.prefix
        if path.startswith("/api/v3/") or path == "/api/v3":
            path = path[len("/api/v3") :] or "/"
            base += "/api/v3"
        token = request.headers.get("authorization", "").partition(" ")[2].strip()
        scopes = self.tokens.get(token, frozenset())
        scope_headers = [
            (b"x-oauth-scopes", ", ".join(sorted(scopes)).encode()),
            (b"x-github-api-version-selected", b"2022-11-28"),
        ]
        try:
            version = request.headers.get("x-github-api-version")
            if version is not None and version not in API_VERSIONS:
                raise ApiError(  # noqa: TRY301
                    400,
                    f"Invalid API version provided: {version}. Supported versions: "
                    + ", ".join(sorted(API_VERSIONS)),
                )
            for pattern, scope, func in self._routes:
                m = pattern.fullmatch(path)
                if m is None:
                    continue
                if request.method != "GET":
                    raise ApiError(404, "Not Found")  # noqa: TRY301
                groups = m.groups()
                if groups[0].lower() != ORG_LOGIN:
                    raise ApiError(404, "Not Found")  # noqa: TRY301
                if scope and scope not in scopes:
                    raise ApiError(  # noqa: TRY301
                        403,
                        _SCOPE_MESSAGES.get(
                            scope, "Resource not accessible by personal access token"
                        ),
                        [(b"x-accepted-oauth-scopes", scope.encode())],
                    )
                resp: Response = func(_Ctx(request, base), *groups[1:])
                resp.headers.extend(scope_headers)
                return resp
            raise ApiError(404, "Not Found")  # noqa: TRY301
        except ApiError as err:
            resp = Response.json(err.status, err.body)
            resp.headers.extend([*scope_headers, *err.headers])
            return resp

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """``x-ratelimit-*``: reset is the UTC epoch second the window resets."""
        counts = int_headers(
            "x-ratelimit-",
            limit=limit,
            remaining=remaining,
            used=limit - remaining,
            reset=math.ceil(time.time()) + reset,
        )
        return [*counts, (b"x-ratelimit-resource", b"core")]

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """The primary rate limit: 403 (or 429) with ``x-ratelimit-remaining: 0``."""
        status = self.primary_limit_status
        err = ApiError(status, "API rate limit exceeded for user ID 7000000.")
        resp = Response.json(status, {**err.body, "documentation_url": _RATE_DOCS})
        resp.headers.extend(self.rate_limit_headers(limit, 0, max(reset, 1)))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as GitHub's JSON; 502/503 as the unicorn page its front end returns."""
        if status == 500:  # noqa: PLR2004
            return Response.json(500, {"message": "Server Error"})
        html = (
            b"<html><body><h1>Unicorn! That page is taking way too long to load.</h1></body></html>"
        )
        return Response(status, html, [(b"content-type", b"text/html; charset=utf-8")])

    def secondary_limit(
        self, times: int = 1, retry_after: int | None = 1, status: int = 403
    ) -> None:
        """Answer the next ``times`` requests with a secondary rate limit.

        Args:
            times: Requests to refuse.
            retry_after: ``retry-after`` seconds (``None``: no header, as GitHub
                sometimes does; clients must then wait at least a minute).
            status: 403 (GitHub's usual) or 429.
        """
        self._secondary.extend([(retry_after, status)] * times)

    @staticmethod
    def _secondary_response(retry_after: int | None, status: int) -> Response:
        body = {
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes "
            "before you try again. If you reach out to GitHub Support for help, please "
            "include the request ID.",
            "documentation_url": _RATE_DOCS,
            "status": str(status),
        }
        resp = Response.json(status, body)
        if retry_after is not None:
            resp.headers.append((b"retry-after", b"%d" % retry_after))
        return resp

    # ============================================================= pagination
    def _page(
        self,
        ctx: _Ctx,
        items: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        wrap: str | None = None,
        kind: str | None = None,
    ) -> Response:
        """``page``/``per_page`` with a ``Link`` header (``wrap``: ``{total_count, wrap: []}``).

        ``kind`` names the listed object for the quirks (:meth:`quirked`): with
        ``short_pages`` pages hold fewer rows than ``per_page`` (and the ``Link`` header
        still says where the next one is); with ``unsorted`` a newest-first list shifts
        by one between page 1 and page 2 (a row was added on top: the last row of page 1
        repeats at the top of page 2), and the first two rows of a pull request page swap.
        """
        req = ctx.request
        quirks = req.quirks
        per_page = _int_arg(req, "per_page", DEFAULT_PER_PAGE)
        per_page = min(max(per_page, 1), MAX_PER_PAGE)
        page = max(_int_arg(req, "page", 1), 1)
        short = "short_pages" in quirks
        if "unsorted" in quirks and kind in _SHIFTING:
            second = _window(2, per_page, short=short)[0]
            if len(items) > second:
                items = [*items[:second], *items[second - 1 :]]
        start, size = _window(page, per_page, short=short)
        chosen = list(items[start : start + size])
        if "unsorted" in quirks and kind == "pull" and len(chosen) > 1:
            chosen[0], chosen[1] = chosen[1], chosen[0]
        window = []
        deviations: list[str] = []
        where = f"response.{wrap}" if wrap else "response"
        for i, item in enumerate(chosen):
            obj, paths = self.quirked(kind, render(item), quirks)
            window.append(obj)
            deviations += [f"{where}[{i}]{path}" for path in paths]
        last = _last_page(len(items), per_page, short=short)
        params = [(k, v) for k, vs in req.query.items() if k != "page" for v in vs]
        host = req.headers.get("host", "127.0.0.1")

        def url(n: int) -> str:
            return f"http://{host}{ctx.base}{ctx.path_no_v3}?{urlencode([*params, ('page', n)])}"

        rels = []
        if page > 1:
            rels.append(f'<{url(page - 1)}>; rel="prev"')
        if page < last:
            rels.append(f'<{url(page + 1)}>; rel="next"')
            rels.append(f'<{url(last)}>; rel="last"')
        if page > 1:
            rels.append(f'<{url(1)}>; rel="first"')
        body = dumps({"total_count": len(items), wrap: window} if wrap else window)
        headers = [(b"content-type", b"application/json; charset=utf-8")]
        if rels:
            headers.append((b"link", ", ".join(rels).encode()))
        return Response(200, body, headers, deviations=tuple(deviations))

    def _repo_of(self, ctx: _Ctx, name: str) -> Repo:
        """The repository a per-repository request names (404 if unknown or vanished)."""
        return _present(ctx, self._repo(name), self.vanished_repo, self.deleted_repo)

    def _get_org(self, _ctx: _Ctx) -> Response:
        return Response.json(200, self.organization())

    def _team(self, slug: str) -> Team:
        for t in self.org.teams:
            if t.slug == slug:
                return t
        raise ApiError(404, "Not Found")

    def _list_teams(self, ctx: _Ctx) -> Response:
        deleted = self.deleted_team(ctx.request.quirks)
        teams = sorted((t for t in self.org.teams if t is not deleted), key=lambda t: t.name)
        return self._page(ctx, teams, self.team, kind="team")

    def _team_of(self, ctx: _Ctx, slug: str) -> Team:
        """The team a per-team request names (404 if unknown, or deleted since listed)."""
        return _present(ctx, self._team(slug), self.vanished_team, self.deleted_team)

    def _team_members(self, ctx: _Ctx, slug: str) -> Response:
        team = self._team_of(ctx, slug)
        role = ctx.request.arg("role") or "all"
        if role not in ("all", "member", "maintainer"):
            raise ApiError(422, "Validation Failed")
        members = []
        for u, r in team.members:
            gh_role = "maintainer" if r == "manager" else "member"
            if role in ("all", gh_role):
                members.append(u)
        members.sort(key=lambda u: self.world.user_ids[u.index])
        return self._page(ctx, members, lambda u: self.user(u.index), kind="user")

    def _team_repos(self, ctx: _Ctx, slug: str) -> Response:
        team = self._team_of(ctx, slug)
        deleted = self.deleted_repo(ctx.request.quirks)
        items = [(r, role) for r, role in self.team_repo_roles(team) if r is not deleted]
        return self._page(ctx, items, lambda x: self.repository(x[0], x[1]), kind="repository")

    def _sorted_repos(self, req: Request) -> list[Repo]:
        sort = req.arg("sort") or "created"
        if sort not in ("created", "updated", "pushed", "full_name"):
            raise ApiError(422, "Validation Failed")
        key: Callable[[Repo], Any] = {
            "created": lambda r: (r.created, r.id),
            "updated": lambda r: (self._repo_pushed(r), r.id),
            "pushed": lambda r: (self._repo_pushed(r), r.id),
            "full_name": lambda r: r.name,
        }[sort]
        default_dir = "asc" if sort == "full_name" else "desc"
        direction = req.arg("direction") or default_dir
        repos = self._cached(
            ("repos", sort, direction),
            lambda: sorted(self.world.repos, key=key, reverse=direction == "desc"),
        )
        rtype = req.arg("type") or "all"
        if rtype in ("public", "internal"):
            return [r for r in repos if not r.private]
        if rtype == "private":
            return [r for r in repos if r.private]
        return repos

    def _list_repos(self, ctx: _Ctx) -> Response:
        deleted = self.deleted_repo(ctx.request.quirks)
        repos = [r for r in self._sorted_repos(ctx.request) if r is not deleted]
        return self._page(ctx, repos, self.repository, kind="repository")

    def _get_repo(self, ctx: _Ctx, name: str) -> Response:
        return Response.json(200, self.repository(self._repo_of(ctx, name)))

    def _repo_teams(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo(name)
        items: list[tuple[Team, str]] = []
        if repo.team is not None:
            items.append((repo.team, "admin"))
            items += [(t, "push") for t in repo.writers]
        deleted = self.deleted_team(ctx.request.quirks)
        items = [(t, p) for t, p in items if t is not deleted]
        return self._page(ctx, items, lambda x: self.team(x[0], x[1]))

    def _hooks(self, ctx: _Ctx, name: str) -> Response:
        return self._page(ctx, self.hooks(self._repo_of(ctx, name)), lambda h: h, kind="hook")

    def _protection(self, ctx: _Ctx, name: str, branch: str) -> Response:
        repo = self._repo_of(ctx, name)
        if repo.empty:
            raise ApiError(409, "Git Repository is empty.")
        if branch != "main":
            raise ApiError(404, "Branch not found")
        body = self.protection(repo)
        if body is None:
            raise ApiError(404, "Branch not protected")
        return Response.json(200, body)

    def _rulesets(self, ctx: _Ctx, name: str) -> Response:
        return self._page(ctx, self.rulesets(self._repo_of(ctx, name)), lambda x: x, kind="ruleset")

    def _environments(self, ctx: _Ctx, name: str) -> Response:
        return self._page(
            ctx,
            self.environments(self._repo_of(ctx, name)),
            lambda x: x,
            wrap="environments",
            kind="environment",
        )

    def _deployments(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        items = self.visible_deploys(repo)
        env = ctx.request.arg("environment")
        if env:
            items = [d for d in items if d.environment == env]
        return self._page(ctx, items, lambda d: self.deployment(repo, d), kind="deployment")

    def _deployment_statuses(self, ctx: _Ctx, name: str, did: str) -> Response:
        repo = self._repo_of(ctx, name)
        found = next((d for d in self.visible_deploys(repo) if d.id == int(did)), None)
        vanished = "vanished_children" in ctx.request.quirks and (
            found is not None and found.id == self.vanished_deployment()
        )
        if found is None or vanished:
            raise ApiError(404, "Not Found")
        return self._page(
            ctx,
            self.status_plans(found),
            lambda st: self.deployment_status(repo, found, st),
            kind="deployment_status",
        )

    def _releases(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        return self._page(
            ctx, self.visible_releases(repo), lambda r: self.release(repo, r), kind="release"
        )

    def _pulls(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        req = ctx.request
        state = req.arg("state") or "open"
        sort = req.arg("sort") or "created"
        direction = req.arg("direction") or "desc"
        if state not in ("open", "closed", "all") or sort not in (
            "created",
            "updated",
            "popularity",
            "long-running",
        ):
            raise ApiError(422, "Validation Failed")
        items = self.visible_pulls(repo)
        now = self.now
        if state != "all":
            want_closed = state == "closed"
            items = [
                x for x in items if (x[0].closed is not None and x[0].closed <= now) == want_closed
            ]
        if sort == "created":
            items = sorted(items, key=lambda x: (x[0].created, x[0].number), reverse=True)
        if direction == "asc":
            items = list(reversed(items))
        return self._page(ctx, items, lambda x: self.pull(repo, x[0], x[1]), kind="pull")

    def _runs(self, ctx: _Ctx, name: str) -> Response:
        repo = self._repo_of(ctx, name)
        if repo.actions_disabled:
            raise ApiError(410, "Actions are disabled for this repository.")
        items = self.visible_runs(repo)
        created = ctx.request.arg("created")
        if created:
            items = _filter_created(items, created)
        status = ctx.request.arg("status")
        if status:
            items = [r for r in items if self.run_state(r)[0] == status or r.conclusion == status]
        return self._page(ctx, items, lambda r: self.run(repo, r), wrap="workflow_runs", kind="run")

    def _run(self, _ctx: _Ctx, name: str, rid: str) -> Response:
        repo = self._repo(name)
        if repo.actions_disabled:
            raise ApiError(410, "Actions are disabled for this repository.")
        for r in self.visible_runs(repo):
            if r.id == int(rid):
                return Response.json(200, self.run(repo, r))
        raise ApiError(404, "Not Found")


@dataclass(slots=True)
class _Ctx:
    """A request and the URL base its links use (``/github`` or ``/github/api/v3``)."""

    request: Request
    base: str

    @property
    def path_no_v3(self) -> str:
        path = self.request.path
        return path.removeprefix("/api/v3")


_RATE_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"


_SCOPE_MESSAGES = {
    "admin:repo_hook": "Must have admin rights to Repository.",
    "read:org": "Resource not accessible by personal access token",
    "repo": "Resource not accessible by personal access token",
}

_COMPARISONS: tuple[tuple[str, Callable[[int, int], bool]], ...] = (
    (">=", operator.ge),
    ("<=", operator.le),
    (">", operator.gt),
    ("<", operator.lt),
)

#: Lists ordered newest first, where a row added while a client pages shifts the pages.
_SHIFTING = frozenset({"pull", "run", "deployment", "release", "deployment_status"})

#: With ``short_pages`` a page holds at most this many rows, then one and two fewer in turn.
SHORT_PAGE = 7


def _page_size(page: int, per_page: int, *, short: bool) -> int:
    if not short:
        return per_page
    return max(1, min(per_page, SHORT_PAGE) - (page - 1) % 3)


def _window(page: int, per_page: int, *, short: bool) -> tuple[int, int]:
    """``(start, size)`` of a page (pages are numbered from 1)."""
    if not short:
        return (page - 1) * per_page, per_page
    start = sum(_page_size(k, per_page, short=True) for k in range(1, page))
    return start, _page_size(page, per_page, short=True)


def _last_page(total: int, per_page: int, *, short: bool) -> int:
    if not short:
        return max(1, math.ceil(total / per_page))
    page, end = 1, _page_size(1, per_page, short=True)
    while end < total:
        page += 1
        end += _page_size(page, per_page, short=True)
    return page


def _int_arg(req: Request, name: str, default: int) -> int:
    return req.int_arg(name, default, lambda _raw: ApiError(422, f"Invalid value for {name}"))


def _filter_created(items: list[RunPlan], expr: str) -> list[RunPlan]:
    """GitHub's ``created`` search qualifier: ``>=T``, ``>T``, ``<=T``, ``<T``, ``A..B``."""

    def ts(text: str) -> int:
        text = text.strip()
        if text in ("*", ""):
            return 0
        return _epoch(
            iso_datetime(text, lambda: ApiError(422, f"Invalid created qualifier: {expr}"))
        )

    if ".." in expr:
        lo_s, hi_s = expr.split("..", 1)
        lo = ts(lo_s)
        hi = ts(hi_s) if hi_s.strip() not in ("*", "") else 2**62
        return [r for r in items if lo <= r.created <= hi]
    for op, cmp in _COMPARISONS:
        if expr.startswith(op):
            bound = ts(expr[len(op) :])
            return [r for r in items if cmp(r.created, bound)]
    t = ts(expr)
    return [r for r in items if t <= r.created < t + 86400]


def _present(
    ctx: _Ctx,
    obj: _T,
    vanished: Callable[[], _T | None],
    deleted: Callable[[frozenset[str]], _T | None],
) -> _T:
    """``obj`` unless it vanished since it was listed (``vanished_children``) or was deleted.

    Raises:
        ApiError: GitHub's 404 when it is gone.
    """
    quirks = ctx.request.quirks
    if ("vanished_children" in quirks and obj is vanished()) or obj is deleted(quirks):
        raise ApiError(404, "Not Found")
    return obj
