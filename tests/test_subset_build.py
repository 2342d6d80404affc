"""A dbt build on one source's data: PagerDuty loaded, nothing else yet — a new user's first
state, not an error.

The session's loaded world (tests/conftest.py) is copied, every other source's raw schema and
everything dbt built are dropped — a fresh warehouse that holds PagerDuty's raw data only — and
the models fed by PagerDuty alone are built, as `bench/faults.py --marts` does. The marts that
keep history read retention's purge log, which such a build does not select (it is upstream of
them, not downstream of the source): on a warehouse that never purged they recompute every
period. What they hold is checked against the world's full build, on the same data.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

#: dbt's sources (transform/models/staging/*/_*__sources.yml) other than PagerDuty's.
OTHER_SOURCES = ("sentry", "datadog", "github", "postmortems", "survey")
#: PagerDuty-only marts, among them the ones that keep history (retention's purge log).
MARTS = (
    "reliability.oncall_responder_weekly",
    "reliability.oncall_load_monthly",
    "reliability.oncall_service_noise_monthly",
    "reliability.oncall_shift_load",
    "reliability.pagerduty_users",
)


@pytest.fixture(scope="module")
def pagerduty_only(world, tmp_path_factory):
    """A copy of the world with PagerDuty's raw data alone and nothing built."""
    world.loaded("tap-pagerduty")
    with world.copy(tmp_path_factory.mktemp("subset")) as copy:
        schemas = [
            name
            for (name,) in copy.db.query(
                "select nspname from pg_namespace where nspname not like 'pg\\_%' "
                "and nspname not in ('information_schema', 'public', 'raw_pagerduty')"
            )
        ]
        for name in schemas:
            copy.db.execute(f'drop schema "{name}" cascade')
        yield copy


def _rows(db, table: str) -> list[tuple]:
    return sorted(db.query(f"select * from {table}"), key=repr)


def test_a_build_of_pagerduty_alone_succeeds(world, pagerduty_only):
    proc = pagerduty_only.project.meltano(
        *("invoke", "dbt-postgres", "build", "--indirect-selection=cautious"),
        *("--select", "source:pagerduty+", "resource_type:seed"),
        *("--exclude", *(f"source:{name}+" for name in OTHER_SOURCES)),
        check=False,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]
    db = pagerduty_only.db
    assert not db.query(
        "select 1 from information_schema.tables where table_schema like 'raw\\_%' "
        "and table_schema <> 'raw_pagerduty'"
    )
    for table in MARTS:
        rows = _rows(db, table)
        assert rows, f"{table} is empty"
        assert rows == _rows(world.db, table), table
