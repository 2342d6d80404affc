-- The incident lifecycle as PagerDuty's log entries record it: one row per incident that has
-- log entries, with the first acknowledgement (an incident can be acknowledged several times,
-- e.g. after an unacknowledge or by a second responder: the first one ends "time to
-- acknowledge"), the last resolution, who did them, and how much paging it took.

with

log_entries as (

    select * from {{ ref('stg_pagerduty__log_entries') }}
    where incident_id is not null

),

acknowledgements_ranked as (

    select
        incident_id,
        created_at as acknowledged_at,
        agent_id,
        agent_type,
        -- log_entry_id breaks ties between entries logged in the same second.
        row_number() over (
            partition by incident_id order by created_at asc, log_entry_id asc
        ) as acknowledgement_rank

    from log_entries
    where log_entry_type = 'acknowledge_log_entry'

),

first_acknowledgements as (

    select
        incident_id,
        acknowledged_at as first_acknowledged_at,
        agent_id as first_acknowledged_by_id,
        agent_type as first_acknowledged_by_type

    from acknowledgements_ranked
    where acknowledgement_rank = 1

),

resolutions_ranked as (

    select
        incident_id,
        created_at as resolved_at,
        agent_id,
        agent_type,
        row_number() over (
            partition by incident_id order by created_at desc, log_entry_id desc
        ) as resolution_rank

    from log_entries
    where log_entry_type = 'resolve_log_entry'

),

last_resolutions as (

    select
        incident_id,
        resolved_at as last_resolved_at,
        agent_id as resolved_by_id,
        agent_type as resolved_by_type

    from resolutions_ranked
    where resolution_rank = 1

),

counted as (

    select
        incident_id,
        min(case when log_entry_type = 'trigger_log_entry' then created_at end) as first_triggered_at,
        count(*) as log_entry_count,
        sum(case when log_entry_type = 'notify_log_entry' then 1 else 0 end) as notification_count,
        sum(case when log_entry_type = 'escalate_log_entry' then 1 else 0 end) as escalation_count,
        sum(case when log_entry_type = 'acknowledge_log_entry' then 1 else 0 end) as acknowledgement_count,
        sum(case when log_entry_type = 'assign_log_entry' then 1 else 0 end) as assignment_count,
        sum(case when log_entry_type = 'annotate_log_entry' then 1 else 0 end) as annotation_count

    from log_entries
    group by incident_id

),

final as (

    select
        counted.incident_id,
        counted.first_triggered_at,
        first_acknowledgements.first_acknowledged_at,
        first_acknowledgements.first_acknowledged_by_id,
        first_acknowledgements.first_acknowledged_by_type,
        last_resolutions.last_resolved_at,
        last_resolutions.resolved_by_id,
        last_resolutions.resolved_by_type,
        counted.log_entry_count,
        counted.notification_count,
        counted.escalation_count,
        counted.acknowledgement_count,
        counted.assignment_count,
        counted.annotation_count

    from counted
    left join first_acknowledgements
        on counted.incident_id = first_acknowledgements.incident_id
    left join last_resolutions
        on counted.incident_id = last_resolutions.incident_id

)

select * from final
