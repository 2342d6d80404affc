-- PagerDuty users' contact methods (the original PagerDutyUserContactMethods).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__user_contact_methods') }}

)

select * from source_rows
