{#-
    generate_schema_name(custom_schema_name, node): where each model is built.

    Shared names (`staging`, `intermediate`, `reliability`, `retention`, exactly as configured)
    when the build is the shared one: the target named `prod`, or a target whose schema is the
    project's shared default (`analytics`: what the demo, the test suite, Meltano's
    environments and the README's prod commands use). The report, the notifier, the privacy
    and retention macros, the demo and the tests read those names.

    Isolated names (`<target schema>_<custom>`, dbt's default) whenever a developer or CI sets a
    target schema of its own (`DBT_POSTGRES_SCHEMA=dbt_alice` gives `dbt_alice_staging`,
    `dbt_alice_reliability`, …), so two people or two CI jobs sharing a warehouse never
    overwrite each other's models. Force either way with `--vars '{isolate_schemas: true}'`
    (or false). Models without a custom schema go to the target schema. docs/dbt-house.md.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set shared_default = target.name == 'prod' or target.schema | trim == 'analytics' -%}
    {%- set isolate = var('isolate_schemas', not shared_default) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- elif isolate -%}
        {{ target.schema | trim }}_{{ custom_schema_name | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
