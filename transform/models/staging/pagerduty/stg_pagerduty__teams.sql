with

source as (

    select * from {{ source('pagerduty', 'teams') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'pagerduty', 'teams', 'id') }},

renamed as (

    select
        id as team_id,
        name as team_name,
        description as team_description,
        {{ json_text('parent', 'id') }} as parent_team_id,
        default_role,
        html_url,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
