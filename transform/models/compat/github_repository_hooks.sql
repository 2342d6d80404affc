-- Repository webhooks: events count, active, URL host only, last delivery (was GithubRepoHooks).

with

source_rows as (

    select * from {{ ref('stg_github__repo_hooks') }}

)

select
    hook_id,
    organization_login,
    repository_id,
    repository_full_name,
    hook_name,
    is_active,
    event_count,
    url_scheme,
    url_host,
    content_type,
    insecure_ssl,
    has_secret,
    last_response_code,
    last_response_status,
    last_response_message,
    created_at,
    updated_at,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
