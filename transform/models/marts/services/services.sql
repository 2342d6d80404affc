-- The service catalogue: one row per service, with its PagerDuty service and escalation
-- policy, how many Sentry projects and Datadog monitors, SLOs and synthetic tests it has, and
-- its owning team. Everything reported per service joins here on `service_key`.

with

components as (

    select * from {{ ref('int_service_components_unioned') }}

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

    select
        components.service_key,
        pagerduty_services.service_id,
        pagerduty_services.service_name,
        pagerduty_services.escalation_policy_id,
        row_number() over (
            partition by components.service_key order by pagerduty_services.service_id
        ) as service_rank
    from components
    inner join pagerduty_services
        on components.source = 'pagerduty'
        and pagerduty_services.service_id = components.component_id

),

counts as (

    select
        service_key,
        sum(case when source = 'pagerduty' then 1 else 0 end) as pagerduty_services,
        sum(case when source = 'sentry' then 1 else 0 end) as sentry_projects,
        sum(case when component_type = 'monitor' then 1 else 0 end) as datadog_monitors,
        sum(case when component_type = 'slo' then 1 else 0 end) as datadog_slos,
        sum(case when component_type = 'synthetics_test' then 1 else 0 end) as datadog_synthetics_tests,
        sum(case when source = 'github' then 1 else 0 end) as github_repositories,
        max(case when source = 'sentry' then component_name end) as sentry_project_name
    from components
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
        pagerduty.escalation_policy_id is not null as is_on_call_covered,
        counts.datadog_monitors + counts.datadog_synthetics_tests > 0 as is_monitored
    from counts
    left join pagerduty
        on pagerduty.service_key = counts.service_key
        and pagerduty.service_rank = 1
    left join team_votes
        on team_votes.service_key = counts.service_key
        and team_votes.team_rank = 1

)

select * from final
