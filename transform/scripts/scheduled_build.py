"""The frequent scheduled dbt build: what new source rows reached since the last one.

Run by Meltano in the dbt plugin's own virtualenv (`meltano invoke dbt-postgres:build-changed`,
job `transform-changed` in meltano/jobs.meltano.yml; the daily job `transform` builds
everything with a plain `dbt build`):

    python transform/scripts/scheduled_build.py [--state-dir DIR] [dbt build arguments]

In one process (dbt's programmatic runner, so the project is parsed once, partially when
the project's files did not change since the last frequent build):
1. `dbt source freshness`: every source table's newest `_sdc_batched_at`, into
   <target>/sources.json (only that: the parse and the freshness check write no manifest,
   the build does). A stale or missing table fails the command (it is reported in its
   log) but not the build: the other sources are still built.
2. The source tables a sync re-sends whole (FULL_TABLE streams, marked `resent_whole` in the
   sources yml) move their newest `_sdc_batched_at` every sync whether or not a row changed.
   Each gets a content fingerprint (every column but Singer's load columns, keeping
   `_sdc_deleted_at`, and but its `volatile_columns`: a service's status and last incident, a
   monitor's state, which move every hour and are read through a source entry of their own
   by a narrow staging model, not by the catalogue's); the taps' `inventory_syncs` tables
   (marked `deletion_record`) get one of the rows their latest syncs did not read (what
   staging marks deleted). Where a fingerprint equals the one saved with the state, and the
   load is on the same UTC day as the saved one, the table's entry in <target>/sources.json
   keeps the saved `max_loaded_at`: it is not fresher, so nothing is rebuilt for it. The
   freshness check of step 1 keeps its meaning.
3. It builds `--selector changed` (transform/selectors.yml) against the
   state of the last successful scheduled build: the nodes downstream of a source table whose
   newest load moved since, of a changed node, the clock-dependent models and their data tests.
   Without a usable state (first run, a failed last run left the old one, the state is of
   another warehouse) it builds every node but the unit tests.
4. After a successful build only: the freshness of steps 1-2 (taken before the build, so rows
   loaded while it ran are fresher next time), the fingerprints and the manifest are saved as
   the new state, with an id the warehouse records too (macros/scheduled_state.sql).

A failed build leaves the last state in place: the next run selects everything fresher than
that. docs/operations.md, "Scheduling".
"""

# ruff: noqa: INP001 - a script Meltano runs by its path, not an importable package
# ruff: noqa: S608 - its SQL is made of the project's own source definitions, not of input
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dbt.cli.main import dbtRunner

#: dbt options that shape the project, its target or its parse: given to every step, not only
#: the build (an option and its value).
SHARED_OPTIONS = (
    "--project-dir",
    "--profiles-dir",
    "--profile",
    "--target",
    "-t",
    "--target-path",
    "--vars",
    "--threads",
)
STATE_FILES = ("sources.json", "manifest.json", "build_id")
#: The re-sent tables' fingerprints, saved with the state (not required: a state without it
#: treats every re-sent table as changed once).
FINGERPRINTS = "fingerprints.json"
#: Source table meta (`config: {meta: ...}` in the sources yml): a table every sync re-sends
#: whole; the taps' record of their complete inventory syncs; a re-sent table's columns that
#: move with the vendor's operational state, left out of its fingerprint (a list).
RESENT_WHOLE = "resent_whole"
DELETION_RECORD = "deletion_record"
VOLATILE_COLUMNS = "volatile_columns"
#: dbt's partial-parse file in the target directory (https://docs.getdbt.com/reference/parsing).
PARTIAL_PARSE = "partial_parse.msgpack"


def say(message: str) -> None:
    """One line of our own among dbt's log lines (stderr, as Meltano shows it)."""
    sys.stderr.write(f"scheduled build: {message}\n")
    sys.stderr.flush()


def split_args(args: list[str]) -> list[str]:
    """The options of `args` that every dbt step needs (see SHARED_OPTIONS)."""
    shared: list[str] = []
    i = 0
    while i < len(args):
        name, eq, _ = args[i].partition("=")
        if name in SHARED_OPTIONS:
            if eq:
                shared.append(args[i])
            elif i + 1 < len(args):
                shared += args[i : i + 2]
                i += 1
        i += 1
    return shared


