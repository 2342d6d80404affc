-- Each postmortem's root causes, in document order (was RootCauses).

select * from {{ ref('stg_postmortems__root_causes') }}
