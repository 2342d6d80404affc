-- Each postmortem's root causes, in document order (was RootCauses).

with

source_rows as (

    select * from {{ ref('stg_postmortems__root_causes') }}

)

select
    root_cause_id,
    postmortem_id,
    position_in_document,
    root_cause,
    document_modified_at,
    loaded_at
from source_rows
