-- Application errors per Sentry project per UTC week (weeks start on Monday): issues first
-- seen, regressed and resolved, events loaded, and how long resolved issues had been open.
-- Definitions: docs/metrics.md, "Errors".

-- Keeps the weeks whose raw rows retention purged (docs/retention.md).
{{ keeps_history('week_start', period='week') }}

-- The facts (a view over every loaded event) are read by name in each CTE that needs them: a
-- CTE of them read twice is materialised whole by Postgres, a million events on the bench
-- world, where the resolution times need only the resolutions (the view's `fact` filter
-- reaches its union's branches). The events are not read from it: their counts per project
-- and day (int_sentry_issue_events_counted_to_days, incremental) are summed to weeks, a few
-- thousand rows where every build read every event.

with

projects as (

    select * from {{ ref('stg_sentry__projects') }}

),

counts as (

    -- A week with issue facts or events (or both), as when both came from the facts.
    select
        project_id,
        period_start as week_start,
        sum(new_issues) as new_issues,
        sum(regressed_issues) as regressed_issues,
        sum(resolved_issues) as resolved_issues,
        sum(events) as events
    from ({{ sentry_error_counts('week') }}) as error_counts
    group by 1, 2

),

resolution_times as (

    select
        project_id,
        cast({{ dbt.date_trunc('week', 'occurred_at') }} as date) as week_start,
        {{ round_seconds(mean('seconds_to_resolve')) }} as mean_seconds_to_resolve,
        {{ round_seconds(percentile_cont('seconds_to_resolve', 0.5)) }} as median_seconds_to_resolve,
        {{ round_seconds(percentile_cont('seconds_to_resolve', 0.9)) }} as p90_seconds_to_resolve
    from {{ ref('int_sentry_issue_lifecycle_unioned') }}
    where fact = 'resolved'
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['counts.project_id', 'counts.week_start']) }} as project_week_id,
        counts.project_id,
        projects.project_slug,
        counts.week_start,
        cast(counts.new_issues as {{ dbt.type_bigint() }}) as new_issues,
        cast(counts.regressed_issues as {{ dbt.type_bigint() }}) as regressed_issues,
        cast(counts.resolved_issues as {{ dbt.type_bigint() }}) as resolved_issues,
        cast(counts.events as {{ dbt.type_bigint() }}) as events,
        resolution_times.mean_seconds_to_resolve,
        resolution_times.median_seconds_to_resolve,
        resolution_times.p90_seconds_to_resolve
    from counts
    left join projects
        on projects.project_id = counts.project_id
    left join resolution_times
        on resolution_times.project_id = counts.project_id
        and resolution_times.week_start = counts.week_start

)

select * from final
where {{ history_recomputed('week_start', period='week') }}
