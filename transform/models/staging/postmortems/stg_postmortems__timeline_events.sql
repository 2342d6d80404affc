with

current_rows as (

    {{ current_revision_rows(source('postmortems', 'timeline_events'), source('postmortems', 'postmortems')) }}

),

renamed as (

    select
        {{ surrogate_key(['document_id', 'position']) }} as timeline_event_id,
        document_id as postmortem_id,
        cast(position as integer) as position_in_document,
        {{ to_timestamp('occurred_at') }} as occurred_at,
        time_text as time_as_written,
        text as event_description,
        actor,
        {{ to_timestamp('modified_time') }} as document_modified_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from current_rows

)

select * from renamed
