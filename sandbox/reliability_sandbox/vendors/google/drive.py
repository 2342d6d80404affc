"""Google Drive API v3 (files.list, files.get and alt=media, files.export) and Google's OAuth.

Mounted under ``/google``: a client's root URL is ``http://127.0.0.1:PORT/google/`` (Drive
at ``/google/drive/v3/…``, OAuth at ``/google/token``), so google-api-python-client works
unchanged with ``client_options={"api_endpoint": root + "drive/v3/"}`` and google-auth
credentials whose ``token_uri`` is ``root + "token"``.

What it serves: a "Postmortems" folder (in My Drive, one subfolder per team) and an
"Incident reviews" folder in a shared drive, holding one Google Doc per incident whose
story has a postmortem (:mod:`reliability_sandbox.vendors.google.docs` writes them), plus
what real folders also hold: a blank template, misfiled notes, an empty document, a
corrupt import, a document over the 10 MB export limit, a PDF, a spreadsheet, a Markdown
file uploaded as it is (``text/markdown``, read with ``alt=media``) and a trashed document.
Documents are edited as the world's clock moves (their ``modifiedTime`` follows the story's
``postmortem_at``) and new ones appear when incidents are resolved.

Contract: ``Authorization: Bearer <access token>`` (tokens come from ``/token`` with the
refresh-token or JWT-bearer grant), the ``q`` query language (the subset a sync uses:
``in parents``, ``mimeType``, ``trashed``, ``modifiedTime``/``createdTime`` comparisons,
``name``; ``and``/``or``/``not``/parentheses), ``pageSize``/``pageToken``, ``fields``
partial responses, ``orderBy``, shared-drive flags, and Drive's error bodies.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import orjson

from reliability_sandbox.delivery import delivery
from reliability_sandbox.links import pagerduty_incident_url
from reliability_sandbox.story import story
from reliability_sandbox.vendor import Request, Response, unknown_settings
from reliability_sandbox.vendors.google import docs, markup
from reliability_sandbox.vendors.google.files import (
    DOCUMENT,
    FOLDER,
    ApiError,
    DriveFile,
    _compile_query,
    _make_token,
    _mask,
    _order_key,
    _parse_fields,
    _read_token,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from reliability_sandbox.org import Org

DEFAULT_CLIENT_ID = "sandbox-google-client-id.apps.googleusercontent.com"

DEFAULT_CLIENT_SECRET = "sandbox-google-client-secret"  # noqa: S105 - public fake credential

DEFAULT_REFRESH_TOKEN = "sandbox-google-refresh-token"  # noqa: S105 - public fake credential

SERVICE_ACCOUNT_EMAIL = "postmortems-reader@sandbox-project.iam.gserviceaccount.com"

SCOPE = "https://www.googleapis.com/auth/drive.readonly"


#: Files uploaded as they are (not Google Docs): downloaded with ``alt=media``, not exported.
UPLOADED_TEXT = ("text/markdown", "text/plain", "text/html", "text/x-markdown")

EXPORT_LIMIT = 10 * 1024 * 1024

MAX_PAGE_SIZE = 1000

DEFAULT_PAGE_SIZE = 100

DEFAULT_LIST_FIELDS = "kind,nextPageToken,incompleteSearch,files(kind,id,name,mimeType)"

DEFAULT_FILE_FIELDS = "kind,id,name,mimeType"

#: The id Drive gives the root of a user's My Drive (the parent of top-level folders).
_MY_DRIVE = "0AROOTFOLDER"

_EXPORTS = {"text/html", "text/plain", "application/pdf", "application/zip"}


class GoogleDriveAPI:
    """Google Drive v3 and the OAuth token endpoint over an :class:`~reliability_sandbox.org.Org`.

    Attributes:
        client_id: OAuth client id accepted by ``/token``.
        client_secret: Its secret.
        refresh_token: The refresh token accepted.
        root_folder_id: The My Drive folder holding team subfolders of postmortems.
        shared_folder_id: The folder in the shared drive.
        shared_drive_id: The shared drive's id.
    """

    name = "gdrive"
    prefix = "/google"

    def __init__(
        self,
        org: Org,
        *,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        refresh_token: str = DEFAULT_REFRESH_TOKEN,
    ) -> None:
        """Serve a view of ``org``."""
        self.org = org
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.seed = org.config.seed
        self.root_folder_id = self._file_id("folder", "root")
        self.shared_drive_id = "0A" + self._file_id("drive", "shared")[:17]
        self.shared_folder_id = self._file_id("folder", "shared")
        self.access_tokens: set[str] = set()
        #: Requests an access token serves before it expires (``None``: no expiry), so that
        #: tests can make a token run out in the middle of a sync.
        self.token_uses: int | None = None
        self._uses: dict[str, int] = {}
        self._issued = 0
        self._files: list[DriveFile] = []
        self._by_id: dict[str, DriveFile] = {}
        self._version = (-1, -1)
        self._rendered: dict[tuple[str, datetime], docs.Rendered] = {}

    # ================================================================ registry
    def credentials(self) -> dict[str, str]:
        """The OAuth client and refresh token ``/token`` accepts."""
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
        }

    def client_headers(self) -> dict[str, str]:
        """None: a client first obtains an access token from ``/token``."""
        return {}

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """OAuth switches.

        ``token_uses`` (int or null): every access token expires after that many requests;
        ``expire_tokens`` (true): forget every access token issued so far.
        """
        unknown_settings(self.name, settings, {"token_uses", "expire_tokens"})
        if "token_uses" in settings:
            uses = settings["token_uses"]
            self.token_uses = None if uses is None else int(uses)
        if settings.get("expire_tokens"):
            self.expire_tokens()
        return {"token_uses": self.token_uses}

    # ================================================================ protocol
    def authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        """The token endpoint is open; Drive needs ``Authorization: Bearer <access token>``."""
        if request.path.rstrip("/") == "/token":
            return "oauth", None
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, _unauthorized(
                "Request is missing required authentication credential. Expected OAuth 2 "
                "access token, login cookie or other valid authentication credential.",
                "required",
            )
        used = self._uses[token.strip()] = self._uses.get(token.strip(), 0) + 1
        expired = self.token_uses is not None and used > self.token_uses
        if token.strip() not in self.access_tokens or expired:
            return None, _unauthorized(
                "Request had invalid authentication credentials. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential.",
                "authError",
            )
        return token.strip(), None

    def handle(self, request: Request) -> Response:
        """Route and serve one request."""
        path = request.path.rstrip("/") or "/"
        try:
            if path == "/token":
                return self._token(request)
            if request.method != "GET":
                raise ApiError(405, "Method Not Allowed", "httpMethodNotAllowed")  # noqa: TRY301
            with_files = self._world()
            if path == "/drive/v3/files":
                return self._list(request)
            m = re.fullmatch(r"/drive/v3/files/([\w-]+)(/export)?", path)
            if m is None:
                raise ApiError(404, "Not Found", "notFound")  # noqa: TRY301
            file = with_files.get(m.group(1))
            # files.get hides shared-drive items from callers that do not declare support
            # for shared drives; files.export has no such parameter.
            hidden = bool(file and file.drive_id and not m.group(2))
            if file is None or (hidden and request.arg("supportsAllDrives") != "true"):
                raise ApiError(  # noqa: TRY301
                    404,
                    f"File not found: {m.group(1)}.",
                    "notFound",
                    location="fileId",
                    locationType="parameter",
                )
            if m.group(2):
                return self._export(request, file)
            if request.arg("alt") == "media":
                return self._download(file)
            fields = request.arg("fields") or DEFAULT_FILE_FIELDS
            return Response.json(200, _mask(file.resource(), _parse_fields(fields)))
        except ApiError as err:
            return Response.json(err.status, err.body)

    def rate_limit_headers(
        self,
        limit: int,  # noqa: ARG002 - Drive sends no rate-limit headers
        remaining: int,  # noqa: ARG002
        reset: int,  # noqa: ARG002
    ) -> list[tuple[bytes, bytes]]:
        """None: Drive does not announce its quota in headers."""
        return []

    def too_many_requests(self, limit: int, reset: int) -> Response:  # noqa: ARG002
        """Drive's 429 ``userRateLimitExceeded``, with the ``Retry-After`` its front end sends."""
        err = ApiError(429, "User rate limit exceeded.", "userRateLimitExceeded")
        resp = Response.json(429, err.body)
        resp.headers.append((b"retry-after", b"%d" % max(1, reset)))
        return resp

    def server_error(self, status: int) -> Response:
        """500 as Drive's JSON ``internalError``; 502/503 as Google's front-end HTML page."""
        if status == 500:  # noqa: PLR2004
            return Response.json(500, ApiError(500, "Internal Error", "internalError").body)
        reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        page = (
            f"<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error {status} "
            f"({reason})!!1</title><p><b>{status}.</b> <ins>That\u2019s an error.</ins></html>"
        )
        return Response(status, page.encode(), [(b"content-type", b"text/html; charset=UTF-8")])

    # =================================================================== auth
    def _token(self, request: Request) -> Response:
        if request.method != "POST":
            return Response.json(
                405, {"error": "invalid_request", "error_description": "POST only"}
            )
        form = {k: v[-1] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        grant = form.get("grant_type", "")
        if grant == "refresh_token":
            if (
                form.get("client_id") != self.client_id
                or form.get("client_secret") != self.client_secret
            ):
                return Response.json(
                    401,
                    {
                        "error": "invalid_client",
                        "error_description": "The OAuth client was not found.",
                    },
                )
            if form.get("refresh_token") != self.refresh_token:
                return Response.json(
                    400, {"error": "invalid_grant", "error_description": "Bad Request"}
                )
        elif grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            claims = _jwt_claims(form.get("assertion", ""))
            if claims is None or claims.get("iss") != SERVICE_ACCOUNT_EMAIL:
                return Response.json(
                    400,
                    {"error": "invalid_grant", "error_description": "Invalid JWT Signature."},
                )
        else:
            return Response.json(
                400,
                {
                    "error": "unsupported_grant_type",
                    "error_description": f"Invalid grant_type: {grant}",
                },
            )
        self._issued += 1
        token = f"ya29.sandbox-{self.seed}-{self._issued}"
        self.access_tokens.add(token)
        return Response.json(
            200,
            {"access_token": token, "expires_in": 3599, "scope": SCOPE, "token_type": "Bearer"},
        )

    def expire_tokens(self) -> None:
        """Forget every access token issued (clients must refresh)."""
        self.access_tokens.clear()

    def issue_token(self) -> str:
        """An access token, as if obtained from ``/token`` (for tests and plain clients)."""
        self._issued += 1
        token = f"ya29.sandbox-{self.seed}-{self._issued}"
        self.access_tokens.add(token)
        return token

    # ================================================================== world
    def _file_id(self, kind: str, key: str) -> str:
        digest = hashlib.sha256(f"{self.seed}:gdrive:{kind}:{key}".encode()).digest()
        return "1" + base64.urlsafe_b64encode(digest).decode()[:32]

    def _world(self) -> dict[str, DriveFile]:
        version = (self.org.version, len(self.org.incidents))
        if version != self._version:
            self._files = self._build()
            self._by_id = {f.id: f for f in self._files}
            self._version = version
        return self._by_id

    def _build(self) -> list[DriveFile]:
        org = self.org
        anchor: datetime = org.config.anchor  # type: ignore[assignment]
        start = anchor - timedelta(days=org.config.history_days)
        files: list[DriveFile] = [
            DriveFile(self.root_folder_id, "Postmortems", FOLDER, (_MY_DRIVE,), start, start, 1),
            DriveFile(
                self.shared_folder_id,
                "Incident reviews",
                FOLDER,
                (self.shared_drive_id,),
                start,
                start,
                1,
                drive_id=self.shared_drive_id,
            ),
        ]
        team_folder: dict[int, tuple[str, str | None]] = {}
        for team in org.teams:
            shared = team.index % 2 == 1
            fid = self._file_id("folder", f"team:{team.index}")
            parent = self.shared_folder_id if shared else self.root_folder_id
            drive = self.shared_drive_id if shared else None
            files.append(
                DriveFile(fid, team.name, FOLDER, (parent,), start, start, 1, drive_id=drive)
            )
            team_folder[team.index] = (fid, drive)
        for inc in org.incidents:
            st = story(org, inc)
            if not st.has_postmortem or st.postmortem_at is None:
                continue
            folder, drive = team_folder[inc.team.index]
            created = min(
                st.postmortem_at, (st.recovered_at or inc.created_at) + timedelta(hours=2)
            )
            modified = st.postmortem_at + timedelta(milliseconds=_ms(inc.key))
            if modified > org.now:  # a document is never modified after the world's clock
                modified = st.postmortem_at
            name = f"Postmortem: {inc.title} ({st.impact_started_at:%Y-%m-%d})"
            fid = self._file_id("doc", inc.key)
            files.append(
                DriveFile(
                    fid,
                    name,
                    DOCUMENT,
                    (folder,),
                    created,
                    modified,
                    version=10 + int((modified - created).total_seconds() // 60),
                    drive_id=drive,
                    content=self._renderer(inc.key, name, modified),
                    incident_key=inc.key,
                )
            )
        root, early = self.root_folder_id, start + timedelta(days=3)
        extras = [
            ("template", "Postmortem template", DOCUMENT, "template"),
            ("notes", "Weekly reliability sync notes", DOCUMENT, "notes"),
            ("empty", "Untitled document", DOCUMENT, "empty"),
            ("corrupt", "Imported postmortem (corrupt)", DOCUMENT, "binary"),
            ("huge", "Postmortem: load test log dump", DOCUMENT, "huge"),
            ("pdf", "Architecture overview.pdf", "application/pdf", None),
            ("uploaded", "Reliability sync notes.md", "text/markdown", "notes_markdown"),
            ("sheet", "Incident tracker", "application/vnd.google-apps.spreadsheet", None),
        ]
        for key, name, mime, kind in extras:
            f = DriveFile(self._file_id("extra", key), name, mime, (root,), early, early, 3)
            if kind == "huge":
                f.oversize = True
            elif kind == "template":
                f.content = _template
            elif kind is not None:
                f.content = _malformed(kind, name)
            files.append(f)
        trashed = DriveFile(
            self._file_id("extra", "trashed"),
            "Postmortem: duplicate (trashed)",
            DOCUMENT,
            (root,),
            early,
            early,
            2,
            trashed=True,
            content=_malformed("notes", "dup"),
        )
        files.append(trashed)
        return files

    def _renderer(self, key: str, name: str, modified: datetime) -> Callable[[], str]:
        def render() -> str:
            return self.rendered(key, name, modified).html

        return render

    def rendered(self, key: str, name: str, modified: datetime) -> docs.Rendered:
        """The rendered document of incident ``key`` at revision ``modified`` (cached)."""
        cache_key = (key, modified)
        hit = self._rendered.get(cache_key)
        if hit is None:
            inc = next(i for i in self.org.incidents if i.key == key)
            url = pagerduty_incident_url(self.org, inc)
            change = delivery(self.org).incident_changes().get(key)
            hit = docs.render(
                self.seed,
                inc,
                story(self.org, inc),
                pagerduty_url=url,
                doc_name=name,
                pull_request_url=change.html_url if change is not None else None,
            )
            self._rendered[cache_key] = hit
        return hit

    # ================================================================ routes
    def _list(self, request: Request) -> Response:
        files = list(self._world().values())
        size_text = request.arg("pageSize") or str(DEFAULT_PAGE_SIZE)
        if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_PAGE_SIZE:
            raise ApiError(
                400,
                f"Invalid value '{size_text}'. Values must be within the range: [1, 1000]",
                "invalid",
                location="pageSize",
                locationType="parameter",
            )
        size = int(size_text)
        all_drives = (
            request.arg("includeItemsFromAllDrives") == "true"
            and request.arg("supportsAllDrives") == "true"
        )
        query = request.arg("q") or ""
        try:
            match = _compile_query(query) if query.strip() else (lambda _f: True)
        except ValueError:
            raise ApiError(
                400, "Invalid Value", "invalid", location="q", locationType="parameter"
            ) from None
        # Without a query Drive lists everything the caller can see but not the trash.
        default_trash = "trashed" not in query
        selected = [
            f
            for f in files
            if (all_drives or f.drive_id is None)
            and (not default_trash or not f.trashed)
            and match(f)
        ]
        selected.sort(key=_order_key(request.arg("orderBy") or ""))
        offset = 0
        token = request.arg("pageToken")
        if token:
            offset = _read_token(token, query)
        page = selected[offset : offset + size]
        body: dict[str, Any] = {
            "kind": "drive#fileList",
            "incompleteSearch": False,
            "files": [f.resource() for f in page],
        }
        if offset + size < len(selected):
            body["nextPageToken"] = _make_token(offset + size, query)
        fields = request.arg("fields") or DEFAULT_LIST_FIELDS
        return Response.json(200, _mask(body, _parse_fields(fields)))

    def _download(self, file: DriveFile) -> Response:
        """``files.get?alt=media``: the bytes of an uploaded file (Docs must be exported)."""
        if file.mime_type.startswith("application/vnd.google-apps."):
            raise ApiError(
                403,
                "Only files with binary content can be downloaded. Use Export with Docs "
                "Editors files.",
                "fileNotDownloadable",
                location="alt",
                locationType="parameter",
            )
        text = file.content() if file.content is not None else ""
        return Response(200, text.encode("utf-8"), [(b"content-type", file.mime_type.encode())])

    def _export(self, request: Request, file: DriveFile) -> Response:
        mime = request.arg("mimeType")
        if not mime:
            raise ApiError(
                400,
                "Required parameter: mimeType",
                "required",
                location="mimeType",
                locationType="parameter",
            )
        if file.mime_type not in (DOCUMENT, "application/vnd.google-apps.spreadsheet"):
            raise ApiError(403, "Export only supports Docs Editors files.", "fileNotExportable")
        if mime not in _EXPORTS:
            raise ApiError(400, "The requested conversion is not supported.", "badRequest")
        if file.oversize:
            raise ApiError(403, "This file is too large to be exported.", "exportSizeLimitExceeded")
        text = file.content() if file.content is not None else ""
        return Response(200, text.encode("utf-8"), [(b"content-type", b"text/html; charset=utf-8")])

    # ================================================================= truth
    def truth(self, quirks: frozenset[str] = frozenset()) -> dict[str, Any]:  # noqa: ARG002 - no content quirks
        """Every file as served, and for each postmortem the values it states.

        Returns:
            ``folder_ids`` (the folders to sync), ``shared_drive_id``, ``files`` (every
            file resource, trashed included), ``exports`` (document id -> exported HTML;
            the oversize document maps to ``None``), ``documents`` (document id ->
            ``{"template", "incident_key", "cited_pull_request", "expected", "children"}`` in
            JSON form; ``cited_pull_request`` is ``owner/repo#n`` or ``None``) and
            ``malformed`` (ids of documents that are not postmortems).
        """
        files = self._world()
        exports: dict[str, str | None] = {}
        documents: dict[str, Any] = {}
        malformed: list[str] = []
        for f in files.values():
            if f.mime_type not in (DOCUMENT, *UPLOADED_TEXT) or f.trashed:
                continue
            exports[f.id] = None if f.oversize else (f.content() if f.content else "")
            if f.incident_key is not None:
                r = self.rendered(f.incident_key, f.name, f.modified)
                documents[f.id] = docs.expected_json(
                    {
                        "template": r.template,
                        "incident_key": f.incident_key,
                        "cited_pull_request": r.cited_pull_request,
                        "expected": r.expected,
                        "children": r.children,
                    }
                )
            else:
                malformed.append(f.id)
        return {
            "folder_ids": [self.root_folder_id, self.shared_folder_id],
            "shared_drive_id": self.shared_drive_id,
            "files": [f.resource() for f in files.values()],
            "exports": exports,
            "documents": documents,
            "malformed": sorted(malformed),
        }


# ====================================================================== helpers
def _ms(key: str) -> int:
    return int(key[:4], 16) % 1000


def _template() -> str:
    return (
        "<html><head><title>Postmortem template</title></head><body>"
        '<p class="c3 title"><span class="c1">Title (incident #)</span></p>'
        '<h3 class="c2"><span>Date</span></h3><h3><span>Authors</span></h3>'
        "<h3><span>Summary</span></h3><h3><span>Root Causes</span></h3>"
        "<h2><span>Action Items</span></h2><h2><span>Timeline</span></h2></body></html>"
    )


def _unauthorized(message: str, reason: str) -> Response:
    """Google's 401 for the ``Authorization`` header."""
    err = ApiError(401, message, reason, location="Authorization", locationType="header")
    return Response.json(401, err.body)


def _malformed(kind: str, name: str) -> Callable[[], str]:
    def content() -> str:
        return markup.malformed(kind, name)

    return content


def _jwt_claims(assertion: str) -> dict[str, Any] | None:
    """The claims of a JWT (the signature is not checked: see the README's deviations)."""
    parts = assertion.split(".")
    if len(parts) != 3:  # noqa: PLR2004
        return None
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = orjson.loads(payload)
    except (ValueError, orjson.JSONDecodeError):
        return None
    return claims if isinstance(claims, dict) else None
