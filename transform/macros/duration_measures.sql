{#-
    duration_measures(relation, group_by, measures, extra_aggregates=[]): per `group_by`, the
    mean, median and p90 (rounded to 0.1 s) of each duration column in `measures`, as CTEs to
    place in a model's WITH list; the last one, `duration_measures`, holds one row per group:
    the group columns, `extra_aggregates`, `incidents` (rows) and, per measure m,
    mean_<m>, median_<m>, p90_<m>. Nulls are ignored (a measure covers the rows that have it).
    Percentiles of each measure sit in their own CTE (Redshift: one ORDER BY per SELECT); group
    columns may be null, so the joins compare them null-safely.
-#}
{% macro duration_measures(relation, group_by, measures, extra_aggregates=[]) -%}
{%- set keys = group_by | join(', ') -%}
duration_counts as (

    select
        {{ keys }},
        {%- for aggregate in extra_aggregates %}
        {{ aggregate }},
        {%- endfor %}
        {%- for measure in measures %}
        {{ round_seconds(mean(measure)) }} as mean_{{ measure }},
        {%- endfor %}
        count(*) as incidents
    from {{ relation }}
    group by {{ keys }}

),
{%- for measure in measures %}

duration_{{ measure }} as (

    select
        {{ keys }},
        {{ round_seconds(percentile_cont(measure, 0.5)) }} as median_{{ measure }},
        {{ round_seconds(percentile_cont(measure, 0.9)) }} as p90_{{ measure }}
    from {{ relation }}
    where {{ measure }} is not null
    group by {{ keys }}

),
{%- endfor %}

duration_measures as (

    select
        duration_counts.*
        {%- for measure in measures %},
        duration_{{ measure }}.median_{{ measure }},
        duration_{{ measure }}.p90_{{ measure }}
        {%- endfor %}
    from duration_counts
    {%- for measure in measures %}
    left join duration_{{ measure }}
        on {% for key in group_by -%}
        {% if not loop.first %}and {% endif -%}
        coalesce(cast(duration_counts.{{ key }} as {{ dbt.type_string() }}), '')
            = coalesce(cast(duration_{{ measure }}.{{ key }} as {{ dbt.type_string() }}), '')
        {% endfor -%}
    {%- endfor %}

)
{%- endmacro %}
