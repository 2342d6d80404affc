-- One row per incident of the incident model: when it started, the previous incident of the
-- same service and of the same root cause, whether it is a repeat within 30 / 90 days, and the
-- time the service was up before it (for MTBF).
-- Definitions: docs/metrics.md, "Detection gap, recurrence and MTBF".

with

incidents as (

    select
        incident_key,
        service_key,
        detected_month,
        postmortem_id,
        datadog_incident_id,
        -- Start: impact start, else internal detection, else customer detection.
        coalesce(impact_started_at, internal_detected_at, customer_detected_at) as started_at,
        -- End of the failure: recovery, else resolution.
        coalesce(recovered_at, resolved_at) as ended_at
    from {{ ref('incidents') }}

),

root_causes as (

    -- The root causes as written in the postmortem (several per document) or in Datadog's
    -- incident field, normalised like service keys: the same words, case and punctuation
    -- aside, are the same root cause. Free text: only exact repeats are found.
    select distinct
        incidents.incident_key,
        incidents.started_at,
        {{ service_key('causes.root_cause') }} as root_cause_key
    from incidents
    inner join {{ ref('stg_postmortems__root_causes') }} as causes
        on causes.postmortem_id = incidents.postmortem_id

    union

    select
        incidents.incident_key,
        incidents.started_at,
        {{ service_key('datadog_incidents.root_cause') }} as root_cause_key
    from incidents
    inner join {{ ref('stg_datadog__incidents') }} as datadog_incidents
        on datadog_incidents.incident_id = incidents.datadog_incident_id

),

root_cause_lagged as (

    select
        incident_key,
        root_cause_key,
        started_at,
        lag(incident_key) over (
            partition by root_cause_key order by started_at, incident_key
        ) as previous_incident_key,
        lag(started_at) over (
            partition by root_cause_key order by started_at, incident_key
        ) as previous_started_at
    from root_causes
    where root_cause_key is not null and started_at is not null

),

root_cause_sequence as (

    select
        incident_key,
        root_cause_key,
        previous_incident_key,
        {{ dbt.datediff('previous_started_at', 'started_at', 'second') }} as seconds_since_previous
    from root_cause_lagged

),

root_cause_ranked as (

    -- Per incident, its root cause that recurred soonest.
    select
        incident_key,
        count(*) over (partition by incident_key) as root_causes,
        root_cause_key,
        previous_incident_key,
        seconds_since_previous,
        row_number() over (
            partition by incident_key
            order by case when seconds_since_previous is null then 1 else 0 end, seconds_since_previous, root_cause_key
        ) as recurrence_rank
    from root_cause_sequence

),

service_sequence as (

    select
        incident_key,
        lag(incident_key) over (partition by service_key order by started_at, incident_key)
            as previous_service_incident_key,
        lag(started_at) over (partition by service_key order by started_at, incident_key)
            as previous_started_at,
        lag(ended_at) over (partition by service_key order by started_at, incident_key)
            as previous_ended_at
    from incidents
    where service_key is not null and started_at is not null

),

final as (

    select
        incidents.incident_key,
        incidents.service_key,
        incidents.detected_month,
        incidents.started_at,
        incidents.ended_at,
        service_sequence.previous_service_incident_key,
        {{ dbt.datediff('service_sequence.previous_started_at', 'incidents.started_at', 'second') }}
            as seconds_since_previous_service_incident,
        -- Up time before this incident: from the previous one's end to this start; 0 when they
        -- overlap; null when the previous end is unknown.
        case
            when service_sequence.previous_ended_at >= incidents.started_at then 0
            else {{ dbt.datediff('service_sequence.previous_ended_at', 'incidents.started_at', 'second') }}
        end as seconds_up_before,
        coalesce(
            {{ dbt.datediff('service_sequence.previous_started_at', 'incidents.started_at', 'second') }}
                <= 30 * 86400,
            false
        ) as is_service_repeat_within_30d,
        coalesce(
            {{ dbt.datediff('service_sequence.previous_started_at', 'incidents.started_at', 'second') }}
                <= 90 * 86400,
            false
        ) as is_service_repeat_within_90d,
        coalesce(root_cause_ranked.root_causes, 0) as root_causes,
        root_cause_ranked.root_cause_key is not null as has_root_cause,
        case when root_cause_ranked.previous_incident_key is not null then root_cause_ranked.root_cause_key end
            as recurring_root_cause_key,
        root_cause_ranked.previous_incident_key as previous_root_cause_incident_key,
        root_cause_ranked.seconds_since_previous as seconds_since_previous_root_cause_incident,
        coalesce(root_cause_ranked.seconds_since_previous <= 30 * 86400, false)
            as is_root_cause_repeat_within_30d,
        coalesce(root_cause_ranked.seconds_since_previous <= 90 * 86400, false)
            as is_root_cause_repeat_within_90d
    from incidents
    left join service_sequence
        on service_sequence.incident_key = incidents.incident_key
    left join root_cause_ranked
        on root_cause_ranked.incident_key = incidents.incident_key
        and root_cause_ranked.recurrence_rank = 1

)

select * from final
