"""GitHub's REST API, one package.

``world`` (GitHub's names and links over the shared delivery history), ``base`` (clock,
cache, users, teams, repositories), ``settings`` (webhooks, protection, rulesets,
environments), ``activity`` (deployments, releases, pull requests, runs), ``objects``
(organisation, quirks, truth) and ``api`` (routes).
"""

from __future__ import annotations

from reliability_sandbox.vendors._common import token_mount
from reliability_sandbox.vendors.github.api import SHORT_PAGE, GitHubAPI
from reliability_sandbox.vendors.github.objects import UNKNOWN_FIELD, UNKNOWN_STATE
from reliability_sandbox.vendors.github.world import (
    DEFAULT_TOKEN,
    EXTRA_TOKENS,
    LIMITED_TOKENS,
    GitHubWorld,
    login_of,
)

__all__ = [
    "DEFAULT_TOKEN",
    "EXTRA_TOKENS",
    "LIMITED_TOKENS",
    "SHORT_PAGE",
    "UNKNOWN_FIELD",
    "UNKNOWN_STATE",
    "GitHubAPI",
    "GitHubWorld",
    "login_of",
    "mount",
]

#: The GitHub API over an org (``tokens["github"]``: the token with every scope).
mount = token_mount(GitHubAPI, "github", DEFAULT_TOKEN)
