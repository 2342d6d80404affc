with

source as (

    select * from {{ source('github', 'repo_hooks') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'github', 'repo_hooks', 'id') }},

renamed as (

    select
        id as hook_id,
        organization as organization_login,
        repository_id,
        repository as repository_full_name,
        name as hook_name,
        active as is_active,
        -- A count, not the list: dbt unit tests cannot mock array columns (dbt-postgres#29);
        -- the list stays in the raw table.
        coalesce({{ json_array_length('events') }}, 0) as event_count,
        url_scheme,
        url_host,
        content_type,
        insecure_ssl,
        has_secret,
        last_response_code,
        last_response_status,
        last_response_message,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
