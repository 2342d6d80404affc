"""Singer tap for Datadog."""
