"""Accuracy and speed of tap-postmortems over the sandbox's generated postmortem corpus.

Usage (from the project root):

    .venv/bin/python bench/postmortems.py --real-only           # real postmortems only
    .venv/bin/python bench/postmortems.py --real-only --sealed  # and the sealed part
    .venv/bin/python bench/postmortems.py            # demo world (~150 postmortems)
    .venv/bin/python bench/postmortems.py --quick    # test world, a smoke run
    .venv/bin/python bench/postmortems.py --preset bench

Four parts, printed (never asserted):

0. Field-level accuracy on the real-postmortem corpus (``taps/tap-postmortems/tests/corpus``:
   public postmortems from several organisations, expected values read by people), per
   field and per style; the sealed part only with ``--sealed`` (``postmortems_real.py``).
1. Field-level accuracy: the tap runs as a process against the sandbox's Drive; every
   parsed field of every postmortem is compared with the value its document states (the
   sandbox's ``truth()``), per field and per template. Child streams are compared by row
   count per document and, for action items and root causes, row by row.
2. Speed of the whole tap (list, export, parse, emit): documents/s and records/s.
3. Speed of the parser alone over the exported HTML, in this process: documents/s.

JSON goes to output/bench/postmortems-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
FIELDS = (
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
    "summary",
    "impact",
    "trigger",
    "statuspage_link",
    "pagerduty_incident_id",
    "datadog_incident_id",
)
CHILDREN = ("affected_products", "root_causes", "timeline_events", "action_items")


def log(msg: str) -> None:
    """Progress on stderr."""
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def norm(value: Any) -> Any:  # noqa: ANN401
    """Date-times in one spelling (UTC, `Z`), so tap output and truth compare."""
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value).astimezone(UTC).isoformat().replace("+00:00", "Z")
        except ValueError:
            return value
    return value


def run_tap(config: dict[str, Any]) -> tuple[dict[str, list[dict[str, Any]]], float]:
    """Run the tap as a process; return its records per stream and the wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.json"
        path.write_text(json.dumps(config))
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "tap_postmortems", "--config", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        log(proc.stderr[-2000:])
        sys.exit(1)
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        if message["type"] == "RECORD":
            records[message["stream"]].append(message["record"])
    return records, elapsed


