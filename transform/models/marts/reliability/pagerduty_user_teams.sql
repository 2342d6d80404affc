-- PagerDuty team memberships with their role (the original PagerDutyUserTeams).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__team_members') }}

)

select * from source_rows
