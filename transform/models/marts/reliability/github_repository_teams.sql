-- Which team has which permission on which repository (was GithubRepoTeams).

select * from {{ ref('stg_github__repo_teams') }}
