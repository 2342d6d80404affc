with

source as (

    select * from {{ source('github', 'repositories') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'github', 'repositories', 'id') }},

renamed as (

    select
        id as repository_id,
        organization as organization_login,
        node_id as repository_node_id,
        name as repository_name,
        full_name,
        description as repository_description,
        private as is_private,
        visibility,
        archived as is_archived,
        disabled as is_disabled,
        fork as is_fork,
        is_template,
        default_branch,
        language,
        -- A count, not the list: arrays land as text[] here and SUPER on Redshift, and dbt
        -- unit tests cannot mock array columns (dbt-postgres#29); the raw list stays in the source.
        coalesce({{ json_array_length('topics') }}, 0) as topic_count,
        size,
        has_issues,
        has_wiki,
        has_pages,
        has_discussions,
        open_issues_count,
        stargazers_count,
        forks_count,
        license_spdx_id,
        html_url,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('pushed_at') }} as pushed_at,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
