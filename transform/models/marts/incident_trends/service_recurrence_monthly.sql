-- Recurrence and MTBF per catalogue service and UTC detection month (the incident model's
-- detected_month): incidents that repeat the service's previous incident, or an earlier
-- incident's root cause, within 30 / 90 days, and the mean time between failures.
-- Definitions: docs/metrics.md, "Detection gap, recurrence and MTBF".

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('detected_month') }}

with

recurrences as (

    select * from {{ ref('incident_recurrences') }}
    where service_key is not null

),

monthly as (

    select
        service_key,
        detected_month,
        count(*) as incidents,
        sum(case when is_service_repeat_within_30d then 1 else 0 end) as repeat_incidents_30d,
        sum(case when is_service_repeat_within_90d then 1 else 0 end) as repeat_incidents_90d,
        sum(case when has_root_cause then 1 else 0 end) as incidents_with_root_cause,
        sum(case when is_root_cause_repeat_within_30d then 1 else 0 end) as root_cause_repeat_incidents_30d,
        sum(case when is_root_cause_repeat_within_90d then 1 else 0 end) as root_cause_repeat_incidents_90d,
        sum(case when seconds_up_before is not null then 1 else 0 end) as failure_intervals,
        {{ round_seconds(mean('seconds_up_before')) }} as mtbf_seconds,
        {{ round_seconds(mean('seconds_since_previous_service_incident')) }} as mean_seconds_between_incidents
    from recurrences
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['service_key', 'detected_month']) }} as service_month_id,
        service_key,
        detected_month,
        incidents,
        repeat_incidents_30d,
        repeat_incidents_90d,
        {{ round_float('cast(repeat_incidents_30d as ' ~ dbt.type_float() ~ ') / incidents', 4) }}
            as repeat_share_30d,
        {{ round_float('cast(repeat_incidents_90d as ' ~ dbt.type_float() ~ ') / incidents', 4) }}
            as repeat_share_90d,
        incidents_with_root_cause,
        root_cause_repeat_incidents_30d,
        root_cause_repeat_incidents_90d,
        failure_intervals,
        mtbf_seconds,
        mean_seconds_between_incidents
    from monthly

)

select * from final
where {{ history_recomputed('detected_month') }}
