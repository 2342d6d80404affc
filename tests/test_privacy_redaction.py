"""The privacy key is redacted wherever Meltano shows configuration.

To Meltano the maps' key is `stream_map_config.pseudonym_key`, a nested setting of each tap;
left undeclared, `meltano config print` and `config list` show it in clear. Each tap's Meltano
definition declares it `sensitive` (scripts/settings.py, EXTRA_SETTINGS; the survey's CSV tap in
meltano/survey.meltano.yml and the Sheets path's mapper in meltano/mappers.meltano.yml by hand),
so both show it redacted — while the run still gets it (tests/test_privacy.py runs the taps with
it and finds it in no line the runs printed and no file they wrote).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Every plugin the prod environment hands the key, and the file that defines it.
PLUGINS = {
    "tap-pagerduty": ("extractors.meltano.yml", "extractors"),
    "tap-sentry": ("extractors.meltano.yml", "extractors"),
    "tap-datadog": ("extractors.meltano.yml", "extractors"),
    "tap-github-reliability": ("extractors.meltano.yml", "extractors"),
    "tap-postmortems": ("extractors.meltano.yml", "extractors"),
    "tap-survey-csv": ("survey.meltano.yml", "extractors"),
    "meltano-map-transformer": ("mappers.meltano.yml", "mappers"),
}
KEY = "redaction-probe-" + "f" * 32


def _prod_plugins_given_the_key() -> set[str]:
    environments = yaml.safe_load((ROOT / "meltano" / "environments.meltano.yml").read_text())
    prod = next(e for e in environments["environments"] if e["name"] == "prod")
    return {
        p["name"]
        for plugins in prod["config"]["plugins"].values()
        for p in plugins
        if "pseudonym_key" in str(p.get("config", {}).get("stream_map_config"))
    }


def test_every_plugin_given_the_key_declares_it_sensitive() -> None:
    assert _prod_plugins_given_the_key() == set(PLUGINS)
    for name, (file, kind) in PLUGINS.items():
        plugins = yaml.safe_load((ROOT / "meltano" / file).read_text())["plugins"][kind]
        plugin = next(p for p in plugins if p["name"] == name)
        settings = {s["name"]: s for s in plugin["settings"]}
        assert settings["stream_map_config.pseudonym_key"].get("sensitive") is True, name


@pytest.mark.e2e
@pytest.mark.parametrize("plugin", ["tap-pagerduty", "tap-survey-csv", "meltano-map-transformer"])
@pytest.mark.parametrize("command", [["print"], ["list"]])
def test_meltano_config_shows_the_key_redacted(command: list[str], plugin: str) -> None:
    env = {
        **os.environ,
        "PRIVACY_PSEUDONYM_KEY": KEY,
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    proc = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "meltano"),
            "--environment=prod",
            "config",
            *command,
            plugin,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert KEY not in proc.stdout + proc.stderr
    assert "pseudonym_key" in proc.stdout
