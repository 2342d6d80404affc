"""End to end, cheaply: PagerDuty on-call shifts from the sandbox through dbt's staging to hours.

Loads tap-pagerduty's on-call stream only and builds only the on-call models the scorecard's
on-call columns stand on (`stg_pagerduty__oncalls`, `int_pagerduty_oncalls_split_to_months`),
so it needs no other source. The rest of the scorecard is covered by dbt unit tests and by
the full build in test_pipeline.py.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import pytest

pytestmark = pytest.mark.e2e

ONCALL_MODELS = "stg_pagerduty__oncalls int_pagerduty_oncalls_split_to_months"
STALE_SUFFIX = "|stale-read"


def _next_month(day: datetime) -> datetime:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _hours_by_policy_and_month(
    shifts: list[tuple[str, datetime, datetime]], as_of: datetime
) -> dict[tuple[str, str], int]:
    """Seconds on call per (policy, month), cutting each shift at month starts by hand."""
    seconds: dict[tuple[str, str], int] = defaultdict(int)
    for policy, start, end in shifts:
        stop = min(end, as_of)
        at = start
        while at < stop:
            month = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            until = min(stop, _next_month(month))
            seconds[policy, month.date().isoformat()] += int((until - at).total_seconds())
            at = until
    return dict(seconds)


@pytest.fixture(scope="module")
def copy(world, tmp_path_factory):
    """A copy of the session's loaded world (tests/conftest.py): this module adds a row."""
    with world.copy(tmp_path_factory.mktemp("scorecard")) as copy:
        yield copy


def test_oncall_staging_keeps_every_served_shift_and_drops_one_taken_over(copy):
    project, warehouse = copy.project, copy.db
    # The on-call stream alone, under a state id of its own (the world's state has the whole
    # tap's): a complete read of the shifts PagerDuty serves.
    project.meltano(
        "run",
        "--state-id-suffix",
        "scorecard-oncalls",
        "tap-pagerduty",
        "target-postgres",
        env={**project.env, "TAP_PAGERDUTY__SELECT": '["oncalls.*"]'},
    )
    served = warehouse.scalar("select count(*) from raw_pagerduty.oncalls")
    assert served > 0
    # What the raw table holds after an override took a shift over from its start once the
    # tap had read it: the same policy, level, schedule and times for another user, read an
    # hour before the shift that replaced it.
    insert = f"""
        insert into raw_pagerduty.oncalls (
            oncall_key, escalation_policy, escalation_level, schedule, "user", "start", "end",
            _sdc_extracted_at, _sdc_batched_at
        )
        select
            oncall_key || '{STALE_SUFFIX}', escalation_policy, escalation_level, schedule,
            jsonb_set("user", '{{id}}', '"PSTALE"'), "start", "end",
            _sdc_extracted_at - interval '1 hour', _sdc_batched_at - interval '1 hour'
        from raw_pagerduty.oncalls
        where "start" is not null
        order by "start" desc, oncall_key
        limit 1
    """
    warehouse.execute(insert)
    try:
        assert warehouse.scalar("select count(*) from raw_pagerduty.oncalls") == served + 1
        # Cautious: only the tests of these models, not those of models downstream of them.
        project.meltano(
            "invoke",
            "dbt-postgres",
            "build",
            "--select",
            ONCALL_MODELS,
            "--indirect-selection",
            "cautious",
        )
        staged = warehouse.query(
            "select oncall_id, user_id from staging.stg_pagerduty__oncalls order by oncall_id"
        )
        # Every shift PagerDuty served is kept (one consistent answer has nothing to drop);
        # the row the override replaced is not.
        assert len(staged) == served
        assert not [row for row in staged if row[0].endswith(STALE_SUFFIX)]
        assert not [row for row in staged if row[1] == "PSTALE"]

        shifts = warehouse.query(
            f"""select escalation_policy->>'id', "start", "end" from raw_pagerduty.oncalls
                where "start" is not null and oncall_key not like '%{STALE_SUFFIX}'"""
        )
        as_of = warehouse.scalar("select max(loaded_at) from staging.stg_pagerduty__oncalls")
        expected = _hours_by_policy_and_month(shifts, as_of)
        got = {
            (policy, month.isoformat()): int(seconds)
            for policy, month, seconds in warehouse.query(
                "select escalation_policy_id, month_start, sum(seconds_on_call) "
                "from intermediate.int_pagerduty_oncalls_split_to_months group by 1, 2"
            )
        }
        assert expected
        assert got == expected
    finally:
        warehouse.execute(
            f"delete from raw_pagerduty.oncalls where oncall_key like '%{STALE_SUFFIX}'"
        )
