{#-
    Incremental models: the event tables that grow with history (PagerDuty log entries, Sentry
    issue events, Datadog monitor events and SLO history) are parsed once and then only what each
    load adds. See docs/architecture.md, "Incremental models".
-#}

{#-
    loaded_since_last_run(column): the incremental filter of a model whose rows carry their load
    time (`loaded_at`, from Singer's `_sdc_batched_at`). On an incremental run: only rows loaded
    since the newest row already in the model, less `incremental_lookback_minutes` (var, default
    10). One loader writes a table's batches one after the other, so a later batch is never
    visible before an earlier one; the margin covers a second loader writing the same table
    (a backfill beside the schedule) and costs only re-reading the last minutes of the last
    load. Rows read twice replace themselves (every incremental model has a unique key and the
    delete+insert strategy). On a
    full build (first run, `--full-refresh`): true. `--full-refresh` is checked first because
    is_incremental() asks the warehouse whether the model exists, which the offline Redshift
    compile (`compile --no-populate-cache --full-refresh`) cannot.
-#}
{#-
    With `built_key` (the model's key columns, each mapped to the SQL giving it from the row
    read, qualified by `relation`, the alias the filter reads): a row of the lookback window
    that the model already holds in this version (same key, same load time) is not read again.
    Without it, a build re-read the whole last load whenever that load had taken less than the
    lookback (an hourly Sentry sync takes a minute or two), and deleted and re-inserted every
    one of those rows unchanged: on the bench world a window of 212,791 events holding 1,767
    new ones, ~420 MB of WAL (bench/README.md, "`dbt.py`"). Same key and same load time is the same
    raw row version (the target upserts by key), so the row built from it is the same. The raw
    columns must be qualified: an unqualified name that the model also has would be read from
    the model's row.
-#}
{% macro loaded_since_last_run(column, built_key=none, relation=none) -%}
    {%- if not should_full_refresh() and is_incremental() -%}
        {%- set lookback = var('incremental_lookback_minutes', 10) | int -%}
        {%- set loaded = to_timestamp(relation ~ '.' ~ column if relation else column) -%}
        {{ loaded }} > (
            select
                coalesce(
                    {{ dbt.dateadd('minute', -lookback, 'max(loaded_at)') }},
                    cast('1900-01-01' as {{ dbt.type_timestamp() }})
                )
            from {{ this }}
        )
        {%- if built_key %}
        and not exists (
            select 1
            from {{ this }} as already_built
            where
                {%- for model_column, read in built_key.items() %}
                already_built.{{ model_column }} = {{ read }} and
                {%- endfor %}
                already_built.loaded_at = {{ loaded }}
        )
        {%- endif %}
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}


{#-
    incremental_events(unique_key): the configuration of an incremental event model (the key: a
    column, or a list of columns for a composite key). The
    delete+insert strategy works on Postgres and Redshift; the unique index (Postgres) makes the
    delete a lookup rather than a scan. A changed column list stops the build with dbt's
    "out of sync" error, which says to run once with --full-refresh: old rows must not silently
    lack a new column. (`analyze` after each build comes from dbt_project.yml.) `lookups`: more
    column lists to index, for the models that read this one by other columns than its key
    (Postgres creates a model's indexes when it builds the table: an existing table gains them
    at its next `--full-refresh`; until then the readers are correct, only slower).
-#}
{% macro incremental_events(unique_key, lookups=[]) -%}
    {%- set key_columns = [unique_key] if unique_key is string else unique_key -%}
    {%- set indexes = [{'columns': key_columns, 'unique': True}, {'columns': ['loaded_at']}] -%}
    {%- for columns in lookups -%}
        {%- do indexes.append({'columns': columns}) -%}
    {%- endfor -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=unique_key,
        on_schema_change='fail',
        indexes=indexes,
    ) }}
{%- endmacro %}
