{#-
    get_where_subquery(relation): dbt's own macro (the relation a data test reads, filtered by the
    test's `where` config), overridden as dbt's documentation of `where` suggests, for one
    placeholder: `__recent_loads__` in a `where` becomes `recent_loads()`. A test on a large
    incremental model can then check only what recent builds wrote when
    `data_tests_recent_days` is set (the scheduled builds of a large warehouse), and every row
    otherwise (CI, the test suite, the demo, a developer's build). Every data test of an
    incremental model with a documented `loaded_at` column takes it without saying so
    (tests_recent_loads_only()).
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if not where and tests_recent_loads_only() -%}
        {%- set where = '__recent_loads__' -%}
    {%- endif -%}
    {%- if where -%}
        {%- set where = where | replace('__recent_loads__', recent_loads()) -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) as dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{#-
    recent_loads(column='loaded_at'): the rows loaded in the last `data_tests_recent_days`
    days (var, default null: every row) before the start of the dbt invocation. A row with no
    load time (an SLO day the calendar filled) is kept: it is recent when its neighbours are.
-#}
{% macro recent_loads(column='loaded_at') -%}
    {%- set days = var('data_tests_recent_days', none) -%}
    {%- if days is none or days == '' -%}
        1 = 1
    {%- else -%}
        {%- set since = run_started_at.replace(tzinfo=none, microsecond=0)
            - modules.datetime.timedelta(days=days | int) -%}
        ({{ column }} is null or {{ column }} >= {{ timestamp_literal(since) }})
    {%- endif -%}
{%- endmacro %}


{#-
    tests_recent_loads_only(): whether the data test being run checks only recent loads without
    a `where` of its own: `data_tests_recent_days` is set and the model it is attached to is
    incremental and documents a `loaded_at` column (every incremental model: the event
    staging tables, Sentry issues and activity, pull requests, the SLO calendar and marts, the
    per-period aggregates). What such a build writes is the rows loaded since the last one, so
    those are the rows a scheduled build tests; the rows it did not touch were tested when they
    were written. A test of a table or view rebuilt whole checks every row.
-#}
{% macro tests_recent_loads_only() -%}
    {%- set days = var('data_tests_recent_days', none) -%}
    {%- if days is none or days == '' or not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set attached = model.get('attached_node') -%}
    {%- set node = graph.nodes.get(attached) if attached else none -%}
    {{ return(node is not none
        and node.config.materialized == 'incremental'
        and 'loaded_at' in node.columns) }}
{%- endmacro %}
