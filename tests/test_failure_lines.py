"""A tap that cannot go on ends `meltano run` with one [error] line: the cause and the fix.

The taps declare `structured-logging`, so Meltano prints their log lines at the taps' own
levels; the runtime logs an explained failure once, without a traceback.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e

STATE_ID = "ci:tap-pagerduty-to-target-postgres"


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "[error" in line]


def _tap_errors(output: str) -> list[str]:
    return [line for line in _error_lines(output) if "tap-pagerduty" in line]


def test_refused_credentials_end_with_one_error_line(project):
    env = {
        **project.env,
        "TAP_PAGERDUTY_TOKEN": "wrong-token",
        "TAP_PAGERDUTY__SELECT": '["services.*"]',
    }
    proc = project.meltano("run", "tap-pagerduty", "target-postgres", check=False, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    errors = _tap_errors(output)
    assert len(errors) == 1, output[-4000:]
    assert "PagerDuty refused the API token (HTTP 401)" in errors[0]
    assert "TAP_PAGERDUTY_TOKEN" in errors[0]
    assert "Traceback" not in output


def test_a_bookmark_in_the_future_is_refused_with_how_to_reset(project):
    state = {
        "singer_state": {
            "bookmarks": {"incidents": {"replication_key_value": "2099-01-01T00:00:00Z"}}
        }
    }
    project.meltano("state", "set", "--force", STATE_ID, json.dumps(state))
    try:
        proc = project.meltano("run", "tap-pagerduty", "target-postgres", check=False)
    finally:
        project.meltano("state", "clear", "--force", STATE_ID)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    errors = _tap_errors(output)
    assert len(errors) == 1, output[-4000:]
    assert "bookmarks.incidents.replication_key_value" in errors[0]
    assert "in the future" in errors[0]
    assert "meltano state clear <state-id>" in errors[0]
    assert "Traceback" not in output


def test_a_state_that_is_not_a_singer_state_is_refused(project):
    project.meltano("state", "set", "--force", STATE_ID, '{"singer_state": "garbage"}')
    try:
        proc = project.meltano("run", "tap-pagerduty", "target-postgres", check=False)
    finally:
        project.meltano("state", "clear", "--force", STATE_ID)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    errors = _tap_errors(output)
    assert len(errors) == 1, output[-4000:]
    assert 'the state is a string ("garbage")' in errors[0]
    assert "was not found" not in output
