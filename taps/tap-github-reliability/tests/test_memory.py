"""The tap's process-level memory settings (`RuntimeTap.malloc_arenas`, `arenas.bound_arenas`)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest
from tap_github_reliability.tap import TapGitHubReliability


def test_the_tap_asks_for_two_arenas():
    # Two: the most that kept the read-ahead's freed bodies out of RSS at no CPU cost
    # (bench/README.md, "pages held ahead").
    assert TapGitHubReliability.malloc_arenas == 2


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_takes_the_arena_setting():
    # In a process of its own: the settings last for the life of the process.
    code = (
        "from reliability_tap_runtime.arenas import bound_arenas; "
        "from tap_github_reliability.tap import TapGitHubReliability as T; "
        "print(bound_arenas(T.malloc_arenas))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True)
    assert out.stdout.strip() == "True"
