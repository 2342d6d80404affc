"""Every dbt column that carries a personal source field says so in its `meta`.

The personal fields are the privacy spec's (meltano/privacy.yml): every field privacy on
pseudonymises, drops or scrubs. A staging model (`stg_<source>__<stream>.sql`) carries one when
a column of its select reads the field — directly (`email`, `name as user_name`) or, for an
object, one of its personal keys (`{{ json_text('agent', 'summary') }} as agent_name`; the
agent's `id` is not personal). Such a column, and every column of the same name in an
intermediate, mart or compat model that refs that staging model, must have
`config: meta: {personal: true, treatment: <pseudonymised|dropped|scrubbed>}` in its yml —
so `dbt parse` and the manifest list every personal column with its treatment
(docs/privacy.md, "dbt").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "meltano" / "privacy.yml"
MODELS = ROOT / "transform" / "models"
#: The spec's maps by the dbt source they load.
SOURCES = {
    "pagerduty": "pagerduty",
    "sentry": "sentry",
    "datadog": "datadog",
    "github": "github",
    "postmortems": "postmortems",
    "survey_csv": "survey",
}
TREATMENT = {"pseudonymise": "pseudonymised", "drop": "dropped", "scrub": "scrubbed"}
PERSON_KEYS = {"email", "username", "handle", "name", "summary", "login", "display_name"}
PERSON_KEYS |= {"avatarUrl", "avatar", "address", "from", "to", "body", "author", "assigneeEmail"}
#: The keys of an object a shape treats (None: the whole value).
SHAPE_KEYS: dict[str, set[str] | None] = {
    "user_ref": {"summary"},
    "user_refs": {"summary"},
    "person": {"email", "username", "handle", "name", "avatarUrl", "avatar", "image_48_px"},
    "expression": PERSON_KEYS,
}


def _personal_fields() -> dict[tuple[str, str], dict[str, tuple[str, set[str] | None]]]:
    """(source, stream) -> field -> (dbt treatment, personal keys of an object or None)."""
    spec = yaml.safe_load(SPEC.read_text())
    fields: dict[tuple[str, str], dict[str, tuple[str, set[str] | None]]] = {}
    for name, block in spec["maps"].items():
        if name not in SOURCES:
            continue
        for stream, entry in block["streams"].items():
            for field, rule in entry.get("fields", {}).items():
                if rule["treatment"] not in TREATMENT:
                    continue
                keys = set(rule["keys"]) if rule["how"] == "without_keys" else None
                keys = SHAPE_KEYS.get(rule["how"], keys)
                fields.setdefault((SOURCES[name], stream), {})[field] = (
                    TREATMENT[rule["treatment"]],
                    keys,
                )
    return fields


_ALIAS = re.compile(r"\bas\s+\"?(\w+)\"?\s*,?\s*$")


def _carried(sql: str, field: str, keys: set[str] | None) -> set[str]:
    """The columns of a staging select that read `field` (or one of its personal `keys`)."""
    quoted = rf"(?:adapter\.quote\()?'{re.escape(field)}'\)?"
    json_key = re.compile(rf"\w+\(\s*{quoted}\s*,\s*'(\w+)'")
    whole = re.compile(rf"\w+\(\s*{quoted}\s*\)|^\"?{re.escape(field)}\"?\b(?!\s*[-(.])")
    columns = set()
    for raw in sql.splitlines():
        line = raw.strip()
        alias = _ALIAS.search(line)
        bare = re.fullmatch(rf"\"?({re.escape(field)})\"?\s*,?", line)
        column = alias[1] if alias else (bare[1] if bare else None)
        # A count of people (`json_array_length('assignees') as assignee_count`) is not personal.
        if not column or column.endswith("_count"):
            continue
        sub = json_key.search(line)
        if (sub and (keys is None or sub[1] in keys)) or (not sub and whole.search(line)):
            columns.add(column)
    return columns


def _yml_columns() -> dict[str, dict[str, dict[str, Any]]]:
    """model -> column -> its yml entry, over every model yml."""
    models: dict[str, dict[str, dict[str, Any]]] = {}
    for path in MODELS.rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            columns = {c["name"]: c for c in model.get("columns") or []}
            models[model["name"]] = columns
    return models


def _meta(column: dict[str, Any]) -> dict[str, Any]:
    return {**(column.get("meta") or {}), **((column.get("config") or {}).get("meta") or {})}


def _personal_columns() -> dict[str, dict[str, str]]:
    """staging model -> personal column -> treatment."""
    found: dict[str, dict[str, str]] = {}
    for (source, stream), fields in _personal_fields().items():
        path = MODELS / "staging" / source / f"stg_{source}__{stream}.sql"
        if not path.exists():
            continue
        sql = path.read_text()
        for field, (treatment, keys) in fields.items():
            for column in _carried(sql, field, keys):
                found.setdefault(path.stem, {})[column] = treatment
    return found


def test_the_spec_reaches_staging() -> None:
    # The derivation finds the columns it should (so the test below cannot pass vacuously).
    found = _personal_columns()
    assert found["stg_pagerduty__users"]["email"] == "pseudonymised"
    assert found["stg_pagerduty__log_entries"]["agent_name"] == "pseudonymised"
    assert "agent_id" not in found["stg_pagerduty__log_entries"]
    assert found["stg_pagerduty__incidents"]["incident_title"] == "scrubbed"
    assert "assignee_count" not in found["stg_datadog__incident_todos"]


def test_every_column_carrying_a_personal_field_is_tagged() -> None:
    models = _yml_columns()
    sql = {p.stem: p.read_text() for p in MODELS.rglob("*.sql")}
    untagged = []
    for staging, columns in _personal_columns().items():
        downstream = [
            name
            for name, text in sql.items()
            if not name.startswith("stg_") and re.search(rf"ref\(\s*'{staging}'\s*\)", text)
        ]
        for model in [staging, *downstream]:
            for column, treatment in columns.items():
                entry = models.get(model, {}).get(column)
                if entry is None and model != staging:
                    continue  # not passed on (or not documented: dbt's own tests catch that)
                meta = _meta(entry or {})
                if meta.get("personal") is not True or meta.get("treatment") != treatment:
                    untagged.append(f"{model}.{column}: meta {meta or '-'}, want {treatment}")
    assert untagged == [], (
        "columns carrying a personal field (meltano/privacy.yml) without "
        "`config: meta: {personal: true, treatment: ...}`:\n" + "\n".join(sorted(untagged))
    )
