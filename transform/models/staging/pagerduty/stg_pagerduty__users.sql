with

source as (

    select * from {{ source('pagerduty', 'users') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'pagerduty', 'users', 'id') }},

renamed as (

    select
        id as user_id,
        name as user_name,
        email,
        time_zone,
        role as account_role,
        job_title,
        description as user_description,
        {{ json_text('license', 'id') }} as license_id,
        coalesce(invitation_sent, false) as is_invitation_pending,
        coalesce(created_via_sso, false) as is_created_via_sso,
        {{ json_array_length('contact_methods') }} as contact_method_count,
        html_url,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
