-- The service catalogue: one row per service, with its PagerDuty service and escalation
-- policy, how many Sentry projects and Datadog monitors, SLOs and synthetic tests it has, and
-- its owning team. Everything reported per service joins here on `service_key`.
--
-- Components deleted at the vendor (PagerDuty services, Datadog monitors, GitHub
-- repositories: docs/retention.md, "Deletions") no longer count, own or cover it; a service
-- whose every component is deleted stays, marked `is_deleted` (its history still joins here).

with

deleted_components as (

    select 'pagerduty' as source, 'service' as component_type,
        cast(service_id as {{ dbt.type_string() }}) as component_id, deleted_at
    from {{ ref('stg_pagerduty__services') }}
    where is_deleted

    union all

    select 'datadog', 'monitor', cast(monitor_id as {{ dbt.type_string() }}), deleted_at
    from {{ ref('stg_datadog__monitors') }}
    where is_deleted

    union all

    select 'github', 'repository', cast(repository_id as {{ dbt.type_string() }}), deleted_at
    from {{ ref('stg_github__repositories') }}
    where is_deleted

),

all_components as (

    select
        unioned.*,
        deleted_components.deleted_at as component_deleted_at
    from {{ ref('int_service_components_unioned') }} as unioned
    left join deleted_components
        on deleted_components.source = unioned.source
        and deleted_components.component_type = unioned.component_type
        and deleted_components.component_id = unioned.component_id

),

components as (

    select * from all_components
    where component_deleted_at is null

),

pagerduty_services as (

    select * from {{ ref('stg_pagerduty__services') }}

),

team_votes as (

    -- The owning team: the team with the strongest permission on the service's GitHub
    -- repository (the most explicit ownership an organisation records), else the team most
    -- of its other components name (Sentry's project team, Datadog's `team:` tags); ties go
    -- to the alphabetically first key.
    select
        service_key,
        team_key,
        row_number() over (
            partition by service_key
            order by max(case when source = 'github' then 1 else 0 end) desc, count(*) desc, team_key
        ) as team_rank
    from components
    where team_key is not null
    group by service_key, team_key

),

pagerduty as (

    -- A live PagerDuty service first; a deleted one still names a deleted service.
    select
        all_components.service_key,
        pagerduty_services.service_id,
        pagerduty_services.service_name,
        pagerduty_services.escalation_policy_id,
        all_components.component_deleted_at is null as is_live,
        row_number() over (
            partition by all_components.service_key
            order by
                case when all_components.component_deleted_at is null then 0 else 1 end,
                pagerduty_services.service_id
        ) as service_rank
    from all_components
    inner join pagerduty_services
        on all_components.source = 'pagerduty'
        and pagerduty_services.service_id = all_components.component_id

),

lifetimes as (

    select
        service_key,
        sum(case when component_deleted_at is null then 1 else 0 end) as live_components,
        max(component_deleted_at) as last_deleted_at
    from all_components
    group by service_key

),

counts as (

    select
        service_key,
        {%- set live = 'component_deleted_at is null' %}
        sum(case when {{ live }} and source = 'pagerduty' then 1 else 0 end) as pagerduty_services,
        sum(case when {{ live }} and source = 'sentry' then 1 else 0 end) as sentry_projects,
        sum(case when {{ live }} and component_type = 'monitor' then 1 else 0 end) as datadog_monitors,
        sum(case when {{ live }} and component_type = 'slo' then 1 else 0 end) as datadog_slos,
        sum(case when {{ live }} and component_type = 'synthetics_test' then 1 else 0 end)
            as datadog_synthetics_tests,
        sum(case when {{ live }} and source = 'github' then 1 else 0 end) as github_repositories,
        max(case when source = 'sentry' then component_name end) as sentry_project_name
    from all_components
    group by service_key

),

final as (

    select
        counts.service_key,
        coalesce(pagerduty.service_name, counts.sentry_project_name, counts.service_key) as service_name,
        team_votes.team_key as owning_team_key,
        pagerduty.service_id as pagerduty_service_id,
        pagerduty.escalation_policy_id as pagerduty_escalation_policy_id,
        counts.pagerduty_services,
        counts.sentry_projects,
        counts.datadog_monitors,
        counts.datadog_slos,
        counts.datadog_synthetics_tests,
        counts.github_repositories,
        coalesce(pagerduty.is_live and pagerduty.escalation_policy_id is not null, false)
            as is_on_call_covered,
        counts.datadog_monitors + counts.datadog_synthetics_tests > 0 as is_monitored,
        lifetimes.live_components = 0 as is_deleted,
        case when lifetimes.live_components = 0 then lifetimes.last_deleted_at end as deleted_at
    from counts
    inner join lifetimes
        on lifetimes.service_key = counts.service_key
    left join pagerduty
        on pagerduty.service_key = counts.service_key
        and pagerduty.service_rank = 1
    left join team_votes
        on team_votes.service_key = counts.service_key
        and team_votes.team_rank = 1

)

select * from final
