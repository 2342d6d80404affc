"""The incoming state, checked before any request: a bad bookmark stops the run at start.

Meltano hands a tap whatever was saved (or set with `meltano state set`). Two kinds of bad
state are worse than a failure:

- a bookmark in the future (a clock that was wrong once, a hand-edited year): every later
  sync asks for rows newer than it and silently reads nothing, forever;
- a value that is not a Singer state at all (`{"singer_state": "garbage"}` gives the tap the
  string `"garbage"`, which singer-sdk takes for a file name).

:func:`state_problems` says what is wrong, one short phrase each; the tap refuses such a
state with one line that also says how to reset it (:func:`state_error`). Timestamps may be
ahead of this machine's clock by :data:`FUTURE_SKEW` (a vendor's clock, a small drift).
"""

from __future__ import annotations

import json
import typing as t
from datetime import UTC, date, datetime, timedelta

from reliability_tap_runtime.errors import StateError

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

#: How far ahead of this machine's clock a bookmark may be.
FUTURE_SKEW = timedelta(hours=1)
#: Top-level keys of a Singer state.
TOP_LEVEL_KEYS = frozenset({"bookmarks", "currently_syncing"})
#: Keys that hold a replication-key value wherever the SDK writes them.
REPLICATION_VALUE_KEYS = ("replication_key_value", "replication_key_signpost")
#: How many problems one line names.
_SHOWN = 3


def parse_timestamp(value: object) -> datetime | None:
    """`value` as an aware UTC datetime if it is an ISO-8601 date or date-time string."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _shown(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else f"{text[:57]}..."  # noqa: PLR2004


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "null")


def _lookup(entry: Mapping[str, t.Any], path: str) -> tuple[bool, object]:
    value: object = entry
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _entries(name: str, stream_state: dict[str, t.Any]) -> Iterator[tuple[str, dict[str, t.Any]]]:
    """The stream's own state, its progress markers and each partition's, with a label."""
    yield f"bookmarks.{name}", stream_state
    markers = stream_state.get("progress_markers")
    if isinstance(markers, dict):
        yield f"bookmarks.{name}.progress_markers", markers
    for i, partition in enumerate(stream_state.get("partitions") or []):
        if isinstance(partition, dict):
            yield f"bookmarks.{name}.partitions[{i}]", partition


def shape_problems(state: object) -> list[str]:
    """What makes `state` not a Singer state (checked before the SDK reads it)."""
    if state is None or state == {}:
        return []
    if not isinstance(state, dict):
        return [f"the state is {_kind(state)} ({_shown(state)}), not a Singer state object"]
    problems = [
        f"unexpected top-level key {key!r} (a Singer state holds 'bookmarks')"
        for key in state
        if key not in TOP_LEVEL_KEYS
    ]
    bookmarks = state.get("bookmarks", {})
    if not isinstance(bookmarks, dict):
        return [*problems, f"'bookmarks' is {_kind(bookmarks)}, not an object of streams"]
    for name, stream_state in bookmarks.items():
        where = f"bookmarks.{name}"
        if not isinstance(stream_state, dict):
            problems.append(f"{where} is {_kind(stream_state)}, not an object")
            continue
        partitions = stream_state.get("partitions", [])
        if not isinstance(partitions, list):
            problems.append(f"{where}.partitions is {_kind(partitions)}, not an array")
            continue
        for i, partition in enumerate(partitions):
            if not isinstance(partition, dict) or not isinstance(partition.get("context"), dict):
                problems.append(f"{where}.partitions[{i}] is not an object with a 'context'")
        markers = stream_state.get("progress_markers", {})
        if not isinstance(markers, dict):
            problems.append(f"{where}.progress_markers is {_kind(markers)}, not an object")
    return problems


def value_problems(
    state: Mapping[str, t.Any],
    timestamp_keys: Mapping[str, tuple[str, ...]],
    *,
    now: datetime | None = None,
) -> list[str]:
    """Bookmarks that are not timestamps, or lie in the future (a well-shaped `state`).

    Args:
        state: The incoming state (already past :func:`shape_problems`).
        timestamp_keys: Per stream name, the state keys besides the replication-key value
            that hold timestamps (dotted for nested ones: `resume.floor`).
        now: The current time (default: this machine's clock).
    """
    latest = (now or datetime.now(UTC)) + FUTURE_SKEW
    problems: list[str] = []
    for name, stream_state in (state.get("bookmarks") or {}).items():
        keys = (*REPLICATION_VALUE_KEYS, *timestamp_keys.get(name, ()))
        for where, entry in _entries(name, stream_state):
            for key in keys:
                found, value = _lookup(entry, key)
                if not found or value is None:
                    continue
                parsed = parse_timestamp(value)
                if parsed is None:
                    problems.append(f"{where}.{key} = {_shown(value)} is not a timestamp")
                elif parsed > latest:
                    problems.append(
                        f"{where}.{key} = {_shown(value)} is in the future (every later sync "
                        "would read nothing newer)"
                    )
    return problems


def reset_advice(tap_name: str) -> str:
    """How to reset a tap's state with Meltano, in one sentence."""
    return (
        f"Reset it: `meltano state clear <state-id>` (the next run reads again from "
        f"`start_date`; rows are upserted) or `meltano state set <state-id> '<json>'` with a "
        f"corrected bookmark; `meltano state list '*{tap_name}*'` shows the id "
        f"(`<environment>:{tap_name}-to-<loader>`). See docs/operations.md, 'Resetting state'."
    )


def state_error(tap_name: str, problems: list[str]) -> StateError:
    """The one-line refusal: what is wrong (the first few problems) and how to reset."""
    more = len(problems) - _SHOWN
    listed = "; ".join(problems[:_SHOWN]) + (f"; and {more} more" if more > 0 else "")
    return StateError(f"{tap_name} refuses its saved state: {listed}. {reset_advice(tap_name)}")


def check_state(
    tap_name: str,
    state: object,
    timestamp_keys: Mapping[str, tuple[str, ...]],
    *,
    now: datetime | None = None,
) -> None:
    """Raise :class:`StateError` if `state` is malformed or holds a bad bookmark."""
    problems = shape_problems(state)
    if not problems and isinstance(state, dict):
        problems = value_problems(state, timestamp_keys, now=now)
    if problems:
        raise state_error(tap_name, problems)
