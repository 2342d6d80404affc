"""The shared runtime: error policy, retries, concurrency, writer and SDK seam."""

from __future__ import annotations

import io
import json
import logging
import sys
import threading
import time
import typing as t

import pytest
import requests
from reliability_tap_runtime import sdk_seam
from reliability_tap_runtime.errors import (
    ChildSkips,
    RateLimitedError,
    UnreachableError,
    VanishedChildError,
    VendorAuthError,
)
from reliability_tap_runtime.http import SharedHTTP, decoded_body
from reliability_tap_runtime.pool import ReadAhead, ordered_map, prefetch, read_ahead
from reliability_tap_runtime.repeats import RecentKeys
from reliability_tap_runtime.stream import VendorStream, header_seconds
from reliability_tap_runtime.tap import RuntimeTap
from reliability_tap_runtime.throttle import Gate
from reliability_tap_runtime.writer import BufferedMsgSpecWriter
from singer_sdk import typing as th
from singer_sdk.exceptions import ConfigValidationError, FatalAPIError, RetriableAPIError
from singer_sdk.singerlib import RecordMessage, StateMessage

LIMITED = "Acme rate limit."


class ThingsStream(VendorStream[t.Any]):
    vendor = "Acme"
    host_settings = "`api_url`"
    name = "things"
    path = "/things"
    primary_keys = ("id",)
    schema = th.PropertiesList(
        th.Property("id", th.StringType, description="Id."),
        th.Property("active", th.BooleanType, description="Active."),
    ).to_dict()

    @property
    def url_base(self) -> str:
        return str(self.config.get("api_url") or "http://127.0.0.1:9")

    def fatal_error(self, response):
        if response.status_code == 401:
            return VendorAuthError("Acme refused the token (HTTP 401). Check `token`.")
        return None


class ChildThingsStream(ThingsStream):
    name = "child_things"
    vanished_statuses = frozenset({404, 410})


class AcmeTap(RuntimeTap):
    name = "tap-acme"
    config_jsonschema = th.PropertiesList(
        th.Property("api_url", th.StringType),
        th.Property("max_retry_wait", th.IntegerType),
        th.Property("start_date", th.StringType),
    ).to_dict()

    stream_types = (ThingsStream, ChildThingsStream)

    def make_http(self):
        return SharedHTTP(concurrency=2)

    def config_errors(self):
        url = self.config.get("api_url") or ""
        return [] if not url.endswith("/") else ["`api_url` must not end with a slash."]


def response(status: int, body: bytes = b"{}", **headers: str) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = body
    resp.headers.update(headers)
    resp.url = "http://acme.test/things"
    return resp


@pytest.fixture
def tap():
    return AcmeTap(config={"max_retry_wait": 5}, validate_config=False)


@pytest.fixture
def stream(tap):
    return tap.streams["things"]


def test_a_rate_limit_pauses_the_run_and_carries_the_vendors_wait(stream):
    with pytest.raises(RateLimitedError) as caught:
        stream.validate_response(response(429, b'{"message": "slow down"}', **{"Retry-After": "7"}))
    assert caught.value.wait == 7.0
    assert "Acme rate limit (HTTP 429) on /things" in str(caught.value)


def test_server_errors_and_malformed_bodies_are_retried(stream):
    with pytest.raises(RetriableAPIError):
        stream.validate_response(response(502, b"bad gateway"))
    assert not stream.http.reached  # a proxy in front of a wrong host answers 502 too
    with pytest.raises(RetriableAPIError, match="malformed JSON"):
        stream.validate_response(response(200, b'{"cut'))
    assert stream.http.reached


def test_4xx_uses_the_vendors_wording_or_a_plain_error(stream):
    with pytest.raises(VendorAuthError, match="Check `token`"):
        stream.validate_response(response(401))
    with pytest.raises(FatalAPIError, match="Acme API error HTTP 404 for /things"):
        stream.validate_response(response(404, b"gone"))


