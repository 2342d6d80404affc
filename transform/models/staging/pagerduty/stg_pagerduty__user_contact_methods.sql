with

source as (

    select * from {{ source('pagerduty', 'user_contact_methods') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'pagerduty', 'user_contact_methods', 'id') }},

renamed as (

    select
        id as contact_method_id,
        user_id,
        type as contact_method_type,
        label as contact_method_label,
        address,
        country_code,
        device_type,
        coalesce(send_short_email, false) as is_short_email,
        coalesce(send_html_email, false) as is_html_email,
        coalesce(blacklisted, false) as is_blacklisted,
        -- PagerDuty only sends `enabled` for push methods; the others are always usable.
        coalesce(enabled, true) as is_enabled,
        {{ to_timestamp('created_at') }} as created_at,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
