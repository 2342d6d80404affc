with

source as (

    select * from {{ source('datadog', 'incidents') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as incident_id,
        public_id as incident_number,
        title as incident_title,
        severity,
        -- SEV-1 is the highest; UNKNOWN (not yet assessed) has no rank.
        case severity
            when 'SEV-1' then 1
            when 'SEV-2' then 2
            when 'SEV-3' then 3
            when 'SEV-4' then 4
            when 'SEV-5' then 5
        end as severity_rank,
        state as incident_state,
        coalesce(state in ('resolved', 'completed'), false) as is_resolved,
        -- Service and team come from the incident's `services` / `teams` fields (lists of slugs,
        -- the first one listed is kept; a field set to a single string is read as is).
        coalesce(
            {{ json_array_element_text('fields', ['services', 'value'], 0) }},
            case when {{ json_path_array_length('fields', ['services', 'value']) }} is null
                then {{ json_text('fields', 'services', 'value') }} end
        ) as service_slug,
        coalesce(
            {{ json_array_element_text('fields', ['teams', 'value'], 0) }},
            case when {{ json_path_array_length('fields', ['teams', 'value']) }} is null
                then {{ json_text('fields', 'teams', 'value') }} end
        ) as team_slug,
        {{ json_path_array_length('fields', ['services', 'value']) }} as service_count,
        {{ json_path_array_length('fields', ['teams', 'value']) }} as team_count,
        {{ json_text('fields', 'detection_method', 'value') }} as detection_method,
        {{ json_text('fields', 'root_cause', 'value') }} as root_cause,
        coalesce(customer_impacted, false) as is_customer_impacted,
        customer_impact_scope,
        visibility,
        coalesce(is_test, false) as is_test,
        incident_type_uuid as incident_type_id,
        declared_by_uuid as declared_by_user_id,
        {{ json_text('relationships', 'commander_user', 'data', 'id') }} as commander_user_id,
        {{ json_text('relationships', 'created_by_user', 'data', 'id') }} as created_by_user_id,
        {{ json_text('relationships', 'last_modified_by_user', 'data', 'id') }} as last_modified_by_user_id,
        {{ json_path_array_length('relationships', ['responders', 'data']) }} as responder_count,
        {{ json_array_length('notification_handles') }} as notification_handle_count,
        -- Datadog's own durations, in seconds. Datadog reports 0 for a step not reached yet
        -- (no customer impact, impact or incident not over): those are null here.
        case when customer_impact_start is not null then time_to_detect end as time_to_detect_seconds,
        time_to_internal_response as time_to_internal_response_seconds,
        case when customer_impact_end is not null then time_to_repair end as time_to_repair_seconds,
        case when resolved is not null then time_to_resolve end as time_to_resolve_seconds,
        -- While the impact lasts, Datadog counts it up to the time the incident was read.
        case when customer_impact_start is not null then customer_impact_duration end as customer_impact_duration_seconds,
        {{ to_timestamp('customer_impact_start') }} as customer_impact_started_at,
        {{ to_timestamp('customer_impact_end') }} as customer_impact_ended_at,
        {{ to_timestamp('created') }} as created_at,
        {{ to_timestamp('detected') }} as detected_at,
        {{ to_timestamp('declared') }} as declared_at,
        {{ to_timestamp('resolved') }} as resolved_at,
        {{ to_timestamp('archived') }} as archived_at,
        {{ to_timestamp('modified') }} as updated_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
