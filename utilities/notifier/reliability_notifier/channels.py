"""Senders: Slack incoming webhooks, PagerDuty Events API v2, e-mail over SMTP.

Each returns the deliveries the channel accepted; the caller writes alert state for those
only. A failure raises `DeliveryError` after the retries (429 and 5xx for HTTP, 4xx replies
and dropped connections for SMTP), and nothing of that message is recorded as sent.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from email.message import EmailMessage
from typing import TYPE_CHECKING

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
    subject, body = messages.email_subject_and_body(message)
    email = EmailMessage()
    email["From"] = config.smtp_from
    email["To"] = ", ".join(recipients)
    email["Subject"] = subject
    email.set_content(body)

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
