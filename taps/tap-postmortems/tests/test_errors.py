"""Drive's failure modes: waited out when transient, explained when not."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest
from postmortems_harness import run_tap, tap_config

LIST = "/google/drive/v3/files"


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "429", "times": 2, "reset": 1},
        {"kind": "500", "times": 2},
        {"kind": "503", "times": 2},
        {"kind": "malformed_json", "times": 2},
        {"kind": "drop", "times": 2},
    ],
    ids=lambda r: r["kind"],
)
def test_transient_faults_are_retried_and_nothing_is_lost(fresh_drive, rule):
    expected = set(fresh_drive.vendor("gdrive").truth()["exports"])
    fresh_drive.set_faults({"rules": [{**rule, "path": LIST}]})
    run = run_tap(tap_config(fresh_drive), streams=["postmortems"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(run.ids("postmortems", "document_id")) == expected
    assert fresh_drive.faults()["rules"][0]["fired"] == rule["times"]


def test_endless_rate_limiting_fails_within_the_retry_budget(fresh_drive):
    fresh_drive.set_faults({"rules": [{"kind": "429", "path": LIST, "times": 10_000, "reset": 1}]})
    run = run_tap(tap_config(fresh_drive, max_retries=2), streams=["postmortems"], timeout=60)
    assert run.returncode != 0
    assert "429" in run.stderr
    assert "userRateLimitExceeded" in run.stderr
    assert not run.records.get("postmortems")


def test_wrong_refresh_token_names_the_settings(drive_sandbox):
    run = run_tap(tap_config(drive_sandbox, refresh_token="revoked"), streams=["postmortems"])
    assert run.returncode != 0
    assert "invalid_grant" in run.stderr
    assert "TAP_POSTMORTEMS_REFRESH_TOKEN" in run.stderr


def test_unknown_folder_names_the_setting(drive_sandbox):
    # Drive lists nothing under an unknown parent: without a check this would look empty.
    config = tap_config(drive_sandbox, folder_ids=["1doesNotExist"])
    run = run_tap(config, streams=["postmortems"])
    assert run.returncode != 0
    assert "Folder '1doesNotExist' from `folder_ids` was not found" in run.stderr
    assert not run.records.get("postmortems")


def test_a_document_id_in_folder_ids_is_refused(drive_sandbox):
    doc = next(iter(drive_sandbox.vendor("gdrive").truth()["documents"]))
    run = run_tap(tap_config(drive_sandbox, folder_ids=[doc]), streams=["postmortems"])
    assert run.returncode != 0
    assert "is not a folder but application/vnd.google-apps.document" in run.stderr


def test_missing_credentials_are_a_clear_configuration_error(drive_sandbox):
    config = tap_config(drive_sandbox)
    del config["refresh_token"]
    run = run_tap(config, streams=["postmortems"])
    assert run.returncode != 0
    assert "missing: refresh_token" in run.stderr


def test_bad_timezone_is_a_clear_configuration_error(drive_sandbox):
    run = run_tap(tap_config(drive_sandbox, default_timezone="Mars/Olympus"))
    assert run.returncode != 0
    assert "default_timezone" in run.stderr


def test_local_folder_source(tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "pm.md").write_text(
        "# Checkout outage\n\nSeverity: SEV-2\n\n## Root causes\n- A bad deploy.\n"
    )
    (tmp_path / "broken.html").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "notes.txt").write_text("just a note")
    (tmp_path / "2022-06-02 db outage").write_text(  # saved without an extension
        "# DB outage\n\nSeverity: SEV-3\n\n## Root cause\n- Disk full.\n"
    )
    (tmp_path / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    run = run_tap({"local_path": str(tmp_path)})
    assert run.returncode == 0, run.stderr[-2000:]
    records = {r["document_id"]: r for r in run.records["postmortems"]}
    # Recognised by content: the extensionless file is read, the picture is named as skipped.
    assert set(records) == {"team/pm.md", "broken.html", "notes.txt", "2022-06-02 db outage"}
    assert records["2022-06-02 db outage"]["incident_name"] == "DB outage"
    assert records["2022-06-02 db outage"]["incident_date"] == "2022-06-02"
    assert records["notes.txt"]["parse_status"] == "failed"
    assert "1 file(s) under local_path are not text documents" in run.stderr
    assert "diagram.png" in run.stderr
    assert records["team/pm.md"]["incident_name"] == "Checkout outage"
    assert records["team/pm.md"]["severity_level"] == "SEV2"
    assert records["broken.html"]["parse_status"] == "failed"
    assert "UTF-8" in records["broken.html"]["parse_error"]
    assert {
        "document_id": "team/pm.md",
        "position": 0,
        "modified_time": records["team/pm.md"]["modified_time"],
        "text": "A bad deploy.",
    } in run.records["root_causes"]
    assert len(run.records["root_causes"]) == 2


def test_documents_modified_after_the_listing_began_wait_for_the_next_run(tmp_path):
    (tmp_path / "old.md").write_text("# Old outage\n\n## Root causes\n- A.\n")
    future = tmp_path / "future.md"
    future.write_text("# Being edited\n\n## Root causes\n- B.\n")
    later = time.time() + 3600
    os.utime(future, (later, later))
    run = run_tap({"local_path": str(tmp_path)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.ids("postmortems", "document_id") == ["old.md"]
    assert "left for the next sync" in run.stderr
    bookmark = run.state["bookmarks"]["postmortems"]["replication_key_value"]
    # The bookmark stays before the deferred document, so the next run reads it.
    assert datetime.fromisoformat(bookmark) < datetime.fromtimestamp(later, UTC)
    os.utime(future, None)
    second = run_tap({"local_path": str(tmp_path)}, state=run.state)
    assert "future.md" in second.ids("postmortems", "document_id")


def test_a_file_copied_in_with_an_old_modification_time_is_still_read(tmp_path):
    (tmp_path / "first.md").write_text("# First outage\n\n## Root causes\n- A.\n")
    run = run_tap({"local_path": str(tmp_path)})
    assert run.ids("postmortems", "document_id") == ["first.md"]
    time.sleep(0.05)
    # `cp -p` keeps the source's modification time (last year); the copy happens now.
    copied = tmp_path / "copied.md"
    copied.write_text("# Copied outage\n\n## Root causes\n- B.\n")
    last_year = time.time() - 365 * 86400
    os.utime(copied, (last_year, last_year))
    second = run_tap({"local_path": str(tmp_path)}, state=run.state)
    assert "copied.md" in second.ids("postmortems", "document_id")


def test_a_document_over_max_document_mb_is_a_failed_record_not_a_parse(tmp_path):
    (tmp_path / "small.md").write_text("# Small outage\n\n## Root causes\n- A.\n")
    (tmp_path / "dump.md").write_text("# Log dump\n\n" + "x" * 300_000)
    run = run_tap({"local_path": str(tmp_path), "max_document_mb": 0.2})
    assert run.returncode == 0, run.stderr[-2000:]
    records = {r["document_id"]: r for r in run.records["postmortems"]}
    assert records["dump.md"]["parse_status"] == "failed"
    assert "over max_document_mb (0.2); raise the setting" in records["dump.md"]["parse_error"]
    assert records["small.md"]["parse_status"] != "failed"
