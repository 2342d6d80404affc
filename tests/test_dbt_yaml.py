"""The dbt project's property files say what dbt reads from them.

dbt keeps quiet about a unit test filed under `models:` (it is taken as a model's
properties, for a model that does not exist, and never runs) — that happened to
`test_postmortem_first_loaded_revision`. These checks read the YAML itself, not dbt's
manifest, so they hold whatever dbt does with a misplaced entry.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

MODELS = Path(__file__).resolve().parents[1] / "transform" / "models"
#: Keys only a unit test has.
UNIT_TEST_KEYS = frozenset({"given", "expect", "model"})


def _property_files() -> list[Path]:
    return sorted(MODELS.rglob("*.yml"))


@cache
def _entries(path: Path, key: str) -> list[dict[str, Any]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return (yaml.load(path.read_text(), Loader=loader) or {}).get(key) or []  # noqa: S506


def _model_names() -> set[str]:
    return {p.stem for p in MODELS.rglob("*.sql")}


def test_no_unit_test_is_filed_as_a_model() -> None:
    misplaced = [
        f"{path.relative_to(MODELS)}: {entry.get('name')}"
        for path in _property_files()
        for entry in _entries(path, "models")
        if UNIT_TEST_KEYS & entry.keys()
    ]
    assert not misplaced, "unit tests under `models:` never run: " + ", ".join(misplaced)


def _naming_unknown_models(key: str, field: str) -> list[str]:
    """Entries under `key` whose `field` names no model of the project."""
    models = _model_names()
    return [
        f"{path.relative_to(MODELS)}: {entry.get('name')} -> {entry.get(field)}"
        for path in _property_files()
        for entry in _entries(path, key)
        if entry.get(field) not in models
    ]


def test_every_model_entry_names_a_model() -> None:
    unknown = _naming_unknown_models("models", "name")
    assert not unknown, "properties for models that do not exist: " + ", ".join(unknown)


def test_every_unit_test_names_a_model() -> None:
    unknown = _naming_unknown_models("unit_tests", "model")
    assert not unknown, "unit tests of models that do not exist: " + ", ".join(unknown)
