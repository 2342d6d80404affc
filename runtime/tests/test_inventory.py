"""Complete inventory syncs are recorded; interrupted or truncated ones are not."""

from __future__ import annotations

import json
import typing as t
from datetime import datetime

import pytest
from reliability_tap_runtime.http import SharedHTTP
from reliability_tap_runtime.inventory import INVENTORY_SYNCS
from reliability_tap_runtime.repeats import PageProgress
from reliability_tap_runtime.stream import VendorStream
from reliability_tap_runtime.tap import RuntimeTap
from singer_sdk import typing as th

#: What the fake vendor lists, and how a test wants the listing to go.
LISTING: dict[str, object] = {}


class MonitorsStream(VendorStream[dict]):
    vendor = "Acme"
    name = "monitors"
    path = "/monitors"
    primary_keys = ("id",)
    full_inventory = True
    inventory_filters = ("tags",)
    schema = th.PropertiesList(
        th.Property("id", th.IntegerType, description="Id."),
        th.Property("name", th.StringType, description="Name."),
    ).to_dict()
    url_base = "http://127.0.0.1:9"

    def get_records(self, context):  # noqa: ARG002
        rows = list(LISTING["rows"])  # type: ignore[call-overload]
        fail_after = LISTING.get("fail_after")
        for i, row in enumerate(rows):
            if fail_after is not None and i == fail_after:
                msg = "connection reset"
                raise RuntimeError(msg)
            yield row
        if LISTING.get("stop_early"):
            progress = PageProgress("monitors")
            progress.page([{"id": 1}])
            progress.page([{"id": 1}])


class EventsStream(VendorStream[dict]):
    vendor = "Acme"
    name = "events"
    path = "/events"
    primary_keys = ("id",)
    schema = th.PropertiesList(th.Property("id", th.IntegerType, description="Id.")).to_dict()
    url_base = "http://127.0.0.1:9"

    def get_records(self, context):  # noqa: ARG002
        yield {"id": 1}


class AcmeTap(RuntimeTap):
    name = "tap-acme"
    config_jsonschema = th.PropertiesList(
        th.Property("tags", th.ArrayType(th.StringType)),
    ).to_dict()
    stream_types = (MonitorsStream, EventsStream)

    def make_http(self):
        return SharedHTTP(concurrency=1)


def _sync(
    capfd, config: dict | None = None, tap_class: type[RuntimeTap] | None = None
) -> tuple[list[dict], BaseException | None]:
    tap = (tap_class or AcmeTap)(config=config or {}, parse_env_config=False)
    error: BaseException | None = None
    try:
        tap.sync_all()
    except RuntimeError as exc:
        error = exc
    out = capfd.readouterr().out
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")], error


def _markers(messages: list[dict]) -> list[dict]:
    return [
        m["record"] for m in messages if m["type"] == "RECORD" and m["stream"] == INVENTORY_SYNCS
    ]


@pytest.fixture(autouse=True)
def _listing():
    LISTING.clear()
    yield
    LISTING.clear()


def test_a_complete_sync_is_recorded_after_its_rows_with_their_distinct_count(capfd):
    # The vendor serves monitor 2 twice (a page boundary moved): three rows, two monitors.
    LISTING["rows"] = [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}, {"id": 2, "name": "b"}]
    messages, error = _sync(capfd, {"tags": ["team:web"]})
    assert error is None
    markers = _markers(messages)
    assert len(markers) == 1
    marker = markers[0]
    assert marker["stream"] == "monitors"
    assert marker["record_count"] == 2
    assert json.loads(marker["filters"]) == {"tags": ["team:web"]}
    started = datetime.fromisoformat(marker["sync_started_at"])
    completed = datetime.fromisoformat(marker["sync_completed_at"])
    rows = [m for m in messages if m["type"] == "RECORD" and m["stream"] == "monitors"]
    # Every row of the sync was read after it started, and before the marker.
    extracted = [datetime.fromisoformat(m["time_extracted"]) for m in rows]
    assert all(started <= at <= completed for at in extracted)
    kinds = [(m["type"], m.get("stream")) for m in messages]
    assert kinds.index(("RECORD", INVENTORY_SYNCS)) > max(
        i for i, k in enumerate(kinds) if k == ("RECORD", "monitors")
    )
    # A stream that is not an inventory gets no marker.
    assert {m["stream"] for m in markers} == {"monitors"}


