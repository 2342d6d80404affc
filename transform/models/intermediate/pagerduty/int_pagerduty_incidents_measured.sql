-- One row per PagerDuty incident: who it belongs to, when it was triggered, acknowledged and
-- resolved, how long each took, and how that compares with PagerDuty's own analytics.
-- An input of the incident model (reliability.incidents), which every incident measure of
-- the marts comes from; PagerDuty-side marts (on-call noise, alert noise) read it too.
-- Definitions: docs/metrics.md.

{{ config(materialized='table', post_hook='analyze {{ this }}') }}

{%- set urgencies = var('response_time_urgencies', ['high', 'low']) %}

with

incidents as (

    select * from {{ ref('stg_pagerduty__incidents') }}

),

lifecycle as (

    select * from {{ ref('int_pagerduty_log_entries_pivoted_to_incidents') }}

),

primary_teams as (

    select incident_id, team_id
    from {{ ref('stg_pagerduty__incident_teams') }}
    where is_primary_team

),

analytics as (

    select * from {{ ref('stg_pagerduty__incident_analytics') }}

),

services as (

    select * from {{ ref('stg_pagerduty__services') }}

),

teams as (

    select * from {{ ref('stg_pagerduty__teams') }}

),

priorities as (

    select * from {{ ref('stg_pagerduty__priorities') }}

),

-- Our interruptions (one per responder paged) in PagerDuty's windows, to reconcile with its
-- *_interruptions (docs/metrics.md, "Vendor figures and reconciliation").
interruptions as (

    select
        incident_id,
        count(*) as interruptions,
        sum(case when pagerduty_window = 'business' then 1 else 0 end) as business_hour_interruptions,
        sum(case when pagerduty_window = 'off' then 1 else 0 end) as off_hour_interruptions,
        sum(case when pagerduty_window = 'sleep' then 1 else 0 end) as sleep_hour_interruptions
    from {{ ref('int_pagerduty_log_entries_filtered_to_pages') }}
    group by 1

),

timed as (

    select
        incidents.incident_id,
        incidents.incident_number,
        incidents.incident_title,
        incidents.incident_status,
        incidents.urgency,
        incidents.is_merged,
        incidents.merged_into_incident_id,
        incidents.service_id,
        incidents.service_name as service_name_at_incident,
        -- The incident's first listed team; PagerDuty's analytics attribute the incident to
        -- one team too, which covers incidents whose team list was not returned.
        coalesce(primary_teams.team_id, analytics.team_id) as team_id,
        incidents.escalation_policy_id,
        incidents.priority_id,
        incidents.priority_name,
        incidents.html_url,

        -- PagerDuty's created_at is the moment the incident was triggered.
        incidents.created_at as triggered_at,
        lifecycle.first_acknowledged_at as acknowledged_at,
        lifecycle.first_acknowledged_by_id as acknowledged_by_id,
        lifecycle.first_acknowledged_by_type as acknowledged_by_type,
        -- Resolution from the log when it was loaded; otherwise the incident's own resolved_at
        -- (resolved incidents whose log entries were not synced, or were merged away).
        case
            when lifecycle.last_resolved_at is not null then lifecycle.last_resolved_at
            when incidents.incident_status = 'resolved' then incidents.resolved_at
        end as resolved_at,
        case
            when lifecycle.last_resolved_at is not null then 'log_entry'
            when incidents.incident_status = 'resolved' and incidents.resolved_at is not null then 'incident'
        end as resolved_at_source,
        lifecycle.resolved_by_id,
        lifecycle.resolved_by_type,

        coalesce(lifecycle.notification_count, 0) as notification_count,
        coalesce(lifecycle.escalation_count, 0) as escalation_count,
        coalesce(lifecycle.acknowledgement_count, 0) as acknowledgement_count,
        coalesce(lifecycle.log_entry_count, 0) as log_entry_count,

        analytics.seconds_to_first_ack as vendor_seconds_to_first_ack,
        analytics.seconds_to_resolve as vendor_seconds_to_resolve,
        analytics.seconds_to_engage as vendor_seconds_to_engage,
        analytics.seconds_to_mobilize as vendor_seconds_to_mobilize,
        analytics.business_hour_interruptions as vendor_business_hour_interruptions,
        analytics.off_hour_interruptions as vendor_off_hour_interruptions,
        analytics.sleep_hour_interruptions as vendor_sleep_hour_interruptions,
        analytics.total_interruptions as vendor_total_interruptions,
        coalesce(interruptions.interruptions, 0) as interruptions,
        coalesce(interruptions.business_hour_interruptions, 0) as business_hour_interruptions,
        coalesce(interruptions.off_hour_interruptions, 0) as off_hour_interruptions,
        coalesce(interruptions.sleep_hour_interruptions, 0) as sleep_hour_interruptions,
        analytics.incident_id is not null as has_vendor_analytics,
        coalesce(analytics.is_major, false) as is_major

    from incidents
    left join lifecycle
        on incidents.incident_id = lifecycle.incident_id
    left join primary_teams
        on incidents.incident_id = primary_teams.incident_id
    left join analytics
        on incidents.incident_id = analytics.incident_id
    left join interruptions
        on incidents.incident_id = interruptions.incident_id

),

