"""Sentry's releases and deploys: what the clock has revealed of each project's release plans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors.sentry.base import UNKNOWN_FIELDS, SentryBase, _picked
from reliability_sandbox.vendors.sentry.world import (
    _zms,
)

if TYPE_CHECKING:
    from reliability_sandbox.org import Service


class SentryReleases(SentryBase):
    """Releases, their deploys and the latest ones per project."""

    def _latest_deploys_of(self, s: Service) -> dict[str, dict[str, str]] | None:
        """The latest finished deploy per environment (``{env: {version, dateFinished}}``)."""
        now = self.now
        latest: dict[str, tuple[int, str]] = {}
        for r in self.world.releases:
            if r["service"] is not s or r["created"] > now:
                continue
            for env, _start, finish in r["deploys"]:
                if finish <= now and (env not in latest or finish >= latest[env][0]):
                    latest[env] = (finish, r["version"])
        if not latest:
            return None
        return {
            env: {"version": version, "dateFinished": _zms(finish)}
            for env, (finish, version) in sorted(latest.items())
        }

    def _latest_release_of(self, s: Service) -> str | None:
        now = self.now
        latest = None
        for r in self.world.releases:
            if r["service"] is s and r["created"] <= now:
                latest = r["version"]
        return latest

    def _release_at(self, s: Service, t: int) -> str | None:
        key = ("releases_of", s.index)
        rel = self._cache_get(key)
        if rel is None:
            rel = [(r["created"], r["version"]) for r in self.world.releases if r["service"] is s]
            self._cache_put(key, rel)
        version = None
        for created, v in rel:
            if created > t:
                break
            version = v
        return version

    def release(self, r: dict[str, Any], quirks: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A release as the org releases endpoint lists it.

        With ``spec_nulls`` some releases have ``commitCount: null`` (Sentry's column is
        nullable: a release created without commits) and a deploy created without a
        name gives ``lastDeploy.name: null`` (the deploys document allows it, the
        releases document does not): declared deviations.
        """
        now = self.now
        s: Service = r["service"]
        deploys = [d for d in self._deploys_of(r, quirks) if d["_finished"] <= now]
        last = deploys[-1] if deploys else None
        package, _, version = r["version"].partition("@")
        major, minor, patch = (int(x) for x in version.split("."))
        body = {
            "id": r["id"],
            "version": r["version"],
            "shortVersion": r["version"],
            "status": "open",
            "versionInfo": {
                "package": package,
                "version": {
                    "raw": version,
                    "major": major,
                    "minor": minor,
                    "patch": patch,
                    "pre": None,
                    "buildCode": None,
                    "components": 3,
                },
                "description": version,
                "buildHash": None,
            },
            "ref": None,
            "url": None,
            "dateReleased": _zms(deploys[0]["_finished"]) if deploys else None,
            "dateCreated": _zms(r["created"]),
            "data": {},
            "newGroups": 0,
            "owner": None,
            "commitCount": r["commits"],
            "lastCommit": None,
            "deployCount": len(deploys),
            "lastDeploy": None if last is None else self._public_deploy(last),
            "authors": [],
            "projects": [
                {
                    "id": int(self.world.project_ids[s.index]),
                    "slug": s.slug,
                    "name": s.name,
                    "newGroups": 0,
                    "platform": self.world.platforms[s.index],
                    "platforms": [self.world.platforms[s.index]],
                    "hasHealthData": False,
                }
            ],
            "firstEvent": None,
            "lastEvent": None,
            "currentProjectMeta": {},
            "userAgent": None,
        }
        if "spec_nulls" in quirks and _picked("commits", r["version"], 4):
            body["commitCount"] = None
        if "unknown_fields" in quirks:
            body[UNKNOWN_FIELDS["release"]] = None
        return body

    def _deploys_of(
        self, r: dict[str, Any], quirks: frozenset[str] = frozenset()
    ) -> list[dict[str, Any]]:
        out = []
        for n, (env, start, finish) in enumerate(r["deploys"]):
            deploy_id = str(r["id"] * 10 + n)
            unnamed = "spec_nulls" in quirks and _picked("deploy", deploy_id, 3)
            deploy: dict[str, Any] = {
                "id": deploy_id,
                "environment": env,
                "dateStarted": _zms(start),
                "dateFinished": _zms(finish),
                "name": None if unnamed else f"{r['version']} to {env}",
                "url": None,
                "_finished": finish,
            }
            if "unknown_fields" in quirks:
                deploy[UNKNOWN_FIELDS["deploy"]] = []
            out.append(deploy)
        return out

    def served_deploys(
        self, r: dict[str, Any], quirks: frozenset[str] = frozenset()
    ) -> list[dict[str, Any]]:
        """A release's finished deploys as its deploys endpoint lists them, newest first."""
        now = self.now
        return [
            self._public_deploy(d)
            for d in reversed(self._deploys_of(r, quirks))
            if d["_finished"] <= now
        ]

    @staticmethod
    def _public_deploy(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if not k.startswith("_")}

    def visible_releases(self) -> list[dict[str, Any]]:
        """Releases created by the org clock, newest first (the API's order)."""
        now = self.now
        return [r for r in reversed(self.world.releases) if r["created"] <= now]
