-- GitHub teams (was GithubTeams).

select * from {{ ref('stg_github__teams') }}
