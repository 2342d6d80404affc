-- The measures added by issue 14 per catalogue service and UTC month, ready to sit beside
-- service_scorecard_monthly (same grain: service_key, month_start): follow-up (action
-- items, postmortem coverage and timeliness), detection gap, recurrence and MTBF, alert noise
-- and synthetic-test uptime. Incident-based measures use the incident model's detected_month,
-- PagerDuty noise the month of trigger, monitor alerts and synthetic runs their own month.
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
        coalesce(synthetics.synthetic_downtime_seconds, 0) as synthetic_downtime_seconds
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

)

select * from final
