-- PagerDuty teams (the original PagerDutyTeams).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__teams') }}

)

select
    team_id,
    team_name,
    team_description,
    parent_team_id,
    default_role,
    html_url,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
