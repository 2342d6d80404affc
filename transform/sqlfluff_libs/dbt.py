# ruff: noqa: INP001 - loaded by SQLFluff from library_path, not imported as a package
"""Stand-ins for dbt's cross-database macros under SQLFluff's jinja templater.

The project lints its models with the jinja templater (no dbt compile, no warehouse: see
docs/dbt-house.md, "Linting"). These functions only have to render SQL of the right shape for
the linter, not the exact text dbt renders on Postgres or Redshift.
"""

from __future__ import annotations


def date_trunc(datepart: str, date: object) -> str:
    """`dbt.date_trunc`."""
    return f"date_trunc('{datepart}', {date})"


def dateadd(datepart: str, interval: object, from_date_or_timestamp: object) -> str:
    """`dbt.dateadd`."""
    return f"({from_date_or_timestamp} + ({interval}) * interval '1 {datepart}')"


def datediff(first_date: object, second_date: object, datepart: str) -> str:
    """`dbt.datediff`."""
    return f"datediff_{datepart}({first_date}, {second_date})"


def hash(field: object) -> str:  # noqa: A001 - dbt's name
    """`dbt.hash`."""
    return f"md5(cast({field} as text))"


def split_part(string_text: object, delimiter_text: object, part_number: object) -> str:
    """`dbt.split_part`."""
    return f"split_part({string_text}, {delimiter_text}, {part_number})"


def position(substring_text: object, string_text: object) -> str:
    """`dbt.position`."""
    return f"position({substring_text} in {string_text})"


def current_timestamp() -> str:
    """`dbt.current_timestamp`."""
    return "now()"


def current_timestamp_in_utc_backcompat() -> str:
    """`dbt.current_timestamp_in_utc_backcompat`."""
    return "now()"


def type_timestamp() -> str:
    """`dbt.type_timestamp`."""
    return "timestamp"


def type_string() -> str:
    """`dbt.type_string`."""
    return "text"


def type_float() -> str:
    """`dbt.type_float`."""
    return "float"


def type_bigint() -> str:
    """`dbt.type_bigint`."""
    return "bigint"


def type_int() -> str:
    """`dbt.type_int`."""
    return "integer"


def type_numeric() -> str:
    """`dbt.type_numeric`."""
    return "numeric"


def type_boolean() -> str:
    """`dbt.type_boolean`."""
    return "boolean"


def concat(fields: list[object]) -> str:
    """`dbt.concat`."""
    return " || ".join(str(field) for field in fields)
