"""Privacy of the Developer Survey's Sheets path: the mapper between tap and target.

singer-io's tap-google-sheets is not a Singer SDK tap and cannot apply stream maps, so with
privacy on the `survey-el` job runs Meltano's SDK map transformer (`survey-privacy`,
meltano/mappers.meltano.yml) between it and target-postgres, with the environment's maps
(meltano/environments.meltano.yml, prod and privacy). Checked on the sandbox's sheet, with
expectations computed here from what the sandbox served and the rule of docs/privacy.md
(`sha256(key + value.strip().lower())`):

- every respondent's e-mail lands as exactly that pseudonym, and no served address, nor any
  `@`-shaped value, is anywhere in the raw survey schema;
- an opted-out respondent's answers are not loaded;
- the free-text answer is scrubbed by the runtime's `scrub_text`, which the mapper's launcher
  (meltano/plugins/map-transform-scrub) registers: the sandbox's answers (no personal data)
  land as served, and a known address, phone number and IP in an answer do not leave the maps;
- without the key the run fails and loads nothing;
- in dev/ci the same job passes the sheet through unchanged (no maps there).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
import yaml
from singer_sdk.mapper import PluginMapper

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
MAPPER = "meltano-map-transformer"
KEY = "survey-privacy-test-key-0123456789abcdef"  # 40 characters; a test value, not a secret
TABLE = 'raw_survey."Form Responses 1"'
SUGGESTION = "What one change would most improve reliability for your team?"


def _served_emails(sandbox) -> list[str]:
    truth = sandbox.vendor("gsheets").truth()
    return [row[1] for row in truth["rows"]]


def _served_suggestions(sandbox, without: str) -> list[str]:
    """The non-empty free-text answers served, but the respondent `without`'s."""
    truth = sandbox.vendor("gsheets").truth()
    column = truth["headers"].index(SUGGESTION)
    return [
        row[column]
        for row in truth["rows"]
        if len(row) > column and row[column] and row[1].strip().lower() != without.lower()
    ]


def _pseudonym(value: str) -> str:
    return hashlib.sha256((KEY + value.strip().lower()).encode()).hexdigest()


def _text_values(database, schema: str) -> list[str]:
    """Every text value of every table in `schema` (the whole raw survey)."""
    with psycopg.connect(database.url) as conn:
        columns = conn.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = %s and data_type in ('text', 'character varying', 'jsonb')",
            (schema,),
        ).fetchall()
        values: list[str] = []
        for table, column in columns:
            rows = conn.execute(
                f'select "{column}"::text from {schema}."{table}" where "{column}" is not null'
            ).fetchall()
            values += [row[0] for row in rows]
    return values


@pytest.fixture(scope="module")
def survey_db(private_project):
    return private_project


def test_without_the_key_the_run_fails_and_loads_nothing(survey_db):
    project, database = survey_db
    env = {k: v for k, v in project.env.items() if k != "PRIVACY_PSEUDONYM_KEY"}
    run = project.meltano("run", "survey-el", environment="privacy", env=env, check=False)
    assert run.returncode != 0
    assert "PRIVACY_PSEUDONYM_KEY is unset or shorter than 32 characters" in (
        run.stdout + run.stderr
    )
    exists = database.scalar("select to_regclass('raw_survey.\"Form Responses 1\"') is not null")
    assert not exists or database.scalar(f"select count(*) from {TABLE}") == 0


