-- One row per PagerDuty incident with what makes paging noisy: how many alerts it grouped,
-- whether it resolved by itself (resolved by an integration, the service's auto-resolve
-- timeout or an API token rather than a person), and the pages it caused when nobody ever
-- acknowledged it. Definitions: docs/metrics.md, "Alert noise".

with

response as (

    select * from {{ ref('int_pagerduty_incidents_measured') }}

),

incidents as (

    select incident_id, alert_count, resolve_reason_type, last_status_change_by_type
    from {{ ref('stg_pagerduty__incidents') }}

),

pages as (

    select incident_id, count(*) as pages
    from {{ ref('int_pagerduty_log_entries_filtered_to_pages') }}
    group by 1

),

-- The incident of the incident model each PagerDuty incident is (none for a merged one):
-- its catalogue service and detection month, so alert noise is per incident of the one
-- incident truth.
model_incidents as (

    select incident_key, pagerduty_incident_id, service_key, detected_month
    from {{ ref('incidents') }}
    where pagerduty_incident_id is not null

),


joined as (

    select
        response.incident_id,
        model_incidents.incident_key,
        response.service_id,
        coalesce(model_incidents.service_key, components.service_key) as service_key,
        response.triggered_month,
        -- The incident model's detection month; a merged incident (no incident of its own)
        -- its trigger month.
        coalesce(model_incidents.detected_month, response.triggered_month) as month_start,
        response.urgency,
        incidents.alert_count,
        coalesce(pages.pages, 0) as pages,
        response.is_acknowledged,
        response.is_resolved,
        -- Merged into another incident: its alerts live on there; it is neither auto- nor
        -- manually resolved.
        coalesce(incidents.resolve_reason_type = 'merge_resolve_reason', false) as is_merged,
        -- Who resolved it: the last resolve log entry's agent, else (no log entry loaded) the
        -- incident's last status change.
        case
            when response.resolved_by_type is not null then response.resolved_by_type
            when response.is_resolved then incidents.last_status_change_by_type
        end as resolved_by_type
    from response
    left join incidents
        on incidents.incident_id = response.incident_id
    left join pages
        on pages.incident_id = response.incident_id
    {{ join_service_catalogue('pagerduty', 'service', 'response.service_id', alias='components') }}
    left join model_incidents
        on model_incidents.pagerduty_incident_id = response.incident_id

),

final as (

    select
        *,
        is_resolved and not is_merged as is_resolved_not_merged,
        -- Resolved by anything but a person: an integration's resolve event, the service's
        -- auto-resolve timeout (agent: the service) or an API token. Null when unknown.
        case
            when not is_resolved or is_merged then false
            when resolved_by_type is null then null
            else resolved_by_type <> 'user_reference'
        end as is_auto_resolved,
        is_resolved and not is_merged and not is_acknowledged as is_resolved_without_acknowledgement,
        case when is_resolved and not is_merged and not is_acknowledged then pages else 0 end
            as pages_resolved_without_acknowledgement
    from joined

)

select * from final
