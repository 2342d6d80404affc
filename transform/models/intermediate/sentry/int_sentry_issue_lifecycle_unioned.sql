-- Every dated fact of a Sentry issue's life, one row each: first seen (`new`), regressed,
-- resolved (with the episode's time to resolve) and each loaded event. The weekly and monthly
-- error measures count these.

with

issues as (

    select * from {{ ref('stg_sentry__issues') }}

),

activity as (

    select * from {{ ref('stg_sentry__issue_activity') }}

),

events as (

    select * from {{ ref('stg_sentry__issue_events') }}

),

resolutions as (

    select * from {{ ref('int_sentry_activity_paired_to_resolutions') }}

),

unioned as (

    select
        project_id,
        issue_id,
        'new' as fact,
        first_seen_at as occurred_at,
        cast(null as {{ dbt.type_bigint() }}) as seconds_to_resolve
    from issues

    union all

    select issues.project_id, activity.issue_id, 'regressed', activity.created_at, null
    from activity
    inner join issues
        on issues.issue_id = activity.issue_id
    where activity.activity_type = 'set_regression'

    union all

    select project_id, issue_id, 'resolved', resolved_at, seconds_to_resolve
    from resolutions

    union all

    select project_id, issue_id, 'event', created_at, null
    from events

)

select * from unioned
