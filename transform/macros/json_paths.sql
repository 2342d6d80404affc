{#-
    JSON arrays nested inside a landed object (jsonb on Postgres, JSON text on Redshift), such as
    an incident's `fields.services.value`. Arrays landed as columns of their own (`jsonb[]`,
    `text[]`) are Postgres arrays instead: use json_array_length / the unnest macros for those.
-#}

{#-
    json_array_element_text(column, ['key', ...], index): element `index` (0-based, as in JSON)
    of the array at that path, as text; null when the path is absent, not an array, or too short.
-#}
{% macro json_array_element_text(column, path, index) -%}
    {{ return(adapter.dispatch('json_array_element_text', 'reliability')(column, path, index)) }}
{%- endmacro %}

{% macro default__json_array_element_text(column, path, index) -%}
    ({{ column }} #>> '{ {{- path | join(",") -}} , {{- index -}} }')
{%- endmacro %}

{% macro redshift__json_array_element_text(column, path, index) -%}
    nullif(json_extract_array_element_text(json_extract_path_text({{ column }}, '{{ path | join("', '") }}', true), {{ index }}, true), '')
{%- endmacro %}


{#- json_path_array_length(column, ['key', ...]): length of the array at that path (null when absent or not an array). -#}
{% macro json_path_array_length(column, path) -%}
    {{ return(adapter.dispatch('json_path_array_length', 'reliability')(column, path)) }}
{%- endmacro %}

{% macro default__json_path_array_length(column, path) -%}
    {%- set value = "(" ~ column ~ " #> '{" ~ (path | join(",")) ~ "}')" -%}
    jsonb_array_length(case when jsonb_typeof({{ value }}) = 'array' then {{ value }} end)
{%- endmacro %}

{% macro redshift__json_path_array_length(column, path) -%}
    json_array_length(json_extract_path_text({{ column }}, '{{ path | join("', '") }}', true), true)
{%- endmacro %}