def test_a_404_is_a_vanished_child_only_where_the_stream_says_so(tap):
    child = tap.streams["child_things"]
    with pytest.raises(VanishedChildError) as caught:
        child.validate_response(response(404, b"Not Found"))
    assert caught.value.status == 404


def test_a_vanished_child_is_skipped_counted_and_summarised(tap, caplog):
    child = tap.streams["child_things"]

    def boom(context):
        yield {"id": "1"}
        raise VanishedChildError(404, "Team not found")

    caplog.set_level(logging.WARNING)
    child.__dict__["request_records"] = boom
    rows = list(child.get_records({"team": "T1"}))
    assert rows == [{"id": "1"}]
    assert tap.http.skips.by_stream == {"child_things": 1}
    tap.after_sync()
    text = caplog.text
    assert "child_things: skipped team T1 (HTTP 404 Team not found)" in text
    assert "Run summary: skipped 1 child resource that vanished (child_things: 1)" in text


def test_child_skips_say_nothing_when_nothing_was_skipped(caplog):
    ChildSkips().summary()
    assert caplog.text == ""


def test_rate_limits_are_waited_out_then_given_up_with_a_clear_line(stream):
    calls = {"n": 0}

    def limited():
        calls["n"] += 1
        if calls["n"] < 3:
            raise RateLimitedError(LIMITED, None, 0.01)
        return "ok"

    assert stream.request_decorator(limited)() == "ok"
    assert calls["n"] == 3

    def always():
        raise RateLimitedError(LIMITED, None, 3600)

    with pytest.raises(FatalAPIError, match=r"Gave up: Acme's rate limit kept refusing"):
        stream.request_decorator(always)()


def test_an_unreachable_host_is_named_with_the_setting_to_fix(stream, monkeypatch):
    def no_wait():
        while True:
            yield 0.0

    monkeypatch.setattr(stream, "backoff_wait_generator", no_wait)

    def refused():
        message = "[Errno 111] Connection refused"
        raise requests.exceptions.ConnectionError(message)

    with pytest.raises(UnreachableError, match=r"Cannot reach Acme at .*Check `api_url`"):
        stream.request_decorator(refused)()


def test_header_seconds_reads_the_first_header_present():
    assert header_seconds(response(429, **{"x-reset": "3"}), "ratelimit-reset", "x-reset") == 3
    assert header_seconds(response(429), "ratelimit-reset") == 5.0
    assert header_seconds(response(429, **{"x-reset": "soon"}), "x-reset") == 5.0


def test_decoded_body_decodes_once():
    resp = response(200, b'{"a": 1}')
    first = decoded_body(resp)
    resp._content = b"not json any more"
    assert decoded_body(resp) is first


def test_ordered_map_keeps_input_order_and_raises_in_turn():
    assert [r for _, r in ordered_map(lambda x: x * 2, range(20), workers=4)] == [
        x * 2 for x in range(20)
    ]

    def fail_at_3(x):
        if x == 3:
            raise ValueError(x)
        return x

    results = ordered_map(fail_at_3, range(10), workers=2)
    assert [next(results)[0] for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="3"):
        next(results)


