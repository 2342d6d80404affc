"""Incremental syncs: the second run reads only edited and new documents; resumes lose nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from postmortems_harness import ANCHOR, run_tap, tap_config


def _modified(truth):
    return {f["id"]: f["modifiedTime"] for f in truth["files"] if f["id"] in truth["exports"]}


def test_second_run_reads_only_edited_and_new_documents(fresh_drive):
    config = tap_config(fresh_drive)
    first = run_tap(config)
    assert first.returncode == 0, first.stderr[-3000:]
    before = _modified(fresh_drive.vendor("gdrive").truth())
    bookmark = first.state["bookmarks"]["postmortems"]["replication_key_value"]

    fresh_drive.advance(ANCHOR + timedelta(days=12))
    after = _modified(fresh_drive.vendor("gdrive").truth())
    edited = {i for i in before if i in after and after[i] != before[i]}
    new = set(after) - set(before)
    assert edited, "advance() must edit documents"
    assert new, "advance() must add postmortems"

    second = run_tap(config, state=first.state)
    assert second.returncode == 0, second.stderr[-3000:]
    got = {r["document_id"] for r in second.records["postmortems"]}
    mark = datetime.fromisoformat(bookmark)
    # Exactly what changed, plus documents last modified at the bookmark itself (>=).
    at_mark = {i for i, m in after.items() if datetime.fromisoformat(m) == mark}
    assert got == edited | new | at_mark
    assert len(got) < len(after)
    # Children travel with their document.
    assert {r["document_id"] for r in second.records["root_causes"]} <= got


def test_interrupted_run_resumes_without_losing_a_document(fresh_drive):
    config = tap_config(fresh_drive, max_retries=0)
    fresh_drive.set_faults(
        {
            "rules": [
                {"kind": "500", "path": "/google/drive/v3/files/", "after": 12, "times": 10_000}
            ]
        }
    )
    broken = run_tap(config)
    assert broken.returncode != 0
    assert broken.records.get("postmortems")
    fresh_drive.set_faults({"rules": []})
    resumed = run_tap(config, state=broken.state)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    expected = set(fresh_drive.vendor("gdrive").truth()["exports"])
    got = set(broken.ids("postmortems", "document_id")) | set(
        resumed.ids("postmortems", "document_id")
    )
    assert got == expected
    assert len(resumed.records["postmortems"]) < len(expected)
