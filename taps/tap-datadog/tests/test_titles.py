"""Alert titles: the transition is read past a priority tag and a host scope."""

from __future__ import annotations

import pytest
from tap_datadog.streams import _transition


@pytest.mark.parametrize(
    ("title", "transition"),
    [
        ("[Triggered on {host:web-1}] CPU high on web", "Triggered"),
        ("[P1] [Triggered on {service:checkout}] Checkout errors", "Triggered"),
        ("[P2] [Recovered] Disk usage", "Recovered"),
        ("[Re-Triggered] Latency p99", "Re-Triggered"),
        ("[No Data on {host:db}] Heartbeat", "No Data"),
        ("Deploy finished", None),
        ("[P3] Only a priority", None),
    ],
)
def test_transition_from_title(title, transition):
    assert _transition(title) == transition
