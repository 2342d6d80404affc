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
