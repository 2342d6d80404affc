"""The Singer SDK's standard tap tests, against the sandbox."""

from __future__ import annotations

from datetime import timedelta

from reliability_sandbox import OrgConfig, Sandbox
from sentry_harness import ANCHOR
from singer_sdk.testing import SuiteConfig, get_tap_test_class
from tap_sentry.tap import TapSentry

# The standard suite syncs in a class-scoped fixture at collection time, so the
# sandbox must be up before the class is built: a module-level server.
_SANDBOX = Sandbox(OrgConfig.preset("test", anchor=ANCHOR)).start()

TestTapSentry = get_tap_test_class(
    tap_class=TapSentry,
    config={
        "auth_token": _SANDBOX.vendor("sentry").credentials["auth_token"],
        "organization": "acme",
        "base_url": _SANDBOX.vendor("sentry").url,
        "start_date": (ANCHOR - timedelta(days=100)).isoformat(),
        "issue_window_days": 30,
    },
    parse_env_config=False,
    # The standard suite's sync is a dry run, which records no complete inventory (the
    # runtime's inventory_syncs markers come from sync_all: runtime/tests/test_inventory.py).
    suite_config=SuiteConfig(
        max_records_limit=10_000, ignore_no_records_for_streams=["inventory_syncs"]
    ),
)
