-- Sentry events loaded per project and UTC day: what the weekly errors mart (`events`) and the
-- scorecard (`sentry_events`) count, summed from days (macros/sentry_errors.sql) instead of
-- each reading every event through the lifecycle view. A table built whole: one grouping of
-- the events (0.3 s on the bench world's 736,000), read by both. Not incremental: an hourly
-- build would count again the project-days of the events loaded within the lookback, which
-- holds the whole last sync (a Sentry sync re-sends events over many days: 2,730 of 5,413
-- project-days, 212,408 events in a bench round), and recounting those took 0.8-5.7 s
-- against 0.3 s for all (bench/README.md, "`dbt.py`").
{{ config(materialized='table', post_hook='{{ analyze_built_table() }}') }}

select
    project_id,
    cast({{ dbt.date_trunc('day', 'created_at') }} as date) as event_date,
    count(*) as events,
    max(loaded_at) as loaded_at
from {{ ref('stg_sentry__issue_events') }}
group by 1, 2
