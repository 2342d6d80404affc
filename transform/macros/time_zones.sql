{#-
    to_local_time(timestamp_utc, time_zone): a UTC timestamp (without zone, as the targets
    land them) as wall-clock time in an IANA time zone column, e.g. 'Europe/Berlin'.
-#}
{% macro to_local_time(timestamp_utc, time_zone) -%}
    {{ return(adapter.dispatch('to_local_time', 'reliability')(timestamp_utc, time_zone)) }}
{%- endmacro %}

{% macro default__to_local_time(timestamp_utc, time_zone) -%}
    (({{ timestamp_utc }} at time zone 'UTC') at time zone {{ time_zone }})
{%- endmacro %}

{% macro redshift__to_local_time(timestamp_utc, time_zone) -%}
    convert_timezone('UTC', {{ time_zone }}, {{ timestamp_utc }})
{%- endmacro %}


{#-
    hour_in(hour_expr, start, end): start <= hour < end for whole hours 0-23, across midnight
    when start > end (22, 7: 22:00-06:59). start and end are numbers known at compile time.
-#}
{% macro hour_in(hour_expr, start, end) -%}
    {%- if start <= end -%}
    ({{ hour_expr }} >= {{ start }} and {{ hour_expr }} < {{ end }})
    {%- else -%}
    ({{ hour_expr }} >= {{ start }} or {{ hour_expr }} < {{ end }})
    {%- endif -%}
{%- endmacro %}
