{#-
    within_retention (on a source table's event-time column): fails on every row older than
    the table's retention (var `raw_retention_days`) plus `retention_grace_days` (default 3),
    as of var `retention_as_of` (docs/retention.md). Rows with no event time pass: retention
    cannot age them (and does not purge them).

    Severity: a warning in an ordinary `dbt build` (raw rows older than retention are there
    until the purge that follows the build), an error where retention is checked after the
    purge (`--vars '{retention_enforced: true}'`, the `retention-check` step of the Meltano
    `transform` job).
-#}
{% test within_retention(model, column_name) %}
{{ config(
    tags=['retention'],
    severity=('error' if var('retention_enforced', false) else 'warn'),
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
