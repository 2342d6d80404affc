"""Fixtures: a Postgres database of our own and the local receivers of
reliability_notifier.testing (Slack over HTTP, PagerDuty over HTTPS, SMTP)."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
import trustme
from reliability_notifier.testing import (
    free_port,
    pagerduty_receiver,
    slack_receiver,
    smtp_receiver,
)

# Point the tests at an existing server instead of an embedded one, as the project's suite:
# RELIABILITY_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres
EXTERNAL_URL_ENV = "RELIABILITY_TEST_POSTGRES_URL"

BREACHES_DDL = """
create schema if not exists reliability;
create table reliability.alert_breaches (
    alert_key text, rule_id text, alert_kind text, entity_type text, entity_key text,
    service_key text, service_name text, source text, owning_team_key text, metric text,
    comparison text, threshold double precision, measured_value double precision,
    sample_size bigint, measured_for text, severity text, status integer,
    repeat_interval_hours integer, description text
);
create table reliability.notification_settings (
    team_key text, alert_kind text, channel text, min_status integer, secret_env text,
    email_to text, note text
);
"""


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A Postgres URL to create test databases on (external, else an embedded server)."""
    external = os.environ.get(EXTERNAL_URL_ENV)
    if external:
        yield external
        return
    from reliability_warehouse.embedded import EmbeddedWarehouse  # noqa: PLC0415

    embedded = EmbeddedWarehouse(
        data_dir=tmp_path_factory.mktemp("notifier-pg") / "pgdata", port=free_port()
    )
    embedded.start()
    try:
        yield embedded.url("postgres")
    finally:
        embedded.stop()


@pytest.fixture
def database(postgres_server):
    """A fresh database with hand-made alert_breaches and notification_settings tables."""
    name = f"notifier_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = psycopg.conninfo.make_conninfo(postgres_server, dbname=name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(BREACHES_DDL)
    yield url
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def slack():
    with slack_receiver() as receiver:
        yield receiver


@pytest.fixture(scope="session")
def certificate_authority():
    return trustme.CA()


@pytest.fixture
def ca_bundle(certificate_authority, tmp_path):
    path = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def pagerduty_events(certificate_authority):
    with pagerduty_receiver(certificate_authority) as receiver:
        yield receiver


@pytest.fixture
def smtp():
    with smtp_receiver() as sink:
        yield sink
