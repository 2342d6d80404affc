-- Each scheduled on-call shift cut into the UTC months it overlaps, with the seconds on call
-- in each: [started_at, min(ended_at, as-of)) intersected with the month. The as-of time
-- ends measured time (dbt var `oncall_as_of`, else the latest load of on-calls: the tap reads
-- shifts up to the time it runs, never ahead); shifts that have not begun by then are left
-- out, and permanent on-calls (no start or end) have no time to cut.
-- One model so that hours per person (oncall_load_monthly) and per service (the scorecard)
-- are cut the same way. Definitions: docs/metrics.md, "On-call load".
--
-- A table: as a view, the scorecard's join of it to the services' escalation policies (the
-- catalogue join, estimated at one row) re-cut every shift into months once per policy, 35 s
-- on the bench world.
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

with

oncalls as (

    select * from {{ ref('stg_pagerduty__oncalls') }}

),

{{ oncall_shifts_as_of('oncalls') }},

numbers as (

    {{ numbers(3) }}

),

-- One row per shift and calendar month it overlaps.
shift_months as (

    select
        shifts.*,
        {{ dbt.dateadd('month', 'numbers.n', dbt.date_trunc('month', 'shifts.started_at')) }} as month_start
    from shifts
    inner join numbers
        on numbers.n <= {{ dbt.datediff('shifts.started_at', 'shifts.measured_until', 'month') }}

),

final as (

    select
        {{ surrogate_key(['oncall_id', 'month_start']) }} as oncall_month_id,
        oncall_id,
        user_id,
        escalation_policy_id,
        escalation_level,
        cast(month_start as date) as month_start,
        {{ seconds_between(
            'greatest(started_at, month_start)',
            'least(measured_until, ' ~ dbt.dateadd('month', 1, 'month_start') ~ ')'
        ) }} as seconds_on_call
    from shift_months
    where greatest(started_at, month_start) < least(measured_until, {{ dbt.dateadd('month', 1, 'month_start') }})

)

select * from final
