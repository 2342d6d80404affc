with

source as (

    select * from {{ source('sentry', 'teams') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'sentry', 'teams', 'id') }},

renamed as (

    select
        id as team_id,
        organization as organization_slug,
        slug as team_slug,
        name as team_name,
        {{ adapter.quote('memberCount') }} as member_count,
        -- Flags arrive as JSON booleans: compared as text (Redshift cannot cast text to boolean).
        coalesce({{ json_text('flags', 'idp:provisioned') }} = 'true', false) as is_idp_provisioned,
        coalesce({{ adapter.quote('isMember') }}, false) as is_member,
        coalesce({{ adapter.quote('hasAccess') }}, false) as has_access,
        coalesce({{ adapter.quote('isPending') }}, false) as is_pending,
        {{ to_timestamp(adapter.quote('dateCreated')) }} as created_at,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
