"""The Google Drive module: Drive v3 and Google's token endpoint over the shared organisation."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import requests

from reliability_sandbox import OrgConfig, Sandbox
from reliability_sandbox.org import Org
from reliability_sandbox.story import story
from reliability_sandbox.vendors.github import GitHubAPI
from reliability_sandbox.vendors.google import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_REFRESH_TOKEN,
    DOCUMENT,
    FOLDER,
    SERVICE_ACCOUNT_EMAIL,
    GoogleDriveAPI,
)

ANCHOR = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
FILES = "/drive/v3/files"


def refresh(sb: Sandbox, **form: str) -> requests.Response:
    """Google's token endpoint asked to refresh with the sandbox's client (``form`` overrides)."""
    data = {
        "grant_type": "refresh_token",
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
        "refresh_token": DEFAULT_REFRESH_TOKEN,
        **form,
    }
    return requests.post(f"{sb.vendor('gdrive').url}/token", data=data, timeout=10)


def token(sb: Sandbox) -> str:
    resp = refresh(sb)
    assert resp.status_code == 200, resp.text
    return resp.json()["access_token"]


def get(sb: Sandbox, path: str, access: str | None = None, **params: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {access or token(sb)}"}
    return requests.get(
        f"{sb.vendor('gdrive').url}{path}", params=params, headers=headers, timeout=10
    )


def list_all(sb: Sandbox, **params: Any) -> list[dict[str, Any]]:
    access = token(sb)
    out: list[dict[str, Any]] = []
    page = None
    while True:
        resp = get(sb, FILES, access, **params, **({"pageToken": page} if page else {}))
        assert resp.status_code == 200, resp.text
        body = resp.json()
        out.extend(body["files"])
        page = body.get("nextPageToken")
        if not page:
            return out


def test_token_endpoint_contract(sbx):
    body = refresh(sbx).json()
    assert body["token_type"] == "Bearer"  # noqa: S105 - a token type, not a secret
    assert body["expires_in"] == 3599
    assert body["access_token"].startswith("ya29.")
    bad_client = requests.post(
        f"{sbx.vendor('gdrive').url}/token",
        data={"grant_type": "refresh_token", "client_id": "x", "client_secret": "y"},
        timeout=10,
    )
    assert bad_client.status_code == 401
    assert bad_client.json()["error"] == "invalid_client"
    bad_grant = refresh(sbx, refresh_token="revoked")
    assert bad_grant.status_code == 400
    assert bad_grant.json() == {"error": "invalid_grant", "error_description": "Bad Request"}
    claims = base64.urlsafe_b64encode(json.dumps({"iss": SERVICE_ACCOUNT_EMAIL}).encode()).decode()
    jwt = requests.post(
        f"{sbx.vendor('gdrive').url}/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "assertion": f"e30.{claims}.sig",
        },
        timeout=10,
    )
    assert jwt.status_code == 200


def test_drive_needs_a_bearer_token_it_issued(sbx):
    missing = requests.get(f"{sbx.vendor('gdrive').url}{FILES}", timeout=10)
    assert missing.status_code == 401
    error = missing.json()["error"]
    assert error["status"] == "UNAUTHENTICATED"
    assert error["errors"][0]["reason"] == "required"
    wrong = get(sbx, FILES, access="ya29.made-up")
    assert wrong.status_code == 401
    assert wrong.json()["error"]["errors"][0]["reason"] == "authError"


def test_folder_listing_pages_and_masks_fields(sbx):
    truth = sbx.vendor("gdrive").truth()
    root = truth["folder_ids"][0]
    q = f"'{root}' in parents and trashed = false"
    default = get(sbx, FILES, q=q).json()
    assert set(default) == {"kind", "incompleteSearch", "files"}
    assert set(default["files"][0]) == {"kind", "id", "name", "mimeType"}
    files = list_all(sbx, q=q, pageSize=2, fields="nextPageToken,files(id,name,modifiedTime)")
    assert all(set(f) == {"id", "name", "modifiedTime"} for f in files)
    served = {f["id"] for f in truth["files"] if root in f["parents"] and not f["trashed"]}
    assert {f["id"] for f in files} == served
    # A page token belongs to its query.
    first = get(sbx, FILES, q=q, pageSize=2).json()
    other = get(sbx, FILES, q=f"'{root}' in parents", pageToken=first["nextPageToken"])
    assert other.status_code == 400
    assert other.json()["error"]["errors"][0]["location"] == "pageToken"


def test_shared_drive_items_need_the_all_drives_flags(sbx):
    shared = sbx.vendor("gdrive").truth()["folder_ids"][1]
    q = f"'{shared}' in parents"
    assert get(sbx, FILES, q=q).json()["files"] == []
    both = get(sbx, FILES, q=q, supportsAllDrives="true", includeItemsFromAllDrives="true").json()
    assert both["files"]
    assert all(f["mimeType"] == FOLDER for f in both["files"])


def test_query_language_and_errors(sbx):
    truth = sbx.vendor("gdrive").truth()
    docs = [f for f in truth["files"] if f["mimeType"] == DOCUMENT and not f["trashed"]]
    cut = sorted(f["modifiedTime"] for f in docs)[len(docs) // 2]
    newer = list_all(
        sbx,
        q=f"mimeType = '{DOCUMENT}' and modifiedTime >= '{cut}' and not trashed = true",
        supportsAllDrives="true",
        includeItemsFromAllDrives="true",
    )
    assert {f["id"] for f in newer} == {f["id"] for f in docs if f["modifiedTime"] >= cut}
    bad = get(sbx, FILES, q="modifiedTime >> 'x'")
    assert bad.status_code == 400
    assert bad.json()["error"]["errors"][0] == {
        "message": "Invalid Value",
        "domain": "global",
        "reason": "invalid",
        "location": "q",
        "locationType": "parameter",
    }
    assert get(sbx, FILES, pageSize=1001).status_code == 400


def test_export_contract(sbx):
    truth = sbx.vendor("gdrive").truth()
    doc_id = next(iter(truth["documents"]))
    html = get(sbx, f"{FILES}/{doc_id}/export", mimeType="text/html")
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert html.text == truth["exports"][doc_id]
    assert 'class="c' in html.text
    assert "google.com/url?q=" in html.text
    huge = next(d for d, body in truth["exports"].items() if body is None)
    too_big = get(sbx, f"{FILES}/{huge}/export", mimeType="text/html")
    assert too_big.status_code == 403
    assert too_big.json()["error"]["errors"][0]["reason"] == "exportSizeLimitExceeded"
    missing = get(sbx, f"{FILES}/nope/export", mimeType="text/html")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "File not found: nope."
    no_type = get(sbx, f"{FILES}/{doc_id}/export")
    assert no_type.status_code == 400
    pdf = next(f["id"] for f in truth["files"] if f["mimeType"] == "application/pdf")
    assert get(sbx, f"{FILES}/{pdf}/export", mimeType="text/html").status_code == 403
    # Uploaded files are downloaded (alt=media); Google Docs cannot be, only exported.
    md = next(f["id"] for f in truth["files"] if f["mimeType"] == "text/markdown")
    got = get(sbx, f"{FILES}/{md}", alt="media")
    assert got.status_code == 200
    assert got.text.startswith("# Weekly sync")
    refused = get(sbx, f"{FILES}/{doc_id}", alt="media", supportsAllDrives="true")
    assert refused.status_code == 403
    assert refused.json()["error"]["errors"][0]["reason"] == "fileNotDownloadable"


def test_documents_describe_the_incidents_with_postmortems():
    org = Org(OrgConfig.preset("test", anchor=ANCHOR))
    api = GoogleDriveAPI(org)
    truth = api.truth()
    with_pm = {inc.key for inc in org.incidents if story(org, inc).has_postmortem}
    assert {d["incident_key"] for d in truth["documents"].values()} == with_pm
    templates = {d["template"] for d in truth["documents"].values()}
    assert len(templates) >= 4
    # PagerDuty's incident URL is cited so the warehouse can join the two ...
    uncited = set()
    for doc_id, doc in truth["documents"].items():
        cited = doc["expected"]["pagerduty_incident_id"]
        if cited is not None:
            assert cited in truth["exports"][doc_id]
            continue
        # ... except in a few documents, which name only the service and the times: the
        # warehouse links those by service and time overlap.
        uncited.add(doc_id)
        html = truth["exports"][doc_id]
        assert "pagerduty.com%2Fincidents" not in html
        assert "datadoghq.com%2Fincidents" not in html
        assert doc["expected"]["datadog_incident_id"] is None
        inc = next(i for i in org.incidents if i.key == doc["incident_key"])
        assert doc["children"]["affected_products"][0][0] == inc.service.name
        assert doc["expected"]["time_of_first_trigger"]
        assert doc["expected"]["time_of_internal_detect"]
    assert 0 < len(uncited) < len(truth["documents"]) / 4
    assert len(truth["malformed"]) == 6  # notes, empty, corrupt, huge, template, uploaded .md


def test_deploy_caused_incidents_cite_the_pull_request_their_deployment_shipped():
    org = Org(OrgConfig.preset("test", anchor=ANCHOR))
    truth = GoogleDriveAPI(org).truth()
    github = GitHubAPI(org).truth()
    stories = {inc.key: story(org, inc) for inc in org.incidents}
    citing = 0
    for doc_id, doc in truth["documents"].items():
        key = doc["incident_key"]
        if stories[key].trigger_kind != "deploy":
            assert doc["cited_pull_request"] is None
            continue
        pull = github["incident_pull_requests"][key]
        ref = f"{pull['base']['repo']['full_name']}#{pull['number']}"
        assert doc["cited_pull_request"] == ref
        # Linked (through Google's redirect) from the timeline's deploy entry.
        assert quote(pull["html_url"], safe="") in truth["exports"][doc_id]
        assert any(
            text.endswith(f"shipping {ref}") for _, text in doc["children"]["timeline_events"]
        )
        citing += 1
    assert citing > 0


def test_documents_are_deterministic_and_edited_as_the_clock_moves():
    a = GoogleDriveAPI(Org(OrgConfig.preset("test", anchor=ANCHOR))).truth()
    org = Org(OrgConfig.preset("test", anchor=ANCHOR))
    api = GoogleDriveAPI(org)
    b = api.truth()
    assert a == b
    org.advance(ANCHOR + timedelta(days=12))
    c = api.truth()
    before = {f["id"]: f["modifiedTime"] for f in b["files"]}
    after = {f["id"]: f["modifiedTime"] for f in c["files"]}
    assert set(after) > set(before)  # new postmortems
    assert any(after[i] != m for i, m in before.items())  # edits
    assert all(after[i] >= m for i, m in before.items())
