{#-
    purge_raw_data(dry_run=false): delete raw rows older than their retention
    (docs/retention.md).

        dbt run-operation purge_raw_data [--vars '{retention_as_of: 2026-06-01T00:00:00Z}']
        dbt run-operation purge_raw_data --args '{dry_run: true}'   # count, delete nothing

    For every source table with an `event_time` and a retention (macros/retention.sql): the
    rows whose event time is before `as_of - retention days` are deleted from the raw table
    and from the incremental models that copy its rows (an `event_time` config, not
    `full_refresh: false`: a table rebuilt from raw loses them at the next build anyway). Each
    deletion is logged in `retention_purges`; one transaction for the whole purge.

    It runs after a successful `dbt build` (the Meltano `transform` job's `purge` step: a job
    stops at its first failing step), so the marts that keep history have just recomputed
    every period still whole in raw. It refuses to run when `retention_purges` or one of
    those marts does not exist although every source it reads is loaded (never built: its
    history would be lost).
-#}
{% macro purge_raw_data(dry_run=false) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set as_of = retention_as_of() -%}
    {%- set purge_log = ref('retention_purges') -%}

    {#-
        Never before the history-keeping models exist (so have been built at least once).
        A model whose sources are not all loaded (a source this warehouse does not sync)
        cannot be built and keeps no history: it is not waited for.
    -#}
    {%- set missing = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.get('full_refresh') == false
            and adapter.get_relation(node.database, node.schema, node.alias) is none -%}
            {%- set state = namespace(buildable=true) -%}
            {%- for source in upstream_sources(node.unique_id) -%}
                {%- if adapter.get_relation(source.database, source.schema, source.identifier) is none -%}
                    {%- set state.buildable = false -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if state.buildable -%}
                {%- do missing.append(node.schema ~ '.' ~ node.alias) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "purge_raw_data: " ~ (missing | join(', '))
            ~ " not built yet; run `dbt build` first: a purge before the aggregates are built "
            ~ "would lose the history they keep") }}
    {%- endif -%}

    {#- The incremental models that copy rows of an event source, by dataset. -#}
    {%- set copies = {} -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model'
            and node.config.get('materialized') == 'incremental'
            and node.config.get('event_time')
            and node.config.get('full_refresh') != false -%}
            {%- for dataset in upstream_event_sources(node.unique_id) -%}
                {%- do copies.setdefault(dataset, []).append(node) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set state = namespace(total=0, statements=0) -%}
    {%- for source in event_sources() -%}
        {%- set dataset = source.source_name ~ '.' ~ source.name -%}
        {%- set days = raw_retention_days(source.source_name, source.name) -%}
        {%- set raw = adapter.get_relation(source.database, source.schema, source.identifier) -%}
        {%- if days is none -%}
            {%- do log('retention: ' ~ dataset ~ ' kept (no retention)', info=true) -%}
        {%- elif raw is none -%}
            {%- do log('retention: ' ~ dataset ~ ' not loaded yet (' ~ source.schema ~ '.' ~ source.identifier ~ ' does not exist)', info=true) -%}
        {%- else -%}
            {%- set cutoff = as_of - modules.datetime.timedelta(days=days) -%}
            {%- set targets = [(raw, source.config.event_time)] -%}
            {%- for node in copies.get(dataset, []) -%}
                {%- set copy = adapter.get_relation(node.database, node.schema, node.alias) -%}
                {%- if copy is not none -%}
                    {%- do targets.append((copy, node.config.event_time)) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- for relation, column in targets -%}
                {%- set state.statements = state.statements + 1 -%}
                {%- set name = 'retention_purge_' ~ state.statements -%}
                {%- set where -%}
                    {{ adapter.quote(column) }} < {{ timestamp_literal(cutoff) }}
                {%- endset -%}
                {%- call statement(name, fetch_result=dry_run) -%}
                    {%- if dry_run -%}
                        select count(*) from {{ relation }} where {{ where }}
                    {%- else -%}
                        delete from {{ relation }} where {{ where }}
                    {%- endif -%}
                {%- endcall -%}
                {%- set result = load_result(name) -%}
                {%- set rows = (result['data'][0][0] if dry_run else result['response'].rows_affected) | int -%}
                {%- set state.total = state.total + rows -%}
                {%- if not dry_run -%}
                    {%- call statement(name ~ '_log') -%}
                        insert into {{ purge_log }}
                            (dataset, relation_name, retention_days, as_of_at, cutoff_at, rows_deleted, purged_at)
                        values (
                            '{{ dataset }}', '{{ relation }}', {{ days }},
                            {{ timestamp_literal(as_of) }}, {{ timestamp_literal(cutoff) }}, {{ rows }},
                            {{ dbt.current_timestamp() }}
                        )
                    {%- endcall -%}
                {%- endif -%}
                {%- do log('retention: ' ~ dataset ~ ': ' ~ rows ~ ' rows of ' ~ relation ~ (' would be' if dry_run else '')
                    ~ ' deleted (event time before ' ~ cutoff ~ ', ' ~ days ~ ' days before ' ~ as_of ~ ')', info=true) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not dry_run -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
    {%- do log('retention: ' ~ state.total ~ ' rows ' ~ ('would be ' if dry_run else '') ~ 'deleted in all, as of ' ~ as_of ~ ' UTC', info=true) -%}
{% endmacro %}
