with

source as (

    select * from {{ source('github', 'teams') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'github', 'teams', 'id') }},

renamed as (

    select
        id as team_id,
        organization as organization_login,
        node_id as team_node_id,
        slug,
        name as team_name,
        description as team_description,
        privacy,
        notification_setting,
        parent_id,
        parent_slug,
        html_url,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
