with

source as (

    select * from {{ source('datadog', 'synthetics_results') }}

),

latest as (

    {{ latest_records('source', ['result_id']) }}

),

renamed as (

    select
        result_id as synthetics_result_id,
        public_id as synthetics_test_id,
        test_type,
        probe_dc as location,
        -- Monitor status of the run: 0 not triggered, 1 triggered, 2 no data.
        status as monitor_status,
        -- Tap-derived: the API test's `result.passed`; a browser run passes without errors.
        coalesce(passed, false) as is_passed,
        -- Milliseconds: API tests report timings, browser tests a run duration.
        cast(
            coalesce({{ json_text('result', 'timings', 'total') }}, {{ json_text('result', 'duration') }})
            as {{ dbt.type_float() }}
        ) as duration_ms,
        cast({{ json_text('result', 'timings', 'dns') }} as {{ dbt.type_float() }}) as dns_ms,
        cast({{ json_text('result', 'timings', 'tcp') }} as {{ dbt.type_float() }}) as tcp_ms,
        cast({{ json_text('result', 'timings', 'ssl') }} as {{ dbt.type_float() }}) as ssl_ms,
        cast({{ json_text('result', 'timings', 'wait') }} as {{ dbt.type_float() }}) as time_to_first_byte_ms,
        cast({{ json_text('result', 'timings', 'download') }} as {{ dbt.type_float() }}) as download_ms,
        cast({{ json_text('result', 'errorCount') }} as {{ dbt.type_int() }}) as error_count,
        cast({{ json_text('result', 'stepCountCompleted') }} as {{ dbt.type_int() }}) as completed_step_count,
        cast({{ json_text('result', 'stepCountTotal') }} as {{ dbt.type_int() }}) as step_count,
        {{ json_text('result', 'device', 'id') }} as device_id,
        -- Tap-derived from check_time (epoch milliseconds), millisecond precision.
        {{ to_timestamp('checked_at') }} as checked_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
