"""The GitHub REST API (``api.github.com``, or GitHub Enterprise Server's ``/api/v3``).

Mounted under ``/github``: a client's ``api_url`` is ``http://127.0.0.1:PORT/github`` and
paths are GitHub's own (``/orgs/{org}/repos``); the same paths answer under
``/github/api/v3/...`` as on a GitHub Enterprise Server (links then keep that prefix).

The world is a *view* of :class:`~reliability_sandbox.org.Org`: organisation ``acme``,
the org's teams (PagerDuty's slugs) with their members, one repository per service owned
by the service's team, then library and tool repositories up to ``github_repos``. Some
repositories break the engineering standards on purpose (no owning team, no required
webhook, unprotected default branch, no required reviews or status checks), some are
archived, one is empty (409) and some have Actions disabled (410). Service repositories
deploy to production and staging; every incident whose story says a deployment caused it
has a successful production deployment finishing at the story's ``deploy_at`` and a merged
pull request that deployment shipped, which the postmortem cites
(:func:`reliability_sandbox.delivery.Delivery.incident_changes`). Pull requests, releases,
workflow runs and deployments are plans of the shared delivery history
(:mod:`reliability_sandbox.delivery`) that reach past the anchor: the org clock reveals
them, so a mutation epoch (``org.advance``) shows new pull requests, finished runs and new
deployments without any hook in ``org.py``.

Contract: ``Authorization: Bearer <token>`` (or ``token <token>``); ``X-GitHub-Api-Version``
(unknown versions get 400); ``page``/``per_page`` (at most 100) with a ``Link`` header
(``next``, ``last``, ``first``, ``prev``); ``x-ratelimit-*`` headers; the primary limit
answers 403 (or 429, :attr:`GitHubAPI.primary_limit_status`) with
``x-ratelimit-remaining: 0`` and ``x-ratelimit-reset`` in epoch seconds; secondary limits
(:meth:`GitHubAPI.secondary_limit`) answer 403 with ``retry-after``; errors are
``{"message", "documentation_url", "status"}``; a token lacking a scope gets 403 with
``x-accepted-oauth-scopes``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reliability_sandbox.delivery import WEB, Delivery

if TYPE_CHECKING:
    from reliability_sandbox.org import User

#: GitHub's view of the world is the org's shared delivery history.
GitHubWorld = Delivery
API = "https://api.github.com"
DEFAULT_TOKEN = "sandbox-github-token"  # noqa: S105 - a public, fake sandbox credential
#: Tokens accepted with every scope the tap needs (each has its own rate-limit bucket).
EXTRA_TOKENS = ("sandbox-github-token-2", "sandbox-github-token-3")
FULL_SCOPES = frozenset({"repo", "read:org", "admin:repo_hook"})
#: Tokens with fewer scopes, to exercise the 403 that names the missing scope.
LIMITED_TOKENS: dict[str, frozenset[str]] = {
    "sandbox-github-token-no-hooks": frozenset({"repo", "read:org"}),
    "sandbox-github-token-no-org": frozenset({"repo", "admin:repo_hook"}),
}
API_VERSIONS = frozenset({"2022-11-28", "2026-03-10"})
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30
DOCS = "https://docs.github.com/rest"
REQUIRED_HOOK_URL = "https://hooks.reliability.acme.example/github"
REQUIRED_HOOK_EVENTS = ("deployment", "deployment_status", "pull_request", "push", "workflow_run")
CI_HOOK_URL = "https://ci.acme.example/hooks/github"
STATUS_CHECKS = ("ci/build", "ci/test", "security/codeql")
WORKFLOWS = (("CI", ".github/workflows/ci.yml"), ("Deploy", ".github/workflows/deploy.yml"))


class ApiError(Exception):
    """A GitHub error response: ``{"message", "documentation_url", "status"}``."""

    def __init__(
        self, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Create the error with its HTTP status, message and extra headers."""
        super().__init__(message)
        self.status = status
        self.body = {"message": message, "documentation_url": DOCS, "status": str(status)}
        self.headers = headers or []


_DAYS: dict[int, str] = {}


def _z(ts: int) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` (the date part cached per day: pages render many)."""
    day, rest = divmod(ts, 86400)
    prefix = _DAYS.get(day)
    if prefix is None:
        prefix = _DAYS[day] = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%dT")
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{prefix}{hours:02d}:{minutes:02d}:{seconds:02d}Z"


def login_of(user: User) -> str:
    """A user's GitHub login (``ada-adeyemi``)."""
    return user.email.split("@", 1)[0].replace(".", "-")


def simple_user(login: str, uid: int, kind: str) -> dict[str, Any]:
    """GitHub's ``simple-user``: what every embedded user or organisation owner carries."""
    api = f"{API}/users/{login}"
    return {
        "login": login,
        "id": uid,
        "node_id": f"{'O' if kind == 'Organization' else 'U'}_{uid}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}",
        "gravatar_id": "",
        "url": api,
        "html_url": f"{WEB}/{login}",
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": kind,
        "user_view_type": "public",
        "site_admin": False,
    }


def repository_links(full: str) -> dict[str, str]:
    """The hypermedia links every repository object carries (``acme/name``)."""
    api = f"{API}/repos/{full}"
    return {
        "url": api,
        "archive_url": f"{api}/{{archive_format}}{{/ref}}",
        "assignees_url": f"{api}/assignees{{/user}}",
        "blobs_url": f"{api}/git/blobs{{/sha}}",
        "branches_url": f"{api}/branches{{/branch}}",
        "collaborators_url": f"{api}/collaborators{{/collaborator}}",
        "comments_url": f"{api}/comments{{/number}}",
        "commits_url": f"{api}/commits{{/sha}}",
        "compare_url": f"{api}/compare/{{base}}...{{head}}",
        "contents_url": f"{api}/contents/{{+path}}",
        "contributors_url": f"{api}/contributors",
        "deployments_url": f"{api}/deployments",
        "downloads_url": f"{api}/downloads",
        "events_url": f"{api}/events",
        "forks_url": f"{api}/forks",
        "git_commits_url": f"{api}/git/commits{{/sha}}",
        "git_refs_url": f"{api}/git/refs{{/sha}}",
        "git_tags_url": f"{api}/git/tags{{/sha}}",
        "git_url": f"git://github.com/{full}.git",
        "issue_comment_url": f"{api}/issues/comments{{/number}}",
        "issue_events_url": f"{api}/issues/events{{/number}}",
        "issues_url": f"{api}/issues{{/number}}",
        "keys_url": f"{api}/keys{{/key_id}}",
        "labels_url": f"{api}/labels{{/name}}",
        "languages_url": f"{api}/languages",
        "merges_url": f"{api}/merges",
        "milestones_url": f"{api}/milestones{{/number}}",
        "notifications_url": f"{api}/notifications{{?since,all,participating}}",
        "pulls_url": f"{api}/pulls{{/number}}",
        "releases_url": f"{api}/releases{{/id}}",
        "ssh_url": f"git@github.com:{full}.git",
        "stargazers_url": f"{api}/stargazers",
        "statuses_url": f"{api}/statuses/{{sha}}",
        "subscribers_url": f"{api}/subscribers",
        "subscription_url": f"{api}/subscription",
        "tags_url": f"{api}/tags",
        "teams_url": f"{api}/teams",
        "trees_url": f"{api}/git/trees{{/sha}}",
        "clone_url": f"{WEB}/{full}.git",
        "hooks_url": f"{api}/hooks",
        "svn_url": f"{WEB}/{full}",
    }
