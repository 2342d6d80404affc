"""The Developer Survey without Google: a folder of Forms CSV exports through tap-survey-csv.

The tap (meltano/plugins/tap-survey-csv) is read here in-process for what it emits, and run
through Meltano into a copy of the loaded world (tests/conftest.py) for what lands and what
the marts make of it. The sample export (`tests/data` of the plugin) is fictional; its
expected outcomes are written out below by reading it. The sandbox's own sheet is exported as
Forms would export it, to check that a response both paths load counts once.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import json
import logging
import math
import os
import shutil
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from singer_sdk.mapper import PluginMapper

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "meltano/plugins/tap-survey-csv"
SAMPLE = PLUGIN / "tests/data/Developer Survey (Responses).csv"
ENVIRONMENTS = ROOT / "meltano/environments.meltano.yml"
SCALE = {1, 2, 3, 4, 5}


def _import(name: str) -> ModuleType:
    """A module of the tap, imported from its folder (it lives in Meltano's plugin venv)."""
    sys.path.insert(0, str(PLUGIN))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(PLUGIN))


def _records(folder: Path, **config: Any) -> list[dict[str, Any]]:
    """What the tap emits for `folder`, in-process."""
    tap_module = _import("tap_survey_csv.tap")
    tap = tap_module.TapSurveyCSV(config={"path": str(folder), **config}, parse_env_config=False)
    (stream,) = tap.discover_streams()
    return [r for context in stream.partitions for r in stream.get_records(context)]


# --- timestamps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "day_first", "expected"),
    [
        # Forms' "Download responses (.csv)": the owner's zone with its offset.
        ("2026/07/04 12:59:16 PM GMT+2", "UTC", False, datetime(2026, 7, 4, 10, 59, 16)),
        ("2026/07/04 12:05:00 AM GMT+2", "UTC", False, datetime(2026, 7, 3, 22, 5)),
        ("2026/01/15 9:30:00 PM GMT+5:30", "UTC", False, datetime(2026, 1, 15, 16, 0)),
        ("2026/01/15 9:30:00 AM GMT-5", "Europe/Berlin", False, datetime(2026, 1, 15, 14, 30)),
        ("2026/01/15 9:30:00 AM GMT", "Europe/Berlin", False, datetime(2026, 1, 15, 9, 30)),
        # A sheet downloaded as CSV: its wall-clock time, in the configured zone.
        ("7/4/2026 12:59:16", "Europe/Berlin", False, datetime(2026, 7, 4, 10, 59, 16)),
        ("04/07/2026 12:59:16", "Europe/Berlin", True, datetime(2026, 7, 4, 10, 59, 16)),
        # ISO 8601, with or without an offset.
        ("2026-07-04T12:59:16Z", "Europe/Berlin", False, datetime(2026, 7, 4, 12, 59, 16)),
        ("2026-07-04 12:59:16", "Europe/Berlin", False, datetime(2026, 7, 4, 10, 59, 16)),
        # Not a submission time: typed over by hand, a date alone, nothing.
        ("2026-07-10 around lunch", "UTC", False, None),
        ("2026-04-10", "UTC", False, None),
        ("", "UTC", False, None),
        ("2026/13/40 9:30:00 AM GMT+2", "UTC", False, None),
    ],
)
def test_timestamps_as_forms_and_sheets_write_them(
    text: str, zone: str, day_first: bool, expected: datetime | None
) -> None:
    parse = _import("tap_survey_csv.timestamps").parse_submitted_at
    assert parse(text, zone, day_first=day_first) == expected


# --- the tap ------------------------------------------------------------------------------------


def test_every_exported_response_is_one_record_with_its_answers_as_written(tmp_path):
    shutil.copy(SAMPLE, tmp_path)
    records = _records(tmp_path)
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(records) == len(rows) == 12
    for record, row in zip(records, rows, strict=True):
        assert {h: record[h] for h in row} == row  # header names and cells as exported
    first = records[0]
    assert first["submitted_at"] == "2026-07-06T07:14:03+00:00"  # 9:14:03 AM GMT+2
    assert first["file_row"] == 2
    assert (
        first["response_key"]
        == hashlib.sha256(b"2026-07-06T07:14:03+00:00\x1fmira.okafor@example.org").hexdigest()
    )
    # A free-text answer over two lines stays one cell; a typed-over timestamp is kept as text.
    assert "\n" in records[4]["What one change would most improve reliability for your team?"]
    assert records[9]["Timestamp"] == "2026-07-10 around lunch"
    assert records[9]["submitted_at"] is None
    assert len({r["response_key"] for r in records}) == 12


