"""glibc's malloc arenas, bounded for a tap whose worker threads free large bodies."""

from __future__ import annotations

import ctypes
import sys

#: glibc's `mallopt` parameter for the most arenas (malloc.h).
M_ARENA_MAX = -8


def bound_arenas(arenas: int) -> bool:
    """Let the process's threads share at most `arenas` malloc arenas (glibc only).

    glibc gives each thread that allocates an arena of its own (up to eight per core), and an
    arena keeps what its thread freed. A tap reading pages ahead on worker threads frees a
    page body (~1.5 MB for 100 GitHub pull requests) in one arena and allocates the next in
    another, so peak RSS grew ~3 MiB per page held ahead, most of it already freed. With
    two arenas the threads reuse each other's freed bodies (bench/README.md, "pages held
    ahead"). Call it before any thread starts: an arena, once made, stays. Elsewhere (musl,
    macOS) nothing is changed.

    Returns:
        Whether glibc accepted the setting.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    # mallopt answers 1 when it took the setting.
    return bool(mallopt(M_ARENA_MAX, arenas) == 1)
