-- GitHub repositories with their catalogue key (was GithubRepos).

{{ rows_with_service_key(ref('stg_github__repositories'), 'github', 'repository', 'repository_id') }}