def option(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the last of `names` in `args`, if any."""
    value = None
    for i, arg in enumerate(args):
        name, eq, rest = arg.partition("=")
        if name in names:
            value = rest if eq else (args[i + 1] if i + 1 < len(args) else None)
    return value


def target_dir(args: list[str]) -> Path:
    """Where dbt writes its artifacts: --target-path, DBT_TARGET_PATH or <project>/target."""
    explicit = option(args, ("--target-path",)) or os.environ.get("DBT_TARGET_PATH")
    if explicit:
        return Path(explicit)
    project = option(args, ("--project-dir",)) or os.environ.get("DBT_PROJECT_DIR", ".")
    return Path(project) / "target"


def default_state_dir() -> Path:
    """One state per Meltano environment and dbt target: each describes its own warehouse."""
    root = Path(os.environ.get("MELTANO_PROJECT_ROOT", "."))
    environment = os.environ.get("MELTANO_ENVIRONMENT") or "no-environment"
    target = os.environ.get("DBT_TARGET", "default")
    return root / "transform" / "scheduled-state" / f"{environment}-{target}"


def build_operation(runner: Any, macro: str, build_id: str, shared: list[str]) -> bool:  # noqa: ANN401
    """Run the operation `macro` on a build id (transform/macros/scheduled_state.sql)."""
    result = runner.invoke(
        [
            "run-operation",
            macro,
            "--args",
            json.dumps({"build_id": build_id}),
            # run_results.json stays the build's (what ran, for the operator and the bench).
            "--no-write-json",
            *shared,
        ]
    )
    return bool(result.success)


def state_is_usable(runner: Any, state: Path, shared: list[str]) -> tuple[bool, str]:  # noqa: ANN401
    """Whether `state` holds a complete state of this warehouse's last scheduled build."""
    missing = [name for name in STATE_FILES if not (state / name).is_file()]
    if missing:
        return False, f"no saved state in {state} ({', '.join(missing)} missing)"
    build_id = (state / "build_id").read_text().strip()
    if not build_operation(runner, "check_scheduled_build", build_id, shared):
        return False, f"the state in {state} is not of this warehouse's last scheduled build"
    return True, f"state of build {build_id} ({state})"


def parse_file_kept(state: Path) -> Path:
    """Where this build keeps its own partial-parse file, beside its state.

    The daily build (`dbt build`, without this build's --vars) shares the target directory and
    leaves a parse of other vars there, which dbt will not reuse: the first frequent build after
    it parsed the whole project again (10 s on 2 cores). dbt checks the file it finds (its
    version, vars, profile and every file's hash) and parses in full when it does not match,
    so a kept file is only ever a head start.
    """
    return state.parent / f"{state.name}.{PARTIAL_PARSE}"


def parse(state: Path, target: Path, shared: list[str]) -> Any:  # noqa: ANN401
    """`dbt parse` from this build's kept partial-parse file (its result: dbt's runner result).

    No manifest.json from the parse, nor from the freshness check after it: the build writes it
    (what the state saves), and each write of it cost 0.7-1.3 s on the bench world.
    """
    kept = parse_file_kept(state)
    if kept.is_file():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(kept, target / PARTIAL_PARSE)
    parsed = dbtRunner().invoke(["parse", "--no-write-json", *shared])
    if parsed.success and (target / PARTIAL_PARSE).is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target / PARTIAL_PARSE, kept)
    return parsed


def meta(node: Any) -> dict[str, Any]:  # noqa: ANN401
    """A source table's meta (`meta:` and `config: {meta: ...}` in the sources yml)."""
    return {**(node.meta or {}), **(node.config.meta or {})}


def marked(manifest: Any, key: str) -> list[Any]:  # noqa: ANN401
    """The source tables whose meta sets `key` (`config: {meta: {key: true}}`)."""
    return [node for node in manifest.sources.values() if meta(node).get(key)]


def quoted(node: Any) -> str:  # noqa: ANN401
    """A source table as `"schema"."table"` (Postgres quoting)."""
    return '"{}"."{}"'.format(*(part.replace('"', '""') for part in (node.schema, node.identifier)))


def row_hash(node: Any, alias: str) -> str:  # noqa: ANN401
    """SQL: the md5 of a row of `node` (as `alias`), but Singer's load columns and volatile ones.

    The load columns (`_sdc_extracted_at`, `_sdc_batched_at`, `_sdc_sequence`, ...) change
    on every re-send; `_sdc_deleted_at` is kept (a soft delete is a change). The row as jsonb
    (keys sorted, values in one canonical text form) less those keys, taken from the catalog.
    The volatile columns (a service's status and last incident, a monitor's state) change
    every hour, and no model reading this table entry reads them: a second source entry of the
    same raw table, never fingerprinted, feeds the narrow staging model that does
    (tests/test_frequent_catalogue.py checks both).
    """
    table = quoted(node).replace("'", "''")
    load_columns = (
        "array(select attname::text from pg_attribute"
        f" where attrelid = to_regclass('{table}') and attnum > 0 and not attisdropped"
        " and attname like '\\_sdc\\_%' and attname <> '_sdc_deleted_at')"
    )
    volatile = "".join(
        " - cast('{}' as text)".format(str(column).replace("'", "''"))
        for column in meta(node).get(VOLATILE_COLUMNS) or ()
    )
    return f"md5(cast(to_jsonb({alias}) - {load_columns}{volatile} as text))"


