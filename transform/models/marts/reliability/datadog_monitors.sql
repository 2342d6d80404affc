-- Datadog monitors with their catalogue key (the original DataDogMonitors).

with

source_rows as (

    select * from {{ ref('stg_datadog__monitors') }}

),

components as (

    select * from {{ ref('service_components') }}
    where source = 'datadog' and component_type = 'monitor'

)

select
    source_rows.*,
    components.service_key
from source_rows
left join components
    on components.component_id = cast(source_rows.monitor_id as {{ dbt.type_string() }})
