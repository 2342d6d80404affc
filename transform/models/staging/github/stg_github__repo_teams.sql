with

source as (

    select * from {{ source('github', 'repo_teams') }}

),

latest as (

    {{ latest_records('source', ['repository_id', 'team_id']) }}

),

renamed as (

    select
        repository_id,
        team_id,
        organization as organization_login,
        repository as repository_full_name,
        team_slug,
        permission,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
