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

{#-
    catalogue_statistics(): the post-hook of service_components. Each source has few component
    types and each type one source, but Postgres multiplies the selectivities of `source = 'x'
    and component_type = 'y'` as if they were independent: 30 Sentry projects among 11,550
    components were estimated as one row, and joins to the catalogue ran as nested loops
    (incident_error_volume compared every event with every issue's weight: 82-92 s on the demo
    world, 4 s once estimated). Extended statistics declare the dependency. The object is named
    per invocation: the table is rebuilt under a temporary name and the previous one, which
    still holds last build's object until it is dropped, is renamed aside. Postgres only.
-#}
{% macro catalogue_statistics() -%}
    {%- if target.type == 'postgres' -%}
        create statistics {{ this.schema }}.{{ 'catalogue_deps_' ~ (invocation_id | replace('-', '_')) }}
            (dependencies) on source, component_type from {{ this }};
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
