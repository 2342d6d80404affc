"""Python's cyclic garbage collector, run less often while a plugin streams records."""

from __future__ import annotations

import contextlib
import gc
import typing as t

if t.TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def fewer_collections(thresholds: tuple[int, int, int]) -> Iterator[None]:
    """Run the collector at `thresholds`, not over what is alive on entry; undone on exit.

    Records (decoded JSON: dicts, lists, strings) hold no reference cycle and are freed by
    reference counting, but while a page, a window or a batch of them is alive, Python's
    default thresholds (700, 10, 10) make the collector walk them again and again: a
    full collection every ~70,000 allocations rescans everything alive. What is alive on
    entry (modules, classes, functions) is frozen out of every collection (`gc.freeze`).
    Both are undone on the way out (a test process invokes plugins many times).
    """
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()
