-- Sentry issue events (the original SentryIssueEvents).

with

source_rows as (

    select * from {{ ref('stg_sentry__issue_events') }}

)

select * from source_rows
