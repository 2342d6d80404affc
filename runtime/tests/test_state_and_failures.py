"""Incoming state refused at start, and failures that end a run with one explained line."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

import pytest
import requests
from reliability_tap_runtime.errors import (
    GaveUpError,
    RateLimitedError,
    StateError,
    UnreachableError,
)
from reliability_tap_runtime.http import SharedHTTP
from reliability_tap_runtime.state import check_state, parse_timestamp
from reliability_tap_runtime.stream import VendorStream
from reliability_tap_runtime.tap import RuntimeTap
from singer_sdk import typing as th
from singer_sdk.exceptions import RetriableAPIError


class ThingsStream(VendorStream[dict]):
    vendor = "Acme"
    name = "things"
    path = "/things"
    primary_keys = ("id",)
    replication_key = "updated_at"
    schema = th.PropertiesList(
        th.Property("id", th.StringType, description="Id."),
        th.Property("updated_at", th.DateTimeType, description="Updated."),
    ).to_dict()
    url_base = "http://127.0.0.1:9"


class AcmeTap(RuntimeTap):
    name = "tap-acme"
    config_jsonschema = th.PropertiesList(
        th.Property("max_retry_wait", th.IntegerType),
        th.Property("max_retries", th.IntegerType),
    ).to_dict()
    stream_types = (ThingsStream,)

    def make_http(self):
        return SharedHTTP(concurrency=1)


def response(status: int, body: bytes = b"{}") -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = body
    resp.url = "http://acme.test/things"
    return resp


NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
#: The state tap-sentry saved against the sandbox (shape and keys as they really are).
SENTRY_STATE = {
    "bookmarks": {
        "projects": {},
        "issues": {
            "partitions": [
                {
                    "context": {"organization": "acme"},
                    "last_sweep": "2026-06-01T11:09:46+00:00",
                    "replication_key": "lastSeen",
                    "replication_key_value": "2026-05-31T23:58:31Z",
                    "open_since": "2026-04-02T17:59:09+00:00",
                }
            ]
        },
        "release_deploys": {
            "replication_key": "dateFinished",
            "replication_key_value": "2026-05-31T20:05:21.000000Z",
        },
        "slo_history": {"replication_key": "date", "replication_key_value": "2026-05-31"},
        "workflow_runs": {
            "replication_key": "created_at",
            "replication_key_value": "2026-05-31T23:55:00Z",
            "resume": {"after": "acme/api", "floor": None, "newest": "2026-05-31T23:55:00Z"},
        },
    }
}
KEYS = {
    "issues": ("open_since", "last_sweep", "events_since"),
    "workflow_runs": ("open_since", "resume.floor", "resume.newest", "resume.open"),
}


def _refused(state: object) -> str:
    with pytest.raises(StateError) as caught:
        check_state("tap-acme", state, KEYS, now=NOW)
    message = str(caught.value)
    assert "\n" not in message
    assert "meltano state clear <state-id>" in message
    assert "meltano state set <state-id>" in message
    assert "meltano state list '*tap-acme*'" in message
    return message


def test_real_states_and_empty_ones_pass():
    for state in (None, {}, {"bookmarks": {}}, SENTRY_STATE):
        check_state("tap-acme", state, KEYS, now=NOW)


def test_a_bookmark_in_the_future_is_refused_with_how_to_reset():
    state = {"bookmarks": {"incidents": {"replication_key_value": "2099-01-01T00:00:00Z"}}}
    message = _refused(state)
    assert message.startswith("tap-acme refuses its saved state: ")
    future = 'bookmarks.incidents.replication_key_value = "2099-01-01T00:00:00Z" is in the future'
    assert future in message


def test_a_little_clock_skew_is_allowed():
    ahead = {"bookmarks": {"incidents": {"replication_key_value": "2026-06-01T12:50:00Z"}}}
    check_state("tap-acme", ahead, KEYS, now=NOW)
    too_far = {"bookmarks": {"incidents": {"replication_key_value": "2026-06-01T13:30:00Z"}}}
    _refused(too_far)


def test_nested_and_partition_timestamps_are_checked():
    state = {
        "bookmarks": {
            "issues": {"partitions": [{"context": {"o": "a"}, "last_sweep": "2099-01-01"}]},
            "workflow_runs": {"resume": {"floor": "soon", "newest": None}},
        }
    }
    message = _refused(state)
    assert 'bookmarks.issues.partitions[0].last_sweep = "2099-01-01" is in the future' in message
    assert 'bookmarks.workflow_runs.resume.floor = "soon" is not a timestamp' in message


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("garbage", 'the state is a string ("garbage"), not a Singer state object'),
        ([1, 2], "the state is an array ([1, 2]), not a Singer state object"),
        ({"bookmarks": "x"}, "'bookmarks' is a string, not an object of streams"),
        ({"incidents": {}}, "unexpected top-level key 'incidents'"),
        ({"bookmarks": {"incidents": 3}}, "bookmarks.incidents is a number, not an object"),
        (
            {"bookmarks": {"issues": {"partitions": [{"lastSeen": 1}]}}},
            "bookmarks.issues.partitions[0] is not an object with a 'context'",
        ),
        (
            {"bookmarks": {"incidents": {"replication_key_value": 1735689600}}},
            "bookmarks.incidents.replication_key_value = 1735689600 is not a timestamp",
        ),
    ],
)
def test_malformed_states_are_refused_saying_what_is_wrong(state, expected):
    assert expected in _refused(state)


def test_only_the_first_three_problems_are_listed():
    state = {"bookmarks": {f"s{i}": {"replication_key_value": "x"} for i in range(5)}}
    assert _refused(state).count("is not a timestamp") == 3
    assert "and 2 more" in _refused(state)


def test_parse_timestamp_reads_dates_and_date_times_as_utc():
    assert parse_timestamp("2026-05-31") == datetime(2026, 5, 31, tzinfo=UTC)
    assert parse_timestamp("2026-05-31T20:05:21.000000Z") == datetime(
        2026, 5, 31, 20, 5, 21, tzinfo=UTC
    )
    assert parse_timestamp("2026-05-31T20:05:21") == datetime(2026, 5, 31, 20, 5, 21, tzinfo=UTC)
    assert parse_timestamp("") is None
    assert parse_timestamp(3) is None


def test_the_tap_refuses_a_bad_state_before_the_sdk_reads_it():
    # singer-sdk would take the string for a file name ("File at 'garbage' was not found").
    with pytest.raises(StateError, match="not a Singer state object"):
        AcmeTap(config={}, state="garbage", validate_config=False)  # type: ignore[arg-type]
    with pytest.raises(StateError, match=r"bookmarks\.things\.replication_key_value"):
        AcmeTap(
            config={},
            state={"bookmarks": {"things": {"replication_key_value": "2099-01-01"}}},
            validate_config=False,
        )
    AcmeTap(
        config={},
        state={"bookmarks": {"things": {"replication_key_value": "2026-01-01"}}},
        validate_config=False,
    )


def _error_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_explained_failure_ends_the_run_with_one_error_line_and_no_traceback(caplog):
    caplog.set_level(logging.INFO)
    with pytest.raises(SystemExit) as exited:
        AcmeTap.invoke(state=io.StringIO('"garbage"'))
    assert exited.value.code == 1
    errors = _error_lines(caplog)
    assert len(errors) == 1
    assert "tap-acme refuses its saved state" in errors[0].getMessage()
    assert errors[0].exc_info is None
    assert caplog.records[-1] is errors[0]


def test_with_debug_logging_the_traceback_is_in_the_debug_log(caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SystemExit):
        AcmeTap.invoke(state=io.StringIO("[]"))
    debug = [r for r in caplog.records if r.levelno == logging.DEBUG and r.exc_info]
    assert len(debug) == 1


@pytest.fixture
def stream():
    tap = AcmeTap(config={"max_retry_wait": 30, "max_retries": 8}, validate_config=False)
    stream = tap.streams["things"]
    # Retries happen at once: the waits are what is checked.
    stream.__dict__["backoff_jitter"] = lambda value: value
    return stream


class _Clock:
    """Stands in for the stream module's `time`: sleeping advances it, instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _no_sleep(monkeypatch) -> list[float]:
    clock = _Clock()
    monkeypatch.setattr("reliability_tap_runtime.stream.time", clock)
    return clock.slept


