"""A saved state with an impossible bookmark or a broken shape is refused before any request."""

from __future__ import annotations

import pytest
from reliability_tap_runtime.errors import StateError
from tap_sentry.tap import TapSentry

CONFIG = {"auth_token": "t", "organization": "acme", "base_url": "http://127.0.0.1:9/sentry"}
RESET = "meltano state clear <state-id>"


def _tap(state: object) -> TapSentry:
    return TapSentry(config=CONFIG, state=state)  # type: ignore[arg-type]


def test_a_bookmark_in_the_future_is_refused_with_how_to_reset_it():
    state = {"bookmarks": {"issues": {"replication_key_value": "2099-01-01T00:00:00Z"}}}
    with pytest.raises(StateError) as caught:
        _tap(state)
    message = str(caught.value)
    assert message.startswith("tap-sentry refuses its saved state: ")
    assert "bookmarks.issues.replication_key_value" in message
    assert "in the future" in message
    assert RESET in message
    assert "meltano state list '*tap-sentry*'" in message


def test_the_streams_own_timestamps_are_checked_too():
    state = {
        "bookmarks": {
            "issues": {"partitions": [{"context": {"organization": "acme"}, "last_sweep": 17}]}
        }
    }
    with pytest.raises(StateError, match="is not a timestamp"):
        _tap(state)


@pytest.mark.parametrize("state", ["garbage", [], {"bookmarks": []}, {"issues": {}}])
def test_a_state_that_is_not_a_singer_state_is_refused(state):
    with pytest.raises(StateError, match=RESET.replace("<", "\\<")):
        _tap(state)


def test_a_sound_state_is_accepted():
    state = {
        "bookmarks": {
            "issues": {"replication_key_value": "2026-05-31T21:06:35Z"},
        }
    }
    assert _tap(state).state["bookmarks"]["issues"]["replication_key_value"] == (
        "2026-05-31T21:06:35Z"
    )
