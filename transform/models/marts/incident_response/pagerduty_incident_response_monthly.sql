-- One row per service, team, urgency and month of triggering: the incident-response measures
-- of pagerduty_service_response, by month. An incident counts in the month it was triggered
-- (UTC), whenever it was acknowledged or resolved. Definitions: docs/metrics.md.

with

incidents as (

    select * from {{ ref('pagerduty_incident_response') }}

),

counted as (

    select
        triggered_month,
        service_id,
        team_id,
        urgency,
        max(service_name) as service_name,
        max(team_name) as team_name,
        count(*) as incidents,
        sum(case when is_open then 1 else 0 end) as open_incidents,
        sum(case when is_acknowledged then 1 else 0 end) as acknowledged_incidents,
        sum(case when is_resolved then 1 else 0 end) as resolved_incidents,
        {{ mean('seconds_to_acknowledge') }} as mtta_seconds,
        {{ mean('seconds_to_resolve') }} as mttr_seconds

    from incidents
    group by triggered_month, service_id, team_id, urgency

),

-- One ORDER BY expression per aggregation (Redshift's rule for sort-based aggregates).
tta_percentiles as (

    select
        triggered_month,
        service_id,
        team_id,
        urgency,
        {{ percentile_cont('seconds_to_acknowledge', 0.5) }} as median_tta_seconds,
        {{ percentile_cont('seconds_to_acknowledge', 0.9) }} as p90_tta_seconds

    from incidents
    where seconds_to_acknowledge is not null
    group by triggered_month, service_id, team_id, urgency

),

ttr_percentiles as (

    select
        triggered_month,
        service_id,
        team_id,
        urgency,
        {{ percentile_cont('seconds_to_resolve', 0.5) }} as median_ttr_seconds,
        {{ percentile_cont('seconds_to_resolve', 0.9) }} as p90_ttr_seconds

    from incidents
    where seconds_to_resolve is not null
    group by triggered_month, service_id, team_id, urgency

),

final as (

    select
        {{ surrogate_key(['counted.triggered_month', 'counted.service_id', 'counted.team_id', 'counted.urgency']) }}
            as service_month_id,
        counted.triggered_month,
        counted.service_id,
        counted.service_name,
        counted.team_id,
        counted.team_name,
        counted.urgency,
        counted.incidents,
        counted.open_incidents,
        counted.acknowledged_incidents,
        counted.resolved_incidents,
        {{ round_seconds('counted.mtta_seconds') }} as mtta_seconds,
        {{ round_seconds('tta_percentiles.median_tta_seconds') }} as median_tta_seconds,
        {{ round_seconds('tta_percentiles.p90_tta_seconds') }} as p90_tta_seconds,
        {{ round_seconds('counted.mttr_seconds') }} as mttr_seconds,
        {{ round_seconds('ttr_percentiles.median_ttr_seconds') }} as median_ttr_seconds,
        {{ round_seconds('ttr_percentiles.p90_ttr_seconds') }} as p90_ttr_seconds

    from counted
    -- Team and urgency can be null: compare them null-safely.
    left join tta_percentiles
        on counted.triggered_month = tta_percentiles.triggered_month
        and counted.service_id = tta_percentiles.service_id
        and coalesce(counted.team_id, '') = coalesce(tta_percentiles.team_id, '')
        and coalesce(counted.urgency, '') = coalesce(tta_percentiles.urgency, '')
    left join ttr_percentiles
        on counted.triggered_month = ttr_percentiles.triggered_month
        and counted.service_id = ttr_percentiles.service_id
        and coalesce(counted.team_id, '') = coalesce(ttr_percentiles.team_id, '')
        and coalesce(counted.urgency, '') = coalesce(ttr_percentiles.urgency, '')

)

select * from final
