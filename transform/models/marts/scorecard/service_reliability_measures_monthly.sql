-- The measures added by issue 14 per catalogue service and UTC month, ready to sit beside
-- service_scorecard_monthly (same grain: service_key, month_start): follow-up (action
-- items, postmortem coverage and timeliness), detection gap, recurrence and MTBF, alert noise
-- synthetic-test uptime, and the on-call load of the rotations answering for the service.
-- Incident-based measures use the incident model's detected_month, PagerDuty noise the month
-- of trigger, monitor alerts and synthetic runs their own month, on-call hours the part of
-- each shift in the month and on-call pages the month of the page.
-- Definitions: docs/metrics.md, "Scorecard: the follow-up, recurrence, noise and uptime measures".

with

services as (

    select service_key, service_name from {{ ref('services') }}

),

action_items as (

    select * from {{ ref('action_items_monthly') }}
    where service_key is not null and incident_month is not null

),

coverage as (

    select * from {{ ref('postmortem_coverage_monthly') }}
    where service_key is not null and detected_month is not null

),

detection as (

    select * from {{ ref('detection_gap_monthly') }}
    where service_key is not null and detected_month is not null

),

recurrence as (

    select * from {{ ref('service_recurrence_monthly') }}
    where detected_month is not null

),

noise as (

    select * from {{ ref('service_alert_noise_monthly') }}

),

synthetics as (

    select
        service_key,
        month_start,
        count(*) as synthetic_tests,
        sum(check_rounds) as check_rounds,
        sum(down_rounds) as down_rounds,
        min(uptime_percent) as min_synthetic_uptime_percent,
        sum(estimated_downtime_seconds) as synthetic_downtime_seconds
    from {{ ref('synthetics_uptime_monthly') }}
    where service_key is not null
    group by 1, 2

),

-- The escalation policies of the service's PagerDuty services: the people on call for them
-- are the ones the service's incidents page. A policy shared by several services gives each
-- of them its whole load.
service_policies as (

    select distinct
        components.service_key,
        pagerduty_services.escalation_policy_id
    from {{ ref('stg_pagerduty__services') }} as pagerduty_services
    {{ join_service_catalogue('pagerduty', 'service', 'pagerduty_services.service_id', alias='components', join='inner') }}
    where pagerduty_services.escalation_policy_id is not null

),

oncall_person_months as (

    select
        service_policies.service_key,
        shift_months.month_start,
        shift_months.user_id,
        sum(shift_months.seconds_on_call) as seconds_on_call
    from {{ ref('int_pagerduty_oncalls_split_to_months') }} as shift_months
    inner join service_policies
        on service_policies.escalation_policy_id = shift_months.escalation_policy_id
    group by 1, 2, 3

),

oncall_hours as (

    select
        service_key,
        month_start,
        count(*) as oncall_people,
        sum(seconds_on_call) as seconds_on_call,
        max(seconds_on_call) as max_person_seconds_on_call
    from oncall_person_months
    group by 1, 2

),

oncall_pages as (

    -- Pages that came through a shift of one of the service's policies, whichever service's
    -- incident they were for (the rotation's load, as oncall_load_monthly's pages_on_shift).
    select
        service_policies.service_key,
        cast({{ dbt.date_trunc('month', 'pages.paged_at') }} as date) as month_start,
        count(*) as pages_on_shift,
        sum(case when pages.is_off_hours then 1 else 0 end) as off_hours_pages_on_shift
    from {{ ref('int_pagerduty_pages_joined_to_oncalls') }} as pages
    inner join {{ ref('stg_pagerduty__oncalls') }} as oncalls
        on oncalls.oncall_id = pages.oncall_id
    inner join service_policies
        on service_policies.escalation_policy_id = oncalls.escalation_policy_id
    where pages.is_on_shift
    group by 1, 2

),

months as (

    select service_key, incident_month as month_start from action_items
    union
    select service_key, detected_month from coverage
    union
    select service_key, detected_month from detection
    union
    select service_key, detected_month from recurrence
    union
    select service_key, month_start from noise
    union
    select service_key, month_start from synthetics
    union
    select service_key, month_start from oncall_hours
    union
    select service_key, month_start from oncall_pages

),

