with

current_rows as (

    {{ current_revision_rows(source('postmortems', 'action_items'), source('postmortems', 'postmortems')) }}

),

renamed as (

    select
        {{ surrogate_key(['document_id', 'position']) }} as action_item_id,
        document_id as postmortem_id,
        cast(position as integer) as position_in_document,
        text as action_description,
        owner as owner_name,
        cast(due_date as date) as due_date,
        ticket as ticket_key,
        ticket_url,
        status as action_status,
        status = 'done' as is_done,
        {{ to_timestamp('modified_time') }} as document_modified_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from current_rows

)

select * from renamed