def test_a_malformed_first_answer_gets_the_full_retries_then_one_clear_line(stream, monkeypatch):
    slept = _no_sleep(monkeypatch)
    calls = {"n": 0}

    def malformed():
        calls["n"] += 1
        stream.validate_response(response(200, b'{"cut'))

    with pytest.raises(GaveUpError) as caught:
        stream.request_decorator(malformed)()
    # 1, 2, 4, 8 s fit in `max_retry_wait` (30 s); 16 more would not: the deadline, not
    # the count (8), ends it — the same in every tap.
    assert slept == [1.0, 2.0, 4.0, 8.0]
    assert calls["n"] == 5
    message = str(caught.value)
    assert "malformed JSON" in message
    assert "Gave up after 5 attempts" in message
    assert "`max_retry_wait` 30s" in message
    assert "\n" not in message


def test_max_retries_bounds_failures_before_the_deadline(monkeypatch):
    tap = AcmeTap(config={"max_retry_wait": 900, "max_retries": 2}, validate_config=False)
    stream = tap.streams["things"]
    stream.__dict__["backoff_jitter"] = lambda value: value
    slept = _no_sleep(monkeypatch)
    stream.http.reached = True

    def failing():
        msg = "Acme API error HTTP 503 for /things: busy"
        raise RetriableAPIError(msg, None)

    with pytest.raises(GaveUpError, match=r"Gave up after 3 attempts .*`max_retries` 2"):
        stream.request_decorator(failing)()
    assert slept == [1.0, 2.0]


def test_an_unreachable_host_fails_fast_with_the_setting_to_fix(stream, monkeypatch):
    slept = _no_sleep(monkeypatch)

    def refused():
        message = "[Errno 111] Connection refused"
        raise requests.exceptions.ConnectionError(message)

    with pytest.raises(UnreachableError, match=r"Cannot reach Acme .*3 attempts.*`api_url`"):
        stream.request_decorator(refused)()
    assert slept == [1.0, 2.0]


def test_a_rate_limit_give_up_does_not_say_it_waits(stream, caplog):
    caplog.set_level(logging.INFO)

    def always():
        msg = "Acme rate limit (HTTP 429) on /things: slow down"
        raise RateLimitedError(msg, None, 3600)

    with pytest.raises(GaveUpError) as caught:
        stream.request_decorator(always)()
    message = str(caught.value)
    assert "Gave up: Acme's rate limit kept refusing" in message
    assert "aiting" not in message
    assert "aiting" not in caplog.text
