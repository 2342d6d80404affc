-- One row per catalogue service (all time): its incidents of the incident model by state, and
-- PagerDuty's time to acknowledge and to resolve over them. Definitions: docs/metrics.md.

with

incidents as (

    select * from {{ ref('incidents') }}
    where service_key is not null

),

services as (

    select service_key, service_name from {{ ref('services') }}

),

{{ incident_response_measures(
    'incidents',
    ['service_key'],
    ['sum(case when pagerduty_incident_id is not null then 1 else 0 end) as paged_incidents'],
    counted='true'
) }},

final as (

    select
        services.service_key,
        services.service_name,
        coalesce(measures.incidents, 0) as incidents,
        coalesce(measures.paged_incidents, 0) as paged_incidents,
        coalesce(measures.open_incidents, 0) as open_incidents,
        coalesce(measures.acknowledged_incidents, 0) as acknowledged_incidents,
        coalesce(measures.resolved_incidents, 0) as resolved_incidents,
        measures.mtta_seconds,
        measures.median_tta_seconds,
        measures.p90_tta_seconds,
        measures.mttr_seconds,
        measures.median_ttr_seconds,
        measures.p90_ttr_seconds

    from services
    left join measures
        on services.service_key = measures.service_key

)

select * from final
