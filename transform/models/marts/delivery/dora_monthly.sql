-- The four DORA measures per service and UTC month, with DORA's performance bands:
-- deployment frequency, lead time for changes, change failure rate and failed-deployment
-- recovery time. Every month from a service's first deployment (or shipped change) to the
-- current month is a row, months without a deployment included (deployment frequency 'low');
-- the current month is partial and its rates are over the time elapsed so far.
-- Definitions and thresholds: docs/metrics.md, "DORA".

{%- set as_of = var('dora_as_of', none) %}

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('month_start') }}

with

deployments as (

    select * from {{ ref('int_github_deployments_joined_to_incidents') }}

),


lead_times as (

    select
        components.service_key,
        cast({{ dbt.date_trunc('month', 'changes.deployed_at') }} as date) as month_start,
        changes.lead_time_seconds
    from {{ ref('int_github_pull_requests_joined_to_deployments') }} as changes
    {{ join_service_catalogue('github', 'repository', 'changes.repository_id', alias='components', join='inner') }}
    where changes.deployed_at is not null

),

deployment_counts as (

    select
        service_key,
        cast({{ dbt.date_trunc('month', 'succeeded_at') }} as date) as month_start,
        count(*) as deployments,
        sum(case when is_change_failure then 1 else 0 end) as change_failures
    from deployments
    group by 1, 2

),

recoveries as (

    select
        service_key,
        cast({{ dbt.date_trunc('month', 'succeeded_at') }} as date) as month_start,
        {{ round_seconds(mean('recovery_seconds')) }} as mean_recovery_seconds,
        {{ round_seconds(percentile_cont('recovery_seconds', 0.5)) }} as median_recovery_seconds
    from deployments
    where is_change_failure and recovery_seconds is not null
    group by 1, 2

),

lead_time_stats as (

    select
        service_key,
        month_start,
        count(*) as changes,
        {{ round_seconds(mean('lead_time_seconds')) }} as mean_lead_time_seconds,
        {{ round_seconds(percentile_cont('lead_time_seconds', 0.5)) }} as median_lead_time_seconds,
        {{ round_seconds(percentile_cont('lead_time_seconds', 0.9)) }} as p90_lead_time_seconds
    from lead_times
    group by 1, 2

),

as_of as (

    -- The end of the measured time: dbt var `dora_as_of`, else the latest sync of deployments
    -- (the data is complete up to then; the month it falls in is partial).
    select
        {%- if as_of %}
        coalesce(cast('{{ as_of }}' as {{ dbt.type_timestamp() }}), max(loaded_at)) as as_of_at
        {%- else %}
        max(loaded_at) as as_of_at
        {%- endif %}
    from {{ ref('stg_github__deployments') }}

),

first_months as (

    select service_key, min(month_start) as first_month
    from (
        select service_key, month_start from deployment_counts
        union all
        select service_key, month_start from lead_time_stats
    ) as active
    group by 1

),

month_offsets as (

    {{ numbers(3) }}

),

-- The month spine: every month from the service's first to the as-of month.
months as (

    select
        first_months.service_key,
        cast({{ dbt.dateadd('month', 'month_offsets.n', 'first_months.first_month') }} as date) as month_start,
        as_of.as_of_at
    from first_months
    cross join as_of
    inner join month_offsets
        on month_offsets.n <= {{ dbt.datediff(
            'first_months.first_month',
            'cast(' ~ dbt.date_trunc('month', 'as_of.as_of_at') ~ ' as date)',
            'month'
        ) }}
    -- An as-of time at midnight on the 1st measures nothing of that month.
    where {{ dbt.dateadd('month', 'month_offsets.n', 'first_months.first_month') }} < as_of.as_of_at

),

measured as (

    select
        months.service_key,
        months.month_start,
        {{ dbt.datediff('months.month_start', dbt.dateadd('month', 1, 'months.month_start'), 'day') }}
            as days_in_month,
        -- The current month is partial: measured up to the as-of time, in days.
        {{ dbt.dateadd('month', 1, 'months.month_start') }} > months.as_of_at as is_partial_month,
        case
            when {{ dbt.dateadd('month', 1, 'months.month_start') }} > months.as_of_at
                then {{ dbt.datediff('months.month_start', 'months.as_of_at', 'second') }} / 86400.0
            else {{ dbt.datediff('months.month_start', dbt.dateadd('month', 1, 'months.month_start'), 'day') }}
        end as days_measured,
        coalesce(deployment_counts.deployments, 0) as deployments,
        coalesce(deployment_counts.change_failures, 0) as change_failures,
        coalesce(lead_time_stats.changes, 0) as changes,
        lead_time_stats.mean_lead_time_seconds,
        lead_time_stats.median_lead_time_seconds,
        lead_time_stats.p90_lead_time_seconds,
        recoveries.mean_recovery_seconds,
        recoveries.median_recovery_seconds
    from months
    left join deployment_counts
        on deployment_counts.service_key = months.service_key
        and deployment_counts.month_start = months.month_start
    left join lead_time_stats
        on lead_time_stats.service_key = months.service_key
        and lead_time_stats.month_start = months.month_start
    left join recoveries
        on recoveries.service_key = months.service_key
        and recoveries.month_start = months.month_start

),

final as (

    select
        {{ surrogate_key(['service_key', 'month_start']) }} as service_month_id,
        service_key,
        month_start,
        days_in_month,
        is_partial_month,
        {{ round_float('days_measured', 2) }} as days_measured,
        deployments,
        change_failures,
        changes,
        mean_lead_time_seconds,
        median_lead_time_seconds,
        p90_lead_time_seconds,
        mean_recovery_seconds,
        median_recovery_seconds,
        {{ round_float('7.0 * deployments / nullif(days_measured, 0)', 2) }} as deployments_per_week,
        {{ round_float('cast(change_failures as ' ~ dbt.type_float() ~ ') / nullif(deployments, 0)', 4) }}
            as change_failure_rate,
        -- Over the days measured (a partial month so far); a partial month without a
        -- deployment yet has no band: it may still reach 'medium'.
        case
            when days_measured <= 0 then null
            when deployments >= days_measured then 'elite'
            when deployments * 7 >= days_measured then 'high'
            when deployments >= 1 then 'medium'
            when is_partial_month then null
            else 'low'
        end as deployment_frequency_band,
        case
            when median_lead_time_seconds is null then null
            when median_lead_time_seconds < 86400 then 'elite'
            when median_lead_time_seconds < 7 * 86400 then 'high'
            when median_lead_time_seconds < 30 * 86400 then 'medium'
            else 'low'
        end as lead_time_band,
        case
            when deployments = 0 then null
            when change_failures <= 0.05 * deployments then 'elite'
            when change_failures <= 0.10 * deployments then 'high'
            when change_failures <= 0.15 * deployments then 'medium'
            else 'low'
        end as change_failure_rate_band,
        case
            when median_recovery_seconds is null then null
            when median_recovery_seconds < 3600 then 'elite'
            when median_recovery_seconds < 86400 then 'high'
            when median_recovery_seconds < 7 * 86400 then 'medium'
            else 'low'
        end as recovery_time_band
    from measured

)

select * from final
where {{ history_recomputed('month_start') }}
