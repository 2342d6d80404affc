-- One row per resolution of a Sentry issue, paired with the start of the episode it ends:
-- the issue's first event, or the latest regression (or manual unresolve) before it. An
-- issue resolved, regressed and resolved again has two episodes and two rows.

with

activity as (

    select * from {{ ref('stg_sentry__issue_activity') }}

),

issues as (

    select * from {{ ref('stg_sentry__issues') }}

),

resolutions as (

    select
        activity_id as resolution_id,
        issue_id,
        activity_type as resolution_type,
        created_at as resolved_at
    from activity
    where activity_type in (
        'set_resolved', 'set_resolved_in_release', 'set_resolved_in_commit',
        'set_resolved_in_pull_request', 'set_resolved_by_age'
    )

),

reopenings as (

    select
        issue_id,
        created_at as reopened_at
    from activity
    where activity_type in ('set_regression', 'set_unresolved')

),

paired as (

    select
        resolutions.resolution_id,
        resolutions.issue_id,
        resolutions.resolution_type,
        resolutions.resolved_at,
        max(reopenings.reopened_at) as reopened_at
    from resolutions
    left join reopenings
        on reopenings.issue_id = resolutions.issue_id
        and reopenings.reopened_at < resolutions.resolved_at
    group by 1, 2, 3, 4

),

episodes as (

    select
        paired.resolution_id,
        paired.issue_id,
        issues.project_id,
        paired.resolution_type,
        case
            when paired.reopened_at > issues.first_seen_at then paired.reopened_at
            else issues.first_seen_at
        end as episode_started_at,
        paired.resolved_at,
        paired.reopened_at is not null as is_after_regression
    from paired
    inner join issues
        on issues.issue_id = paired.issue_id

),

final as (

    select
        *,
        {{ dbt.datediff('episode_started_at', 'resolved_at', 'second') }} as seconds_to_resolve
    from episodes

)

select * from final
