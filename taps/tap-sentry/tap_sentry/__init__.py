"""Singer tap for Sentry."""
