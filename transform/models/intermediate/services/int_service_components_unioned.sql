-- Every component that belongs to a service, from every source, with the catalogue key it
-- matches: PagerDuty services (by name), Sentry projects (by slug), Datadog monitors, SLOs and
-- synthetic tests (by their `service:` tag), GitHub repositories (by name, owned by the team
-- with the strongest permission). `service_catalogue_overrides` (a seed) maps what
-- names cannot. Teams are keyed the same way, so that 'Search & Discovery', a team slug
-- 'search-discovery' and a tag `team:search-discovery` meet.

with

pagerduty_services as (

    select * from {{ ref('stg_pagerduty__services') }}

),

sentry_projects as (

    select * from {{ ref('stg_sentry__projects') }}

),

sentry_teams as (

    select * from {{ ref('stg_sentry__teams') }}

),

datadog_monitors as (

    select * from {{ ref('stg_datadog__monitors') }}

),

datadog_slos as (

    select * from {{ ref('stg_datadog__slos') }}

),

datadog_synthetics as (

    select * from {{ ref('stg_datadog__synthetics_tests') }}

),

github_repositories as (

    select * from {{ ref('stg_github__repositories') }}

),

github_owners as (

    -- A repository's owning team: the team with the strongest permission on it.
    select
        repository_id,
        team_slug,
        row_number() over (
            partition by repository_id
            order by
                case permission
                    when 'admin' then 1 when 'maintain' then 2 when 'write' then 3
                    when 'push' then 3 when 'triage' then 4 else 5
                end,
                team_slug
        ) as owner_rank
    from {{ ref('stg_github__repo_teams') }}

),

overrides as (

    select * from {{ ref('service_catalogue_overrides') }}

),

unioned as (

    select
        'pagerduty' as source,
        'service' as component_type,
        cast(service_id as {{ dbt.type_string() }}) as component_id,
        service_name as component_name,
        -- Overrides name a PagerDuty service by id (names change, ids do not).
        cast(service_id as {{ dbt.type_string() }}) as source_key,
        service_name as match_name,
        cast(null as {{ dbt.type_string() }}) as team_name
    from pagerduty_services

    union all

    select
        'sentry',
        'project',
        cast(sentry_projects.project_id as {{ dbt.type_string() }}),
        sentry_projects.project_name,
        sentry_projects.project_slug,
        sentry_projects.project_slug,
        sentry_teams.team_slug
    from sentry_projects
    left join sentry_teams
        on sentry_teams.team_id = sentry_projects.primary_team_id

    union all

    select
        'datadog',
        'monitor',
        cast(monitor_id as {{ dbt.type_string() }}),
        monitor_name,
        service_slug,
        service_slug,
        team_slug
    from datadog_monitors
    where service_slug is not null

    union all

    select 'datadog', 'slo', cast(slo_id as {{ dbt.type_string() }}), slo_name, service_slug, service_slug, team_slug
    from datadog_slos
    where service_slug is not null

    union all

    select
        'datadog',
        'synthetics_test',
        cast(synthetics_test_id as {{ dbt.type_string() }}),
        test_name,
        service_slug,
        service_slug,
        team_slug
    from datadog_synthetics
    where service_slug is not null

    union all

    select
        'github',
        'repository',
        cast(github_repositories.repository_id as {{ dbt.type_string() }}),
        github_repositories.full_name,
        -- Overrides name a repository by name (`checkout-api`), as on GitHub.
        github_repositories.repository_name,
        github_repositories.repository_name,
        github_owners.team_slug
    from github_repositories
    left join github_owners
        on github_owners.repository_id = github_repositories.repository_id
        and github_owners.owner_rank = 1

),

keyed as (

    select
        {{ surrogate_key(['unioned.source', 'unioned.component_type', 'unioned.component_id']) }}
            as service_component_id,
        coalesce(overrides.service_key, {{ service_key('unioned.match_name') }}) as service_key,
        unioned.source,
        unioned.component_type,
        unioned.component_id,
        unioned.component_name,
        unioned.source_key,
        overrides.service_key is not null as is_overridden,
        {{ service_key('unioned.team_name') }} as team_key
    from unioned
    left join overrides
        on overrides.source = unioned.source
        and overrides.source_key = unioned.source_key

),

operational as (

    -- Services are what is operated: paged, error-tracked or monitored. A repository joins
    -- the service of its name, or the one an override gives it; a library or a tool whose
    -- name matches no service stays out of the catalogue.
    select distinct service_key
    from keyed
    where source <> 'github' or is_overridden

)

select keyed.*
from keyed
inner join operational
    on operational.service_key = keyed.service_key
