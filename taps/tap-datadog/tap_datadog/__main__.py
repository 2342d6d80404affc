"""Entry point: `python -m tap_datadog`."""

from tap_datadog.tap import TapDatadog

TapDatadog.cli()
