"""Google: Drive v3 with the postmortem documents, Sheets v4 with the survey, one OAuth server.

``drive`` (files, export, the OAuth token endpoint), ``files`` (Drive's file resource,
error body and query language), ``docs`` (the postmortem documents and what they state),
``markup`` (Google Docs' HTML export style, date styles, misfiled documents) and ``sheets``
(the developer survey's response sheet, whose API accepts the access tokens Drive's OAuth
endpoint issues).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reliability_sandbox.vendors.google.drive import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REFRESH_TOKEN,
    SERVICE_ACCOUNT_EMAIL,
    GoogleDriveAPI,
)
from reliability_sandbox.vendors.google.files import DOCUMENT, FOLDER
from reliability_sandbox.vendors.google.sheets import (
    HEADERS,
    SHEET_TITLE,
    SPREADSHEET_ID,
    GoogleSheetsAPI,
    serial_number,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reliability_sandbox.org import Org
    from reliability_sandbox.vendor import Vendor

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_REFRESH_TOKEN",
    "DOCUMENT",
    "FOLDER",
    "HEADERS",
    "SERVICE_ACCOUNT_EMAIL",
    "SHEET_TITLE",
    "SPREADSHEET_ID",
    "GoogleDriveAPI",
    "GoogleSheetsAPI",
    "mount",
    "serial_number",
]


def mount(org: Org, tokens: Mapping[str, str]) -> list[Vendor]:  # noqa: ARG001 - fixed client
    """Drive (with the OAuth endpoint) and Sheets, which accepts Drive's access tokens."""
    drive = GoogleDriveAPI(org)
    return [drive, GoogleSheetsAPI(org, drive)]
