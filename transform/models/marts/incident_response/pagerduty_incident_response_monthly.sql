-- One row per service, team, urgency and month of triggering: the incident-response measures
-- of pagerduty_service_response, by month. An incident counts in the month it was triggered
-- (UTC), whenever it was acknowledged or resolved. Definitions: docs/metrics.md.

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('triggered_month') }}

with

incidents as (

    select * from {{ ref('pagerduty_incident_response') }}

),

{{ incident_response_measures(
    'incidents',
    ['triggered_month', 'service_id', 'team_id', 'urgency'],
    ['max(service_name) as service_name', 'max(team_name) as team_name']
) }},

final as (

    select
        {{ surrogate_key(['triggered_month', 'service_id', 'team_id', 'urgency']) }}
            as service_month_id,
        triggered_month,
        service_id,
        service_name,
        team_id,
        team_name,
        urgency,
        incidents,
        open_incidents,
        acknowledged_incidents,
        resolved_incidents,
        mtta_seconds,
        median_tta_seconds,
        p90_tta_seconds,
        mttr_seconds,
        median_ttr_seconds,
        p90_ttr_seconds

    from measures

)

select * from final
where {{ history_recomputed('triggered_month') }}
