-- PagerDuty incidents with their service's catalogue key (the original PagerDutyIncidents).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__incidents') }}

),

components as (

    select * from {{ ref('service_components') }}
    where source = 'pagerduty' and component_type = 'service'

)

select
    source_rows.*,
    components.service_key
from source_rows
left join components
    on components.component_id = cast(source_rows.service_id as {{ dbt.type_string() }})
