-- Which team has which permission on which repository (was GithubRepoTeams).

with

source_rows as (

    select * from {{ ref('stg_github__repo_teams') }}

)

select
    repository_id,
    team_id,
    organization_login,
    repository_full_name,
    team_slug,
    permission,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
