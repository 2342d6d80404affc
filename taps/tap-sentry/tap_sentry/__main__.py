"""Run the tap: `python -m tap_sentry`."""

from tap_sentry.tap import TapSentry

TapSentry.cli()
