-- Sentry issue events (the original SentryIssueEvents).

with

source_rows as (

    select * from {{ ref('stg_sentry__issue_events') }}

)

select
    event_id,
    issue_id,
    organization_slug,
    project_id,
    event_type,
    event_title,
    event_message,
    location,
    culprit,
    platform,
    environment,
    release_version,
    event_level,
    error_type,
    error_value,
    affected_user_id,
    tag_count,
    created_at,
    loaded_at
from source_rows
