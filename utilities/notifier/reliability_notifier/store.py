"""The warehouse side: read breaches and channel settings, keep the alert state.

The alert state is a table of the notifier's own schema (`alerting_state.alert_state` by
default): one row per alert and destination with the status last sent there and when. It is
written only after the channel accepted, in one transaction per message.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from reliability_notifier.model import (
    RESOLVED,
    Breach,
    ChannelSetting,
    Delivery,
    Message,
    StateRow,
)

if TYPE_CHECKING:
    import datetime as dt

LOGGER = logging.getLogger("reliability_notifier")
CHANNELS = {"slack", "pagerduty", "email"}
# One notifier at a time: two runs reading the same state would both send.
LOCK_KEY = 0x5E1AB1E  # arbitrary, constant: pg_advisory_lock's key for this program

STATE_DDL = """
create table if not exists {table} (
    alert_key text not null,
    destination text not null,
    team_key text not null,
    channel text not null,
    secret_env text,
    email_to text,
    rule_id text not null,
    entity_key text not null,
    status integer not null,
    first_notified_at timestamptz,
    last_notified_at timestamptz not null,
    resolved_at timestamptz,
    primary key (alert_key, destination)
)
"""


def table_identifier(name: str) -> sql.Composable:
    """`schema.table` (or `table`) as a quoted identifier."""
    return sql.Identifier(*name.split("."))


def state_table(schema: str) -> sql.Composable:
    """The alert state table of a schema."""
    return sql.Identifier(schema, "alert_state")


def connect(url: str) -> psycopg.Connection[dict[str, Any]]:
    """Open the warehouse connection (dict rows)."""
    return psycopg.connect(url, row_factory=dict_row)


def try_lock(conn: psycopg.Connection[dict[str, Any]]) -> bool:
    """Take the session's advisory lock; False when another notifier holds it."""
    row = conn.execute("select pg_try_advisory_lock(%s) as locked", (LOCK_KEY,)).fetchone()
    conn.commit()
    return bool(row and row["locked"])


def ensure_state(conn: psycopg.Connection[dict[str, Any]], schema: str) -> None:
    """Create the state schema and table on first use."""
    conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
    conn.execute(sql.SQL(STATE_DDL).format(table=state_table(schema)))
    conn.commit()


def read_breaches(conn: psycopg.Connection[dict[str, Any]], table: str) -> list[Breach]:
    """Every breach of alert_breaches; a malformed row is skipped with one error line."""
    rows = conn.execute(sql.SQL("select * from {}").format(table_identifier(table))).fetchall()
    breaches = []
    for row in rows:
        try:
            breaches.append(
                Breach(
                    alert_key=str(row["alert_key"]),
                    rule_id=str(row["rule_id"]),
                    alert_kind=str(row["alert_kind"]),
                    entity_type=str(row["entity_type"]),
                    entity_key=str(row["entity_key"]),
                    owning_team_key=row.get("owning_team_key"),
                    metric=str(row["metric"]),
                    comparison=str(row["comparison"]),
                    threshold=float(row["threshold"]),
                    measured_value=None
                    if row.get("measured_value") is None
                    else float(row["measured_value"]),
                    status=int(row["status"]),
                    repeat_interval_hours=float(row["repeat_interval_hours"]),
                    description=row.get("description") or "",
                    service_name=row.get("service_name"),
                    measured_for=row.get("measured_for"),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            LOGGER.error("alert_breaches row %s skipped: %s", row.get("alert_key"), error)  # noqa: TRY400
    conn.commit()
    return breaches


def read_settings(conn: psycopg.Connection[dict[str, Any]], table: str) -> list[ChannelSetting]:
    """Every channel setting; a row with an unknown channel or status is skipped (logged)."""
    rows = conn.execute(sql.SQL("select * from {}").format(table_identifier(table))).fetchall()
    settings = []
    for row in rows:
        channel = row.get("channel")
        try:
            if channel not in CHANNELS:
                msg = f"unknown channel {channel!r}"
                raise ValueError(msg)  # noqa: TRY301
            settings.append(
                ChannelSetting(
                    team_key=str(row["team_key"]),
                    alert_kind=str(row.get("alert_kind") or "any"),
                    channel=str(channel),
                    min_status=int(row.get("min_status") or 1),
                    secret_env=row.get("secret_env") or None,
                    email_to=row.get("email_to") or None,
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            LOGGER.error("notification setting %s skipped: %s", dict(row), error)  # noqa: TRY400
    conn.commit()
    return settings


def read_state(conn: psycopg.Connection[dict[str, Any]], schema: str) -> list[StateRow]:
    """The alert state: what was last sent for each alert and destination."""
    rows = conn.execute(
        sql.SQL(
            "select alert_key, destination, team_key, channel, secret_env, email_to, rule_id,"
            " entity_key, status, last_notified_at, first_notified_at from {}"
        ).format(state_table(schema))
    ).fetchall()
    conn.commit()
    return [StateRow(**row) for row in rows]


def write_state(
    conn: psycopg.Connection[dict[str, Any]],
    schema: str,
    message: Message,
    accepted: list[Delivery],
    now: dt.datetime,
) -> None:
    """Record what the channel accepted, all in one transaction."""
    query = sql.SQL(
        """
        insert into {table} as state (
            alert_key, destination, team_key, channel, secret_env, email_to, rule_id,
            entity_key, status, first_notified_at, last_notified_at, resolved_at
        ) values (
            %(alert_key)s, %(destination)s, %(team_key)s, %(channel)s, %(secret_env)s,
            %(email_to)s, %(rule_id)s, %(entity_key)s, %(status)s, %(first)s, %(now)s,
            %(resolved)s
        )
        on conflict (alert_key, destination) do update set
            team_key = excluded.team_key,
            status = excluded.status,
            first_notified_at = case
                when state.status = 0 then excluded.first_notified_at
                else coalesce(state.first_notified_at, excluded.first_notified_at)
            end,
            last_notified_at = excluded.last_notified_at,
            resolved_at = excluded.resolved_at
        """
    ).format(table=state_table(schema))
    channel = message.channel
    with conn.transaction():
        for delivery in accepted:
            resolved = delivery.status == RESOLVED
            conn.execute(
                query,
                {
                    "alert_key": delivery.alert_key,
                    "destination": channel.destination,
                    "team_key": message.team_key,
                    "channel": channel.channel,
                    "secret_env": channel.secret_env,
                    "email_to": channel.email_to,
                    "rule_id": delivery.rule_id,
                    "entity_key": delivery.entity_key,
                    "status": delivery.status,
                    "first": None if resolved else now,
                    "now": now,
                    "resolved": now if resolved else None,
                },
            )
