"""Run a singer-sdk target so that a stop signal before the end of its input fails the run.

singer-sdk 0.54's targets answer SIGTERM and SIGINT by draining every sink *from inside the
signal handler* and then calling ``sys.exit(0)``. When the signal arrives while the target is
already writing (its final drain at the end of the input, or a batch drain mid-stream), that
drain re-enters the write the handler interrupted: it fails or waits on the interrupted
transaction, and the ``finally: sys.exit(0)`` turns the failure into exit status 0. Meltano then
prints "Run completed" for rows that never reached the warehouse (issue 15: 6 of 11 PagerDuty
and 2 of 2 Sentry runs).

`guarded` wraps a target class so that, while it reads and writes its input, a stop signal:

- logs one error-level line naming the signal and what it means for the data;
- ends the process at once with status 128 + the signal number (143 for SIGTERM), without
  running any more code of the target: the transaction in progress is rolled back by Postgres
  when the connection drops, and no STATE message is written for rows that were not committed
  — Meltano's saved state only ever covers committed batches, and the next run re-reads the
  rest.

No drain is attempted, even when the target was idle: a drain from a signal handler cannot
know what the interrupted main thread was doing, and failing the run costs only a re-read.
The console script ``target-postgres-guarded`` runs MeltanoLabs target-postgres this way
(Meltano's ``target-postgres`` loader uses it as its executable).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import typing as t

if t.TYPE_CHECKING:
    import logging
    from types import FrameType

    from singer_sdk import Target

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

TargetT = t.TypeVar("TargetT", bound="Target")


def stopped_message(target_name: str, signum: int) -> str:
    """The one line a target stopped by a signal logs before it exits."""
    name = signal.Signals(signum).name
    return (
        f"{target_name} was stopped by {name} before it had written all its input: the rows "
        "received since the last saved state were not committed, so this run fails. Run it "
        "again; it resumes from the last saved state."
    )


def _stop(target_name: str, logger: logging.Logger) -> t.Callable[[int, FrameType | None], None]:
    def handler(signum: int, _frame: FrameType | None) -> None:
        logger.error(stopped_message(target_name, signum))
        for stream in (sys.stderr, sys.stdout):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to add
                stream.flush()
        os._exit(128 + signum)

    return handler


def guarded(target_class: type[TargetT]) -> type[TargetT]:
    """Return a subclass of `target_class` that fails when stopped before its input ends.

    Args:
        target_class: A singer-sdk target class.

    Returns:
        The subclass; its ``cli`` runs the target as usual.
    """

    class GuardedTarget(target_class):  # type: ignore[valid-type,misc]
        def listen(self, file_input: t.IO[str] | None = None) -> None:
            """Read and write the input; a stop signal meanwhile aborts with a failure."""
            handler = _stop(self.name, self.logger)
            previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
            try:
                super().listen(file_input)
            finally:
                for sig, old in previous.items():
                    signal.signal(sig, old)

    GuardedTarget.__name__ = GuardedTarget.__qualname__ = f"Guarded{target_class.__name__}"
    GuardedTarget.__module__ = __name__
    return t.cast("type[TargetT]", GuardedTarget)


def target_postgres() -> None:
    """Console script ``target-postgres-guarded``: MeltanoLabs target-postgres, guarded.

    It runs with the project's fast COPY path (`target_fastpath`), which writes the same
    tables for half the CPU and steps aside on versions it was not checked against; a run
    that succeeded ends without the interpreter's teardown (`target_fastpath.run_cli`).
    """
    from reliability_tap_runtime import target_fastpath  # noqa: PLC0415

    target_fastpath.prefetch()  # standard input read ahead while target-postgres imports
    from target_postgres.target import TargetPostgres  # noqa: PLC0415 - only in its venv

    from reliability_tap_runtime.target_fastpath import fast, run_cli  # noqa: PLC0415

    run_cli(guarded(fast(TargetPostgres)))
