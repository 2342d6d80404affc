"""Run the tap: `python -m tap_postmortems`."""

from tap_postmortems.tap import TapPostmortems

TapPostmortems.cli()
