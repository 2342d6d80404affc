-- One row per real-world incident, with the PagerDuty incident, Datadog incident and
-- postmortem that describe it. Links, in order of trust:
--   1. Datadog ↔ PagerDuty: same catalogue service, Datadog's detection within
--      `incident_link_window_minutes` (default 30) of PagerDuty's trigger, nearest first
--      (one-to-one);
--   2. a postmortem's cited ids: a PagerDuty incident id, else a Datadog incident number —
--      which leads to the PagerDuty incident that Datadog incident is linked to (links are
--      transitive). When several postmortems cite the same incident, the earliest-created
--      document takes it; the others stay incidents of their own and are reported in
--      data_quality_issues (postmortem_citation_taken);
--   3. postmortem ↔ PagerDuty when it cites nothing that was loaded: same service, the
--      postmortem's impact window overlapping the incident, nearest trigger to its internal
--      detection first (one-to-one, among the PagerDuty incidents no citation took).
-- Rows: each PagerDuty incident; each Datadog incident no PagerDuty incident took (test
-- incidents excluded); each postmortem nothing took. Definitions: docs/metrics.md.

{%- set window_seconds = (var('incident_link_window_minutes', 30) | int) * 60 %}
{#- Time buckets one window wide: a Datadog detection within the window of a trigger falls in
    the trigger's bucket or the next or previous one, so the pairs to compare are found by an
    equi-join; joined on the service alone, every incident of a service was compared with every
    other (46 million pairs on the bench world, 14 s, growing with the square of history). #}
{%- set bucket_seconds = [window_seconds, 1] | max %}
{%- set origin = "cast('2000-01-01' as " ~ dbt.type_timestamp() ~ ")" %}

-- A table, not a view: the incidents mart, DORA and four uniqueness tests read it, and as a
-- view each of them re-ran the linking (a minute per test on the bench world).
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

with

pagerduty as (

    select
        response.incident_id as pagerduty_incident_id,
        components.service_key,
        response.triggered_at,
        response.resolved_at,
        floor(
            cast({{ dbt.datediff(origin, 'response.triggered_at', 'second') }} as {{ dbt.type_float() }})
            / {{ bucket_seconds }}
        ) as link_bucket
    from {{ ref('int_pagerduty_incidents_measured') }} as response
    {{ join_service_catalogue('pagerduty', 'service', 'response.service_id', alias='components') }}
    -- A merged PagerDuty incident is part of the one it was merged into: no incident of its
    -- own (a postmortem citing it is led to that one below).
    where response.is_counted

),

merged_pagerduty as (

    select incident_id, merged_into_incident_id
    from {{ ref('int_pagerduty_incidents_measured') }}
    where is_merged and merged_into_incident_id is not null

),

datadog as (

    select
        incident_id as datadog_incident_id,
        cast(incident_number as {{ dbt.type_string() }}) as datadog_incident_number,
        -- The `service:` value through the overrides seed (as monitors and SLOs), else normalised.
        coalesce(overrides.service_key, {{ service_key('service_slug') }}) as service_key,
        detected_at,
        floor(
            cast({{ dbt.datediff(origin, 'detected_at', 'second') }} as {{ dbt.type_float() }})
            / {{ bucket_seconds }}
        ) as link_bucket
    from {{ ref('stg_datadog__incidents') }}
    left join {{ ref('service_catalogue_overrides') }} as overrides
        on overrides.source = 'datadog'
        and overrides.source_key = service_slug
    -- Test incidents (Datadog's `is_test`: declared to try the tooling) are no incident:
    -- excluded here, so from the incident model, DORA and error volume; staging keeps them.
    where not coalesce(is_test, false)

),

postmortems as (

    select
        cited.postmortem_id,
        cited.service_key,
        -- A cited incident that was merged since: the incident it was merged into.
        coalesce(merged_pagerduty.merged_into_incident_id, cited.pagerduty_incident_id)
            as cited_pagerduty_incident_id,
        cited.datadog_incident_id as cited_datadog_incident_number,
        cited.impact_started_at,
        coalesce(cited.internal_detected_at, cited.customer_detected_at, cited.impact_started_at)
            as detected_at,
        cited.recovered_at,
        cited.document_created_at
    from {{ ref('int_postmortems_joined_to_services') }} as cited
    left join merged_pagerduty
        on merged_pagerduty.incident_id = cited.pagerduty_incident_id

),

neighbours as (

    -- A detection's own bucket and the two next to it.
    select -1 as bucket_offset
    union all
    select 0
    union all
    select 1

),

datadog_to_pagerduty_candidates as (

    select
        datadog.datadog_incident_id,
        pagerduty.pagerduty_incident_id,
        abs({{ dbt.datediff('pagerduty.triggered_at', 'datadog.detected_at', 'second') }}) as gap_seconds
    from datadog
    cross join neighbours
    inner join pagerduty
        on pagerduty.service_key = datadog.service_key
        and pagerduty.link_bucket = datadog.link_bucket + neighbours.bucket_offset
        and datadog.detected_at
            between {{ dbt.dateadd('second', -window_seconds, 'pagerduty.triggered_at') }}
            and {{ dbt.dateadd('second', window_seconds, 'pagerduty.triggered_at') }}

),

datadog_to_pagerduty as (

    {{ one_to_one('datadog_to_pagerduty_candidates', 'datadog_incident_id', 'pagerduty_incident_id', 'gap_seconds') }}

),

anchors as (

    -- Each incident row-to-be and the ids it can be cited by: a PagerDuty incident (by its id,
    -- and by the number of the Datadog incident linked to it), a Datadog incident no
    -- PagerDuty incident took (by its number).
    select
        'pagerduty:' || pagerduty.pagerduty_incident_id as incident_key,
        pagerduty.pagerduty_incident_id,
        cast(null as {{ dbt.type_string() }}) as datadog_incident_number
    from pagerduty

    union all

    select
        'pagerduty:' || datadog_to_pagerduty.pagerduty_incident_id as incident_key,
        cast(null as {{ dbt.type_string() }}) as pagerduty_incident_id,
        datadog.datadog_incident_number
    from datadog_to_pagerduty
    inner join datadog
        on datadog.datadog_incident_id = datadog_to_pagerduty.datadog_incident_id

    union all

    select
        'datadog:' || datadog.datadog_incident_id as incident_key,
        cast(null as {{ dbt.type_string() }}) as pagerduty_incident_id,
        datadog.datadog_incident_number
    from datadog
    left join datadog_to_pagerduty
        on datadog_to_pagerduty.datadog_incident_id = datadog.datadog_incident_id
    where datadog_to_pagerduty.datadog_incident_id is null

),

citation_candidates as (

    -- Two joins, not one with OR (an OR join condition cannot be hashed). A cited PagerDuty
    -- id is trusted over a cited Datadog number.
    select
        postmortems.postmortem_id,
        postmortems.document_created_at,
        anchors.incident_key,
        0 as citation_rank
    from postmortems
    inner join anchors
        on anchors.pagerduty_incident_id = postmortems.cited_pagerduty_incident_id

    union all

    select
        postmortems.postmortem_id,
        postmortems.document_created_at,
        anchors.incident_key,
        1 as citation_rank
    from postmortems
    inner join anchors
        on anchors.datadog_incident_number = postmortems.cited_datadog_incident_number

),

citations_per_postmortem as (

    select
        *,
        row_number() over (
            partition by postmortem_id order by citation_rank, incident_key
        ) as postmortem_rank
    from citation_candidates

),

postmortem_citations as (

    -- One incident per postmortem (its most trusted citation), then one postmortem per
    -- incident: the earliest-created document (ties: the smallest id).
    select
        postmortem_id,
        incident_key
    from (
        select
            *,
            row_number() over (
                partition by incident_key
                order by citation_rank, document_created_at, postmortem_id
            ) as incident_rank
        from citations_per_postmortem
        where postmortem_rank = 1
    ) as ranked
    where incident_rank = 1

),

postmortem_to_pagerduty_candidates as (

    -- Postmortems whose citations lead to no loaded incident (or that cite nothing), to
    -- PagerDuty incidents no citation took.
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
    left join (select distinct postmortem_id from citation_candidates) as citing  -- noqa: ST05
        on citing.postmortem_id = postmortems.postmortem_id
    left join postmortem_citations
        on postmortem_citations.incident_key = 'pagerduty:' || pagerduty.pagerduty_incident_id
    where citing.postmortem_id is null
        and postmortem_citations.incident_key is null

),

postmortem_to_pagerduty_by_time as (

    {{ one_to_one('postmortem_to_pagerduty_candidates', 'postmortem_id', 'pagerduty_incident_id', 'gap_seconds') }}

),

postmortem_links as (

    select postmortem_id, incident_key, 'cited' as postmortem_link
    from postmortem_citations

    union all

    select
        postmortem_id,
        'pagerduty:' || pagerduty_incident_id as incident_key,
        'service_and_time' as postmortem_link
    from postmortem_to_pagerduty_by_time

),

from_pagerduty as (

    select
        'pagerduty:' || pagerduty.pagerduty_incident_id as incident_key,
        pagerduty.pagerduty_incident_id,
        datadog_to_pagerduty.datadog_incident_id,
        postmortem_links.postmortem_id,
        pagerduty.service_key,
        postmortem_links.postmortem_link,
        case when datadog_to_pagerduty.datadog_incident_id is not null then 'service_and_time' end
            as datadog_link
    from pagerduty
    left join datadog_to_pagerduty
        on datadog_to_pagerduty.pagerduty_incident_id = pagerduty.pagerduty_incident_id
    left join postmortem_links
        on postmortem_links.incident_key = 'pagerduty:' || pagerduty.pagerduty_incident_id

),

from_datadog as (

    select
        'datadog:' || datadog.datadog_incident_id as incident_key,
        cast(null as {{ dbt.type_string() }}) as pagerduty_incident_id,
        datadog.datadog_incident_id,
        postmortem_links.postmortem_id,
        datadog.service_key,
        postmortem_links.postmortem_link,
        cast(null as {{ dbt.type_string() }}) as datadog_link
    from datadog
    left join datadog_to_pagerduty
        on datadog_to_pagerduty.datadog_incident_id = datadog.datadog_incident_id
    left join postmortem_links
        on postmortem_links.incident_key = 'datadog:' || datadog.datadog_incident_id
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
    left join postmortem_links
        on postmortem_links.postmortem_id = postmortems.postmortem_id
    where postmortem_links.postmortem_id is null

)

select * from from_pagerduty
union all
select * from from_datadog
union all
select * from from_postmortems
