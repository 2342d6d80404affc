"""Singer tap for PagerDuty: incident response, on-call and organisation data."""
