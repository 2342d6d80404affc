-- One row per service per UTC month: incident response (every incident measure from the
-- incident model, reliability.incidents, by its detection month), on-call pages and load,
-- application errors, alerting, SLOs, delivery (DORA), engineering standards, and the follow-up, detection-gap, recurrence, noise and
-- uptime measures (service_reliability_measures_monthly, same grain) side by side, through
-- the service catalogue. A month appears for a service when any source has something for it;
-- the month of the as-of date is flagged partial. Definitions: docs/metrics.md, "Scorecard".
{%- set as_of = var('as_of_date', none) %}
-- The columns of service_reliability_measures_monthly: counts default to 0 (a month with
-- something else but none of these), the rest stays null.
{%- set measures_added_columns = {
    'action_items': 0,
    'completed_action_items': 0,
    'overdue_action_items': 0,
    'action_item_completion_rate': none,
    'median_seconds_to_close_action_item': none,
    'severe_incidents': 0,
    'severe_incidents_with_postmortem': 0,
    'postmortem_coverage': none,
    'median_seconds_resolution_to_postmortem': none,
    'customer_first_incidents': 0,
    'median_detection_gap_seconds': none,
    'repeat_incidents_30d': 0,
    'repeat_incidents_90d': 0,
    'root_cause_repeat_incidents_90d': 0,
    'mtbf_seconds': none,
    'alerts_per_incident': none,
    'auto_resolved_share': none,
    'pages_resolved_without_acknowledgement': 0,
    'unacknowledged_page_share': none,
    'monitor_alerts_per_incident': none,
    'synthetic_tests': 0,
    'synthetic_uptime_percent': none,
    'min_synthetic_uptime_percent': none,
    'synthetic_downtime_seconds': 0,
    'oncall_people': 0,
    'oncall_hours': 0,
    'max_person_oncall_hours': none,
    'oncall_pages_on_shift': 0,
    'oncall_off_hours_pages_on_shift': 0,
    'pages_per_24h_on_call': none
} %}

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('month_start') }}

with

services as (

    select * from {{ ref('services') }}

),


incidents as (

    -- The incident model, by the month of detection (as incident_response_monthly): every
    -- incident counts, whichever sources saw it and whether or not its times are known.
    select * from {{ ref('incidents') }}
    where service_key is not null and detected_month is not null

),

{{ incident_response_measures(
    'incidents',
    ['service_key', 'detected_month'],
    [
        'sum(case when pagerduty_incident_id is not null then 1 else 0 end) as paged_incidents',
        'sum(case when is_customer_detected then 1 else 0 end) as customer_detected_incidents',
        'sum(case when is_escalated then 1 else 0 end) as escalated_incidents',
    ],
    counted='true'
) }},

oncall as (

    select
        components.service_key,
        noise.triggered_month as month_start,
        sum(noise.pages) as pages,
        sum(noise.off_hours_pages) as off_hours_pages,
        sum(noise.sleep_hour_pages) as sleep_hour_pages
    from {{ ref('oncall_service_noise_monthly') }} as noise
    {{ join_service_catalogue('pagerduty', 'service', 'noise.service_id', alias='components', join='inner') }}
    group by 1, 2

),

errors as (

    -- Issue facts from the lifecycle, events from their counts per project and day.
    select
        components.service_key,
        error_counts.period_start as month_start,
        cast(sum(error_counts.new_issues) as {{ dbt.type_bigint() }}) as new_sentry_issues,
        cast(sum(error_counts.regressed_issues) as {{ dbt.type_bigint() }}) as regressed_sentry_issues,
        cast(sum(error_counts.resolved_issues) as {{ dbt.type_bigint() }}) as resolved_sentry_issues,
        cast(sum(error_counts.events) as {{ dbt.type_bigint() }}) as sentry_events
    from ({{ sentry_error_counts('month') }}) as error_counts
    {{ join_service_catalogue('sentry', 'project', 'error_counts.project_id', alias='components', join='inner') }}
    group by 1, 2

),

alerts as (

    select
        components.service_key,
        monitor_months.alert_month as month_start,
        sum(monitor_months.alerts) as monitor_alerts,
        sum(monitor_months.flaps) as monitor_flaps,
        sum(case when monitor_months.is_flapping then 1 else 0 end) as flapping_monitors
    from {{ ref('datadog_monitor_alerts_monthly') }} as monitor_months
    {{ join_service_catalogue('datadog', 'monitor', 'monitor_months.monitor_id', alias='components', join='inner') }}
    group by 1, 2

),

slo_last_days as (

    select slo_id, max(sli_date) as last_date
    from {{ ref('slo_error_budget_daily') }}
    group by 1

),

slo_month_ends as (

    -- Each SLO as it stood on the last loaded day of each month. The SLO calendar has every day
    -- from an SLO's first to its last loaded day (slo_error_budget_daily), so that day is the
    -- month's last day, or the SLO's last day in its last month: a filter, not a ranking of
    -- every SLO-day of the history.
    select
        daily.*,
        cast({{ dbt.date_trunc('month', 'daily.sli_date') }} as date) as month_start
    from {{ ref('slo_error_budget_daily') }} as daily
    inner join slo_last_days
        on slo_last_days.slo_id = daily.slo_id
    where daily.sli_date = slo_last_days.last_date
        or {{ dbt.date_trunc('month', dbt.dateadd('day', 1, 'daily.sli_date')) }}
        = {{ dbt.dateadd('day', 1, 'daily.sli_date') }}

),

