"""reliability-sandbox: a local emulator of the vendor APIs behind the reliability taps.

PagerDuty, Sentry, Datadog, GitHub, Google Drive and Google Sheets, one package each under
``reliability_sandbox.vendors``, all views of one generated organisation. Public API::

    from reliability_sandbox import Sandbox, Org, OrgConfig, FaultConfig, FaultRule

    with Sandbox(OrgConfig.preset("test")) as sbx:
        sentry = sbx.vendor("sentry")   # .url, .credentials, .headers(), .truth(), .configure()

The taps' test harness is the pytest plugin ``pytest_reliability_sandbox``.
"""

from reliability_sandbox.faults import FaultConfig, FaultRule
from reliability_sandbox.org import Org, OrgConfig
from reliability_sandbox.runner import Sandbox, VendorHandle
from reliability_sandbox.server import SandboxApp, build_app
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
    "VendorHandle",
    "build_app",
]