def test_the_marker_table_is_announced_before_any_sync_completes(capfd):
    LISTING["rows"] = [{"id": 1, "name": "a"}]
    LISTING["fail_after"] = 1
    messages, _ = _sync(capfd)
    schemas = [m["stream"] for m in messages if m["type"] == "SCHEMA"]
    assert INVENTORY_SYNCS in schemas


def test_an_interrupted_sync_records_nothing(capfd):
    LISTING["rows"] = [{"id": i, "name": str(i)} for i in range(5)]
    LISTING["fail_after"] = 3
    messages, error = _sync(capfd)
    assert isinstance(error, RuntimeError)
    assert _markers(messages) == []


def test_a_listing_stopped_early_records_nothing(capfd, caplog):
    LISTING["rows"] = [{"id": 1, "name": "a"}]
    LISTING["stop_early"] = True
    messages, error = _sync(capfd)
    assert error is None
    assert _markers(messages) == []
    assert "not recorded as a complete inventory" in caplog.text


def test_a_deselected_marker_stream_is_not_written(capfd):
    LISTING["rows"] = [{"id": 1, "name": "a"}]
    tap = AcmeTap(config={}, parse_env_config=False)
    tap.streams[INVENTORY_SYNCS].selected = False
    tap.sync_all()
    out = capfd.readouterr().out
    assert INVENTORY_SYNCS not in out


def test_taps_without_inventory_streams_have_no_marker_stream():
    class EventsOnlyTap(AcmeTap):
        stream_types = (EventsStream,)

    assert INVENTORY_SYNCS not in EventsOnlyTap(config={}, parse_env_config=False).streams


class MonitorsWithNotes(MonitorsStream):
    def get_child_context(self, record, context):  # noqa: ARG002
        return {"monitor_id": record["id"]}


class MonitorNotesStream(VendorStream[dict]):
    """A child inventory: each monitor's notes, listed per monitor during its sync."""

    vendor = "Acme"
    name = "monitor_notes"
    path = "/monitors/{monitor_id}/notes"
    primary_keys = ("monitor_id", "note")
    parent_stream_type = MonitorsWithNotes
    state_partitioning_keys: t.ClassVar[list[str]] = []
    full_inventory = True
    schema = th.PropertiesList(
        th.Property("monitor_id", th.IntegerType, description="Monitor."),
        th.Property("note", th.StringType, description="Note."),
    ).to_dict()
    url_base = "http://127.0.0.1:9"

    def get_records(self, context):
        monitor = (context or {})["monitor_id"]
        if monitor == LISTING.get("child_fails_for"):
            msg = "connection reset"
            raise RuntimeError(msg)
        for note in LISTING["notes"].get(monitor, ()):  # type: ignore[attr-defined]
            yield {"monitor_id": monitor, "note": note}


class AcmeNotesTap(AcmeTap):
    stream_types = (MonitorsWithNotes, MonitorNotesStream)


def test_a_child_inventory_is_recorded_with_its_parents_complete_sync(capfd):
    LISTING["rows"] = [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}, {"id": 3, "name": "c"}]
    # Monitor 3 has no notes: the child's count is what was listed, across every parent.
    LISTING["notes"] = {1: ["x", "y"], 2: ["x"]}
    messages, error = _sync(capfd, tap_class=AcmeNotesTap)
    assert error is None
    markers = {m["stream"]: m for m in _markers(messages)}
    assert set(markers) == {"monitors", "monitor_notes"}
    assert markers["monitors"]["record_count"] == 3
    assert markers["monitor_notes"]["record_count"] == 3
    # One listing: the child's sync started with its parent's.
    assert markers["monitor_notes"]["sync_started_at"] == markers["monitors"]["sync_started_at"]


def test_a_child_listing_that_fails_records_neither(capfd):
    LISTING["rows"] = [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]
    LISTING["notes"] = {1: ["x"], 2: ["y"]}
    LISTING["child_fails_for"] = 2
    messages, error = _sync(capfd, tap_class=AcmeNotesTap)
    assert isinstance(error, RuntimeError)
    assert _markers(messages) == []
