# ruff: noqa: INP001 - loaded by SQLFluff from library_path, not imported as a package
"""A stand-in for dbt's `adapter` under SQLFluff's jinja templater.

A dispatched macro renders as a function call of the same name (`json_text(col, 'a')`): the
linter sees an expression where the Postgres or Redshift implementation would put one. The
macros that return a whole select render as one, reading the relation they are given.
"""

from __future__ import annotations

import typing as t

SELECTS = {"unnest_reference_ids", "unnest_json_fields"}


def _literal(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_literal(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_literal(item) for item in value)
    return f"'{value}'" if isinstance(value, str) else str(value)


def dispatch(macro_name: str, macro_namespace: str | None = None) -> t.Callable[..., str]:  # noqa: ARG001
    """`adapter.dispatch`: the macro as a call taking its first argument as SQL."""

    def call(*args: object, **kwargs: object) -> str:
        values = [*args, *kwargs.values()]
        first = str(values[0]) if values else ""
        rendered = ", ".join([first, *(_literal(v) for v in values[1:])]) if values else ""
        if macro_name in SELECTS:
            return f"select {macro_name}({rendered}) as {macro_name} from {first}"  # noqa: S608 - linted, never run
        return f"{macro_name}({rendered})"

    return call


def quote(identifier: str) -> str:
    """`adapter.quote`."""
    return f'"{identifier}"'


def get_relation(database: object = None, schema: object = None, identifier: object = None) -> None:
    """`adapter.get_relation`: nothing exists while linting."""
