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
2. It builds `--selector changed` (transform/selectors.yml) against the
   state of the last successful scheduled build: the nodes downstream of a source table whose
   newest load moved since, of a changed node, the clock-dependent models and their data tests.
   Without a usable state (first run, a failed last run left the old one, the state is of
   another warehouse) it builds every node but the unit tests.
3. After a successful build only: the freshness of step 1 (taken before the build, so rows
   loaded while it ran are fresher next time) and the manifest are saved as the new state,
   with an id the warehouse records too (macros/scheduled_state.sql).

A failed build leaves the last state in place: the next run selects everything fresher than
that. docs/operations.md, "Scheduling".
"""

# ruff: noqa: INP001 - a script Meltano runs by its path, not an importable package
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import uuid
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


def save_state(state: Path, target: Path, fresh: Path, build_id: str) -> None:
    """Replace `state` with this run's freshness and manifest, as one rename."""
    state.parent.mkdir(parents=True, exist_ok=True)
    staged = state.parent / f".{state.name}.{build_id}"
    staged.mkdir()
    shutil.copy2(fresh, staged / "sources.json")
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
    if usable and has_freshness:
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
            save_state(state, target, fresh, build_id)
            say(f"saved state {build_id} in {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
