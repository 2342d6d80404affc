"""The notifier's settings, read from NOTIFIER_* environment variables (Meltano sets them).

Secrets never live in the project: the SMTP password is NOTIFIER_SMTP_PASSWORD, and each
Slack webhook URL or PagerDuty routing key is in the environment variable a row of
notification_settings names (`secret_env`).
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from psycopg.conninfo import make_conninfo

if TYPE_CHECKING:
    from collections.abc import Mapping

PAGERDUTY_EVENTS_URLS = {
    "us": "https://events.pagerduty.com",
    "eu": "https://events.eu.pagerduty.com",
}


class ConfigError(ValueError):
    """A setting is missing or malformed."""


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything a notifier run needs besides the warehouse's rows."""

    database_url: str
    breaches_table: str = "reliability.alert_breaches"
    settings_table: str = "reliability.notification_settings"
    state_schema: str = "alerting_state"
    pagerduty_events_url: str = PAGERDUTY_EVENTS_URLS["us"]
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "reliability-notifier@localhost"
    smtp_starttls: bool = True
    ca_bundle: str | None = None
    retries: int = 3
    retry_wait_seconds: float = 1.0
    timeout_seconds: float = 30.0
    dry_run: bool = False
    #: Where a message for a channel not configured here is written instead (None: skipped).
    outbox_dir: str | None = None
    environ: Mapping[str, str] = dataclasses.field(default_factory=lambda: dict(os.environ))

    def secret(self, name: str | None) -> str | None:
        """The value of the environment variable a channel setting names (None if unset)."""
        if not name:
            return None
        return self.environ.get(name) or None


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(environ: Mapping[str, str] | None = None) -> Config:
    """Build the settings from NOTIFIER_* variables (see meltano/notifier.meltano.yml)."""
    env = dict(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        return env.get(f"NOTIFIER_{name}") or None

    url = get("URL")
    if url is None:
        # The embedded demo warehouse by default (meltano/notifier.meltano.yml says so too).
        url = make_conninfo(
            host=get("HOST") or "127.0.0.1",
            port=get("PORT") or "55432",
            user=get("USER") or "postgres",
            password=get("PASSWORD"),
            dbname=get("DBNAME") or "warehouse",
        )
    region = (get("PAGERDUTY_REGION") or "us").lower()
    if region not in PAGERDUTY_EVENTS_URLS:
        msg = f"NOTIFIER_PAGERDUTY_REGION must be us or eu, not {region!r}"
        raise ConfigError(msg)
    try:
        return Config(
            database_url=url,
            breaches_table=get("BREACHES_TABLE") or Config.breaches_table,
            settings_table=get("SETTINGS_TABLE") or Config.settings_table,
            state_schema=get("STATE_SCHEMA") or Config.state_schema,
            pagerduty_events_url=get("PAGERDUTY_EVENTS_URL") or PAGERDUTY_EVENTS_URLS[region],
            smtp_host=get("SMTP_HOST"),
            smtp_port=int(get("SMTP_PORT") or Config.smtp_port),
            smtp_user=get("SMTP_USER"),
            smtp_password=get("SMTP_PASSWORD"),
            smtp_from=get("SMTP_FROM") or Config.smtp_from,
            smtp_starttls=_flag(get("SMTP_STARTTLS"), default=True),
            ca_bundle=get("CA_BUNDLE"),
            retries=int(get("RETRIES") or Config.retries),
            retry_wait_seconds=float(get("RETRY_WAIT_SECONDS") or Config.retry_wait_seconds),
            dry_run=_flag(get("DRY_RUN"), default=False),
            outbox_dir=get("OUTBOX_DIR"),
            environ=env,
        )
    except ValueError as error:
        msg = f"a NOTIFIER_* number setting is malformed: {error}"
        raise ConfigError(msg) from error
