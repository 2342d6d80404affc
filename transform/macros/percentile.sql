{#-
    percentile_cont(expression, fraction): the interpolated percentile of `expression`, as an
    aggregate (use with GROUP BY). Nulls are ignored.

    Redshift supports the same ordered-set syntax, but every sort-based aggregate
    (PERCENTILE_CONT, MEDIAN, LISTAGG) in one SELECT must share the same ORDER BY expression, so
    models compute the percentiles of different measures in separate CTEs. The input is cast to
    float because Redshift returns DECIMAL for integer inputs.
-#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'reliability')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by cast({{ expression }} as {{ dbt.type_float() }}))
{%- endmacro %}

{% macro redshift__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by cast({{ expression }} as {{ dbt.type_float() }}))
{%- endmacro %}


{#- mean(expression): the average as a float. Redshift's AVG of an integer truncates to an integer. -#}
{% macro mean(expression) -%}
    avg(cast({{ expression }} as {{ dbt.type_float() }}))
{%- endmacro %}


{#-
    round_seconds(expression): a duration measure rounded to 0.1 s, as a float.
    Percentile interpolation and means are computed in floating point (474.0000000000001);
    rounding makes results reproducible across warehouses and testable with exact fixtures.
-#}
{% macro round_seconds(expression) -%}
    cast(round(cast({{ expression }} as {{ dbt.type_numeric() }}), 1) as {{ dbt.type_float() }})
{%- endmacro %}


{#- round_float(expression, places): a ratio rounded to `places` decimals, as a float (same reason as round_seconds). -#}
{% macro round_float(expression, places) -%}
    cast(round(cast({{ expression }} as {{ dbt.type_numeric() }}), {{ places }}) as {{ dbt.type_float() }})
{%- endmacro %}
