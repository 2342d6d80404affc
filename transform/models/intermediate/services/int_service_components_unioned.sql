-- Every component that belongs to a service, from every source, with the catalogue key it
-- matches: PagerDuty services (by name), Sentry projects (by slug), Datadog monitors, SLOs and
-- synthetic tests (by their `service:` tag). `service_catalogue_overrides` (a seed) maps what
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

)

select * from keyed
where service_key is not null
