-- Postmortem coverage and timeliness per catalogue service and UTC month of detection (the
-- incident model's detected_month): of the severe incidents (SEV1–2 by default), how many
-- have a postmortem, and how long after the incident was resolved its postmortem was first
-- created. Definitions: docs/metrics.md, "Follow-up and learning".

{%- set severities = var('postmortem_required_severities', ['SEV1', 'SEV2']) %}
{%- set target_days = var('postmortem_target_days', 7) %}

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('detected_month') }}

with

incidents as (

    select * from {{ ref('incidents') }}

),

postmortems as (

    select postmortem_id, document_created_at from {{ ref('int_postmortems_joined_to_services') }}

),

severe as (

    select
        incidents.incident_key,
        incidents.service_key,
        incidents.detected_month,
        incidents.postmortem_id is not null as has_postmortem,
        -- The clock starts when the incident was resolved (PagerDuty, else Datadog); an
        -- incident only a postmortem knows starts it at recovery.
        coalesce(incidents.resolved_at, incidents.recovered_at) as resolved_at,
        -- Its first publication: the document's creation (Drive createdTime), not its
        -- latest edit — fixing a typo later does not make a postmortem late.
        postmortems.document_created_at as postmortem_created_at
    from incidents
    left join postmortems
        on postmortems.postmortem_id = incidents.postmortem_id
    where incidents.severity in ('{{ severities | join("', '") }}')

),

timed as (

    select
        *,
        {{ dbt.datediff('resolved_at', 'postmortem_created_at', 'second') }} as seconds_resolution_to_postmortem
    from severe

),

counts as (

    select
        service_key,
        detected_month,
        count(*) as severe_incidents,
        sum(case when has_postmortem then 1 else 0 end) as severe_incidents_with_postmortem,
        sum(case when seconds_resolution_to_postmortem is not null then 1 else 0 end)
            as timed_postmortems,
        sum(
            case when seconds_resolution_to_postmortem <= {{ target_days * 86400 }} then 1 else 0 end
        ) as postmortems_within_target,
        {{ round_seconds(mean('seconds_resolution_to_postmortem')) }} as mean_seconds_resolution_to_postmortem
    from timed
    group by 1, 2

),

percentiles as (

    select
        service_key,
        detected_month,
        {{ round_seconds(percentile_cont('seconds_resolution_to_postmortem', 0.5)) }}
            as median_seconds_resolution_to_postmortem,
        {{ round_seconds(percentile_cont('seconds_resolution_to_postmortem', 0.9)) }}
            as p90_seconds_resolution_to_postmortem
    from timed
    where seconds_resolution_to_postmortem is not null
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['counts.service_key', 'counts.detected_month']) }} as service_month_id,
        counts.service_key,
        counts.detected_month,
        counts.severe_incidents,
        counts.severe_incidents_with_postmortem,
        {{ round_float(
            'cast(counts.severe_incidents_with_postmortem as ' ~ dbt.type_float() ~ ')'
            ~ ' / counts.severe_incidents', 4) }} as postmortem_coverage,
        counts.timed_postmortems,
        counts.postmortems_within_target,
        counts.mean_seconds_resolution_to_postmortem,
        percentiles.median_seconds_resolution_to_postmortem,
        percentiles.p90_seconds_resolution_to_postmortem
    from counts
    left join percentiles
        on coalesce(percentiles.service_key, '') = coalesce(counts.service_key, '')
        and coalesce(cast(percentiles.detected_month as {{ dbt.type_string() }}), '')
            = coalesce(cast(counts.detected_month as {{ dbt.type_string() }}), '')

)

select * from final
where {{ history_recomputed('detected_month') }}
