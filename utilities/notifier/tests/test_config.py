"""Settings from NOTIFIER_* variables: regions, defaults, malformed values."""

from __future__ import annotations

import pytest
from reliability_notifier.cli import main
from reliability_notifier.config import ConfigError, from_environment


def test_regions_pick_pagerdutys_us_and_eu_event_hosts():
    # PagerDuty documents events.pagerduty.com (US) and events.eu.pagerduty.com (EU region).
    assert from_environment({}).pagerduty_events_url == "https://events.pagerduty.com"
    eu = from_environment({"NOTIFIER_PAGERDUTY_REGION": "EU"})
    assert eu.pagerduty_events_url == "https://events.eu.pagerduty.com"
    with pytest.raises(ConfigError, match="us or eu"):
        from_environment({"NOTIFIER_PAGERDUTY_REGION": "apac"})


def test_warehouse_defaults_to_the_embedded_one_and_secrets_come_from_the_environment():
    config = from_environment({"NOTIFIER_PASSWORD": "p w", "TEAM_HOOK": "https://hooks/x"})
    assert config.database_url == (
        "host=127.0.0.1 port=55432 user=postgres password='p w' dbname=warehouse"
    )
    assert config.secret("TEAM_HOOK") == "https://hooks/x"
    assert config.secret("UNSET_HOOK") is None
    assert config.secret(None) is None


def test_malformed_number_is_a_setting_error_not_a_traceback(monkeypatch, caplog):
    monkeypatch.setenv("NOTIFIER_RETRIES", "three")
    assert main(["notify"]) == 2
    assert "NOTIFIER_*" in caplog.text


def test_missing_breaches_table_is_one_error_line(monkeypatch, caplog, database):
    monkeypatch.setenv("NOTIFIER_URL", database)
    monkeypatch.setenv("NOTIFIER_BREACHES_TABLE", "reliability.no_such_table")
    assert main(["notify"]) == 1
    assert 'warehouse: relation "reliability.no_such_table" does not exist' in caplog.text