slos as (

    select
        components.service_key,
        slo_month_ends.month_start,
        count(*) as slos,
        sum(
            case when slo_month_ends.sli_timeframe_percent < slo_month_ends.target_percent then 1 else 0 end
        ) as breached_slos,
        min(slo_month_ends.error_budget_remaining_percent) as min_error_budget_remaining_percent
    from slo_month_ends
    {{ join_service_catalogue('datadog', 'slo', 'slo_month_ends.slo_id', alias='components', join='inner') }}
    group by 1, 2

),

detection as (

    select
        service_key,
        detected_month as month_start,
        {{ round_seconds(percentile_cont('seconds_to_detect', 0.5)) }} as median_seconds_to_detect
    from incidents
    where seconds_to_detect is not null
    group by 1, 2

),

recovery as (

    select
        service_key,
        detected_month as month_start,
        {{ round_seconds(percentile_cont('seconds_to_recover', 0.5)) }} as median_seconds_to_recover
    from incidents
    where seconds_to_recover is not null
    group by 1, 2

),

delivery as (

    select * from {{ ref('dora_monthly') }}

),

standards as (

    -- Standards are a current state, not a monthly one: every month shows today's score.
    select service_key, max(standards_score) as standards_score
    from {{ ref('repository_standards') }}
    where service_key is not null
    group by 1

),

measures_added as (

    -- The measures of issue 14, already one row per service and month: one join, no fan-out.
    select * from {{ ref('service_reliability_measures_monthly') }}

),

as_of as (

    -- The as-of date (dbt var `as_of_date`, else the build's UTC date, as action_items): its
    -- month is not over, so its counts are partial and its rates are over part of a month.
    select
        {%- if as_of %}
        cast('{{ as_of }}' as date)
        {%- else %}
        cast({{ dbt.current_timestamp_in_utc_backcompat() }} as date)
        {%- endif %} as as_of_date

),

months as (

    -- Months with only a Datadog incident or a postmortem (no PagerDuty page) count too.
    select service_key, detected_month as month_start from measures
    union
    select service_key, month_start from delivery
    union
    select service_key, month_start from errors
    union
    select service_key, month_start from alerts
    union
    select service_key, month_start from slos
    union
    select service_key, month_start from measures_added

),

final as (

    select
        {{ surrogate_key(['months.service_key', 'months.month_start']) }} as service_month_id,
        months.service_key,
        services.service_name,
        services.owning_team_key,
        months.month_start,
        -- The as-of month (and any later one) is not over: report the last complete month.
        months.month_start >= cast({{ dbt.date_trunc('month', 'as_of.as_of_date') }} as date) as is_partial_month,
        coalesce(measures.incidents, 0) as incidents,
        coalesce(measures.paged_incidents, 0) as paged_incidents,
        coalesce(measures.open_incidents, 0) as open_incidents,
        measures.mtta_seconds,
        measures.median_tta_seconds,
        measures.mttr_seconds,
        measures.median_ttr_seconds,
        measures.p90_ttr_seconds,
        coalesce(oncall.pages, 0) as pages,
        coalesce(oncall.off_hours_pages, 0) as off_hours_pages,
        coalesce(oncall.sleep_hour_pages, 0) as sleep_hour_pages,
        coalesce(measures.escalated_incidents, 0) as escalated_incidents,
        coalesce(errors.new_sentry_issues, 0) as new_sentry_issues,
        coalesce(errors.regressed_sentry_issues, 0) as regressed_sentry_issues,
        coalesce(errors.resolved_sentry_issues, 0) as resolved_sentry_issues,
        coalesce(errors.sentry_events, 0) as sentry_events,
        coalesce(alerts.monitor_alerts, 0) as monitor_alerts,
        coalesce(alerts.monitor_flaps, 0) as monitor_flaps,
        coalesce(alerts.flapping_monitors, 0) as flapping_monitors,
        coalesce(slos.slos, 0) as slos_reporting,
        coalesce(slos.breached_slos, 0) as breached_slos,
        slos.min_error_budget_remaining_percent,
        detection.median_seconds_to_detect,
        recovery.median_seconds_to_recover,
        coalesce(measures.customer_detected_incidents, 0) as customer_detected_incidents,
        coalesce(delivery.deployments, 0) as deployments,
        delivery.median_lead_time_seconds,
        delivery.change_failure_rate,
        delivery.median_recovery_seconds as median_failed_deployment_recovery_seconds,
        delivery.deployment_frequency_band,
        delivery.lead_time_band,
        delivery.change_failure_rate_band,
        delivery.recovery_time_band,
        standards.standards_score,
        -- Follow-up, detection gap, recurrence, alert noise, synthetic uptime and on-call load
        -- (counts 0 in a month the service has something else but none of these).
        {%- for column, default in measures_added_columns.items() %}
        {% if default is none %}measures_added.{{ column }}{% else %}coalesce(measures_added.{{ column }}, {{ default }}) as {{ column }}{% endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from months
    cross join as_of
    inner join services
        on services.service_key = months.service_key
    left join measures
        on measures.service_key = months.service_key
        and measures.detected_month = months.month_start
    left join oncall
        on oncall.service_key = months.service_key
        and oncall.month_start = months.month_start
    left join errors
        on errors.service_key = months.service_key
        and errors.month_start = months.month_start
    left join alerts
        on alerts.service_key = months.service_key
        and alerts.month_start = months.month_start
    left join slos
        on slos.service_key = months.service_key
        and slos.month_start = months.month_start
    left join detection
        on detection.service_key = months.service_key
        and detection.month_start = months.month_start
    left join recovery
        on recovery.service_key = months.service_key
        and recovery.month_start = months.month_start
    left join delivery
        on delivery.service_key = months.service_key
        and delivery.month_start = months.month_start
    left join standards
        on standards.service_key = months.service_key
    left join measures_added
        on measures_added.service_key = months.service_key
        and measures_added.month_start = months.month_start

)

select * from final
where {{ history_recomputed('month_start') }}
