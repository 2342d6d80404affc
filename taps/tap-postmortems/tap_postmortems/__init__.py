"""Singer tap that turns postmortem documents into structured incident records."""