def test_a_re_export_and_a_zip_repeat_keys_never_rows(tmp_path):
    # Each export holds every response to date: a later one repeats the earlier ones (here
    # with a new response and the same e-mail in another case), and Forms downloads a .zip.
    shutil.copy(SAMPLE, tmp_path / "responses-april.csv")
    later = SAMPLE.read_text(encoding="utf-8").replace(
        "mira.okafor@example.org", "Mira.Okafor@example.org"
    )
    later += (
        '"2026/07/20 10:00:00 AM GMT+2","zoe.quartey@example.org","Payments","4","4","4","4",""\n'
    )
    with zipfile.ZipFile(tmp_path / "Developer Survey (Responses).csv.zip", "w") as archive:
        archive.writestr("Developer Survey (Responses).csv", later)
    records = _records(tmp_path)
    assert len(records) == 12 + 13
    keys = {r["response_key"] for r in records}
    assert len(keys) == 13  # the target upserts on the key: 13 rows
    assert {r["_sdc_path"].lstrip("./") for r in records} == {
        "responses-april.csv",
        "Developer Survey (Responses).csv.zip",
    }


def test_a_file_unchanged_since_the_last_run_is_not_read_again(tmp_path, capsys):
    # The bookmark is each file's modification time (the SDK's file stream, per file): the
    # next run reads a new or re-exported file, not the ones it has read.
    shutil.copy(SAMPLE, tmp_path / "old.csv")
    shutil.copy(SAMPLE, tmp_path / "new.csv")
    os.utime(tmp_path / "old.csv", (1_700_000_000, 1_700_000_000))
    os.utime(tmp_path / "new.csv", (1_800_000_000, 1_800_000_000))
    read_at = datetime.fromtimestamp(1_750_000_000, tz=UTC).isoformat()
    state = {
        "bookmarks": {
            "responses": {
                "partitions": [
                    {
                        "context": {"_sdc_path": path},
                        "replication_key": "_sdc_modified_at",
                        "replication_key_value": read_at,
                    }
                    for path in ("./old.csv", "./new.csv")
                ]
            }
        }
    }
    tap_module = _import("tap_survey_csv.tap")
    tap = tap_module.TapSurveyCSV(
        config={"path": str(tmp_path)}, state=state, parse_env_config=False
    )
    tap.sync_all()  # as Meltano runs it, with the state it saved
    messages = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    records = [m["record"] for m in messages if m["type"] == "RECORD"]
    assert {r["_sdc_path"] for r in records} == {"./new.csv"}
    assert len(records) == 12


def test_anonymous_responses_are_told_apart_by_their_answers(tmp_path):
    (tmp_path / "anonymous.csv").write_text(
        '"Timestamp","Which team are you on?","Q1"\n'
        '"2026/04/06 9:14:03 AM GMT+2","Platform","4"\n'
        '"2026/04/06 9:14:03 AM GMT+2","Payments","4"\n'
        '"2026/04/06 9:14:03 AM GMT+2","Payments","4"\n',
        encoding="utf-8",
    )
    keys = [r["response_key"] for r in _records(tmp_path)]
    # Two answers in one second differ by team; identical ones are indistinguishable (one).
    assert keys[0] != keys[1]
    assert keys[1] == keys[2]


def test_an_empty_folder_is_no_records_and_a_missing_one_an_error(tmp_path):
    assert _records(tmp_path) == []
    with pytest.raises(ValueError, match="does not exist"):
        _records(tmp_path / "nowhere")


