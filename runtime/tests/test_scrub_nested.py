"""scrub_text on nested vendor objects: key paths dropped, pseudonymised as people, scrubbed.

Expected values are written out or recomputed here with hashlib (the pseudonym docs/privacy.md
specifies: sha256(key + trimmed lower-case value)), never taken from the function under test.
"""

from __future__ import annotations

import hashlib

import pytest
from reliability_tap_runtime.scrub import scrub_text

KEY = "k" * 40


def _p(value: str) -> str:
    return hashlib.sha256((KEY + value.strip().lower()).encode()).hexdigest()


def test_without_paths_an_object_is_returned_as_it_is() -> None:
    # What the maps relied on before paths existed: a non-string passes through.
    record = {"request": {"body": "jane@example.com"}}
    assert scrub_text(record, KEY) == record
    assert scrub_text(None, KEY, drop=("body",)) is None
    assert scrub_text(7, KEY, drop=("body",)) == 7


def test_a_short_key_fails_for_objects_too() -> None:
    with pytest.raises(KeyError, match="PRIVACY_PSEUDONYM_KEY"):
        scrub_text({"a": "b"}, "short", drop=("a",))


def test_paths_from_the_root_with_one_and_any_keys() -> None:
    value = {
        "body": "top",
        "request": {"body": "one level", "url": "https://shop.example.com/"},
        "steps": [{"request": {"body": "in a list item"}}, {"name": "kept"}],
        "other": {"deep": {"request": {"body": "three levels"}}},
        "a": {"x": {"b": "one key between"}, "b": "no key between"},
    }
    out = scrub_text(value, KEY, drop=("**.request.body", "a.*.b"))
    assert out == {
        "body": "top",  # `**.request.body` needs a `request`
        "request": {"body": None, "url": "https://shop.example.com/"},
        "steps": [{"request": {"body": None}}, {"name": "kept"}],
        "other": {"deep": {"request": {"body": None}}},
        "a": {"x": {"b": None}, "b": "no key between"},  # `*` is exactly one key
    }


def test_a_dropped_key_stays_with_null() -> None:
    out = scrub_text(
        {"basicAuth": {"password": "hunter2"}, "method": "GET"}, KEY, drop=("basicAuth",)
    )
    assert out == {"basicAuth": None, "method": "GET"}


def test_people_strings_lists_and_user_objects() -> None:
    value = {
        "assigneeEmail": " Jane.Doe@Example.com",
        "owners": ["Jane Doe", "ops@example.com"],
        "user": {
            "id": "7",
            "name": "Jane Doe",
            "username": "jdoe",
            "email": "jane.doe@example.com",
            "avatarUrl": "https://gravatar.com/avatar/1",
            "isActive": True,
            "emails": [{"id": "1", "email": "jane@home.example", "is_verified": True}],
        },
    }
    out = scrub_text(value, KEY, people=("assigneeEmail", "owners", "user"))
    assert out == {
        "assigneeEmail": _p("jane.doe@example.com"),
        "owners": [_p("jane doe"), _p("ops@example.com")],
        "user": {
            "id": "7",
            "name": _p("jane doe"),
            "username": _p("jdoe"),
            "email": _p("jane.doe@example.com"),
            "avatarUrl": None,
            "isActive": True,
            "emails": [{"id": "1", "email": _p("jane@home.example"), "is_verified": True}],
        },
    }


def test_scrub_reaches_every_string_below_the_path() -> None:
    value = {
        "assertions": [
            {"type": "body", "operator": "contains", "target": "ping jane@example.com"},
            {"type": "statusCode", "operator": "is", "target": 200},
        ],
        "title": "from 203.0.113.7",
    }
    out = scrub_text(value, KEY, scrub=("assertions",))
    assert out == {
        "assertions": [
            {"type": "body", "operator": "contains", "target": f"ping {_p('jane@example.com')}"},
            {"type": "statusCode", "operator": "is", "target": 200},
        ],
        "title": "from 203.0.113.7",  # not on a path: kept (it is no free text here)
    }


def test_a_kept_string_keeps_no_address_but_its_server() -> None:
    value = {"url": "https://10.0.0.5/invite?u=Jane@Example.com", "version": "1.2.3.4"}
    out = scrub_text(value, KEY, drop=("body",))
    assert out == {
        "url": f"https://10.0.0.5/invite?u={_p('jane@example.com')}",
        "version": "1.2.3.4",
    }


def test_the_first_treatment_wins_drop_then_people_then_scrub() -> None:
    out = scrub_text(
        {"author": {"email": "jane@example.com"}},
        KEY,
        drop=("author",),
        people=("author",),
        scrub=("author",),
    )
    assert out == {"author": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "https://jane:hunter2@shop.example.com/login",
            "https://[credentials]@shop.example.com/login",
        ),
        ("ftp://backup@files.example.com/x", "ftp://[credentials]@files.example.com/x"),
        ("https://shop.example.com/login", "https://shop.example.com/login"),
    ],
)
def test_a_urls_user_and_password_never_stay(text: str, expected: str) -> None:
    # In free text, and in any string kept while walking an object.
    assert scrub_text(f"see {text}", KEY) == f"see {expected}"
    assert scrub_text({"request": {"url": text}}, KEY, drop=("x",)) == {
        "request": {"url": expected}
    }
