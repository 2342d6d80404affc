"""`sdk_seam.BeforeSync` (added for tap-github-reliability): a check before any stream."""

from __future__ import annotations

import pytest
from reliability_tap_runtime.http import SharedHTTP
from reliability_tap_runtime.sdk_seam import BeforeSync
from reliability_tap_runtime.tap import RuntimeTap
from singer_sdk import Stream
from singer_sdk import typing as th
from singer_sdk.exceptions import FatalAPIError

CALLS: list[str] = []


class ItemsStream(Stream):
    name = "items"
    primary_keys = ("id",)
    schema = th.PropertiesList(th.Property("id", th.IntegerType, description="Id.")).to_dict()

    def get_records(self, context):
        del context
        CALLS.append("items")
        yield {"id": 1}


class CheckedTap(BeforeSync, RuntimeTap):
    name = "tap-checked"
    config_jsonschema = th.PropertiesList(th.Property("fail", th.BooleanType)).to_dict()

    def make_http(self):
        return SharedHTTP(concurrency=1)

    def discover_streams(self):
        return [ItemsStream(self)]

    def before_sync(self):
        CALLS.append("before")
        if self.config.get("fail"):
            msg = "the organization `nope` does not exist"
            raise FatalAPIError(msg)

    def after_sync(self):
        CALLS.append("after")
        super().after_sync()


def test_before_sync_runs_once_before_any_stream_and_after_sync_at_the_end(capsys):
    CALLS.clear()
    tap = CheckedTap(config={}, validate_config=False)
    tap.sync_all()
    assert CALLS == ["before", "items", "after"]
    assert '"type":"RECORD"' in capsys.readouterr().out.replace(" ", "")


def test_a_failing_check_stops_the_run_before_any_stream(capsys):
    CALLS.clear()
    tap = CheckedTap(config={"fail": True}, validate_config=False)
    with pytest.raises(FatalAPIError, match="`nope`"):
        tap.sync_all()
    assert CALLS == ["before"]
    assert "RECORD" not in capsys.readouterr().out
