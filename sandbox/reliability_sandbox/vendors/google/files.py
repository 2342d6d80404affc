"""Google Drive's files, its error body, and the parts of its request language a sync uses.

``q`` (``in parents``, ``mimeType``, ``trashed``, ``modifiedTime``/``createdTime``
comparisons, ``name``; ``and``/``or``/``not``/parentheses), ``fields`` partial responses,
``orderBy`` and opaque page tokens bound to their query. Anything else in ``q`` is a 400
``invalid`` at ``q``, as Drive answers.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reliability_sandbox.vendors._common import iso_datetime

if TYPE_CHECKING:
    from collections.abc import Callable

FOLDER = "application/vnd.google-apps.folder"
DOCUMENT = "application/vnd.google-apps.document"


@dataclass(slots=True)
class DriveFile:
    """One file as Drive knows it (content rendered on export, not before)."""

    id: str
    name: str
    mime_type: str
    parents: tuple[str, ...]
    created: datetime
    modified: datetime
    version: int
    drive_id: str | None = None
    trashed: bool = False
    content: Callable[[], str] | None = None
    oversize: bool = False
    incident_key: str | None = None

    def resource(self) -> dict[str, Any]:
        """The full ``File`` resource (before the ``fields`` mask)."""
        out: dict[str, Any] = {
            "kind": "drive#file",
            "id": self.id,
            "name": self.name,
            "mimeType": self.mime_type,
            "parents": list(self.parents),
            "createdTime": _rfc3339(self.created),
            "modifiedTime": _rfc3339(self.modified),
            "version": str(self.version),
            "trashed": self.trashed,
            "webViewLink": _web_link(self),
            "owners": [] if self.drive_id else [{"kind": "drive#user", "displayName": "Acme SRE"}],
        }
        if self.drive_id:
            out["driveId"] = self.drive_id
        return out


class ApiError(Exception):
    """A Drive error answered with Google's JSON error body."""

    def __init__(self, status: int, message: str, reason: str, **extra: str) -> None:
        """Describe the error (``extra``: ``location``, ``locationType``)."""
        super().__init__(message)
        status_names = {
            400: "INVALID_ARGUMENT",
            401: "UNAUTHENTICATED",
            403: "PERMISSION_DENIED",
            404: "NOT_FOUND",
            429: "RESOURCE_EXHAUSTED",
            500: "INTERNAL",
        }
        domain = "usageLimits" if reason.endswith("RateLimitExceeded") else "global"
        self.status = status
        self.body = {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason, **extra}],
                "status": status_names.get(status, "UNKNOWN"),
            }
        }


def _rfc3339(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _web_link(f: DriveFile) -> str:
    if f.mime_type == FOLDER:
        return f"https://drive.google.com/drive/folders/{f.id}"
    if f.mime_type == DOCUMENT:
        return f"https://docs.google.com/document/d/{f.id}/edit?usp=drivesdk"
    return f"https://drive.google.com/file/d/{f.id}/view?usp=drivesdk"


def _make_token(offset: int, query: str) -> str:
    raw = f"{offset}:{hashlib.sha1(query.encode()).hexdigest()[:8]}".encode()  # noqa: S324
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_token(token: str, query: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        offset, digest = raw.split(":")
        if digest != hashlib.sha1(query.encode()).hexdigest()[:8]:  # noqa: S324
            raise ValueError  # noqa: TRY301 - a token from another query
        return int(offset)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(
            400, "Invalid Value", "invalid", location="pageToken", locationType="parameter"
        ) from None


def _order_key(order_by: str) -> Callable[[DriveFile], Any]:
    keys = [k.strip() for k in order_by.split(",") if k.strip()]

    def key(f: DriveFile) -> tuple[Any, ...]:
        out: list[Any] = []
        for k in keys:
            name, _, direction = k.partition(" ")
            value: Any = {
                "modifiedTime": f.modified.timestamp(),
                "createdTime": f.created.timestamp(),
                "name": f.name.lower(),
                "folder": 0 if f.mime_type == FOLDER else 1,
            }.get(name, 0)
            if direction == "desc":
                value = -value if isinstance(value, (int, float)) else value
            out.append(value)
        out.append(f.id)
        return tuple(out)

    return key


def _parse_fields(fields: str) -> dict[str, Any] | None:
    """A ``fields`` mask as nested dicts (``None`` = everything)."""
    fields = fields.replace(" ", "")
    if fields in ("*", ""):
        return None
    pos = 0

    def parse() -> dict[str, Any]:
        nonlocal pos
        out: dict[str, Any] = {}
        name = ""
        while pos < len(fields):
            ch = fields[pos]
            pos += 1
            if ch == ",":
                if name:
                    out[name] = None
                name = ""
            elif ch == "(":
                out[name] = parse()
                name = ""
            elif ch == ")":
                break
            else:
                name += ch
        if name:
            out[name] = None
        return out

    return parse()


def _mask(value: Any, mask: dict[str, Any] | None) -> Any:  # noqa: ANN401
    if mask is None:
        return value
    if isinstance(value, list):
        return [_mask(v, mask) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, sub in mask.items():
        if key == "*":
            return value
        head, _, rest = key.partition("/")
        if head in value:
            inner = sub if not rest else {rest: sub}
            out[head] = _mask(value[head], inner)
    return out


# --------------------------------------------------------------- the q language
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<op><=|>=|!=|=|<|>)|(?P<par>[()])|(?P<word>[A-Za-z_]+))"
)


