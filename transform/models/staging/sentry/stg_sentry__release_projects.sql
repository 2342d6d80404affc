-- One row per (release, project) from the release's `projects` list: which project (and so
-- which service) a release and its deploys belong to. Sentry has no endpoint for this link, so
-- it is unnested here through a dispatched macro (jsonb[] on Postgres, JSON text on Redshift).
-- Project ids are JSON numbers in this list.

with

releases as (

    -- The de-duplicated raw rows: staging models are the only readers of source().
    {{ latest_records(source('sentry', 'releases'), ['organization', 'version']) }}

),

unnested as (

    {{ unnest_json_fields(
        'releases',
        ['id', 'organization', 'version'],
        'projects',
        {'project_id': 'id', 'project_slug': 'slug', 'new_groups': 'newGroups'}
    ) }}

),

renamed as (

    select
        {{ surrogate_key(['id', 'project_id']) }} as release_project_id,
        cast(id as {{ dbt.type_string() }}) as release_id,
        organization as organization_slug,
        version as release_version,
        project_id,
        project_slug,
        cast(new_groups as {{ dbt.type_int() }}) as new_issue_count,
        element_position as project_position

    from unnested
    where project_id is not null

)

select * from renamed
