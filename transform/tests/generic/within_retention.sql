{#-
    within_retention (on a source table's event-time column): fails on every row older than
    the table's retention (var `raw_retention_days`) plus `retention_grace_days` (default 3),
    as of var `retention_as_of` (docs/retention.md). Rows with no event time pass: retention
    cannot age them (and does not purge them).

    It runs where retention is checked, after the purge: with
    `--vars '{retention_enforced: true}'` (the `retention-check` step of the Meltano
    `transform` job), as an error. An ordinary `dbt build` leaves it out: between a load and
    the purge that follows the build, rows past retention are legitimately there (and the
    sandbox's worlds, which nobody purges, would warn on every build).
-#}
{% test within_retention(model, column_name) %}
{{ config(
    tags=['retention'],
    enabled=var('retention_enforced', false),
    severity='error',
) }}
{%- set state = namespace(source=none) -%}
{%- if execute -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.schema | lower == model.schema | lower
            and node.identifier | lower == model.identifier | lower -%}
            {%- set state.source = node -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set cutoff = retention_cutoff(state.source.source_name, state.source.name) if state.source else none -%}
{%- set column = column_name if column_name.startswith('"') else adapter.quote(column_name) -%}
{%- if cutoff is none %}

select {{ column }} as event_at from {{ model }} where 1 = 0

{%- else %}
{%- set grace = var('retention_grace_days', 3) | int %}

-- Older than {{ raw_retention_days(state.source.source_name, state.source.name) }} days
-- + {{ grace }} days of grace before {{ retention_as_of() }} (UTC).
select {{ column }} as event_at
from {{ model }}
where {{ column }} < {{ timestamp_literal(cutoff - modules.datetime.timedelta(days=grace)) }}

{%- endif %}
{% endtest %}