def aggregate(unique_id: str, hashes: str) -> str:
    """SQL: one row (`source_id`, `fingerprint`) of the row hashes `hashes`.

    `hashes` is a subquery with a column `row_hash`; the fingerprint is their count and the
    md5 of them sorted (the order the rows come in does not matter).
    """
    return (
        f"select cast('{unique_id}' as text) as source_id,"
        " count(*) || ':' || coalesce(md5(string_agg(row_hash, '' order by row_hash)), '')"
        f" as fingerprint from ({hashes}) as hashed"
    )


def fingerprint_sql(manifest: Any, loaded: set[str]) -> str | None:  # noqa: ANN401
    """One query for the fingerprints of the marked tables in `loaded`, or None if none.

    `loaded`: the unique ids of the tables `dbt source freshness` read.

    `resent_whole`: the rows' content. `deletion_record` (a tap's `inventory_syncs`): what its
    rows change downstream, the rows staging marks deleted (macros/deletions.sql) — per
    re-sent table of the same source named as a stream in it, the rows read before that
    stream's latest recorded sync started (its latest sync did not read them).
    """
    resent = [node for node in marked(manifest, RESENT_WHOLE) if node.unique_id in loaded]
    parts = [
        aggregate(
            node.unique_id,
            f"select {row_hash(node, 'r')} as row_hash from {quoted(node)} as r",
        )
        for node in resent
    ]
    for record in marked(manifest, DELETION_RECORD):
        if record.unique_id not in loaded:
            continue
        streams = [
            f"select '{node.name}:' || {row_hash(node, 'r')} as row_hash"
            f" from {quoted(node)} as r"
            " where cast(r._sdc_extracted_at as timestamp) < ("
            " select max(cast(syncs.sync_started_at as timestamp))"
            f" from {quoted(record)} as syncs where syncs.stream = '{node.name}')"
            for node in resent
            if node.source_name == record.source_name and node.schema == record.schema
        ]
        if streams:
            parts.append(aggregate(record.unique_id, " union all ".join(streams)))
    return "\nunion all\n".join(parts) if parts else None


def fingerprints(runner: Any, manifest: Any, loaded: set[str], shared: list[str]) -> dict[str, str]:  # noqa: ANN401
    """The marked tables' fingerprints (unique id -> fingerprint).

    Empty when no table is marked or they cannot be computed (on another warehouse than
    Postgres, or the query failed): then every table counts as changed, as before.
    """
    if manifest.metadata.adapter_type != "postgres":
        return {}
    sql = fingerprint_sql(manifest, loaded)
    if sql is None:
        return {}
    shown = runner.invoke(
        # Warnings and errors only: not the table of fingerprints. No run_results.json (it
        # stays the build's).
        [
            "show",
            "--inline",
            sql,
            "--limit",
            "-1",
            "--no-write-json",
            "--log-level",
            "warn",
            *shared,
        ]
    )
    results = getattr(shown.result, "results", None)
    if not shown.success or not results:
        say(f"no fingerprints of re-sent tables ({shown.exception or 'the query failed'})")
        return {}
    return {str(row["source_id"]): str(row["fingerprint"]) for row in results[0].agate_table}


def resent_fingerprints(
    runner: Any,  # noqa: ANN401
    manifest: Any,  # noqa: ANN401
    checked: Any,  # noqa: ANN401
    shared: list[str],
) -> dict[str, str]:
    """`fingerprints` of the marked tables that `dbt source freshness` (`checked`) read."""
    loaded = {
        result.node.unique_id
        for result in checked.results
        if getattr(result, "max_loaded_at", None) is not None
    }
    return fingerprints(runner, manifest, loaded, shared)


