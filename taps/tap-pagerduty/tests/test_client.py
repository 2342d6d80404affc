"""PagerDuty's error contract, response by response (no server needed)."""

from __future__ import annotations

import json

import pytest
import requests
from reliability_tap_runtime.errors import RateLimitedError, VendorAuthError
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from tap_pagerduty.tap import TapPagerDuty

CONFIG = {"token": "t0ken", "api_url": "http://127.0.0.1:9/pagerduty", "requests_per_minute": 0}


def _response(status: int, body: object, headers: dict[str, str] | None = None):
    response = requests.Response()
    response.status_code = status
    response._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response.headers.update(headers or {})
    response.url = "http://127.0.0.1:9/pagerduty/incidents?offset=9900"
    return response


@pytest.fixture(scope="module")
def stream():
    return TapPagerDuty(config=CONFIG, parse_env_config=False).streams["incidents"]


def test_401_names_the_token_setting(stream):
    body = {"error": {"message": "Authentication Required", "code": 2006}}
    with pytest.raises(VendorAuthError, match="TAP_PAGERDUTY_TOKEN") as caught:
        stream.validate_response(_response(401, body))
    assert "Authentication Required (code 2006)" in str(caught.value)
    assert "t0ken" not in str(caught.value)


def test_403_names_the_access_needed(stream):
    body = {"error": {"message": "Access Denied", "code": 2010}}
    with pytest.raises(VendorAuthError, match="needs read access"):
        stream.validate_response(_response(403, body))


def test_400_carries_pagerdutys_error_list(stream):
    body = {
        "error": {
            "message": "Arguments Caused Error",
            "code": 2002,
            "errors": ["Offset+limit exceeds maximum allowed value of 10000."],
        }
    }
    with pytest.raises(FatalAPIError, match=r"code 2002.*Offset\+limit exceeds"):
        stream.validate_response(_response(400, body))


def test_429_is_retriable_and_pauses_every_thread(stream):
    body = {"error": {"message": "Rate Limit Exceeded", "code": 2020}}
    with pytest.raises(RateLimitedError, match=r"HTTP 429.*Rate Limit Exceeded") as caught:
        stream.validate_response(_response(429, body, {"ratelimit-reset": "7"}))
    assert caught.value.wait == 7.0


def test_malformed_200_is_retriable(stream):
    with pytest.raises(RetriableAPIError, match=r"malformed JSON"):
        stream.validate_response(_response(200, b'{"incidents": [{"id": "P1"'))


def test_waits_follow_ratelimit_reset_then_back_off_exponentially(stream):
    waits = stream.backoff_wait_generator()
    next(waits)
    with pytest.raises(RateLimitedError) as limited:
        stream.validate_response(_response(429, {}, {"ratelimit-reset": "12"}))
    assert waits.send(limited.value) == 12.0
    failed = RetriableAPIError("503", _response(503, b"<html>"))
    assert [waits.send(failed) for _ in range(3)] == [2.0, 4.0, 8.0]


def test_404_on_a_top_level_list_is_fatal_and_names_the_api_url(stream):
    body = {"error": {"message": "Not Found", "code": 2100}}
    with pytest.raises(FatalAPIError, match=r"HTTP 404 Not Found.*`api_url`.*\(code 2100\)"):
        stream.validate_response(_response(404, body))
