{#-
    The saved state of the scheduled build (scripts/scheduled_build.py) describes one warehouse:
    the sources' freshness and the manifest of its last successful build there. A state that
    outlived its warehouse (re-created, restored from a backup, another warehouse behind the same
    settings) would make the frequent build skip models that warehouse has never built, so each
    successful scheduled build records an id in the warehouse and the next one uses the saved
    state only when that id is still the last recorded one.
-#}

{% macro scheduled_builds_relation() -%}
    {{ return(api.Relation.create(
        database=target.database,
        schema=generate_schema_name('scheduling', none) | trim,
        identifier='scheduled_builds',
    )) }}
{%- endmacro %}


{#- record_scheduled_build(build_id): keep `build_id` as the last successful scheduled build. -#}
{% macro record_scheduled_build(build_id) -%}
    {%- set relation = scheduled_builds_relation() -%}
    {%- do adapter.create_schema(relation) -%}
    {%- call statement('record_scheduled_build') -%}
        create table if not exists {{ relation }} (
            build_id {{ dbt.type_string() }},
            recorded_at {{ dbt.type_timestamp() }}
        );
        delete from {{ relation }};
        insert into {{ relation }} (build_id, recorded_at)
        values ('{{ build_id }}', {{ dbt.current_timestamp() }});
    {%- endcall -%}
    {%- do adapter.commit() -%}
{%- endmacro %}


{#- check_scheduled_build(build_id): fail unless `build_id` is the last recorded build. -#}
{% macro check_scheduled_build(build_id) -%}
    {%- set relation = scheduled_builds_relation() -%}
    {%- set found = adapter.get_relation(relation.database, relation.schema, relation.identifier) -%}
    {%- if found is none -%}
        {{ exceptions.raise_compiler_error('no scheduled build recorded in this warehouse') }}
    {%- endif -%}
    {%- set rows = run_query("select build_id from " ~ relation) -%}
    {%- if rows | length != 1 or rows.columns[0].values()[0] != build_id -%}
        {{ exceptions.raise_compiler_error('the saved state is not of the last build here') }}
    {%- endif -%}
{%- endmacro %}
