-- Incremental: only the pull requests loaded since the last build, each replacing its
-- previous version (delete+insert on pull_request_id; macros/incremental.sql).
{{ incremental_events('pull_request_id') }}

with

source as (

    select * from {{ source('github', 'pull_requests') }}

),

latest as (

    {{ latest_records('source', ['id'], where=loaded_since_last_run(
        '_sdc_batched_at', built_key={'pull_request_id': 'source.id'}, relation='source'
    )) }}

),

renamed as (

    select
        id as pull_request_id,
        organization as organization_login,
        repository_id,
        repository as repository_full_name,
        number,
        node_id as pull_request_node_id,
        state,
        title,
        draft as is_draft,
        locked as is_locked,
        user_id,
        user_login,
        author_association,
        base_ref,
        base_sha,
        head_ref,
        head_sha,
        head_repository,
        merge_commit_sha,
        requested_reviewer_count,
        requested_team_count,
        assignee_count,
        -- A count, not the list: dbt unit tests cannot mock array columns (dbt-postgres#29);
        -- the list stays in the raw table.
        coalesce({{ json_array_length('label_names') }}, 0) as label_count,
        html_url,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('closed_at') }} as closed_at,
        {{ to_timestamp('merged_at') }} as merged_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
