{#-
    latest_records(relation, key_columns): the current version of every record in a raw
    Singer table. Targets that append (and re-sent records, and Singer's at-least-once
    delivery) leave several rows per primary key: keep the one loaded last. A key whose latest
    version is marked deleted (`_sdc_deleted_at`, full-table streams with activate_version) is
    dropped entirely, which is why the filter comes after the ranking.
    `where` (optional) filters the raw rows before the ranking: an incremental model passes
    `loaded_since_last_run('_sdc_batched_at')`, which is sound because a row loaded after the
    watermark outranks every version loaded before it.
-#}
{% macro latest_records(relation, key_columns, where=none) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _sdc_batched_at desc nulls last, _sdc_extracted_at desc nulls last
            ) as _version_rank
        from {{ relation }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
    ) as ranked
    where _version_rank = 1
        and _sdc_deleted_at is null
{%- endmacro %}


{#- surrogate_key(columns): a stable hash of several columns (nulls made explicit). -#}
{% macro surrogate_key(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}


{#- to_timestamp(column): a raw timestamp as a UTC `timestamp` (the targets land UTC values without a zone). -#}
{% macro to_timestamp(column) -%}
    cast({{ column }} as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#- seconds_between(start, end): whole seconds from start to end (null if either is null). -#}
{% macro seconds_between(start_at, end_at) -%}
    cast({{ dbt.datediff(start_at, end_at, 'second') }} as {{ dbt.type_bigint() }})
{%- endmacro %}
