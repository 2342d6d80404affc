{#-
    Use a model's custom schema name exactly as configured (`staging`, `intermediate`,
    `reliability`) instead of dbt's default `<target_schema>_<custom>`: the report and BI tools
    read `reliability.*` whatever the target's default schema is. Models without a custom
    schema fall back to the target schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
