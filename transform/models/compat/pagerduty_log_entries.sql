-- PagerDuty log entries: each incident's lifecycle (the original PagerDutyLogEntries).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__log_entries') }}

)

select
    log_entry_id,
    log_entry_type,
    log_entry_summary,
    incident_id,
    service_id,
    agent_id,
    agent_type,
    agent_name,
    user_id,
    notification_type,
    channel_type,
    escalation_policy_id,
    acknowledgement_timeout_seconds,
    note,
    html_url,
    created_at,
    loaded_at
from source_rows
