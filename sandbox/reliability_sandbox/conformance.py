"""Check every request and response the sandbox sees against the vendors' contracts.

Switched on with `Sandbox(check_contracts=True)` (or `build_app(check_contracts=True)`): each
vendor request is matched to an operation of the vendor's published OpenAPI document
(`contracts/`), its query and body are checked against the operation's parameters, and the
answer against the documented response for its status — error bodies included. Nothing
is refused: problems are recorded, so that a test can sync every stream and then assert
that the tap asked only what the vendor defines and the sandbox answered only what the
vendor documents.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import TYPE_CHECKING, Any

import orjson

from reliability_sandbox.contracts import excused, load_contract

if TYPE_CHECKING:
    from reliability_sandbox.vendor import Request, Response

#: Mount prefix -> contract name (Google Drive has no OpenAPI contract here).
CONTRACT_OF_PREFIX = {
    "/pagerduty": "pagerduty",
    "/sentry": "sentry",
    "/github": "github",
    "/datadog": "datadog",
}


class ContractLog:
    """What the contract check found, thread-safe."""

    def __init__(self) -> None:
        """Start empty."""
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget everything recorded."""
        with getattr(self, "_lock", threading.Lock()):
            self.violations: list[dict[str, Any]] = []
            self.exercised: Counter[str] = Counter()

    def check(self, prefix: str, request: Request, response: Response) -> None:
        """Check one exchange of the vendor mounted at `prefix` (no-op for other vendors)."""
        name = CONTRACT_OF_PREFIX.get(prefix)
        if name is None:
            return
        contract = load_contract(name)
        op = contract.match(request.method, request.path)
        where = f"{request.method} {request.path}"
        if op is None:
            self._record(name, where, response.status, ["not an operation of the vendor's API"])
            return
        body = _json(request.body)
        problems = [f"request: {p}" for p in op.check_request(request.path, request.query, body)]
        answer = _json(response.body)
        if answer is not _NOT_JSON:
            problems += [
                p
                for p in op.check_response(response.status, answer)
                if not _excused(p, response.deviations)
            ]
        elif response.status < 300:  # noqa: PLR2004
            problems.append("response: the body is not JSON")
        with self._lock:
            self.exercised[f"{name} {op.method} {op.path} {response.status}"] += 1
        if problems:
            self._record(name, where, response.status, problems)

    def _record(self, vendor: str, where: str, status: int, problems: list[str]) -> None:
        with self._lock:
            self.violations.append(
                {"vendor": vendor, "request": where, "status": status, "problems": problems}
            )

    def to_dict(self) -> dict[str, Any]:
        """JSON form: violations and how often each operation/status was exercised."""
        with self._lock:
            return {"violations": list(self.violations), "exercised": dict(self.exercised)}


_NOT_JSON = object()


def _json(raw: bytes) -> Any:  # noqa: ANN401
    if not raw.strip():
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _NOT_JSON


def _excused(problem: str, deviations: tuple[str, ...]) -> bool:
    return any(excused(problem, d) for d in deviations)
