-- Datadog synthetic tests with their catalogue key (the original DataDogSynthetics).

with

source_rows as (

    select * from {{ ref('stg_datadog__synthetics_tests') }}

),

components as (

    select * from {{ ref('service_components') }}
    where source = 'datadog' and component_type = 'synthetics_test'

)

select
    source_rows.*,
    components.service_key
from source_rows
left join components
    on components.component_id = cast(source_rows.synthetics_test_id as {{ dbt.type_string() }})
