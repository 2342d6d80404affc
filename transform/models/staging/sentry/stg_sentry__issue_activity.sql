-- Incremental (an activity entry never changes; 175,000 rows on the bench world were parsed
-- again every build): only the rows loaded since the last build (macros/incremental.sql).
{{ incremental_events('activity_id') }}

with

source as (

    select * from {{ source('sentry', 'issue_activity') }}

),

latest as (

    {{ latest_records('source', ['id'], where=loaded_since_last_run(
        '_sdc_batched_at', built_key={'activity_id': 'source.id'}, relation='source'
    )) }}

),

renamed as (

    select
        id as activity_id,
        issue_id,
        organization as organization_slug,
        type as activity_type,
        -- Who acted; null when Sentry itself did (first seen, regression, escalation).
        {{ json_text(adapter.quote('user'), 'id') }} as actor_user_id,
        {{ json_text(adapter.quote('user'), 'name') }} as actor_name,
        {{ json_text(adapter.quote('user'), 'id') }} is null as is_by_sentry,
        -- Type-specific details: the assignee (assigned), the release (resolved in release,
        -- regression; Sentry sends '' when unknown).
        {{ json_text('data', 'assignee') }} as assignee_id,
        {{ json_text('data', 'assigneeType') }} as assignee_type,
        nullif({{ json_text('data', 'version') }}, '') as release_version,
        coalesce({{ json_text('data', 'ignoreUntilEscalating') }} = 'true', false) as is_ignored_until_escalating,
        {{ to_timestamp(adapter.quote('dateCreated')) }} as created_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
