"""Alert notifier: alert_breaches -> alert state -> Slack, PagerDuty, e-mail."""
