{#-
    Retention of raw data (docs/retention.md).

    A raw table is aged by its event time: the dbt `event_time` config of the source table
    (incident `created_at`, log-entry `created_at`, Sentry event `dateCreated`, ...). Tables
    without one (the inventory: services, users, teams, repositories, monitors) are never
    purged by age. How long a table is kept: var `raw_retention_days` (dbt_project.yml), by
    dataset (`pagerduty.incidents`), else by source (`pagerduty`), else `default`; null keeps
    forever. "Now" is var `retention_as_of` (ISO-8601, UTC), default the start of the dbt
    invocation: explicit so that a test (or a backfill) purges against its own clock.
-#}

{#- retention_as_of(): the as-of time of retention, a naive UTC datetime. -#}
{% macro retention_as_of() -%}
    {%- set value = var('retention_as_of', none) -%}
    {%- if value is none or value == '' -%}
        {{ return(run_started_at.replace(tzinfo=none, microsecond=0)) }}
    {%- endif -%}
    {%- set text = (value | string) | replace('Z', '+00:00') -%}
    {%- set parsed = none -%}
    {%- if modules.re.match('^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?([+-]\\d{2}:\\d{2})?$', text) -%}
        {%- set parsed = modules.datetime.datetime.fromisoformat(text) -%}
    {%- endif -%}
    {%- if parsed is none -%}
        {{ exceptions.raise_compiler_error(
            "retention_as_of must be an ISO-8601 date or time (e.g. 2026-06-01T00:00:00Z), not '"
            ~ value ~ "'") }}
    {%- endif -%}
    {%- if parsed.tzinfo is not none -%}
        {%- set parsed = parsed.astimezone(modules.pytz.utc).replace(tzinfo=none) -%}
    {%- endif -%}
    {{ return(parsed) }}
{%- endmacro %}


{#- raw_retention_days(source_name, table_name): days a raw table is kept (none: forever). -#}
{% macro raw_retention_days(source_name, table_name) -%}
    {%- set policy = var('raw_retention_days', {}) -%}
    {%- set dataset = source_name ~ '.' ~ table_name -%}
    {%- if dataset in policy -%}
        {%- set days = policy[dataset] -%}
    {%- elif source_name in policy -%}
        {%- set days = policy[source_name] -%}
    {%- else -%}
        {%- set days = policy.get('default', none) -%}
    {%- endif -%}
    {%- if days is none or days == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not modules.re.match('^\\d+$', days | string) -%}
        {{ exceptions.raise_compiler_error(
            "raw_retention_days: '" ~ dataset ~ "' has " ~ days ~ "; a whole number of days or null") }}
    {%- endif -%}
    {{ return(days | int) }}
{%- endmacro %}


{#- retention_cutoff(source_name, table_name): rows with an event time before it are purged (none: kept). -#}
{% macro retention_cutoff(source_name, table_name) -%}
    {%- set days = raw_retention_days(source_name, table_name) -%}
    {%- if days is none -%}{{ return(none) }}{%- endif -%}
    {{ return(retention_as_of() - modules.datetime.timedelta(days=days)) }}
{%- endmacro %}


{#- timestamp_literal(value): a naive UTC datetime as a SQL timestamp. -#}
{% macro timestamp_literal(value) -%}
    cast('{{ value.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#- event_sources(): the source tables that declare an event time (what retention ages). -#}
{% macro event_sources() -%}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.config.get('event_time') -%}
            {%- do found.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found | sort(attribute='unique_id')) }}
{%- endmacro %}


{#-
    upstream_event_sources(unique_id): the event sources a node reads, directly or through
    other models (the dbt graph walked upstream), as `source.table` names.
-#}
{% macro upstream_event_sources(unique_id) -%}
    {%- set found = [] -%}
    {%- for source in upstream_sources(unique_id) if source.config.get('event_time') -%}
        {%- do found.append(source.source_name ~ '.' ~ source.name) -%}
    {%- endfor -%}
    {{ return(found | unique | sort) }}
{%- endmacro %}


{#- upstream_sources(unique_id): every source node a node reads, directly or through other models. -#}
{% macro upstream_sources(unique_id) -%}
    {%- set state = namespace(frontier=[unique_id]) -%}
    {%- set seen = [] -%}
    {%- set sources = [] -%}
    {%- for _ in range(50) -%}
        {%- set next = [] -%}
        {%- for node_id in state.frontier -%}
            {%- set node = graph.nodes.get(node_id) -%}
            {%- for parent in (node.depends_on.nodes if node else []) -%}
                {%- if parent not in seen -%}
                    {%- do seen.append(parent) -%}
                    {%- if parent.startswith('source.') -%}
                        {%- do sources.append(graph.sources[parent]) -%}
                    {%- else -%}
                        {%- do next.append(parent) -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set state.frontier = next -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}


{#-
    keeps_history(period_column, period='month'): the configuration of an aggregate that must
    keep the periods whose raw rows retention has purged (docs/retention.md, "Marts keep
    history").

    Incremental, never rebuilt by `--full-refresh` (`full_refresh: false`: a full rebuild
    would recompute from raw data that no longer holds the old periods). Each build deletes
    and recomputes the periods that are still whole in the raw tables the model reads (and
    rows with no period); the periods before the newest purge's cutoff of any of those tables
    stay as they were last computed, when their rows were all there. Before any purge every
    period is recomputed, so such a model equals a full rebuild until retention starts.
    Call it at the top of the model and filter its final select with
    `where {{ history_recomputed(period_column, period) }}`.
-#}
{% macro keeps_history(period_column, period='month') -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        full_refresh=false,
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_recomputed_periods('" ~ period_column ~ "', '" ~ period ~ "') }}",
    ) }}
{%- endmacro %}


{#-
    history_horizon(period): the first period every raw table upstream of this model still
    holds whole: the period after the one holding the newest purge cutoff of those tables
    (found by walking the dbt graph up from the model), or 1900 before any purge.
    In a unit test (which has no graph and whose inputs are all given) it is 1900 unless the
    test overrides this macro (`overrides: macros: {history_horizon: ...}`).
-#}
{% macro history_horizon(period='month') -%}
    {%- set never = "cast('1900-01-01' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- if model.unique_id.startswith('unit_test.') -%}
        {{ return(never) }}
    {%- endif -%}
    {%- set purges = ref('retention_purges') -%}
    {%- set datasets = upstream_event_sources(model.unique_id) if execute else [] -%}
    {%- if not datasets -%}
        {{ return(never) }}
    {%- endif -%}
    {#- A build that selects one source's models (`--select source:pagerduty+`) does not
        build the log, which is upstream of them, not downstream; on a new warehouse it is
        not there yet. No log, no purge (purge_raw_data refuses to run without it): every
        period is whole. Looked up on Postgres only (the offline Redshift compile has no
        connection). -#}
    {%- if target.type == 'postgres'
        and adapter.get_relation(purges.database, purges.schema, purges.identifier) is none -%}
        {{ return(never) }}
    {%- endif -%}
    (
        select coalesce(
            {{ dbt.dateadd(period, 1, dbt.date_trunc(period, 'max(cutoff_at)')) }},
            {{ never }}
        )
        from {{ purges }}
        where dataset in ({% for dataset in datasets %}'{{ dataset }}'{{ ', ' if not loop.last }}{% endfor %})
    )
{%- endmacro %}


{#- history_recomputed(period_column, period): the periods a build (re)computes. -#}
{% macro history_recomputed(period_column, period='month') -%}
    ({{ period_column }} is null or {{ period_column }} >= {{ history_horizon(period) }})
{%- endmacro %}


{#- delete_recomputed_periods: the pre-hook of keeps_history() (the model's own transaction). -#}
{% macro delete_recomputed_periods(period_column, period) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ history_recomputed(period_column, period) }}
    {%- endif -%}
{%- endmacro %}
