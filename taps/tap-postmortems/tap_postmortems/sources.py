"""Where documents come from: a Google Drive folder tree, or a local folder.

Both sources list documents changed since a bookmark and then fetch one document's text
at a time, so memory holds one document whatever the size of the folder. Drive is read
with google-api-python-client (static discovery document, endpoint overridable for a
proxy or the sandbox) and google-auth credentials (OAuth refresh token or service
account).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import time
import typing as t
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from singer_sdk.exceptions import ConfigValidationError, FatalAPIError

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

SCOPE = "https://www.googleapis.com/auth/drive.readonly"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 - an endpoint, not a secret
FOLDER = "application/vnd.google-apps.folder"
DOCUMENT = "application/vnd.google-apps.document"
#: Files uploaded to Drive as they are (not Google Docs): read by their bytes, not exported.
UPLOADED_TEXT = ("text/markdown", "text/plain", "text/html", "text/x-markdown")
_FILE_FIELDS = "id,name,mimeType,parents,modifiedTime,createdTime,version,webViewLink,driveId"
#: Drive's reasons for a 403 that is a rate limit, not a refusal.
_RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "backendError"}
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_DOCUMENT_SUFFIXES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/markdown",
}
#: How much of a local file is read to tell what it is.
_SNIFF_BYTES = 8192
_HTML_START = re.compile(
    # (a WML page's source opens on its tags, "<define-tag pagetitle>…": HTML under a head
    # whose "#use" and "# $Id$" lines are no Markdown headings)
    rb"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[ >]|<h[1-6][ >]|<define-tag )",
    re.IGNORECASE,
)
_HTML_TAGS = re.compile(rb"<(?:p|div|h[1-6]|table|ul|ol|li|span|br)\b[^>]*>", re.IGNORECASE)
#: A Markdown heading line ("## Timeline"): Markdown that uses inline HTML (``<br>`` line
#: breaks, a ``<div>``) is still Markdown.
_MARKDOWN_HEADING = re.compile(rb"^#{1,6}[ \t]+\S", re.MULTILINE)


def sniff(head: bytes) -> str | None:
    """What a file holds, from its first bytes: ``text/html``, ``text/markdown`` or ``None``.

    Files are recognised by content, not by name: a postmortem saved without an extension,
    or as ``.txt``, is still read; plain text is read as Markdown (which it is, to a parser).
    Binary files (a NUL byte, or not UTF-8) are not documents.
    """
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
            return None
    if _HTML_START.match(head):
        return "text/html"
    if len(_HTML_TAGS.findall(head)) >= 3 and not _MARKDOWN_HEADING.search(head):  # noqa: PLR2004
        return "text/html"
    return "text/markdown"


@dataclass(slots=True)
class SourceDocument:
    """A document's metadata, as listed (its text is fetched separately)."""

    id: str
    name: str
    mime_type: str
    modified_time: datetime
    created_time: datetime | None
    link: str | None
    version: int | None = None
    drive_id: str | None = None
    folder_id: str | None = None


class DocumentUnavailableError(Exception):
    """A document's text cannot be had (too large to export, unreadable): reported, not fatal."""


class DriveError(FatalAPIError):
    """Drive refused the request for good (credentials, permissions, a missing folder)."""


