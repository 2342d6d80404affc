-- How noisy each PagerDuty service is per UTC month (of the incidents' trigger): incidents,
-- how many escalated past the first responder, the pages they caused and when, and the
-- service's rank among the month's noisiest. Definitions: docs/metrics.md, "On-call health".

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('triggered_month') }}

with

incidents as (

    select * from {{ ref('int_pagerduty_incidents_measured') }}

),

pages as (

    select * from {{ ref('int_pagerduty_log_entries_filtered_to_pages') }}

),

page_counts as (

    select
        incident_id,
        count(*) as pages,
        sum(case when is_off_hours then 1 else 0 end) as off_hours_pages,
        sum(case when is_sleep_hours then 1 else 0 end) as sleep_hour_pages
    from pages
    group by 1

),

monthly as (

    select
        incidents.service_id,
        max(incidents.service_name) as service_name,
        incidents.triggered_month,
        -- Merged incidents are part of the incident they were merged into: not counted again
        -- (the pages they caused still count).
        sum(case when incidents.is_counted then 1 else 0 end) as incidents,
        sum(case when incidents.is_counted and incidents.urgency = 'high' then 1 else 0 end)
            as high_urgency_incidents,
        sum(case when incidents.is_counted and incidents.escalation_count > 0 then 1 else 0 end)
            as escalated_incidents,
        coalesce(sum(page_counts.pages), 0) as pages,
        coalesce(sum(page_counts.off_hours_pages), 0) as off_hours_pages,
        coalesce(sum(page_counts.sleep_hour_pages), 0) as sleep_hour_pages
    from incidents
    left join page_counts
        on page_counts.incident_id = incidents.incident_id
    group by incidents.service_id, incidents.triggered_month

),

final as (

    select
        {{ surrogate_key(['service_id', 'triggered_month']) }} as service_month_id,
        service_id,
        service_name,
        triggered_month,
        incidents,
        high_urgency_incidents,
        escalated_incidents,
        {{ round_float('cast(escalated_incidents as ' ~ dbt.type_float() ~ ') / nullif(incidents, 0)', 4) }} as escalation_rate,
        pages,
        off_hours_pages,
        sleep_hour_pages,
        -- 1 = the month's noisiest service: most incidents, then most pages.
        rank() over (
            partition by triggered_month order by incidents desc, pages desc
        ) as noise_rank
    from monthly

)

select * from final
where {{ history_recomputed('triggered_month') }}
