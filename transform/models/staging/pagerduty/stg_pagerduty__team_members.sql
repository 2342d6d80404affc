with

source as (

    select * from {{ source('pagerduty', 'team_members') }}

),

latest as (

    {{ latest_records('source', ['team_id', 'user_id']) }}

),

renamed as (

    select
        {{ surrogate_key(['team_id', 'user_id']) }} as team_member_id,
        team_id,
        user_id,
        {{ json_text(adapter.quote('user'), 'summary') }} as user_name,
        role as team_role,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
