with

source as (

    select * from {{ source('sentry', 'project_teams') }}

),

latest as (

    {{ latest_records('source', ['project_id', 'team_id']) }}

),

renamed as (

    select
        {{ surrogate_key(['project_id', 'team_id']) }} as project_team_id,
        project_id,
        team_id,
        organization as organization_slug,
        project_slug,
        team_slug,
        team_name,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
