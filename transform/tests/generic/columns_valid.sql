{#-
    columns_valid (a model-level test): several column checks of one model in one query, one
    scan, one dbt node, instead of one node per column and check (docs/architecture.md, "Wider
    data tests"). Fails with one row per check and column that has failing rows, naming them:
    `check_name` (not_null, non_negative, accepted_values), `column_name` and `failing_rows`;
    dbt's failure count is the number of failing rows, summed.

    - not_null: [column, ...] - fails on a null.
    - non_negative: [column, ...] - fails on a value below 0 (nulls pass: "not reached yet").
    - accepted_values: {column: [value, ...], ...} - fails on a value not listed (nulls pass, as
      dbt's accepted_values); `{column: {values: [...], quote: false}}` for numbers and booleans.

    Primary keys keep dbt's own `unique` + `not_null`, relationships keep `relationships`: a
    failure there names the key. A check with another severity is a second `columns_valid`
    with `config: {severity: warn}`; a `where` config (e.g. `__recent_loads__`) applies to every
    check of the test.
-#}
{% test columns_valid(model, not_null=[], non_negative=[], accepted_values={}) %}
{{ config(fail_calc='coalesce(sum(failing_rows), 0)') }}
{%- set checks = [] -%}
{%- for column in not_null -%}
    {%- do checks.append(('not_null', column, column ~ ' is null')) -%}
{%- endfor -%}
{%- for column in non_negative -%}
    {%- do checks.append(('non_negative', column, column ~ ' < 0')) -%}
{%- endfor -%}
{%- for column, spec in accepted_values.items() -%}
    {%- set values = spec['values'] if spec is mapping else spec -%}
    {%- set quote = spec.get('quote', true) if spec is mapping else true -%}
    {%- set listed = [] -%}
    {%- for value in values -%}
        {%- do listed.append("'" ~ (value | string | replace("'", "''")) ~ "'" if quote else value | string) -%}
    {%- endfor -%}
    {%- do checks.append(('accepted_values', column, column ~ ' not in (' ~ listed | join(', ') ~ ')')) -%}
{%- endfor -%}
{%- if not checks -%}
    {{ exceptions.raise_compiler_error('columns_valid on ' ~ model ~ ': no check given') }}
{%- endif %}

with counted as (
    select
    {%- for check_name, column, failing in checks %}
        sum(case when {{ failing }} then 1 else 0 end) as failing_{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}
)

{% for check_name, column, failing in checks -%}
select '{{ check_name }}' as check_name, '{{ column }}' as column_name, failing_{{ loop.index }} as failing_rows
from counted
where failing_{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif %}
{%- endfor %}

{% endtest %}
