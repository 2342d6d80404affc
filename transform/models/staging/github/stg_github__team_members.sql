with

source as (

    select * from {{ source('github', 'team_members') }}

),

latest as (

    {{ latest_records('source', ['team_id', 'user_id']) }}

),

renamed as (

    select
        team_id,
        user_id,
        organization as organization_login,
        team_slug,
        login,
        role,
        type,
        site_admin,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
