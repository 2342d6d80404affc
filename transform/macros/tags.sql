{#-
    tag_value(column, 'key'): the value of the first `key:value` tag in a landed list of
    Datadog-style tags (`service:checkout-api` -> 'checkout-api'), null when no tag has that key
    (or its value is empty). target-postgres lands arrays of strings as `text[]`;
    pipelinewise-target-redshift lands them as JSON text (`["service:checkout-api", ...]`).
    Keys are matched exactly and case-sensitively; the list's order decides between duplicates.
-#}
{% macro tag_value(column, key) -%}
    {{ return(adapter.dispatch('tag_value', 'reliability')(column, key)) }}
{%- endmacro %}

{% macro default__tag_value(column, key) -%}
    {%- set prefix = key ~ ':' -%}
    (
        select nullif(substr(tags.tag, {{ prefix | length + 1 }}), '')
        from unnest({{ column }}) with ordinality as tags (tag, tag_position)
        where left(tags.tag, {{ prefix | length }}) = '{{ prefix }}'
        order by tags.tag_position
        limit 1
    )
{%- endmacro %}

{% macro redshift__tag_value(column, key) -%}
    {#-
        The JSON text is searched directly: the first `"key:` element, up to its closing quote
        (tags cannot hold a double quote). 'e' returns the sub-expression.
    -#}
    {%- set escaped = namespace(text=key) -%}
    {%- for char in ['\\', '.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}'] -%}
        {%- set escaped.text = escaped.text | replace(char, '\\' ~ char) -%}
    {%- endfor -%}
    nullif(regexp_substr({{ column }}, '"{{ escaped.text }}:([^"]*)"', 1, 1, 'e'), '')
{%- endmacro %}
