{#-
    The service catalogue's one join: how a source's row is attributed to a catalogue service.
    Every model that needs a row's `service_key` goes through these two macros, so the rule
    (the row's id, as text, among the catalogue's components of that source and type;
    service_catalogue_overrides already applied in service_components) is written once.

    join_service_catalogue(source, component_type, id_expression, alias='catalogue',
    join='left'): a whole join clause to reliability.service_components, e.g.

        from monitors
        {{ join_service_catalogue('datadog', 'monitor', 'monitors.monitor_id') }}

    then `catalogue.service_key`. `join='inner'` keeps only the rows the catalogue knows.

    catalogue_component(source, component_type, id_expression, components='components'): the
    join condition alone, for a model that has service_components in a CTE of its own.
-#}
{% macro join_service_catalogue(source, component_type, id_expression, alias='catalogue', join='left') -%}
{{ join }} join {{ ref('service_components') }} as {{ alias }}
    on {{ catalogue_component(source, component_type, id_expression, alias) }}
{%- endmacro %}

{#- catalogue_component(source, component_type, id_expression, components='components'): the condition joining a source row to its component in service_components (the ON clause of join_service_catalogue). -#}
{% macro catalogue_component(source, component_type, id_expression, components='components') -%}
    {{ components }}.source = '{{ source }}'
        and {{ components }}.component_type = '{{ component_type }}'
        and {{ components }}.component_id = cast({{ id_expression }} as {{ dbt.type_string() }})
{%- endmacro %}
