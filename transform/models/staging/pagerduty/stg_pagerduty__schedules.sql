with

source as (

    select * from {{ source('pagerduty', 'schedules') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as schedule_id,
        name as schedule_name,
        description as schedule_description,
        time_zone,
        {{ json_array_length('users') }} as user_count,
        html_url,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
