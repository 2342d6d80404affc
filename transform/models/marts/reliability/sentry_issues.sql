-- Sentry issues with their project's catalogue key (the original SentryIssues).

with

source_rows as (

    select * from {{ ref('stg_sentry__issues') }}

),

components as (

    select * from {{ ref('service_components') }}
    where source = 'sentry' and component_type = 'project'

)

select
    source_rows.*,
    components.service_key
from source_rows
left join components
    on components.component_id = cast(source_rows.project_id as {{ dbt.type_string() }})
