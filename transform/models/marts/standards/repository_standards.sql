-- Engineering standards per GitHub repository: owned by a team, the required webhooks
-- installed and active, the default branch protected with required reviews and status
-- checks, and — for a repository that is a service's — monitored and on-call covered; a score.
-- Definitions: docs/metrics.md, "Engineering standards".

{%- set required_hosts_text = var('required_webhook_hosts', env_var('DBT_REQUIRED_WEBHOOK_HOSTS', '')) %}
{%- set required_hosts = required_hosts_text.split(',') | map('trim') | reject('equalto', '') | list
    if required_hosts_text is string else required_hosts_text %}
{%- set owner_permissions = var('owner_permissions', ['admin', 'maintain']) %}

with

repositories as (

    select * from {{ ref('stg_github__repositories') }}

),

repo_teams as (

    select * from {{ ref('stg_github__repo_teams') }}

),

hooks as (

    select * from {{ ref('stg_github__repo_hooks') }}

),

protection as (

    select * from {{ ref('stg_github__branch_protection') }}

),

-- Active rulesets that target branches, from the repository or its organisation (or
-- enterprise): GitHub's newer way to protect a branch, invisible to the classic protection
-- endpoint. Rulesets in `evaluate` mode enforce nothing and do not count.
branch_rulesets as (

    select
        repository_id,
        count(*) as active_branch_rulesets,
        max(case when source_type = 'Repository' then 0 else 1 end) = 1 as has_inherited_ruleset
    from {{ ref('stg_github__rulesets') }}
    where enforcement = 'active'
        and target = 'branch'
    group by 1

),


services as (

    select * from {{ ref('services') }}

),

owners as (

    select
        repository_id,
        count(*) as owning_teams,
        min(team_slug) as owning_team_slug
    from repo_teams
    where permission in ('{{ owner_permissions | join("', '") }}')
    group by 1

),

webhooks as (

    select
        repository_id,
        count(*) as active_webhooks,
        {%- if required_hosts %}
        count(distinct case when url_host in ('{{ required_hosts | join("', '") }}') then url_host end)
        {%- else %}
        count(distinct url_host)
        {%- endif %} as required_hosts_present
    from hooks
    where is_active
    group by 1

),

checked as (

    select
        repositories.repository_id,
        repositories.full_name,
        repositories.repository_name,
        repositories.organization_login,
        repositories.is_archived,
        components.service_key,
        -- One definition of ownership: the service catalogue's owning team for a service's
        -- repository (docs/metrics.md, "The service catalogue"); GitHub's owner team only for a
        -- repository that is no service's (a library, a tool).
        coalesce(services.owning_team_key, {{ service_key('owners.owning_team_slug') }}) as owning_team_key,
        {{ service_key('owners.owning_team_slug') }} as github_owner_team_key,
        coalesce(owners.owning_teams, 0) > 0 as is_owned_by_team,
        -- With no required hosts configured, any active webhook counts.
        coalesce(webhooks.required_hosts_present, 0) >= {{ [required_hosts | length, 1] | max }}
            as has_required_webhooks,
        coalesce(protection.is_protected, false) as has_classic_branch_protection,
        coalesce(branch_rulesets.active_branch_rulesets, 0) > 0 as is_protected_by_ruleset,
        coalesce(branch_rulesets.has_inherited_ruleset, false) as has_organization_ruleset,
        coalesce(protection.is_protected, false)
            or coalesce(branch_rulesets.active_branch_rulesets, 0) > 0 as is_default_branch_protected,
        coalesce(protection.is_protected and protection.required_reviews, false)
            and coalesce(protection.required_approving_review_count, 0) >= 1 as requires_reviews,
        coalesce(protection.is_protected and protection.required_status_checks, false)
            as requires_status_checks,
        protection.unavailable_reason as protection_unavailable_reason,
        services.service_key is not null as is_service_repository,
        coalesce(services.is_monitored, false) as is_monitored,
        coalesce(services.is_on_call_covered, false) as is_on_call_covered
    from repositories
    left join owners
        on owners.repository_id = repositories.repository_id
    left join webhooks
        on webhooks.repository_id = repositories.repository_id
    left join protection
        on protection.repository_id = repositories.repository_id
    left join branch_rulesets
        on branch_rulesets.repository_id = repositories.repository_id
    {{ join_service_catalogue('github', 'repository', 'repositories.repository_id', alias='components') }}
    left join services
        on services.service_key = components.service_key

),

scored as (

    select
        *,
        -- Classic protection with reviews and status checks, or an active branch ruleset
        -- (whose rules the ruleset list does not carry: trusted, see docs/metrics.md).
        (has_classic_branch_protection and requires_reviews and requires_status_checks)
            or is_protected_by_ruleset as meets_branch_protection,
        -- Monitoring and on-call apply to a service's repository only.
        case when is_service_repository then 5 else 3 end as checks_applicable,
        (case when is_owned_by_team then 1 else 0 end)
        + (case when has_required_webhooks then 1 else 0 end)
        + (case
            when (has_classic_branch_protection and requires_reviews and requires_status_checks)
                or is_protected_by_ruleset then 1
            else 0
        end)
        + (case when is_service_repository and is_monitored then 1 else 0 end)
        + (case when is_service_repository and is_on_call_covered then 1 else 0 end) as checks_passed
    from checked

)

select
    *,
    {{ round_float('100.0 * checks_passed / checks_applicable', 1) }} as standards_score,
    checks_passed = checks_applicable as is_compliant
from scored
