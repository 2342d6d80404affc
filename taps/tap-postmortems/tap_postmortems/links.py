"""Links a document cites: its status page and the incidents of other tools it names."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import ParseResult, unquote, urlparse

URL = re.compile(r"https?://[^\s<>()\"']+")
_PAGERDUTY = re.compile(r"pagerduty\.com/incidents/([A-Z0-9]+)", re.IGNORECASE)
_DATADOG = re.compile(r"datadoghq\.(?:com|eu)/incidents/(\d+)|ddog-gov\.com/incidents/(\d+)")
_SENTRY = re.compile(r"sentry\.io/(?:organizations/[\w-]+/)?issues/(\d+)")
GITHUB = re.compile(r"github\.com/([\w.-]+/[\w.-]+)/(?:issues|pull)/(\d+)")


def parsed_url(url: str) -> ParseResult | None:
    """The parts of an address; ``None`` for one that cannot be followed.

    Security write-ups quote an attacker's address defanged ("https://api[.]telegram[.]org/…"),
    and ``urlparse`` raises on the bracketed host: such an address is text, not a link.
    """
    try:
        return urlparse(url)
    except ValueError:
        return None


def is_status_page(url: str) -> bool:
    """Whether a link goes to a status page (``status.…``, ``statuspage.io``)."""
    if (parsed := parsed_url(url)) is None:
        return False
    host = parsed.netloc.lower()
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


#: A Slack message's link carries its Unix time: ".../archives/C57UPMZLY/p1599478794083300".
_SLACK_STAMP = re.compile(r"slack\.com/archives/[^/\s?#]+/p(?P<seconds>\d{10})\d{6}")
_HH_MM = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d])")


def offset_by_message_links(links: list[str], lines: list[str]) -> int | None:
    """The hours the document's clocks run ahead of UTC, as its Slack links' stamps show it.

    MoJ's incident log states no zone, but "Incident declared 2021-09-05 12:53" sits beside a
    link to the Slack message stamped p1630842806 (11:53:26 UTC): the clocks are UTC+1, UK
    summer time. An offset is returned only when every link whose stamp meets a clock of the
    text meets one at that same offset, and it is not 0.
    """
    clocks = {(int(h), int(m)) for line in lines for h, m in _HH_MM.findall(line)}
    agreed: set[int] | None = None
    for link in links:
        m = _SLACK_STAMP.search(unquote(link))
        if m is None:
            continue
        at = datetime.fromtimestamp(int(m.group("seconds")), UTC)
        fits = {
            hours
            for hours in range(-12, 15)
            if ((shifted := at + timedelta(hours=hours)).hour, shifted.minute) in clocks
        }
        if fits:
            agreed = fits if agreed is None else agreed & fits
    if agreed is None or len(agreed) != 1 or 0 in agreed:
        return None
    return agreed.pop()
