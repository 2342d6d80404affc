-- Datadog monitors with their catalogue key (the original DataDogMonitors).

with

source_rows as (

    select * from {{ ref('stg_datadog__monitors') }}

),

-- The state and when it changed: a table of their own, rebuilt with every transition.
states as (

    select * from {{ ref('stg_datadog__monitor_states') }}

)

select
    source_rows.monitor_id,
    source_rows.monitor_name,
    source_rows.monitor_type,
    source_rows.monitor_query,
    source_rows.monitor_message,
    source_rows.organization_id,
    source_rows.service_slug,
    source_rows.team_slug,
    source_rows.environment,
    states.overall_state,
    source_rows.monitor_priority,
    source_rows.critical_threshold,
    source_rows.warning_threshold,
    source_rows.renotify_interval_minutes,
    source_rows.no_data_timeframe_minutes,
    source_rows.is_notifying_on_no_data,
    source_rows.is_multi_alert,
    source_rows.notification_target_count,
    source_rows.creator_email,
    source_rows.created_at,
    source_rows.updated_at,
    states.overall_state_changed_at,
    source_rows.is_deleted,
    source_rows.deleted_at,
    source_rows.last_seen_at,
    source_rows.loaded_at,
    catalogue.service_key
from source_rows
left join states
    on states.monitor_id = source_rows.monitor_id
{{ join_service_catalogue('datadog', 'monitor', 'source_rows.monitor_id') }}
