{{ incremental_events('monitor_event_id') }}

with

source as (

    select * from {{ source('datadog', 'monitor_events') }}

),

latest as (

    {{ latest_records('source', ['id'], where=loaded_since_last_run(
        '_sdc_batched_at', built_key={'monitor_event_id': 'source.id'}, relation='source'
    )) }}

),

renamed as (

    select
        id as monitor_event_id,
        monitor_id,
        -- Tap-derived from the title: Triggered, Recovered, Warn, Re-Triggered, ...
        transition as event_transition,
        status as event_status,
        coalesce(status = 'success', false) as is_recovery,
        title as event_title,
        message as event_message,
        {{ tag_value('tags', 'service') }} as service_slug,
        {{ tag_value('tags', 'team') }} as team_slug,
        {{ tag_value('tags', 'env') }} as environment,
        -- The monitor's group status at the event: 0 OK, 1 warn, 2 alert, 3 no data.
        cast({{ json_text('attributes', 'monitor', 'group_status') }} as {{ dbt.type_int() }}) as monitor_group_status,
        {{ json_text('attributes', 'priority') }} as event_priority,
        {{ json_text('attributes', 'hostname') }} as hostname,
        -- The monitor group the transition is for (a multi-alert monitor alerts per group,
        -- e.g. per host): Datadog's `monitor_groups`, as JSON text ('' for a simple alert).
        coalesce({{ json_text('attributes', 'monitor_groups') }}, '') as monitor_group,
        {{ json_text('attributes', 'aggregation_key') }} as aggregation_key,
        -- Datadog sends the alert's duration in nanoseconds on recoveries (whole seconds here).
        cast(
            cast({{ json_text('attributes', 'duration') }} as {{ dbt.type_bigint() }}) / 1000000000
            as {{ dbt.type_bigint() }}
        ) as alert_duration_seconds,
        -- `timestamp` is a reserved word on Redshift: quoted on both warehouses.
        {{ to_timestamp(adapter.quote('timestamp')) }} as occurred_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
