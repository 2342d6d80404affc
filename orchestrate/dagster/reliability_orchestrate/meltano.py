"""The Meltano project as the orchestrator sees it: jobs, schedules, load schemas, runs.

Read from the project's own files (meltano.yml's include_paths, i.e. meltano/*.meltano.yml) so
that the Dagster definitions never drift from what `meltano schedule list` shows; Meltano runs
through the project's wrapper `scripts/meltano` (owner-only run files, one run per plugin at a
time), in the Meltano environment of `MELTANO_ENVIRONMENT` (else the project's default).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

#: Lines of a failed Meltano run kept for the error message.
TAIL_LINES = 40


class MeltanoRunError(RuntimeError):
    """A Meltano command exited non-zero."""


def project_root() -> Path:
    """The Meltano project: MELTANO_PROJECT_ROOT (set by Meltano), else up from the cwd."""
    env = os.environ.get("MELTANO_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "meltano.yml").is_file():
            return folder
    msg = "no meltano.yml here or above: run from the project or set MELTANO_PROJECT_ROOT"
    raise FileNotFoundError(msg)


@dataclasses.dataclass(frozen=True)
class Schedule:
    """One of meltano.yml's schedules: a cron interval (UTC) running a job."""

    name: str
    interval: str
    job: str


@dataclasses.dataclass(frozen=True)
class MeltanoProject:
    """What the definitions need from the project's Meltano files."""

    root: Path
    jobs: dict[str, list[str]]
    schedules: list[Schedule]
    #: extractor name -> its load_schema (the raw schema target-postgres loads into)
    load_schemas: dict[str, str]

    @classmethod
    def load(cls, root: Path | None = None) -> MeltanoProject:
        """Read meltano.yml and the files its include_paths name."""
        root = root or project_root()
        main = yaml.safe_load((root / "meltano.yml").read_text())
        documents = [main]
        for pattern in main.get("include_paths", []):
            documents += [
                yaml.safe_load(path.read_text()) or {} for path in sorted(root.glob(pattern))
            ]
        jobs: dict[str, list[str]] = {}
        schedules: list[Schedule] = []
        load_schemas: dict[str, str] = {}
        for doc in documents:
            for job in doc.get("jobs", []) or []:
                jobs[job["name"]] = [str(task) for task in job["tasks"]]
            schedules += [
                Schedule(s["name"], s["interval"], s["job"])
                for s in doc.get("schedules", []) or []
                if "job" in s
            ]
            for extractor in (doc.get("plugins", {}) or {}).get("extractors", []) or []:
                if "load_schema" in extractor:
                    load_schemas[extractor["name"]] = extractor["load_schema"]
        return cls(root, jobs, schedules, load_schemas)

    def command(self, *args: str) -> list[str]:
        """`scripts/meltano [--environment=<MELTANO_ENVIRONMENT>] <args>`."""
        environment = os.environ.get("MELTANO_ENVIRONMENT")
        flag = [f"--environment={environment}"] if environment else []
        return [str(self.root / "scripts" / "meltano"), *flag, *args]

    def run(
        self, *args: str, log: Callable[[str], None] | None = None, timeout: float | None = None
    ) -> None:
        """Run Meltano; each output line goes to `log`; non-zero exit raises with the tail."""
        tail: deque[str] = deque(maxlen=TAIL_LINES)
        with subprocess.Popen(  # noqa: S603 - the project's own wrapper, fixed arguments
            self.command(*args),
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        ) as proc:
            assert proc.stdout is not None  # noqa: S101 - piped above
            for raw in proc.stdout:
                line = raw.rstrip("\n")
                tail.append(line)
                if log is not None:
                    log(line)
            try:
                returncode = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
        if returncode != 0:
            msg = f"meltano {' '.join(args)} exited {returncode}:\n" + "\n".join(tail)
            raise MeltanoRunError(msg)


def split_task(task: str) -> list[str]:
    """A job task (`tap-x target-postgres`, `dbt-postgres:build`) as its plugin blocks."""
    return task.split()


def el_blocks(tasks: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """The extract-load blocks of a job's tasks: `tap-x [mapping ...] target-y`."""
    for task in tasks:
        blocks = split_task(task)
        i = 0
        while i < len(blocks):
            if blocks[i].startswith("tap-"):
                ends = [j for j in range(i + 1, len(blocks)) if blocks[j].startswith("target-")]
                if ends:
                    yield tuple(blocks[i : ends[0] + 1])
                    i = ends[0] + 1
                    continue
            i += 1


def dbt_invoke_main() -> None:
    """`reliability-dbt <dbt args>`: dbt as the project's Meltano dbt-postgres utility runs it.

    dagster-dbt drives a dbt executable; this one is `scripts/meltano invoke dbt-postgres`, so
    the connection, the profile and the environment's variables are Meltano's (dev, ci,
    prod) and nowhere else. DBT_TARGET_PATH / DBT_LOG_PATH / DBT_LOG_FORMAT set by dagster-dbt
    pass through Meltano to dbt.
    """
    project = MeltanoProject(project_root(), {}, [], {})
    command = project.command("invoke", "dbt-postgres", *sys.argv[1:])
    os.chdir(project.root)
    os.execv(command[0], command)  # noqa: S606 - the project's own wrapper
