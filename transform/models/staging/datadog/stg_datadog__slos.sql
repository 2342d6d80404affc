with

source as (

    select * from {{ source('datadog', 'slos') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as slo_id,
        name as slo_name,
        description as slo_description,
        type as slo_type,
        {{ tag_value('tags', 'service') }} as service_slug,
        {{ tag_value('tags', 'team') }} as team_slug,
        {{ tag_value('tags', 'env') }} as environment,
        -- Target and warning of the primary timeframe, in percent (99.9 = 99.9 %).
        cast(target_threshold as {{ dbt.type_float() }}) as target_percent,
        cast(warning_threshold as {{ dbt.type_float() }}) as warning_percent,
        cast(100 - target_threshold as {{ dbt.type_float() }}) as error_budget_percent,
        timeframe,
        case timeframe
            when '7d' then 7
            when '30d' then 30
            when '90d' then 90
        end as timeframe_days,
        {{ json_array_length('thresholds') }} as threshold_count,
        {{ json_array_length('monitor_ids') }} as monitor_count,
        {{ json_text('query', 'numerator') }} as numerator_query,
        {{ json_text('query', 'denominator') }} as denominator_query,
        {{ json_text('creator', 'email') }} as creator_email,
        -- The SLO API sends these times as epoch seconds.
        {{ epoch_to_timestamp('created_at') }} as created_at,
        {{ epoch_to_timestamp('modified_at') }} as updated_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
