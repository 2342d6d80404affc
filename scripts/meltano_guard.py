"""Meltano, run the way this project needs it: owner-only run files, no stale locks, no overlap.

`scripts/meltano` runs this module with the project's `.venv` Python; it then runs Meltano's own
command line *in this process* (so Meltano's pid is this pid), after four things Meltano 4.4.1
does not do itself (docs/operations.md, "Run files, locks and concurrent runs"), and one
convenience (`default_ports`: SANDBOX_PORT/WAREHOUSE_PORT default to 8765/55432 when neither
the shell nor .env sets them):

1. **Owner-only run files.** Meltano writes each plugin's resolved configuration (tokens,
   passwords) to `.meltano/run/<plugin>/*.config.json` with the process umask (0644 by default)
   and has no setting for it. Here the umask is 077 and `.meltano/run` is made mode 0700.
2. **A killed run's lock is seen at once.** Meltano refuses a second run of a pipeline while the
   first is `RUNNING` in its system database and only calls it stale after 5 minutes without a
   heartbeat (`HEARTBEAT_VALID_MINUTES`), so after a `kill -9` every rerun is refused for
   ~5 minutes. Each run here holds an exclusive `flock` on `.meltano/run/.locks/run-<run id>.lock`
   (the run id is passed to Meltano as `MELTANO_RUN_ID`); the kernel releases it the moment the
   process dies, and the next start marks that run's `RUNNING` rows failed.
3. **Stale run files are removed.** A killed run leaves its `*.config.json` behind; each start
   deletes those no live process is using.
4. **No two runs share an extractor's run directory.** Every run of an extractor shares
   `.meltano/run/<extractor>/` (its catalog `tap.properties.json` and `state.json`), so two at
   once — `--force`, or one tap into two loaders — overwrite each other's files. A run takes an
   exclusive lock per extractor it uses and is refused, with one line, while another run (with
   or without this guard) uses it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Commands that start plugins (and so write run files and need the locks).
RUNNING_COMMANDS = {"run", "el", "elt", "invoke"}
GLOBAL_OPTIONS_WITH_VALUE = {
    "--log-level",
    "--log-format",
    "--log-config",
    "--environment",
    "--cwd",
    "--env-file",
    "--database-uri",
}
RUN_OPTIONS_WITH_VALUE = {"--state-id-suffix", "--state-strategy", "--run-id", "--timeout"}
# A config file younger than this may belong to a run that has not started its plugin yet.
CONFIG_GRACE_SECONDS = 30
# The ports of the local sandbox and the embedded warehouse (docs/operations.md).
PORT_DEFAULTS = {"SANDBOX_PORT": "8765", "WAREHOUSE_PORT": "55432"}


def sys_dir() -> Path:
    """Meltano's system directory (`.meltano`, or MELTANO_SYS_DIR_ROOT)."""
    return Path(os.environ.get("MELTANO_SYS_DIR_ROOT") or ROOT / ".meltano")


def run_dir() -> Path:
    """`.meltano/run`, created owner-only (an existing one is made so)."""
    path = sys_dir() / "run"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def locks_dir() -> Path:
    """Where the run and plugin locks live."""
    path = run_dir() / ".locks"
    path.mkdir(exist_ok=True)
    return path


def parse(argv: list[str]) -> tuple[str | None, list[str]]:  # noqa: C901
    """The Meltano command and the plugin names it will start (jobs expanded)."""
    i, command = 0, None
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("-"):
            i += 2 if arg in GLOBAL_OPTIONS_WITH_VALUE else 1
            continue
        command = arg
        break
    if command not in RUNNING_COMMANDS:
        return command, []
    rest = argv[i + 1 :]
    words: list[str] = []
    j = 0
    while j < len(rest):
        arg = rest[j]
        if arg == "--":
            break
        if arg.startswith("-"):
            j += 2 if arg in RUN_OPTIONS_WITH_VALUE else 1
            continue
        words.append(arg)
        if command == "invoke":  # the rest are the plugin's own arguments
            break
        j += 1
    jobs = _jobs()
    names: list[str] = []
    for word in words:
        for block in jobs.get(word, [word]):
            # `plugin:command` runs a command of a utility (dbt, warehouse, sandbox); extractors,
            # loaders and mappers run bare and have a run directory with files in it.
            if ":" not in block and block not in names:
                names.append(block)
    return command, names


