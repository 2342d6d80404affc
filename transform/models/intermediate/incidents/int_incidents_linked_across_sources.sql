-- One row per real-world incident, with the PagerDuty incident, Datadog incident and
-- postmortem that describe it. Links, in order of trust:
--   1. a postmortem's cited ids (PagerDuty incident id, Datadog incident number);
--   2. Datadog ↔ PagerDuty: same catalogue service, Datadog's detection within
--      `incident_link_window_minutes` (default 30) of PagerDuty's trigger, nearest first;
--   3. postmortem ↔ PagerDuty when it cites nothing: same service, the postmortem's impact
--      window overlapping the incident, nearest trigger to its internal detection first.
-- Every link is one-to-one. Rows: each PagerDuty incident; each Datadog incident no PagerDuty
-- incident took (test incidents excluded); each postmortem nothing took.
-- Definitions: docs/metrics.md.

{%- set window_seconds = var('incident_link_window_minutes', 30) * 60 %}

-- A table, not a view: the incidents mart, DORA and four uniqueness tests read it, and as a
-- view each of them re-ran the linking (a minute per test on the bench world).
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

with

pagerduty as (

    select
        response.incident_id as pagerduty_incident_id,
        components.service_key,
        response.triggered_at,
        response.resolved_at
    from {{ ref('pagerduty_incident_response') }} as response
    left join {{ ref('service_components') }} as components
        on components.source = 'pagerduty'
        and components.component_type = 'service'
        and components.component_id = response.service_id

),

datadog as (

    select
        incident_id as datadog_incident_id,
        cast(incident_number as {{ dbt.type_string() }}) as datadog_incident_number,
        {{ service_key('service_slug') }} as service_key,
        detected_at
    from {{ ref('stg_datadog__incidents') }}
    -- Test incidents (Datadog's `is_test`: declared to try the tooling) are no incident:
    -- excluded here, so from the incident model, DORA and error volume; staging keeps them.
    where not coalesce(is_test, false)

),

postmortems as (

    select
        postmortem_id,
        service_key,
        pagerduty_incident_id as cited_pagerduty_incident_id,
        datadog_incident_id as cited_datadog_incident_number,
        impact_started_at,
        coalesce(internal_detected_at, customer_detected_at, impact_started_at) as detected_at,
        recovered_at
    from {{ ref('int_postmortems_joined_to_services') }}

),

datadog_to_pagerduty_candidates as (

    select
        datadog.datadog_incident_id,
        pagerduty.pagerduty_incident_id,
        abs({{ dbt.datediff('pagerduty.triggered_at', 'datadog.detected_at', 'second') }}) as gap_seconds
    from datadog
    inner join pagerduty
        on pagerduty.service_key = datadog.service_key
        and datadog.detected_at
            between {{ dbt.dateadd('second', -window_seconds, 'pagerduty.triggered_at') }}
            and {{ dbt.dateadd('second', window_seconds, 'pagerduty.triggered_at') }}

),

datadog_to_pagerduty as (

    {{ one_to_one('datadog_to_pagerduty_candidates', 'datadog_incident_id', 'pagerduty_incident_id', 'gap_seconds') }}

),

postmortem_to_pagerduty_candidates as (

    -- Two joins, not one with OR: an OR join condition cannot be hashed, and ran as a nested
    -- loop over every postmortem × every PagerDuty incident.
    -- Citations win: they sort before every overlap.
    select
        postmortems.postmortem_id,
        pagerduty.pagerduty_incident_id,
        -1 as gap_seconds
    from postmortems
    inner join pagerduty
        on pagerduty.pagerduty_incident_id = postmortems.cited_pagerduty_incident_id

    union all

    select
        postmortems.postmortem_id,
        pagerduty.pagerduty_incident_id,
        abs({{ dbt.datediff('pagerduty.triggered_at', 'postmortems.detected_at', 'second') }}) as gap_seconds
    from postmortems
    inner join pagerduty
        on pagerduty.service_key = postmortems.service_key
        and pagerduty.triggered_at <= coalesce(
            postmortems.recovered_at, {{ dbt.dateadd('day', 1, 'postmortems.impact_started_at') }}
        )
        and coalesce(pagerduty.resolved_at, pagerduty.triggered_at) >= postmortems.impact_started_at
    where postmortems.cited_pagerduty_incident_id is null

),

postmortem_to_pagerduty as (

    {{ one_to_one('postmortem_to_pagerduty_candidates', 'postmortem_id', 'pagerduty_incident_id', 'gap_seconds') }}

),

postmortem_to_datadog as (

    -- Only for postmortems no PagerDuty incident took (the others reach Datadog through it).
    select
        postmortems.postmortem_id,
        datadog.datadog_incident_id
    from postmortems
    inner join datadog
        on datadog.datadog_incident_number = postmortems.cited_datadog_incident_number
    left join postmortem_to_pagerduty
        on postmortem_to_pagerduty.postmortem_id = postmortems.postmortem_id
    where postmortem_to_pagerduty.postmortem_id is null

),

from_pagerduty as (

    select
        'pagerduty:' || pagerduty.pagerduty_incident_id as incident_key,
        pagerduty.pagerduty_incident_id,
        datadog_to_pagerduty.datadog_incident_id,
        postmortem_to_pagerduty.postmortem_id,
        pagerduty.service_key,
        case
            when postmortem_to_pagerduty.gap_seconds = -1 then 'cited'
            when postmortem_to_pagerduty.postmortem_id is not null then 'service_and_time'
        end as postmortem_link,
        case when datadog_to_pagerduty.datadog_incident_id is not null then 'service_and_time' end
            as datadog_link
    from pagerduty
    left join datadog_to_pagerduty
        on datadog_to_pagerduty.pagerduty_incident_id = pagerduty.pagerduty_incident_id
    left join postmortem_to_pagerduty
        on postmortem_to_pagerduty.pagerduty_incident_id = pagerduty.pagerduty_incident_id

),

from_datadog as (

    select
        'datadog:' || datadog.datadog_incident_id as incident_key,
        cast(null as {{ dbt.type_string() }}) as pagerduty_incident_id,
        datadog.datadog_incident_id,
        postmortem_to_datadog.postmortem_id,
        datadog.service_key,
        case when postmortem_to_datadog.postmortem_id is not null then 'cited' end as postmortem_link,
        cast(null as {{ dbt.type_string() }}) as datadog_link
    from datadog
    left join datadog_to_pagerduty
        on datadog_to_pagerduty.datadog_incident_id = datadog.datadog_incident_id
    left join postmortem_to_datadog
        on postmortem_to_datadog.datadog_incident_id = datadog.datadog_incident_id
    where datadog_to_pagerduty.datadog_incident_id is null

),

from_postmortems as (

    select
        'postmortem:' || postmortems.postmortem_id as incident_key,
        cast(null as {{ dbt.type_string() }}) as pagerduty_incident_id,
        cast(null as {{ dbt.type_string() }}) as datadog_incident_id,
        postmortems.postmortem_id,
        postmortems.service_key,
        cast(null as {{ dbt.type_string() }}) as postmortem_link,
        cast(null as {{ dbt.type_string() }}) as datadog_link
    from postmortems
    left join postmortem_to_pagerduty
        on postmortem_to_pagerduty.postmortem_id = postmortems.postmortem_id
    left join postmortem_to_datadog
        on postmortem_to_datadog.postmortem_id = postmortems.postmortem_id
    where postmortem_to_pagerduty.postmortem_id is null
        and postmortem_to_datadog.postmortem_id is null

)

select * from from_pagerduty
union all
select * from from_datadog
union all
select * from from_postmortems
