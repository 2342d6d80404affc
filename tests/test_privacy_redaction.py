"""The privacy key is redacted wherever Meltano shows configuration.

To Meltano the maps' key is `stream_map_config.pseudonym_key`, a nested setting of each tap;
left undeclared, `meltano config print` and `config list` show it in clear. Each tap's Meltano
definition declares it `sensitive` (scripts/settings.py, EXTRA_SETTINGS), so both show it
redacted — while the run still gets it (tests/test_privacy.py runs the taps with it and finds
it in no line the runs printed and no file they wrote).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXTRACTORS = ROOT / "meltano" / "extractors.meltano.yml"
TAPS = ("tap-pagerduty", "tap-sentry", "tap-datadog", "tap-github-reliability", "tap-postmortems")
KEY = "redaction-probe-" + "f" * 32


def test_every_tap_declares_the_key_sensitive() -> None:
    plugins = yaml.safe_load(EXTRACTORS.read_text())["plugins"]["extractors"]
    for tap in TAPS:
        plugin = next(p for p in plugins if p["name"] == tap)
        settings = {s["name"]: s for s in plugin["settings"]}
        assert settings["stream_map_config.pseudonym_key"].get("sensitive") is True, tap


@pytest.mark.e2e
@pytest.mark.parametrize("command", [["print"], ["list"]])
def test_meltano_config_shows_the_key_redacted(command: list[str]) -> None:
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
            "tap-pagerduty",
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
