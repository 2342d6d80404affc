"""Alerting end to end on the sandbox world: load, dbt, `meltano invoke notifier:notify`.

On a copy of the session's loaded world (tests/conftest.py `world`): its database and Meltano
state, so the one Meltano run of the five sources here is the incremental one a schedule makes.

Every source is made stale by evaluating the rules three days after PagerDuty's last load
(dbt var `alerting_as_of`), and the survey source is never loaded here (empty): each raises a
critical data-quality alert for its owner (platform, seed source_owners), paged through
PagerDuty, posted to Slack and e-mailed; every
reliability breach turns unknown (3), which is routed as a warning and pages nobody. Evaluated
again as of now, the stale alerts clear and are resolved with the same dedup_keys. A team
recorded fully compliant on the three days before today (team_standards_daily) breaches
standards_compliance_dropping with today's share: its message goes to the organisation
default's Slack (the team has no channel of its own), labelled with the team. Receivers
are local (reliability_notifier.testing); expected payloads follow Slack's and PagerDuty's
published formats, with the hours computed here from the raw tables' `_sdc_batched_at`.
"""

from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest
import trustme
from reliability_notifier.testing import pagerduty_receiver, slack_receiver, smtp_receiver

pytestmark = pytest.mark.e2e

SOURCES = ["datadog", "github", "pagerduty", "postmortems", "sentry"]
ROUTING_KEY = "PLATFORMR0UT1NGKEY00000000000000"
STALE_DESCRIPTION = (
    "Nothing was loaded from the source for over 26 hours (a daily schedule plus two hours): "
    "alerts on its data are unknown (status 3) until it loads again."
)


def last_loads(url: str) -> dict[str, dt.datetime]:
    """Each source's latest `_sdc_batched_at` over its raw tables (read here, not from dbt)."""
    loads = {}
    with psycopg.connect(url) as conn:
        for source in SOURCES:
            tables = conn.execute(
                "select table_name from information_schema.columns"
                " where table_schema = %s and column_name = '_sdc_batched_at'",
                (f"raw_{source}",),
            ).fetchall()
            union = " union all ".join(
                f'select max(_sdc_batched_at) as t from raw_{source}."{name}"' for (name,) in tables
            )
            loads[source] = conn.execute(f"select max(t) from ({union}) loads").fetchone()[0]
    return loads


def assert_section_at(
    sections: list[str], head: str, moment: dt.datetime, description: str
) -> None:
    """One section reads `head`, then `moment`, then `description` on its own line. Postgres
    writes the moment as text without trailing zeros in its fraction ('…45.63639'), so it is
    compared as a moment, not as Python's spelling."""
    section = next(s for s in sections if s.startswith(head))
    stated, stated_description = section.removeprefix(head).split("\n", 1)
    assert dt.datetime.fromisoformat(stated) == moment
    assert stated_description == description


def seed_standards_history(url: str, today: dt.date) -> str:
    """Record a team (not platform, which has channels of its own) as fully compliant on the
    three days before today: today's build records its share, a drop against that baseline
    (rule standards_compliance_dropping). Returns the team."""
    with psycopg.connect(url, autocommit=True) as conn:
        team, repositories = conn.execute(
            "select owning_team_key, repositories from reliability.team_standards"
            " where owning_team_key is not null and owning_team_key <> 'platform'"
            "   and compliant_repositories < 0.9 * repositories"
            " order by owning_team_key limit 1"
        ).fetchone()
        for days in (1, 2, 3):
            conn.execute(
                "insert into reliability.team_standards_daily (team_standards_day_id,"
                " recorded_on, owning_team_key, repositories, compliant_repositories,"
                " compliant_repository_share) values (%s, %s, %s, %s, %s, 1.0)",
                (
                    f"seeded-{days}",
                    today - dt.timedelta(days=days),
                    team,
                    repositories,
                    repositories,
                ),
            )
    return team


