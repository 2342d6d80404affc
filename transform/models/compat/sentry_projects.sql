-- Sentry projects with their catalogue key (the original SentryProjects).

with

source_rows as (

    select * from {{ ref('stg_sentry__projects') }}

)

select
    source_rows.project_id,
    source_rows.organization_slug,
    source_rows.project_slug,
    source_rows.project_name,
    source_rows.platform,
    source_rows.primary_team_id,
    source_rows.team_count,
    source_rows.latest_release_version,
    source_rows.has_access,
    source_rows.is_member,
    source_rows.is_bookmarked,
    source_rows.has_transactions,
    source_rows.has_sessions,
    source_rows.has_profiles,
    source_rows.has_replays,
    source_rows.has_monitors,
    source_rows.created_at,
    source_rows.first_event_at,
    source_rows.is_deleted,
    source_rows.deleted_at,
    source_rows.loaded_at,
    catalogue.service_key
from source_rows
{{ join_service_catalogue('sentry', 'project', 'source_rows.project_id') }}
