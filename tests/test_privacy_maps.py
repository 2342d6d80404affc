"""The privacy maps and the allowlist table are generated from one spec, meltano/privacy.yml.

`scripts/privacy_maps.py` writes the `stream_maps: &privacy_<map>` blocks of
meltano/environments.meltano.yml and the kept-fields table of docs/privacy.md from the spec;
these tests fail when what is committed differs, and say which command brings it back.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "privacy_maps.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("privacy_maps", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["privacy_maps"] = module
    spec.loader.exec_module(module)
    return module


pm = _generator()


def _prod_maps() -> dict[str, Any]:
    environments = yaml.safe_load(pm.ENVIRONMENTS.read_text())["environments"]
    prod = next(e for e in environments if e["name"] == "prod")["config"]["plugins"]
    return {
        p["name"]: p["config"]["stream_maps"]
        for plugins in prod.values()
        for p in plugins
        if "stream_maps" in p.get("config", {})
    }


def test_committed_maps_and_table_are_what_the_spec_gives() -> None:
    spec = pm.load_spec()
    environments = pm.ENVIRONMENTS.read_text()
    assert pm.render_environments(spec, environments) == environments, (
        "meltano/environments.meltano.yml differs from meltano/privacy.yml: "
        "run scripts/privacy_maps.py (and commit both)"
    )
    doc = pm.DOC.read_text()
    assert pm.render_doc(spec, doc) == doc, (
        "docs/privacy.md's allowlist differs from meltano/privacy.yml: run scripts/privacy_maps.py"
    )


def test_check_mode_names_the_command() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_drift_is_seen_and_a_kept_field_has_no_map() -> None:
    spec = pm.load_spec()
    text = pm.ENVIRONMENTS.read_text().replace("job_title: None", "job_title: job_title", 1)
    assert pm.render_environments(spec, text) != text
    spec["maps"]["pagerduty"]["streams"]["users"]["fields"]["job_title"] = {
        "treatment": "keep",
        "reason": "test",
    }
    assert "job_title" not in pm.stream_maps(spec, "pagerduty")["users"]


def test_every_prod_map_comes_from_the_spec() -> None:
    # The parsed YAML (what Meltano hands the taps), not only the text.
    spec = pm.load_spec()
    by_plugin = {block["plugin"]: name for name, block in spec["maps"].items()}
    maps = _prod_maps()
    assert set(maps) == set(by_plugin)
    for plugin, stream_maps in maps.items():
        assert stream_maps == pm.stream_maps(spec, by_plugin[plugin]), plugin


def test_privacy_environment_uses_the_same_maps() -> None:
    environments = yaml.safe_load(pm.ENVIRONMENTS.read_text())["environments"]
    privacy = next(e for e in environments if e["name"] == "privacy")["config"]["plugins"]
    mapped = {
        p["name"]: p["config"]["stream_maps"]
        for plugins in privacy.values()
        for p in plugins
        if "stream_maps" in p.get("config", {})
    }
    assert mapped == _prod_maps()


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"treatment": "hide", "how": "null", "reason": "x"}, "treatment must be"),
        ({"treatment": "drop", "how": "null"}, "needs a reason"),
        ({"treatment": "keep", "how": "null", "reason": "x"}, "kept field has no map"),
        ({"treatment": "drop", "how": "value", "reason": "x"}, "does pseudonymise"),
        ({"treatment": "drop", "how": "expression", "reason": "x"}, "needs an `expression`"),
        ({"treatment": "drop", "how": "nonsense", "reason": "x"}, "how must be"),
    ],
)
def test_a_bad_rule_is_refused(tmp_path: Path, rule: dict, message: str) -> None:
    spec = {"maps": {"x": {"plugin": "tap-x", "streams": {"s": {"fields": {"f": rule}}}}}}
    path = tmp_path / "privacy.yml"
    path.write_text(yaml.safe_dump(spec))
    with pytest.raises(ValueError, match=message):
        pm.load_spec(path)


def test_no_mapping_replaces_the_environments_maps() -> None:
    # Meltano writes a mapping's config as the mapper's resolved config updated, key by key,
    # with the mapping's own `config:` (meltano/core/plugin/singer/mapper.py): a key set there
    # wins over every environment's. An empty `stream_maps` there once let prod and privacy
    # load the survey sheet in clear.
    mappers = yaml.safe_load((ROOT / "meltano" / "mappers.meltano.yml").read_text())
    environments = yaml.safe_load(pm.ENVIRONMENTS.read_text())["environments"]
    for mapper in mappers["plugins"]["mappers"]:
        set_by_environments = {
            key
            for env in environments
            for p in env.get("config", {}).get("plugins", {}).get("mappers", [])
            if p["name"] == mapper["name"]
            for key in p.get("config", {})
        }
        assert set_by_environments, mapper["name"]
        for mapping in mapper.get("mappings", []):
            overridden = set_by_environments & set(mapping.get("config") or {})
            assert not overridden, f"mapping {mapping['name']} overrides {sorted(overridden)}"
