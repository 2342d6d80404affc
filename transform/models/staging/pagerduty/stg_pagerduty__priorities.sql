with

source as (

    select * from {{ source('pagerduty', 'priorities') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as priority_id,
        name as priority_name,
        description as priority_description,
        -- `order` is a reserved word: quoted on both warehouses.
        {{ adapter.quote('order') }} as priority_order,
        color as priority_color,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
