-- Environment, release and level are top-level fields only when the tap asks for full event
-- bodies (`full_events`); Sentry always sends them as tags, so they are read from the tags
-- (unnested through a dispatched macro, jsonb[] on Postgres, JSON text on Redshift) when absent.
{{ incremental_events('event_id') }}

with

source as (

    select * from {{ source('sentry', 'issue_events') }}

),

latest as (

    {{ latest_records('source', ['id'], where=loaded_since_last_run(
        '_sdc_batched_at', built_key={'event_id': 'source.id'}, relation='source'
    )) }}

),

tags as (

    {{ unnest_json_fields('latest', 'id', 'tags', {'tag_key': 'key', 'tag_value': 'value'}) }}

),

pivoted_tags as (

    select
        id,
        max(case when tag_key = 'environment' then tag_value end) as environment,
        max(case when tag_key = 'release' then tag_value end) as release_version,
        max(case when tag_key = 'level' then tag_value end) as event_level

    from tags
    group by id

),

renamed as (

    select
        latest.id as event_id,
        latest.issue_id,
        latest.organization as organization_slug,
        latest.{{ adapter.quote('projectID') }} as project_id,
        latest.{{ adapter.quote('event.type') }} as event_type,
        latest.title as event_title,
        latest.message as event_message,
        latest.location,
        latest.culprit,
        latest.platform,
        coalesce(latest.environment, pivoted_tags.environment) as environment,
        coalesce(latest.{{ adapter.quote('release') }}, pivoted_tags.release_version) as release_version,
        pivoted_tags.event_level,
        {{ json_text('latest.metadata', 'type') }} as error_type,
        {{ json_text('latest.metadata', 'value') }} as error_value,
        -- The application's user the event happened to, as the SDK reported it.
        {{ json_text('latest.' ~ adapter.quote('user'), 'id') }} as affected_user_id,
        {{ json_array_length('latest.tags') }} as tag_count,
        {{ to_timestamp('latest.' ~ adapter.quote('dateCreated')) }} as created_at,
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join pivoted_tags
        on latest.id = pivoted_tags.id

)

select * from renamed
