with

current_rows as (

    {{ current_revision_rows(source('postmortems', 'root_causes'), source('postmortems', 'postmortems')) }}

),

renamed as (

    select
        {{ surrogate_key(['document_id', 'position']) }} as root_cause_id,
        document_id as postmortem_id,
        cast(position as integer) as position_in_document,
        text as root_cause,
        {{ to_timestamp('modified_time') }} as document_modified_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from current_rows

)

select * from renamed
