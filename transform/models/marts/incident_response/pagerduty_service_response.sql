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

counted as (

    select
        service_id,
        count(*) as incidents,
        sum(case when is_open then 1 else 0 end) as open_incidents,
        sum(case when is_acknowledged then 1 else 0 end) as acknowledged_incidents,
        sum(case when is_resolved then 1 else 0 end) as resolved_incidents,
        -- avg ignores nulls: the mean covers the incidents that reached that state.
        {{ mean('seconds_to_acknowledge') }} as mtta_seconds,
        {{ mean('seconds_to_resolve') }} as mttr_seconds

    from incidents
    group by service_id

),

-- Percentiles of each measure in its own aggregation: Redshift requires all sort-based
-- aggregates of one SELECT to share the same ORDER BY expression.
tta_percentiles as (

    select
        service_id,
        {{ percentile_cont('seconds_to_acknowledge', 0.5) }} as median_tta_seconds,
        {{ percentile_cont('seconds_to_acknowledge', 0.9) }} as p90_tta_seconds

    from incidents
    where seconds_to_acknowledge is not null
    group by service_id

),

ttr_percentiles as (

    select
        service_id,
        {{ percentile_cont('seconds_to_resolve', 0.5) }} as median_ttr_seconds,
        {{ percentile_cont('seconds_to_resolve', 0.9) }} as p90_ttr_seconds

    from incidents
    where seconds_to_resolve is not null
    group by service_id

),

final as (

    select
        all_services.service_id,
        all_services.service_name,
        coalesce(counted.incidents, 0) as incidents,
        coalesce(counted.open_incidents, 0) as open_incidents,
        coalesce(counted.acknowledged_incidents, 0) as acknowledged_incidents,
        coalesce(counted.resolved_incidents, 0) as resolved_incidents,
        {{ round_seconds('counted.mtta_seconds') }} as mtta_seconds,
        {{ round_seconds('tta_percentiles.median_tta_seconds') }} as median_tta_seconds,
        {{ round_seconds('tta_percentiles.p90_tta_seconds') }} as p90_tta_seconds,
        {{ round_seconds('counted.mttr_seconds') }} as mttr_seconds,
        {{ round_seconds('ttr_percentiles.median_ttr_seconds') }} as median_ttr_seconds,
        {{ round_seconds('ttr_percentiles.p90_ttr_seconds') }} as p90_ttr_seconds

    from all_services
    left join counted
        on all_services.service_id = counted.service_id
    left join tta_percentiles
        on all_services.service_id = tta_percentiles.service_id
    left join ttr_percentiles
        on all_services.service_id = ttr_percentiles.service_id

)

select * from final
