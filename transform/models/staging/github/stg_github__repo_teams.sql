with

source as (

    select * from {{ source('github', 'repo_teams') }}

),

latest as (

    {{ latest_records('source', ['repository_id', 'team_id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'github', 'repo_teams', ['repository_id', 'team_id']) }},

renamed as (

    select
        repository_id,
        team_id,
        organization as organization_login,
        repository as repository_full_name,
        team_slug,
        permission,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = {{ inventory_key('latest', ['repository_id', 'team_id']) }}

)

select * from renamed
