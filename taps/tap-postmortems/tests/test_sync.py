"""A full sync: every document read, parsed as the corpus states it, nothing lost or undeclared."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from postmortems_harness import STREAMS
from pytest_reliability_sandbox.tap_runner import undeclared

CORE_FIELDS = (
    "incident_name",
    "incident_date",
    "time_of_first_trigger",
    "time_of_customer_detect",
    "time_of_internal_detect",
    "time_of_recovery",
    "time_of_reconcile",
    "time_of_rca",
    "number_of_impacted_customers",
    "number_of_failed_requests",
    "severity_level",
    "detection_method",
    "status",
    "authors",
    "pagerduty_incident_id",
    "statuspage_link",
)


def _norm(value):
    if isinstance(value, str) and value.endswith("+00:00"):
        return datetime.fromisoformat(value).isoformat().replace("+00:00", "Z")
    return value


def test_every_document_is_emitted_once_and_unreadable_ones_say_why(drive_sandbox, full_run):
    truth = drive_sandbox.vendor("gdrive").truth()
    records = full_run.records["postmortems"]
    ids = [r["document_id"] for r in records]
    assert len(ids) == len(set(ids))
    # Every non-trashed Google Doc, the oversize and malformed ones included; no PDF/sheet.
    assert set(ids) == set(truth["exports"])
    failed = {r["document_id"]: r for r in records if r["parse_status"] == "failed"}
    assert set(failed) == set(truth["malformed"])
    assert all(r["parse_error"] for r in failed.values())
    oversize = [d for d, html in truth["exports"].items() if html is None]
    assert len(oversize) == 1
    assert "exportSizeLimitExceeded" in failed[oversize[0]]["parse_error"]
    assert "too large" in failed[oversize[0]]["parse_error"]
    # A Markdown file uploaded to Drive as it is (by mimeType, not a Google Doc) is downloaded
    # and read: it is not a postmortem, and the record says so rather than failing to fetch.
    uploaded = [f["id"] for f in truth["files"] if f["mimeType"] == "text/markdown"]
    assert len(uploaded) == 1
    assert "no postmortem structure" in failed[uploaded[0]]["parse_error"]
    assert failed[uploaded[0]]["document_name"] == "Reliability sync notes.md"


def test_parsed_fields_match_what_the_documents_state(drive_sandbox, full_run):
    truth = drive_sandbox.vendor("gdrive").truth()["documents"]
    wrong = Counter()
    for record in full_run.records["postmortems"]:
        doc = truth.get(record["document_id"])
        if doc is None:
            continue
        for field in CORE_FIELDS:
            if _norm(record[field]) != doc["expected"][field]:
                wrong[
                    (doc["template"], field, str(record[field]), str(doc["expected"][field]))
                ] += 1
    assert not wrong, wrong.most_common(5)


def test_child_rows_match_the_documents(drive_sandbox, full_run):
    truth = drive_sandbox.vendor("gdrive").truth()["documents"]
    by_doc = {
        s: Counter(r["document_id"] for r in full_run.records.get(s, [])) for s in STREAMS[1:]
    }
    for doc_id, doc in truth.items():
        for stream in STREAMS[1:]:
            assert by_doc[stream][doc_id] == len(doc["children"][stream]), (stream, doc["template"])
    actions = {(r["document_id"], r["position"]): r for r in full_run.records["action_items"]}
    for doc_id, doc in truth.items():
        for i, item in enumerate(doc["children"]["action_items"]):
            got = actions[(doc_id, i)]
            assert (got["text"], got["owner"], got["due_date"], got["ticket"], got["status"]) == (
                item["text"],
                item["owner"],
                item["due_date"],
                item["ticket"],
                item["status"],
            )
    causes = {(r["document_id"], r["position"]): r["text"] for r in full_run.records["root_causes"]}
    for doc_id, doc in truth.items():
        assert [causes[(doc_id, i)] for i in range(len(doc["children"]["root_causes"]))] == doc[
            "children"
        ]["root_causes"]


def test_keys_are_unique_and_every_field_is_declared(full_run):
    for stream in STREAMS:
        records = full_run.records[stream]
        schema = full_run.schemas[stream]
        keys = schema["key_properties"]
        assert len({tuple(r[k] for k in keys) for r in records}) == len(records), stream
        for record in records:
            assert not undeclared(record, schema["schema"], stream)
    assert "not found in catalog schema" not in full_run.stderr


def test_pages_are_followed(drive_sandbox, full_run):
    # page_size=5 with more than five documents per folder: only complete paging finds all.
    stats = drive_sandbox.stats()["by_path"]
    assert stats.get("/google/drive/v3/files", 0) > 4


def test_parse_status_is_partial_exactly_when_a_core_fact_is_missing(drive_sandbox, full_run):
    truth = drive_sandbox.vendor("gdrive").truth()["documents"]
    core = (
        "incident_name",
        "incident_date",
        "time_of_first_trigger",
        "time_of_internal_detect",
        "time_of_recovery",
        "severity_level",
    )
    statuses = Counter()
    for record in full_run.records["postmortems"]:
        doc = truth.get(record["document_id"])
        if doc is None:
            continue
        missing = [f for f in core if doc["expected"][f] is None]
        assert record["parse_status"] == ("partial" if missing else "ok"), missing
        for field in missing:
            assert any(w.startswith(f"{field}:") for w in record["parse_warnings"])
        statuses[record["parse_status"]] += 1
    assert statuses["ok"]
    assert statuses["partial"]
