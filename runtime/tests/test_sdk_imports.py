"""The runtime imports singer-sdk without its target side, and every name still resolves.

Each check runs in a fresh interpreter: pytest's singer-sdk plugin imports the whole SDK
into this one before any test, which leaves the SDK as it is (`trim_sdk_imports` does
nothing then). What a name must resolve to comes from a second fresh interpreter that
imports singer-sdk the ordinary way, not from the runtime.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from reliability_tap_runtime.sdk_seam import init_imports

#: What a tap never needs at start-up and the plain `import singer_sdk` loads.
TARGET_SIDE = ("joblib", "fsspec", "upath", "psutil", "singer_sdk.target_base", "singer_sdk.sinks")


def run(code: str) -> dict:
    """Run `code` in a fresh interpreter; the JSON it prints last."""
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def names_of(first_import: str) -> dict:
    """After `first_import`: where each name the SDK's `__init__` exports comes from."""
    return run(
        f"""
        import json, sys, types, warnings
        {first_import}
        import singer_sdk
        loaded = sorted(m for m in {TARGET_SIDE!r} if m in sys.modules)
        names = {{}}
        for name in singer_sdk.__all__:
            obj = getattr(singer_sdk, name)
            if isinstance(obj, types.ModuleType):
                names[name] = obj.__name__
            else:
                names[name] = f"{{obj.__module__}}.{{obj.__qualname__}}"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sql_tap = singer_sdk.SQLTap
        try:
            singer_sdk.no_such_name
            missing = "resolved"
        except AttributeError:
            missing = "AttributeError"
        print(json.dumps({{
            "loaded_before_names": loaded,
            "names": names,
            "sql_tap": f"{{sql_tap.__module__}}.{{sql_tap.__qualname__}}",
            "sql_tap_warnings": [type(w.message).__name__ for w in caught],
            "missing": missing,
        }}))
        """
    )


def test_importing_the_runtime_leaves_the_sdks_target_side_unloaded():
    result = run(
        f"""
        import json, sys
        import reliability_tap_runtime.stream, reliability_tap_runtime.tap
        from singer_sdk import Stream, Tap, RESTStream, typing
        print(json.dumps(sorted(m for m in {TARGET_SIDE!r} if m in sys.modules)))
        """
    )
    assert result == []


@pytest.mark.parametrize(
    "module",
    [
        "tap_pagerduty.tap",
        "tap_sentry.tap",
        "tap_datadog.tap",
        "tap_github_reliability.tap",
        "tap_postmortems.tap",
    ],
)
def test_no_tap_loads_the_target_side(module):
    result = run(
        f"""
        import json, sys
        import {module}
        print(json.dumps(sorted(m for m in {TARGET_SIDE!r} if m in sys.modules)))
        """
    )
    assert result == []


def test_every_name_of_the_sdk_package_resolves_as_with_a_plain_import():
    plain = names_of("pass")
    trimmed = names_of("import reliability_tap_runtime")
    # The plain import loads the target side; the runtime's, not until a name needs it.
    assert plain["loaded_before_names"] == sorted(TARGET_SIDE)
    assert trimmed["loaded_before_names"] == []
    assert trimmed["names"] == plain["names"]
    assert plain["names"]["Tap"] == "singer_sdk.tap_base.Tap"
    # The SDK's deprecated names keep their warning (singer_sdk/__init__.py, `__getattr__`).
    assert trimmed["sql_tap"] == plain["sql_tap"] == "singer_sdk.sql.tap.SQLTap"
    assert trimmed["sql_tap_warnings"] == plain["sql_tap_warnings"]
    assert "SingerSDKDeprecationWarning" in plain["sql_tap_warnings"]
    assert trimmed["missing"] == plain["missing"] == "AttributeError"


def test_a_batch_file_target_loads_upath_when_first_used(tmp_path: Path):
    # singer-sdk writes BATCH files through `StorageTarget` (helpers/_batch.py), whose paths
    # are universal_pathlib's `UPath`; expected values are pathlib's for a local folder.
    result = run(
        f"""
        import json, sys
        import reliability_tap_runtime
        from singer_sdk.helpers._batch import StorageTarget
        before = "upath" in sys.modules or "fsspec" in sys.modules
        target = StorageTarget(root={tmp_path.as_uri()!r})
        url = target.get_url("records-1.jsonl")
        head, tail = StorageTarget.split_url(url)
        with target.open("records-1.jsonl", "wb") as f:
            f.write(b'{{"id": 1}}\\n')
        print(json.dumps({{
            "before": before, "after": "upath" in sys.modules,
            "url": url, "head": head, "tail": tail,
        }}))
        """
    )
    assert result["before"] is False
    assert result["after"] is True
    assert result["url"] == (tmp_path.resolve() / "records-1.jsonl").as_uri()
    assert result["head"] == tmp_path.resolve().as_uri()
    assert result["tail"] == "records-1.jsonl"
    assert (tmp_path / "records-1.jsonl").read_bytes() == b'{"id": 1}\n'


def test_init_imports_reads_the_packages_top_level_imports_only():
    source = textwrap.dedent(
        """
        import typing as t
        from singer_sdk import streams
        from singer_sdk.tap_base import Tap
        from singer_sdk.streams import RESTStream as REST, Stream
        from other import Thing
        if t.TYPE_CHECKING:
            from singer_sdk.sql import SQLTap
        """
    )
    assert init_imports(source) == {
        "Tap": ("singer_sdk.tap_base", "Tap"),
        "REST": ("singer_sdk.streams", "RESTStream"),
        "Stream": ("singer_sdk.streams", "Stream"),
    }
