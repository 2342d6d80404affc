"""PageProgress: a listing whose pages bring nothing new stops with one warning."""

from __future__ import annotations

import logging

from reliability_tap_runtime.repeats import PageProgress


def test_a_repeated_page_stops_the_listing_once_with_a_warning(caplog):
    caplog.set_level(logging.WARNING)
    progress = PageProgress("incidents")
    assert progress.page([{"id": "A"}, {"id": "B"}])
    assert progress.page([{"id": "B"}, {"id": "C"}])  # one new row: progress
    assert not progress.page([{"id": "A"}, {"id": "C"}])
    assert not progress.page([{"id": "A"}])
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert (
        warnings[0]
        .getMessage()
        .startswith("incidents: stopped paging: page 3 held only rows already read (2)")
    )


def test_an_empty_page_is_not_a_repeat():
    progress = PageProgress("things")
    assert progress.page([])
    assert progress.page([])


def test_rows_without_an_id_are_told_apart_by_content():
    progress = PageProgress("slo_history")
    assert progress.page([{"slo_id": "s", "date": "2026-05-01"}])
    assert progress.page([{"slo_id": "s", "date": "2026-05-02"}])
    assert not progress.page([{"date": "2026-05-02", "slo_id": "s"}])


def test_a_page_token_used_twice_stops_the_listing(caplog):
    progress = PageProgress("events")
    assert progress.next_token(None)
    assert progress.next_token("cursor-1")
    assert progress.next_token("cursor-2")
    assert not progress.next_token("cursor-1")
    assert progress.stopped == "the next page token 'cursor-1' was already used"
    assert "events: stopped paging: the next page token 'cursor-1'" in caplog.text
