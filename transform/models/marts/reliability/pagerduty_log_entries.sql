-- PagerDuty log entries: each incident's lifecycle (the original PagerDutyLogEntries).
-- Incremental like its staging model: each build copies only what the last load added.
{{ incremental_events('log_entry_id') }}

with

source_rows as (

    select * from {{ ref('stg_pagerduty__log_entries') }}
    where {{ loaded_since_last_run('loaded_at') }}

)

select * from source_rows
