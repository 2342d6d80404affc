with

source as (

    select * from {{ source('pagerduty', 'users') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

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
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
