-- One row per PagerDuty service (all time): how many incidents it had, how many are still
-- open, and how fast they were acknowledged and resolved. Definitions: docs/metrics.md.

with

incidents as (

    select * from {{ ref('pagerduty_incident_response') }}

),

services as (

    select service_id, service_name from {{ ref('stg_pagerduty__services') }}

),

-- Every service, including deleted services that still have incidents, and services that
-- never had one (zero counts, null timings).
all_services as (

    select service_id, service_name from services

    union all

    select service_id, max(service_name) as service_name
    from incidents
    where service_id not in (select service_id from services)
    group by service_id

),

{{ incident_response_measures('incidents', ['service_id']) }},

final as (

    select
        all_services.service_id,
        all_services.service_name,
        coalesce(measures.incidents, 0) as incidents,
        coalesce(measures.open_incidents, 0) as open_incidents,
        coalesce(measures.acknowledged_incidents, 0) as acknowledged_incidents,
        coalesce(measures.resolved_incidents, 0) as resolved_incidents,
        measures.mtta_seconds,
        measures.median_tta_seconds,
        measures.p90_tta_seconds,
        measures.mttr_seconds,
        measures.median_ttr_seconds,
        measures.p90_ttr_seconds

    from all_services
    left join measures
        on all_services.service_id = measures.service_id

)

select * from final
