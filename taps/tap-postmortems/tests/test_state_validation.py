"""A saved state with an impossible bookmark or a broken shape is refused before any read."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

import pytest
from reliability_tap_runtime.errors import StateError
from reliability_tap_runtime.state import shape_problems, value_problems
from tap_postmortems.tap import TapPostmortems

RESET = "meltano state clear <state-id>"
NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
def config(tmp_path):
    return {"source": "local", "local_path": str(tmp_path)}


def _refused(config, state) -> str:
    with pytest.raises(StateError) as caught:
        TapPostmortems(config=config, state=state)
    message = str(caught.value)
    assert message.startswith("tap-postmortems refuses its saved state: ")
    assert RESET in message
    assert "meltano state list '*tap-postmortems*'" in message
    assert "\n" not in message
    return message


def test_a_bookmark_in_the_future_is_refused(config):
    state = {"bookmarks": {"postmortems": {"replication_key_value": "2099-01-01T00:00:00Z"}}}
    message = _refused(config, state)
    assert "bookmarks.postmortems.replication_key_value" in message
    assert "in the future" in message


def test_a_bookmark_that_is_not_a_timestamp_is_refused(config):
    state = {"bookmarks": {"postmortems": {"replication_key_value": "last tuesday"}}}
    assert "is not a timestamp" in _refused(config, state)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("garbage", 'the state is a string ("garbage"), not a Singer state object'),
        ({"bookmarks": []}, "'bookmarks' is an array, not an object of streams"),
        ({"postmortems": {}}, "unexpected top-level key 'postmortems'"),
        ({"bookmarks": {"postmortems": {"partitions": [1]}}}, "partitions[0] is not an object"),
    ],
)
def test_a_state_that_is_not_a_singer_state_is_refused(config, state, expected):
    assert expected in _refused(config, state)


def test_a_sound_state_and_a_little_skew_pass():
    state = {
        "bookmarks": {
            "postmortems": {
                "replication_key": "modified_time",
                "replication_key_value": "2026-06-01T00:30:00+00:00",
            }
        }
    }
    assert shape_problems(state) == []
    assert value_problems(state, {}, now=NOW) == []
    assert shape_problems(None) == []


def test_the_cli_ends_with_one_error_line_and_no_traceback(caplog):
    caplog.set_level(logging.INFO)
    with pytest.raises(SystemExit) as exited:
        TapPostmortems.invoke(state=io.StringIO('"garbage"'))
    assert exited.value.code == 1
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info is None
    assert "refuses its saved state" in errors[0].getMessage()
