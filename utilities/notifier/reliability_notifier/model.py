"""What the notifier works with: breaches, channel settings, alert state, deliveries.

Plain data, no I/O: `plan` decides what to send from what breaches now, where each team wants
its alerts and what was sent before, so the decisions are tested without a network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

LOGGER = logging.getLogger("reliability_notifier")

# Statuses as the organisation's original alerting service had them.
RESOLVED, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
STATUS_NAMES = {RESOLVED: "resolved", WARNING: "warning", CRITICAL: "critical", UNKNOWN: "unknown"}
DEFAULT_TEAM = "default"
#: How the organisation default's messages name who they are for: it receives the alerts no
#: team owns (a team with no setting of its own keeps its name on the default's channels).
DEFAULT_TEAM_LABEL = "no owning team (organisation default)"

Action = Literal["trigger", "renotify", "resolve"]


@dataclasses.dataclass(frozen=True)
class Breach:
    """One row of alert_breaches: a rule that an entity breaches now."""

    alert_key: str
    rule_id: str
    alert_kind: str
    entity_type: str
    entity_key: str
    owning_team_key: str | None
    metric: str
    comparison: str
    threshold: float
    measured_value: float | None
    status: int
    repeat_interval_hours: float
    description: str = ""
    service_name: str | None = None
    measured_for: str | None = None

    @property
    def team(self) -> str:
        """The team the alert is routed and grouped by: the organisation default when unowned."""
        return self.owning_team_key or DEFAULT_TEAM


@dataclasses.dataclass(frozen=True)
class ChannelSetting:
    """One row of notification_settings: a team's channel for a kind of alert."""

    team_key: str
    alert_kind: str
    channel: str
    min_status: int
    secret_env: str | None = None
    email_to: str | None = None

    @property
    def destination(self) -> str:
        """Where messages go, without the secret: `slack:ENV_NAME`, `email:a@b`."""
        return f"{self.channel}:{self.secret_env or self.email_to or ''}"

    def accepts(self, alert_kind: str, status: int) -> bool:
        """Whether this channel takes an alert of that kind and status.

        An unknown (3) is routed as a warning: stale data should not page anyone.
        """
        level = WARNING if status == UNKNOWN else status
        return self.alert_kind in {alert_kind, "any"} and level >= self.min_status


@dataclasses.dataclass(frozen=True)
class StateRow:
    """What was last sent for one alert to one destination (the persisted alert state)."""

    alert_key: str
    destination: str
    team_key: str
    channel: str
    secret_env: str | None
    email_to: str | None
    rule_id: str
    entity_key: str
    status: int
    last_notified_at: dt.datetime
    first_notified_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Delivery:
    """One alert to send to one destination: a trigger, a re-notification or a resolve."""

    action: Action
    alert_key: str
    rule_id: str
    entity_key: str
    status: int
    breach: Breach | None
    previous: StateRow | None


@dataclasses.dataclass
class Message:
    """Everything one team gets on one destination in this run (one grouped message)."""

    team_key: str
    channel: ChannelSetting
    deliveries: list[Delivery] = dataclasses.field(default_factory=list)


def team_label(team: str) -> str:
    """The team as messages and logs name it."""
    return DEFAULT_TEAM_LABEL if team == DEFAULT_TEAM else team


def route(
    team: str, alert_kind: str, status: int, settings: Sequence[ChannelSetting]
) -> list[ChannelSetting]:
    """The channels for a team's alert: its own settings, else the organisation default."""
    own = [s for s in settings if s.team_key == team and s.accepts(alert_kind, status)]
    if own:
        return own
    return [s for s in settings if s.team_key == DEFAULT_TEAM and s.accepts(alert_kind, status)]


def plan(
    breaches: Iterable[Breach],
    settings: Sequence[ChannelSetting],
    state: Iterable[StateRow],
    now: dt.datetime,
) -> list[Message]:
    """Decide what to send: one message per team and destination, in a stable order.

    New breach (or one whose last state is resolved) -> trigger; a status change -> trigger
    again (the new status); still breaching -> re-notify only after the rule's repeat
    interval; an alert sent to a destination that it no longer breaches there (cleared, or
    routed elsewhere now) -> resolve, except while it is unknown (3): its source is stale, so
    what was sent stays open.
    """
    previous = {(row.alert_key, row.destination): row for row in state}
    messages: dict[tuple[str, str], Message] = {}
    routed: set[tuple[str, str]] = set()

    def message(team: str, channel: ChannelSetting) -> Message:
        key = (team, channel.destination)
        if key not in messages:
            messages[key] = Message(team_key=team, channel=channel)
        return messages[key]

    for breach in sorted(breaches, key=lambda b: b.alert_key):
        if breach.status == UNKNOWN:
            # Unknown is no all-clear: a page already open for this alert stays open (not
            # resolved, not repeated) until its source loads again and the rule is judged.
            routed.update(
                key
                for key, row in previous.items()
                if key[0] == breach.alert_key and row.status != RESOLVED
            )
        channels = route(breach.team, breach.alert_kind, breach.status, settings)
        if not channels:
            LOGGER.warning(
                "no channel for %s alerts of team %s at status %d (nor in the organisation "
                "default): %s not sent",
                breach.alert_kind,
                team_label(breach.team),
                breach.status,
                breach.alert_key,
            )
            continue
        for channel in channels:
            routed.add((breach.alert_key, channel.destination))
            last = previous.get((breach.alert_key, channel.destination))
            action = _action(breach, last, now)
            if action is not None:
                message(breach.team, channel).deliveries.append(
                    Delivery(
                        action=action,
                        alert_key=breach.alert_key,
                        rule_id=breach.rule_id,
                        entity_key=breach.entity_key,
                        status=breach.status,
                        breach=breach,
                        previous=last,
                    )
                )

    for row in sorted(previous.values(), key=lambda r: (r.alert_key, r.destination)):
        if row.status == RESOLVED or (row.alert_key, row.destination) in routed:
            continue
        channel = ChannelSetting(
            team_key=row.team_key,
            alert_kind="any",
            channel=row.channel,
            min_status=WARNING,
            secret_env=row.secret_env,
            email_to=row.email_to,
        )
        message(row.team_key, channel).deliveries.append(
            Delivery(
                action="resolve",
                alert_key=row.alert_key,
                rule_id=row.rule_id,
                entity_key=row.entity_key,
                status=RESOLVED,
                breach=None,
                previous=row,
            )
        )
    return [messages[key] for key in sorted(messages)]


def _action(breach: Breach, last: StateRow | None, now: dt.datetime) -> Action | None:
    if last is None or last.status == RESOLVED or last.status != breach.status:
        return "trigger"
    if now - last.last_notified_at >= dt.timedelta(hours=breach.repeat_interval_hours):
        return "renotify"
    return None
