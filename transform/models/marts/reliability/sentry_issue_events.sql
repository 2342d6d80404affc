-- Sentry issue events (the original SentryIssueEvents).
-- Incremental like its staging model: each build copies only what the last load added.
{{ incremental_events('event_id') }}

with

source_rows as (

    select * from {{ ref('stg_sentry__issue_events') }}
    where {{ loaded_since_last_run('loaded_at') }}

)

select * from source_rows
