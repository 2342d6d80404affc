-- One row per real-world incident, unifying its PagerDuty incident, Datadog incident and
-- postmortem (int_incidents_linked_across_sources), with explicit source precedence for every
-- timestamp and field, the source each came from, and the incident-response measures.
-- Definitions: docs/metrics.md, "The incident model".

with

links as (

    select * from {{ ref('int_incidents_linked_across_sources') }}

),

pagerduty as (

    select * from {{ ref('int_pagerduty_incidents_measured') }}

),

datadog as (

    select * from {{ ref('stg_datadog__incidents') }}

),

postmortems as (

    select
        *,
        -- The moments the document marks, apart from those taken for want of one.
        case when not coalesce(is_impact_start_assumed, false) then impact_started_at end
            as marked_impact_started_at,
        case when not coalesce(is_internal_detect_assumed, false) then internal_detected_at end
            as marked_internal_detected_at
    from {{ ref('int_postmortems_joined_to_services') }}

),

services as (

    select * from {{ ref('services') }}

),

combined as (

    select
        links.incident_key,
        links.pagerduty_incident_id,
        links.datadog_incident_id,
        links.postmortem_id,
        links.datadog_link,
        links.postmortem_link,
        links.service_key,
        services.service_name,
        services.owning_team_key as team_key,
        coalesce(postmortems.incident_name, pagerduty.incident_title, datadog.incident_title)
            as incident_title,
        coalesce(
            {{ normalised_severity('postmortems.severity_level') }},
            {{ normalised_severity('datadog.severity') }},
            {{ normalised_severity('pagerduty.priority_name') }}
        ) as severity,
        case
            when {{ normalised_severity('postmortems.severity_level') }} is not null then 'postmortem'
            when {{ normalised_severity('datadog.severity') }} is not null then 'datadog'
            when {{ normalised_severity('pagerduty.priority_name') }} is not null then 'pagerduty'
        end as severity_source,
        pagerduty.urgency,
        coalesce(
            postmortems.is_customer_detected,
            case datadog.detection_method
                when 'customer' then true
                when 'monitor' then false
                when 'employee' then false
            end
        ) as is_customer_detected,
        -- Impact start ("first trigger"): the postmortem, else Datadog's customer impact, else
        -- the postmortem's first timeline row, taken for want of a marked start (assumed).
        coalesce(
            postmortems.marked_impact_started_at,
            datadog.customer_impact_started_at,
            postmortems.impact_started_at
        ) as impact_started_at,
        case
            when postmortems.marked_impact_started_at is not null then 'postmortem'
            when datadog.customer_impact_started_at is not null then 'datadog'
            when postmortems.impact_started_at is not null then 'postmortem_assumed'
        end as impact_started_at_source,
        postmortems.customer_detected_at,
        -- Internal detection: the postmortem, else Datadog's detection, else the page, else the
        -- postmortem's first timeline row taken for want of a marked detection (assumed).
        coalesce(
            postmortems.marked_internal_detected_at,
            datadog.detected_at,
            pagerduty.triggered_at,
            postmortems.internal_detected_at
        ) as internal_detected_at,
        case
            when postmortems.marked_internal_detected_at is not null then 'postmortem'
            when datadog.detected_at is not null then 'datadog'
            when pagerduty.triggered_at is not null then 'pagerduty'
            when postmortems.internal_detected_at is not null then 'postmortem_assumed'
        end as internal_detected_at_source,
        pagerduty.triggered_at as paged_at,
        pagerduty.acknowledged_at,
        -- Recovery: the postmortem, else the end of Datadog's customer impact, else resolution.
        coalesce(postmortems.recovered_at, datadog.customer_impact_ended_at, pagerduty.resolved_at)
            as recovered_at,
        case
            when postmortems.recovered_at is not null then 'postmortem'
            when datadog.customer_impact_ended_at is not null then 'datadog'
            when pagerduty.resolved_at is not null then 'pagerduty'
        end as recovered_at_source,
        coalesce(pagerduty.resolved_at, datadog.resolved_at) as resolved_at,
        postmortems.reconciled_at,
        postmortems.root_cause_found_at,
        -- The postmortem's first publication: the document's creation, else the earliest
        -- revision loaded (local files carry no creation time) — never its latest edit, so a
        -- typo fixed in August does not move May's time to postmortem.
        coalesce(postmortems.document_created_at, postmortems.document_first_loaded_at) as postmortem_at,
        case
            when postmortems.document_created_at is not null then 'document_created'
            when postmortems.document_first_loaded_at is not null then 'first_loaded_revision'
        end as postmortem_at_source,
        postmortems.document_modified_at as postmortem_modified_at,
        postmortems.impacted_customer_count,
        postmortems.failed_request_count,
        postmortems.postmortem_url,
        postmortems.stated_seconds_to_detect,
        postmortems.stated_seconds_to_recover,
        -- State now: open while the paging tool (PagerDuty, else Datadog) has not resolved it;
        -- an incident only a postmortem knows is over.
        case
            when pagerduty.incident_id is not null then pagerduty.is_open
            when datadog.incident_id is not null then not datadog.is_resolved
            else false
        end as is_open,
        coalesce(pagerduty.is_acknowledged, false) as is_acknowledged,
        coalesce(pagerduty.escalation_count > 0, false) as is_escalated,
        -- PagerDuty's response times (trigger → first acknowledgement / resolution) and their
        -- population (urgency in var response_time_urgencies): MTTA and MTTR.
        coalesce(pagerduty.is_in_response_times, false) as is_in_response_times,
        pagerduty.seconds_to_acknowledge,
        pagerduty.seconds_to_resolve,
        pagerduty.vendor_seconds_to_first_ack as pagerduty_seconds_to_first_ack,
        datadog.time_to_detect_seconds as datadog_seconds_to_detect,
        datadog.time_to_repair_seconds as datadog_seconds_to_repair
    from links
    left join services
        on services.service_key = links.service_key
    left join pagerduty
        on pagerduty.incident_id = links.pagerduty_incident_id
    left join datadog
        on datadog.incident_id = links.datadog_incident_id
    left join postmortems
        on postmortems.postmortem_id = links.postmortem_id

),

