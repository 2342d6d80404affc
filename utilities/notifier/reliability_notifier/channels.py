"""Senders: Slack incoming webhooks, PagerDuty Events API v2, e-mail over SMTP.

Each returns the deliveries the channel accepted; the caller writes alert state for those
only. A failure raises `DeliveryError` after the retries (429 and 5xx for HTTP, 4xx replies
and dropped connections for SMTP), and nothing of that message is recorded as sent.
"""

from __future__ import annotations

import json
import logging
import re
import smtplib
import ssl
import time
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import pagerduty
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.webhook import WebhookClient

from reliability_notifier import messages

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reliability_notifier.config import Config
    from reliability_notifier.model import Delivery, Message

LOGGER = logging.getLogger("reliability_notifier")
SMTP_TRANSIENT_CODES = range(400, 500)


class DeliveryError(RuntimeError):
    """A channel refused or could not be reached after the retries."""


class NotConfiguredError(DeliveryError):
    """The channel's secret or server is not set in this environment: skipped, not failed.

    The demo and CI name the organisation's channels without their secrets; a run there
    logs what it would have sent and records nothing, so it is sent once they are set.
    """


def _ssl_context(config: Config) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=config.ca_bundle)


def send_slack(message: Message, config: Config) -> list[Delivery]:
    """Post the team's grouped message to its Slack incoming webhook."""
    url = config.secret(message.channel.secret_env)
    if url is None:
        msg = f"Slack webhook URL: environment variable {message.channel.secret_env} is unset"
        raise NotConfiguredError(msg)
    backoff = BackoffRetryIntervalCalculator(backoff_factor=config.retry_wait_seconds)
    client = WebhookClient(
        url,
        timeout=int(config.timeout_seconds),
        ssl=_ssl_context(config),
        # slack-sdk retries only dropped connections by default; add 429 (honouring
        # Retry-After) and 5xx, with our first wait doubling each time.
        retry_handlers=[
            handler(max_retry_count=config.retries, interval_calculator=backoff)
            for handler in (
                ConnectionErrorRetryHandler,
                RateLimitErrorRetryHandler,
                ServerErrorRetryHandler,
            )
        ],
    )
    payload = messages.slack_payload(message)
    response = client.send_dict(payload)
    # Slack answers 200 with the body "ok"; anything else (a 400 "invalid_blocks", a 404
    # "no_service", the last of the retried 429/5xx) is a refusal.
    if response.status_code != 200:  # noqa: PLR2004
        msg = f"Slack refused the message: HTTP {response.status_code} {response.body!r}"
        raise DeliveryError(msg)
    return list(message.deliveries)


def send_pagerduty(message: Message, config: Config) -> list[Delivery]:
    """One Events API v2 event per alert (each needs its own dedup_key to resolve)."""
    routing_key = config.secret(message.channel.secret_env)
    if routing_key is None:
        msg = f"PagerDuty routing key: environment variable {message.channel.secret_env} is unset"
        raise NotConfiguredError(msg)
    client = pagerduty.EventsApiV2Client(
        routing_key,
        base_url=config.pagerduty_events_url,
        verify=_ssl_context(config),
    )
    # Typed int by the library (its default is 60 s), used as httpx's float seconds.
    client.timeout = config.timeout_seconds  # type: ignore[assignment]
    # The client retries 5xx a few times and 429 without limit by default: bound both.
    for status in (429, 500, 502, 503, 504):
        client.retry[status] = config.retries
    client.sleep_timer = config.retry_wait_seconds
    accepted: list[Delivery] = []
    try:
        for delivery in message.deliveries:
            if delivery.breach is None:
                client.resolve(delivery.alert_key)
            else:
                client.trigger(**messages.pagerduty_trigger(delivery.breach))
            accepted.append(delivery)
    except (pagerduty.Error, pagerduty.UrlError) as error:
        # What was accepted before the failure is returned through the exception, so its
        # state is written and the rest is retried next run.
        raise PartialDeliveryError(str(error), accepted) from error
    finally:
        client.close()
    return accepted


