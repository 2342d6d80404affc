{#-
    unnest_json_fields(relation, parent_keys, array_column, fields): a complete select
    returning one row per element of an array of objects:
    (<parent_keys...>, one text column per entry of `fields`, element_position), counting from 1
    in the vendor's order. `parent_keys` is a column name or a list of them; `fields` maps each
    output column to the element's key, e.g. {'tag_key': 'key', 'tag_value': 'value'}.
    Values come out as text whatever their JSON type (a number `4504208` as '4504208'),
    unlike unnest_reference_ids, which reads one string `id` per element.
-#}
{% macro unnest_json_fields(relation, parent_keys, array_column, fields) -%}
    {%- set keys = [parent_keys] if parent_keys is string else parent_keys -%}
    {{ return(adapter.dispatch('unnest_json_fields', 'reliability')(relation, keys, array_column, fields)) }}
{%- endmacro %}

{% macro default__unnest_json_fields(relation, parent_keys, array_column, fields) -%}
    select
        {%- for key in parent_keys %}
        parent.{{ key }},
        {%- endfor %}
        {%- for alias, key in fields.items() %}
        element.value ->> '{{ key }}' as {{ alias }},
        {%- endfor %}
        cast(element.element_position as integer) as element_position
    from {{ relation }} as parent
    cross join lateral unnest(parent.{{ array_column }}) with ordinality as element (value, element_position)
{%- endmacro %}

{% macro redshift__unnest_json_fields(relation, parent_keys, array_column, fields) -%}
    {#-
        JSON text -> SUPER, then PartiQL navigation; `at` gives the 0-based index. Each element
        is serialised back and read like json_text, so every scalar type comes out as text.
    -#}
    select
        {%- for key in parent_keys %}
        parsed.{{ key }},
        {%- endfor %}
        {%- for alias, key in fields.items() %}
        nullif(json_extract_path_text(json_serialize(element), '{{ key }}', true), '') as {{ alias }},
        {%- endfor %}
        cast(element_index + 1 as integer) as element_position
    from (
        select {{ parent_keys | join(', ') }}, json_parse({{ array_column }}) as elements
        from {{ relation }}
        where {{ array_column }} is not null
    ) as parsed, parsed.elements as element at element_index
{%- endmacro %}