def _rfc3339(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


class LocalSource:
    """A folder (read recursively) of postmortems: HTML, Markdown or plain text, by content."""

    kind = "local"

    def close(self) -> None:
        """Nothing is held open between files (each is read and closed)."""

    def __init__(
        self, path: str, logger: logging.Logger | None = None, max_document_mb: float = 10
    ) -> None:
        """Read documents under ``path``, none larger than ``max_document_mb``."""
        self.logger = logger or logging.getLogger("tap-postmortems")
        self.max_bytes = max_document_mb * 1_000_000
        self.root = Path(path).expanduser()
        if not self.root.is_dir():
            msg = "Invalid tap-postmortems configuration"
            raise ConfigValidationError(
                msg,
                errors=[
                    (
                        f"`local_path` {path!r} is not a folder: set it to the folder "
                        "holding the postmortems (HTML, Markdown or plain text files)."
                    )
                ],
            )
        self.server_now: datetime | None = None

    def list_documents(self, since: datetime | None) -> list[SourceDocument]:
        """Every document modified at or after ``since``."""
        self.server_now = datetime.now(UTC)
        out = []
        skipped: list[str] = []
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            with path.open("rb") as handle:
                mime = sniff(handle.read(_SNIFF_BYTES))
            # A file named as a document is one even when unreadable: it becomes a failed
            # record that says why, instead of disappearing.
            mime = mime or _DOCUMENT_SUFFIXES.get(path.suffix.lower())
            if mime is None:
                skipped.append(relative.as_posix())
                continue
            stat = path.stat()
            # A file copied in with its old modification time (cp -p, rsync -t, unzip) still
            # changed here: its inode change time says when, so the later of the two counts.
            modified = datetime.fromtimestamp(max(stat.st_mtime, stat.st_ctime), UTC)
            if since is not None and modified < since:
                continue
            out.append(
                SourceDocument(
                    id=path.relative_to(self.root).as_posix(),
                    name=path.name,
                    mime_type=mime,
                    modified_time=modified,
                    created_time=None,
                    link=path.resolve().as_uri(),
                    folder_id=path.parent.relative_to(self.root).as_posix(),
                )
            )
        if skipped:
            self.logger.warning(
                "%d file(s) under local_path are not text documents and were not read: %s",
                len(skipped),
                ", ".join(skipped[:20]) + (" …" if len(skipped) > 20 else ""),  # noqa: PLR2004
            )
        return out

    def fetch(self, doc: SourceDocument) -> str:
        """The document's text.

        Raises:
            DocumentUnavailableError: If the file cannot be read as UTF-8 text.
        """
        path = self.root / doc.id
        size = path.stat().st_size
        if size > self.max_bytes:
            msg = (
                f"the file is {size / 1e6:.1f} MB, over max_document_mb "
                f"({self.max_bytes / 1e6:g}); raise the setting to read it"
            )
            raise DocumentUnavailableError(msg)
        data = path.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise DocumentUnavailableError(msg) from exc


class DriveSource:
    """Google Docs under Drive folders (recursively, shared drives included)."""

    kind = "google_drive"

    def __init__(self, config: Mapping[str, t.Any], logger: logging.Logger) -> None:
        """Build the Drive client from the settings."""
        self.config = config
        self.logger = logger
        self.folder_ids: list[str] = list(config.get("folder_ids") or [])
        # The schema's defaults are in the config (the SDK fills them in).
        self.max_retries = int(config["max_retries"])
        self.max_retry_wait = float(config["max_retry_wait"])
        self.timeout = float(config["request_timeout"])
        self.server_now: datetime | None = None
        self._http: t.Any = None
        self._service = self._build()

    def close(self) -> None:
        """Close the connections kept alive to Drive (and to the token endpoint).

        httplib2 keeps one connection per host open for reuse and closes none of them by
        itself: left to the garbage collector they end the run with ``ResourceWarning:
        unclosed <socket …>``.
        """
        if self._http is not None:
            self._http.close()

    def _credentials(self) -> t.Any:  # noqa: ANN401 - google-auth has no shared base type here
        token_uri = self.config.get("token_uri") or GOOGLE_TOKEN_URI
        key_info = self.config.get("service_account_key")
        key_file = self.config.get("service_account_key_file")
        if key_info or key_file:
            from google.oauth2 import service_account  # noqa: PLC0415

            if key_file:
                info = json.loads(Path(key_file).expanduser().read_text())
            else:
                info = json.loads(str(key_info))
            if self.config.get("token_uri"):
                info["token_uri"] = token_uri
            return service_account.Credentials.from_service_account_info(info, scopes=[SCOPE])
        from google.oauth2.credentials import Credentials  # noqa: PLC0415

        return Credentials(
            token=None,
            refresh_token=self.config["refresh_token"],
            client_id=self.config["client_id"],
            client_secret=self.config["client_secret"],
            token_uri=token_uri,
            scopes=[SCOPE],
        )

    def _build(self) -> t.Any:  # noqa: ANN401 - a discovery-built resource
        import google_auth_httplib2  # noqa: PLC0415 - only Drive syncs need the client
        import httplib2  # noqa: PLC0415
        from googleapiclient.discovery import build  # noqa: PLC0415

        self._http = httplib2.Http(timeout=self.timeout)
        http = google_auth_httplib2.AuthorizedHttp(self._credentials(), http=self._http)
        options: dict[str, str] = {}
        if self.config.get("api_url"):
            options["api_endpoint"] = str(self.config["api_url"]).rstrip("/") + "/drive/v3/"
        return build(
            "drive",
            "v3",
            http=http,
            static_discovery=True,
            cache_discovery=False,
            client_options=options or None,
        )

    # ----------------------------------------------------------------- requests
    def _execute(self, request: t.Any, what: str, *, json_body: bool = False) -> t.Any:  # noqa: ANN401
        """Run one request, waiting out rate limits and transient failures (bounded)."""
        from google.auth.exceptions import RefreshError, TransportError  # noqa: PLC0415
        from googleapiclient.errors import HttpError  # noqa: PLC0415

        postproc = request.postproc

        def keep_date(resp: t.Any, content: bytes) -> t.Any:  # noqa: ANN401
            self._note_date(resp.get("date"))
            return postproc(resp, content)

        request.postproc = keep_date
        waited = 0.0
        for attempt in range(self.max_retries + 1):
            try:
                result = request.execute()
                if json_body and not isinstance(result, dict):
                    # googleapiclient hands back the raw text of a body cut short.
                    msg = "the response body is not a JSON object"
                    raise ValueError(msg)  # noqa: TRY301 - retried like any broken transfer
                return result  # noqa: TRY300
            except HttpError as exc:
                status = exc.resp.status
                reason = _reason(exc)
                retriable = status in _RETRY_STATUSES or (
                    status == 403 and reason in _RATE_REASONS  # noqa: PLR2004
                )
                if not retriable:
                    raise self._fatal(exc, status, reason, what) from exc
                detail = f"HTTP {status} {reason or ''}".strip()
                wait = _retry_after(exc) or min(60.0, 2.0**attempt)
            except RefreshError as exc:
                msg = (
                    f"Google refused the credentials while {what}: {exc}. Check `client_id`, "
                    "`client_secret` and `refresh_token` (TAP_POSTMORTEMS_CLIENT_ID, "
                    "TAP_POSTMORTEMS_CLIENT_SECRET, TAP_POSTMORTEMS_REFRESH_TOKEN), or the "
                    "service account key, and `token_uri`."
                )
                raise DriveError(msg) from exc
            except (TimeoutError, OSError, TransportError, ValueError) as exc:
                # Dropped connections, timeouts and bodies cut short (invalid JSON).
                if isinstance(exc, socket.gaierror):
                    msg = f"Cannot reach Google Drive ({exc}): check `api_url`."
                    raise DriveError(msg) from exc
                detail = f"{type(exc).__name__}: {exc}"
                wait = min(60.0, 2.0**attempt)
            if attempt == self.max_retries or waited + wait > self.max_retry_wait:
                msg = (
                    f"Google Drive kept failing while {what} ({detail}); gave up after "
                    f"{attempt + 1} attempts (see `max_retries`, `max_retry_wait`)."
                )
                raise DriveError(msg)
            self.logger.warning(
                "Google Drive answered %s while %s; retrying in %.1f s", detail, what, wait
            )
            time.sleep(wait)  # bounded: max_retries and max_retry_wait
            waited += wait
        msg = f"Google Drive kept failing while {what}"  # pragma: no cover - loop returns or raises
        raise DriveError(msg)

    def _fatal(self, exc: t.Any, status: int, reason: str | None, what: str) -> DriveError:  # noqa: ANN401
        message = _message(exc)
        hint = ""
        if status == 401:  # noqa: PLR2004
            hint = " Check the credentials settings and `token_uri`."
        elif status == 404:  # noqa: PLR2004
            hint = (
                " Check `folder_ids` (the id is the last part of the folder's URL) and that "
                "the folder is shared with the account the tap uses."
            )
        elif status == 403:  # noqa: PLR2004
            hint = " The account lacks access: share the folder with it (read access is enough)."
        return DriveError(f"Google Drive HTTP {status} ({reason}) while {what}: {message}.{hint}")

    def _note_date(self, value: str | None) -> None:
        if value and self.server_now is None:
            with contextlib.suppress(TypeError, ValueError):
                self.server_now = parsedate_to_datetime(value).astimezone(UTC)

    # ---------------------------------------------------------------- listing
    def check_folders(self) -> None:
        """Fail early, naming the setting, when a configured folder is unknown or not a folder.

        Drive answers a query on an unknown parent with an empty list, so without this a
        mistyped id would look like an empty folder.

        Raises:
            DriveError: If a folder cannot be seen or is not a folder.
        """
        files = self._service.files()
        for folder in self.folder_ids:
            request = files.get(fileId=folder, supportsAllDrives=True, fields="id,name,mimeType")
            try:
                meta = self._execute(request, f"looking up folder {folder}", json_body=True)
            except DriveError as exc:
                msg = (
                    f"Folder {folder!r} from `folder_ids` cannot be read: {exc}"
                    if "HTTP 404" not in str(exc)
                    else f"Folder {folder!r} from `folder_ids` was not found: check the id (the "
                    "last part of the folder's URL) and that the folder is shared with the "
                    "account the tap uses."
                )
                raise DriveError(msg) from exc
            if meta.get("mimeType") != FOLDER:
                msg = (
                    f"{folder!r} in `folder_ids` is not a folder but {meta.get('mimeType')} "
                    f"({meta.get('name')!r}): give the id of the folder holding the postmortems."
                )
                raise DriveError(msg)

    def list_documents(self, since: datetime | None) -> list[SourceDocument]:
        """Every Google Doc under the folders modified at or after ``since``."""
        self.check_folders()
        self.server_now = None
        docs: dict[str, SourceDocument] = {}
        seen_folders: set[str] = set()
        pending = list(self.folder_ids)
        while pending:
            folder = pending.pop(0)
            if folder in seen_folders:
                continue
            seen_folders.add(folder)
            for item in self._children(folder, since):
                if item["mimeType"] == FOLDER:
                    pending.append(item["id"])
                elif item["mimeType"] in (DOCUMENT, *UPLOADED_TEXT):
                    docs[item["id"]] = SourceDocument(
                        id=item["id"],
                        name=item.get("name", ""),
                        mime_type=item["mimeType"],
                        modified_time=_rfc3339(item["modifiedTime"]),
                        created_time=_rfc3339(item["createdTime"])
                        if item.get("createdTime")
                        else None,
                        link=item.get("webViewLink"),
                        version=int(item["version"]) if item.get("version") else None,
                        drive_id=item.get("driveId"),
                        folder_id=folder,
                    )
        if self.server_now is None:
            self.server_now = datetime.now(UTC)
        return list(docs.values())

    def _children(self, folder: str, since: datetime | None) -> Iterator[dict[str, t.Any]]:
        escaped = folder.replace("\\", "\\\\").replace("'", "\\'")
        documents = " or ".join(f"mimeType = '{m}'" for m in (DOCUMENT, *UPLOADED_TEXT))
        kinds = f"mimeType = '{FOLDER}' or {documents}"
        if since is not None:
            stamp = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            kinds = f"mimeType = '{FOLDER}' or (({documents}) and modifiedTime >= '{stamp}')"
        query = f"'{escaped}' in parents and trashed = false and ({kinds})"
        token: str | None = None
        files = self._service.files()
        while True:
            request = files.list(
                q=query,
                pageSize=int(self.config["page_size"]),
                pageToken=token,
                fields=f"nextPageToken,files({_FILE_FIELDS})",
                supportsAllDrives=True,
                includeItemsFromAllDrives=True,
                corpora="allDrives",
            )
            body = self._execute(request, f"listing folder {folder}", json_body=True)
            yield from body.get("files", [])
            token = body.get("nextPageToken")
            if not token:
                return

    def fetch(self, doc: SourceDocument) -> str:
        """The document exported as HTML.

        Raises:
            DocumentUnavailableError: If Drive will not export it (over 10 MB, not a Doc).
        """
        from googleapiclient.errors import HttpError  # noqa: PLC0415

        files = self._service.files()
        if doc.mime_type == DOCUMENT:
            request = files.export(fileId=doc.id, mimeType="text/html")
            action = f"exporting document {doc.id}"
        else:  # uploaded as it is: its bytes, read by content like a local file
            request = files.get_media(fileId=doc.id, supportsAllDrives=True)
            action = f"downloading file {doc.id}"
        try:
            data = self._execute(request, action)
        except DriveError as exc:
            cause = exc.__cause__
            if isinstance(cause, HttpError) and cause.resp.status in (403, 400):
                raise DocumentUnavailableError(str(exc)) from exc
            raise
        if isinstance(data, bytes):
            return data.decode("utf-8", errors="replace")
        return str(data)


def _error_body(exc: t.Any) -> dict[str, t.Any]:  # noqa: ANN401
    try:
        body = json.loads(exc.content.decode("utf-8"))
    except (ValueError, AttributeError, UnicodeDecodeError):
        return {}
    return body.get("error", {}) if isinstance(body, dict) else {}


def _reason(exc: t.Any) -> str | None:  # noqa: ANN401
    errors = _error_body(exc).get("errors") or [{}]
    return errors[0].get("reason")


def _message(exc: t.Any) -> str:  # noqa: ANN401
    return str(_error_body(exc).get("message") or exc.resp.reason or "").rstrip(".")


def _retry_after(exc: t.Any) -> float | None:  # noqa: ANN401
    value = exc.resp.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
