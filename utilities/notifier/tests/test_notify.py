"""The notifier end to end: hand-made breaches in Postgres, real clients, local receivers.

Expected payloads are written out by hand from the vendors' published formats: a Slack
incoming webhook takes `{"text": ..., "blocks": [...]}` (Block Kit `header` with plain_text,
`section` with mrkdwn); a PagerDuty Events API v2 trigger is `{"routing_key", "event_action":
"trigger", "dedup_key", "payload": {"summary", "source", "severity", "component", "group",
"class", "custom_details"}}` and a resolve is `{"routing_key", "event_action": "resolve",
"dedup_key"}`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from email import parser as email_parser
from email import policy as email_policy

import psycopg
import pytest
from reliability_notifier import store
from reliability_notifier.config import Config
from reliability_notifier.run import notify

T0 = dt.datetime(2026, 12, 3, 21, 0, tzinfo=dt.UTC)

BUDGET = {
    "alert_key": "error_budget_exhausted:checkout-api",
    "rule_id": "error_budget_exhausted",
    "alert_kind": "reliability",
    "entity_type": "service",
    "entity_key": "checkout-api",
    "service_key": "checkout-api",
    "service_name": "Checkout API",
    "owning_team_key": "payments",
    "metric": "error_budget_remaining_percent",
    "comparison": "lte",
    "threshold": 0,
    "measured_value": -5.5,
    "sample_size": 2,
    "measured_for": "2026-12-01",
    "severity": "critical",
    "status": 2,
    "repeat_interval_hours": 24,
    "description": "Budget spent.",
}
STALE = {
    "alert_key": "source_stale:datadog",
    "rule_id": "source_stale",
    "alert_kind": "data_quality",
    "entity_type": "source",
    "entity_key": "datadog",
    "source": "datadog",
    "owning_team_key": "platform",
    "metric": "hours_since_last_load",
    "comparison": "gt",
    "threshold": 26,
    "measured_value": 54,
    "severity": "critical",
    "status": 2,
    "repeat_interval_hours": 24,
    "description": "Nothing loaded.",
}
MTTA = {
    "alert_key": "mtta_regression:search",
    "rule_id": "mtta_regression",
    "alert_kind": "reliability",
    "entity_type": "service",
    "entity_key": "search",
    "service_key": "search",
    "service_name": "Search",
    "owning_team_key": "discovery",
    "metric": "mtta_vs_baseline",
    "comparison": "gt",
    "threshold": 1.5,
    "measured_value": 2.005,
    "sample_size": 4,
    "measured_for": "2026-11-01",
    "severity": "warning",
    "status": 1,
    "repeat_interval_hours": 168,
    "description": "",
}
UNOWNED = {
    "alert_key": "standards_compliance_low:(no team)",
    "rule_id": "standards_compliance_low",
    "alert_kind": "reliability",
    "entity_type": "team",
    "entity_key": "(no team)",
    "owning_team_key": None,
    "metric": "compliant_repository_share",
    "comparison": "lt",
    "threshold": 0.5,
    "measured_value": 0,
    "sample_size": 2,
    "severity": "warning",
    "status": 1,
    "repeat_interval_hours": 168,
    "description": "Repositories without an owner.",
}
SETTINGS = [
    # payments has its own Slack channel and pages on critical; discovery has nothing (the
    # organisation default's Slack); platform gets its data-quality alerts by e-mail.
    ("payments", "reliability", "slack", 1, "PAYMENTS_SLACK_URL", None),
    ("payments", "reliability", "pagerduty", 2, "PAYMENTS_ROUTING_KEY", None),
    ("platform", "data_quality", "email", 1, None, "oncall-platform@example.com"),
    ("default", "any", "slack", 1, "DEFAULT_SLACK_URL", None),
]
ROUTING_KEY = "R0UT1NGKEY0PAYMENTS0000000000000"

# The messages of the first run, written out from the formats above.
SLACK_PAYMENTS_NEW = {
    "text": "Reliability alerts for payments: 1 critical",
    "blocks": [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": "Reliability alerts for payments: 1 critical"},
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "[critical, new] error_budget_exhausted on checkout-api: "
                "error_budget_remaining_percent = -5.5 (<= 0) for 2026-12-01\nBudget spent.",
            },
        },
    ],
}
SLACK_DISCOVERY_NEW = {
    "text": "Reliability alerts for discovery: 1 warning",
    "blocks": [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": "Reliability alerts for discovery: 1 warning"},
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "[warning, new] mtta_regression on search: "
                "mtta_vs_baseline = 2.005 (> 1.5) for 2026-11-01",
            },
        },
    ],
}
# Nobody owns it: the organisation default's message, saying so.
SLACK_UNOWNED_NEW = {
    "text": "Reliability alerts for no owning team (organisation default): 1 warning",
    "blocks": [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": "Reliability alerts for no owning team (organisation default): 1 warning",
            },
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "[warning, new] standards_compliance_low on (no team): "
                "compliant_repository_share = 0 (< 0.5)\nRepositories without an owner.",
            },
        },
    ],
}
PAGERDUTY_TRIGGER = {
    "routing_key": ROUTING_KEY,
    "event_action": "trigger",
    "dedup_key": "error_budget_exhausted:checkout-api",
    "payload": {
        "summary": "error_budget_exhausted on checkout-api: "
        "error_budget_remaining_percent = -5.5 (<= 0)",
        "source": "Checkout API",
        "severity": "critical",
        "component": "checkout-api",
        "group": "payments",
        "class": "error_budget_exhausted",
        "custom_details": {
            "rule_id": "error_budget_exhausted",
            "metric": "error_budget_remaining_percent",
            "measured_value": -5.5,
            "comparison": "lte",
            "threshold": 0.0,
            "measured_for": "2026-12-01",
            "status": 2,
            "description": "Budget spent.",
        },
    },
}
PAGERDUTY_RESOLVE = {
    "routing_key": ROUTING_KEY,
    "event_action": "resolve",
    "dedup_key": "error_budget_exhausted:checkout-api",
}


def insert(url: str, breaches: list[dict], settings=SETTINGS) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from reliability.alert_breaches")
        conn.execute("delete from reliability.notification_settings")
        for breach in breaches:
            columns = ", ".join(breach)
            values = ", ".join(["%s"] * len(breach))
            conn.execute(
                f"insert into reliability.alert_breaches ({columns}) values ({values})",  # noqa: S608
                list(breach.values()),
            )
        for row in settings:
            conn.execute(
                "insert into reliability.notification_settings"
                " (team_key, alert_kind, channel, min_status, secret_env, email_to)"
                " values (%s, %s, %s, %s, %s, %s)",
                row,
            )


@pytest.fixture
def config(database, slack, pagerduty_events, smtp, ca_bundle):
    return Config(
        database_url=database,
        pagerduty_events_url=pagerduty_events.url,
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_starttls=False,
        smtp_from="alerts@example.com",
        ca_bundle=ca_bundle,
        retries=2,
        retry_wait_seconds=0.01,
        environ={
            "PAYMENTS_SLACK_URL": f"{slack.url}/services/T0/B1/payments",
            "DEFAULT_SLACK_URL": f"{slack.url}/services/T0/B2/default",
            "PAYMENTS_ROUTING_KEY": ROUTING_KEY,
        },
    )


def state(url: str) -> dict[tuple[str, str], int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "select alert_key, destination, status from alerting_state.alert_state"
        ).fetchall()
    return {(key, destination): status for key, destination, status in rows}


def test_breach_sends_each_channel_once_then_nothing_then_repeats_then_resolves(
    config, database, slack, pagerduty_events, smtp
):
    insert(database, [BUDGET, STALE, MTTA])

    first = notify(config, now=T0)

    assert first.ok
    assert slack.bodies("/services/T0/B1/payments") == [SLACK_PAYMENTS_NEW]
    # discovery has no settings: the organisation default's channel, one message for it.
    assert slack.bodies("/services/T0/B2/default") == [SLACK_DISCOVERY_NEW]
    assert pagerduty_events.bodies("/v2/enqueue") == [PAGERDUTY_TRIGGER]
    # The stale source is a data-quality alert for the source's owner, by e-mail.
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["rcpt_tos"] == ["oncall-platform@example.com"]
    assert mail["from"] == "alerts@example.com"
    assert mail["subject"] == "Reliability alerts for platform: 1 critical"
    assert mail["body"] == (
        "Reliability alerts for platform: 1 critical\n"
        "\n"
        "- [critical, new] source_stale on datadog: hours_since_last_load = 54 (> 26)\n"
        "  Nothing loaded.\n"
        "\n"
        "Sent by reliability-notifier from the warehouse's alert_breaches.\n"
    )
    assert state(database) == {
        ("error_budget_exhausted:checkout-api", "slack:PAYMENTS_SLACK_URL"): 2,
        ("error_budget_exhausted:checkout-api", "pagerduty:PAYMENTS_ROUTING_KEY"): 2,
        ("source_stale:datadog", "email:oncall-platform@example.com"): 2,
        ("mtta_regression:search", "slack:DEFAULT_SLACK_URL"): 1,
    }

    # An hour later, nothing changed: nothing is sent.
    second = notify(config, now=T0 + dt.timedelta(hours=1))
    assert second.ok
    assert second.deliveries == {}
    assert len(slack.requests) == 2
    assert len(pagerduty_events.requests) == 1
    assert len(smtp.messages) == 1

    # After 25 hours the 24-hour rules are sent again; the 168-hour one is not.
    third = notify(config, now=T0 + dt.timedelta(hours=25))
    assert third.deliveries == {"renotify": 3}
    assert slack.bodies("/services/T0/B1/payments")[1]["blocks"][1]["text"]["text"] == (
        "[critical, still breaching] error_budget_exhausted on checkout-api: "
        "error_budget_remaining_percent = -5.5 (<= 0) for 2026-12-01\nBudget spent."
    )
    # The same dedup_key: PagerDuty adds it to the open alert instead of a new incident.
    assert pagerduty_events.bodies("/v2/enqueue")[1] == PAGERDUTY_TRIGGER
    assert len(smtp.messages) == 2
    assert len(slack.bodies("/services/T0/B2/default")) == 1

    # The budget breach clears: resolved on Slack and PagerDuty (status 0 in the state).
    insert(database, [STALE, MTTA])
    fourth = notify(config, now=T0 + dt.timedelta(hours=26))
    assert fourth.deliveries == {"resolve": 2}
    assert slack.bodies("/services/T0/B1/payments")[2] == {
        "text": "Reliability alerts for payments: 1 resolved",
        "blocks": [
            {
                "type": "header",
                "text": {
                    "type": "plain_text",
                    "text": "Reliability alerts for payments: 1 resolved",
                },
            },
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "[resolved] error_budget_exhausted on checkout-api: "
                    "no longer breaching",
                },
            },
        ],
    }
    assert pagerduty_events.bodies("/v2/enqueue")[2] == PAGERDUTY_RESOLVE
    assert (
        state(database)[("error_budget_exhausted:checkout-api", "pagerduty:PAYMENTS_ROUTING_KEY")]
        == 0
    )

    # Resolved stays resolved: the next run sends nothing.
    assert notify(config, now=T0 + dt.timedelta(hours=27)).deliveries == {}


def test_status_change_is_sent_again_at_once(config, database, slack):
    insert(database, [MTTA])
    notify(config, now=T0)
    insert(database, [{**MTTA, "status": 3}])

    outcome = notify(config, now=T0 + dt.timedelta(minutes=5))

    assert outcome.deliveries == {"trigger": 1}
    assert slack.bodies("/services/T0/B2/default")[1]["text"] == (
        "Reliability alerts for discovery: 1 unknown"
    )


def test_rate_limit_and_server_errors_are_retried(config, database, slack, pagerduty_events):
    slack.script.extend([429, 503])
    pagerduty_events.script.extend([429, 500])
    insert(database, [BUDGET])

    outcome = notify(config, now=T0)

    assert outcome.ok
    assert [r["accepted"] for r in slack.requests] == [False, False, True]
    assert slack.bodies() == [SLACK_PAYMENTS_NEW]
    assert [r["accepted"] for r in pagerduty_events.requests] == [False, False, True]
    assert pagerduty_events.bodies() == [PAGERDUTY_TRIGGER]


def test_smtp_temporary_refusal_is_retried(config, database, smtp):
    smtp.script.append("451 4.3.0 Try again later")
    insert(database, [STALE])

    outcome = notify(config, now=T0)

    assert outcome.ok
    assert [m["subject"] for m in smtp.messages] == ["Reliability alerts for platform: 1 critical"]


def test_smtp_permanent_refusal_is_not_retried_and_records_nothing(config, database, smtp):
    smtp.script.extend(["554 5.7.1 Rejected", "554 5.7.1 Rejected"])
    insert(database, [STALE])

    outcome = notify(config, now=T0)

    assert outcome.messages_failed == 1
    assert smtp.messages == []
    assert list(smtp.script) == ["554 5.7.1 Rejected"]  # one attempt only
    assert state(database) == {}


def test_refused_message_writes_no_state_and_is_sent_next_run(config, database, slack):
    slack.script.extend([500, 500, 500])  # the first try and both retries
    insert(database, [MTTA])

    failed = notify(config, now=T0)

    assert not failed.ok
    assert slack.bodies() == []
    assert state(database) == {}
    retried = notify(config, now=T0 + dt.timedelta(minutes=10))
    assert retried.ok
    assert slack.bodies() == [SLACK_DISCOVERY_NEW]


def test_crash_between_send_and_state_write_resends_with_the_same_dedup_key(
    config, database, slack, pagerduty_events, monkeypatch
):
    """At-least-once: a crash after the channel accepted re-sends on the next run.

    The state is written only after acceptance, so nothing is lost; what was accepted just
    before the crash is sent again. PagerDuty de-duplicates it by dedup_key (the same alert,
    no second incident); Slack and e-mail show the message twice.
    """
    insert(database, [BUDGET])
    write_state = store.write_state

    def crash(*args, **kwargs):
        msg = "killed between send and state write"
        raise SystemExit(msg)

    monkeypatch.setattr(store, "write_state", crash)
    with pytest.raises(SystemExit):
        notify(config, now=T0)
    # payments' messages go in destination order: PagerDuty was accepted, then the crash.
    assert pagerduty_events.bodies() == [PAGERDUTY_TRIGGER]
    assert slack.bodies() == []
    assert state(database) == {}

    monkeypatch.setattr(store, "write_state", write_state)
    rerun = notify(config, now=T0 + dt.timedelta(minutes=1))

    assert rerun.ok
    # Nothing lost: Slack has it now. PagerDuty got the same event twice, with the same
    # dedup_key, which its Events API folds into the one open alert.
    assert pagerduty_events.bodies() == [PAGERDUTY_TRIGGER, PAGERDUTY_TRIGGER]
    assert slack.bodies() == [SLACK_PAYMENTS_NEW]
    assert notify(config, now=T0 + dt.timedelta(minutes=2)).deliveries == {}


def test_unset_secret_skips_that_channel_and_sends_it_once_set(config, database, pagerduty_events):
    insert(database, [BUDGET, MTTA])
    environ = {k: v for k, v in config.environ.items() if k != "PAYMENTS_ROUTING_KEY"}

    outcome = notify(dataclasses.replace(config, environ=environ), now=T0)

    assert outcome.ok
    assert (outcome.messages_sent, outcome.messages_not_configured) == (2, 1)
    assert pagerduty_events.requests == []
    assert ("error_budget_exhausted:checkout-api", "pagerduty:PAYMENTS_ROUTING_KEY") not in state(
        database
    )
    # Once the routing key is set, the page goes out (and only the page).
    again = notify(config, now=T0 + dt.timedelta(minutes=5))
    assert again.deliveries == {"trigger": 1}
    assert pagerduty_events.bodies() == [PAGERDUTY_TRIGGER]


def test_dry_run_sends_and_records_nothing(config, database, slack, pagerduty_events, smtp):
    insert(database, [BUDGET, STALE, MTTA])

    outcome = notify(dataclasses.replace(config, dry_run=True), now=T0)

    assert outcome.ok
    assert slack.requests == pagerduty_events.requests == smtp.messages == []
    assert state(database) == {}


def test_outbox_writes_what_unconfigured_channels_would_get_and_records_nothing(  # noqa: PLR0913, PLR0917
    config, database, tmp_path, slack, pagerduty_events, smtp
):
    insert(database, [BUDGET, STALE, MTTA, UNOWNED])
    local = dataclasses.replace(
        config, environ={}, smtp_host=None, outbox_dir=str(tmp_path / "outbox")
    )

    outcome = notify(local, now=T0)

    assert outcome.ok
    assert (outcome.messages_sent, outcome.messages_outboxed) == (0, 5)
    assert outcome.outbox == tmp_path / "outbox" / "20261203T210000Z"
    files = {p.name: p for p in outcome.outbox.iterdir()}
    assert sorted(files) == [
        "default--slack_DEFAULT_SLACK_URL.json",
        "discovery--slack_DEFAULT_SLACK_URL.json",
        "payments--pagerduty_PAYMENTS_ROUTING_KEY.json",
        "payments--slack_PAYMENTS_SLACK_URL.json",
        "platform--email_oncall-platform@example.com.eml",
    ]
    # The bodies the channels would have received, the secret shown by its variable's name.
    slack_payments = json.loads(files["payments--slack_PAYMENTS_SLACK_URL.json"].read_text())
    assert slack_payments == {"webhook_url": "$PAYMENTS_SLACK_URL", "body": SLACK_PAYMENTS_NEW}
    # The alert nobody owns: the organisation default's channel, labelled so (not "(no team)").
    unowned = json.loads(files["default--slack_DEFAULT_SLACK_URL.json"].read_text())
    assert unowned == {"webhook_url": "$DEFAULT_SLACK_URL", "body": SLACK_UNOWNED_NEW}
    page = json.loads(files["payments--pagerduty_PAYMENTS_ROUTING_KEY.json"].read_text())
    assert page == {
        "url": f"{pagerduty_events.url}/v2/enqueue",
        "events": [{**PAGERDUTY_TRIGGER, "routing_key": "$PAYMENTS_ROUTING_KEY"}],
    }
    email = email_parser.BytesParser(policy=email_policy.default).parsebytes(
        files["platform--email_oncall-platform@example.com.eml"].read_bytes()
    )
    assert email["To"] == "oncall-platform@example.com"
    assert email["Subject"] == "Reliability alerts for platform: 1 critical"
    assert "source_stale on datadog" in email.get_body().get_content()
    # Nothing left the machine, nothing is recorded: configured later, they are sent.
    assert slack.requests == pagerduty_events.requests == smtp.messages == []
    assert state(database) == {}
    assert notify(config, now=T0 + dt.timedelta(minutes=1)).deliveries == {"trigger": 5}
