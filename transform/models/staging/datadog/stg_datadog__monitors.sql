-- The monitor's state and when it changed, which move with every transition, are in
-- stg_datadog__monitor_states: the frequent build rebuilds this table, and the catalogue on it,
-- only when what it reads changed (docs/architecture.md, "The frequent build ignores re-sent
-- unchanged inventories").

with

source as (

    select * from {{ source('datadog', 'monitors') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'datadog', 'monitors', 'id') }},

renamed as (

    select
        id as monitor_id,
        name as monitor_name,
        type as monitor_type,
        query as monitor_query,
        message as monitor_message,
        org_id as organization_id,
        -- Ownership comes from the monitor's tags (`service:<slug>`, `team:<slug>`, `env:<name>`).
        {{ tag_value('tags', 'service') }} as service_slug,
        {{ tag_value('tags', 'team') }} as team_slug,
        {{ tag_value('tags', 'env') }} as environment,
        priority as monitor_priority,
        cast({{ json_text('options', 'thresholds', 'critical') }} as {{ dbt.type_float() }}) as critical_threshold,
        cast({{ json_text('options', 'thresholds', 'warning') }} as {{ dbt.type_float() }}) as warning_threshold,
        cast({{ json_text('options', 'renotify_interval') }} as {{ dbt.type_int() }}) as renotify_interval_minutes,
        cast({{ json_text('options', 'no_data_timeframe') }} as {{ dbt.type_int() }}) as no_data_timeframe_minutes,
        -- JSON booleans come out as the text 'true'/'false' (Redshift cannot cast text to boolean).
        coalesce({{ json_text('options', 'notify_no_data') }} = 'true', false) as is_notifying_on_no_data,
        coalesce(multi, false) as is_multi_alert,
        {{ json_array_length('notification_targets') }} as notification_target_count,
        {{ json_text('creator', 'email') }} as creator_email,
        {{ to_timestamp('created') }} as created_at,
        {{ to_timestamp('modified') }} as updated_at,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id
    -- Datadog's own soft delete: a monitor listed with `deleted` set no longer exists.
    where deleted is null

)

select * from renamed
