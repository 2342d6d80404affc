"""The taps' settings have one source: each tap's `config_jsonschema`.

`scripts/settings.py` generates the Meltano plugin `settings:` lists, the taps' sections of
`.env.example` and the taps' README settings tables from it; these tests fail when a copy has
drifted and say how to regenerate. The taps read defaults from the schema alone: the SDK fills
every schema default into the tap's config, so no `.get(key, default)` repeats one.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "settings.py"
_spec = importlib.util.spec_from_file_location("settings_script", SCRIPT)
assert _spec
assert _spec.loader
settings_script = sys.modules["settings_script"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(settings_script)

# Enough configuration to build each tap (no request is sent).
MINIMAL = {
    "tap-pagerduty": {"token": "x"},
    "tap-sentry": {"auth_token": "x", "organization": "acme"},
    "tap-datadog": {"api_key": "a", "app_key": "b"},
    "tap-github-reliability": {"auth_token": "x", "organizations": ["acme"]},
    "tap-postmortems": {"local_path": str(ROOT / "taps" / "tap-postmortems" / "tap_postmortems")},
}


def _tap_class(tap: str):
    module, _, name = settings_script.TAPS[tap].partition(":")
    return getattr(importlib.import_module(module), name)


def test_generated_settings_match_the_schemas():
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, (
        "The settings copies drifted from the taps' config_jsonschema. Regenerate them with\n"
        "    .venv/bin/python scripts/settings.py\n"
        f"and commit the result. Drift:\n{proc.stdout[-6000:]}{proc.stderr[-2000:]}"
    )


@pytest.mark.parametrize("tap", sorted(settings_script.TAPS))
def test_meltano_definition_mirrors_the_schema(tap):
    """Read back as YAML: every property, its secrecy, default and allowed values."""
    plugins = yaml.safe_load(settings_script.EXTRACTORS.read_text())["plugins"]["extractors"]
    plugin = next(p for p in plugins if p["name"] == tap)
    # Another test on this worker may have built the tap, adding the SDK's own settings.
    schema = settings_script.own_properties(_tap_class(tap).config_jsonschema)
    meltano = {s["name"]: s for s in plugin["settings"]}
    assert [n for n in meltano if n not in settings_script.EXTRA_SETTINGS] == list(schema)
    for name, prop in schema.items():
        setting = meltano[name]
        assert setting.get("sensitive", False) == bool(prop.get("secret")), name
        assert setting.get("value") == prop.get("default"), name
        assert [o["value"] for o in setting.get("options", [])] == prop.get("enum", []), name
        assert setting["description"] == prop["description"], name
    # What the schema cannot say is kept around the generated block.
    assert plugin["capabilities"]
    assert plugin["load_schema"].startswith("raw_")


def test_sentry_event_retention_days_is_a_meltano_setting():
    """The drift issue 17 found: a schema setting Meltano did not know."""
    plugins = yaml.safe_load(settings_script.EXTRACTORS.read_text())["plugins"]["extractors"]
    sentry = next(p for p in plugins if p["name"] == "tap-sentry")
    assert {"name": "event_retention_days", "kind": "integer", "value": 90}.items() <= next(
        s for s in sentry["settings"] if s["name"] == "event_retention_days"
    ).items()


@pytest.mark.parametrize("tap", sorted(settings_script.TAPS))
def test_the_sdk_fills_schema_defaults_into_the_config(tap, monkeypatch):
    """What lets the taps read `config[key]` without repeating the schema's default."""
    cls = _tap_class(tap)
    # Building a tap adds the SDK's own settings (stream maps, …) to the class's schema.
    monkeypatch.setattr(cls, "config_jsonschema", copy.deepcopy(cls.config_jsonschema))
    instance = cls(config=MINIMAL[tap], parse_env_config=False, validate_config=True)
    defaults = {
        name: prop["default"]
        for name, prop in cls.config_jsonschema["properties"].items()
        if "default" in prop
    }
    assert defaults
    assert {name: instance.config.get(name) for name in defaults} == defaults


def test_env_example_names_every_tap_setting():
    text = settings_script.ENV_EXAMPLE.read_text()
    for tap in settings_script.TAPS:
        for setting in settings_script.load_settings(tap):
            assert f"{setting.env(tap)}=" in text, setting.env(tap)
