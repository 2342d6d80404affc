"""One notifier run: read, plan, send each team's message, record what was accepted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from reliability_notifier import store
from reliability_notifier.channels import (
    SENDERS,
    DeliveryError,
    NotConfiguredError,
    PartialDeliveryError,
    write_outbox,
)
from reliability_notifier.model import plan, team_label

if TYPE_CHECKING:
    from reliability_notifier.config import Config

LOGGER = logging.getLogger("reliability_notifier")


@dataclasses.dataclass
class Outcome:
    """What a run did: messages sent and failed, deliveries by action."""

    messages_sent: int = 0
    messages_failed: int = 0
    messages_not_configured: int = 0
    #: Of those, written to the outbox (setting outbox_dir) instead.
    messages_outboxed: int = 0
    outbox: Path | None = None
    deliveries: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Every message was accepted."""
        return self.messages_failed == 0


def notify(config: Config, now: dt.datetime | None = None) -> Outcome:
    """Compare alert_breaches with the alert state and send what changed.

    State is written per message only after its channel accepted it: a crash after a send
    and before the write re-sends that message on the next run (at-least-once). PagerDuty
    folds the repeat into the same alert by its dedup_key; Slack and e-mail show it twice.
    """
    now = now or dt.datetime.now(dt.UTC)
    outcome = Outcome()
    with store.connect(config.database_url) as conn:
        if not store.try_lock(conn):
            LOGGER.error("another notifier run holds the lock: nothing sent")
            outcome.messages_failed += 1
            return outcome
        store.ensure_state(conn, config.state_schema)
        breaches = store.read_breaches(conn, config.breaches_table)
        settings = store.read_settings(conn, config.settings_table)
        state = store.read_state(conn, config.state_schema)
        planned = plan(breaches, settings, state, now)
        LOGGER.info(
            "%d breaches, %d channel settings, %d state rows: %d messages to send",
            len(breaches),
            len(settings),
            len(state),
            len(planned),
        )
        for message in planned:
            destination = message.channel.destination
            summary = ", ".join(f"{d.action} {d.alert_key}" for d in message.deliveries)
            if config.dry_run:
                LOGGER.info(
                    "dry run: to %s for %s: %s", destination, team_label(message.team_key), summary
                )
                continue
            try:
                accepted = SENDERS[message.channel.channel](message, config)
            except NotConfiguredError as error:
                outcome.messages_not_configured += 1
                if config.outbox_dir:
                    outcome.outbox = Path(config.outbox_dir) / now.strftime("%Y%m%dT%H%M%SZ")
                    path = write_outbox(message, config, outcome.outbox)
                    outcome.messages_outboxed += 1
                    # The destination names the unset variable; the file is in the
                    # run's outbox folder (logged once at the end).
                    LOGGER.info(
                        "%s for %s: %d alert(s) to the outbox, not sent (not configured here): %s",
                        destination,
                        team_label(message.team_key),
                        len(message.deliveries),
                        path.name,
                    )
                    LOGGER.debug("%s: %s (%s)", path, error, summary)
                    continue
                LOGGER.warning(
                    "%s for %s not sent, not configured here (%s): %s",
                    destination,
                    team_label(message.team_key),
                    error,
                    summary,
                )
                continue
            except DeliveryError as error:
                accepted = error.accepted if isinstance(error, PartialDeliveryError) else []
                LOGGER.error(  # noqa: TRY400 - one line per failed message, no traceback
                    "%s for %s not delivered (%s); retried next run",
                    destination,
                    team_label(message.team_key),
                    error,
                )
                outcome.messages_failed += 1
            else:
                outcome.messages_sent += 1
                LOGGER.info(
                    "sent to %s for %s: %s", destination, team_label(message.team_key), summary
                )
            if accepted:
                store.write_state(conn, config.state_schema, message, accepted, now)
            for delivery in accepted:
                outcome.deliveries[delivery.action] = outcome.deliveries.get(delivery.action, 0) + 1
    return outcome
