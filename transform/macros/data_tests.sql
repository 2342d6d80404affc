{#-
    get_where_subquery(relation): dbt's own macro (the relation a data test reads, filtered by the
    test's `where` config), overridden as dbt's documentation of `where` suggests, for one
    placeholder: `__recent_loads__` in a `where` becomes `recent_loads()`. A test on a large
    incremental model can then check only what recent builds wrote when
    `data_tests_recent_days` is set (the scheduled builds of a large warehouse), and every row
    otherwise (CI, the test suite, the demo, a developer's build).
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
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
    days (var, default null: every row; a fraction is hours) before the start of the dbt
    invocation. A row with no load time (an SLO day the calendar filled) is kept: it is recent
    when its neighbours are.
-#}
{% macro recent_loads(column='loaded_at') -%}
    {%- set days = var('data_tests_recent_days', none) -%}
    {%- if days is none or days == '' -%}
        1 = 1
    {%- else -%}
        {%- set since = run_started_at.replace(tzinfo=none, microsecond=0)
            - modules.datetime.timedelta(days=days | float) -%}
        ({{ column }} is null or {{ column }} >= {{ timestamp_literal(since) }})
    {%- endif -%}
{%- endmacro %}