def utc(value: str) -> datetime:
    """A `max_loaded_at` of sources.json as an aware UTC datetime."""
    moment = datetime.fromisoformat(value)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def keep_unchanged(fresh: Path, state: Path, current: dict[str, str]) -> list[str]:
    """Keep the saved `max_loaded_at` for the tables whose fingerprint is the saved one.

    Rewrites those entries of the freshness file `fresh` so that they are not fresher than
    the saved state, and returns their unique ids. An entry keeps its new `max_loaded_at`
    when no fingerprint was saved for it, it differs, the saved freshness has no such entry,
    or the new load is on another UTC day than the saved one. The last: staging's
    `loaded_at` (the load's `_sdc_batched_at`) is counted per UTC day
    (int_source_stream_loads_daily, data_quality_daily); an inventory left with yesterday's
    loads would count 0 records today and read as a volume drop (stream_volume_low), so each
    re-sent table is rebuilt on the first run of a UTC day.
    """
    saved_path = state / FINGERPRINTS
    saved = json.loads(saved_path.read_text()) if saved_path.is_file() else {}
    previous = {
        result["unique_id"]: result["max_loaded_at"]
        for result in json.loads((state / "sources.json").read_text())["results"]
        if result.get("max_loaded_at")
    }
    freshness = json.loads(fresh.read_text())
    kept = []
    for result in freshness["results"]:
        unique_id = result["unique_id"]
        before = previous.get(unique_id)
        if not result.get("max_loaded_at") or before is None:
            continue
        if current.get(unique_id) is None or current.get(unique_id) != saved.get(unique_id):
            continue
        now, then = utc(result["max_loaded_at"]), utc(before)
        if now <= then or now.date() != then.date():
            continue
        result["max_loaded_at"] = before
        result["max_loaded_at_time_ago_in_s"] = (
            utc(result["snapshotted_at"]) - then
        ).total_seconds()
        kept.append(unique_id)
    if kept:
        fresh.write_text(json.dumps(freshness))
    return kept


def save_state(
    state: Path, target: Path, fresh: Path, build_id: str, prints: dict[str, str]
) -> None:
    """Replace `state` with this run's freshness, fingerprints and manifest, as one rename."""
    state.parent.mkdir(parents=True, exist_ok=True)
    staged = state.parent / f".{state.name}.{build_id}"
    staged.mkdir()
    shutil.copy2(fresh, staged / "sources.json")
    (staged / FINGERPRINTS).write_text(json.dumps(prints, indent=1, sort_keys=True) + "\n")
    shutil.copy2(target / "manifest.json", staged / "manifest.json")
    (staged / "build_id").write_text(build_id + "\n")
    old = state.parent / f".{state.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if state.exists():
        state.rename(old)
    staged.rename(state)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the scheduled build; the exit status is the build's (0 when it passed)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=Path(os.environ["DBT_SCHEDULED_STATE_DIR"])
        if os.environ.get("DBT_SCHEDULED_STATE_DIR")
        else None,
        help="the saved state (default: DBT_SCHEDULED_STATE_DIR, else"
        " transform/scheduled-state/<Meltano environment>-<dbt target>)",
    )
    args, build_args = parser.parse_known_args(argv)
    # Absolute: dbt reads a relative --state from the project directory, not from here.
    state: Path = (args.state_dir or default_state_dir()).resolve()
    shared = split_args(build_args)
    target = target_dir(build_args)

    parsed = parse(state, target, shared)
    if not parsed.success:
        say("dbt parse failed")
        return 2
    runner = dbtRunner(manifest=parsed.result)

    fresh = target / "sources.json"
    freshness = runner.invoke(["source", "freshness", "--no-write-json", *shared])
    has_freshness = freshness.exception is None and bool(getattr(freshness.result, "results", ()))
    if has_freshness:
        # What `dbt source freshness` writes with its JSON on (the build's source_status reads
        # it from the target directory), without the manifest it would write with it.
        target.mkdir(parents=True, exist_ok=True)
        freshness.result.write(str(fresh))
    if not freshness.success:
        say("`dbt source freshness` reported stale or unreadable sources (above); building anyway")

    usable, why = state_is_usable(runner, state, shared)
    prints = (
        resent_fingerprints(runner, parsed.result, freshness.result, shared)
        if has_freshness
        else {}
    )
    if usable and has_freshness:
        kept = keep_unchanged(fresh, state, prints)
        if prints:
            say(
                f"{len(kept)} of {len(prints)} re-sent tables unchanged since the saved state,"
                " not fresher: " + (", ".join(sorted(k.split(".", 2)[2] for k in kept)) or "none")
            )
        selection = ["--selector", "changed", "--state", str(state)]
    else:
        if usable:
            why = "no freshness results this run"
        selection = ["--exclude-resource-type", "unit_test"]
        why = f"every node ({why})"
    say(why)

    built = runner.invoke(["build", *selection, *build_args])
    if not built.success:
        return 1
    if has_freshness:
        build_id = uuid.uuid4().hex
        if build_operation(runner, "record_scheduled_build", build_id, shared):
            save_state(state, target, fresh, build_id, prints)
            say(f"saved state {build_id} in {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
