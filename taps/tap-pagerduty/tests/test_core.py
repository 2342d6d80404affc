"""The Singer SDK's standard tap tests, against the sandbox."""

from __future__ import annotations

from datetime import timedelta

from pagerduty_harness import ANCHOR
from reliability_sandbox import OrgConfig, Sandbox
from singer_sdk.testing import SuiteConfig, get_tap_test_class
from tap_pagerduty.tap import TapPagerDuty

# The standard suite syncs in a class-scoped fixture at collection time, so the
# sandbox must be up before the class is built: a module-level server.
_SANDBOX = Sandbox(OrgConfig.preset("test", anchor=ANCHOR)).start()

TestTapPagerDuty = get_tap_test_class(
    tap_class=TapPagerDuty,
    config={
        "token": _SANDBOX.vendor("pagerduty").credentials["token"],
        "api_url": _SANDBOX.vendor("pagerduty").url,
        "start_date": (ANCHOR - timedelta(days=400)).isoformat(),
        "requests_per_minute": 0,
    },
    parse_env_config=False,
    # The standard suite's sync is a dry run, which records no complete inventory (the
    # runtime's inventory_syncs markers come from sync_all: runtime/tests/test_inventory.py).
    suite_config=SuiteConfig(
        max_records_limit=5000, ignore_no_records_for_streams=["inventory_syncs"]
    ),
)
