"""Sentry's objects (organisation, teams, projects, issues, events; releases in ``releases``).

Rendered from :class:`~reliability_sandbox.vendors.sentry.world.SentryWorld` and the org's
clock; :meth:`SentryObjects.truth` lists every collection exactly as the API serves it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors.sentry.base import (
    _INBOX_ACTIVITY,
    _INBOX_REASONS,
    _INSIGHT_FLAGS,
    _LIST_ONLY_ISSUE_FIELDS,
    UNKNOWN_FIELDS,
    _b36,
    _picked,
)
from reliability_sandbox.vendors.sentry.releases import SentryReleases
from reliability_sandbox.vendors.sentry.world import (
    _ENVIRONMENTS,
    MAX_ACTIVITY,
    ORG_NAME,
    ORG_SLUG,
    READ_SCOPES,
    RETENTION,
    WEB_BASE,
    IssueState,
    _epoch,
    _hex32,
    _z,
    _zms,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reliability_sandbox.org import Service, Team


class SentryObjects(SentryReleases):
    """Sentry's objects over an :class:`~reliability_sandbox.org.Org` (cached per version)."""

    #: `stats["24h"]` of an issue quiet for a day: (the hour it ends, the buckets).
    _quiet_24h: tuple[int, list[list[int]]] | None = None

    # ================================================================ objects
    def organization(self, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The organisation (the ``detailed=0`` shape)."""
        created = min(s.created_at for s in self.org.services) - timedelta(days=30)
        body: dict[str, Any] = {
            "avatar": {"avatarType": "letter_avatar", "avatarUuid": None},
            "dateCreated": _zms(_epoch(created)),
            "features": ["advanced-search", "issue-platform", "onboarding"],
            "hasAuthProvider": False,
            "id": str(self.world.org_id),
            "isEarlyAdopter": False,
            "allowMemberInvite": True,
            "allowMemberProjectCreation": True,
            "allowSuperuserAccess": False,
            "links": {"organizationUrl": WEB_BASE, "regionUrl": "https://us.sentry.io"},
            "name": ORG_NAME,
            "require2FA": False,
            "slug": ORG_SLUG,
            "status": {"id": "active", "name": "active"},
            # What the token's user may do, and the onboarding checklist (done long ago).
            "access": sorted(READ_SCOPES),
            "onboardingTasks": [],
        }
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["organization"]] = False
        return body

    def team(
        self, t: Team, *, detailed: bool = False, quirks: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """A team (``detailed=0`` shape; projects, external teams, org when detailed)."""
        created = min((s.created_at for s in t.services), default=self.org.now) - timedelta(days=10)
        out: dict[str, Any] = {
            "id": str(self.world.team_ids[t.index]),
            "slug": t.slug,
            "name": t.name,
            "dateCreated": _zms(_epoch(created)),
            "isMember": False,
            "teamRole": None,
            "flags": {"idp:provisioned": False},
            "access": sorted(READ_SCOPES),
            "hasAccess": True,
            "isPending": False,
            "memberCount": len(t.members),
            "avatar": {"avatarType": "letter_avatar", "avatarUuid": None, "avatarUrl": None},
        }
        if detailed:
            world = self.world
            out["projects"] = [
                self.team_project(s) for s in self.org.services if t in world.project_teams[s.index]
            ]
            out["externalTeams"] = []
            out["organization"] = self.organization()
        if "unknown_fields" in quirks:
            out[UNKNOWN_FIELDS["team"]] = None
        return out

    def project(self, s: Service, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A project as ``/organizations/{org}/projects/`` lists it."""
        world = self.world
        gone_team = self.deleted_inventory(quirks)[1]
        teams = [self.team_short(t) for t in world.project_teams[s.index] if t is not gone_team]
        first_event = self._first_event_of(s)
        latest = self._latest_release_of(s)
        body: dict[str, Any] = {
            "slug": s.slug,
            "name": s.name,
            "dateCreated": _zms(_epoch(s.created_at)),
            "firstEvent": _zms(first_event) if first_event else None,
            "access": sorted(READ_SCOPES),
            "hasAccess": True,
            "id": str(world.project_ids[s.index]),
            "isBookmarked": False,
            "isMember": True,
            "platform": world.platforms[s.index],
            "platforms": [world.platforms[s.index]],
            "team": teams[0],
            "teams": teams,
            "environments": ["production", "staging"],
            "features": ["releases"],
            "firstTransactionEvent": False,
            "hasSessions": False,
            "hasProfiles": False,
            "hasReplays": False,
            "hasFlags": False,
            "hasMinifiedStackTrace": False,
            "hasMonitors": False,
            "hasFeedbacks": False,
            "hasNewFeedbacks": False,
            "hasUserReports": False,
            # The organisation sends errors and deploys only: no insight module has data.
            **dict.fromkeys(_INSIGHT_FLAGS, False),
            "latestRelease": {"version": latest} if latest else None,
            "latestDeploys": self._latest_deploys_of(s),
            # Sentry always expands `options`, with the ones the request named (none).
            "options": {},
        }
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["project"]] = "#3f70bf"
        return body

    def team_project(self, s: Service) -> dict[str, Any]:
        """A project as a detailed team embeds it (no teams, plus avatar and colour)."""
        body = self.project(s)
        for key in ("team", "teams", "environments", "platforms", "hasUserReports"):
            body.pop(key)
        for key in ("latestRelease", "latestDeploys", "options"):
            body.pop(key)
        body.update(
            {
                "isInternal": False,
                "isPublic": False,
                "avatar": {"avatarType": "letter_avatar", "avatarUuid": None, "avatarUrl": None},
                "color": "#3f70bf",
                "status": "active",
            }
        )
        return body

    def _first_event_of(self, s: Service) -> int | None:
        key = ("first_event", s.index)
        cached = self._cache_get(key)
        if cached is None:
            firsts = [st.first_seen for st in self.issue_states() if st.issue.project is s]
            cached = (min(firsts) if firsts else None,)
            self._cache_put(key, cached)
        return cached[0]

    def issue(
        self,
        st: IssueState,
        *,
        collapse: Sequence[str] = (),
        quirks: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """An issue as the org issues endpoint lists it.

        Sentry's serializer drops ``stats``, ``lifetime``, ``filtered`` and
        ``sessionCount`` under ``collapse=stats`` (and each under its own ``collapse``
        value), as this does. The fields the list document marks required although
        Sentry sends them only on ``expand=`` (``inbox``, ``owners``, ``integrationIssues``,
        ``sentryAppIssues``, ``latestEventHasAttachments``, ``sessionCount``) or for an
        event-id lookup (``matchingEvent*``) are served always, as documented; ``owners``
        is a list, as Sentry's serializer and its issue-details document have it (the list
        document says one object: a declared deviation).
        """
        issue = st.issue
        s = issue.project
        world = self.world
        etype, value, level = issue.error
        slug_up = s.slug.upper()
        # Unique within the organization, as Sentry guarantees (ids are unique, so is this).
        short = f"{slug_up}-{_b36(issue.id)}"
        body: dict[str, Any] = {
            "annotations": [],
            "assignedTo": None
            if st.assigned is None
            else {
                "type": "user",
                "id": str(world.user_ids[st.assigned.index]),
                "name": st.assigned.name,
                "email": st.assigned.email,
            },
            "count": str(st.count),
            "culprit": issue.culprit,
            "firstSeen": _z(st.first_seen),
            "hasSeen": st.assigned is not None,
            "id": str(issue.id),
            "isBookmarked": False,
            "isPublic": False,
            "isSubscribed": st.assigned is not None,
            "lastSeen": _z(st.last_seen),
            "level": level,
            "logger": None,
            "metadata": {"type": etype, "value": value, "filename": f"{s.slug}/handlers.py"},
            "numComments": 0,
            "permalink": f"{WEB_BASE}/issues/{issue.id}/",
            "project": self.project_short(s),
            "shareId": None,
            "shortId": short,
            "status": st.status,
            "substatus": st.substatus,
            "statusDetails": {},
            "subscriptionDetails": None,
            "title": f"{etype}: {value}",
            "type": "error",
            "issueType": "error",
            "issueCategory": "error",
            "priority": "high" if level == "fatal" else "medium",
            "priorityLockedAt": None,
            "platform": world.platforms[s.index],
            "userCount": st.user_count,
            "seerFixabilityScore": None,
            "seerAutofixLastTriggered": None,
            "seerExplorerAutofixLastTriggered": None,
            "derivedData": {
                "blocker": "none",
                "progress": "not_started",
                "status": "closed" if st.status == "resolved" else "open",
                "viewCount": 0,
                "hasOpenFixPr": False,
                "isAssigned": st.assigned is not None,
                "hasRootCause": False,
                "lastCompletedAutofixStep": "none",
                "lastProgressedAt": None,
            },
            "inbox": self._inbox(st, quirks),
            "owners": self._owners(st, quirks),
            "integrationIssues": [],
            "sentryAppIssues": [],
            "latestEventHasAttachments": False,
            "matchingEventId": None,
            "matchingEventEnvironment": None,
        }
        if "stats" not in collapse:
            body["stats"] = {"24h": self._stats_24h(st)}
            if "lifetime" not in collapse:
                body["lifetime"] = {
                    "count": str(st.count),
                    "userCount": st.user_count,
                    "firstSeen": body["firstSeen"],
                    "lastSeen": body["lastSeen"],
                }
            if "filtered" not in collapse:
                body["filtered"] = None
            # The organisation sends no release-health sessions (hasSessions: false).
            body["sessionCount"] = None if "spec_nulls" in quirks else 0
        if "unhandled" not in collapse:
            body["isUnhandled"] = level == "fatal"
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["issue"]] = False
            if _picked("enum", issue.id, 4):
                body["priority"] = "critical"
                if st.status == "unresolved":
                    body["substatus"] = "needs_triage"
        return body

    def _inbox(self, st: IssueState, quirks: frozenset[str]) -> dict[str, Any] | None:
        """Why the issue is in the inbox (``GroupInboxReason``); ``None`` once it left it."""
        if st.status != "unresolved" and "spec_nulls" in quirks:
            return None  # what Sentry sends for an issue out of the inbox
        reason = _INBOX_REASONS.get(st.substatus or "", 6)
        since = max(
            (at for at, kind, _d, _u in st.activity if kind in _INBOX_ACTIVITY),
            default=st.first_seen,
        )
        return {"reason": reason, "reason_details": None, "date_added": _z(since)}

    def _owners(self, st: IssueState, quirks: frozenset[str]) -> list[dict[str, Any]] | None:
        """Suggested owners: the project's team by ownership rule, once somebody was assigned."""
        issue = st.issue
        if st.assigned is None or issue.assign_delay is None:
            return None if "spec_nulls" in quirks else []
        team = self.world.team_ids[issue.project.team.index]
        return [
            {
                "type": "ownershipRule",
                "owner": f"team:{team}",
                "date_added": _z(st.first_seen + issue.assign_delay),
            }
        ]

    def _stats_24h(self, st: IssueState) -> list[list[int]]:
        now = self.now
        end = now - now % 3600 + 3600
        if st.last_seen < end - 24 * 3600:
            # No event in the last day (most issues of a long history): 24 empty hours,
            # built once per hour and shared by the bodies (serialised, never changed).
            quiet = self._quiet_24h
            if quiet is None or quiet[0] != end:
                quiet = self._quiet_24h = (end, [[end - (24 - i) * 3600, 0] for i in range(24)])
            return quiet[1]
        buckets = [0] * 24
        for t, _b, _k in self.world.event_times(st.issue, now):
            i = (t - (end - 24 * 3600)) // 3600
            if 0 <= i < 24:  # noqa: PLR2004
                buckets[i] += 1
        return [[end - (24 - i) * 3600, n] for i, n in enumerate(buckets)]

    def activity(
        self, st: IssueState, quirks: frozenset[str] = frozenset()
    ) -> list[dict[str, Any]]:
        """The issue's activity, newest first, at most the 100 newest (as Sentry caps it)."""
        out = []
        for seq, (at, kind, data, user) in enumerate(st.activity):
            entry = {
                "id": str(st.issue.id * 1000 + seq),
                "type": kind,
                "data": data,
                "dateCreated": _z(at),
                "user": None if user is None else self.user(user),
            }
            if "unknown_fields" in quirks:
                entry[UNKNOWN_FIELDS["activity"]] = None
            out.append(entry)
        out.reverse()
        return out[:MAX_ACTIVITY]

    def issue_detail(
        self,
        st: IssueState,
        *,
        collapse: Sequence[str] = (),
        quirks: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """An issue as the issue details endpoint returns it.

        ``collapse`` takes ``stats``, ``tags`` and ``release`` (as Sentry's); the fields
        Sentry adds only on ``expand=`` are left out (the details document does not
        require them), as are the list's aggregates.
        """
        body = self.issue(st, collapse=("stats",), quirks=quirks)
        for key in _LIST_ONLY_ISSUE_FIELDS:
            body.pop(key, None)
        body.update(
            {
                "activity": self.activity(st, quirks),
                "seenBy": [],
                "participants": [] if st.assigned is None else [self.user(st.assigned)],
                "userReportCount": 0,
            }
        )
        if "release" not in collapse:
            body["firstRelease"] = None
            body["lastRelease"] = None
        if "tags" not in collapse:
            body["tags"] = []
        if "stats" not in collapse:
            body["stats"] = {"24h": self._stats_24h(st)}
        return body

    def events(self, st: IssueState) -> list[tuple[int, int, int]]:
        """The issue's events served now: within retention, newest first."""
        now = self.now
        floor = now - int(RETENTION.total_seconds())
        times = [e for e in self.world.event_times(st.issue, now) if e[0] >= floor]
        times.reverse()
        return times

    def event(
        self,
        st: IssueState,
        ev: tuple[int, int, int],
        *,
        full: bool,
        quirks: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """One event as the issue events endpoint lists it.

        Without ``full`` Sentry's simple serializer (the list document's shape); with
        ``full=true`` its full event serializer, which the list document does not
        describe: ``type`` instead of ``event.type``, the body (``entries``, ``contexts``,
        ``sdk``, ...), no ``environment`` or ``release`` (those are tags); the
        issue-event details document describes it, less the fields only that endpoint
        adds (``release``, ``userReport``, ``sdkUpdates``, ``resolvedWith``,
        ``nextEventID``, ``previousEventID``).
        """
        t, b, k = ev
        issue = st.issue
        s = issue.project
        etype, value, level = issue.error
        eid = _hex32(self.world.seed, issue.id, b, k)
        h = int(eid[:8], 16)
        env = _ENVIRONMENTS[h % len(_ENVIRONMENTS)]
        # Drawn from the users the issue had counted when the event happened (its burst's
        # first k + 1 events, `count // 3` users): an event's user never changes later,
        # as the issue gains users, and stays within the issue's `userCount`.
        user_n = h % max(1, (k + 1) // 3)
        release = self._release_at(s, t)
        tags = [
            {"key": "environment", "value": env},
            {"key": "level", "value": level},
            {"key": "server_name", "value": f"{s.slug}-{h % 7}"},
        ]
        if release:
            tags.append({"key": "release", "value": release})
        user = {
            "id": str(user_n),
            "email": None,
            "username": None,
            "ip_address": None,
            "name": None,
            "geo": None,
            "data": None,
        }
        platform = self.world.platforms[s.index]
        if not full:
            body: dict[str, Any] = {
                "id": eid,
                "event.type": "error",
                "groupID": str(issue.id),
                "eventID": eid,
                "projectID": str(self.world.project_ids[s.index]),
                "message": "",
                "title": f"{etype}: {value}",
                "location": f"{s.slug}/handlers.py",
                "culprit": issue.culprit,
                "user": user,
                "tags": tags,
                "platform": platform,
                "dateCreated": _z(t),
                "crashFile": None,
                "metadata": {"type": etype, "value": value},
            }
        else:
            exception = {
                "type": etype,
                "value": value,
                "module": s.slug.replace("-", "_"),
                "mechanism": {"type": "generic", "handled": level != "fatal"},
                "stacktrace": None,
            }
            body = {
                "id": eid,
                "groupID": str(issue.id),
                "eventID": eid,
                "projectID": str(self.world.project_ids[s.index]),
                "size": 2000 + h % 6000,
                "entries": [{"type": "exception", "data": {"values": [exception]}}],
                "dist": None,
                "message": "",
                "title": f"{etype}: {value}",
                "location": f"{s.slug}/handlers.py",
                "user": user,
                "contexts": {"runtime": {"name": platform, "type": "runtime"}},
                "sdk": {"name": f"sentry.{platform}", "version": "2.19.0"},
                "context": {},
                "packages": {},
                "type": "error",
                "metadata": {"type": etype, "value": value},
                "tags": tags,
                "platform": platform,
                "dateReceived": _zms(t + 1),
                "errors": [],
                "occurrence": None,
                "_meta": {
                    "entries": {},
                    "message": None,
                    "user": None,
                    "contexts": None,
                    "sdk": None,
                    "context": None,
                    "packages": None,
                    "tags": {},
                },
                "crashFile": None,
                "culprit": issue.culprit,
                "dateCreated": _z(t),
                "fingerprints": [_hex32("fingerprint", issue.id)],
                "groupingConfig": {"id": "newstyle:2023-01-11", "enhancements": "eJybzDRxY3J"},
            }
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["event"]] = _hex32("trace", issue.id, b)
        return body

    # ================================================================== truth
    def truth(self, quirks: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
        """Exactly what the API serves, with the parameters a complete reader uses.

        ``issues`` is every issue of every status (``query=``, nothing collapsed),
        newest ``lastSeen`` first; ``issue_events`` (events within retention, newest
        first, not ``full``) and ``issue_activity`` (newest first) are keyed by issue
        id; ``release_deploys`` by release version; ``project_teams`` by project slug.
        With ``quirks``, the bodies carry what those quirks change (unknown fields,
        nulls) and the children that vanish are empty (the server answers 404); the
        order and repetitions of ``short_pages`` and ``unsorted`` are not reproduced.
        """
        quirks = frozenset(quirks)
        org = self.org
        states = self.issue_states()
        gone_issues, gone_releases = self.vanished(quirks)
        releases = self.visible_releases()
        gone_project, gone_team = self.deleted_inventory(quirks)
        return {
            "organizations": [self.organization(quirks)],
            "projects": [
                self.project(s, quirks) for s in self._sorted_services() if s is not gone_project
            ],
            "teams": [
                self.team(t, quirks=quirks) for t in self._sorted_teams() if t is not gone_team
            ],
            "deleted": {
                "projects": []
                if gone_project is None
                else [str(self.world.project_ids[gone_project.index])],
                "teams": [] if gone_team is None else [str(self.world.team_ids[gone_team.index])],
            },
            "project_teams": {
                s.slug: [
                    self.team(t, quirks=quirks)
                    for t in self.world.project_teams[s.index]
                    if t is not gone_team
                ]
                for s in org.services
                if s is not gone_project
            },
            "issues": [self.issue(st, quirks=quirks) for st in states],
            "issue_events": {
                str(st.issue.id): []
                if st.issue.id in gone_issues
                else [self.event(st, e, full=False, quirks=quirks) for e in self.events(st)]
                for st in states
            },
            "issue_activity": {
                str(st.issue.id): [] if st.issue.id in gone_issues else self.activity(st, quirks)
                for st in states
            },
            "releases": [self.release(r, quirks) for r in releases],
            "release_deploys": {
                r["version"]: []
                if r["version"] in gone_releases
                else self.served_deploys(r, quirks)
                for r in releases
            },
        }

    def deleted_inventory(
        self, quirks: frozenset[str] | set[str]
    ) -> tuple[Service | None, Team | None]:
        """Under ``deleted_inventory``, from the first epoch on: a deleted project and team.

        Both are gone from the organisation's lists; the project's teams answer Sentry's 404
        (``{"detail": "The requested resource does not exist"}``), and the team is gone from
        the ``teams`` its projects embed. The team is one whose every project keeps another
        team (a project always has one). The project's issues are still served (history).
        """
        if "deleted_inventory" not in quirks or self.org.epoch < 1:
            return None, None
        project = self._sorted_services()[-1]
        owned = [self.world.project_teams[s.index] for s in self.org.services if s is not project]
        team = next(
            (
                t
                for t in self._sorted_teams()
                if all(len(teams) > 1 for teams in owned if t in teams)
                and any(t in teams for teams in owned)
            ),
            None,
        )
        return project, team

    def vanished(self, quirks: frozenset[str] | set[str]) -> tuple[frozenset[int], frozenset[str]]:
        """Issues and releases whose children are gone under ``vanished_children``.

        Two recently seen issues (deleted or merged after the issue list was read: their
        details and events answer 404) and the newest release with a deploy (its deploys
        answer 404); they are still listed.
        """
        if "vanished_children" not in quirks:
            return frozenset(), frozenset()
        states = self.issue_states()
        issues = frozenset(st.issue.id for st in states[1:4:2])
        now = self.now
        deployed = [
            r["version"]
            for r in self.visible_releases()
            if any(finish <= now for _env, _start, finish in r["deploys"])
        ]
        return issues, frozenset(deployed[:1])
