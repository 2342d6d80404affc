-- Repository webhooks: events count, active, URL host only, last delivery (was GithubRepoHooks).

select * from {{ ref('stg_github__repo_hooks') }}
