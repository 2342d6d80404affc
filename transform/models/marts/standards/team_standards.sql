-- Engineering standards per owning team (repositories no team owns are grouped under a null
-- team): how many repositories meet each standard, and the mean score. Archived repositories
-- are left out. Definitions: docs/metrics.md, "Engineering standards".

with

repositories as (

    select * from {{ ref('repository_standards') }}
    where not is_archived

)

select
    owning_team_key,
    count(*) as repositories,
    sum(case when is_compliant then 1 else 0 end) as compliant_repositories,
    sum(case when is_owned_by_team then 1 else 0 end) as owned_repositories,
    sum(case when has_required_webhooks then 1 else 0 end) as repositories_with_webhooks,
    sum(case when meets_branch_protection then 1 else 0 end) as protected_repositories,
    sum(case when is_service_repository then 1 else 0 end) as service_repositories,
    sum(case when is_service_repository and is_monitored then 1 else 0 end) as monitored_services,
    sum(case when is_service_repository and is_on_call_covered then 1 else 0 end) as on_call_covered_services,
    {{ round_float(mean('standards_score'), 1) }} as mean_standards_score
from repositories
group by owning_team_key