def accuracy(truth: dict[str, Any], records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:  # noqa: C901
    """Per field and template: (right, total); child rows: documents whose rows all match."""
    by_id = {r["document_id"]: r for r in records["postmortems"]}
    fields: dict[str, Counter[str]] = defaultdict(Counter)
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[tuple[str, str, Any, Any]] = []
    for doc_id, doc in truth["documents"].items():
        template = doc["template"]
        record = by_id.get(doc_id, {})
        for field in FIELDS:
            expected = doc["expected"].get(field)
            got = norm(record.get(field))
            totals[field][template] += 1
            if got == expected or (field == "authors" and (got or []) == (expected or [])):
                fields[field][template] += 1
            elif len(misses) < 20:
                misses.append((template, field, expected, got))
    child_ok: Counter[str] = Counter()
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {s: defaultdict(list) for s in CHILDREN}
    for stream in CHILDREN:
        for r in records.get(stream, []):
            rows[stream][r["document_id"]].append(r)
    for doc_id, doc in truth["documents"].items():
        for stream in CHILDREN:
            got = sorted(rows[stream][doc_id], key=lambda r: r["position"])
            expected = doc["children"][stream]
            same = len(got) == len(expected)
            if same and stream == "root_causes":
                same = [r["text"] for r in got] == expected
            if same and stream == "action_items":
                same = all(
                    (g["text"], g["owner"], g["due_date"], g["ticket"], g["status"])
                    == (e["text"], e["owner"], e["due_date"], e["ticket"], e["status"])
                    for g, e in zip(got, expected, strict=True)
                )
            if same and stream == "timeline_events":
                same = [norm(g["occurred_at"]) for g in got] == [e[0] for e in expected]
            child_ok[stream] += same
    return {
        "fields": {f: dict(fields[f]) for f in FIELDS},
        "totals": {f: dict(totals[f]) for f in FIELDS},
        "children": dict(child_ok),
        "documents": len(truth["documents"]),
        "misses": misses,
    }


def main() -> None:  # noqa: PLR0915 - one report, four parts
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--preset", default="demo", choices=["test", "demo", "bench"])
    parser.add_argument("--quick", action="store_true", help="the test world")
    parser.add_argument("--real-only", action="store_true", help="only the real corpus")
    parser.add_argument("--sealed", action="store_true", help="score the sealed real part too")
    args = parser.parse_args()
    from postmortems_real import report  # noqa: PLC0415 - beside this script

    report(sealed=args.sealed)
    if args.real_only:
        return
    preset = "test" if args.quick else args.preset
    sys.path.insert(0, str(ROOT / "sandbox"))
    from reliability_sandbox import OrgConfig, Sandbox  # noqa: PLC0415
    from reliability_sandbox.vendors.google import (  # noqa: PLC0415
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        DEFAULT_REFRESH_TOKEN,
    )
    from tap_postmortems.document import from_html  # noqa: PLC0415
    from tap_postmortems.parser import ParseOptions, parse_document  # noqa: PLC0415

    log(f"world: {preset}")
    with Sandbox(OrgConfig.preset(preset, anchor=ANCHOR)) as sb:
        truth = sb.vendor("gdrive").truth()
        config = {
            "folder_ids": truth["folder_ids"],
            "client_id": DEFAULT_CLIENT_ID,
            "client_secret": DEFAULT_CLIENT_SECRET,
            "refresh_token": DEFAULT_REFRESH_TOKEN,
            "api_url": f"{sb.vendor('gdrive').url}/",
            "token_uri": f"{sb.vendor('gdrive').url}/token",
        }
        records, elapsed = run_tap(config)
        requests = sb.stats()["requests"]
    report = accuracy(truth, records)
    documents = len(records["postmortems"])
    total_records = sum(len(v) for v in records.values())

    exports = [html for html in truth["exports"].values() if html]
    options = ParseOptions()
    started = time.perf_counter()
    for html in exports:
        parse_document(from_html(html), options)
    parse_elapsed = time.perf_counter() - started

    templates = sorted({d["template"] for d in truth["documents"].values()})
    print(f"\n## Field accuracy over {report['documents']} postmortems ({preset} world)\n")
    print("| field | " + " | ".join(templates) + " | all |")
    print("|---" * (len(templates) + 2) + "|")
    for field in FIELDS:
        right, total = report["fields"][field], report["totals"][field]
        cells = [f"{right.get(t, 0)}/{total.get(t, 0)}" for t in templates]
        pct = 100 * sum(right.values()) / max(1, sum(total.values()))
        print(f"| {field} | " + " | ".join(cells) + f" | {pct:.1f}% |")
    print("\n| child stream | documents with every row right |")
    print("|---|---|")
    for stream in CHILDREN:
        print(f"| {stream} | {report['children'].get(stream, 0)}/{report['documents']} |")
    if report["misses"]:
        print("\nFirst misses (template, field, expected, parsed):")
        for miss in report["misses"]:
            print("  ", miss)
    print("\n## Speed\n")
    print(
        f"tap, end to end: {documents} documents, {total_records} records in {elapsed:.2f} s "
        f"= {documents / elapsed:.1f} documents/s, {total_records / elapsed:.0f} records/s "
        f"({requests} requests)"
    )
    print(
        f"parser alone: {len(exports)} documents in {parse_elapsed:.2f} s = "
        f"{len(exports) / parse_elapsed:.1f} documents/s"
    )
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"postmortems-{stamp}.json").write_text(
        json.dumps(
            {
                "preset": preset,
                "accuracy": {k: v for k, v in report.items() if k != "misses"},
                "documents": documents,
                "records": total_records,
                "seconds": elapsed,
                "requests": requests,
                "parser_documents_per_s": len(exports) / parse_elapsed,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
