-- Sentry events loaded per project and UTC day: what the weekly errors mart (`events`) and the
-- scorecard (`sentry_events`) count, summed from days instead of read event by event. Both
-- recompute every period still whole in raw each build (keeps_history), and reading every
-- event for it was most of their time; an hour of loads changes a few project-days.
-- Incremental: the project-days of the events loaded since the last build (less the
-- lookback) are counted again whole from staging, so a re-sent event (same id, new load)
-- is counted once. `loaded_at` is the newest load among the day's events: a full rebuild
-- gives the same, and its maximum is the events' watermark (every event has its day here).
-- Events are immutable at the source (a re-sent event keeps its project and time), so a day
-- is never left counting an event that moved away. Not purged with the raw rows (no
-- `event_time`): the marts reading it keep the purged periods as they were anyway
-- (docs/retention.md).
{%- set incremental = not should_full_refresh() and is_incremental() %}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['project_id', 'event_date'],
    on_schema_change='fail',
    indexes=[{'columns': ['project_id', 'event_date'], 'unique': True}, {'columns': ['loaded_at']}],
) }}

with

{%- if incremental %}

touched as (

    select distinct
        events.project_id,
        cast({{ dbt.date_trunc('day', 'events.created_at') }} as date) as event_date
    from {{ ref('stg_sentry__issue_events') }} as events
    where {{ loaded_since_last_run('loaded_at', relation='events') }}

),
{%- endif %}

counted as (

    select
        events.project_id,
        cast({{ dbt.date_trunc('day', 'events.created_at') }} as date) as event_date,
        count(*) as events,
        max(events.loaded_at) as loaded_at
    from {{ ref('stg_sentry__issue_events') }} as events
    {%- if incremental %}
    -- The day's range, not its truncated time: the staging index on (project_id, created_at).
    inner join touched
        on touched.project_id = events.project_id
        and events.created_at >= touched.event_date
        and events.created_at < {{ dbt.dateadd('day', 1, 'touched.event_date') }}
    {%- endif %}
    group by 1, 2

)

select * from counted
