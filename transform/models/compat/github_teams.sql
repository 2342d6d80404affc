-- GitHub teams (was GithubTeams).

with

source_rows as (

    select * from {{ ref('stg_github__teams') }}

)

select
    team_id,
    organization_login,
    team_node_id,
    slug,
    team_name,
    team_description,
    privacy,
    notification_setting,
    parent_id,
    parent_slug,
    html_url,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
