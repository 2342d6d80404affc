"""The Singer SDK's standard tap tests, against the sandbox's Drive."""

from __future__ import annotations

from postmortems_harness import ANCHOR, tap_config
from reliability_sandbox import OrgConfig, Sandbox
from singer_sdk.testing import SuiteConfig, get_tap_test_class
from tap_postmortems.tap import TapPostmortems

# The standard suite syncs in a class-scoped fixture at collection time, so the
# sandbox must be up before the class is built: a module-level server.
_SANDBOX = Sandbox(OrgConfig.preset("test", anchor=ANCHOR)).start()

TestTapPostmortems = get_tap_test_class(
    tap_class=TapPostmortems,
    config=tap_config(_SANDBOX),
    parse_env_config=False,
    suite_config=SuiteConfig(max_records_limit=10_000),
)
