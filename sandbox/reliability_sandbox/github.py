"""The GitHub REST API (api.github.com / GHES /api/v3) (placeholder)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendor import Request, Response

if TYPE_CHECKING:
    from reliability_sandbox.org import Org


class GitHubAPI:
    """Placeholder vendor: every request answers 404 until the module is written."""

    prefix = "/github"

    def __init__(self, org: Org) -> None:
        """Serve a view of ``org``."""
        self.org = org

    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:  # noqa: ARG002
        """Accept everything (placeholder)."""
        return "github", None

    def handle(self, request: Request) -> Response:  # noqa: ARG002
        """Not implemented yet."""
        return Response.json(404, {"message": "Not Found"})

    def rate_limit_headers(
        self,
        limit: int,  # noqa: ARG002
        remaining: int,  # noqa: ARG002
        reset: int,  # noqa: ARG002
    ) -> list[tuple[bytes, bytes]]:
        """None yet."""
        return []

    def too_many_requests(self, limit: int, reset: int) -> Response:  # noqa: ARG002
        """A bare 429."""
        return Response.json(429, {"message": "rate limited"})

    def server_error(self, status: int) -> Response:
        """A bare 5xx."""
        return Response.json(status, {"message": "server error"})

    def truth(self) -> dict[str, Any]:
        """Nothing served yet."""
        return {}