class PartialDeliveryError(DeliveryError):
    """Some deliveries of a message were accepted before the channel failed."""

    def __init__(self, reason: str, accepted: list[Delivery]) -> None:
        """Keep what was accepted."""
        super().__init__(reason)
        self.accepted = accepted


def send_email(message: Message, config: Config) -> list[Delivery]:
    """One e-mail per team and run to the recipients the setting lists."""
    recipients = [a.strip() for a in (message.channel.email_to or "").split(",") if a.strip()]
    if not recipients:
        msg = "e-mail setting without recipients (email_to)"
        raise DeliveryError(msg)
    if config.smtp_host is None:
        msg = "NOTIFIER_SMTP_HOST is unset"
        raise NotConfiguredError(msg)
    email = email_message(message, config, recipients)

    def deliver() -> None:
        with smtplib.SMTP(
            config.smtp_host or "", config.smtp_port, timeout=config.timeout_seconds
        ) as smtp:
            if config.smtp_starttls:
                smtp.starttls(context=_ssl_context(config))
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password or "")
            smtp.send_message(email)

    _retry(deliver, config, transient=_smtp_transient)
    return list(message.deliveries)


def email_message(message: Message, config: Config, recipients: list[str]) -> EmailMessage:
    """The team's grouped e-mail, ready for SMTP (or the outbox)."""
    subject, body = messages.email_subject_and_body(message)
    email = EmailMessage()
    email["From"] = config.smtp_from
    email["To"] = ", ".join(recipients)
    email["Subject"] = subject
    email.set_content(body)
    return email


def write_outbox(message: Message, config: Config, directory: Path) -> Path:
    """Write what `message` would send to a local file instead of its channel.

    For a channel that is not configured in this environment (the demo names the
    organisation's channels without their secrets): the exact Slack webhook body, the
    PagerDuty Events API v2 bodies (the routing key shown as the name of the variable that
    would hold it) or the e-mail as an RFC 5322 `.eml` file. Nothing is delivered, so the
    caller records no alert state.
    """
    channel = message.channel
    name = re.sub(r"[^A-Za-z0-9_.@-]+", "_", f"{message.team_key}--{channel.destination}")
    directory.mkdir(parents=True, exist_ok=True)
    if channel.channel == "email":
        recipients = [a.strip() for a in (channel.email_to or "").split(",") if a.strip()]
        path = directory / f"{name}.eml"
        path.write_bytes(bytes(email_message(message, config, recipients)))
        return path
    if channel.channel == "slack":
        body: Any = {
            "webhook_url": f"${channel.secret_env}",
            "body": messages.slack_payload(message),
        }
    else:
        key = f"${channel.secret_env}"
        body = {
            "url": f"{config.pagerduty_events_url}/v2/enqueue",
            "events": [messages.pagerduty_event(d, key) for d in message.deliveries],
        }
    path = directory / f"{name}.json"
    path.write_text(json.dumps(body, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def _smtp_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code in SMTP_TRANSIENT_CODES
    return isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError))


def _retry(
    action: Callable[[], None], config: Config, transient: Callable[[Exception], bool]
) -> None:
    wait = config.retry_wait_seconds
    for attempt in range(config.retries + 1):
        try:
            action()
        except (smtplib.SMTPException, OSError) as error:
            if attempt == config.retries or not transient(error):
                msg = f"e-mail not accepted: {error}"
                raise DeliveryError(msg) from error
            LOGGER.warning(
                "e-mail attempt %d failed (%s); retrying in %gs", attempt + 1, error, wait
            )
            time.sleep(wait)
            wait *= 2
        else:
            return


SENDERS: dict[str, Callable[[Message, Config], list[Delivery]]] = {
    "slack": send_slack,
    "pagerduty": send_pagerduty,
    "email": send_email,
}
