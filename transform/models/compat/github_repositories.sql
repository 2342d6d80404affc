-- GitHub repositories with their catalogue key (was GithubRepos).

with

source_rows as (

    select * from {{ ref('stg_github__repositories') }}

)

select
    source_rows.repository_id,
    source_rows.organization_login,
    source_rows.repository_node_id,
    source_rows.repository_name,
    source_rows.full_name,
    source_rows.repository_description,
    source_rows.is_private,
    source_rows.visibility,
    source_rows.is_archived,
    source_rows.is_disabled,
    source_rows.is_fork,
    source_rows.is_template,
    source_rows.default_branch,
    source_rows.language,
    source_rows.topic_count,
    source_rows.size,
    source_rows.has_issues,
    source_rows.has_wiki,
    source_rows.has_pages,
    source_rows.has_discussions,
    source_rows.open_issues_count,
    source_rows.stargazers_count,
    source_rows.forks_count,
    source_rows.license_spdx_id,
    source_rows.html_url,
    source_rows.created_at,
    source_rows.updated_at,
    source_rows.pushed_at,
    source_rows.is_deleted,
    source_rows.deleted_at,
    source_rows.last_seen_at,
    source_rows.loaded_at,
    catalogue.service_key
from source_rows
{{ join_service_catalogue('github', 'repository', 'source_rows.repository_id') }}
