-- Sentry does not report when an issue was resolved: that time is in the issue's activity
-- (set_resolved*, stg_sentry__issue_activity), so resolved_at belongs downstream.

-- Incremental: only the issues loaded since the last build, each replacing its previous
-- version (delete+insert on issue_id; macros/incremental.sql).
{{ incremental_events('issue_id') }}

with

source as (

    select * from {{ source('sentry', 'issues') }}

),

latest as (

    {{ latest_records('source', ['id'], where=loaded_since_last_run(
        '_sdc_batched_at', built_key={'issue_id': 'source.id'}, relation='source'
    )) }}

),

renamed as (

    select
        id as issue_id,
        organization as organization_slug,
        {{ adapter.quote('shortId') }} as issue_short_id,
        title as issue_title,
        culprit,
        {{ json_text('project', 'id') }} as project_id,
        {{ json_text('project', 'slug') }} as project_slug,
        status as issue_status,
        substatus as issue_substatus,
        level as issue_level,
        priority as issue_priority,
        {{ adapter.quote('issueCategory') }} as issue_category,
        {{ adapter.quote('issueType') }} as issue_type,
        type as event_type,
        platform,
        logger,
        {{ json_text('metadata', 'type') }} as error_type,
        {{ json_text('metadata', 'value') }} as error_value,
        {{ json_text('metadata', 'filename') }} as error_filename,
        {{ json_text(adapter.quote('assignedTo'), 'type') }} as assignee_type,
        {{ json_text(adapter.quote('assignedTo'), 'id') }} as assignee_id,
        {{ json_text(adapter.quote('assignedTo'), 'name') }} as assignee_name,
        -- Sentry serialises the event count as a string.
        cast({{ adapter.quote('count') }} as {{ dbt.type_bigint() }}) as event_count,
        {{ adapter.quote('userCount') }} as user_count,
        {{ adapter.quote('numComments') }} as comment_count,
        coalesce(status = 'resolved', false) as is_resolved,
        coalesce(status = 'ignored', false) as is_ignored,
        coalesce({{ adapter.quote('isUnhandled') }}, false) as is_unhandled,
        coalesce({{ adapter.quote('isPublic') }}, false) as is_public,
        coalesce({{ adapter.quote('isBookmarked') }}, false) as is_bookmarked,
        coalesce({{ adapter.quote('isSubscribed') }}, false) as is_subscribed,
        coalesce({{ adapter.quote('hasSeen') }}, false) as has_seen,
        permalink as html_url,
        {{ to_timestamp(adapter.quote('firstSeen')) }} as first_seen_at,
        {{ to_timestamp(adapter.quote('lastSeen')) }} as last_seen_at,
        {{ to_timestamp(adapter.quote('priorityLockedAt')) }} as priority_locked_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
