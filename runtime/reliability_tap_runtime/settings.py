"""The transport settings every tap offers, described once."""

from __future__ import annotations

from datetime import datetime

from singer_sdk import typing as th

#: Seconds one request may spend waiting on retries and rate limits before the run fails.
DEFAULT_MAX_RETRY_WAIT = 900


def transport_properties(
    *,
    vendor: str,
    requests_per_minute: int,
    budget_note: str,
    concurrency_note: str = "Requests in flight at once for per-object endpoints.",
    max_concurrency: int = 8,
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
            default=60,
            title="Request timeout",
            description="Seconds to wait for one response before retrying.",
        ),
        th.Property(
            "max_retries",
            th.IntegerType(minimum=0),
            default=8,
            title="Maximum retries",
            description="Retries of one request after a 5xx, timeout, dropped connection or "
            f"malformed body ({vendor}'s rate limits are waited out instead, within "
            "`max_retry_wait`).",
        ),
        th.Property(
            "max_retry_wait",
            th.IntegerType(minimum=1),
            default=DEFAULT_MAX_RETRY_WAIT,
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
        datetime.fromisoformat(str(value))
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
