with

source as (

    select * from {{ source('datadog', 'downtimes') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as downtime_id,
        message as downtime_message,
        -- Set when the downtime silences one monitor; otherwise monitors are matched by scope and tags.
        monitor_id,
        -- What is silenced comes from the scope (`service:<slug>`, `team:<slug>`).
        {{ tag_value('scope', 'service') }} as service_slug,
        {{ tag_value('scope', 'team') }} as team_slug,
        {{ json_array_length('scope') }} as scope_count,
        downtime_type,
        timezone as time_zone,
        {{ json_text('recurrence', 'type') }} as recurrence_type,
        cast({{ json_text('recurrence', 'period') }} as {{ dbt.type_int() }}) as recurrence_period,
        {{ json_text('recurrence', 'type') }} is not null as is_recurring,
        parent_id as parent_downtime_id,
        child_id as child_downtime_id,
        coalesce(active, false) as is_active,
        coalesce(disabled, false) as is_disabled,
        canceled is not null as is_canceled,
        coalesce(mute_first_recovery_notification, false) as is_first_recovery_muted,
        creator_id as created_by_user_id,
        updater_id as updated_by_user_id,
        -- Datadog sends these times as epoch seconds. `end` is reserved: quoted on both warehouses.
        {{ adapter.quote('end') }} - start as duration_seconds,
        {{ epoch_to_timestamp('start') }} as start_at,
        {{ epoch_to_timestamp(adapter.quote('end')) }} as end_at,
        {{ epoch_to_timestamp('canceled') }} as canceled_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
