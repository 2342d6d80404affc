-- Recurrence and MTBF per catalogue service over all loaded time.
-- Definitions: docs/metrics.md, "Detection gap, recurrence and MTBF".

with

recurrences as (

    select * from {{ ref('incident_recurrences') }}
    where service_key is not null

),

final as (

    select
        service_key,
        count(*) as incidents,
        min(started_at) as first_incident_started_at,
        max(started_at) as last_incident_started_at,
        sum(case when is_service_repeat_within_30d then 1 else 0 end) as repeat_incidents_30d,
        sum(case when is_service_repeat_within_90d then 1 else 0 end) as repeat_incidents_90d,
        sum(case when is_root_cause_repeat_within_30d then 1 else 0 end) as root_cause_repeat_incidents_30d,
        sum(case when is_root_cause_repeat_within_90d then 1 else 0 end) as root_cause_repeat_incidents_90d,
        sum(case when seconds_up_before is not null then 1 else 0 end) as failure_intervals,
        {{ round_seconds(mean('seconds_up_before')) }} as mtbf_seconds,
        {{ round_seconds(mean('seconds_since_previous_service_incident')) }} as mean_seconds_between_incidents
    from recurrences
    group by 1

)

select * from final