class _Pages:
    """Pages fetched on worker threads: how many were requested, and at most at once."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.lock = threading.Lock()
        self.requested: list[int] = []
        self.busy = 0
        self.most = 0
        self.fail_at = fail_at

    def __call__(self, n: int) -> int:
        with self.lock:
            self.requested.append(n)
            self.busy += 1
            self.most = max(self.most, self.busy)
        time.sleep(0.01 * (n % 3))  # answers arrive out of order
        with self.lock:
            self.busy -= 1
        if n == self.fail_at:
            raise ValueError(n)
        return n * 10


def test_read_ahead_yields_in_order_within_its_allowance():
    pages = _Pages()
    allowance = ReadAhead(3)
    assert list(read_ahead(pages, range(30), workers=8, allowance=allowance)) == [
        n * 10 for n in range(30)
    ]
    assert sorted(pages.requested) == list(range(30))
    # The page whose turn it is, plus at most the allowance's three ahead.
    assert 1 < pages.most <= 4
    assert all(allowance.take() for _ in range(3))  # every place was given back


def test_read_ahead_requests_nothing_beyond_what_the_caller_wants():
    pages = _Pages()
    left = {"n": 0}
    allowance = ReadAhead(16)
    reader = read_ahead(pages, range(50), workers=8, allowance=allowance, wanted=lambda: left["n"])
    assert [next(reader) for _ in range(3)] == [0, 10, 20]
    assert pages.requested == [0, 1, 2]  # nothing wanted ahead: one page at a time
    left["n"] = 2
    assert next(reader) == 30
    reader.close()  # the two read ahead are cancelled or dropped
    assert set(pages.requested) <= {0, 1, 2, 3, 4, 5}
    assert all(allowance.take() for _ in range(16))


def test_read_ahead_raises_in_turn_and_gives_its_places_back():
    allowance = ReadAhead(4)
    reader = read_ahead(_Pages(fail_at=5), range(20), workers=4, allowance=allowance)
    assert [next(reader) for _ in range(5)] == [0, 10, 20, 30, 40]
    with pytest.raises(ValueError, match="5"):
        next(reader)
    assert all(allowance.take() for _ in range(4))


def test_prefetch_reads_one_item_ahead_in_order_and_closes_its_source():
    made: list[int] = []
    closed = threading.Event()

    def windows():
        try:
            for n in range(10):
                made.append(n)
                yield n
        finally:
            closed.set()

    reader = prefetch(windows())
    assert next(reader) == 0
    assert next(reader) == 1
    time.sleep(0.05)
    assert made == [0, 1, 2]  # the next item only, read while the caller holds item 1
    reader.close()
    assert closed.is_set()
    assert list(prefetch(windows())) == list(range(10))


def test_prefetch_raises_in_turn():
    def windows():
        yield 1
        msg = "second window"
        raise ValueError(msg)

    reader = prefetch(windows())
    assert next(reader) == 1
    with pytest.raises(ValueError, match="second window"):
        next(reader)


def test_gate_only_shrinks():
    gate = Gate(8)
    gate.lower_to(3)
    gate.lower_to(20)
    gate.lower_to(0)
    assert gate.limit == 1


def test_the_writer_never_lets_state_overtake_records(monkeypatch):
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out))
    writer = BufferedMsgSpecWriter()
    writer.write_message(RecordMessage(stream="s", record={"id": 1}))
    assert out.getvalue() == b""
    writer.write_message(StateMessage(value={"bookmarks": {}}))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [m["type"] for m in lines] == ["RECORD", "STATE"]


def test_fast_record_messages_drop_undeclared_fields_once_and_coerce_booleans(stream, caplog):
    caplog.set_level(logging.WARNING)
    first = next(stream._generate_record_messages({"id": "1", "active": 1, "extra": 2}))
    second = next(stream._generate_record_messages({"id": "2", "active": 0, "extra": 3}))
    assert first.record == {"id": "1", "active": True}
    assert second.record == {"id": "2", "active": False}
    assert caplog.text.count("not found in catalog schema") == 1


def test_the_seam_checks_the_sdk_members_it_relies_on(tap, monkeypatch):
    sdk_seam.check_sdk(tap)
    monkeypatch.setitem(sdk_seam.SDK_MEMBERS, sdk_seam.Stream, ("_gone_in_a_new_release",))
    with pytest.raises(RuntimeError, match=r"Stream._gone_in_a_new_release.*>=0.54.9,<0.55"):
        sdk_seam.check_sdk(tap)


def test_order_streams_puts_listings_first(tap):
    ordered = sdk_seam.order_streams(tap, dict(tap.streams), [ChildThingsStream, ThingsStream])
    assert list(ordered) == ["child_things", "things"]


def test_settings_json_schema_cannot_judge_are_refused_together():
    with pytest.raises(ConfigValidationError) as caught:
        AcmeTap(config={"api_url": "http://x/", "start_date": "last tuesday"})
    assert caught.value.errors == [
        "`api_url` must not end with a slash.",
        "`start_date` 'last tuesday' is not an ISO-8601 date-time.",
    ]


def test_the_plain_switch_takes_the_sdks_own_record_path_and_writer(stream, monkeypatch):
    monkeypatch.setenv("RELIABILITY_TAP_SDK_PATHS", "plain")
    assert stream._make_record_plan() is False
    assert BufferedMsgSpecWriter().flush_bytes == 0
    message = next(stream._generate_record_messages({"id": "1", "active": True}))
    assert message.record == {"id": "1", "active": True}


def test_the_seam_checks_instance_attributes_too(tap, monkeypatch):
    stream = next(iter(tap.streams.values()))
    monkeypatch.delattr(stream.state_manager, "is_flushed")
    with pytest.raises(RuntimeError, match=r"StreamStateManager.is_flushed"):
        sdk_seam.check_sdk(tap)


def test_recent_keys_drop_repeats_within_the_window():
    recent = RecentKeys(size=2)
    assert [recent.seen(k) for k in ("a", "b", "a", "c")] == [False, False, True, False]
    assert recent.seen("a") is False  # fell out of the window (b, c remain)
    assert recent.seen("c") is True
    assert recent.repeats == 2


def test_a_listing_keeps_each_row_once_and_rows_without_a_key_always():
    pages = [[{"id": 1}, {"id": 2}], [{"id": 2}, {"id": 3}, {"name": "no id"}], [{"name": "no id"}]]
    ids = RecentKeys()
    kept = [list(ids.fresh(page)) for page in pages]
    assert kept == [[{"id": 1}, {"id": 2}], [{"id": 3}, {"name": "no id"}], [{"name": "no id"}]]
    assert ids.repeats == 1


# --- the bookmark of a sorted stream (sdk_seam.SortedBookmarks) -----------------------

SORTED_ROWS = {
    "a": [
        {"id": "1", "updated": "2026-01-01T00:00:00Z"},
        {"id": "2", "updated": "2026-01-02T00:00:00Z"},
        {"id": "3", "updated": None},  # the SDK warns and keeps the bookmark
    ],
    "b": [
        {"id": "4", "updated": "2026-02-01T00:00:00Z"},
        {"id": "5", "updated": "2026-01-15T00:00:00Z"},  # moves back: no check_sorted
    ],
    "c": [],
}


class PlainSortedThings(ThingsStream):
    """The SDK's own bookmark path: the reference."""

    name = "sorted_things"
    replication_key = "updated"
    is_sorted = True
    check_sorted = False
    schema = th.PropertiesList(
        th.Property("id", th.StringType, description="Id."),
        th.Property("org", th.StringType, description="Partition."),
        th.Property("updated", th.StringType, description="Updated."),
    ).to_dict()

    @property
    def partitions(self):
        return [{"org": org} for org in SORTED_ROWS]

    def get_records(self, context):
        for row in SORTED_ROWS[context["org"]]:
            yield dict(row)


class FastSortedThings(sdk_seam.SortedBookmarks, PlainSortedThings):
    pass


def _sorted_run(stream_type, capsys):
    class SortedTap(AcmeTap):
        name = "tap-sorted"
        stream_types = (stream_type,)

    state = {
        "bookmarks": {
            "sorted_things": {
                "partitions": [{"context": {"org": "a"}, "replication_key": "updated"}]
            }
        }
    }
    tap = SortedTap(config={}, state=state, validate_config=False)
    tap.sync_all()
    out = capsys.readouterr().out.splitlines()
    states = [line for line in out if json.loads(line)["type"] == "STATE"]
    return tap.state, states


def test_a_sorted_streams_bookmark_is_the_sdks_own(capsys):
    fast_state, fast_lines = _sorted_run(FastSortedThings, capsys)
    plain_state, plain_lines = _sorted_run(PlainSortedThings, capsys)
    assert fast_lines
    assert fast_lines == plain_lines
    assert fast_state == plain_state
    partitions = fast_state["bookmarks"]["sorted_things"]["partitions"]
    assert [p.get("replication_key_value") for p in partitions] == [
        "2026-01-02T00:00:00Z",
        "2026-01-15T00:00:00Z",
        None,
    ]
