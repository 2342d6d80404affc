"""The Sentry web API (``/api/0/``): authentication, scopes, pagination and routes.

See :mod:`reliability_sandbox.vendors.sentry` for the contract; objects are rendered by
:class:`~reliability_sandbox.vendors.sentry.objects.SentryObjects`.
"""

from __future__ import annotations

import bisect
import functools
import hmac
import math
import operator
import random
import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from reliability_sandbox.vendor import Request, Response, dumps, int_headers, unknown_settings
from reliability_sandbox.vendors._common import iso_datetime
from reliability_sandbox.vendors.sentry.objects import SentryObjects
from reliability_sandbox.vendors.sentry.world import (
    _DETAIL_FORBIDDEN,
    _DETAIL_NOT_FOUND,
    CONCURRENT_LIMIT,
    DEFAULT_TOKEN,
    LIMITED_TOKENS,
    MAX_PER_PAGE,
    ORG_SLUG,
    READ_SCOPES,
    ApiError,
    IssueState,
    _hex32,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reliability_sandbox.org import Org, Service


#: What Sentry's organisation issues list sends as `X-Max-Hits`, the cap of `X-Hits`.
#: Neither header is in Sentry's API documents; read from its source (getsentry/sentry):
#: `OrganizationGroupIndexEndpoint.get` searches with `count_hits=True` and no `max_hits`
#: and answers through `Endpoint.add_cursor_headers` (src/sentry/api/base.py: `X-Hits` =
#: the cursor result's `hits`, `X-Max-Hits` = its `max_hits`); the Snuba search
#: executor (src/sentry/search/snuba/executors.py, `PostgresSnubaQueryExecutor.query`
#: and `calculate_hits`) counts the whole query - its `start`/`end` and filters, never
#: only what lies past the cursor: exactly on a first page, by a deterministic sample
#: scaled to Snuba's total on later pages and for organisations with too many
#: candidates (exact below the sample size) - and hands it to `SequencePaginator`
#: (src/sentry/api/paginator.py, commit 01f4f90), which reports `min(hits, max_hits)`
#: with `max_hits` defaulting to `MAX_HITS_LIMIT` = 1000. So `X-Hits: 1000` means "at
#: least 1000". A query that matches nothing gets the executor's empty result, which
#: counts no hits: no header. The sandbox serves the exact count (a small organisation's,
#: whose sample holds every match), capped; the sampling's error is not emulated.
ISSUE_MAX_HITS = 1000


class SentryAPI(SentryObjects):
    """The Sentry web API over an :class:`~reliability_sandbox.org.Org`: the routes.

    Attributes:
        token: The token accepted with every read scope.
        tokens: Every accepted token and its scopes.
    """

    name = "sentry"
    prefix = "/sentry"

    def __init__(self, org: Org, token: str = DEFAULT_TOKEN) -> None:
        """Create the view (the Sentry world is derived lazily, then cached per version)."""
        super().__init__(org)
        self.token = token
        self.tokens: dict[str, frozenset[str]] = {token: READ_SCOPES, **LIMITED_TOKENS}
        org_p = r"/api/0/organizations/([^/]+)"
        self._routes: list[tuple[re.Pattern[str], str, Callable[..., Response]]] = [
            (re.compile(r"/api/0/organizations"), "org:read", self._list_orgs),
            (re.compile(org_p), "org:read", self._get_org),
            (re.compile(org_p + r"/projects"), "org:read", self._list_projects),
            (re.compile(org_p + r"/teams"), "org:read", self._list_teams),
            (re.compile(org_p + r"/issues"), "event:read", self._list_issues),
            (re.compile(org_p + r"/issues/(\d+)"), "event:read", self._get_issue),
            (re.compile(org_p + r"/issues/(\d+)/events"), "event:read", self._list_events),
            (re.compile(org_p + r"/releases"), "project:read", self._list_releases),
            (re.compile(org_p + r"/releases/([^/]+)/deploys"), "project:read", self._deploys),
            (
                re.compile(r"/api/0/projects/([^/]+)/([^/]+)/teams"),
                "project:read",
                self._project_teams,
            ),
        ]

    # ================================================================ registry
    def credentials(self) -> dict[str, str]:
        """The auth token (every read scope) and the organisation slug."""
        return {"auth_token": self.token, "organization": ORG_SLUG}

    def client_headers(self) -> dict[str, str]:
        """``Authorization: Bearer <token>``."""
        return {"Authorization": f"Bearer {self.token}"}

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """``token``: accept this auth token (with every read scope) as the main one."""
        unknown_settings(self.name, settings, {"token"})
        if "token" in settings:
            token = settings["token"]
            if not isinstance(token, str) or not token:
                msg = "sentry: token must be a non-empty string"
                raise ValueError(msg)
            self.token = token
            self.tokens[token] = READ_SCOPES
        return {"token": self.token}

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """Check ``Authorization: Bearer <token>``; 401 with Sentry's body if not."""
        header = request.headers.get("authorization", "")
        if not header:
            return None, Response.json(
                401, {"detail": "Authentication credentials were not provided."}
            )
        scheme, _, given = header.partition(" ")
        given = given.strip()
        if scheme.lower() != "bearer" or not any(
            hmac.compare_digest(given.encode(), t.encode()) for t in self.tokens
        ):
            return None, Response.json(401, {"detail": "Invalid token"})
        return given, None

    def handle(self, request: Request) -> Response:
        """Route and serve one authenticated request."""
        path = request.path.rstrip("/") or "/"
        token = request.headers.get("authorization", "").partition(" ")[2].strip()
        scopes = self.tokens.get(token, frozenset())
        try:
            for pattern, scope, func in self._routes:
                m = pattern.fullmatch(path)
                if m is None:
                    continue
                if request.method != "GET":
                    return Response.json(405, {"detail": f'Method "{request.method}" not allowed.'})
                groups = m.groups()
                if groups and unquote(groups[0]) not in (ORG_SLUG, str(self.world.org_id)):
                    raise ApiError(404, _DETAIL_NOT_FOUND)  # noqa: TRY301
                if scope not in scopes:
                    raise ApiError(403, _DETAIL_FORBIDDEN)  # noqa: TRY301
                return func(request, *groups[1:])
            raise ApiError(404, _DETAIL_NOT_FOUND)  # noqa: TRY301
        except ApiError as err:
            return Response.json(err.status, err.body)

    def rate_limit_headers(
        self, limit: int, remaining: int, reset: int
    ) -> list[tuple[bytes, bytes]]:
        """``X-Sentry-Rate-Limit-*``: reset is the UTC epoch second the window resets."""
        return int_headers(
            "x-sentry-rate-limit-",
            limit=limit,
            remaining=remaining,
            reset=math.ceil(time.time()) + reset,
            concurrentlimit=CONCURRENT_LIMIT,
            concurrentremaining=CONCURRENT_LIMIT - 1,
        )

    def too_many_requests(self, limit: int, reset: int) -> Response:
        """Sentry's 429 (the window's request limit was used up)."""
        detail = (
            "You are attempting to use this endpoint too frequently. "
            f"Limit is {limit} requests in 60 seconds"
        )
        resp = Response.json(429, {"detail": detail})
        resp.headers.extend(self.rate_limit_headers(limit, 0, max(reset, 1)))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as Sentry's JSON; 502/503 as the HTML its load balancer returns."""
        return Response.server_error(
            status, lambda: {"detail": "Internal Error", "errorId": _hex32("err", time.time_ns())}
        )

    # ============================================================= pagination
    def _link(self, req: Request, cursor: str, rel: str, *, results: bool) -> str:
        params = [(k, v) for k, vs in req.query.items() if k != "cursor" for v in vs]
        host = req.headers.get("host", "127.0.0.1")
        qs = urlencode(params)
        url = f"http://{host}{self.prefix}{req.path}?{qs}&cursor={cursor}"
        flag = "true" if results else "false"
        return f'<{url}>; rel="{rel}"; results="{flag}"; cursor="{cursor}"'

    @staticmethod
    def _per_page(req: Request, name: str = "per_page", *, strict: bool = True) -> int:
        raw = req.arg(name)
        if raw is None or raw == "":
            return MAX_PER_PAGE
        try:
            n = int(raw)
        except ValueError:
            raise ApiError(400, f"Invalid {name} parameter.") from None
        if strict and n > MAX_PER_PAGE:
            raise ApiError(400, f"Invalid {name} parameter. Max allowed value is 100.")
        return min(max(n, 1), MAX_PER_PAGE)

    @staticmethod
    def _cursor(req: Request) -> tuple[int, int, bool]:
        raw = req.arg("cursor")
        if not raw:
            return 0, 0, False
        parts = raw.split(":")
        try:
            if len(parts) != 3:  # noqa: PLR2004
                raise ValueError  # noqa: TRY301
            value, offset, is_prev = int(parts[0]), int(parts[1]), int(parts[2])
            if offset < 0 or is_prev not in (0, 1):
                raise ValueError  # noqa: TRY301
        except ValueError:
            raise ApiError(400, "Invalid cursor parameter.") from None
        return value, offset, bool(is_prev)

    def _page_offset(
        self,
        req: Request,
        items: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        limit: int,
        deviate: Callable[[str, dict[str, Any]], list[str]] | None = None,
    ) -> Response:
        """Offset cursors (``0:<offset>:<is_prev>``), as Sentry's OffsetPaginator."""
        _value, offset, is_prev = self._cursor(req)
        limit = _page_size(req, limit, offset)
        if is_prev:
            offset = max(0, offset - limit)
        window = items[offset : offset + limit]
        prev_c = f"0:{max(0, offset - limit) if offset else 0}:1"
        next_c = f"0:{offset + limit}:0"
        link = ", ".join(
            (
                self._link(req, prev_c, "previous", results=offset > 0),
                self._link(req, next_c, "next", results=offset + limit < len(items)),
            )
        )
        return self._page(req, items, offset, window, render, link=link, deviate=deviate)

    def _page_keyed(  # noqa: PLR0913 - a paginator's inputs
        self,
        req: Request,
        items: Sequence[Any],
        key: Callable[[Any], int],
        render: Callable[[Any], dict[str, Any]],
        *,
        limit: int,
        deviate: Callable[[str, dict[str, Any]], list[str]] | None = None,
    ) -> Response:
        """Value cursors (``<sort value>:<offset>:<is_prev>``) over a descending key."""
        value, offset, is_prev = self._cursor(req)
        keys = self._cache_get(("keys", id(items)))
        if keys is None or len(keys) != len(items):
            keys = [-key(x) for x in items]  # ascending, for bisect
            self._cache_put(("keys", id(items)), keys)
        n = len(items)
        if not req.arg("cursor"):
            start = 0
        elif is_prev:
            # Items strictly before the cursor position, then step back one page.
            end = _bisect_left(keys, -value) + offset
            start = max(0, end - limit)
        else:
            start = min(n, _bisect_left(keys, -value) + offset)
        limit = _page_size(req, limit, start)
        window = items[start : start + limit]
        if window:
            last_key = key(window[-1])
            same = sum(1 for x in window if key(x) == last_key)
            first_key = key(window[0])
            if same == len(window) and req.arg("cursor") and not is_prev and value == last_key:
                same += offset
            next_c = f"{last_key}:{same}:0"
            before = start - _bisect_left(keys, -first_key)
            prev_c = f"{first_key}:{before}:1"
        else:
            next_c = f"{value}:{offset}:0"
            prev_c = f"{value}:{offset}:1"
        link = ", ".join(
            (
                self._link(req, prev_c, "previous", results=start > 0),
                self._link(req, next_c, "next", results=start + len(window) < n),
            )
        )
        return self._page(req, items, start, window, render, link=link, deviate=deviate)

    @staticmethod
    def _page(  # noqa: PLR0913 - one page's parts
        req: Request,
        items: Sequence[Any],
        start: int,
        window: Sequence[Any],
        render: Callable[[Any], dict[str, Any]],
        *,
        link: str,
        deviate: Callable[[str, dict[str, Any]], list[str]] | None,
    ) -> Response:
        """One page's body; ``unsorted`` shuffles it and repeats the previous page's last row.

        The cursors are those of the window in order, so a client that follows them
        and keeps every row (deduplicated) loses nothing whatever the shown order.
        """
        shown = list(window)
        if "unsorted" in req.quirks and shown:
            if start > 0:
                shown.append(items[start - 1])
            random.Random(f"{req.path}:{start}:{len(items)}").shuffle(shown)
        bodies = [render(x) for x in shown]
        deviations: tuple[str, ...] = ()
        if deviate is not None:
            deviations = tuple(
                d for i, body in enumerate(bodies) for d in deviate(f"response[{i}]", body)
            )
        return Response(
            200, dumps(bodies), [*_json_headers(), (b"link", link.encode())], deviations
        )

    # ============================================================== endpoints
    def _list_orgs(self, req: Request) -> Response:
        return self._page_offset(
            req, [0], lambda _x: self.organization(req.quirks), limit=self._per_page(req)
        )

    def _get_org(self, req: Request) -> Response:
        return Response.json(200, self.organization(req.quirks))

    def _list_projects(self, req: Request) -> Response:
        gone = self.deleted_inventory(req.quirks)[0]
        items = [s for s in self._sorted_services() if s is not gone]
        return self._page_named(req, items, lambda s: self.project(s, req.quirks))

    def _list_teams(self, req: Request) -> Response:
        detailed = req.arg("detailed") != "0"
        gone = self.deleted_inventory(req.quirks)[1]
        items = [t for t in self._sorted_teams() if t is not gone]
        return self._page_named(
            req, items, lambda t: self.team(t, detailed=detailed, quirks=req.quirks)
        )

    def _page_named(
        self, req: Request, items: Sequence[Any], render: Callable[[Any], dict[str, Any]]
    ) -> Response:
        """A page of projects or teams, those whose slug or name holds ``query`` if given."""
        q = (req.arg("query") or "").strip().lower()
        if q:
            items = [x for x in items if q in x.slug or q in x.name.lower()]
        return self._page_offset(req, items, render, limit=self._per_page(req))

    def _project_teams(self, req: Request, project: str) -> Response:
        service = self._find_project(unquote(project))
        gone_project, gone_team = self.deleted_inventory(req.quirks)
        if service is gone_project:
            raise ApiError(404, _DETAIL_NOT_FOUND)
        teams = sorted(
            (t for t in self.world.project_teams[service.index] if t is not gone_team),
            key=lambda t: t.slug,
        )
        return self._page_offset(
            req, teams, lambda t: self.team(t, quirks=req.quirks), limit=MAX_PER_PAGE
        )

    def _find_project(self, ref: str) -> Service:
        for s in self.org.services:
            if ref in (s.slug, str(self.world.project_ids[s.index])):
                return s
        raise ApiError(404, _DETAIL_NOT_FOUND)

    def _date_range(self, req: Request) -> tuple[int | None, int | None]:
        period = req.arg("statsPeriod")
        now = self.now
        if period:
            m = re.fullmatch(r"(\d+)([smhdw])", period)
            if m is None:
                raise ApiError(400, f"Invalid statsPeriod: {period!r}")
            unit = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[m.group(2)]
            return now - int(m.group(1)) * unit, None
        start, end = req.arg("start"), req.arg("end")
        if bool(start) != bool(end):
            raise ApiError(400, "start and end are both required")
        if not start or not end:
            return None, None
        lo, hi = _parse_when(start), _parse_when(end)
        if lo > hi:
            raise ApiError(400, "start must be before end")
        return lo, hi

    def _list_issues(self, req: Request) -> Response:  # noqa: C901
        states = self.issue_states()
        query = req.arg("query")
        if query is None:
            query = "is:unresolved"  # Sentry's default: only unresolved issues
        preds = _parse_query(query)
        lo, hi = self._date_range(req)
        projects = {p for p in req.args("project") if p and p != "-1"}
        if projects:
            ids = set()
            for ref in projects:
                ids.add(self._find_project(ref).index)
        sort = req.arg("sort") or "date"
        if sort not in ("date", "new", "freq"):
            raise ApiError(400, f"Invalid sort: {sort!r}")
        limit = self._per_page(req, "limit", strict=False)
        collapse = tuple(req.args("collapse"))

        def keep(st: IssueState) -> bool:
            if lo is not None and st.last_seen < lo:
                return False
            if hi is not None and st.first_seen > hi:
                return False
            if projects and st.issue.project.index not in ids:
                return False
            return all(p(st) for p in preds)

        cache_key = ("issues", query, lo, hi, tuple(sorted(projects)), sort)
        items = self._cache_get(cache_key)
        if items is None:
            items = [st for st in self._last_seen_slice(states, query, lo) if keep(st)]
            if sort == "new":
                items.sort(key=lambda s: (s.first_seen, s.issue.id), reverse=True)
            elif sort == "freq":
                items.sort(key=lambda s: (s.count, s.issue.id), reverse=True)
            self._cache_put(cache_key, items)
        key: Callable[[IssueState], int] = {
            "date": lambda s: s.last_seen * 1000,
            "new": lambda s: s.first_seen * 1000,
            "freq": lambda s: s.count,
        }[sort]
        resp = self._page_keyed(
            req,
            items,
            key,
            lambda st: self.issue(st, collapse=collapse, quirks=req.quirks),
            limit=limit,
            deviate=_issue_deviations,
        )
        # The count of the whole query (its start/end and filters, not what lies past the
        # cursor), capped at the paginator's default maximum: see `ISSUE_MAX_HITS`. A query
        # nothing matches is answered by Sentry's empty result, which counts no hits.
        if items:
            hits = {"Hits": min(len(items), ISSUE_MAX_HITS), "Max-Hits": ISSUE_MAX_HITS}
            resp.headers.extend(int_headers("X-", **hits))
        return resp

    def _last_seen_slice(
        self, states: list[IssueState], query: str, lo: int | None
    ) -> list[IssueState]:
        """The run of `states` (newest `lastSeen` first) whose `lastSeen` the query allows.

        Only `start` and the query's `lastSeen:` bounds are read, so every issue the full
        filter keeps is in the run, in the same order: a window of a long history is
        filtered over its own issues, not over every issue of the organisation.
        """
        low, high = _last_seen_bounds(query, lo)
        if low is None and high is None:
            return states
        keys = self._cache_get(("last_seen_keys",))
        if keys is None or len(keys) != len(states):
            keys = [-st.last_seen for st in states]  # ascending, for bisect
            self._cache_put(("last_seen_keys",), keys)
        first = 0 if high is None else bisect.bisect_left(keys, -high)
        stop = len(states) if low is None else bisect.bisect_right(keys, -low)
        return states[first:stop]

    def _find_issue(self, iid: str, quirks: frozenset[str] = frozenset()) -> IssueState:
        self.issue_states()
        st = self._by_id.get(int(iid))
        if st is None or st.issue.id in self.vanished(quirks)[0]:
            raise ApiError(404, _DETAIL_NOT_FOUND)
        return st

    def _get_issue(self, req: Request, iid: str) -> Response:
        st = self._find_issue(iid, req.quirks)
        body = self.issue_detail(st, collapse=tuple(req.args("collapse")), quirks=req.quirks)
        return Response(200, dumps(body), deviations=tuple(_issue_deviations("response", body)))

    def _list_events(self, req: Request, iid: str) -> Response:
        st = self._find_issue(iid, req.quirks)
        lo, hi = self._date_range(req)
        full = (req.arg("full") or "").lower() in ("1", "true")
        events = self.events(st)
        if lo is not None or hi is not None:
            events = [
                e for e in events if (lo is None or e[0] >= lo) and (hi is None or e[0] <= hi)
            ]
        if (req.arg("sample") or "").lower() in ("1", "true"):
            events = sorted(events, key=lambda e: _hex32("sample", st.issue.id, e[1], e[2]))
        return self._page_offset(
            req,
            events,
            lambda e: self.event(st, e, full=full, quirks=req.quirks),
            limit=self._per_page(req),
            # The list document describes the simple body only: a full body departs
            # from it as a whole (tests check it against the event-details document).
            deviate=(lambda where, _body: [where]) if full else None,
        )

    def _list_releases(self, req: Request) -> Response:
        items = self.visible_releases()
        projects = {p for p in req.args("project") if p and p != "-1"}
        if projects:
            idx = {self._find_project(p).index for p in projects}
            items = [r for r in items if r["service"].index in idx]
        q = (req.arg("query") or "").strip().lower()
        if q:
            items = [r for r in items if q in r["version"].lower()]
        return self._page_offset(
            req,
            items,
            lambda r: self.release(r, req.quirks),
            limit=self._per_page(req),
            deviate=_release_deviations,
        )

    def _deploys(self, req: Request, version: str) -> Response:
        version = unquote(version)
        for r in self.visible_releases():
            if r["version"] == version:
                if version in self.vanished(req.quirks)[1]:
                    break  # deleted after the releases list was read
                deploys = self.served_deploys(r, req.quirks)
                # Sentry pages deploys with its default page size (no `per_page`).
                return self._page_offset(req, deploys, lambda d: d, limit=MAX_PER_PAGE)
        raise ApiError(404, _DETAIL_NOT_FOUND)

    def release_path(self, version: str) -> str:
        """URL path of a release's deploys (the version percent-encoded)."""
        return f"/api/0/organizations/{ORG_SLUG}/releases/{quote(version, safe='')}/deploys/"


#: The enum values the issue documents list (``None`` included).
_SUBSTATUSES = frozenset(
    {
        None,
        "archived_until_escalating",
        "archived_until_condition_met",
        "archived_forever",
        "escalating",
        "ongoing",
        "regressed",
        "new",
    }
)

_PRIORITIES = frozenset({None, "low", "medium", "high"})


def _page_size(req: Request, limit: int, start: int) -> int:
    """The page size served: ``short_pages`` caps it below what was asked (unevenly)."""
    if "short_pages" in req.quirks and limit > 1:
        return max(1, limit * 2 // 3 - start % 3)
    return limit


def _issue_deviations(where: str, body: dict[str, Any]) -> list[str]:
    """Where an issue departs from Sentry's documents on purpose (see SOURCES.md)."""
    out = []
    if "owners" in body:
        # A list of owners (or null): the issue-details document and Sentry's serializer
        # agree; the list document says one object.
        out.append(f"{where}.owners")
    if "inbox" in body and body["inbox"] is None:
        out.append(f"{where}.inbox")
    if "sessionCount" in body and body["sessionCount"] is None:
        out.append(f"{where}.sessionCount")
    if body.get("substatus") not in _SUBSTATUSES:
        out.append(f"{where}.substatus")
    if body.get("priority") not in _PRIORITIES:
        out.append(f"{where}.priority")
    return out


def _release_deviations(where: str, body: dict[str, Any]) -> list[str]:
    """Nulls a release carries where the releases document says a value is present."""
    out = []
    if body.get("commitCount", 0) is None:
        out.append(f"{where}.commitCount")
    if (body.get("lastDeploy") or {}).get("name", "") is None:
        out.append(f"{where}.lastDeploy.name")
    return out


def _json_headers() -> list[tuple[bytes, bytes]]:
    return [(b"content-type", b"application/json")]


def _bisect_left(keys: list[int], x: int) -> int:
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _parse_when(value: str) -> int:
    text = value.strip().replace(" ", "+")
    # Python reads a trailing `Z` as UTC since 3.11.
    dt = iso_datetime(text, lambda: ApiError(400, f"{value!r} is not a valid ISO-8601 date-time"))
    return math.floor(dt.timestamp())


_STATUSES = {"unresolved", "resolved", "ignored", "archived"}

_OPS: dict[str, Callable[[int, int], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


def _has_word(word: str, st: IssueState) -> bool:
    return word in f"{st.issue.error[0]}: {st.issue.error[1]}".lower()


def _has_status(status: str, negate: bool, st: IssueState) -> bool:  # noqa: FBT001
    return (st.status == status) != negate


def _has_level(level: str, negate: bool, st: IssueState) -> bool:  # noqa: FBT001
    return (st.issue.error[2] == level) != negate


def _compare(
    attr: str,
    op: Callable[[int, int], bool],
    when: int,
    negate: bool,  # noqa: FBT001
    st: IssueState,
) -> bool:
    return op(getattr(st, attr), when) != negate


_CMP = re.compile(r"(>=|<=|>|<)?(.+)")


def _last_seen_bounds(query: str, lo: int | None) -> tuple[int | None, int | None]:
    """Inclusive `(lowest, highest)` `lastSeen` a query (and its `start`, `lo`) allows."""
    low, high = lo, None
    for token in query.split():
        key, sep, value = token.partition(":")
        m = _CMP.fullmatch(value) if key == "lastSeen" and sep else None
        if m is None:
            continue  # another filter, or a negated one (`!lastSeen:`): no bound
        op, when = m.group(1) or ">=", _parse_when(m.group(2))
        if op in (">", ">="):
            bound = when + 1 if op == ">" else when
            low = bound if low is None else max(low, bound)
        else:
            bound = when - 1 if op == "<" else when
            high = bound if high is None else min(high, bound)
    return low, high


def _parse_query(query: str) -> list[Callable[[IssueState], bool]]:
    """Sentry issue search, the subset the sandbox knows.

    ``is:unresolved|resolved|ignored|archived`` (and ``!is:``), ``lastSeen:`` and
    ``firstSeen:`` with ``>``, ``>=``, ``<``, ``<=`` and an ISO-8601 date-time, ``level:``;
    words match the title. Any other ``key:value`` is an unsupported filter: 400.
    """
    preds: list[Callable[[IssueState], bool]] = []
    for token in query.split():
        negate = token.startswith("!")
        body = token[1:] if negate else token
        key, sep, value = body.partition(":")
        if not sep:
            word = token.lower()
            preds.append(functools.partial(_has_word, word))
            continue
        if key == "is":
            status = "ignored" if value == "archived" else value
            if value not in _STATUSES:
                raise ApiError(400, f"Invalid value for is: {value!r}")
            preds.append(functools.partial(_has_status, status, negate))
        elif key in ("lastSeen", "firstSeen"):
            m = _CMP.fullmatch(value)
            if m is None:
                raise ApiError(400, f"Invalid search query: {token!r}")
            op, when = m.group(1) or ">=", _parse_when(m.group(2))
            attr = "last_seen" if key == "lastSeen" else "first_seen"
            preds.append(functools.partial(_compare, attr, _OPS[op], when, negate))
        elif key == "level":
            preds.append(functools.partial(_has_level, value, negate))
        else:
            raise ApiError(400, f"Invalid search query: unsupported filter {key!r}")
    return preds
