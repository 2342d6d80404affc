-- PagerDuty team memberships with their role (the original PagerDutyUserTeams).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__team_members') }}

)

select
    team_member_id,
    team_id,
    user_id,
    user_name,
    team_role,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
