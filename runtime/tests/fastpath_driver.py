"""Load Singer inputs through stock and fast target-postgres (run by the target's Python).

Usage: ``<target venv>/bin/python fastpath_driver.py cases.json <sqlalchemy url>``. Each case
(``{"name": ..., "lines": "<Singer messages>"}``) is loaded twice, in-process: by MeltanoLabs'
``TargetPostgres`` into schema ``<name>_stock`` and by ``fast(TargetPostgres)`` into
``<name>_fast``. Prints one JSON object: whether the fast path was on, and per case and kind
"ok" or the error that stopped the load, and how many batches the fast target wrote by its
raw path and how many the raw path refused (``<case>/fast/raw``: [written, refused]).
"""

from __future__ import annotations

import io
import json
import logging
import sys

from reliability_tap_runtime import target_fastpath
from reliability_tap_runtime.target_fastpath import fast
from target_postgres.target import TargetPostgres


def switches(url: str) -> dict[str, object]:
    """Where the fast path turns itself off: settings it leaves to stock code, other versions."""
    config = {"sqlalchemy_url": url, "flattening_enabled": True, "flattening_max_depth": 1}
    flattening = fast(TargetPostgres)(config=config)
    target_fastpath.PINNED["singer-sdk"] = "0.0.1"
    try:
        other_version = fast(TargetPostgres)
    finally:
        del target_fastpath.PINNED["singer-sdk"]
    return {
        "flattening_sink": flattening.default_sink_class.__name__,
        "flattening_reader": type(flattening.message_reader).__name__,
        "other_version_class": other_version.__name__,
    }


class StateProbe(io.StringIO):
    """Stands for stdout: at each STATE message the target writes, the rows committed so far.

    The SDK writes a STATE message once the batches before it are written; Meltano saves it
    as the point the next run resumes from, so a row not yet committed then could be lost.
    """

    def __init__(self, url: str, schema: str) -> None:
        """Count rows of `schema` through its own connection (committed rows only)."""
        super().__init__()
        self.url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self.schema = schema
        self.committed: list[int] = []

    def write(self, text: str) -> int:
        """Record the committed rows when a line is written."""
        if text.strip():
            self.committed.append(committed_rows(self.url, self.schema))
        return len(text)


class RawBatches(logging.Handler):
    """Counts the fast target's log lines for batches written raw and batches refused.

    Also keeps every "No schema for record field" line (logger, level, message), in order.
    """

    def __init__(self) -> None:
        """Start at zero."""
        super().__init__(logging.INFO)
        self.written = self.refused = 0
        self.no_schema: list[list[str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Count one line."""
        message = record.getMessage()
        self.written += message.startswith("Inserted ") and " raw records into " in message
        self.refused += message.startswith("Raw path refused a batch")
        if message.startswith("No schema for record field"):
            self.no_schema.append([record.name, record.levelname, message])


def close_connections() -> None:
    """Close the pooled connections of every engine the targets made (one per sink).

    Cases with many streams would otherwise exhaust the test server's connections.
    """
    import gc  # noqa: PLC0415

    import sqlalchemy  # noqa: PLC0415

    gc.collect()
    for obj in gc.get_objects():
        if isinstance(obj, sqlalchemy.engine.Engine):
            obj.dispose()


def committed_rows(url: str, schema: str) -> int:
    """Rows in every table of `schema`, as another session sees them."""
    import psycopg  # noqa: PLC0415

    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "select table_name from information_schema.tables where table_schema = %s",
            (schema,),
        ).fetchall()
        return sum(
            conn.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]  # noqa: S608
            for (table,) in tables
        )


def main() -> None:
    cases = json.loads(open(sys.argv[1], encoding="utf-8").read())  # noqa: PTH123, SIM115
    url = sys.argv[2]
    out: dict[str, object] = switches(url)
    for case in cases:
        fast_class = fast(TargetPostgres)  # a fresh class per case: its NaN flag starts off
        out["engaged"] = fast_class.default_sink_class.__name__ == "FastPostgresSink"
        for kind, target_class in (("stock", TargetPostgres), ("fast", fast_class)):
            config = {
                "sqlalchemy_url": url,
                "default_target_schema": f"{case['name']}_{kind}",
                "use_copy": True,
                "validate_records": False,
                "hard_delete": False,
                # Small batches: a key sent again lands in another batch (an upsert).
                "batch_size_rows": case.get("batch_size_rows", 3),
            }
            probe = StateProbe(url, config["default_target_schema"])
            stdout, sys.stdout = sys.stdout, probe
            batches = RawBatches()
            logging.getLogger(TargetPostgres.name).setLevel(logging.INFO)  # the CLI's level
            logging.getLogger(TargetPostgres.name).addHandler(batches)
            try:
                target_class(config=config).listen(io.StringIO(case["lines"]))
                out[f"{case['name']}/{kind}"] = "ok"
            except Exception as exc:  # noqa: BLE001 - the error is the result
                out[f"{case['name']}/{kind}"] = f"{type(exc).__name__}: {str(exc)[:300]}"
            finally:
                sys.stdout = stdout
                logging.getLogger(TargetPostgres.name).removeHandler(batches)
            close_connections()
            out[f"{case['name']}/{kind}/committed_at_state"] = probe.committed
            out[f"{case['name']}/{kind}/raw"] = [batches.written, batches.refused]
            out[f"{case['name']}/{kind}/no_schema"] = batches.no_schema
    print(json.dumps(out))  # noqa: T201


if __name__ == "__main__":
    main()
