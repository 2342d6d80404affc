-- One row per (SLO, UTC day), computed by the tap from Datadog's SLO history: the day's SLI,
-- its good/total events (metric SLOs) or up/total seconds (monitor SLOs), and the error budget
-- the day left. The current day is partial until the next sync re-reads it.

-- Indexed by SLO and day too: the SLO calendar reads the days it fills by them.
{{ incremental_events('slo_history_id', lookups=[['slo_id', 'sli_date']]) }}

with

source as (

    select * from {{ source('datadog', 'slo_history') }}

),

latest as (

    {{ latest_records('source', ['slo_id', 'date'], where=loaded_since_last_run(
        '_sdc_batched_at',
        built_key={'slo_history_id': surrogate_key(['source.slo_id', 'source.date'])},
        relation='source',
    )) }}

),

renamed as (

    select
        {{ surrogate_key(['slo_id', 'date']) }} as slo_history_id,
        slo_id,
        cast(date as date) as sli_date,
        slo_type,
        cast(sli_value as {{ dbt.type_float() }}) as sli_percent,
        cast(good_events as {{ dbt.type_float() }}) as good_events,
        cast(total_events as {{ dbt.type_float() }}) as total_events,
        cast(uptime_seconds as {{ dbt.type_float() }}) as uptime_seconds,
        cast(total_seconds as {{ dbt.type_float() }}) as total_seconds,
        cast(target as {{ dbt.type_float() }}) as target_percent,
        timeframe,
        -- Datadog's formula, per day: (sli - target) / (100 - target) * 100; negative when the
        -- day burned more than its share of the budget.
        cast(error_budget_remaining as {{ dbt.type_float() }}) as error_budget_remaining_percent,
        coalesce(sli_value < target, false) as is_below_target,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
