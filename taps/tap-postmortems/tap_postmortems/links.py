"""Links a document cites: its status page and the incidents of other tools it names."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

URL = re.compile(r"https?://[^\s<>()\"']+")
_PAGERDUTY = re.compile(r"pagerduty\.com/incidents/([A-Z0-9]+)", re.IGNORECASE)
_DATADOG = re.compile(r"datadoghq\.(?:com|eu)/incidents/(\d+)|ddog-gov\.com/incidents/(\d+)")
_SENTRY = re.compile(r"sentry\.io/(?:organizations/[\w-]+/)?issues/(\d+)")
GITHUB = re.compile(r"github\.com/([\w.-]+/[\w.-]+)/(?:issues|pull)/(\d+)")


def is_status_page(url: str) -> bool:
    """Whether a link goes to a status page (``status.…``, ``statuspage.io``)."""
    host = urlparse(url).netloc.lower()
    return "statuspage.io" in host or host.startswith("status.") or "status" in host.split(".")[0]


def incident_links_in(links: list[str]) -> list[dict[str, Any]]:
    """The links to another tool's incident or issue: system, id and URL of each."""
    out: list[dict[str, Any]] = []
    for url in links:
        if m := _PAGERDUTY.search(url):
            out.append({"system": "pagerduty", "id": m.group(1), "url": url})
        elif m := _DATADOG.search(url):
            out.append({"system": "datadog", "id": m.group(1) or m.group(2), "url": url})
        elif m := _SENTRY.search(url):
            out.append({"system": "sentry", "id": m.group(1), "url": url})
        elif m := GITHUB.search(url):
            out.append({"system": "github", "id": f"{m.group(1)}#{m.group(2)}", "url": url})
    return out