measured as (

    select
        timed.*,
        -- From the log; else PagerDuty's own seconds_to_first_ack (the first acknowledgement
        -- of an incident whose log entries were not loaded).
        coalesce(
            {{ seconds_between('triggered_at', 'acknowledged_at') }},
            cast(vendor_seconds_to_first_ack as {{ dbt.type_bigint() }})
        ) as seconds_to_acknowledge,
        case
            when acknowledged_at is not null then 'log_entry'
            when vendor_seconds_to_first_ack is not null then 'vendor'
        end as acknowledged_at_source,
        {{ seconds_between('triggered_at', 'acknowledged_at') }} as log_seconds_to_acknowledge,
        {{ seconds_between('triggered_at', 'resolved_at') }} as seconds_to_resolve

    from timed

),

final as (

    select
        measured.incident_id,
        measured.incident_number,
        measured.incident_title,
        measured.service_id,
        coalesce(services.service_name, measured.service_name_at_incident) as service_name,
        measured.team_id,
        teams.team_name,
        measured.escalation_policy_id,
        measured.urgency,
        measured.priority_id,
        coalesce(priorities.priority_name, measured.priority_name) as priority_name,
        priorities.priority_order,
        measured.incident_status,
        measured.is_major,
        measured.is_merged,
        measured.merged_into_incident_id,
        -- The population of incident counts (merged incidents are part of the incident they
        -- were merged into) and of MTTA/MTTR (also: urgency in var response_time_urgencies).
        not measured.is_merged as is_counted,
        not measured.is_merged
            and coalesce(measured.urgency in ('{{ urgencies | join("', '") }}'), true)
            as is_in_response_times,

        measured.triggered_at,
        coalesce(
            measured.acknowledged_at,
            {{ dbt.dateadd('second', 'measured.vendor_seconds_to_first_ack', 'measured.triggered_at') }}
        ) as acknowledged_at,
        measured.acknowledged_at_source,
        measured.resolved_at,
        measured.resolved_at_source,
        cast({{ dbt.date_trunc('month', 'measured.triggered_at') }} as date) as triggered_month,
        measured.acknowledged_by_id,
        measured.acknowledged_by_type,
        measured.resolved_by_id,
        measured.resolved_by_type,

        measured.acknowledged_at_source is not null as is_acknowledged,
        measured.resolved_at is not null or measured.incident_status = 'resolved' as is_resolved,
        measured.resolved_at is null and coalesce(measured.incident_status, '') != 'resolved' as is_open,

        measured.seconds_to_acknowledge,
        measured.seconds_to_resolve,
        measured.vendor_seconds_to_first_ack,
        measured.vendor_seconds_to_resolve,
        measured.vendor_seconds_to_engage,
        measured.vendor_seconds_to_mobilize,
        -- Ours minus PagerDuty's: null unless both sides have a value.
        -- (from the log only: the vendor fallback would compare PagerDuty with itself)
        measured.log_seconds_to_acknowledge - measured.vendor_seconds_to_first_ack as ack_seconds_difference,
        measured.seconds_to_resolve - measured.vendor_seconds_to_resolve as resolve_seconds_difference,
        measured.interruptions,
        measured.business_hour_interruptions,
        measured.off_hour_interruptions,
        measured.sleep_hour_interruptions,
        measured.vendor_total_interruptions,
        measured.vendor_business_hour_interruptions,
        measured.vendor_off_hour_interruptions,
        measured.vendor_sleep_hour_interruptions,
        -- Ours (PagerDuty's windows) minus PagerDuty's: null without analytics.
        measured.interruptions - measured.vendor_total_interruptions as interruptions_difference,
        measured.off_hour_interruptions - measured.vendor_off_hour_interruptions
            as off_hour_interruptions_difference,
        measured.sleep_hour_interruptions - measured.vendor_sleep_hour_interruptions
            as sleep_hour_interruptions_difference,
        measured.has_vendor_analytics,

        measured.notification_count,
        measured.escalation_count,
        measured.acknowledgement_count,
        measured.log_entry_count,
        measured.html_url

    from measured
    left join services
        on measured.service_id = services.service_id
    left join teams
        on measured.team_id = teams.team_id
    left join priorities
        on measured.priority_id = priorities.priority_id

)

select * from final
