"""A noisy issue's events are emitted as they are read: one page ahead, never all held.

Offline: the stream's `fetch` is replaced by a fake listing, so the test sees exactly which
pages are requested when. The memory figure at scale (one issue, a million events) is
bench/sentry_bigissue.py's; here the behaviour that keeps it flat is asserted.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from reliability_tap_runtime.errors import VanishedChildError
from tap_sentry.streams import IssueEventsStream
from tap_sentry.tap import TapSentry

PAGES = 5
PER_PAGE = 3
CONTEXT = {
    "organization": "acme",
    "issue_id": "42",
    "last_seen": "2026-05-31T00:00:00Z",
    "events_since": "2026-03-01T00:00:00Z",
    "events_until": "2026-06-01T00:00:00Z",
}


class FakeListing:
    """An issue's events, newest first, `PER_PAGE` a page, `PAGES` pages; records requests."""

    def __init__(self, *, vanish_at: int | None = None, repeat: bool = False) -> None:
        self.requests: list[str | None] = []
        self.threads: list[str] = []
        self.vanish_at = vanish_at
        self.repeat = repeat

    def __call__(self, context: Any, cursor: str | None) -> tuple[Any, str | None]:
        del context
        self.requests.append(cursor)
        self.threads.append(threading.current_thread().name)
        page = int(cursor or 0)
        if page == self.vanish_at:
            raise VanishedChildError(404, "The requested resource does not exist")
        first = page * PER_PAGE - (1 if self.repeat and page else 0)
        rows = [
            {"id": f"e{i}", "dateCreated": f"2026-05-30T00:{59 - i:02d}:00Z", "type": "error"}
            for i in range(first, page * PER_PAGE + PER_PAGE)
        ]
        return rows, (str(page + 1) if page + 1 < PAGES else None)


def _stream(**config: Any) -> IssueEventsStream:
    tap = TapSentry(
        config={"auth_token": "t", "organization": "acme", **config},
        parse_env_config=False,
        validate_config=True,
    )
    stream = tap.streams["issue_events"]
    assert isinstance(stream, IssueEventsStream)
    return stream


def test_read_requests_the_first_page_only_the_rest_as_iterated(monkeypatch):
    stream = _stream(max_events_per_issue=0)
    listing = FakeListing()
    monkeypatch.setattr(stream, "fetch", listing)
    rows = iter(stream.read(dict(CONTEXT)))
    # The worker pool's read: one request, whatever the issue's size.
    assert listing.requests == [None]
    first = [next(rows) for _ in range(PER_PAGE)]
    assert [r["id"] for r in first] == ["e0", "e1", "e2"]
    assert all(r["issue_id"] == "42" and r["organization"] == "acme" for r in first)
    assert first[0]["event.type"] == "error"
    # Reaching the end of the first page asks for the second, one page ahead of the
    # emitter (at most two pages held), on a helper thread.
    next(rows)
    assert listing.requests[:2] == [None, "1"]
    assert listing.requests[2:] in ([], ["2"])  # the next page may be in flight
    rest = list(rows)
    assert len(rest) + PER_PAGE + 1 == PAGES * PER_PAGE
    assert listing.requests == [None, "1", "2", "3", "4"]
    assert all(name.startswith("issue_events-pages") for name in listing.threads[1:])


def test_the_cap_stops_the_reading_not_only_the_emitting(monkeypatch):
    stream = _stream(max_events_per_issue=7)
    listing = FakeListing()
    monkeypatch.setattr(stream, "fetch", listing)
    rows = list(stream.read(dict(CONTEXT)))
    assert [r["id"] for r in rows] == [f"e{i}" for i in range(7)]
    # Pages 0-2 hold the 7 events; page 3 may have been asked ahead, no further.
    assert listing.requests[:3] == [None, "1", "2"]
    assert len(listing.requests) <= 4


def test_a_cap_within_the_first_page_reads_one_page(monkeypatch):
    stream = _stream(max_events_per_issue=2)
    listing = FakeListing()
    monkeypatch.setattr(stream, "fetch", listing)
    rows = list(stream.read(dict(CONTEXT)))
    assert [r["id"] for r in rows] == ["e0", "e1"]
    assert listing.requests == [None]


def test_a_row_repeated_on_the_next_page_is_emitted_once(monkeypatch):
    stream = _stream(max_events_per_issue=0)
    listing = FakeListing(repeat=True)
    monkeypatch.setattr(stream, "fetch", listing)
    ids = [r["id"] for r in stream.read(dict(CONTEXT))]
    assert ids == [f"e{i}" for i in range(PAGES * PER_PAGE)]


@pytest.mark.parametrize("vanish_at", [0, 2])
def test_an_issue_that_vanishes_while_its_pages_are_read_is_skipped(monkeypatch, caplog, vanish_at):
    stream = _stream(max_events_per_issue=0)
    listing = FakeListing(vanish_at=vanish_at)
    monkeypatch.setattr(stream, "fetch", listing)
    rows = list(stream.get_records(dict(CONTEXT)))
    # The pages before the 404 are out; the run goes on, the skip is counted once.
    assert [r["id"] for r in rows] == [f"e{i}" for i in range(vanish_at * PER_PAGE)]
    assert stream.http.skips.by_stream == {"issue_events": 1}
    assert "skipped issue 42 (HTTP 404" in caplog.text
