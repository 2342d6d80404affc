"""scripts/check_sdk_seam.py finds singer-sdk internals outside the seam (and nothing else)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _checker():
    spec = importlib.util.spec_from_file_location(
        "check_sdk_seam", ROOT / "scripts" / "check_sdk_seam.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_kind_of_private_sdk_use_is_reported(tmp_path, monkeypatch):
    checker = _checker()
    monkeypatch.setattr(checker, "ROOT", tmp_path)
    source = tmp_path / "tap_x" / "streams.py"
    source.parent.mkdir()
    source.write_text(
        "from singer_sdk.helpers._typing import is_string_type\n"
        "class S(Stream):\n"
        "    def _sync_children(self, ctx):\n"
        "        self.state_manager.is_flushed = False\n"
        "        self._write_state_message()  # noqa: SLF001\n"
        "    def _my_own_helper(self):\n"
        "        return self._my_own_value\n"
    )
    found = checker.findings(source, checker.sdk_private_names())
    assert sorted(found) == sorted(
        [
            "tap_x/streams.py:1: import from private module singer_sdk.helpers._typing",
            "tap_x/streams.py:3: overrides singer-sdk internal `_sync_children`",
            "tap_x/streams.py:4: uses singer-sdk internal `is_flushed`",
            "tap_x/streams.py:5: uses singer-sdk internal `_write_state_message`",
            "tap_x/streams.py:5: `noqa: SLF001` outside the SDK seam",
        ]
    )


def test_the_taps_and_the_runtime_touch_sdk_internals_only_in_the_seam():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_sdk_seam.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