def test_survey_emails_land_pseudonymised_and_opted_out_people_not_at_all(survey_db, sandbox):
    project, database = survey_db
    served = _served_emails(sandbox)
    opted_out = served[0]
    env = {
        **project.env,
        "PRIVACY_PSEUDONYM_KEY": KEY,
        # Listed in another case, with spaces: compared trimmed and case-insensitively.
        "PRIVACY_OPT_OUT": f"someone@example.com, {opted_out.upper()} ",
    }
    project.meltano("run", "survey-el", environment="privacy", env=env, timeout=600)

    landed = [row[0] for row in database.query(f'select "Email Address" from {TABLE}')]
    kept = [e for e in served if e.strip().lower() != opted_out.strip().lower()]
    assert sorted(landed) == sorted(_pseudonym(e) for e in kept)
    assert len(kept) < len(served)

    # The free text went through scrub_text in the mapper's process (a mapper without it fails
    # the run) and, holding nothing personal, is as served.
    suggestions = database.query(f'select "{SUGGESTION}" from {TABLE} where "{SUGGESTION}" <> \'\'')
    assert sorted(r[0] for r in suggestions) == sorted(_served_suggestions(sandbox, opted_out))
    assert suggestions

    values = _text_values(database, "raw_survey")
    clear = {e.strip().lower() for e in served}
    assert not [v for v in values if v.strip().lower() in clear]
    assert not [v for v in values if "@" in v and "." in v.split("@")[-1]]


def test_without_privacy_the_same_job_passes_the_sheet_through(survey_db, sandbox, tmp_path):
    project, database = survey_db
    # A database of its own: the raw survey of the tests above stays as they left it.
    name = f"{database.database}_plain"
    with psycopg.connect(replace(database, database="postgres").url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    plain = replace(database, database=name)
    password = f":{plain.password}" if plain.password else ""
    env = {
        **project.env,
        "MELTANO_DATABASE_URI": f"sqlite:///{tmp_path / 'meltano.db'}",
        "TARGET_POSTGRES_SQLALCHEMY_URL": (
            f"postgresql+psycopg://{plain.user}{password}@{plain.host}:{plain.port}/{name}"
        ),
    }
    project.meltano("run", "survey-el", environment="ci", env=env, timeout=600)
    landed = [row[0] for row in plain.query(f'select "Email Address" from {TABLE}')]
    assert sorted(landed) == sorted(_served_emails(sandbox))


@pytest.mark.parametrize(
    ("kind", "plugin", "stream"),
    [
        ("mappers", MAPPER, "Form Responses 1"),  # the Sheets path
        ("extractors", "tap-survey-csv", "responses"),  # the CSV path
    ],
)
def test_a_personal_detail_in_the_free_text_answer_does_not_leave_the_maps(
    kind: str, plugin: str, stream: str
) -> None:
    # prod's survey maps through the SDK's mapper, with the runtime's scrub_text registered
    # (as the mapper's launcher and the CSV tap do): an address, a phone number and an IP in
    # an answer.
    import reliability_tap_runtime  # noqa: F401, PLC0415 - registers scrub_text with the SDK

    environments = yaml.safe_load((ROOT / "meltano/environments.meltano.yml").read_text())
    prod = next(e for e in environments["environments"] if e["name"] == "prod")
    config = next(p["config"] for p in prod["config"]["plugins"][kind] if p["name"] == plugin)
    mapper = PluginMapper(
        plugin_config={
            "stream_maps": config["stream_maps"],
            "stream_map_config": {"pseudonym_key": KEY, "opt_out": ""},
        },
        logger=logging.getLogger("test_privacy_survey"),
    )
    columns = ("response_key", "Email Address", "Which team are you on?", SUGGESTION)
    schema = {"type": "object", "properties": {c: {"type": ["string", "null"]} for c in columns}}
    mapper.register_raw_stream_schema(stream, schema, [])
    email = "Jane.Doe@Example.com"
    answer = f"Ask {email} (+1 415 555 0134) why 203.0.113.7 is blocked"
    record = {"response_key": "r1", "Email Address": "x@example.com"}
    record |= {"Which team are you on?": "Payments", SUGGESTION: answer}
    (out,) = [m.transform(record) for m in mapper.stream_maps[stream]]
    assert out[SUGGESTION] == f"Ask {_pseudonym(email)} ([phone]) why [ip] is blocked"
    assert out["Which team are you on?"] == "Payments"
