-- Change failures: each successful production deployment of a service's repository, with the
-- first incident of that service whose impact began (else was detected) within
-- `change_failure_window_hours` (var, default 1) after the deployment succeeded, and how long
-- the service took to recover from it.

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
    matched.incident_key,
    matched.incident_key is not null as is_change_failure,
    {{ dbt.datediff('service_deployments.succeeded_at', 'matched.recovered_at', 'second') }}
        as recovery_seconds
from service_deployments
left join matched
    on matched.deployment_id = service_deployments.deployment_id
    and matched.incident_rank = 1
