{#-
    epoch_to_timestamp(column, unit='second'): an epoch number (seconds or milliseconds since
    1970-01-01 UTC, as some Datadog APIs send times) as a UTC `timestamp`, like to_timestamp()
    gives for the date-times the targets land. Null stays null.
-#}
{% macro epoch_to_timestamp(column, unit='second') -%}
    {%- if unit not in ['second', 'millisecond'] -%}
        {{ exceptions.raise_compiler_error("epoch_to_timestamp: unit must be 'second' or 'millisecond', got " ~ unit) }}
    {%- endif -%}
    {{ return(adapter.dispatch('epoch_to_timestamp', 'reliability')(column, unit)) }}
{%- endmacro %}

{% macro default__epoch_to_timestamp(column, unit) -%}
    {#- to_timestamp() gives a timestamptz; read it back in UTC as a plain timestamp. -#}
    cast(to_timestamp(cast({{ column }} as {{ dbt.type_float() }}) {{- ' / 1000' if unit == 'millisecond' }}) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro redshift__epoch_to_timestamp(column, unit) -%}
    {#- Redshift's documented idiom; no to_timestamp(number). -#}
    (timestamp 'epoch' + cast({{ column }} as {{ dbt.type_bigint() }}) * interval '1 {{ unit }}')
{%- endmacro %}
