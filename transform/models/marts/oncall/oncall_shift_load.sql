-- On-call load per shift: one row per scheduled on-call shift (PagerDuty /oncalls), with its
-- length, the time on call so far, the incidents triggered on its escalation policy during
-- it and the pages its person received through it (outside working hours, in sleep hours:
-- the pages' own definitions, int_pagerduty_log_entries_filtered_to_pages).
-- Permanent on-calls (direct user targets) have no shift and are not here.
-- Definitions: docs/metrics.md, "On-call load".

with

oncalls as (

    select * from {{ ref('stg_pagerduty__oncalls') }}

),

pages as (

    select * from {{ ref('int_pagerduty_pages_joined_to_oncalls') }}

),

incidents as (

    select incident_id, escalation_policy_id, created_at
    from {{ ref('stg_pagerduty__incidents') }}

),

{{ oncall_shifts_as_of('oncalls') }},

page_counts as (

    select
        oncall_id,
        count(*) as pages,
        sum(case when urgency = 'high' then 1 else 0 end) as high_urgency_pages,
        sum(case when is_off_hours then 1 else 0 end) as off_hours_pages,
        sum(case when is_sleep_hours then 1 else 0 end) as sleep_hour_pages
    from pages
    where is_on_shift
    group by 1

),

incident_counts as (

    select
        shifts.oncall_id,
        count(*) as incidents
    from shifts
    inner join incidents
        on incidents.escalation_policy_id = shifts.escalation_policy_id
        and incidents.created_at >= shifts.started_at
        and incidents.created_at < shifts.measured_until
    group by 1

),

final as (

    select
        shifts.oncall_id as oncall_shift_id,
        shifts.user_id,
        shifts.user_name,
        shifts.escalation_policy_id,
        shifts.escalation_policy_name,
        shifts.escalation_level,
        shifts.schedule_id,
        shifts.schedule_name,
        shifts.started_at as shift_started_at,
        shifts.ended_at as shift_ended_at,
        {{ round_float('cast(' ~ seconds_between('shifts.started_at', 'shifts.ended_at') ~ ' as ' ~ dbt.type_float() ~ ') / 3600', 2) }} as shift_hours,
        {{ round_float('cast(' ~ seconds_between('shifts.started_at', 'shifts.measured_until') ~ ' as ' ~ dbt.type_float() ~ ') / 3600', 2) }} as hours_on_call,
        shifts.is_complete,
        coalesce(incident_counts.incidents, 0) as incidents,
        coalesce(page_counts.pages, 0) as pages,
        coalesce(page_counts.high_urgency_pages, 0) as high_urgency_pages,
        coalesce(page_counts.off_hours_pages, 0) as off_hours_pages,
        coalesce(page_counts.sleep_hour_pages, 0) as sleep_hour_pages
    from shifts
    left join page_counts
        on page_counts.oncall_id = shifts.oncall_id
    left join incident_counts
        on incident_counts.oncall_id = shifts.oncall_id

)

select * from final
