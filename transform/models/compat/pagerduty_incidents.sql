-- PagerDuty incidents with their service's catalogue key (the original PagerDutyIncidents).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__incidents') }}

)

select
    source_rows.incident_id,
    source_rows.incident_number,
    source_rows.incident_title,
    source_rows.incident_description,
    source_rows.incident_status,
    source_rows.urgency,
    source_rows.incident_key,
    source_rows.service_id,
    source_rows.service_name,
    source_rows.escalation_policy_id,
    source_rows.priority_id,
    source_rows.priority_name,
    source_rows.incident_type_name,
    source_rows.last_status_change_by_id,
    source_rows.last_status_change_by_type,
    source_rows.resolve_reason_type,
    source_rows.is_merged,
    source_rows.merged_into_incident_id,
    source_rows.assigned_via,
    source_rows.alert_count,
    source_rows.team_count,
    source_rows.is_resolved,
    source_rows.is_mergeable,
    source_rows.html_url,
    source_rows.created_at,
    source_rows.updated_at,
    source_rows.last_status_change_at,
    source_rows.resolved_at,
    source_rows.loaded_at,
    catalogue.service_key
from source_rows
{{ join_service_catalogue('pagerduty', 'service', 'source_rows.service_id') }}
