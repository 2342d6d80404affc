"""Fault suite: interrupt `meltano run <tap> target-postgres`, rerun, reconcile key by key.

For a tap, a scenario interrupts one run, then lets the pipeline recover, and reconciles the
warehouse with the sandbox's truth (``GET /_sandbox/truth/<vendor>``, every primary key and its
version marker): after recovery no key is lost, duplicated or stale; and a run after which
data was missing never exited 0.

Scenarios:

- ``kill_tap``: SIGKILL the tap at a seeded random moment; the world changes; rerun.
- ``sigterm_target``: SIGTERM target-postgres at a seeded moment while it streams; the world
  changes; rerun.
- ``pg_crash``: crash Postgres (immediate stop: SIGQUIT to the postmaster) right after
  Meltano saved state; restart it; rerun.
- ``pg_restart_mid_load`` (bench only): crash Postgres at a seeded moment while the target
  loads, restart it, rerun.
- ``vendor_faults``: 429 storms, 5xx, dropped connections and truncated JSON on the vendor's
  API (seeded positions) through one run with the taps' default retry policy; if it fails,
  the faults are cleared and the pipeline reruns.
- ``sigterm_draining``: SIGTERM target-postgres while it drains, after the tap has ended:
  a first run creates the tables and tells which one the target writes last; the world
  changes; in the second run that table is locked until the tap has exited and the target
  is blocked writing it (the final flush, deterministically), then the target is stopped.
  The run must fail with exactly one ``[error]`` line saying so and no traceback; rerun.

Every run of a tap starts from an empty raw schema and a fresh Meltano state database. This
module runs one case per tap (65 s on an idle 2-core machine, 4 min at load 11): tap ``i``
gets scenario ``(i + FAULT_SUITE_ROTATION) % 5``, seeded by ``FAULT_SUITE_SEED`` (default
15), so each scenario runs once. ``bench/faults.py`` runs the whole matrix, many seeds,
and prints the table.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Self

import psycopg
import pytest
from reliability_sandbox import OrgConfig, Sandbox
from reliability_warehouse.embedded import EmbeddedWarehouse

ROOT = Path(__file__).resolve().parents[1]
MELTANO = ROOT / ".venv" / "bin" / "meltano"
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
#: How far the world's clock moves between two runs of a case (`Rig.advance`): a scheduled
#: pipeline's retry an hour later. Not the wall clock: the world starts at ANCHOR, and a
#: first jump from there to today would age half a year of results and issues out of the
#: vendors' retention between the fault and the rerun — loss no pipeline could prevent.
EPOCH = timedelta(hours=1)
#: Raw tables whose rows the vendor retires by age (Datadog serves synthetic results of the
#: last 7 days): a row the uninterrupted reference read before the world moved on, and the
#: vendor no longer serves, is left out of both builds compared (`Rig.prune_aged_out`).
AGES_OUT = frozenset({("raw_datadog", "synthetics_results")})

#: tap -> (raw schema, sandbox vendor, path prefix its faults hit, bytes the tap writes on
#: the fresh test world (`Rig.output_size` measures them again once it moved on): a random
#: point is a seeded fraction of them, measured on the tap's own
#: writes (/proc/<pid>/io), not on a clock the machine's load would stretch)
TAPS: dict[str, tuple[str, str, str, int]] = {
    "tap-pagerduty": ("raw_pagerduty", "pagerduty", "/pagerduty", 1_100_000),
    "tap-sentry": ("raw_sentry", "sentry", "/sentry", 3_150_000),
    "tap-datadog": ("raw_datadog", "datadog", "/datadog", 2_360_000),
    "tap-github-reliability": ("raw_github", "github", "/github", 715_000),
    "tap-postmortems": ("raw_postmortems", "gdrive", "/google/drive", 310_000),
}
#: tap -> its dbt source (transform/models/staging/<source>/).
DBT_SOURCES = {
    "tap-pagerduty": "pagerduty",
    "tap-sentry": "sentry",
    "tap-datadog": "datadog",
    "tap-github-reliability": "github",
    "tap-postmortems": "postmortems",
}
#: What dbt builds (transform/macros/generate_schema_name.sql): compared after recovery.
MART_SCHEMAS = ("staging", "intermediate", "reliability")
#: Columns that say when a row was loaded or built, not what it says: they differ between
#: any two loads of the same data, interrupted or not.
VOLATILE_COLUMN = re.compile(r"^_sdc_|loaded_at$|_batched_at$|_extracted_at$|^dbt_|built_at$")
#: The columns `deletion_columns()` writes together (transform/macros/deletions.sql): in a
#: model that has all three, `last_seen_at` is `_sdc_extracted_at` renamed — when a sync last
#: read the object — not the vendor's `last_seen_at` of stg_sentry__issues (Sentry's lastSeen).
DELETION_COLUMNS = frozenset({"is_deleted", "deleted_at", "last_seen_at"})


def volatile_columns(columns: list[str]) -> set[str]:
    """The columns of one model that differ between any two loads of the same data.

    Those `VOLATILE_COLUMN` names, and `_sdc_extracted_at` under other names: the inventory
    models' `last_seen_at` (see `DELETION_COLUMNS`) and the PagerDuty on-calls' `read_at`.
    """
    volatile = {c for c in columns if VOLATILE_COLUMN.search(c)}
    if DELETION_COLUMNS.issubset(columns):
        volatile.add("last_seen_at")
    if "read_at" in columns:
        volatile.add("read_at")
    return volatile


def mart_differences(
    recovered: dict[str, list[tuple[str, ...]]], reference: dict[str, list[tuple[str, ...]]]
) -> list[str]:
    """One line per table whose rows differ (`Rig.mart_rows` of two databases)."""
    problems = []
    if not reference:
        problems.append("dbt built no table")
    for table in sorted(reference.keys() | recovered.keys()):
        got, want = recovered.get(table, []), reference.get(table, [])
        if got != want:
            missing = len([r for r in want if r not in got])
            surplus = len([r for r in got if r not in want])
            problems.append(
                f"{table}: {len(got)} rows vs {len(want)} uninterrupted "
                f"({missing} missing, {surplus} not in the uninterrupted run)"
            )
    return problems


SCENARIOS = ("kill_tap", "sigterm_target", "pg_crash", "vendor_faults", "sigterm_draining")
#: Also in bench/faults.py (not in the test command's rotation).
BENCH_SCENARIOS = (*SCENARIOS, "pg_restart_mid_load")
#: Keys the tap loads beyond the sandbox's truth, by design (not loss, not duplication;
#: ``extra`` otherwise counts keys the vendor never served since the case began):
#: Datadog's SLO history has a row for every day of the requested window, data or not.
EXTRA_ALLOWED = {("raw_datadog", "slo_history")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _norm(value: Any) -> Any:
    """A version marker in one comparable form (timestamps as naive UTC)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass
class Reconciliation:
    """Warehouse vs truth for one tap."""

    lost: int = 0
    duplicated: int = 0
    stale: int = 0
    extra: int = 0
    detail: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicated or self.stale)

    def summary(self) -> str:
        parts = [
            f"{table}: " + ", ".join(f"{k} {v}" for k, v in d.items())
            for table, d in self.detail.items()
        ]
        return "; ".join(parts) or "clean"


@dataclass
class Outcome:
    """One scenario on one tap."""

    scenario: str
    tap: str
    seed: int
    runs: list[tuple[str, int, Reconciliation]] = field(default_factory=list)
    note: str = ""
    #: Expectations of the scenario itself that did not hold (e.g. the failure's one line).
    broken: list[str] = field(default_factory=list)
    #: Whether a fault meant for a moment of the run reached it (None: no such moment).
    delivered: bool | None = None

    @property
    def final(self) -> Reconciliation:
        return self.runs[-1][2]

    @property
    def exit_zero_after_loss(self) -> list[str]:
        """Runs that exited 0 although data was missing or stale right after them."""
        return [
            f"{label} exited 0 with {rec.summary()}"
            for label, rc, rec in self.runs
            if rc == 0 and not rec.clean
        ]


class Rig:
    """The sandbox (test world), an embedded Postgres, and Meltano run against them."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.sandbox = Sandbox(OrgConfig.preset("test", anchor=ANCHOR))
        self.embedded = EmbeddedWarehouse(data_dir=tmp / "pgdata", port=_free_port())
        self._n = 0
        #: Times the world moved on (`advance`), and the taps' output measured since.
        self._epoch = 0
        self._output: dict[tuple[str, int], int] = {}
        self._served: dict[tuple[str, str], set[tuple[str, ...]]] = {}
        #: Marts are compared after the case (`compare_marts`): the uninterrupted reference
        #: then follows the case's history (`advance`), and its state and failures are kept.
        self.track_reference = False
        self._reference_state: Path | None = None
        self.reference_failures: list[str] = []
        # A private `.meltano` (installed plugins linked, its own `run/` directory): runs of
        # this suite never share run files or locks with someone else's run in the checkout.
        self.sys_dir = tmp / "meltano-sys"
        self.sys_dir.mkdir()
        for name in ("extractors", "loaders", "utilities"):
            (self.sys_dir / name).symlink_to(ROOT / ".meltano" / name)

    def __enter__(self) -> Self:
        self.sandbox.start()
        self.embedded.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.embedded.stop()
        self.sandbox.stop()

    # ------------------------------------------------------------------ plumbing
    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.embedded.url(), autocommit=True)

    def fresh_state(self) -> Path:
        self._n += 1
        return self.tmp / f"meltano-{self._n}.db"

    def env(self, state_db: Path) -> dict[str, str]:
        sb, wh = self.sandbox, self.embedded
        oauth = sb.vendor("gdrive").credentials
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TAP_", "TARGET_POSTGRES_", "MELTANO_"))
        }
        return {
            **env,
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
            "MELTANO_DATABASE_URI": f"sqlite:///{state_db}",
            "MELTANO_SYS_DIR_ROOT": str(self.sys_dir),
            "TAP_PAGERDUTY_API_URL": sb.vendor("pagerduty").url,
            "TAP_PAGERDUTY_TOKEN": sb.vendor("pagerduty").credentials["token"],
            "TAP_PAGERDUTY_START_DATE": "2025-01-01T00:00:00Z",
            "TAP_SENTRY_BASE_URL": sb.vendor("sentry").url,
            "TAP_SENTRY_AUTH_TOKEN": sb.vendor("sentry").credentials["auth_token"],
            "TAP_SENTRY_ORGANIZATION": "acme",
            "TAP_SENTRY_START_DATE": "2025-01-01T00:00:00Z",
            "TAP_DATADOG_API_URL": sb.vendor("datadog").url,
            "TAP_DATADOG_API_KEY": sb.vendor("datadog").credentials["api_key"],
            "TAP_DATADOG_APP_KEY": sb.vendor("datadog").credentials["app_key"],
            "TAP_DATADOG_START_DATE": "2025-01-01T00:00:00Z",
            "TAP_DATADOG_REQUESTS_PER_MINUTE": "0",
            "TAP_DATADOG_SLO_HISTORY_DAYS": str((datetime.now(UTC) - ANCHOR).days + 100),
            "TAP_GITHUB_RELIABILITY_API_URL": sb.vendor("github").url,
            "TAP_GITHUB_RELIABILITY_AUTH_TOKEN": sb.vendor("github").credentials["auth_token"],
            "TAP_GITHUB_RELIABILITY_ORGANIZATIONS": '["acme"]',
            "TAP_GITHUB_RELIABILITY_START_DATE": "2025-01-01T00:00:00Z",
            "TAP_POSTMORTEMS_SOURCE": "google_drive",
            "TAP_POSTMORTEMS_API_URL": f"{sb.vendor('gdrive').url}/",
            "TAP_POSTMORTEMS_TOKEN_URI": f"{sb.vendor('gdrive').url}/token",
            "TAP_POSTMORTEMS_CLIENT_ID": oauth["client_id"],
            "TAP_POSTMORTEMS_CLIENT_SECRET": oauth["client_secret"],
            "TAP_POSTMORTEMS_REFRESH_TOKEN": oauth["refresh_token"],
            "TAP_POSTMORTEMS_FOLDER_IDS": json.dumps(sb.vendor("gdrive").truth()["folder_ids"]),
            # The warehouse's own URL (with its password, when it has one).
            "TARGET_POSTGRES_SQLALCHEMY_URL": wh.url().replace(
                "postgresql://", "postgresql+psycopg://", 1
            ),
        }

    def start(self, tap: str, state_db: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(MELTANO), "--environment=ci", "run", tap, "target-postgres"],
            cwd=ROOT,
            env=self.env(state_db),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    def finish(self, proc: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            return -9, out + "\n[fault suite] run timed out"
        return proc.returncode, out

    def run(self, tap: str, state_db: Path) -> tuple[int, str]:
        return self.finish(self.start(tap, state_db))

    def output_size(self, tap: str) -> int:
        """Bytes a first sync of `tap` writes on the world as it is now.

        `TAPS` holds them for the fresh test world; once the world has moved on, a first
        sync writes more (new incidents, events) or less (results past the vendor's
        retention), and a point set on the old size could fall after the end. Measured by
        one sync alone into nothing (`meltano invoke`), once per epoch.
        """
        if self._epoch == 0:
            return TAPS[tap][3]
        key = (tap, self._epoch)
        if key not in self._output:
            size = 0
            with subprocess.Popen(
                [str(MELTANO), "--environment=ci", "invoke", tap],
                cwd=ROOT,
                env=self.env(self.fresh_state()),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            ) as proc:
                stdout = proc.stdout
                assert stdout is not None
                while chunk := stdout.read(1 << 16):
                    size += len(chunk)
            self._output[key] = size if proc.returncode == 0 else TAPS[tap][3]
        return self._output[key]

    def reset(self, tap: str) -> None:
        """Empty raw schema, no faults; a new reference."""
        self.sandbox.set_faults({})
        self._reference_state = None
        self.reference_failures = []
        self._served = {k: v for k, v in self._served.items() if k[0] != TAPS[tap][0]}
        with self.connect() as conn:
            conn.execute(f"drop schema if exists {TAPS[tap][0]} cascade")

    # ------------------------------------------------------------------ marts
    def advance(self, tap: str) -> None:
        """Move the world on (`Org.advance`) between two runs of a case.

        With `track_reference`, an uninterrupted run of `tap` first loads the database
        `reference` from the world as it is: the reference sees the same history as the
        case (what the vendor served before it moved on, which a load after it cannot
        read again: results past their retention, history days recomputed since), without
        the fault.
        """
        if self.track_reference:
            rc, log = self.load_reference(tap)
            if rc != 0:
                self.reference_failures.append(f"the uninterrupted run failed: {log[-1500:]}")
        self.sandbox.advance(self.sandbox.app.org.now + EPOCH)
        self._epoch += 1

    def load_reference(self, tap: str) -> tuple[int, str]:
        """An uninterrupted run of `tap` into the database `reference`.

        The case's first one starts from an empty database and fresh state; a later one
        (after `advance`) continues from the state of the ones before, as a scheduled
        pipeline would.
        """
        if self._reference_state is None:
            with self.connect() as conn:
                conn.execute("drop database if exists reference with (force)")
                conn.execute("create database reference")
            self._reference_state = self.fresh_state()
        env = self.env(self._reference_state)
        env["TARGET_POSTGRES_SQLALCHEMY_URL"] = self.embedded.url("reference").replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
        return _meltano(env, "run", tap, "target-postgres")

    def oncalls_read_at(self, database: str) -> str | None:
        """When the PagerDuty on-calls in `database` were last read (None: none loaded)."""
        with psycopg.connect(self.embedded.url(database), autocommit=True) as conn:
            if not conn.execute("select to_regclass('raw_pagerduty.oncalls')").fetchone()[0]:  # type: ignore[index]
                return None
            row = conn.execute("select max(_sdc_extracted_at) from raw_pagerduty.oncalls")
            value = row.fetchone()
        return str(value[0]) if value and value[0] is not None else None

    def build_marts(
        self, tap: str, database: str, dbt_vars: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """`dbt build` of the seeds and of every model fed by `tap`'s source alone."""
        source = DBT_SOURCES[tap]
        others = " ".join(f"source:{s}+" for s in DBT_SOURCES.values() if s != source)
        wh = self.embedded
        # Built from raw alone: no model left by an earlier case (a --full-refresh would not
        # do: the marts that keep history refuse it).
        with psycopg.connect(wh.url(database), autocommit=True) as conn:
            for schema in MART_SCHEMAS:
                conn.execute(f"drop schema if exists {schema} cascade")
        env = {
            **self.env(self.fresh_state()),
            "DBT_POSTGRES_HOST": wh.host,
            "DBT_POSTGRES_PORT": str(wh.port),
            "DBT_POSTGRES_USER": "postgres",
            "DBT_POSTGRES_PASSWORD": wh.password,
            "DBT_POSTGRES_DBNAME": database,
            "DBT_TARGET_PATH": str(self.tmp / f"dbt-{database}"),
            "DBT_LOG_PATH": str(self.tmp / f"dbt-{database}"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        return _meltano(
            env,
            # cautious: no relationships test reaching a model of another source (unbuilt).
            *("invoke", "dbt-postgres", "build", "--indirect-selection=cautious"),
            *("--select", f"source:{source}+", "resource_type:seed"),
            *("--exclude", *others.split(), "tag:retention"),
            *(("--vars", json.dumps(dbt_vars)) if dbt_vars else ()),
        )

    def mart_columns(self, database: str) -> dict[str, dict[str, str]]:
        """Table -> column -> data type of every relation dbt built, in column order."""
        with psycopg.connect(self.embedded.url(database), autocommit=True) as conn:
            found = conn.execute(
                "select c.table_schema || '.' || c.table_name, c.column_name, c.data_type "
                "from information_schema.columns c join information_schema.tables t "
                "using (table_schema, table_name) "
                "where t.table_schema = any(%s) "
                "order by 1, c.ordinal_position",
                (list(MART_SCHEMAS),),
            ).fetchall()
        tables: dict[str, dict[str, str]] = {}
        for table, column, data_type in found:
            tables.setdefault(table, {})[column] = data_type
        return tables

    def mart_rows(self, database: str) -> dict[str, list[tuple[str, ...]]]:
        """Every row of every table dbt built, as sorted text, load-time columns left out."""
        rows = {}
        with psycopg.connect(self.embedded.url(database), autocommit=True) as conn:
            for table, types in self.mart_columns(database).items():
                volatile = volatile_columns(list(types))
                kept = [c for c in types if c not in volatile]
                sql = "select " + ", ".join(f'"{c}"' for c in kept) + f" from {table}"
                rows[table] = sorted(tuple(str(v) for v in row) for row in conn.execute(sql))
        return rows

    def prune_aged_out(self, tap: str, database: str) -> int:
        """Delete the raw rows of `AGES_OUT` tables the vendor no longer serves; how many.

        Both databases compared get it before dbt builds: the marts are then compared over
        what the vendor still serves. Only tables the vendor retires by age: an object deleted
        at the vendor stays, since the marts must mark it deleted.
        """
        schema, vendor, _, _ = TAPS[tap]
        tables = {t: spec for t, spec in self.truth(vendor).items() if (schema, t) in AGES_OUT}
        pruned = 0
        with psycopg.connect(self.embedded.url(database), autocommit=True) as conn:
            for table, spec in tables.items():
                if not conn.execute("select to_regclass(%s)", (f"{schema}.{table}",)).fetchone()[0]:  # type: ignore[index]
                    continue
                key = spec["key"]
                served = [tuple(str(v) for v in row[: len(key)]) for row in spec["rows"]]
                with conn.transaction():
                    conn.execute(
                        "create temp table served ("
                        + ", ".join(f'"{c}" text' for c in key)
                        + ") on commit drop"
                    )
                    with conn.cursor().copy(
                        "copy served (" + ", ".join(f'"{c}"' for c in key) + ") from stdin"
                    ) as copy:
                        for row in served:
                            copy.write_row(row)
                    match = " and ".join(f's."{c}" = t."{c}"::text' for c in key)
                    pruned += conn.execute(
                        f"delete from {schema}.{table} t "
                        f"where not exists (select 1 from served s where {match})"
                    ).rowcount
        return pruned

    # ------------------------------------------------------------------ truth
    def truth(self, vendor: str) -> dict[str, Any]:
        url = f"{self.sandbox.base_url}/_sandbox/truth/{vendor}"
        with urllib.request.urlopen(url, timeout=60) as resp:  # noqa: S310 - local sandbox
            return json.loads(resp.read())

    def reconcile(self, tap: str) -> Reconciliation:
        schema, vendor, _, _ = TAPS[tap]
        rec = Reconciliation()
        with self.connect() as conn:
            for table, spec in self.truth(vendor).items():
                key, version = spec["key"], spec["version"]
                want = {tuple(str(v) for v in row[:-1]): _norm(row[-1]) for row in spec["rows"]}
                # Keys served at any time since the reset: a row the vendor no longer serves
                # (aged out of its retention as the world advanced) is not a phantom.
                served = self._served.setdefault((schema, table), set())
                served.update(want)
                cols = ", ".join(f'"{c}"' for c in [*key, *([version] if version else [])])
                exists = conn.execute(
                    "select 1 from information_schema.tables "
                    "where table_schema = %s and table_name = %s",
                    (schema, table),
                ).fetchone()
                rows = (
                    conn.execute(f"select {cols} from {schema}.{table}").fetchall()
                    if exists
                    else []
                )
                seen: dict[tuple[str, ...], list[Any]] = {}
                for row in rows:
                    k = tuple(str(v) for v in row[: len(key)])
                    seen.setdefault(k, []).append(_norm(row[len(key)]) if version else None)
                d = {
                    "lost": sum(1 for k in want if k not in seen),
                    "duplicated": sum(len(v) - 1 for v in seen.values()),
                    "stale": sum(
                        1
                        for k, got in seen.items()
                        if version and k in want and any(g != want[k] for g in got)
                    ),
                    "extra": 0
                    if (schema, table) in EXTRA_ALLOWED
                    else sum(1 for k in seen if k not in served),
                }
                for name, n in d.items():
                    setattr(rec, name, getattr(rec, name) + n)
                if any(d.values()):
                    rec.detail[table] = {k: v for k, v in d.items() if v}
        return rec

    # ------------------------------------------------------------------ faults
    def crash_postgres(self) -> None:
        """Immediate stop: SIGQUIT to the postmaster, no checkpoint, like a power cut."""
        pidfile = self.embedded.data_dir / "postmaster.pid"
        pid = int(pidfile.read_text().split()[0])
        os.kill(pid, signal.SIGQUIT)
        deadline = time.monotonic() + 30
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    def restart_postgres(self) -> None:
        self.embedded.start()


def _meltano(env: dict[str, str], *args: str) -> tuple[int, str]:
    """`meltano --environment=ci <args>` to the end: exit status and output."""
    proc = subprocess.run(
        [str(MELTANO), "--environment=ci", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


#: How long Meltano may take to start a plugin: minutes on a machine whose load is many
#: times its cores (a minute was too short once: the case then never delivered its fault).
PROCESS_START_TIMEOUT = 300.0


def _child(
    proc: subprocess.Popen[str], name: str, timeout: float = PROCESS_START_TIMEOUT
) -> int | None:
    """Pid of the plugin process `name` (the tap's or target's executable) under meltano.

    Meltano may first run the tap with `--discover` (its catalog): that process is not the
    sync and is skipped.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        for pid in _descendants(proc.pid):
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"--discover" in argv or b"--about" in argv:
                continue  # Meltano's catalog discovery, not the sync
            if any(arg.endswith(b"/" + name.encode()) or arg == name.encode() for arg in argv[:2]):
                return pid
        time.sleep(0.02)
    return None


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _state_saved(state_db: Path) -> str | None:
    """The state Meltano last saved in its system database (None: none yet)."""
    if not state_db.exists():
        return None
    # A plain connection (not `mode=ro`): Meltano keeps the database in WAL mode, and a
    # read-only one does not always see what the WAL holds.
    conn = sqlite3.connect(state_db, timeout=1)
    try:
        rows = conn.execute("select partial_state, completed_state from state").fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    # `updated_at` stays null on the first save: the saved state itself tells saves apart.
    saved = [f"{p}|{c}" for p, c in rows if {p, c} - {None, "", "{}"}]
    return "\n".join(saved) or None


# ---------------------------------------------------------------------- scenarios
def _written(pid: int) -> int | None:
    """Bytes the process has written so far (None: it is gone)."""
    try:
        io = Path(f"/proc/{pid}/io").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) for line in io.splitlines() if line[:6] == "wchar:"), 0)


def _wait_for_progress(
    proc: subprocess.Popen[str], tap: str, goal: float
) -> tuple[int | None, int]:
    """Wait until the tap has written `goal` bytes.

    Returns (the bytes written when the goal was reached or None, the most it was seen to
    write): a run whose tap ended short of the goal says how far it got, so that a size in
    `TAPS` that no longer matches the tap's output is named, not mistaken for a fault.
    """
    pid = _child(proc, tap)
    seen = 0
    while pid is not None and _alive(pid):
        written = _written(pid)
        if written is None:
            break
        seen = max(seen, written)
        if written >= goal:
            return written, seen
        time.sleep(0.005)
    return None, seen


def _signal_then_rerun(  # noqa: PLR0913, PLR0917
    rig: Rig, tap: str, rng: random.Random, scenario: str, victim: str, sig: int
) -> Outcome:
    out = Outcome(scenario, tap, 0)
    fraction = rng.uniform(0.02, 0.95)
    size = rig.output_size(tap)
    state = rig.fresh_state()
    proc = rig.start(tap, state)
    pid = _child(proc, victim)
    written, seen = _wait_for_progress(proc, tap, fraction * size)
    if written is not None and pid is not None and _alive(pid):
        os.kill(pid, sig)
        out.note = f"{signal.Signals(sig).name} {victim} when the tap had written {written} B"
        out.delivered = True
    else:
        out.delivered = False
        # The case did not test what it names: say why, and count it as a broken check.
        if pid is None:
            why = f"{victim} never seen under meltano"
        elif seen < fraction * size:
            why = f"the tap ended after {seen} B"
        else:
            why = f"{victim} gone"
        out.note = f"no signal: {why} before {fraction:.0%} of the tap's {size} B"
        # A tap writes in chunks of 256 KiB (`reliability_tap_runtime.writer`): on a loaded
        # machine the last megabytes can go out between two polls, so a tap that ended
        # unseen is chance, counted by bench/faults.py as "not delivered". A plugin never
        # seen under meltano means the case cannot test what it names.
        if pid is None:
            out.broken.append(f"the fault was never delivered ({why})")
    rc, _ = rig.finish(proc)
    out.runs.append(("interrupted", rc, rig.reconcile(tap)))
    # The world moves on before the rerun: what changed must arrive, not only what was missed.
    rig.advance(tap)
    rc, log = rig.run(tap, state)
    out.runs.append(("rerun", rc, rig.reconcile(tap)))
    if rc != 0:
        out.note += f"; rerun failed: {log[-1500:]}"
    return out


def kill_tap(rig: Rig, tap: str, rng: random.Random) -> Outcome:
    return _signal_then_rerun(rig, tap, rng, "kill_tap", tap, signal.SIGKILL)


def sigterm_target(rig: Rig, tap: str, rng: random.Random) -> Outcome:
    return _signal_then_rerun(
        rig, tap, rng, "sigterm_target", "target-postgres-guarded", signal.SIGTERM
    )


def pg_crash(rig: Rig, tap: str, rng: random.Random) -> Outcome:
    out = Outcome("pg_crash", tap, 0)
    state = rig.fresh_state()
    # Which state save to crash after: the first, or (seeded) a later one when there is one.
    nth = rng.choice((1, 1, 2))
    proc = rig.start(tap, state)
    seen: set[str] = set()
    crashed = False
    while proc.poll() is None:
        saved = _state_saved(state)
        if saved and saved not in seen:
            seen.add(saved)
            if len(seen) == nth:
                rig.crash_postgres()
                crashed = True
                break
        time.sleep(0.01)
    if not crashed:
        # The run ended before that save was seen: crash right after its final save.
        saved = _state_saved(state)
        rig.crash_postgres()
        out.note = "crash after the run's final state save" + ("" if saved else " (none seen)")
    else:
        out.note = f"crash right after state save #{nth}"
    time.sleep(0.5)
    rig.restart_postgres()
    rc, _ = rig.finish(proc)
    out.runs.append(("crashed", rc, rig.reconcile(tap)))
    rc, log = rig.run(tap, state)
    out.runs.append(("rerun", rc, rig.reconcile(tap)))
    if rc != 0:
        out.note += f"; rerun failed: {log[-1500:]}"
    return out


def pg_restart_mid_load(rig: Rig, tap: str, rng: random.Random) -> Outcome:
    """Postgres crashed at a seeded moment while the target loads, restarted, rerun."""
    out = Outcome("pg_restart_mid_load", tap, 0)
    size = rig.output_size(tap)
    state = rig.fresh_state()
    proc = rig.start(tap, state)
    pid = _child(proc, "target-postgres-guarded")
    fraction = rng.uniform(0.02, 1.0)
    written, _ = _wait_for_progress(proc, tap, fraction * size)
    running = pid is not None and _alive(pid)
    rig.crash_postgres()
    at = f"after {written} B of the tap's output" if written else "after the tap ended"
    out.note = f"crash {at}" + ("" if running else " (the target had ended)")
    time.sleep(0.5)
    rig.restart_postgres()
    rc, _ = rig.finish(proc)
    out.runs.append(("crashed", rc, rig.reconcile(tap)))
    rc, log = rig.run(tap, state)
    out.runs.append(("rerun", rc, rig.reconcile(tap)))
    if rc != 0:
        out.note += f"; rerun failed: {log[-1500:]}"
    return out


def vendor_faults(rig: Rig, tap: str, rng: random.Random) -> Outcome:
    out = Outcome("vendor_faults", tap, 0)
    prefix = TAPS[tap][2]
    rules = [
        {"kind": "429", "path": prefix, "after": rng.randrange(0, 12), "times": 3, "reset": 1},
        {"kind": rng.choice(("500", "502", "503")), "path": prefix, "after": rng.randrange(0, 20)},
        {"kind": "drop", "path": prefix, "after": rng.randrange(0, 20)},
        {"kind": "malformed_json", "path": prefix, "after": rng.randrange(0, 20)},
    ]
    state = rig.fresh_state()
    rig.sandbox.set_faults({"rules": rules})
    rc, log = rig.run(tap, state)
    fired = [f"{r['kind']}x{r['fired']}" for r in rig.sandbox.faults()["rules"]]
    rig.sandbox.set_faults({})
    out.note = "fired " + " ".join(fired)
    out.runs.append(("faulted", rc, rig.reconcile(tap)))
    if rc != 0:
        rc, log = rig.run(tap, state)
        out.runs.append(("recovery", rc, rig.reconcile(tap)))
        if rc != 0:
            out.note += f"; recovery failed: {log[-1500:]}"
    return out


def _blocked_on(conn: psycopg.Connection, table: str) -> bool:
    """Whether another session waits for a lock on `table` (schema-qualified)."""
    row = conn.execute(
        "select count(*) from pg_locks l where not l.granted and l.relation = %s::regclass",
        (table,),
    ).fetchone()
    return bool(row and row[0])


def _last_written_table(rig: Rig, schema: str) -> str | None:
    """The raw table whose newest batch is the newest of the schema (the last one drained)."""
    with rig.connect() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select table_name from information_schema.columns "
                "where table_schema = %s and column_name = '_sdc_batched_at'",
                (schema,),
            ).fetchall()
        ]
        latest = {
            t: (
                conn.execute(f'select max(_sdc_batched_at) from {schema}."{t}"').fetchone()
                or [None]
            )[0]
            for t in tables
        }
    stamped = {t: v for t, v in latest.items() if v is not None}
    return max(stamped, key=lambda t: stamped[t]) if stamped else None


def sigterm_draining(rig: Rig, tap: str, rng: random.Random) -> Outcome:
    """SIGTERM target-postgres during its final flush, after the tap has ended."""
    del rng  # deterministic: the moment is made, not drawn
    out = Outcome("sigterm_draining", tap, 0)
    schema = TAPS[tap][0]
    state = rig.fresh_state()
    rc, log = rig.run(tap, state)
    out.runs.append(("first", rc, rig.reconcile(tap)))
    table = _last_written_table(rig, schema)
    if rc != 0 or table is None:
        out.broken.append(f"the first run failed or wrote nothing (exit {rc}): {log[-1500:]}")
        return out
    qualified = f'{schema}."{table}"'
    rig.advance(tap)
    with rig.connect() as lock, rig.connect() as watch:
        lock.autocommit = False
        lock.execute(f"lock table {qualified} in access exclusive mode")
        proc = rig.start(tap, state)
        tap_pid = _child(proc, tap)
        target_pid = _child(proc, "target-postgres-guarded")
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            tap_done = tap_pid is None or not _alive(tap_pid)
            if tap_done and _blocked_on(watch, qualified):
                break
            time.sleep(0.05)
        tap_done = tap_pid is None or not _alive(tap_pid)
        blocked = _blocked_on(watch, qualified)
        if target_pid is not None and _alive(target_pid):
            os.kill(target_pid, signal.SIGTERM)
        out.note = (
            f"SIGTERM target-postgres-guarded while blocked writing {table}"
            f" (tap ended: {tap_done}, target blocked: {blocked})"
        )
        if not (tap_done and blocked):
            out.broken.append(f"not stopped while draining: {out.note}")
        time.sleep(0.5)
        lock.rollback()
    rc, log = rig.finish(proc)
    out.runs.append(("stopped draining", rc, rig.reconcile(tap)))
    stopped = [line for line in log.splitlines() if "stopped by SIGTERM" in line]
    if rc == 0:
        out.broken.append("the run whose target was stopped while draining exited 0")
    if len(stopped) != 1 or "[error" not in stopped[0]:
        out.broken.append(f"not one [error] line saying the target was stopped: {stopped}")
    if "Traceback" in log:
        out.broken.append("a traceback in the failed run's output")
    rc, log = rig.run(tap, state)
    out.runs.append(("rerun", rc, rig.reconcile(tap)))
    if rc != 0:
        out.note += f"; rerun failed: {log[-1500:]}"
    return out


RUNNERS = {
    "kill_tap": kill_tap,
    "sigterm_target": sigterm_target,
    "pg_crash": pg_crash,
    "vendor_faults": vendor_faults,
    "pg_restart_mid_load": pg_restart_mid_load,
    "sigterm_draining": sigterm_draining,
}


def run_case(rig: Rig, scenario: str, tap: str, seed: int) -> Outcome:
    """One scenario on one tap from an empty raw schema and fresh state."""
    rig.reset(tap)
    rng = random.Random(f"{seed}:{scenario}:{tap}")  # noqa: S311 - fault points, not secrets
    out = RUNNERS[scenario](rig, tap, rng)
    out.seed = seed
    return out


def fast_cases(rotation: int) -> list[tuple[str, str]]:
    """One case per tap, scenarios rotated so that each of the five runs once."""
    return [(SCENARIOS[(i + rotation) % len(SCENARIOS)], tap) for i, tap in enumerate(TAPS)]


# ---------------------------------------------------------------------- the tests
SEED = int(os.environ.get("FAULT_SUITE_SEED", "15"))
ROTATION = int(os.environ.get("FAULT_SUITE_ROTATION", "0"))


@pytest.fixture(scope="module")
def rig(tmp_path_factory):
    with Rig(tmp_path_factory.mktemp("faults")) as r:
        yield r


@pytest.mark.e2e
@pytest.mark.parametrize(("scenario", "tap"), fast_cases(ROTATION))
def test_fault_then_recovery_loses_nothing(rig: Rig, scenario: str, tap: str) -> None:
    out = run_case(rig, scenario, tap, SEED)
    context = f"{scenario} on {tap} (seed {SEED}): {out.note}\n" + "\n".join(
        f"  {label}: exit {rc}, {rec.summary()}" for label, rc, rec in out.runs
    )
    assert not out.broken, context + "\n" + "\n".join(out.broken)
    assert out.final.clean, context
    assert out.final.extra == 0, context
    assert out.runs[-1][1] == 0, context
    assert not out.exit_zero_after_loss, context


#: The tap and scenario whose recovered marts are compared with an uninterrupted run's.
MARTS_CASE = (
    os.environ.get("FAULT_SUITE_MARTS_TAP", "tap-postmortems"),
    os.environ.get("FAULT_SUITE_MARTS_SCENARIO", "kill_tap"),
)


def compare_marts(rig: Rig, tap: str) -> list[str]:
    """Differences between the marts built on the recovered load and on an uninterrupted one.

    Run after a case has recovered, with `rig.track_reference` on during the case: the
    database `reference` gets the same world, uninterrupted — from fresh state, or, when
    the case moved the world on, continuing the run made before it moved (`Rig.advance`);
    rows the vendor retired by age since the reference read them are left out of both
    (`Rig.prune_aged_out`); dbt builds the tap's own models (and the seeds) in both; every
    table is compared row by row (load-time columns left out).
    """
    if rig.reference_failures:
        return rig.reference_failures
    rc, log = rig.load_reference(tap)
    if rc != 0:
        return [f"the uninterrupted run failed: {log[-1500:]}"]
    # On-call hours are measured up to a time (`oncall_as_of`, default: the latest load of
    # on-calls), so a shift in progress counts the hours up to when each load read it: both
    # builds measure up to the earlier read, when both loads had the same shifts begun.
    reads = [rig.oncalls_read_at(db) for db in (rig.embedded.database, "reference")]
    known = [r for r in reads if r is not None]
    dbt_vars = {"oncall_as_of": min(known)} if len(known) == len(reads) else None
    for database in (rig.embedded.database, "reference"):
        rig.prune_aged_out(tap, database)
        rc, log = rig.build_marts(tap, database, dbt_vars)
        if rc != 0:
            errors = [line for line in log.splitlines() if "ERROR" in line or "Error in" in line]
            return [f"dbt build on {database} failed: " + " | ".join(errors[:5] or [log[-3000:]])]
    return mart_differences(rig.mart_rows(rig.embedded.database), rig.mart_rows("reference"))


def _change_one_value(rig: Rig) -> str:
    """Append to one text value of one table dbt built in the main database; its name."""
    with rig.connect() as conn:
        for table, types in rig.mart_columns(rig.embedded.database).items():
            relkind = conn.execute(
                "select relkind from pg_class where oid = %s::regclass", (table,)
            ).fetchone()
            if not relkind or relkind[0] != "r":
                continue  # a view: it shows what its sources hold
            volatile = volatile_columns(list(types))
            for column, data_type in types.items():
                if data_type != "text" or column in volatile:
                    continue
                changed = conn.execute(
                    f'update {table} set "{column}" = "{column}" || \' (changed)\' '
                    f'where ctid = (select min(ctid) from {table} where "{column}" is not null)'
                ).rowcount
                if changed:
                    return table
    pytest.fail("no built table with a text value to change")


@pytest.mark.e2e
def test_marts_after_recovery_equal_an_uninterrupted_run(rig: Rig) -> None:
    tap, scenario = MARTS_CASE
    rig.track_reference = True
    try:
        out = run_case(rig, scenario, tap, SEED)
        context = f"{scenario} on {tap} (seed {SEED}): {out.note}"
        assert out.final.clean, context
        problems = compare_marts(rig, tap)
    finally:
        rig.track_reference = False
    assert not problems, context + "\n" + "\n".join(problems)
    # The comparison still sees a real difference: one value changed in one built table.
    table = _change_one_value(rig)
    problems = mart_differences(rig.mart_rows(rig.embedded.database), rig.mart_rows("reference"))
    assert any(p.startswith(f"{table}: ") for p in problems), (table, problems)


def test_volatile_columns_are_only_load_times() -> None:
    # transform/macros/deletions.sql: deletion_columns() writes is_deleted, deleted_at and
    # last_seen_at (`_sdc_extracted_at`) together; stg_sentry__issues' last_seen_at is
    # Sentry's lastSeen, data; stg_pagerduty__oncalls' read_at is `_sdc_extracted_at`.
    inventory = ["service_id", "service_name", "is_deleted", "deleted_at", "last_seen_at"]
    assert volatile_columns([*inventory, "loaded_at", "_sdc_batched_at"]) == {
        "last_seen_at",
        "loaded_at",
        "_sdc_batched_at",
    }
    assert volatile_columns(["issue_id", "first_seen_at", "last_seen_at", "status"]) == set()
    assert volatile_columns(["oncall_id", "started_at", "ended_at", "read_at"]) == {"read_at"}


def test_mart_differences_name_the_tables_that_differ() -> None:
    reference: dict[str, list[tuple[str, ...]]] = {
        "staging.stg_a": [("1", "web"), ("2", "db")],
        "reliability.b": [("x",)],
    }
    assert mart_differences({k: list(v) for k, v in reference.items()}, reference) == []
    changed: dict[str, list[tuple[str, ...]]] = {
        "staging.stg_a": [("1", "web"), ("2", "db (changed)")],
        "reliability.b": [("x",)],
    }
    assert mart_differences(changed, reference) == [
        "staging.stg_a: 2 rows vs 2 uninterrupted (1 missing, 1 not in the uninterrupted run)"
    ]
    assert mart_differences({"staging.stg_a": reference["staging.stg_a"]}, reference) == [
        "reliability.b: 0 rows vs 1 uninterrupted (1 missing, 0 not in the uninterrupted run)"
    ]
    extra: dict[str, list[tuple[str, ...]]] = {**reference, "staging.stg_c": [("1",)]}
    assert mart_differences(extra, reference) == [
        "staging.stg_c: 1 rows vs 0 uninterrupted (0 missing, 1 not in the uninterrupted run)"
    ]
    assert mart_differences({}, {}) == ["dbt built no table"]
