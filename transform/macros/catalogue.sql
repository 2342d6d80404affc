{#-
    catalogue_component(source, component_type, id_expression, components='components'): the
    condition joining a source's row (its id in `id_expression`) to its component in
    service_components, so that every model attributes a source's rows to catalogue services
    the same way (ids compared as text: Sentry and Datadog ids are numbers, the catalogue's are
    strings).
-#}
{% macro catalogue_component(source, component_type, id_expression, components='components') -%}
    {{ components }}.source = '{{ source }}'
        and {{ components }}.component_type = '{{ component_type }}'
        and {{ components }}.component_id = cast({{ id_expression }} as {{ dbt.type_string() }})
{%- endmacro %}
