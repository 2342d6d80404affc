-- PagerDuty users (the original PagerDutyUsers).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__users') }}

)

select * from source_rows
