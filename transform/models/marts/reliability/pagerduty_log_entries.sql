-- PagerDuty log entries: each incident's lifecycle (the original PagerDutyLogEntries).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__log_entries') }}

)

select * from source_rows
