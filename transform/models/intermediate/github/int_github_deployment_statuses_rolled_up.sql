-- One row per GitHub deployment with its outcome: when it first reached a final state
-- (success, failure or error), whether it ever succeeded, and whether it went to production
-- (an environment named in the `production_environments` var, default production and prod, or
-- flagged `production_environment` by GitHub). `inactive` (superseded) is not an outcome.

-- A table, not a view: the deployment-to-incident join and the lead-time model read it in
-- every build they run in, and it reads GitHub alone, so the frequent build rebuilds it only
-- when GitHub rows arrive.
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

{%- set production = var('production_environments', ['production', 'prod']) %}

with

deployments as (

    select * from {{ ref('stg_github__deployments') }}

),

statuses as (

    select * from {{ ref('stg_github__deployment_statuses') }}

),

outcomes as (

    select
        deployment_id,
        min(case when state in ('success', 'failure', 'error') then created_at end) as finished_at,
        min(case when state = 'success' then created_at end) as succeeded_at,
        max(case when state = 'success' then 1 else 0 end) = 1 as is_successful,
        max(case when state in ('failure', 'error') then 1 else 0 end) = 1 as has_failed
    from statuses
    group by 1

)

select
    deployments.deployment_id,
    deployments.repository_id,
    deployments.repository_full_name,
    deployments.environment,
    deployments.sha,
    deployments.ref,
    (
        lower(deployments.environment) in ('{{ production | map("lower") | join("', '") }}')
        or coalesce(deployments.production_environment, false)
    ) as is_production,
    deployments.created_at,
    outcomes.finished_at,
    outcomes.succeeded_at,
    coalesce(outcomes.is_successful, false) as is_successful,
    coalesce(outcomes.has_failed, false) as has_failed
from deployments
left join outcomes
    on outcomes.deployment_id = deployments.deployment_id
