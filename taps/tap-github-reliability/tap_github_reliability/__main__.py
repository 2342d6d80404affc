"""Run the tap: `python -m tap_github_reliability`."""

from tap_github_reliability.tap import TapGitHubReliability

TapGitHubReliability.cli()