def test_a_header_named_like_a_column_the_tap_adds_stops_with_a_message(tmp_path):
    (tmp_path / "x.csv").write_text('"Timestamp","response_key"\n"a","b"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="rename it"):
        _records(tmp_path)


def test_prod_and_privacy_pseudonymise_the_email_and_key_and_drop_opted_out_people(tmp_path):
    environments = yaml.safe_load(ENVIRONMENTS.read_text())["environments"]

    def config(environment: str) -> dict[str, Any]:
        env = next(e for e in environments if e["name"] == environment)
        extractors = env["config"]["plugins"]["extractors"]
        return next(e["config"] for e in extractors if e["name"] == "tap-survey-csv")

    prod = config("prod")
    assert config("privacy")["stream_maps"] == prod["stream_maps"]
    key = "k" * 40
    mapper = PluginMapper(
        plugin_config={
            "stream_maps": prod["stream_maps"],
            "stream_map_config": {"pseudonym_key": key, "opt_out": "kenji.oyelaran@example.org"},
        },
        logger=logging.getLogger("test_survey_csv"),
    )
    shutil.copy(SAMPLE, tmp_path)
    tap_module = _import("tap_survey_csv.tap")
    tap = tap_module.TapSurveyCSV(config={"path": str(tmp_path)}, parse_env_config=False)
    (stream,) = tap.discover_streams()
    mapper.register_raw_stream_schema("responses", stream.schema, stream.primary_keys)
    records = _records(tmp_path)
    out = [m.transform(r) for r in records for m in mapper.stream_maps["responses"]]
    kept = [o for o in out if o is not None]
    assert len(kept) == 11  # kenji opted out
    emails = {r["Email Address"] for r in kept}
    assert not any("@" in e for e in emails)
    mira = hashlib.sha256((key + "mira.okafor@example.org").encode()).hexdigest()
    assert mira in emails
    assert all(
        o["response_key"] == hashlib.sha256((key + r["response_key"]).encode()).hexdigest()
        for o, r in zip(out, records, strict=True)
        if o is not None
    )


# --- end to end: Meltano, target-postgres, dbt ------------------------------------------------


def _forms_export(served: dict[str, Any]) -> str:
    """The sandbox's sheet as Forms' "Download responses (.csv)" writes it: the responses
    Forms holds (rows edited by hand in the sheet are the sheet's, not the form's: left out),
    times in the form's zone with their offset."""
    zone = ZoneInfo(served["time_zone"])
    lines = [served["headers"]]
    for row in served["rows"]:
        if not isinstance(row[0], float) or any(v is not None and v not in SCALE for v in row[3:7]):
            continue
        # The instant the tap reads from the serial number: whole seconds, wall-clock time.
        wall = datetime(1970, 1, 1) + timedelta(seconds=math.floor((row[0] - 25569) * 86400))
        hours = int((zone.utcoffset(wall) or timedelta()).total_seconds() // 3600)
        stamp = f"{wall:%Y/%m/%d} {(wall.hour % 12) or 12}:{wall:%M:%S} {wall:%p} GMT{hours:+d}"
        lines.append([stamp, *("" if v is None else str(v) for v in row[1:])])
    out = [",".join('"' + str(cell).replace('"', '""') + '"' for cell in line) for line in lines]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def loaded(world, tmp_path_factory):
    """A copy of the loaded world (the sheet included) plus a folder of exports: the sample,
    a second copy of it (a re-export), and the sandbox's sheet as Forms exports it."""
    folder = tmp_path_factory.mktemp("survey-exports")
    shutil.copy(SAMPLE, folder)
    shutil.copy(SAMPLE, folder / "Developer Survey (Responses) (1).csv")
    served = world.sandbox.vendor("gsheets").truth()
    (folder / "sheet-as-forms-export.csv").write_text(_forms_export(served), encoding="utf-8")
    with world.copy(tmp_path_factory.mktemp("survey-csv")) as copy:
        env = {**copy.project.env, "TAP_SURVEY_CSV_PATH": str(folder)}
        copy.project.meltano("run", "tap-survey-csv", "target-postgres", env=env)
        copy.project.meltano(
            "invoke",
            "dbt-postgres",
            "build",
            *("--select", "stg_survey__responses", "team_survey_vs_measured"),
            *("survey_response_quality",),
            env=env,
            timeout=900,
        )
        yield copy, served


@pytest.mark.e2e
@pytest.mark.xdist_group("world")
def test_re_exports_land_once(loaded):
    copy, served = loaded
    exported = _forms_export(served).count("\n") - 1
    assert copy.db.scalar("select count(*) from raw_survey.responses") == 12 + exported


@pytest.mark.e2e
@pytest.mark.xdist_group("world")
def test_staging_reads_both_paths_and_a_response_in_both_counts_once(loaded):
    copy, served = loaded
    by_source = dict(
        copy.db.query(
            "select source_system, count(*) from staging.stg_survey__responses group by 1"
        )
    )
    # Every sheet row once (the sheet's copy), plus the sample's 12: the sheet's responses in
    # the Forms export merged into their sheet rows.
    assert by_source == {"google_sheets": len(served["rows"]), "csv_export": 12}
    flagged = dict(
        copy.db.query(
            "select sheet_row, data_quality_issue from staging.stg_survey__responses "
            "where source_system = 'csv_export' and data_quality_issue is not null"
        )
    )
    assert flagged == {
        7: "invalid_deploy_safety_score",  # 'N/A'
        10: "missing_team",
        11: "unparseable_timestamp",  # '2026-07-10 around lunch'
        12: "invalid_oncall_sustainability_score",  # 7
    }


@pytest.mark.e2e
@pytest.mark.xdist_group("world")
def test_the_marts_see_the_csv_survey(loaded):
    copy, _ = loaded
    rows = copy.db.query(
        "select team_key, respondents, confidence_on_call_answers, confidence_on_call_score, "
        "confidence_on_call_favourable_share, incident_process_answers, incident_process_score "
        "from reliability.team_survey_vs_measured where survey_period_start = '2026-07-01' "
        "order by team_key"
    )
    # Usable answers of catalogue teams in the sample (read off the file): platform = tomas,
    # mira's second answer, kenji; payments = yuki, amara (who skipped the process question);
    # storefront = felix. ines ('N/A'), noor (7), lena (no team), pedro (no time) are flagged,
    # oskar's "Search & Discovery" is no catalogue team.
    assert rows == [
        ("payments", 2, 2, Decimal("2.50"), Decimal("0.000"), 1, Decimal("2.00")),
        ("platform", 3, 3, Decimal("3.33"), Decimal("0.333"), 3, Decimal("3.00")),
        ("storefront", 1, 1, Decimal("5.00"), Decimal("1.000"), 1, Decimal("4.00")),
    ]
    quality = dict(
        copy.db.query(
            "select outcome, responses from reliability.survey_response_quality "
            "where survey_period_start = '2026-07-01'"
        )
    )
    assert quality == {
        "used": 6,
        "resubmitted": 1,
        "unknown_team": 1,
        "missing_team": 1,
        "invalid_deploy_safety_score": 1,
        "invalid_oncall_sustainability_score": 1,
    }
