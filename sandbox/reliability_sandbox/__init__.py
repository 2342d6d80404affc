"""reliability-sandbox: a local emulator of the vendor APIs behind the reliability taps.

Public API::

    from reliability_sandbox import Sandbox, Org, OrgConfig, FaultConfig, FaultRule
"""

from reliability_sandbox.faults import FaultConfig, FaultRule
from reliability_sandbox.org import Org, OrgConfig
from reliability_sandbox.server import Sandbox, SandboxApp, build_app
from reliability_sandbox.vendors.pagerduty import DEFAULT_TOKEN as PAGERDUTY_TOKEN
from reliability_sandbox.vendors.pagerduty import PagerDutyAPI

__all__ = [
    "PAGERDUTY_TOKEN",
    "FaultConfig",
    "FaultRule",
    "Org",
    "OrgConfig",
    "PagerDutyAPI",
    "Sandbox",
    "SandboxApp",
    "build_app",
]
