-- Change failures: each successful production deployment of a service's repository, with the
-- incident it caused and how long the service took to recover from it. A deployment caused an
-- incident when a postmortem cites a pull request the deployment shipped, else when an incident
-- of its service began (else was detected) within `change_failure_window_hours` (var,
-- default 1) after the deployment succeeded (the first such incident).

-- A table, not a view: DORA and its data tests read it, and as a view each re-ran the
-- deployment-to-incident matching.
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

{%- set window_hours = var('change_failure_window_hours', 1) %}

with

deployments as (

    select * from {{ ref('int_github_deployment_statuses_rolled_up') }}
    where is_production and is_successful

),

components as (

    select * from {{ ref('service_components') }}
    where source = 'github' and component_type = 'repository'

),

incidents as (

    select
        incident_key,
        postmortem_id,
        service_key,
        coalesce(impact_started_at, internal_detected_at) as started_at,
        recovered_at
    from {{ ref('incidents') }}

),

cited as (

    -- Postmortems name the pull request behind an incident (`owner/repo#n`).
    select
        shipped.deployment_id,
        incidents.incident_key,
        incidents.recovered_at,
        row_number() over (
            partition by shipped.deployment_id order by incidents.started_at, incidents.incident_key
        ) as citation_rank
    from {{ ref('stg_postmortems__incident_links') }} as links
    inner join {{ ref('stg_github__pull_requests') }} as pulls
        on links.link_system = 'github'
        and links.link_id
            = pulls.repository_full_name || '#' || cast(pulls.number as {{ dbt.type_string() }})
    inner join {{ ref('int_github_pull_requests_joined_to_deployments') }} as shipped
        on shipped.pull_request_id = pulls.pull_request_id
    inner join incidents
        on incidents.postmortem_id = links.postmortem_id

),

service_deployments as (

    select
        deployments.*,
        components.service_key
    from deployments
    inner join components
        on components.component_id = cast(deployments.repository_id as {{ dbt.type_string() }})

),

matched as (

    select
        service_deployments.deployment_id,
        incidents.incident_key,
        incidents.recovered_at,
        row_number() over (
            partition by service_deployments.deployment_id
            order by incidents.started_at, incidents.incident_key
        ) as incident_rank
    from service_deployments
    inner join incidents
        on incidents.service_key = service_deployments.service_key
        and incidents.started_at >= service_deployments.succeeded_at
        and incidents.started_at
            < {{ dbt.dateadd('hour', window_hours, 'service_deployments.succeeded_at') }}

)

select
    service_deployments.deployment_id,
    service_deployments.repository_id,
    service_deployments.service_key,
    service_deployments.succeeded_at,
    coalesce(cited.incident_key, matched.incident_key) as incident_key,
    coalesce(cited.incident_key, matched.incident_key) is not null as is_change_failure,
    case
        when cited.incident_key is not null then 'cited_by_postmortem'
        when matched.incident_key is not null then 'incident_within_window'
    end as change_failure_reason,
    {{ dbt.datediff(
        'service_deployments.succeeded_at',
        'coalesce(cited.recovered_at, matched.recovered_at)',
        'second'
    ) }} as recovery_seconds
from service_deployments
left join cited
    on cited.deployment_id = service_deployments.deployment_id
    and cited.citation_rank = 1
left join matched
    on matched.deployment_id = service_deployments.deployment_id
    and matched.incident_rank = 1
