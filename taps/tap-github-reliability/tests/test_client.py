"""Unit tests of the client's rate-limit arithmetic and token rotation."""

from __future__ import annotations

import time

import requests
from tap_github_reliability.client import SECONDARY_WAIT, Tokens
from tap_github_reliability.tap import TapGitHubReliability


def _response(status: int, headers: dict[str, str], body: bytes = b"{}") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    response._content = body
    response.url = "https://api.github.com/repos/acme/x/hooks"
    response.request = requests.Request(
        "GET", response.url, headers={"Authorization": "Bearer a"}
    ).prepare()
    return response


def _stream():
    tap = TapGitHubReliability(
        config={"auth_token": "a", "additional_auth_tokens": ["b"], "organizations": ["acme"]},
        parse_env_config=False,
    )
    return tap.streams["repo_hooks"]


def test_tokens_rotate_then_wait_for_the_earliest_reset():
    tokens = Tokens(["a", "b"])
    now = time.time()
    assert tokens.exhausted("a", now + 100) == 0.0
    assert tokens.current == "b"
    wait = tokens.exhausted("b", now + 50)
    assert 45 < wait <= 50
    assert tokens.current == "b"


def test_secondary_limit_without_retry_after_waits_a_minute():
    stream = _stream()
    body = b'{"message": "You have exceeded a secondary rate limit."}'
    wait, kind = stream._rate_limit_wait(_response(403, {}, body))
    assert (wait, kind) == (SECONDARY_WAIT, "secondary")


def test_secondary_limit_honours_retry_after():
    stream = _stream()
    wait, kind = stream._rate_limit_wait(_response(429, {"Retry-After": "7"}))
    assert (wait, kind) == (7.0, "secondary")


def test_primary_limit_rotates_without_waiting():
    stream = _stream()
    reset = str(int(time.time()) + 600)
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    wait, kind = stream._rate_limit_wait(_response(403, headers))
    assert (wait, kind) == (0.0, "primary")
    assert stream.http.tokens.current == "b"


def test_a_plain_403_is_not_a_rate_limit():
    stream = _stream()
    body = b'{"message": "Must have admin rights to Repository."}'
    assert stream._rate_limit_wait(_response(403, {}, body)) is None