def _tokens(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        if query[pos:].strip() == "":
            break
        m = _TOKEN.match(query, pos)
        if m is None:
            raise ValueError(query[pos:])
        kind = m.lastgroup or ""
        text = m.group(kind)
        if kind == "str":
            text = re.sub(r"\\(.)", r"\1", text[1:-1])
        out.append((kind, text))
        pos = m.end()
    return out


def _either(
    a: Callable[[DriveFile], bool], b: Callable[[DriveFile], bool]
) -> Callable[[DriveFile], bool]:
    return lambda f: a(f) or b(f)


def _both(
    a: Callable[[DriveFile], bool], b: Callable[[DriveFile], bool]
) -> Callable[[DriveFile], bool]:
    return lambda f: a(f) and b(f)


def _compile_query(query: str) -> Callable[[DriveFile], bool]:  # noqa: C901 - a small parser
    tokens = _tokens(query)
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError("unexpected end")
        pos += 1
        return tokens[pos - 1]

    def chain(
        word: str,
        operand: Callable[[], Callable[[DriveFile], bool]],
        join: Callable[
            [Callable[[DriveFile], bool], Callable[[DriveFile], bool]], Callable[[DriveFile], bool]
        ],
    ) -> Callable[[DriveFile], bool]:
        # Operands joined left to right by one operator (`or` binds looser than `and`).
        left = operand()
        while peek() == ("word", word):
            take()
            left = join(left, operand())
        return left

    def expr() -> Callable[[DriveFile], bool]:
        return chain("or", term, _either)

    def term() -> Callable[[DriveFile], bool]:
        return chain("and", factor, _both)

    def factor() -> Callable[[DriveFile], bool]:
        t = take()
        if t == ("word", "not"):
            inner = factor()
            return lambda f: not inner(f)
        if t == ("par", "("):
            inner = expr()
            if take() != ("par", ")"):
                raise ValueError("unbalanced")
            return inner
        if t[0] == "str":
            if take() != ("word", "in") or take() != ("word", "parents"):
                raise ValueError("expected 'in parents'")
            parent = t[1]
            return lambda f: parent in f.parents
        return comparison(t)

    def comparison(t: tuple[str, str]) -> Callable[[DriveFile], bool]:
        name = t[1]
        op = take()
        value = take()
        if name == "trashed" and op == ("op", "=") and value[1] in ("true", "false"):
            want = value[1] == "true"
            return lambda f: f.trashed == want
        if value[0] != "str":
            raise ValueError("expected a string")
        if name == "mimeType" and op[1] in ("=", "!="):
            equal = op[1] == "="
            return lambda f: (f.mime_type == value[1]) == equal
        if name == "name" and op[0] == "op" and op[1] in ("=", "!="):
            return lambda f: (f.name == value[1]) == (op[1] == "=")
        if name == "name" and op == ("word", "contains"):
            return lambda f: value[1].lower() in f.name.lower()
        if name in ("modifiedTime", "createdTime") and op[0] == "op":
            when = iso_datetime(value[1])
            attr = "modified" if name == "modifiedTime" else "created"
            compare = {
                "=": lambda a, b: a == b,
                "!=": lambda a, b: a != b,
                "<": lambda a, b: a < b,
                "<=": lambda a, b: a <= b,
                ">": lambda a, b: a > b,
                ">=": lambda a, b: a >= b,
            }[op[1]]
            return lambda f: compare(getattr(f, attr), when)
        raise ValueError(f"unsupported term {name}")

    matcher = expr()
    if pos != len(tokens):
        raise ValueError("trailing tokens")
    return matcher
