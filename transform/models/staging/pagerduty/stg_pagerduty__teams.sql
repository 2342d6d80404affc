with

source as (

    select * from {{ source('pagerduty', 'teams') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as team_id,
        name as team_name,
        description as team_description,
        {{ json_text('parent', 'id') }} as parent_team_id,
        default_role,
        html_url,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
