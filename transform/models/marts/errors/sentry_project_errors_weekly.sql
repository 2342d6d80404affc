-- Application errors per Sentry project per UTC week (weeks start on Monday): issues first
-- seen, regressed and resolved, events loaded, and how long resolved issues had been open.
-- Definitions: docs/metrics.md, "Errors".

-- Keeps the weeks whose raw rows retention purged (docs/retention.md).
{{ keeps_history('week_start', period='week') }}

-- The facts (a view over every loaded event) are read by name in each CTE that needs them: a
-- CTE of them read twice is materialised whole by Postgres, a million events on the bench
-- world, where the resolution times need only the resolutions (the view's `fact` filter
-- reaches its union's branches).

with

projects as (

    select * from {{ ref('stg_sentry__projects') }}

),

counts as (

    select
        project_id,
        cast({{ dbt.date_trunc('week', 'occurred_at') }} as date) as week_start,
        count(distinct case when fact = 'new' then issue_id end) as new_issues,
        count(distinct case when fact = 'regressed' then issue_id end) as regressed_issues,
        count(distinct case when fact = 'resolved' then issue_id end) as resolved_issues,
        sum(case when fact = 'event' then 1 else 0 end) as events
    from {{ ref('int_sentry_issue_lifecycle_unioned') }}
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
        counts.new_issues,
        counts.regressed_issues,
        counts.resolved_issues,
        counts.events,
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
