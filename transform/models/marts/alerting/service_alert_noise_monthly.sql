-- Alert noise per catalogue service and UTC month: PagerDuty incidents by the incident
-- model's month of detection (of trigger for a merged one)
-- (alerts per incident, auto-resolved share, pages nobody acknowledged before the incident
-- resolved) and Datadog monitor alert episodes by month of the alert, per incident of the incident
-- model detected in the month. Definitions: docs/metrics.md, "Alert noise".

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('month_start') }}

with

pagerduty as (

    select * from {{ ref('pagerduty_incident_alert_noise') }}
    where service_key is not null

),

pagerduty_monthly as (

    select
        service_key,
        month_start,
        count(*) as pagerduty_incidents,
        sum(alert_count) as pagerduty_alerts,
        sum(case when alert_count is not null then 1 else 0 end) as incidents_with_alert_count,
        sum(case when is_merged then 1 else 0 end) as merged_incidents,
        sum(case when is_resolved_not_merged then 1 else 0 end) as resolved_incidents,
        sum(case when is_resolved_not_merged and is_auto_resolved is not null then 1 else 0 end)
            as resolved_incidents_with_resolver,
        sum(case when is_auto_resolved then 1 else 0 end) as auto_resolved_incidents,
        sum(case when pages > 0 then 1 else 0 end) as paged_incidents,
        sum(pages) as pages,
        sum(case when is_resolved_without_acknowledgement and pages > 0 then 1 else 0 end)
            as paged_incidents_resolved_without_acknowledgement,
        sum(pages_resolved_without_acknowledgement) as pages_resolved_without_acknowledgement
    from pagerduty
    group by 1, 2

),

monitor_alerts as (

    -- Datadog monitor alerts as datadog_monitor_alerts_monthly counts them: alert episodes
    -- per monitor group (re-triggers and renotifications of an open alert are not new ones).
    select
        components.service_key,
        monitor_months.alert_month as month_start,
        sum(monitor_months.alerts) as monitor_alerts
    from {{ ref('datadog_monitor_alerts_monthly') }} as monitor_months
    {{ join_service_catalogue('datadog', 'monitor', 'monitor_months.monitor_id', alias='components', join='inner') }}
    group by 1, 2

),

incidents as (

    select service_key, detected_month as month_start, count(*) as incidents
    from {{ ref('incidents') }}
    where service_key is not null and detected_month is not null
    group by 1, 2

),

months as (

    select service_key, month_start from pagerduty_monthly
    union
    select service_key, month_start from monitor_alerts

),

final as (

    select
        {{ surrogate_key(['months.service_key', 'months.month_start']) }} as service_month_id,
        months.service_key,
        months.month_start,
        coalesce(pagerduty_monthly.pagerduty_incidents, 0) as pagerduty_incidents,
        coalesce(pagerduty_monthly.pagerduty_alerts, 0) as pagerduty_alerts,
        {{ round_float(
            'cast(pagerduty_monthly.pagerduty_alerts as ' ~ dbt.type_float() ~ ')'
            ~ ' / nullif(pagerduty_monthly.incidents_with_alert_count, 0)', 2) }} as alerts_per_incident,
        coalesce(pagerduty_monthly.merged_incidents, 0) as merged_incidents,
        coalesce(pagerduty_monthly.resolved_incidents, 0) as resolved_incidents,
        coalesce(pagerduty_monthly.auto_resolved_incidents, 0) as auto_resolved_incidents,
        {{ round_float(
            'cast(pagerduty_monthly.auto_resolved_incidents as ' ~ dbt.type_float() ~ ')'
            ~ ' / nullif(pagerduty_monthly.resolved_incidents_with_resolver, 0)', 4) }} as auto_resolved_share,
        coalesce(pagerduty_monthly.paged_incidents, 0) as paged_incidents,
        coalesce(pagerduty_monthly.pages, 0) as pages,
        coalesce(pagerduty_monthly.paged_incidents_resolved_without_acknowledgement, 0)
            as paged_incidents_resolved_without_acknowledgement,
        coalesce(pagerduty_monthly.pages_resolved_without_acknowledgement, 0)
            as pages_resolved_without_acknowledgement,
        {{ round_float(
            'cast(pagerduty_monthly.pages_resolved_without_acknowledgement as ' ~ dbt.type_float() ~ ')'
            ~ ' / nullif(pagerduty_monthly.pages, 0)', 4) }} as unacknowledged_page_share,
        coalesce(monitor_alerts.monitor_alerts, 0) as monitor_alerts,
        coalesce(incidents.incidents, 0) as incidents,
        {{ round_float(
            'cast(coalesce(monitor_alerts.monitor_alerts, 0) as ' ~ dbt.type_float() ~ ')'
            ~ ' / nullif(incidents.incidents, 0)', 2) }} as monitor_alerts_per_incident
    from months
    left join pagerduty_monthly
        on pagerduty_monthly.service_key = months.service_key
        and pagerduty_monthly.month_start = months.month_start
    left join monitor_alerts
        on monitor_alerts.service_key = months.service_key
        and monitor_alerts.month_start = months.month_start
    left join incidents
        on incidents.service_key = months.service_key
        and incidents.month_start = months.month_start

)

select * from final
where {{ history_recomputed('month_start') }}