final as (

    select
        {{ surrogate_key(['months.service_key', 'months.month_start']) }} as service_month_id,
        months.service_key,
        services.service_name,
        months.month_start,
        coalesce(action_items.action_items, 0) as action_items,
        coalesce(action_items.completed_action_items, 0) as completed_action_items,
        coalesce(action_items.overdue_action_items, 0) as overdue_action_items,
        action_items.completion_rate as action_item_completion_rate,
        action_items.median_seconds_to_close as median_seconds_to_close_action_item,
        coalesce(coverage.severe_incidents, 0) as severe_incidents,
        coalesce(coverage.severe_incidents_with_postmortem, 0) as severe_incidents_with_postmortem,
        coverage.postmortem_coverage,
        coverage.median_seconds_resolution_to_postmortem,
        coalesce(detection.customer_first_incidents, 0) as customer_first_incidents,
        detection.median_detection_gap_seconds,
        coalesce(recurrence.repeat_incidents_30d, 0) as repeat_incidents_30d,
        coalesce(recurrence.repeat_incidents_90d, 0) as repeat_incidents_90d,
        coalesce(recurrence.root_cause_repeat_incidents_90d, 0) as root_cause_repeat_incidents_90d,
        recurrence.mtbf_seconds,
        noise.alerts_per_incident,
        noise.auto_resolved_share,
        coalesce(noise.pages_resolved_without_acknowledgement, 0) as pages_resolved_without_acknowledgement,
        noise.unacknowledged_page_share,
        noise.monitor_alerts_per_incident,
        coalesce(synthetics.synthetic_tests, 0) as synthetic_tests,
        -- All the service's tests' check rounds together: 100 × rounds up / rounds.
        {{ round_float(
            '100.0 * (synthetics.check_rounds - synthetics.down_rounds) / nullif(synthetics.check_rounds, 0)', 3) }}
            as synthetic_uptime_percent,
        synthetics.min_synthetic_uptime_percent,
        coalesce(synthetics.synthetic_downtime_seconds, 0) as synthetic_downtime_seconds,
        coalesce(oncall_hours.oncall_people, 0) as oncall_people,
        {{ round_float('cast(coalesce(oncall_hours.seconds_on_call, 0) as ' ~ dbt.type_float() ~ ') / 3600', 2) }}
            as oncall_hours,
        {{ round_float('cast(oncall_hours.max_person_seconds_on_call as ' ~ dbt.type_float() ~ ') / 3600', 2) }}
            as max_person_oncall_hours,
        coalesce(oncall_pages.pages_on_shift, 0) as oncall_pages_on_shift,
        coalesce(oncall_pages.off_hours_pages_on_shift, 0) as oncall_off_hours_pages_on_shift,
        case
            when oncall_hours.seconds_on_call > 0
                then {{ round_float(
                    'cast(coalesce(oncall_pages.pages_on_shift, 0) as ' ~ dbt.type_float() ~ ') * 86400 / oncall_hours.seconds_on_call', 4) }}
        end as pages_per_24h_on_call
    from months
    inner join services
        on services.service_key = months.service_key
    left join action_items
        on action_items.service_key = months.service_key
        and action_items.incident_month = months.month_start
    left join coverage
        on coverage.service_key = months.service_key
        and coverage.detected_month = months.month_start
    left join detection
        on detection.service_key = months.service_key
        and detection.detected_month = months.month_start
    left join recurrence
        on recurrence.service_key = months.service_key
        and recurrence.detected_month = months.month_start
    left join noise
        on noise.service_key = months.service_key
        and noise.month_start = months.month_start
    left join synthetics
        on synthetics.service_key = months.service_key
        and synthetics.month_start = months.month_start
    left join oncall_hours
        on oncall_hours.service_key = months.service_key
        and oncall_hours.month_start = months.month_start
    left join oncall_pages
        on oncall_pages.service_key = months.service_key
        and oncall_pages.month_start = months.month_start

)

select * from final
