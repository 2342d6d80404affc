# ruff: noqa: INP001 - loaded by SQLFluff from library_path, not imported as a package
"""A stand-in for dbt's `model` node under SQLFluff's jinja templater (what macros read)."""

unique_id = "model.reliability.linted_model"
