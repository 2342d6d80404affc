-- Change failures: each successful production deployment of a service's repository, with the
-- incident it caused and how long the service took to recover from it. Every incident is
-- attributed to at most one deployment:
--   1. a postmortem cites a pull request the deployment shipped (`cited_by_postmortem`; when
--      the cited pull requests went out with several deployments, the latest one created at
--      or before the incident began);
--   2. else the latest deployment of the incident's service whose window holds the incident's
--      start (impact start, else detection): from the deployment's creation (the rollout
--      start, so an incident during the rollout counts) to `change_failure_window_hours`
--      (var, default 1) after its success (`incident_within_window`). Incidents a citation
--      already attributed take no part in window matching.
-- A deployment is a change failure when at least one incident is attributed to it; the row
-- shows the first (a citation first, then by start). Definitions: docs/metrics.md, "DORA".

-- A table, not a view: DORA and its data tests read it, and as a view each re-ran the
-- deployment-to-incident matching.
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

{%- set window_hours = var('change_failure_window_hours', 1) %}

with

deployments as (

    select * from {{ ref('int_github_deployment_statuses_rolled_up') }}
    where is_production and is_successful

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

service_deployments as (

    select
        deployments.*,
        components.service_key
    from deployments
    {{ join_service_catalogue('github', 'repository', 'deployments.repository_id', alias='components', join='inner') }}

),

citations as (

    -- Postmortems name the pull request behind an incident (`owner/repo#n`).
    select distinct
        shipped.deployment_id,
        incidents.incident_key
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

cited_incidents as (

    -- One deployment per cited incident: the latest created at or before the incident began
    -- (else, for a start before every cited deployment, the earliest after it).
    select
        citations.deployment_id,
        citations.incident_key,
        row_number() over (
            partition by citations.incident_key
            order by
                case when deployments.created_at <= incidents.started_at then 0 else 1 end,
                case when deployments.created_at <= incidents.started_at
                    then deployments.created_at end desc,
                deployments.created_at,
                citations.deployment_id desc
        ) as deployment_rank
    from citations
    inner join deployments
        on deployments.deployment_id = citations.deployment_id
    inner join incidents
        on incidents.incident_key = citations.incident_key

),

deployment_days as (

    -- Each deployment's window cut into the UTC days it touches, so that an incident is
    -- compared only with its service's deployments of the same day (against all of its
    -- service's deployments, the bench world compared 9.7 million pairs to find 11,000).
    select
        service_deployments.deployment_id,
        service_deployments.service_key,
        service_deployments.created_at,
        service_deployments.succeeded_at,
        cast({{ dbt.dateadd('day', offset_value(), 'cast(service_deployments.created_at as date)') }} as date)
            as window_day
    from service_deployments
    {{ join_offsets_up_to(dbt.datediff(
        'service_deployments.created_at',
        dbt.dateadd('hour', window_hours, 'service_deployments.succeeded_at'),
        'day',
    )) }}

),

window_candidates as (

    select
        deployment_days.deployment_id,
        incidents.incident_key,
        row_number() over (
            partition by incidents.incident_key
            order by deployment_days.created_at desc, deployment_days.deployment_id desc
        ) as deployment_rank
    from deployment_days
    inner join incidents
        on incidents.service_key = deployment_days.service_key
        and cast(incidents.started_at as date) = deployment_days.window_day
        and incidents.started_at >= deployment_days.created_at
        and incidents.started_at
            < {{ dbt.dateadd('hour', window_hours, 'deployment_days.succeeded_at') }}
    left join (select distinct incident_key from citations) as cited  -- noqa: ST05
        on cited.incident_key = incidents.incident_key
    where cited.incident_key is null

),

attributed as (

    select
        deployment_id, incident_key, 'cited_by_postmortem' as change_failure_reason, 0 as reason_rank
    from cited_incidents
    where deployment_rank = 1

    union all

    select
        deployment_id, incident_key, 'incident_within_window' as change_failure_reason, 1 as reason_rank
    from window_candidates
    where deployment_rank = 1

),

first_attributed as (

    -- The incident a failed deployment is shown with: a citation first, then the earliest.
    select
        attributed.deployment_id,
        attributed.incident_key,
        attributed.change_failure_reason,
        incidents.recovered_at,
        row_number() over (
            partition by attributed.deployment_id
            order by attributed.reason_rank, incidents.started_at, attributed.incident_key
        ) as incident_rank
    from attributed
    inner join incidents
        on incidents.incident_key = attributed.incident_key

)

select
    service_deployments.deployment_id,
    service_deployments.repository_id,
    service_deployments.service_key,
    service_deployments.created_at,
    service_deployments.succeeded_at,
    first_attributed.incident_key,
    first_attributed.incident_key is not null as is_change_failure,
    first_attributed.change_failure_reason,
    {{ dbt.datediff(
        'service_deployments.succeeded_at', 'first_attributed.recovered_at', 'second'
    ) }} as recovery_seconds
from service_deployments
left join first_attributed
    on first_attributed.deployment_id = service_deployments.deployment_id
    and first_attributed.incident_rank = 1
