-- Lead time for changes: each pull request merged into its repository's default branch, with
-- the first successful production deployment of that repository at or after the merge (the
-- deployment that shipped it). GitHub does not say which commits a deployment contains; the
-- first production success after the merge is the standard approximation (it ships everything
-- merged before it).

-- A table, not a view: the deployment-to-incident join (every frequent build: new incidents
-- reach it) and DORA read it, and as a view each matched every merged pull request to its
-- deployment again (on the bench world 197,000 pull requests, ~3 s a build). It reads GitHub
-- alone, so the frequent build rebuilds it only when GitHub rows arrive.
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

with

pulls as (

    select * from {{ ref('stg_github__pull_requests') }}
    where merged_at is not null

),

repositories as (

    select * from {{ ref('stg_github__repositories') }}

),

deployments as (

    select * from {{ ref('int_github_deployment_statuses_rolled_up') }}
    where is_production and is_successful

),

candidates as (

    select
        pulls.pull_request_id,
        pulls.repository_id,
        pulls.merged_at,
        deployments.deployment_id,
        deployments.succeeded_at,
        row_number() over (
            partition by pulls.pull_request_id
            order by deployments.succeeded_at, deployments.deployment_id
        ) as deployment_rank
    from pulls
    inner join repositories
        on repositories.repository_id = pulls.repository_id
        and pulls.base_ref = repositories.default_branch
    left join deployments
        on deployments.repository_id = pulls.repository_id
        and deployments.created_at >= pulls.merged_at

)

select
    pull_request_id,
    repository_id,
    merged_at,
    deployment_id,
    succeeded_at as deployed_at,
    {{ dbt.datediff('merged_at', 'succeeded_at', 'second') }} as lead_time_seconds
from candidates
where deployment_rank = 1
