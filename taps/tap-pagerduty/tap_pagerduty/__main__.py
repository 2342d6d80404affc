"""Allow `python -m tap_pagerduty`."""

from tap_pagerduty.tap import TapPagerDuty

TapPagerDuty.cli()
