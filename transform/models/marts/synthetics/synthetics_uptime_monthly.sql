-- Uptime of each Datadog synthetic test per UTC month, from its runs: the share of runs that
-- passed, and the share of check rounds (one tick of the test's interval, every location
-- running once) in which fewer locations failed than the test's alerting threshold.
-- Definitions: docs/metrics.md, "Synthetic-test uptime".

{%- set default_tick = var('synthetics_default_tick_seconds', 300) %}

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('month_start') }}

with

results as (

    select * from {{ ref('stg_datadog__synthetics_results') }}
    where checked_at is not null

),

tests as (

    select * from {{ ref('stg_datadog__synthetics_tests') }}

),


runs as (

    select
        results.synthetics_result_id,
        results.synthetics_test_id,
        results.location,
        results.is_passed,
        results.checked_at,
        coalesce(tests.check_interval_seconds, {{ default_tick }}) as tick_seconds,
        coalesce(tests.min_failed_location_count, 1) as min_failed_locations,
        -- The check round: the tick of the test's interval the run falls in (UTC, from the epoch).
        cast(floor(
            cast({{ dbt.datediff("cast('1970-01-01' as " ~ dbt.type_timestamp() ~ ")", 'results.checked_at', 'second') }}
                as {{ dbt.type_float() }})
            / coalesce(tests.check_interval_seconds, {{ default_tick }})
        ) as {{ dbt.type_bigint() }}) as round_number
    from results
    left join tests
        on tests.synthetics_test_id = results.synthetics_test_id

),

rounds as (

    select
        synthetics_test_id,
        round_number,
        max(tick_seconds) as tick_seconds,
        cast({{ dbt.date_trunc('month', 'min(checked_at)') }} as date) as month_start,
        count(distinct case when not is_passed then location end) as failed_locations,
        max(min_failed_locations) as min_failed_locations
    from runs
    group by 1, 2

),

round_counts as (

    select
        synthetics_test_id,
        month_start,
        count(*) as check_rounds,
        sum(case when failed_locations >= min_failed_locations then 1 else 0 end) as down_rounds,
        sum(case when failed_locations >= min_failed_locations then tick_seconds else 0 end)
            as estimated_downtime_seconds
    from rounds
    group by 1, 2

),

run_counts as (

    select
        synthetics_test_id,
        cast({{ dbt.date_trunc('month', 'checked_at') }} as date) as month_start,
        count(*) as runs,
        sum(case when is_passed then 1 else 0 end) as passed_runs,
        count(distinct location) as locations
    from runs
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['run_counts.synthetics_test_id', 'run_counts.month_start']) }} as test_month_id,
        run_counts.synthetics_test_id,
        tests.test_name,
        tests.test_type,
        components.service_key,
        run_counts.month_start,
        run_counts.locations,
        run_counts.runs,
        run_counts.passed_runs,
        run_counts.runs - run_counts.passed_runs as failed_runs,
        {{ round_float('100.0 * run_counts.passed_runs / run_counts.runs', 3) }} as run_success_percent,
        coalesce(round_counts.check_rounds, 0) as check_rounds,
        coalesce(round_counts.down_rounds, 0) as down_rounds,
        {{ round_float(
            '100.0 * (round_counts.check_rounds - round_counts.down_rounds) / nullif(round_counts.check_rounds, 0)', 3) }}
            as uptime_percent,
        coalesce(round_counts.estimated_downtime_seconds, 0) as estimated_downtime_seconds
    from run_counts
    left join round_counts
        on round_counts.synthetics_test_id = run_counts.synthetics_test_id
        and round_counts.month_start = run_counts.month_start
    left join tests
        on tests.synthetics_test_id = run_counts.synthetics_test_id
    {{ join_service_catalogue('datadog', 'synthetics_test', 'run_counts.synthetics_test_id', alias='components') }}

)

select * from final
where {{ history_recomputed('month_start') }}
