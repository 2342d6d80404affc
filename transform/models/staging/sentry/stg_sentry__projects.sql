with

source as (

    select * from {{ source('sentry', 'projects') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'sentry', 'projects', 'id') }},

renamed as (

    select
        id as project_id,
        organization as organization_slug,
        slug as project_slug,
        name as project_name,
        platform,
        -- Sentry's `team` is the first of the project's teams; all of them are in
        -- stg_sentry__project_teams.
        {{ json_text('team', 'id') }} as primary_team_id,
        {{ json_array_length('teams') }} as team_count,
        {{ json_text(adapter.quote('latestRelease'), 'version') }} as latest_release_version,
        coalesce({{ adapter.quote('hasAccess') }}, false) as has_access,
        coalesce({{ adapter.quote('isMember') }}, false) as is_member,
        coalesce({{ adapter.quote('isBookmarked') }}, false) as is_bookmarked,
        coalesce({{ adapter.quote('firstTransactionEvent') }}, false) as has_transactions,
        coalesce({{ adapter.quote('hasSessions') }}, false) as has_sessions,
        coalesce({{ adapter.quote('hasProfiles') }}, false) as has_profiles,
        coalesce({{ adapter.quote('hasReplays') }}, false) as has_replays,
        coalesce({{ adapter.quote('hasMonitors') }}, false) as has_monitors,
        {{ to_timestamp(adapter.quote('dateCreated')) }} as created_at,
        {{ to_timestamp(adapter.quote('firstEvent')) }} as first_event_at,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
