"""pytest plugin of the reliability sandbox: the taps' test harness, outside the emulator.

Registered through the ``pytest11`` entry point of the ``reliability-sandbox`` distribution,
so a tap's tests get it by installing the sandbox (its ``test`` extra). What it gives:

* :func:`run_tap`, :class:`TapRun` and :func:`undeclared` (:mod:`.tap_runner`): run a tap
  as Meltano does (a process with config, catalog and state) and read its Singer output;
* the fixture ``sandbox_factory``: start private sandboxes (``sandbox_factory(preset="test",
  anchor=..., faults=..., check_contracts=...)``), stopped when the test ends.

Tests drive a sandbox through its public handle and control API only:
``sbx.vendor(name).url / .credentials / .headers() / .truth() / .configure(...)``,
``sbx.set_faults(...)``, ``sbx.faults()``, ``sbx.advance()``, ``sbx.stats()`` (or the
``/_sandbox/...`` endpoints over HTTP).
"""

from __future__ import annotations

from pytest_reliability_sandbox.tap_runner import TapRun, run_tap, undeclared

__all__ = ["TapRun", "run_tap", "undeclared"]
