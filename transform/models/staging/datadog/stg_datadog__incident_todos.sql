with

source as (

    select * from {{ source('datadog', 'incident_todos') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as incident_todo_id,
        incident_id,
        content as todo_content,
        -- Assignees are `@handle` strings or user objects.
        {{ json_array_length('assignees') }} as assignee_count,
        completed is not null as is_completed,
        cast(nullif(due_date, '') as date) as due_date,
        {{ json_text('relationships', 'created_by_user', 'data', 'id') }} as created_by_user_id,
        {{ json_text('relationships', 'last_modified_by_user', 'data', 'id') }} as last_modified_by_user_id,
        {{ to_timestamp('created') }} as created_at,
        {{ to_timestamp('modified') }} as updated_at,
        {{ to_timestamp('completed') }} as completed_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
