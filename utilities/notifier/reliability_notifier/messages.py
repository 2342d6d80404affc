"""The words and payloads: Slack Block Kit, PagerDuty Events API v2 fields, e-mail text.

Formats follow the vendors' published contracts: Slack incoming webhooks take `text` (the
notification fallback) and `blocks` (at most 50; a section's text at most 3,000 characters);
a PagerDuty event's `payload.summary` is at most 1,024 characters and `payload.severity` one
of critical, error, warning, info.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reliability_notifier.model import (
    CRITICAL,
    STATUS_NAMES,
    UNKNOWN,
    Delivery,
    Message,
    team_label,
)

if TYPE_CHECKING:
    from reliability_notifier.model import Breach

SLACK_MAX_BLOCKS = 50
SLACK_MAX_TEXT = 3000
PAGERDUTY_MAX_SUMMARY = 1024
COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
ACTION_LABELS = {"trigger": "new", "renotify": "still breaching", "resolve": "resolved"}
PAGERDUTY_SEVERITIES = {CRITICAL: "critical", UNKNOWN: "info"}


def number(value: float | None) -> str:
    """A measured value or threshold as people read it: at most 3 decimals, no float noise."""
    if value is None:
        return "n/a"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def line(delivery: Delivery) -> str:
    """One alert in one line of plain text."""
    if delivery.breach is None:
        return f"[resolved] {delivery.rule_id} on {delivery.entity_key}: no longer breaching"
    breach = delivery.breach
    label = ACTION_LABELS[delivery.action]
    return f"[{STATUS_NAMES[breach.status]}, {label}] {describe(breach)}" + (
        f" for {breach.measured_for}" if breach.measured_for else ""
    )


def title(message: Message) -> str:
    """The headline of a team's grouped message."""
    counts: dict[str, int] = {}
    for delivery in message.deliveries:
        name = STATUS_NAMES[delivery.status]
        counts[name] = counts.get(name, 0) + 1
    parts = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    return f"Reliability alerts for {team_label(message.team_key)}: {parts}"


def slack_payload(message: Message) -> dict[str, Any]:
    """One Slack message (text fallback + blocks) listing the team's alerts of this run."""
    sections: list[dict[str, Any]] = []
    for delivery in message.deliveries:
        text = line(delivery)
        if delivery.breach is not None and delivery.breach.description:
            text += f"\n{delivery.breach.description}"
        sections.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": text[:SLACK_MAX_TEXT]}}
        )
    # Block Kit allows 50 blocks: the header, 48 alerts, and a line for the rest.
    room = SLACK_MAX_BLOCKS - 2
    if len(sections) > room + 1:
        rest = len(sections) - room
        sections = [
            *sections[:room],
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"... and {rest} more (see alert_breaches)"},
            },
        ]
    header = title(message)
    return {
        "text": header,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": header[:150]}},
            *sections,
        ],
    }


def email_subject_and_body(message: Message) -> tuple[str, str]:
    """The team's grouped e-mail."""
    lines = [title(message), ""]
    for delivery in message.deliveries:
        lines.append(f"- {line(delivery)}")
        if delivery.breach is not None and delivery.breach.description:
            lines.append(f"  {delivery.breach.description}")
    lines += ["", "Sent by reliability-notifier from the warehouse's alert_breaches."]
    return title(message), "\n".join(lines) + "\n"


def pagerduty_trigger(breach: Breach) -> dict[str, Any]:
    """The keyword arguments of EventsApiV2Client.trigger for one breach."""
    entity = breach.service_name or breach.entity_key
    return {
        "summary": describe(breach)[:PAGERDUTY_MAX_SUMMARY],
        "source": entity,
        "dedup_key": breach.alert_key,
        "severity": PAGERDUTY_SEVERITIES.get(breach.status, "warning"),
        "payload": {
            "component": breach.entity_key,
            "group": breach.team,
            "class": breach.rule_id,
        },
        "custom_details": {
            "rule_id": breach.rule_id,
            "metric": breach.metric,
            "measured_value": breach.measured_value,
            "comparison": breach.comparison,
            "threshold": breach.threshold,
            "measured_for": breach.measured_for,
            "status": breach.status,
            "description": breach.description,
        },
    }


def pagerduty_event(delivery: Delivery, routing_key: str) -> dict[str, Any]:
    """The Events API v2 body of one delivery, as the `pagerduty` client posts it.

    Used by the outbox (what would be sent); the sender itself lets the client build it.
    """
    if delivery.breach is None:
        return {
            "routing_key": routing_key,
            "event_action": "resolve",
            "dedup_key": delivery.alert_key,
        }
    fields = pagerduty_trigger(delivery.breach)
    return {
        "routing_key": routing_key,
        "event_action": "trigger",
        "dedup_key": fields["dedup_key"],
        "payload": {
            "summary": fields["summary"],
            "source": fields["source"],
            "severity": fields["severity"],
            **fields["payload"],
            "custom_details": fields["custom_details"],
        },
    }


def describe(breach: Breach) -> str:
    """The rule, the entity and the measured value against the threshold."""
    return (
        f"{breach.rule_id} on {breach.entity_key}: {breach.metric} = "
        f"{number(breach.measured_value)} "
        f"({COMPARISONS.get(breach.comparison, breach.comparison)} {number(breach.threshold)})"
    )