def _jobs() -> dict[str, list[str]]:
    jobs: dict[str, list[str]] = {}
    for path in [ROOT / "meltano.yml", *sorted((ROOT / "meltano").glob("*.meltano.yml"))]:
        with contextlib.suppress(OSError, yaml.YAMLError):
            for job in (yaml.safe_load(path.read_text()) or {}).get("jobs") or []:
                tasks = job.get("tasks") or []
                blocks: list[str] = []
                for task in tasks:
                    blocks += task.split() if isinstance(task, str) else list(task)
                jobs[job["name"]] = blocks
    return jobs


def _try_lock(path: Path) -> int | None:
    """An exclusive non-blocking flock on path: the fd, or None if a live process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _write(fd: int, info: dict) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return {}


def hold_run_lock(run_id: str, info: dict) -> int:
    """Create run-<id>.lock already locked (a sweeper never sees it unlocked)."""
    tmp = locks_dir() / f".tmp-{os.getpid()}-{run_id}"
    fd = _try_lock(tmp)
    if fd is None:  # pragma: no cover - a fresh private name
        raise SystemExit(1)
    _write(fd, info)
    tmp.rename(locks_dir() / f"run-{run_id}.lock")
    return fd


def database_key() -> str:
    """Which system database this invocation uses (a hash: the URI may hold a password)."""
    uri = os.environ.get("MELTANO_DATABASE_URI", "")
    return hashlib.sha256(uri.encode()).hexdigest()[:16]


def dead_runs() -> list[dict]:
    """Dead runs of this system database: their lock files are removed, their info returned.

    A dead run recorded in another system database (a test's private one) is left for an
    invocation that uses that database, or removed after a week.
    """
    dead = []
    for path in sorted(locks_dir().glob("run-*.lock")):
        fd = _try_lock(path)
        if fd is None:
            continue  # alive
        try:
            # Still the same file (another sweeper may have removed it meanwhile)?
            if path.exists() and os.fstat(fd).st_ino == path.stat().st_ino:
                info = _read(path)
                old = time.time() - path.stat().st_mtime > 7 * 86400
                if info.get("db") == database_key():
                    dead.append(info | {"run_id": path.stem.removeprefix("run-")})
                elif not old:
                    continue
                path.unlink()
        finally:
            os.close(fd)
    return dead


def live_runs() -> list[dict]:
    """Run locks held by live processes (their info)."""
    live = []
    for path in sorted(locks_dir().glob("run-*.lock")):
        fd = _try_lock(path)
        if fd is None:
            live.append(_read(path))
        else:
            os.close(fd)
    return live


def fail_dead_jobs(dead: list[dict]) -> list[str]:
    """Mark the `RUNNING` rows of dead runs failed in Meltano's system database."""
    if not dead:
        return []
    from meltano.core.db import project_engine  # noqa: PLC0415 - only when needed
    from meltano.core.job.job import Job, State  # noqa: PLC0415
    from meltano.core.project import Project  # noqa: PLC0415

    marked: list[str] = []
    try:
        project = Project.find()
        _, session_maker = project_engine(project)
        with session_maker() as session:
            for run in dead:
                jobs = (
                    session.query(Job)
                    .filter(Job.run_id == uuid.UUID(run["run_id"]))
                    .filter(Job.state == State.RUNNING)  # type: ignore[arg-type]
                    .all()
                )
                for job in jobs:
                    job.fail(
                        error=(
                            f"The meltano process running it (pid {run.get('pid')}) is gone: "
                            "it was killed before it could record the end of the run. Marked "
                            "failed by scripts/meltano when its lock was found released."
                        )
                    )
                    job.save(session)
                    marked.append(job.job_name)
    except Exception as exc:  # noqa: BLE001 - a fresh project has no system database yet
        print(f"scripts/meltano: could not mark dead runs failed: {exc}", file=sys.stderr)
    return marked


def process_command_lines() -> list[tuple[int, str]]:
    """(pid, command line) of every process on the machine."""
    proc = Path("/proc")
    if proc.is_dir():
        lines = []
        for entry in proc.iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    raw = (entry / "cmdline").read_bytes()
                    lines.append(
                        (int(entry.name), raw.replace(b"\0", b" ").decode(errors="replace"))
                    )
        return lines
    out = subprocess.run(
        ["ps", "-axww", "-o", "pid=,args="],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [
        (int(pid), args)
        for pid, _, args in (line.strip().partition(" ") for line in out.splitlines())
        if pid.isdigit()
    ]


def remove_stale_config_files(live: list[dict]) -> list[Path]:
    """Delete `*.config.json` left by killed runs.

    Only files no process names on its command line and older than every live run (a file
    younger than CONFIG_GRACE_SECONDS may belong to a run about to start its plugin).
    """
    in_use = " ".join(line for _, line in process_command_lines())
    oldest_live = min((run.get("started", time.time()) for run in live), default=time.time())
    cutoff = min(oldest_live, time.time() - CONFIG_GRACE_SECONDS)
    removed = []
    for path in run_dir().rglob("*.config.json"):
        with contextlib.suppress(OSError):
            if str(path) not in in_use and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed


def _extractors() -> set[str]:
    names: set[str] = set()
    for path in [ROOT / "meltano.yml", *sorted((ROOT / "meltano").glob("*.meltano.yml"))]:
        with contextlib.suppress(OSError, yaml.YAMLError, AttributeError):
            plugins = (yaml.safe_load(path.read_text()) or {}).get("plugins") or {}
            names |= {plugin["name"] for plugin in plugins.get("extractors") or []}
    return names


def take_plugin_locks(names: list[str], info: dict) -> list[int]:
    """Exclusive locks on the extractors' run directories; exit with one line if one is busy.

    Only extractors: their run directory holds files every run rewrites and reads back
    (the catalog `tap.properties.json`, its cache key and `state.json`); a loader's or a
    mapper's holds only its own uniquely named config file and identical logging files.
    MELTANO_PLUGIN_LOCK_WAIT=<seconds> waits that long for a busy extractor instead.
    """
    extractors = _extractors()
    wait = float(os.environ.get("MELTANO_PLUGIN_LOCK_WAIT") or 0)
    deadline = time.monotonic() + wait
    fds = []
    for name in sorted(n for n in names if n in extractors):
        path = locks_dir() / f"plugin-{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}.lock"
        while True:
            fd = _try_lock(path)
            user = None
            if fd is not None:
                plugin_dir = f"{run_dir() / name}/"
                user = next(
                    (
                        (pid, line)
                        for pid, line in process_command_lines()
                        if pid != os.getpid() and plugin_dir in line
                    ),
                    None,
                )
                if user is None:
                    _write(fd, info)
                    fds.append(fd)
                    break
                os.close(fd)
            if time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            if user is not None:
                who = f"pid {user[0]}, started without scripts/meltano"
            else:
                holder = _read(path)
                who = (
                    f"pid {holder.get('pid')}, `meltano {holder.get('command', '?')} "
                    f"{' '.join(holder.get('plugins', []))}`, since {holder.get('since', '?')}"
                )
            print(
                f"[error] {name} is in use by another Meltano run ({who}). Runs of one "
                f"extractor share .meltano/run/{name}/ (its catalog tap.properties.json and "
                "state.json) and would overwrite each other's, so this run is refused (with or "
                "without --force). Wait for that run to end, or stop it; a killed run releases "
                "its lock at once.",
                file=sys.stderr,
            )
            raise SystemExit(1)
    return fds


def default_ports() -> dict[str, str]:
    """Set SANDBOX_PORT / WAREHOUSE_PORT to their defaults where neither the shell nor .env does.

    meltano/environments.meltano.yml builds the taps' URLs and the warehouse clients' port from
    them, with their defaults in .env (scripts/bootstrap writes them): the one layer a variable
    exported in the shell overrides. A .env from before that, without them, would leave the
    URLs portless. Returns what was set.
    """
    dotenv = ROOT / ".env"
    names = set()
    if dotenv.is_file():
        names = {
            line.split("=", 1)[0].removeprefix("export ").strip()
            for line in dotenv.read_text().splitlines()
            if "=" in line and not line.lstrip().startswith("#")
        }
    filled = {k: v for k, v in PORT_DEFAULTS.items() if k not in os.environ and k not in names}
    os.environ.update(filled)
    return filled


def main(argv: list[str]) -> int:
    """Prepare, then run Meltano's command line in this process."""
    os.umask(0o077)
    default_ports()
    command, plugins = parse(argv)
    held: list[int] = []
    if command in RUNNING_COMMANDS:
        now = datetime.now(UTC)
        run_id = os.environ.get("MELTANO_RUN_ID") or str(uuid.uuid4())
        info = {
            "pid": os.getpid(),
            "command": command,
            "plugins": plugins,
            "since": now.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "started": now.timestamp(),
            "db": database_key(),
        }
        dead = dead_runs()
        for name in fail_dead_jobs(dead):
            print(
                f"scripts/meltano: marked the killed run of '{name}' failed (its process is gone).",
                file=sys.stderr,
            )
        remove_stale_config_files(live_runs())
        held.append(hold_run_lock(run_id, info))
        held += take_plugin_locks(plugins, info)
        if command == "run":
            os.environ["MELTANO_RUN_ID"] = run_id
    from meltano.cli import main as meltano_main  # noqa: PLC0415 - after the umask

    sys.argv = ["meltano", *argv]
    meltano_main()  # exits itself with Meltano's status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
