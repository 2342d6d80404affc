-- A release version is unique within an organization only: the natural key is
-- (organization_slug, release_version); Sentry's numeric release id is the primary key.

with

source as (

    select * from {{ source('sentry', 'releases') }}

),

latest as (

    {{ latest_records('source', ['organization', 'version']) }}

),

renamed as (

    select
        cast(id as {{ dbt.type_string() }}) as release_id,
        organization as organization_slug,
        version as release_version,
        {{ adapter.quote('shortVersion') }} as release_short_version,
        {{ json_text(adapter.quote('versionInfo'), 'package') }} as release_package,
        status as release_status,
        ref as vcs_ref,
        url as release_url,
        {{ adapter.quote('newGroups') }} as new_issue_count,
        {{ adapter.quote('commitCount') }} as commit_count,
        {{ adapter.quote('deployCount') }} as deploy_count,
        {{ json_array_length('projects') }} as project_count,
        coalesce(status = 'archived', false) as is_archived,
        {{ to_timestamp(adapter.quote('dateCreated')) }} as created_at,
        {{ to_timestamp(adapter.quote('dateReleased')) }} as released_at,
        {{ to_timestamp(adapter.quote('firstEvent')) }} as first_event_at,
        {{ to_timestamp(adapter.quote('lastEvent')) }} as last_event_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
