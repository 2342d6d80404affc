{#-
    Dialect-specific JSON access. target-postgres lands nested objects as `jsonb` and arrays
    of objects as `jsonb[]`; pipelinewise-target-redshift lands both as JSON text in
    `varchar(65535)`. Every model reads JSON through these macros so it runs on both.
-#}

{#- json_text(column, 'key'[, 'nested_key', ...]): the value at that path, as text (null when absent). -#}
{% macro json_text(column) -%}
    {{ return(adapter.dispatch('json_text', 'reliability')(column, varargs)) }}
{%- endmacro %}

{% macro default__json_text(column, path) -%}
    {%- if path | length == 1 -%}
        ({{ column }} ->> '{{ path[0] }}')
    {%- else -%}
        ({{ column }} #>> '{ {{- path | join(",") -}} }')
    {%- endif -%}
{%- endmacro %}

{% macro redshift__json_text(column, path) -%}
    {#- null_if_invalid=true: a malformed document yields null instead of failing the query. -#}
    nullif(json_extract_path_text({{ column }}, '{{ path | join("', '") }}', true), '')
{%- endmacro %}


{#- json_array_length(column): number of elements of a landed array (null when the array is null). -#}
{% macro json_array_length(column) -%}
    {{ return(adapter.dispatch('json_array_length', 'reliability')(column)) }}
{%- endmacro %}

{% macro default__json_array_length(column) -%}
    {#- A Postgres array (`jsonb[]` / `text[]`), not a jsonb array. -#}
    cardinality({{ column }})
{%- endmacro %}

{% macro redshift__json_array_length(column) -%}
    json_array_length({{ column }}, true)
{%- endmacro %}


{#-
    unnest_reference_ids(relation, parent_key, array_column, id_alias): a complete select
    returning one row per element of an array of `*_reference` objects:
    (<parent_key>, <id_alias>, element_position), counting from 1 in the vendor's order.
-#}
{% macro unnest_reference_ids(relation, parent_key, array_column, id_alias) -%}
    {{ return(adapter.dispatch('unnest_reference_ids', 'reliability')(relation, parent_key, array_column, id_alias)) }}
{%- endmacro %}

{% macro default__unnest_reference_ids(relation, parent_key, array_column, id_alias) -%}
    select
        parent.{{ parent_key }},
        element.value ->> 'id' as {{ id_alias }},
        cast(element.element_position as integer) as element_position
    from {{ relation }} as parent
    cross join lateral unnest(parent.{{ array_column }}) with ordinality as element (value, element_position)
{%- endmacro %}

{% macro redshift__unnest_reference_ids(relation, parent_key, array_column, id_alias) -%}
    {#- JSON text -> SUPER, then PartiQL navigation; `at` gives the 0-based index. -#}
    select
        parsed.{{ parent_key }},
        cast(element.id as varchar) as {{ id_alias }},
        cast(element_index + 1 as integer) as element_position
    from (
        select {{ parent_key }}, json_parse({{ array_column }}) as elements
        from {{ relation }}
        where {{ array_column }} is not null
    ) as parsed, parsed.elements as element at element_index
{%- endmacro %}
