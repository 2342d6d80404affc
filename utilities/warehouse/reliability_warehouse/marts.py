"""Read the dbt marts (schema `reliability`) for the reports: never the raw_* tables.

The reports sit at the end of the one-way flow (taps -> raw -> staging -> marts -> reports), so
every number they show is a mart's and can be traced to it. A mart that is missing (not built
yet, or renamed) or a column that changed is one section's problem: `MartUnavailable` carries a
one-line reason, and the caller shows it in place of that section.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import psycopg
from psycopg.rows import dict_row

MARTS_SCHEMA = "reliability"

Row = dict[str, t.Any]


class MartUnavailable(Exception):  # noqa: N818 - reads as the condition it reports
    """A mart the report needs cannot be read; `str()` is one line for the reader."""


def month_start(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def previous_month(month: date) -> date:
    """The first day of the month before `month`'s."""
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after `month`'s."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Period:
    """The months the report speaks of: the current (partial) one and the last complete one.

    The current month is the one the data has not finished, not the calendar's: marts built on
    3 December describe a partial December, and November is the last month to compare.
    """

    current_month: date
    source: str
    as_of: date | None = None  # the day the data reaches, when a mart tells
    as_of_source: str | None = None  # which mart told (default: `source`)

    @property
    def last_complete_month(self) -> date:
        """The month before the partial one: the one to read and compare."""
        return previous_month(self.current_month)

    @property
    def basis(self) -> str:
        """How the report knows the month is partial, for its readers."""
        if self.as_of is None:
            return f"per {self.source}"
        if self.as_of_source in (None, self.source):
            return f"data up to {self.as_of}, from {self.source}"
        return f"per {self.source}; data up to {self.as_of}, from {self.as_of_source}"

    def is_partial(self, month: date | None) -> bool:
        """Whether the data covers only part of `month` (the current month or later)."""
        return month is not None and month >= self.current_month

    def label(self, month: date | None) -> str:
        """A month as the charts show it: `2026-11`, or `2026-12 (partial)`."""
        if month is None:
            return "no month"
        return f"{month:%Y-%m} (partial)" if self.is_partial(month) else f"{month:%Y-%m}"


class Marts:
    """Queries against the marts of one warehouse connection.

    Autocommit: a failed query leaves the connection usable for the next section.
    """

    def __init__(self, conn: psycopg.Connection[t.Any], schema: str = MARTS_SCHEMA) -> None:
        """Use `conn` (autocommit) and the marts in `schema`."""
        self.conn = conn
        self.schema = schema
        self._exists: dict[str, bool] = {}

    @classmethod
    def connect(cls, url: str) -> Marts:
        """Connect to the warehouse at `url`."""
        return cls(psycopg.connect(url, connect_timeout=10, autocommit=True))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def qualified(self, mart: str) -> str:
        """`schema.mart`."""
        return f"{self.schema}.{mart}"

    def exists(self, mart: str) -> bool:
        """Whether the mart is built (asked once per report)."""
        if mart not in self._exists:
            found = self.conn.execute(
                "select to_regclass(%s) is not null", (self.qualified(mart),)
            ).fetchone()
            self._exists[mart] = bool(found and found[0])
        return self._exists[mart]

    def rows(self, mart: str, sql: str, params: t.Sequence[t.Any] = ()) -> list[Row]:
        """Run `sql`, where `{mart}` stands for the schema-qualified mart, as dict rows."""
        if not self.exists(mart):
            msg = f"mart {self.qualified(mart)} is missing (run `dbt build` to create it)"
            raise MartUnavailable(msg)
        query = sql.format(mart=self.qualified(mart))
        try:
            with self.conn.cursor(row_factory=dict_row) as cur:
                return cur.execute(query, params).fetchall()
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            msg = f"mart {self.qualified(mart)} cannot be read: {first}"
            raise MartUnavailable(msg) from exc

    def period(self, today: date | None = None) -> Period:
        """Which month is partial.

        The scorecard's own flag first (`is_partial_month`: dbt's as-of date, and the model's
        documentation says reports show the latest month where it is false); else DORA's partial
        month (its as-of: the latest deployment sync); else the latest SLO day loaded; else
        `today` (UTC). The day the data reaches is shown when a mart tells it for that month.
        """
        as_of, as_of_source = self._as_of()
        try:
            flags = self.rows(
                "service_scorecard_monthly",
                "select max(month_start) filter (where not is_partial_month) as complete, "
                "min(month_start) filter (where is_partial_month) as partial from {mart}",
            )[0]
        except MartUnavailable:
            flags = {"complete": None, "partial": None}
        if flags["partial"] is not None or flags["complete"] is not None:
            current = flags["partial"] or next_month(flags["complete"])
            same = as_of is not None and month_start(as_of) == current
            return Period(
                current_month=current,
                source=f"{self.qualified('service_scorecard_monthly')}.is_partial_month",
                as_of=as_of if same else None,
                as_of_source=as_of_source if same else None,
            )
        if as_of is not None and as_of_source is not None:
            return Period(current_month=month_start(as_of), source=as_of_source, as_of=as_of)
        day = today or datetime.now(UTC).date()
        return Period(current_month=month_start(day), source="the report's run date", as_of=day)

    def _as_of(self) -> tuple[date | None, str | None]:
        """The day the data reaches: DORA's partial month end, else the last SLO day."""
        for mart, sql in (
            (
                "dora_monthly",
                # The partial month's first day plus the days measured, rounded up: its last day.
                (
                    "select max(month_start) + make_interval(days => "
                    "greatest(ceil(max(days_measured))::int, 1) - 1) as as_of "
                    "from {mart} where is_partial_month"
                ),
            ),
            ("slo_status", "select max(as_of_date) as as_of from {mart}"),
        ):
            try:
                found = self.rows(mart, sql)
            except MartUnavailable:
                continue
            value = found[0]["as_of"] if found else None
            if value is not None:
                return (value.date() if isinstance(value, datetime) else value), self.qualified(
                    mart
                )
        return None, None
