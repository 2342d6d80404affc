with

source as (

    select * from {{ source('pagerduty', 'team_members') }}

),

latest as (

    {{ latest_records('source', ['team_id', 'user_id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'pagerduty', 'team_members', ['team_id', 'user_id']) }},

renamed as (

    select
        {{ surrogate_key(['team_id', 'user_id']) }} as team_member_id,
        team_id,
        user_id,
        {{ json_text(adapter.quote('user'), 'summary') }} as user_name,
        role as team_role,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = {{ inventory_key('latest', ['team_id', 'user_id']) }}

)

select * from renamed
