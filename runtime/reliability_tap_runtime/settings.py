"""The transport settings every tap offers, described once."""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime

from singer_sdk import typing as th

#: Seconds one request may spend waiting on retries and rate limits before the run fails.
DEFAULT_MAX_RETRY_WAIT = 900
#: The transport settings' defaults: the schema's (`transport_properties`), and what the
#: runtime's streams use in a tap that does not offer the setting.
TRANSPORT_DEFAULTS: dict[str, int] = {
    "request_timeout": 60,
    "max_retries": 8,
    "max_retry_wait": DEFAULT_MAX_RETRY_WAIT,
    "max_concurrency": 8,
}


def transport_setting(config: t.Mapping[str, t.Any], name: str) -> int:
    """A transport setting's value.

    The SDK fills the schema's default into the config; `TRANSPORT_DEFAULTS` serves a tap
    whose schema does not offer the setting.
    """
    value = config.get(name)
    return int(TRANSPORT_DEFAULTS[name] if value is None else value)


def start_date(config: t.Mapping[str, t.Any]) -> datetime | None:
    """The `start_date` setting as an aware UTC datetime (`None` when unset).

    The one place a tap parses it (`RuntimeTap` rejects an unparsable one at start, with
    :func:`start_date_error`). A value without a zone is UTC.
    """
    value = config.get("start_date")
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value))
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def transport_properties(
    *,
    vendor: str,
    requests_per_minute: int,
    budget_note: str,
    concurrency_note: str = "Requests in flight at once for per-object endpoints.",
    max_concurrency: int = TRANSPORT_DEFAULTS["max_concurrency"],
) -> list[th.Property]:
    """The transport settings, with this vendor's defaults.

    `request_timeout`, `max_retries`, `max_retry_wait`, `requests_per_minute`,
    `max_concurrency` and `user_agent`.

    Args:
        vendor: The vendor's name, for the descriptions.
        requests_per_minute: Default client-side budget (0: none).
        budget_note: What the vendor itself allows, for the budget's description.
        concurrency_note: What `max_concurrency` parallelises in this tap.
        max_concurrency: Default requests in flight.
    """
    return [
        th.Property(
            "request_timeout",
            th.IntegerType(minimum=1),
            default=TRANSPORT_DEFAULTS["request_timeout"],
            title="Request timeout",
            description="Seconds to wait for one response before retrying.",
        ),
        th.Property(
            "max_retries",
            th.IntegerType(minimum=0),
            default=TRANSPORT_DEFAULTS["max_retries"],
            title="Maximum retries",
            description="Retries of one request after a 5xx, timeout, dropped connection or "
            f"malformed body ({vendor}'s rate limits are waited out instead, within "
            "`max_retry_wait`).",
        ),
        th.Property(
            "max_retry_wait",
            th.IntegerType(minimum=1),
            default=TRANSPORT_DEFAULTS["max_retry_wait"],
            title="Maximum retry wait",
            description="Seconds one request may spend waiting on retries and rate limits "
            "before the run fails.",
        ),
        th.Property(
            "requests_per_minute",
            th.IntegerType(minimum=0),
            default=requests_per_minute,
            title="Requests per minute",
            description=f"Client-side request budget ({budget_note}); 0 disables the "
            f"throttle (the tap still honours {vendor}'s rate-limit headers and 429s).",
        ),
        th.Property(
            "max_concurrency",
            th.IntegerType(minimum=1, maximum=32),
            default=max_concurrency,
            title="Maximum concurrency",
            description=concurrency_note,
        ),
        th.Property(
            "user_agent",
            th.StringType,
            title="User agent",
            description="User-Agent header sent with every request.",
        ),
    ]


def start_date_error(value: object) -> str | None:
    """Why a `start_date` setting is not an ISO-8601 date-time (`None` when it is)."""
    if not value:
        return None
    try:
        start_date({"start_date": value})
    except ValueError:
        return f"`start_date` {value!r} is not an ISO-8601 date-time."
    return None


def missing_setting(tap: str, setting: str, what: str) -> str:
    """The one-line error for a required setting left empty, with every way to set it.

    `TAP_X_SETTING` alone does nothing to a tap run outside Meltano without `--config=ENV`,
    so the hint names the Meltano command, the variable and the standalone flag together.
    """
    env = f"{tap}_{setting}".upper().replace("-", "_")
    return (
        f"`{setting}` is empty: give it {what} — `meltano config set {tap} {setting} <value>` "
        f"or {env} in .env under Meltano; standalone, in the --config file or as {env} "
        "with --config=ENV."
    )
