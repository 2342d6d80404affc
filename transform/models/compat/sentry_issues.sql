-- Sentry issues with their project's catalogue key (the original SentryIssues).

with

source_rows as (

    select * from {{ ref('stg_sentry__issues') }}

)

select
    source_rows.issue_id,
    source_rows.organization_slug,
    source_rows.issue_short_id,
    source_rows.issue_title,
    source_rows.culprit,
    source_rows.project_id,
    source_rows.project_slug,
    source_rows.issue_status,
    source_rows.issue_substatus,
    source_rows.issue_level,
    source_rows.issue_priority,
    source_rows.issue_category,
    source_rows.issue_type,
    source_rows.event_type,
    source_rows.platform,
    source_rows.logger,
    source_rows.error_type,
    source_rows.error_value,
    source_rows.error_filename,
    source_rows.assignee_type,
    source_rows.assignee_id,
    source_rows.assignee_name,
    source_rows.event_count,
    source_rows.user_count,
    source_rows.comment_count,
    source_rows.is_resolved,
    source_rows.is_ignored,
    source_rows.is_unhandled,
    source_rows.is_public,
    source_rows.is_bookmarked,
    source_rows.is_subscribed,
    source_rows.has_seen,
    source_rows.html_url,
    source_rows.first_seen_at,
    source_rows.last_seen_at,
    source_rows.priority_locked_at,
    source_rows.loaded_at,
    catalogue.service_key
from source_rows
{{ join_service_catalogue('sentry', 'project', 'source_rows.project_id') }}
