"""The tap's process-level memory settings (`tap.bound_malloc`)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_takes_the_arena_setting():
    # In a process of its own: the settings last for the life of the process.
    code = "from tap_github_reliability.tap import bound_malloc; print(bound_malloc())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True)
    assert out.stdout.strip() == "True"
