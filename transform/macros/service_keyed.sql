{#-
    rows_with_service_key(relation, source, component_type, id_column): every row of
    `relation` plus the catalogue's `service_key` of the component whose id is in `id_column`
    (null when the catalogue has no such component).
-#}
{% macro rows_with_service_key(relation, source, component_type, id_column) -%}
with

source_rows as (

    select * from {{ relation }}

),

components as (

    select * from {{ ref('service_components') }}
    where source = '{{ source }}' and component_type = '{{ component_type }}'

)

select
    source_rows.*,
    components.service_key
from source_rows
left join components
    on components.component_id = cast(source_rows.{{ id_column }} as {{ dbt.type_string() }})
{%- endmacro %}