def standards_drop(url: str, team: str) -> str:
    """The team's drop against its seeded baseline of 1.0, as the messages print numbers (at
    most three decimals), from its current share in team_standards."""
    with psycopg.connect(url) as conn:
        (share,) = conn.execute(
            "select cast(compliant_repositories as float) / repositories"
            " from reliability.team_standards where owning_team_key = %s",
            (team,),
        ).fetchone()
    return f"{1.0 - share:.3f}".rstrip("0").rstrip(".")


@pytest.fixture(scope="module")
def copy(world, tmp_path_factory):
    with world.copy(tmp_path_factory.mktemp("alerting")) as copy:
        yield copy


def test_stale_sources_page_post_and_mail_their_owner_then_resolve(copy, tmp_path):
    project, warehouse = copy.project, copy.db
    # One Meltano run loads the five sources, as the schedules would.
    project.meltano(
        "run",
        *("tap-pagerduty", "target-postgres", "tap-sentry", "target-postgres"),
        *("tap-datadog", "target-postgres", "tap-github-reliability", "target-postgres"),
        *("tap-postmortems", "target-postgres"),
        timeout=900,
    )
    # The survey is "never loaded here": the world loaded it, so its raw schema goes first.
    with psycopg.connect(warehouse.url, autocommit=True) as conn:
        conn.execute("drop schema if exists raw_survey cascade")
    loads = last_loads(warehouse.url)
    as_of = loads["pagerduty"] + dt.timedelta(hours=72)
    today = dt.datetime.now(dt.UTC).date()
    team = seed_standards_history(warehouse.url, today)
    # One dbt invocation (each parses the project): the seeds and models alerting needs.
    project.meltano(
        "invoke",
        "dbt-postgres",
        "build",
        *("--select", "+alert_breaches", "+data_quality_daily", "notification_settings"),
        *("--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"),
        *("--vars", json.dumps({"alerting_as_of": as_of.isoformat(sep=" ")})),
        timeout=900,
    )
    # An operator's setting: platform also wants its data-quality alerts by e-mail.
    with psycopg.connect(warehouse.url, autocommit=True) as conn:
        conn.execute(
            "insert into reliability.notification_settings"
            " (team_key, alert_kind, channel, min_status, email_to)"
            " values ('platform', 'data_quality', 'email', 1, 'data-oncall@example.com')"
        )
    ca = trustme.CA()
    ca_path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))

    with (
        slack_receiver() as slack,
        pagerduty_receiver(ca) as pagerduty,
        smtp_receiver() as smtp,
    ):
        env = {
            **project.env,
            "NOTIFIER_HOST": warehouse.host,
            "NOTIFIER_PORT": str(warehouse.port),
            "NOTIFIER_USER": warehouse.user,
            "NOTIFIER_PASSWORD": warehouse.password,
            "NOTIFIER_DBNAME": warehouse.database,
            "NOTIFIER_PAGERDUTY_EVENTS_URL": pagerduty.url,
            "NOTIFIER_CA_BUNDLE": str(ca_path),
            "NOTIFIER_SMTP_HOST": "127.0.0.1",
            "NOTIFIER_SMTP_PORT": str(smtp.port),
            "NOTIFIER_SMTP_STARTTLS": "false",
            "NOTIFIER_PLATFORM_SLACK_WEBHOOK_URL": f"{slack.url}/services/T0/B0/platform",
            "NOTIFIER_DEFAULT_SLACK_WEBHOOK_URL": f"{slack.url}/services/T0/B1/default",
            "NOTIFIER_PLATFORM_PAGERDUTY_ROUTING_KEY": ROUTING_KEY,
            "NOTIFIER_DEFAULT_PAGERDUTY_ROUTING_KEY": "DEFAULTR0UT1NGKEY000000000000000",
        }
        project.meltano("invoke", "notifier:notify", env=env)

        # PagerDuty: one trigger per stale source, and the survey source (never loaded here)
        # is empty, all on platform's routing key; nothing else pages (unknown reliability
        # alerts go where warnings go).
        events = pagerduty.bodies("/v2/enqueue")
        assert sorted(e["dedup_key"] for e in events) == [
            "source_empty:survey",
            *(f"source_stale:{s}" for s in SOURCES),
        ]
        by_key = {e["dedup_key"]: e for e in events}
        # Postgres writes a timestamp as text without trailing zeros in its fraction
        # ('…47.85902'), so the moment is compared as a moment, not as Python's spelling.
        stale_pd = by_key["source_stale:pagerduty"]
        measured_for = stale_pd["payload"]["custom_details"].pop("measured_for")
        assert dt.datetime.fromisoformat(measured_for) == loads["pagerduty"]
        assert stale_pd == {
            "routing_key": ROUTING_KEY,
            "event_action": "trigger",
            "dedup_key": "source_stale:pagerduty",
            "payload": {
                "summary": "source_stale on pagerduty: hours_since_last_load = 72 (> 26)",
                "source": "pagerduty",
                "severity": "critical",
                "component": "pagerduty",
                "group": "platform",
                "class": "source_stale",
                "custom_details": {
                    "rule_id": "source_stale",
                    "metric": "hours_since_last_load",
                    "measured_value": 72.0,
                    "comparison": "gt",
                    "threshold": 26.0,
                    "status": 2,
                    "description": STALE_DESCRIPTION,
                },
            },
        }
        for source in SOURCES:
            hours = (as_of - loads[source]).total_seconds() / 3600
            measured = by_key[f"source_stale:{source}"]["payload"]["custom_details"]
            assert abs(measured["measured_value"] - hours) < 1 / 60

        # Slack: one grouped message for platform holding the five stale sources.
        platform_posts = slack.bodies("/services/T0/B0/platform")
        assert len(platform_posts) == 1
        sections = [b["text"]["text"] for b in platform_posts[0]["blocks"][1:]]
        assert_section_at(
            sections,
            "[critical, new] source_stale on pagerduty: hours_since_last_load = 72 (> 26) for ",
            loads["pagerduty"],
            STALE_DESCRIPTION,
        )
        assert sum(s.startswith("[critical, new] source_stale on ") for s in sections) == 5
        # Every reliability breach was evaluated on stale data: unknown, none critical.
        assert all(
            s.startswith(
                ("[critical, new] source_stale", "[critical, new] source_empty", "[unknown, new]")
            )
            for s in sections
        )
        assert "[critical, new] source_empty on survey: records = 0 (<= 0)" in {
            s.split("\n")[0] for s in sections
        }

        # The team whose standards dropped has no settings of its own: the organisation
        # default's Slack, in a message of its own. Unknown too (GitHub is stale).
        team_post = next(
            post
            for post in slack.bodies("/services/T0/B1/default")
            if post["text"].startswith(f"Reliability alerts for {team}:")
        )
        assert (
            f"[unknown, new] standards_compliance_dropping on {team}: compliant_share_drop = "
            f"{standards_drop(warehouse.url, team)} (> 0.1) for {today}"
        ) in {b["text"]["text"].split("\n")[0] for b in team_post["blocks"][1:]}

        # E-mail: one message to the operator's address for platform's data-quality alerts.
        assert len(smtp.messages) == 1
        mail = smtp.messages[0]
        assert mail["rcpt_tos"] == ["data-oncall@example.com"]
        assert mail["subject"].startswith("Reliability alerts for platform: 6 critical")

        # Re-run without change: nothing is sent.
        project.meltano("invoke", "notifier:notify", env=env)
        assert len(pagerduty.requests) == 6
        assert len(smtp.messages) == 1

        # Evaluated as of now (the data is minutes old): the stale alerts clear and resolve.
        project.meltano("invoke", "dbt-postgres", "run", "--select", "alert_breaches")
        project.meltano("invoke", "notifier:notify", env=env)
        resolves = [e for e in pagerduty.bodies("/v2/enqueue") if e["event_action"] == "resolve"]
        assert sorted(resolves, key=lambda e: e["dedup_key"]) == [
            {
                "routing_key": ROUTING_KEY,
                "event_action": "resolve",
                "dedup_key": f"source_stale:{s}",
            }
            for s in SOURCES
        ]
        assert "5 resolved" in smtp.messages[-1]["subject"]
        # The survey source is still empty: not resolved.
        assert "source_empty:survey" not in {e["dedup_key"] for e in resolves}
