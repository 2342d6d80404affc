-- PagerDuty services with their catalogue key (the original PagerDutyServices).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__services') }}

),

-- Status and last incident: a table of their own, rebuilt with every incident.
states as (

    select * from {{ ref('stg_pagerduty__service_states') }}

)

select
    source_rows.service_id,
    source_rows.service_name,
    source_rows.service_description,
    states.service_status,
    source_rows.escalation_policy_id,
    source_rows.auto_resolve_timeout_seconds,
    source_rows.acknowledgement_timeout_seconds,
    source_rows.alert_creation,
    source_rows.alert_grouping_type,
    states.is_disabled,
    source_rows.html_url,
    source_rows.created_at,
    source_rows.updated_at,
    states.last_incident_at,
    source_rows.is_deleted,
    source_rows.deleted_at,
    source_rows.last_seen_at,
    source_rows.loaded_at,
    catalogue.service_key
from source_rows
left join states
    on states.service_id = source_rows.service_id
{{ join_service_catalogue('pagerduty', 'service', 'source_rows.service_id') }}
