"""`reliability-notifier notify`: the Meltano utility's command (settings: NOTIFIER_*)."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys

import psycopg

from reliability_notifier.config import ConfigError, from_environment
from reliability_notifier.run import notify


def main(argv: list[str] | None = None) -> int:
    """Run a command; exit 1 when a message was not delivered (it is retried next run)."""
    parser = argparse.ArgumentParser(prog="reliability-notifier", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("notify", help="Send new, repeated and resolved alerts.")
    run.add_argument(
        "--dry-run", action="store_true", help="Log what would be sent; send and record nothing."
    )
    run.add_argument(
        "--outbox",
        metavar="DIR",
        help="Write the messages for channels not configured here into DIR/<run time>/ "
        "(the exact Slack and PagerDuty bodies, e-mails as .eml) instead of skipping them; "
        "nothing is recorded as sent. Setting outbox_dir.",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = from_environment()
    except ConfigError as error:
        logging.getLogger("reliability_notifier").error("%s", error)  # noqa: TRY400
        return 2
    if args.dry_run:
        config = dataclasses.replace(config, dry_run=True)
    if args.outbox:
        config = dataclasses.replace(config, outbox_dir=args.outbox)
    try:
        outcome = notify(config)
    except psycopg.Error as error:
        # No warehouse, or no alert_breaches yet (the transform has not run): one line.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        logging.getLogger("reliability_notifier").error("warehouse: %s", first_line)  # noqa: TRY400
        return 1
    logging.getLogger("reliability_notifier").info(
        "%d messages sent, %d failed, %d for channels not configured here; deliveries %s",
        outcome.messages_sent,
        outcome.messages_failed,
        outcome.messages_not_configured,
        outcome.deliveries or "none",
    )
    if outcome.outbox is not None:
        logging.getLogger("reliability_notifier").info(
            "%d messages for channels not configured here written to %s (not sent)",
            outcome.messages_outboxed,
            outcome.outbox,
        )
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