measured as (

    select
        *,
        not is_open as is_resolved,
        -- Month of internal detection; an incomplete incident without one (a partial
        -- postmortem nothing links to) counts in the month customers detected it, else the
        -- month impact started (null only when no time is known at all).
        cast({{ dbt.date_trunc('month', 'coalesce(internal_detected_at, customer_detected_at, impact_started_at)') }}
            as date) as detected_month,
        internal_detected_at is not null as has_internal_detection,
        -- Time to detect and to recover: as the postmortem states them ("Time to detection:
        -- 8 minutes"), else from the timestamps. The stated figure wins because it is the one
        -- the team chose to report, and the timestamps' ends are often not the moments it
        -- measured (a start taken from the first row, a later "resolved"): on 916 real
        -- postmortems stating a time to recover, stated-first agrees with the document for
        -- 89 %, timestamps-first for 77 % (docs/metrics.md).
        -- A detection only assumed (the first row, like the start) measures nothing: 0 by
        -- construction. Its time to detect is the stated one, else unknown.
        {%- for name, event, measured in [
            ('detect', 'internal_detected_at', "internal_detected_at_source <> 'postmortem_assumed'"),
            ('recover', 'recovered_at', none),
        ] %}
        {%- set between = dbt.datediff('impact_started_at', event, 'second') %}
        {%- set from_times = between if measured is none else 'case when ' ~ measured ~ ' then ' ~ between ~ ' end' %}
        coalesce(stated_seconds_to_{{ name }}, {{ from_times }}) as seconds_to_{{ name }},
        case
            when stated_seconds_to_{{ name }} is not null then 'stated'
            when {{ from_times }} is not null then 'timestamps'
        end as seconds_to_{{ name }}_source,
        {%- endfor %}
        {%- for name, event in [
            ('reconcile', 'reconciled_at'),
            ('root_cause', 'root_cause_found_at'),
            ('postmortem', 'postmortem_at'),
        ] %}
        {{ dbt.datediff('impact_started_at', event, 'second') }} as seconds_to_{{ name }},
        {%- endfor %}
        {{ dbt.datediff('customer_detected_at', 'internal_detected_at', 'second') }}
            as seconds_customer_to_internal_detect,
        {{ dbt.datediff('internal_detected_at', 'resolved_at', 'second') }} as seconds_detect_to_resolve,
        {{ dbt.datediff('internal_detected_at', 'recovered_at', 'second') }} as seconds_detect_to_recover
    from combined

),

final as (

    select
        *,
        -- Ours minus Datadog's: 0 unless the sources disagree (see docs/metrics.md).
        seconds_to_detect - datadog_seconds_to_detect as datadog_detect_seconds_difference,
        seconds_detect_to_recover - datadog_seconds_to_repair as datadog_repair_seconds_difference,
        seconds_to_acknowledge - pagerduty_seconds_to_first_ack as pagerduty_ack_seconds_difference
    from measured

)

select * from final
