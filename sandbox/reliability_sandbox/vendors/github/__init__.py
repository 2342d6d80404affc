"""GitHub's REST API: ``world`` (names, links), ``objects`` (rendering), ``api`` (routes)."""

from __future__ import annotations

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
]
