with

current_rows as (

    {{ current_revision_rows(source('postmortems', 'affected_products'), source('postmortems', 'postmortems')) }}

),

renamed as (

    select
        {{ surrogate_key(['document_id', 'position']) }} as affected_product_id,
        document_id as postmortem_id,
        cast(position as integer) as position_in_document,
        entity_name,
        product as product_name,
        {{ to_timestamp('modified_time') }} as document_modified_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from current_rows

)

select * from renamed
