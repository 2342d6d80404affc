-- PagerDuty teams (the original PagerDutyTeams).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__teams') }}

)

select * from source_rows
