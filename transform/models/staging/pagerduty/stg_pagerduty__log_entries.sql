{{ incremental_events('log_entry_id') }}

with

source as (

    select * from {{ source('pagerduty', 'log_entries') }}

),

latest as (

    {{ latest_records('source', ['id'], where=loaded_since_last_run(
        '_sdc_batched_at', built_key={'log_entry_id': 'source.id'}, relation='source'
    )) }}

),

renamed as (

    select
        id as log_entry_id,
        type as log_entry_type,
        summary as log_entry_summary,
        {{ json_text('incident', 'id') }} as incident_id,
        {{ json_text('service', 'id') }} as service_id,
        -- Who or what caused the entry: a user, a service (integration) or PagerDuty itself.
        {{ json_text('agent', 'id') }} as agent_id,
        {{ json_text('agent', 'type') }} as agent_type,
        {{ json_text('agent', 'summary') }} as agent_name,
        -- The user notified (notify entries only).
        {{ json_text(adapter.quote('user'), 'id') }} as user_id,
        {{ json_text('notification', 'type') }} as notification_type,
        {{ json_text('channel', 'type') }} as channel_type,
        {{ json_text('escalation_policy', 'id') }} as escalation_policy_id,
        acknowledgement_timeout as acknowledgement_timeout_seconds,
        note,
        html_url,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
