with

source as (

    select * from {{ source('github', 'teams') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

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
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
