"""Routing and deciding what to send, without a network or a database."""

from __future__ import annotations

import datetime as dt
import logging

from reliability_notifier.messages import title
from reliability_notifier.model import Breach, ChannelSetting, StateRow, plan, route

NOW = dt.datetime(2026, 12, 3, 21, 0, tzinfo=dt.UTC)


def breach(team: str | None, kind: str = "reliability", status: int = 2, key: str = "r:x"):
    return Breach(
        alert_key=key,
        rule_id=key.split(":", maxsplit=1)[0],
        alert_kind=kind,
        entity_type="service",
        entity_key=key.split(":")[1],
        owning_team_key=team,
        metric="m",
        comparison="gt",
        threshold=1,
        measured_value=2,
        status=status,
        repeat_interval_hours=24,
    )


SLACK_DEFAULT = ChannelSetting("default", "any", "slack", 1, "DEFAULT_SLACK")
PAGE_DEFAULT = ChannelSetting("default", "reliability", "pagerduty", 2, "DEFAULT_PD")
PAYMENTS_DQ_MAIL = ChannelSetting("payments", "data_quality", "email", 1, None, "p@example.com")


def test_team_without_a_setting_for_the_kind_falls_back_to_the_default():
    # payments only set up data-quality e-mail: its reliability alert takes the default's.
    settings = [SLACK_DEFAULT, PAGE_DEFAULT, PAYMENTS_DQ_MAIL]
    assert route("payments", "reliability", 2, settings) == [SLACK_DEFAULT, PAGE_DEFAULT]
    assert route("payments", "data_quality", 1, settings) == [PAYMENTS_DQ_MAIL]


def test_unknown_is_routed_as_a_warning_and_pages_nobody():
    assert route("payments", "reliability", 3, [SLACK_DEFAULT, PAGE_DEFAULT]) == [SLACK_DEFAULT]


def test_no_channel_anywhere_sends_nothing_and_says_so(caplog):
    caplog.set_level(logging.WARNING, logger="reliability_notifier")

    messages = plan([breach("payments", kind="data_quality")], [PAGE_DEFAULT], [], NOW)

    assert messages == []
    assert caplog.messages == [
        (
            "no channel for data_quality alerts of team payments at status 2 (nor in the "
            "organisation default): r:x not sent"
        )
    ]


def test_one_message_per_team_and_destination():
    breaches = [
        breach("payments", key="a:1"),
        breach("payments", key="b:2"),
        breach(None, key="c:3"),
    ]

    messages = plan(breaches, [SLACK_DEFAULT], [], NOW)

    # Two teams on the one default channel: one grouped message each; the unowned alert is
    # the organisation default's own.
    assert [(m.team_key, [d.alert_key for d in m.deliveries]) for m in messages] == [
        ("default", ["c:3"]),
        ("payments", ["a:1", "b:2"]),
    ]


def test_an_unowned_alert_goes_to_the_organisation_default_and_says_so(caplog):
    # The routing: the owning team's settings, else the organisation default's. An
    # alert nobody owns (repositories without a team) has only the default, and its message
    # says that it is there for want of an owner.
    settings = [SLACK_DEFAULT, PAYMENTS_DQ_MAIL]
    unowned = breach(None, kind="data_quality", status=1, key="standards:(no team)")

    messages = plan([unowned], settings, [], NOW)

    assert [(m.team_key, m.channel, len(m.deliveries)) for m in messages] == [
        ("default", SLACK_DEFAULT, 1)
    ]
    assert title(messages[0]) == (
        "Reliability alerts for no owning team (organisation default): 1 warning"
    )
    # Nowhere to go: the log names the default, not a made-up team.
    caplog.set_level(logging.WARNING, logger="reliability_notifier")
    assert plan([unowned], [PAYMENTS_DQ_MAIL], [], NOW) == []
    assert caplog.messages == [
        (
            "no channel for data_quality alerts of team no owning team (organisation default) "
            "at status 1 (nor in the organisation default): standards:(no team) not sent"
        )
    ]


def test_an_alert_routed_elsewhere_now_is_resolved_where_it_was_sent():
    sent = StateRow(
        alert_key="r:x",
        destination="slack:OLD_SLACK",
        team_key="payments",
        channel="slack",
        secret_env="OLD_SLACK",
        email_to=None,
        rule_id="r",
        entity_key="x",
        status=2,
        last_notified_at=NOW - dt.timedelta(hours=1),
    )

    messages = plan([breach("payments")], [SLACK_DEFAULT], [sent], NOW)

    assert [(m.channel.destination, [d.action for d in m.deliveries]) for m in messages] == [
        ("slack:DEFAULT_SLACK", ["trigger"]),
        ("slack:OLD_SLACK", ["resolve"]),
    ]


def test_unknown_keeps_an_open_page_open_and_tells_the_warning_channel():
    paged = StateRow(
        alert_key="r:x",
        destination="pagerduty:DEFAULT_PD",
        team_key="payments",
        channel="pagerduty",
        secret_env="DEFAULT_PD",
        email_to=None,
        rule_id="r",
        entity_key="x",
        status=2,
        last_notified_at=NOW - dt.timedelta(hours=1),
    )

    messages = plan([breach("payments", status=3)], [SLACK_DEFAULT, PAGE_DEFAULT], [paged], NOW)

    # No resolve on PagerDuty (the source is stale, not recovered); Slack hears it is unknown.
    assert [
        (m.channel.destination, [(d.action, d.status) for d in m.deliveries]) for m in messages
    ] == [
        ("slack:DEFAULT_SLACK", [("trigger", 3)]),
    ]
