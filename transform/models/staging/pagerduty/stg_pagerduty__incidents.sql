with

source as (

    select * from {{ source('pagerduty', 'incidents') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as incident_id,
        incident_number,
        title as incident_title,
        description as incident_description,
        status as incident_status,
        urgency,
        incident_key,
        {{ json_text('service', 'id') }} as service_id,
        -- The reference's summary is the service name when the incident was read: kept for
        -- incidents of services that were since deleted.
        {{ json_text('service', 'summary') }} as service_name,
        {{ json_text('escalation_policy', 'id') }} as escalation_policy_id,
        {{ json_text('priority', 'id') }} as priority_id,
        {{ json_text('priority', 'summary') }} as priority_name,
        {{ json_text('incident_type', 'name') }} as incident_type_name,
        {{ json_text('last_status_change_by', 'id') }} as last_status_change_by_id,
        {{ json_text('last_status_change_by', 'type') }} as last_status_change_by_type,
        {{ json_text('resolve_reason', 'type') }} as resolve_reason_type,
        -- Merged into another incident (its alerts moved there): not an incident of its own.
        coalesce({{ json_text('resolve_reason', 'type') }} = 'merge_resolve_reason', false) as is_merged,
        case
            when {{ json_text('resolve_reason', 'type') }} = 'merge_resolve_reason'
                then {{ json_text('resolve_reason', 'incident', 'id') }}
        end as merged_into_incident_id,
        assigned_via,
        cast({{ json_text('alert_counts', 'all') }} as {{ dbt.type_int() }}) as alert_count,
        {{ json_array_length('teams') }} as team_count,
        coalesce(status = 'resolved', false) as is_resolved,
        coalesce(is_mergeable, false) as is_mergeable,
        html_url,
        -- PagerDuty's created_at is the trigger time.
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('last_status_change_at') }} as last_status_change_at,
        {{ to_timestamp('resolved_at') }} as resolved_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
